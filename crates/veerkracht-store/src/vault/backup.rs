//! Backups: one encrypted file holding the key file and every tree (values
//! still sealed); automatic backups in the vault's `backups/`; restoring a
//! backup into a new folder; and, when a vault cannot be opened, restoring
//! its latest automatic backup in its place.
//!
//! File format, version 1: `VKBACKUP` ‖ version (u32 BE) ‖ key-file length
//! (u32 BE) ‖ key file ‖ sealed postcard `BackupV1` (AAD: a fixed label ‖
//! the key file). Only the passphrase opens it.

use super::database::{
    Database, META_BACKUPS_STALE, META_GENERATION, META_INDEX_KEY, META_SCHEMA, TREE_AUDIT,
    TREE_ENCOUNTERS, TREE_META,
};
use super::index::{META_INDEX_PLAN, TREE_INDEX};
use super::install::{self, Staging};
use super::layout::{self, automatic_backups, VaultLock, BACKUPS_DIR};
use super::sealing;
use super::{Vault, SCHEMA_VERSION};
use crate::crypto::{self, Secret};
use crate::error::{BackupDamage, Error, IoOp};
use crate::{durable, keyfile, record};
use std::path::{Path, PathBuf};
use veerkracht_core::audit::Action;

const BACKUP_MAGIC: &[u8; 8] = b"VKBACKUP";
const BACKUP_AAD: &[u8] = b"veerkracht/backup/v1";

/// A backup file, opened and checked in memory.
struct BackupFile {
    key_file: Vec<u8>,
    data_key: Secret,
    contents: record::BackupV1,
}

/// A backup file's key file and sealed contents, its header checked.
fn split(bytes: &[u8]) -> Result<(&[u8], &[u8]), Error> {
    if bytes.len() < 16 || &bytes[..8] != BACKUP_MAGIC {
        return Err(Error::backup(BackupDamage::NotABackup));
    }
    let version = u32::from_be_bytes(bytes[8..12].try_into().expect("4 bytes"));
    if version != 1 {
        return Err(Error::SchemaTooNew {
            found: version,
            supported: 1,
        });
    }
    let klen = u32::from_be_bytes(bytes[12..16].try_into().expect("4 bytes")) as usize;
    if bytes.len() < 16 + klen {
        return Err(Error::backup(BackupDamage::CutShort));
    }
    Ok((&bytes[16..16 + klen], &bytes[16 + klen..]))
}

/// A backup file's bytes: header, key file, sealed contents.
fn assemble(key_file: &[u8], sealed: &[u8]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(16 + key_file.len() + sealed.len());
    bytes.extend_from_slice(BACKUP_MAGIC);
    bytes.extend_from_slice(&1u32.to_be_bytes());
    bytes.extend_from_slice(&(key_file.len() as u32).to_be_bytes());
    bytes.extend_from_slice(key_file);
    bytes.extend_from_slice(sealed);
    bytes
}

/// An automatic backup of a vault whose data key changes from `from` to
/// `to` (a passphrase change): every value in it sealed again under `to`,
/// the whole sealed under `to` with the new key file in its header. Its
/// contents are otherwise those it had, so it restores the vault as it was
/// then, with the new passphrase. A backup of schema 1, whose index key
/// was derived from `from`, gets `index_key` (the same value, which the
/// vault keeps) sealed in its `meta`.
pub(crate) fn resealed_backup(
    bytes: &[u8],
    key_file: &[u8],
    from: &Secret,
    to: &Secret,
    index_key: &Secret,
) -> Result<Vec<u8>, Error> {
    let (old_key_file, sealed) = split(bytes)?;
    let payload = crypto::open(from, sealed, &[BACKUP_AAD, old_key_file].concat())
        .ok_or(Error::backup(BackupDamage::ContentsAltered))?;
    let mut contents = decode(&payload)?;
    for (name, entries) in contents.trees.iter_mut() {
        for (k, v) in entries.iter_mut() {
            *v = sealing::reseal(name.as_bytes(), k, v, from, to);
        }
    }
    if contents.schema < 2 {
        let meta = match contents.trees.iter_mut().find(|(n, _)| n == TREE_META) {
            Some((_, entries)) => entries,
            None => {
                contents.trees.push((TREE_META.to_string(), Vec::new()));
                &mut contents.trees.last_mut().expect("just pushed").1
            }
        };
        meta.retain(|(k, _)| k != META_INDEX_KEY && k != META_SCHEMA);
        meta.push((
            META_INDEX_KEY.to_vec(),
            super::seal_index_key(to, index_key),
        ));
        meta.push((META_SCHEMA.to_vec(), 2u32.to_be_bytes().to_vec()));
        contents.schema = 2;
    }
    let aad = [BACKUP_AAD, key_file].concat();
    Ok(assemble(
        key_file,
        &crypto::seal(to, &record::encode_backup(&contents), &aad),
    ))
}

