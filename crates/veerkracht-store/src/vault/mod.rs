//! The vault: a folder holding the key file and a sled database whose every
//! value is sealed with the data key. This file has the [`Vault`] itself:
//! create, open, close, the keys, and the durable point every change ends
//! with. What a vault does lives beside it, one file per subject:
//!
//! - `encounters`: save (with its audit entries), get, delete, load;
//! - `import`: many encounters at once, all or nothing;
//! - `ledger`: what signal packages released;
//! - `audit`: the audit log;
//! - `backup`: backup files, automatic backups, restore, restore of the
//!   latest automatic backup;
//! - `purge`: the retention purge;
//! - `passphrase`: changing it.
//!
//! Below the vault, knowing nothing of it: `layout` (the folder's names
//! and lock), `database` (sled, opened and closed safely), `rewrite`
//! (copying the database afresh), `install` (putting a whole vault in
//! place; finishing what a crash interrupted).
//!
//! Nothing in these files is readable without the passphrase: values are
//! sealed and keys are keyed hashes, so not even record ids or dates show.
//!
//! Dependencies run one way: the subject files use this one; this one uses
//! only the four below it.

pub(crate) mod audit;
pub(crate) mod backup;
mod columns;
pub(crate) mod database;
pub(crate) mod encounters;
pub(crate) mod import;
pub(crate) mod index;
pub(crate) mod install;
pub(crate) mod layout;
pub(crate) mod ledger;
pub(crate) mod parallel;
pub(crate) mod passphrase;
pub(crate) mod planner;
pub(crate) mod purge;
pub(crate) mod rewrite;
pub(crate) mod sealing;
pub(crate) mod upkeep;

/// Seeded demo encounters for the unit tests: `n` of them, about
/// `per_family` per family, over the `days` before 2026-11-20.
#[cfg(test)]
pub(crate) fn demo_encounters(
    n: usize,
    per_family: usize,
    seed: u64,
    days: i64,
) -> Vec<veerkracht_core::Encounter> {
    veerkracht_core::demo::generate(
        veerkracht_core::Codebook::embedded(),
        &veerkracht_core::demo::DemoSpec {
            families: n / per_family + 1,
            encounters: n,
            seed,
            until: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
            days,
        },
    )
}

use crate::crypto::{self, KdfParams, Secret};
use crate::error::{DbDamage, Error, IoOp};
use crate::{durable, keyfile};
use database::{
    Database, META_GENERATION, META_INDEX_KEY, META_KEY_CHECK, META_REWRITE_PENDING, META_SCHEMA,
    SEGMENT_BYTES, TREE_META,
};
use layout::{VaultLock, DB_DIR, GENERATION_FILE, KEY_FILE};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use uuid::Uuid;

/// The storage schema this build writes and reads. Version 2 keeps the
/// index key sealed in `meta` instead of deriving it from the data key, so
/// that a passphrase change can replace the data key (see `passphrase`).
/// Version 3 keys the release ledger by a keyed hash of the package id.
/// Version 4 remembers a release's encounters by what is counted of them
/// (see `ledger::upgrade_release_members`).
pub const SCHEMA_VERSION: u32 = 4;

const KEY_CHECK_PLAINTEXT: &[u8] = b"veerkracht key check v1";

