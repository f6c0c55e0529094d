//! Changing the passphrase, and with it the data key.
//!
//! Re-wrapping the same data key under a new passphrase would not help
//! after a leak: whoever kept the old key file (or any backup, which
//! carries one) and learnt the old passphrase would read everything
//! written later. So a change makes a new data key and seals every value
//! again under it: the database, copied afresh into `vault.new/`, and every
//! automatic backup, into `vault.new/backups/`. The new key file commits
//! it and the install moves it in (see `install`), removing the old files
//! rather than keeping them aside: a crash at any point leaves the old
//! passphrase working or the new one, never both, never neither, nothing
//! lost.
//!
//! What keeps its value: the index key (sealed in `meta`, schema 2), so
//! record keys, release members and imported ids stay what they were.
//! What the change cannot reach: copies made before it elsewhere (a manual
//! backup file, an exported `records` file) open with the old passphrase
//! and hold what was in the vault then.

use super::database::{Database, META_GENERATION, META_REWRITE_PENDING};
use super::install::{self, Staging};
use super::layout::{automatic_backups, BACKUPS_DIR, DB_DIR};
use super::{backup, sealing, Vault};
use crate::crypto::{KdfParams, Secret};
use crate::error::{BackupDamage, Error, IoOp};
use crate::{durable, keyfile};
use std::sync::atomic::Ordering;
use veerkracht_core::audit::Action;

impl Vault {
    /// Changes the passphrase and the data key (see the module's doc).
    /// Audited, in the same step. When it returns `Ok` the new passphrase
    /// is the only one that opens the vault and its automatic backups.
    pub fn change_passphrase(
        &mut self,
        new_passphrase: &str,
        params: KdfParams,
    ) -> Result<(), Error> {
        veerkracht_core::passphrase::check_new(new_passphrase)?;
        self.db()?;
        let new_key = Secret::random();
        // The slow, fallible key derivation before anything is written.
        let key_file = keyfile::wrap(new_passphrase, &new_key, &params)?;
        let generation = self.generation.load(Ordering::SeqCst) + 1;
        let audit_key = self.reserve_audit_keys(1).next().expect("one key");
        let staging = Staging::begin(self.dir())?;
        // The database is closed and opened again below, whatever happens.
        self.changed();
        let staged = self.stage_resealed(&staging, &new_key, &key_file, generation, audit_key);
        if let Err(e) = staged {
            staging.abandon();
            return Err(e);
        }
        // Let go of the database before its files are replaced.
        if let Err(e) = self.db.take().map_or(Ok(()), Database::close) {
            staging.abandon();
            self.db = Database::open(&self.dir.join(DB_DIR)).ok();
            return Err(e);
        }
        if let Err(e) = staging.commit(&key_file) {
            if !install::is_committed(self.dir()) {
                // The old vault is what the folder holds (a leftover
                // `vault.new/` without its key file is removed at open).
                Staging::abandon_in(self.dir());
                self.db = Database::open(&self.dir.join(DB_DIR)).ok();
                return Err(e);
            }
            // The key file arrived although its write reported a failure
            // (its folder's sync): the next open would install the change,
            // so it is done now, as if the commit had succeeded.
        }
        // Committed: the new passphrase is the one from here on, whatever
        // follows. Should moving in or reopening fail, the next open
        // finishes it and until then every call says to reopen.
        self.data_key = new_key;
        self.generation.store(generation, Ordering::SeqCst);
        self.db = install::finish_install(self.dir())
            .and_then(|()| Database::open(&self.dir.join(DB_DIR)))
            .ok();
        Ok(())
    }

    /// Fills `staging` with this vault sealed under `to`: the database
    /// (with the change's audit entry at `audit_key` and generation
    /// `generation`) and the automatic backups (with `key_file`, which
    /// wraps `to`).
    fn stage_resealed(
        &self,
        staging: &Staging,
        to: &Secret,
        key_file: &[u8],
        generation: u64,
        audit_key: [u8; 8],
    ) -> Result<(), Error> {
        staging.discard_old_files()?;
        let from = self.data_key();
        let db = self.db()?;
        let fresh = Database::open(&staging.db_path())?;
        // A fresh copy leaves no removed bytes behind; the generation is
        // the change's own (below).
        super::rewrite::copy_trees(
            db,
            &fresh,
            IoOp::StageVault,
            |is_meta, k| is_meta && (k == META_REWRITE_PENDING || k == META_GENERATION),
            |tree, k, v| sealing::reseal(tree, k, &v, from, to).into(),
        )?;
        fresh
            .meta()
            .insert(META_GENERATION, &generation.to_be_bytes())
            .and_then(|_| {
                fresh.audit().insert(
                    audit_key,
                    super::audit::seal_entry(to, audit_key, Action::PassphraseChanged, 1, ""),
                )
            })
            .map_err(Error::sled(IoOp::StageVault))?;
        fresh.make_all_durable()?;
        fresh.close()?;
        self.stage_backups(staging, to, key_file)?;
        staging.write_generation(generation)
    }