fn decode(payload: &[u8]) -> Result<record::BackupV1, Error> {
    record::decode_backup(payload).map_err(|e| Error::DamagedBackup {
        cause: BackupDamage::Undecodable,
        detail: Some(e.to_string()),
    })
}

impl BackupFile {
    /// Reads and opens `path` with `passphrase`, touching nothing else.
    fn read(path: &Path, passphrase: &str) -> Result<BackupFile, Error> {
        let bytes = std::fs::read(path).map_err(Error::io(IoOp::ReadBackup))?;
        let (key_file, sealed) = split(&bytes)?;
        let key_file = key_file.to_vec();
        let data_key = keyfile::unlock_bytes(&key_file, passphrase).map_err(|e| match e {
            Error::DamagedKeyFile { detail, .. } => Error::DamagedBackup {
                cause: BackupDamage::KeyFileDamaged,
                detail,
            },
            other => other,
        })?;
        let aad = [BACKUP_AAD, &key_file[..]].concat();
        let payload = crypto::open(&data_key, sealed, &aad)
            .ok_or(Error::backup(BackupDamage::ContentsAltered))?;
        let contents = decode(&payload)?;
        if contents.schema > SCHEMA_VERSION {
            return Err(Error::SchemaTooNew {
                found: contents.schema,
                supported: SCHEMA_VERSION,
            });
        }
        Ok(BackupFile {
            key_file,
            data_key,
            contents,
        })
    }

    /// Builds this backup as a whole vault in `vault.new/` of `dir` (whose
    /// lock the caller holds), with a `Restore` audit entry, and commits it
    /// (see `install`). Nothing in `dir` itself changes.
    fn stage(&self, dir: &Path, detail: &str) -> Result<(), Error> {
        let staging = Staging::begin(dir)?;
        let generation = {
            let db = Database::open(&staging.db_path())?;
            let write = || Error::sled(IoOp::StageVault);
            for (name, entries) in &self.contents.trees {
                let tree = db.sled().open_tree(name.as_bytes()).map_err(write())?;
                let mut batch = sled::Batch::default();
                for (k, v) in entries {
                    batch.insert(k.as_slice(), v.as_slice());
                }
                tree.apply_batch(batch).map_err(write())?;
            }
            // The restore is in the log it restores, after every entry there.
            let next = match db.audit().last().map_err(write())? {
                Some((k, _)) => k
                    .as_ref()
                    .try_into()
                    .map(u64::from_be_bytes)
                    .map_or(0, |k| k.saturating_add(1)),
                None => 0,
            };
            let key = next.to_be_bytes();
            db.sled()
                .open_tree(TREE_AUDIT)
                .and_then(|t| {
                    t.insert(
                        key,
                        super::audit::seal_entry(&self.data_key, key, Action::Restore, 1, detail),
                    )
                })
                .map_err(write())?;
            let generation = db
                .meta()
                .get(META_GENERATION)
                .map_err(write())?
                .and_then(|v| v.as_ref().try_into().ok().map(u64::from_be_bytes))
                .unwrap_or(0);
            db.make_all_durable()?;
            db.close()?;
            generation
        };
        staging.write_generation(generation)?;
        staging.commit(&self.key_file)
    }
}

/// Restores a backup file into `dir` (new, or holding nothing but
/// preferences) and opens it. The passphrase is the one the vault had when
/// the backup was made. The backup is checked whole before anything is
/// written, and the vault appears whole or not at all.
pub fn restore(backup: &Path, dir: &Path, passphrase: &str) -> Result<Vault, Error> {
    let file = BackupFile::read(backup, passphrase)?;
    layout::check_room_for_new_vault(dir)?;
    layout::make_folder(dir)?;
    let lock = VaultLock::take(dir)?;
    install::recover(dir)?;
    layout::check_room_for_new_vault(dir)?;
    file.stage(dir, "")?;
    install::finish_install(dir)?;
    Vault::open_unlocked(dir, lock, file.data_key)
}