/// An open, unlocked vault. Dropping it closes the database, releases the
/// lock and wipes the key; [`Vault::close`] does the same and says whether
/// the database closed cleanly.
pub struct Vault {
    dir: PathBuf,
    /// `None` when a rewrite could not reopen the database: every call then
    /// fails with [`Error::NeedsReopen`] instead of writing elsewhere.
    db: Option<Database>,
    data_key: Secret,
    index_key: Secret,
    /// The last durable generation (see `make_durable`).
    generation: AtomicU64,
    /// Moves with every change of what the vault holds, also those that
    /// record no generation (an import undone, the database reopened or
    /// swapped): see [`Vault::changes`].
    changes: AtomicU64,
    /// The key of the next audit entry: above every key in the log, also
    /// after a restore (a new sled database numbers from the start again).
    next_audit: AtomicU64,
    /// The records the last rebuild of the index could not read: they have
    /// no brief, so nothing that reads the index would meet them.
    unindexed: std::sync::Mutex<Vec<encounters::DamagedRecord>>,
    // Declared last: released only after the database has closed.
    _lock: VaultLock,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print keys.
        f.debug_struct("Vault")
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

/// Schema 1's index key, derived from the data key. Schema 2 keeps it,
/// sealed, in `meta`: vaults made since have a random one.
fn derived_index_key(data_key: &Secret) -> Secret {
    Secret::from_bytes(&crypto::keyed_hash(data_key, b"veerkracht/record-key/v1"))
        .expect("32 bytes")
}

fn seal_index_key(data_key: &Secret, index_key: &Secret) -> Vec<u8> {
    crypto::seal(
        data_key,
        index_key.as_bytes(),
        &sealing::bound(TREE_META, META_INDEX_KEY),
    )
}

/// The index key of a database whose data key is `data_key`: sealed in
/// `meta` (schema 2), or `None` when it has none (schema 1).
fn read_index_key(meta: &sled::Tree, data_key: &Secret) -> Result<Option<Secret>, Error> {
    let Some(sealed) = meta
        .get(META_INDEX_KEY)
        .map_err(Error::sled(IoOp::ReadDatabase))?
    else {
        return Ok(None);
    };
    crypto::open(
        data_key,
        &sealed,
        &sealing::bound(TREE_META, META_INDEX_KEY),
    )
    .and_then(|k| Secret::from_bytes(&k))
    .map(Some)
    .ok_or(Error::db(DbDamage::IndexKeyUnreadable))
}

impl Vault {
    /// Creates a new vault in `dir` (made if missing; must hold no vault
    /// and nothing but preferences). The vault is built in `vault.new/`
    /// and moved into place once its key file is durable, so a crash at
    /// any point leaves a whole vault or none (and `init` works again).
    pub fn create(dir: &Path, passphrase: &str, params: KdfParams) -> Result<Vault, Error> {
        veerkracht_core::passphrase::check_new(passphrase)?;
        layout::check_room_for_new_vault(dir)?;
        layout::make_folder(dir)?;
        let lock = VaultLock::take(dir)?;
        install::recover(dir)?;
        layout::check_room_for_new_vault(dir)?;
        let data_key = Secret::random();
        // The slow, fallible key derivation before anything is written.
        let key_file = keyfile::wrap(passphrase, &data_key, &params)?;
        let staging = install::Staging::begin(dir)?;
        let generation = 1;
        {
            let db = Database::open(&staging.db_path())?;
            let meta = db.meta();
            let write = Error::sled(IoOp::WriteDatabase);
            meta.insert(META_SCHEMA, &SCHEMA_VERSION.to_be_bytes())
                .and_then(|_| {
                    meta.insert(
                        META_KEY_CHECK,
                        crypto::seal(&data_key, KEY_CHECK_PLAINTEXT, META_KEY_CHECK),
                    )
                })
                .and_then(|_| meta.insert(META_GENERATION, &u64::to_be_bytes(generation)))
                .and_then(|_| {
                    meta.insert(META_INDEX_KEY, seal_index_key(&data_key, &Secret::random()))
                })
                .map_err(write)?;
            db.make_all_durable()?;
            db.close()?;
        }
        staging.write_generation(generation)?;
        staging.commit(&key_file)?;
        install::finish_install(dir)?;
        Vault::open_unlocked(dir, lock, data_key)
    }

    /// Opens and unlocks the vault in `dir`, first finishing whatever a
    /// crash interrupted (a vault being put in place, a rewrite).
    pub fn open(dir: &Path, passphrase: &str) -> Result<Vault, Error> {
        if !layout::exists(dir) {
            return Err(layout::why_no_vault(dir));
        }
        let lock = VaultLock::take(dir)?;
        layout::make_private(dir)?;
        install::recover(dir)?;
        if !dir.join(KEY_FILE).is_file() {
            return Err(layout::why_no_vault(dir));
        }
        let data_key = keyfile::unlock(dir, passphrase)?;
        Vault::open_unlocked(dir, lock, data_key)
    }