    /// Every automatic backup sealed again under `to`, into the staging's
    /// `backups/`. Whatever else is there is copied as it is: a file that is
    /// not a backup of this vault, or one that does not open with its data
    /// key (another vault's, or damaged: nothing in it opens with the old
    /// key either). Only a backup that opens but does not decode (nothing
    /// can restore it, and the old key reads it) and the temporaries of
    /// interrupted backups are left to be removed with the old files.
    fn stage_backups(&self, staging: &Staging, to: &Secret, key_file: &[u8]) -> Result<(), Error> {
        let folder = self.dir().join(BACKUPS_DIR);
        if !folder.is_dir() {
            return Ok(());
        }
        let into = staging.backups_path()?;
        let backups = automatic_backups(self.dir());
        for entry in std::fs::read_dir(&folder)
            .map_err(Error::io(IoOp::ReadBackup))?
            .flatten()
        {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().to_string();
            if name.starts_with(".auto-") && name.ends_with(".tmp") {
                continue;
            }
            if path.is_dir() {
                durable::copy_dir(&path, &into.join(&name), IoOp::StageVault)?;
                continue;
            }
            let bytes = std::fs::read(&path).map_err(Error::io(IoOp::ReadBackup))?;
            let out = if backups.contains(&path) {
                match backup::resealed_backup(
                    &bytes,
                    key_file,
                    self.data_key(),
                    to,
                    self.index_key(),
                ) {
                    Ok(b) => b,
                    Err(e @ Error::Io { .. }) => return Err(e),
                    Err(Error::DamagedBackup {
                        cause: BackupDamage::Undecodable,
                        ..
                    }) => continue,
                    Err(_) => bytes,
                }
            } else {
                bytes
            };
            durable::write_atomically(&into, &name, &out, IoOp::WriteBackup)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto;
    use chrono::NaiveDate;
    use veerkracht_core::demo::{self, DemoSpec};
    use veerkracht_core::follow::Draft;
    use veerkracht_core::Codebook;
    use veerkracht_signals::disclosure::{Release, Status};

    /// Every value in every tree, with one of each kind the vault writes:
    /// after a change, each sealed one opens under the new key and none
    /// under the old; the plain ones are the few the table names.
    #[test]
    fn a_change_reseals_every_value_of_every_tree() {
        let tmp = tempfile::tempdir().unwrap();
        let mut vault = Vault::create(
            tmp.path(),
            "paars konijn fietst langs de vaart",
            KdfParams::insecure_for_tests(),
        )
        .unwrap();
        let all = demo::generate(
            Codebook::embedded(),
            &DemoSpec {
                families: 4,
                encounters: 12,
                seed: 1,
                until: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
                days: 90,
            },
        );
        for e in &all {
            vault.save(e).unwrap();
        }
        vault.source_id().unwrap();
        vault
            .keep_draft(&Draft {
                encounter: all[0].clone(),
                dated: true,
                is_new: false,
            })
            .unwrap();
        vault
            .set_follow_up(&all[1].family, NaiveDate::from_ymd_opt(2026, 12, 24))
            .unwrap();
        let release = Release {
            period: "2026-Q3".parse().unwrap(),
            cells: [("s|total|all|".to_string(), (Status::Published, 4, 12))]
                .into_iter()
                .collect(),
            format: 2,
            created: "2026-10-01T10:00:00Z".into(),
            members: vec![vault.member(&all[0])],
        };
        vault
            .record_release(&uuid::Uuid::new_v4(), &release)
            .unwrap();
        let old = Secret::from_bytes(vault.data_key().as_bytes()).unwrap();

        vault
            .change_passphrase(
                "groene reiger staat in de Zenne",
                KdfParams::insecure_for_tests(),
            )
            .unwrap();
        let new = vault.data_key();
        let db = vault.db().unwrap();
        let mut sealed = 0;
        let mut plain = Vec::new();
        let mut trees = Vec::new();
        for name in db.sled().tree_names() {
            trees.push(String::from_utf8_lossy(&name).to_string());
            for item in db.sled().open_tree(&name).unwrap().iter() {
                let (k, v) = item.unwrap();
                match sealing::binding(&name, &k) {
                    Some(aad) => {
                        assert!(crypto::open(new, &v, &aad).is_some(), "{k:?} in {name:?}");
                        assert!(crypto::open(&old, &v, &aad).is_none(), "{k:?} in {name:?}");
                        sealed += 1;
                    }
                    None => plain.push(String::from_utf8_lossy(&k).to_string()),
                }
            }
        }
        trees.sort();
        assert_eq!(
            trees,
            [
                "__sled__default",
                "audit",
                "drafts",
                "encounters",
                "follow_ups",
                "index",
                "ledger",
                "meta"
            ]
        );
        plain.sort();
        assert_eq!(
            plain,
            [
                "generation",
                "index_envelope",
                "index_plan",
                "schema_version"
            ]
        );
        assert!(sealed > all.len() * 2, "{sealed}");
        assert_eq!(vault.releases().unwrap(), vec![release]);
        assert!(vault.draft().unwrap().is_some());
        assert_eq!(vault.follow_ups().unwrap().len(), 1);
    }
}