/// When the vault in `dir` cannot be opened: restores its newest automatic
/// backup in its place and opens it. The passphrase is checked on the
/// backup first, in memory: a wrong one changes nothing. (A damaged newest
/// backup gives way to the one before it.) Then the backup is built beside
/// the vault and moved in: whatever vault files are there move into
/// `damaged-<time>/`, never deleted. A crash at any point leaves the
/// folder as it was, or the restored vault (the next open finishes moving
/// it in), with the damaged files kept. Audited as a `Restore` with detail
/// `automatic`.
pub fn restore_latest_backup(dir: &Path, passphrase: &str) -> Result<Vault, Error> {
    if !dir.is_dir() {
        return Err(Error::NoVault {
            path: dir.to_path_buf(),
        });
    }
    let lock = VaultLock::take(dir)?;
    layout::make_private(dir)?;
    // First what a crash interrupted (a passphrase change moving its
    // re-sealed backups in): the backups to choose from are the ones the
    // folder holds once it is finished.
    install::recover(dir)?;
    let backups = automatic_backups(dir);
    if backups.is_empty() {
        return Err(Error::NoAutomaticBackup {
            path: dir.join(BACKUPS_DIR),
        });
    }
    let mut first_error = None;
    let mut file = None;
    for candidate in backups.iter().rev() {
        match BackupFile::read(candidate, passphrase) {
            Ok(f) => {
                file = Some(f);
                break;
            }
            Err(e @ (Error::DamagedBackup { .. } | Error::Io { .. })) => {
                first_error.get_or_insert(e);
            }
            Err(e) => return Err(e),
        }
    }
    let Some(file) = file else {
        return Err(first_error.expect("at least one backup was tried"));
    };
    file.stage(dir, "automatic")?;
    install::finish_install(dir)?;
    Vault::open_unlocked(dir, lock, file.data_key)
}