    /// Opens the database of an unlocked vault and checks that it belongs
    /// to the key, is of a schema this build reads, and is not older than
    /// the vault's last durable save.
    pub(crate) fn open_unlocked(
        dir: &Path,
        lock: VaultLock,
        data_key: Secret,
    ) -> Result<Vault, Error> {
        if !dir.join(DB_DIR).is_dir() {
            return Err(Error::db(DbDamage::FolderMissing));
        }
        let db = Database::open(&dir.join(DB_DIR))?;
        let read = || Error::sled(IoOp::ReadDatabase);
        let meta = db.meta();
        match meta.get(META_KEY_CHECK).map_err(read())? {
            Some(sealed) if crypto::open(&data_key, &sealed, META_KEY_CHECK).is_some() => {}
            _ => return Err(Error::db(DbDamage::ForeignDatabase)),
        }
        let found = match meta.get(META_SCHEMA).map_err(read())? {
            Some(v) => u32::from_be_bytes(
                v.as_ref()
                    .try_into()
                    .map_err(|_| Error::db(DbDamage::SchemaUnreadable))?,
            ),
            None => return Err(Error::db(DbDamage::SchemaMissing)),
        };
        if found > SCHEMA_VERSION {
            return Err(Error::SchemaTooNew {
                found,
                supported: SCHEMA_VERSION,
            });
        }
        let inside = meta
            .get(META_GENERATION)
            .map_err(read())?
            .and_then(|v| v.as_ref().try_into().ok().map(u64::from_be_bytes))
            .unwrap_or(0);
        let outside = fs::read(dir.join(GENERATION_FILE))
            .ok()
            .and_then(|b| b.as_slice().try_into().ok().map(u64::from_be_bytes));
        if let Some(outside) = outside {
            if inside < outside {
                return Err(Error::db(DbDamage::OlderThanLastSave {
                    found: inside,
                    expected: outside,
                }));
            }
        }
        let next_audit = match db.audit().last().map_err(read())? {
            Some((key, _)) => key
                .as_ref()
                .try_into()
                .map(u64::from_be_bytes)
                .map_or(0, |k| k.saturating_add(1)),
            None => 0,
        };
        let rewrite_pending = meta.contains_key(META_REWRITE_PENDING).map_err(read())?;
        let backups_stale = purge::stale_backups_cutoff(meta);
        let index_key = match read_index_key(meta, &data_key)? {
            Some(k) => k,
            None if found < 2 => derived_index_key(&data_key),
            None => return Err(Error::db(DbDamage::IndexKeyUnreadable)),
        };
        let mut vault = Vault {
            dir: dir.to_path_buf(),
            db: Some(db),
            index_key,
            data_key,
            generation: AtomicU64::new(inside),
            changes: AtomicU64::new(0),
            next_audit: AtomicU64::new(next_audit),
            unindexed: std::sync::Mutex::new(Vec::new()),
            _lock: lock,
        };
        // Taken before a rewrite, whose new database was not rebuilt.
        let rebuilt_from_log = vault.db()?.rebuilt_from_log();
        let rewrite_pending = vault.migrate(found)? || rewrite_pending;
        if rewrite_pending {
            // A purge whose rewrite a crash interrupted: its deletions are
            // durable, their old bytes still in the files. Finish it now; if
            // that fails the data is whole and the next open tries again.
            if let Err(e) = vault.rewrite() {
                if vault.db.is_none() {
                    return Err(e);
                }
            }
        }
        vault.ensure_index()?;
        vault.settle_import()?;
        // Releases of older builds: until carried over they are judged by
        // their counts (see `releases`), so a failure to write keeps the
        // vault usable and is tried again at the next open; what was
        // written is made durable or the open fails.
        if found < 4 && vault.upgrade_release_members().is_ok() {
            vault.make_durable()?;
        }
        if rebuilt_from_log {
            vault.check_records_against_index()?;
        }
        if vault.db()?.segment_size() != SEGMENT_BYTES {
            // A database of an older build, whose small segments let sled
            // put large pages in files a power cut can lose (see
            // `database::SEGMENT_BYTES`): copied once into a database of
            // this build. Should that fail, the data is whole in the old one
            // and the next open tries again.
            if let Err(e) = vault.rewrite() {
                if vault.db.is_none() {
                    return Err(e);
                }
            }
        }
        if let Some(cutoff) = backups_stale.filter(|_| vault.db.is_some()) {
            // A purge whose automatic backups a crash left unpurged: they
            // still hold the purged records. Purge them now; if that fails
            // the mark stays and the next open tries again.
            let _ = vault.purge_automatic_backups(cutoff);
        }
        Ok(vault)
    }

    /// After sled rebuilt its page table from the log alone (a snapshot
    /// ahead of the log set aside, see `database`): every encounter the
    /// index names must be there, or the log lost writes and the vault is
    /// refused rather than opened with records missing. (Records and their
    /// index entries change in the same transactions.)
    fn check_records_against_index(&self) -> Result<(), Error> {
        let encounters = self.db()?.encounters();
        for entry in self.index_where(|_| true)? {
            let key = self.storage_key(&entry.brief.id);
            if !encounters
                .contains_key(key)
                .map_err(Error::sled(IoOp::ReadDatabase))?
            {
                return Err(Error::db(DbDamage::LogIncomplete));
            }
        }
        Ok(())
    }

    /// Copies every tree into a fresh database and swaps it in, leaving
    /// nothing of removed values behind (sled keeps them in its log until
    /// it happens to reclaim the space).
    pub fn rewrite(&mut self) -> Result<(), Error> {
        if self.db.is_none() {
            return Err(Error::NeedsReopen);
        }
        self.changed();
        rewrite::rewrite(&self.dir, &mut self.db)
    }