impl Vault {
    /// Writes an encrypted backup of the whole vault to `path` (one file,
    /// replaced atomically): the key file as it is, and every tree sealed
    /// again under the data key. Only the passphrase opens it. Audited.
    /// Returns its size.
    pub fn backup(&self, path: &Path) -> Result<u64, Error> {
        self.audit(Action::Backup, 1, "")?;
        let db = self.db()?;
        let key_file = std::fs::read(self.dir().join(layout::KEY_FILE))
            .map_err(Error::io(IoOp::ReadKeyFile))?;
        let mut trees = Vec::new();
        for name in db.sled().tree_names() {
            let name_text = String::from_utf8_lossy(&name).to_string();
            if name_text == "__sled__default" {
                continue;
            }
            let tree = db
                .sled()
                .open_tree(&name)
                .map_err(Error::sled(IoOp::ReadDatabase))?;
            let is_meta = name_text == TREE_META;
            let mut entries = Vec::new();
            for item in tree.iter() {
                let (k, v) = item.map_err(Error::sled(IoOp::ReadDatabase))?;
                if is_meta && k == META_BACKUPS_STALE {
                    continue; // a restored vault has no stale backups to replace
                }
                entries.push((k.to_vec(), v.to_vec()));
            }
            trees.push((name_text, entries));
        }
        let payload = record::encode_backup(&record::BackupV1 {
            schema: SCHEMA_VERSION,
            created: chrono::Utc::now().timestamp(),
            trees,
        });
        let aad = [BACKUP_AAD, &key_file[..]].concat();
        let sealed = crypto::seal(self.data_key(), &payload, &aad);
        let bytes = assemble(&key_file, &sealed);
        let parent = durable::parent_of(path);
        durable::create_dir_all(parent, IoOp::CreateBackupFolder)?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| "backup".into());
        durable::write_atomically(parent, &name, &bytes, IoOp::WriteBackup)?;
        Ok(bytes.len() as u64)
    }

    /// Writes an automatic backup into the vault's `backups/` folder and
    /// keeps only the newest `keep`. Returns the new file.
    pub fn backup_rotating(&self, keep: usize) -> Result<PathBuf, Error> {
        let path = self.new_automatic_backup()?;
        let mut all = automatic_backups(self.dir());
        while all.len() > keep.max(1) {
            let oldest = all.remove(0);
            std::fs::remove_file(&oldest).map_err(Error::io(IoOp::RemoveOldBackup))?;
        }
        Ok(path)
    }

    fn new_automatic_backup(&self) -> Result<PathBuf, Error> {
        // (Within the same millisecond the newer backup replaces the older.)
        let path = self.dir().join(BACKUPS_DIR).join(format!(
            "auto-{}.vkbackup",
            chrono::Utc::now().format("%Y%m%d-%H%M%S%.3f")
        ));
        self.backup(&path)?;
        Ok(path)
    }

    /// After a purge: every automatic backup loses its encounters dated
    /// before `cutoff` too (opened with the vault's data key, the purged
    /// records taken out, sealed again under the same key file and written
    /// atomically in its place), so no restore point brings them back and
    /// every restore point stays. A backup that cannot be opened with the
    /// data key (damaged) cannot be purged and is removed; so are leftovers
    /// of interrupted backups. Then the "backups stale" mark goes; should
    /// anything fail, it stays and the next open tries again.
    pub(crate) fn purge_automatic_backups(&self, cutoff: chrono::NaiveDate) -> Result<(), Error> {
        let folder = self.dir().join(BACKUPS_DIR);
        for path in automatic_backups(self.dir()) {
            match self.purged_backup(&path, cutoff) {
                Ok(Some(bytes)) => {
                    let name = path.file_name().unwrap_or_default().to_string_lossy();
                    durable::write_atomically(&folder, &name, &bytes, IoOp::WriteBackup)?;
                }
                Ok(None) => {}
                // Not read (a file system error): try again at the next open.
                Err(e @ Error::Io { .. }) => return Err(e),
                Err(_) => std::fs::remove_file(&path).map_err(Error::io(IoOp::RemoveOldBackup))?,
            }
        }
        if let Ok(entries) = std::fs::read_dir(&folder) {
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().to_string();
                if name.starts_with(".auto-") && name.ends_with(".vkbackup.tmp") {
                    std::fs::remove_file(entry.path()).map_err(Error::io(IoOp::RemoveOldBackup))?;
                }
            }
            durable::sync_dir(&folder)?;
        }
        let db = self.db()?;
        db.meta()
            .remove(META_BACKUPS_STALE)
            .map_err(Error::sled(IoOp::WriteDatabase))?;
        self.make_durable()
    }

    /// The backup at `path` without its encounters dated before `cutoff`,
    /// or `None` when it holds none. Its records stay sealed as they were;
    /// a record that cannot be read is kept (its date is unknown).
    fn purged_backup(
        &self,
        path: &Path,
        cutoff: chrono::NaiveDate,
    ) -> Result<Option<Vec<u8>>, Error> {
        let bytes = std::fs::read(path).map_err(Error::io(IoOp::ReadBackup))?;
        let (key_file, sealed) = split(&bytes)?;
        let aad = [BACKUP_AAD, key_file].concat();
        let payload = crypto::open(self.data_key(), sealed, &aad)
            .ok_or(Error::backup(BackupDamage::ContentsAltered))?;
        let mut contents = decode(&payload)?;
        let mut removed = 0;
        for (name, entries) in contents.trees.iter_mut() {
            if name != TREE_ENCOUNTERS {
                continue;
            }
            let before = entries.len();
            entries.retain(|(k, v)| self.open_encounter(k, v).map_or(true, |e| e.date >= cutoff));
            removed += before - entries.len();
        }
        if removed == 0 {
            return Ok(None);
        }
        // The index still names the purged encounters (family, date,
        // codes): it goes, and a restore of this backup rebuilds it.
        contents.trees.retain(|(name, _)| name != TREE_INDEX);
        for (name, entries) in contents.trees.iter_mut() {
            if name == TREE_META {
                entries.retain(|(k, _)| k != META_INDEX_PLAN);
            }
        }
        let header = bytes.len() - sealed.len();
        let sealed = crypto::seal(self.data_key(), &record::encode_backup(&contents), &aad);
        let mut out = Vec::with_capacity(header + sealed.len());
        out.extend_from_slice(&bytes[..header]);
        out.extend_from_slice(&sealed);
        Ok(Some(out))
    }
}