    /// Closes the database and opens it again, keeping the lock. sled
    /// rebuilds its page table from the log written since its last
    /// snapshot at every open, then writes a snapshot: after a large
    /// import that takes seconds (about 4 s at a million encounters), paid
    /// here, where the worker expects a wait, instead of by the next
    /// command. Should the open fail, every later call fails with
    /// [`Error::NeedsReopen`].
    pub fn reopen(&mut self) -> Result<(), Error> {
        let Some(db) = self.db.take() else {
            return Err(Error::NeedsReopen);
        };
        self.changed();
        let closed = db.close();
        self.db = Some(Database::open(&self.dir.join(DB_DIR))?);
        closed
    }

    /// Closes the database (flushed and synced), then releases the lock.
    /// Dropping the vault does the same without telling how it went.
    pub fn close(mut self) -> Result<(), Error> {
        match self.db.take() {
            Some(db) => db.close(),
            None => Ok(()),
        }
    }

    /// Brings an older schema up to [`SCHEMA_VERSION`], one version at a
    /// time, each step recorded in `meta` in the same durable step as its
    /// change. 1 → 2: the index key (derived from the data key in version
    /// 1, and in use: same value) sealed into `meta`. 2 → 3: the ledger's
    /// keys, the package ids in clear until then, become keyed hashes of
    /// them (`ledger`).
    /// Returns whether the old bytes must now leave the files (a rewrite,
    /// also marked pending in `meta` should this open be cut short).
    fn migrate(&self, found: u32) -> Result<bool, Error> {
        if found < 1 {
            return Err(Error::db(DbDamage::SchemaTooOld { found }));
        }
        if found < 2 {
            let db = self.db()?;
            let mut batch = sled::Batch::default();
            batch.insert(
                META_INDEX_KEY,
                seal_index_key(&self.data_key, &self.index_key),
            );
            batch.insert(META_SCHEMA, &2u32.to_be_bytes());
            db.meta()
                .apply_batch(batch)
                .map_err(Error::sled(IoOp::WriteDatabase))?;
            self.make_durable()?;
        }
        if found < 3 {
            return self.migrate_ledger_keys();
        }
        Ok(false)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub(crate) fn db(&self) -> Result<&Database, Error> {
        self.db.as_ref().ok_or(Error::NeedsReopen)
    }

    pub(crate) fn data_key(&self) -> &Secret {
        &self.data_key
    }

    pub(crate) fn index_key(&self) -> &Secret {
        &self.index_key
    }

    pub(crate) fn storage_key(&self, id: &Uuid) -> [u8; 16] {
        let h = crypto::keyed_hash(&self.index_key, id.as_bytes());
        h[..16].try_into().expect("16 bytes")
    }

    /// A number that moves with every change of what the vault holds (a
    /// save, a delete, an import or its undo, a release, a purge, the
    /// database rewritten or reopened), counted in memory from the open: a
    /// result worked out from the vault is still the vault's answer while
    /// this has not moved. Moved before the change is made, so a change
    /// that fails half-way moves it too.
    pub fn changes(&self) -> u64 {
        self.changes.load(Ordering::SeqCst)
    }

    pub(crate) fn changed(&self) {
        self.changes.fetch_add(1, Ordering::SeqCst);
    }

    /// Makes every write so far durable before the caller acknowledges it.
    ///
    /// Each durable point also bumps a generation counter, stored in the
    /// database and, once the database is synced, in `vault.generation`
    /// beside it. sled recovers a damaged or truncated log by quietly
    /// rolling back to its last consistent point; a database older than
    /// the file is caught at open instead of showing fewer records.
    pub(crate) fn make_durable(&self) -> Result<(), Error> {
        self.changed();
        let db = self.db()?;
        let generation = self.generation.fetch_add(1, Ordering::SeqCst) + 1;
        db.meta()
            .insert(META_GENERATION, &generation.to_be_bytes())
            .map_err(Error::sled(IoOp::WriteDatabase))?;
        db.make_durable()?;
        durable::write_atomically(
            &self.dir,
            GENERATION_FILE,
            &generation.to_be_bytes(),
            IoOp::WriteGenerationFile,
        )
    }
}

/// The error of a failed sled transaction over the vault's trees.
pub(crate) fn transaction_error(
    op: IoOp,
) -> impl FnOnce(sled::transaction::TransactionError<()>) -> Error {
    move |e| match e {
        sled::transaction::TransactionError::Storage(s) => Error::sled(op)(s),
        // Our transactions never abort.
        sled::transaction::TransactionError::Abort(()) => Error::db(DbDamage::SledFailure),
    }
}
