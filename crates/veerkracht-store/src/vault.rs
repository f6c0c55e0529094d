//! The vault: a folder holding the key file and a sled database whose every
//! value is sealed with the data key.
//!
//! Layout of a vault folder:
//! - `vault.json`: Argon2id parameters, salt, wrapped data key (see `keyfile`);
//! - `vault.lock`: held with an exclusive OS lock while the vault is open;
//! - `db/`: the sled database with a few fixed trees:
//!   `encounters` (key: keyed hash of the record id; value: sealed record) and
//!   `meta` (schema version, key check).
//!
//! Nothing in these files is readable without the passphrase: values are
//! sealed and keys are keyed hashes, so not even record ids or dates show.

use crate::crypto::{self, KdfParams, Secret};
use crate::{keyfile, record, Error};
use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use uuid::Uuid;
use veerkracht_core::caseload::Caseload;
use veerkracht_core::Encounter;

/// The storage schema this build writes and reads.
pub const SCHEMA_VERSION: u32 = 1;

const TREE_ENCOUNTERS: &str = "encounters";
const TREE_META: &str = "meta";
const TREE_LEDGER: &str = "ledger";
const TREE_AUDIT: &str = "audit";
const META_SCHEMA: &[u8] = b"schema_version";
const META_KEY_CHECK: &[u8] = b"key_check";
const META_GENERATION: &[u8] = b"generation";
/// The vault's random source id (sealed): packages carry it so that two
/// exports of one period from one vault are recognised in a merge.
const META_SOURCE: &[u8] = b"source_id";
/// Beside the database: the generation of the last durable save.
pub const GENERATION_FILE: &str = "vault.generation";
const KEY_CHECK_PLAINTEXT: &[u8] = b"veerkracht key check v1";
const LOCK_FILE: &str = "vault.lock";
const DB_DIR: &str = "db";
/// sled's page cache. Its default (1 GiB) is far more than a caseload needs.
const CACHE_BYTES: u64 = 64 * 1024 * 1024;

/// A record that could not be read back. The others still are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DamagedRecord {
    /// The storage key, hex: the only handle on a record we cannot decrypt.
    pub key: String,
    pub reason: String,
}

/// Everything readable in the vault, and what was not.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Sorted by `(date, id)`.
    pub encounters: Vec<Encounter>,
    pub damaged: Vec<DamagedRecord>,
}

/// What an import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportReport {
    pub inserted: usize,
    pub replaced: usize,
}

/// An import being put together; see [`Vault::begin_import`].
pub struct ImportBatch<'v> {
    vault: &'v Vault,
    seen: HashSet<Uuid>,
    existing: Vec<Uuid>,
    batch: sled::Batch,
    count: usize,
    demo: bool,
}

impl ImportBatch<'_> {
    /// Seals one encounter into the batch.
    pub fn add(&mut self, e: &Encounter) -> Result<(), Error> {
        if !self.seen.insert(e.id) {
            return Err(Error::DuplicateIds { ids: vec![e.id] });
        }
        let v = self.vault;
        let key = v.storage_key(&e.id);
        if v.encounters.contains_key(key).map_err(Error::from_sled)? {
            self.existing.push(e.id);
        }
        self.batch.insert(&key[..], v.seal_encounter(&key, e));
        self.count += 1;
        self.demo &= e.demo;
        Ok(())
    }

    /// Writes the batch atomically with its audit entry; durable on return.
    pub fn commit(self, replace: bool) -> Result<ImportReport, Error> {
        self.commit_with_audit(replace, &[])
    }

    /// Like [`ImportBatch::commit`], with more audit entries written in the
    /// same durable step (such as confirmed scanner findings).
    pub fn commit_with_audit(
        self,
        replace: bool,
        extra: &[(veerkracht_core::audit::Action, u64, String)],
    ) -> Result<ImportReport, Error> {
        if !self.existing.is_empty() && !replace {
            return Err(Error::DuplicateIds { ids: self.existing });
        }
        let v = self.vault;
        v.encounters
            .apply_batch(self.batch)
            .map_err(Error::from_sled)?;
        let (key, value) = v.audit_entry(
            veerkracht_core::audit::Action::Imported,
            self.count as u64,
            if self.demo && self.count > 0 {
                "demo"
            } else {
                ""
            },
        )?;
        v.audit.insert(key, value).map_err(Error::from_sled)?;
        for (action, count, detail) in extra {
            let (key, value) = v.audit_entry(*action, *count, detail)?;
            v.audit.insert(key, value).map_err(Error::from_sled)?;
        }
        v.make_durable()?;
        Ok(ImportReport {
            inserted: self.count - self.existing.len(),
            replaced: self.existing.len(),
        })
    }
}

/// An open, unlocked vault. Dropping it releases the lock and wipes the key.
pub struct Vault {
    dir: PathBuf,
    db: sled::Db,
    encounters: sled::Tree,
    audit: sled::Tree,
    data_key: Secret,
    index_key: Secret,
    // Held for its OS lock; released when the vault is dropped.
    _lock: fs::File,
    /// The last durable generation (see `make_durable`).
    generation: std::sync::atomic::AtomicU64,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print keys.
        f.debug_struct("Vault")
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

/// Whether `dir` holds a vault (without opening it).
pub fn exists(dir: &Path) -> bool {
    dir.join(keyfile::FILE_NAME).is_file()
}

fn take_lock(dir: &Path) -> Result<fs::File, Error> {
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join(LOCK_FILE))
        .map_err(|e| Error::io("open the lock file", e))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(fs::TryLockError::WouldBlock) => Err(Error::VaultInUse {
            path: dir.to_path_buf(),
        }),
        Err(fs::TryLockError::Error(e)) => Err(Error::io("lock the vault", e)),
    }
}

fn open_db(dir: &Path) -> Result<sled::Db, Error> {
    open_db_at(&dir.join(DB_DIR))
}

/// Opens a sled database, waiting a moment if its lock is still held: sled
/// lets go of its file lock shortly after the last handle is dropped, and
/// our own `vault.lock` already guarantees no other process owns the vault.
fn open_db_at(path: &Path) -> Result<sled::Db, Error> {
    let mut tries = 0;
    loop {
        match sled::Config::new()
            .path(path)
            .cache_capacity(CACHE_BYTES)
            .open()
        {
            Err(sled::Error::Io(e))
                if e.to_string().contains("could not acquire lock") && tries < 100 =>
            {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            other => return other.map_err(Error::from_sled),
        }
    }
}

const DB_NEW: &str = "db.rewrite";
const BACKUP_MAGIC: &[u8; 8] = b"VKBACKUP";
const BACKUP_AAD: &[u8] = b"veerkracht/backup/v1";
/// The folder, inside a vault, of its automatic backups.
pub const BACKUPS_DIR: &str = "backups";

/// The vault's automatic backups, oldest first.
pub fn automatic_backups(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir.join(BACKUPS_DIR))
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "vkbackup"))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// Restores a backup file into `dir` (new or empty) and opens it. The
/// passphrase is the one the vault had when the backup was made.
pub fn restore(backup: &Path, dir: &Path, passphrase: &str) -> Result<Vault, Error> {
    let bytes = std::fs::read(backup).map_err(|e| Error::io("read the backup", e))?;
    let damaged = |detail: &str| Error::DamagedBackup {
        detail: detail.into(),
    };
    if bytes.len() < 16 || &bytes[..8] != BACKUP_MAGIC {
        return Err(damaged("not a Veerkracht backup"));
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
        return Err(damaged("the file is cut short"));
    }
    let keyfile_bytes = &bytes[16..16 + klen];
    let data_key = keyfile::unlock_bytes(keyfile_bytes, passphrase)?;
    let aad = [BACKUP_AAD, keyfile_bytes].concat();
    let payload = crypto::open(&data_key, &bytes[16 + klen..], &aad)
        .ok_or_else(|| damaged("the contents do not check out (changed or cut short)"))?;
    let backup = record::decode_backup(&payload).map_err(|e| damaged(&e))?;
    if backup.schema > SCHEMA_VERSION {
        return Err(Error::SchemaTooNew {
            found: backup.schema,
            supported: SCHEMA_VERSION,
        });
    }
    if exists(dir) {
        return Err(Error::AlreadyExists {
            path: dir.to_path_buf(),
        });
    }
    let occupied = std::fs::read_dir(dir)
        .map(|entries| {
            entries.flatten().any(|e| {
                e.file_name() != LOCK_FILE && e.file_name() != crate::preferences::FILE_NAME
            })
        })
        .unwrap_or(false);
    if occupied {
        return Err(Error::FolderNotEmpty {
            path: dir.to_path_buf(),
        });
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io("create the vault folder", e))?;
    {
        let _lock = take_lock(dir)?;
        let db = open_db(dir)?;
        for (name, entries) in &backup.trees {
            let tree = db.open_tree(name.as_bytes()).map_err(Error::from_sled)?;
            let mut batch = sled::Batch::default();
            for (k, v) in entries {
                batch.insert(k.as_slice(), v.as_slice());
            }
            tree.apply_batch(batch).map_err(Error::from_sled)?;
        }
        db.flush().map_err(Error::from_sled)?;
        // The key file last: until it exists the folder is no vault.
        keyfile::write_atomically(dir, keyfile::FILE_NAME, keyfile_bytes)?;
    }
    let vault = Vault::open(dir, passphrase)?;
    vault.audit(veerkracht_core::audit::Action::Restore, 1, "")?;
    Ok(vault)
}
/// When the vault in `dir` cannot be opened: restores its newest automatic
/// backup in place. The passphrase is checked on the backup first (a
/// restore into a fresh folder inside the vault), so a wrong one touches
/// nothing; then what is there moves aside into `damaged-<time>/` (never
/// deleted) and the restored files move in, the key file last.
pub fn restore_latest_backup(dir: &Path, passphrase: &str) -> Result<Vault, Error> {
    let latest = automatic_backups(dir).pop().ok_or_else(|| Error::NoVault {
        path: dir.join(BACKUPS_DIR),
    })?;
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S%.3f").to_string();
    let fresh = dir.join(format!("restoring-{stamp}"));
    match restore(&latest, &fresh, passphrase) {
        Ok(vault) => drop(vault),
        Err(e) => {
            let _ = fs::remove_dir_all(&fresh);
            return Err(e);
        }
    }
    let aside = dir.join(format!("damaged-{stamp}"));
    fs::create_dir_all(&aside).map_err(|e| Error::io("move the damaged vault aside", e))?;
    for name in [keyfile::FILE_NAME, DB_DIR, GENERATION_FILE, LOCK_FILE] {
        let from = dir.join(name);
        if from.exists() {
            fs::rename(&from, aside.join(name))
                .map_err(|e| Error::io("move the damaged vault aside", e))?;
        }
    }
    keyfile::sync_dir(dir)?;
    for name in [DB_DIR, GENERATION_FILE, keyfile::FILE_NAME] {
        let from = fresh.join(name);
        if from.exists() {
            fs::rename(&from, dir.join(name)).map_err(|e| Error::io("restore the backup", e))?;
        }
    }
    keyfile::sync_dir(dir)?;
    let _ = fs::remove_dir_all(&fresh);
    let vault = Vault::open(dir, passphrase)?;
    vault.audit(veerkracht_core::audit::Action::Restore, 1, "automatic")?;
    Ok(vault)
}

const DB_OLD: &str = "db.old";

/// A rewrite swaps `db.rewrite` in for `db`. Should a crash interrupt it,
/// finish the swap on the next open: the new copy is complete before the
/// first rename, so it is the one to keep.
fn finish_interrupted_rewrite(dir: &Path) -> Result<(), Error> {
    let (db, new, old) = (dir.join(DB_DIR), dir.join(DB_NEW), dir.join(DB_OLD));
    if !db.exists() && new.is_dir() {
        std::fs::rename(&new, &db).map_err(|e| Error::io("finish an interrupted rewrite", e))?;
    } else if new.exists() && db.is_dir() {
        // The copy never got swapped in: the original is intact.
        std::fs::remove_dir_all(&new)
            .map_err(|e| Error::io("clean up an interrupted rewrite", e))?;
    }
    if old.exists() {
        std::fs::remove_dir_all(&old)
            .map_err(|e| Error::io("clean up an interrupted rewrite", e))?;
    }
    Ok(())
}

fn index_key(data_key: &Secret) -> Secret {
    Secret::from_bytes(&crypto::keyed_hash(data_key, b"veerkracht/record-key/v1"))
        .expect("32 bytes")
}

impl Vault {
    /// Creates a new vault in `dir` (made if missing; must not hold a vault).
    pub fn create(dir: &Path, passphrase: &str, params: KdfParams) -> Result<Vault, Error> {
        veerkracht_core::passphrase::check_new(passphrase)?;
        if exists(dir) {
            return Err(Error::AlreadyExists {
                path: dir.to_path_buf(),
            });
        }
        // A folder with other things in it may be a damaged vault (a database
        // without its key file) or somebody's documents: never write into it.
        let occupied = fs::read_dir(dir)
            .map(|entries| {
                entries.flatten().any(|entry| {
                    let name = entry.file_name();
                    name != LOCK_FILE && name != crate::preferences::FILE_NAME
                })
            })
            .unwrap_or(false);
        if occupied {
            return Err(Error::FolderNotEmpty {
                path: dir.to_path_buf(),
            });
        }
        fs::create_dir_all(dir).map_err(|e| Error::io("create the vault folder", e))?;
        let lock = take_lock(dir)?;
        let data_key = Secret::random();
        let db = open_db(dir)?;
        let meta = db.open_tree(TREE_META).map_err(Error::from_sled)?;
        meta.insert(META_SCHEMA, &SCHEMA_VERSION.to_be_bytes())
            .map_err(Error::from_sled)?;
        meta.insert(
            META_KEY_CHECK,
            crypto::seal(&data_key, KEY_CHECK_PLAINTEXT, META_KEY_CHECK),
        )
        .map_err(Error::from_sled)?;
        let vault = Vault::assemble(dir, db, data_key, lock)?;
        vault.make_durable()?;
        // The key file comes last: until it exists the folder is not a vault,
        // so a crash before this line leaves nothing that claims to be one.
        keyfile::write(dir, passphrase, &vault.data_key, &params)?;
        Ok(vault)
    }

    /// Opens and unlocks the vault in `dir`.
    pub fn open(dir: &Path, passphrase: &str) -> Result<Vault, Error> {
        if !exists(dir) {
            let empty = fs::read_dir(dir)
                .map(|mut d| d.next().is_none())
                .unwrap_or(true);
            return Err(if empty {
                Error::NoVault {
                    path: dir.to_path_buf(),
                }
            } else if dir.join(DB_DIR).exists() {
                Error::DamagedKeyFile {
                    detail: "vault.json is missing".into(),
                }
            } else {
                Error::NotAVault {
                    path: dir.to_path_buf(),
                }
            });
        }
        let lock = take_lock(dir)?;
        let data_key = keyfile::unlock(dir, passphrase)?;
        finish_interrupted_rewrite(dir)?;
        if !dir.join(DB_DIR).is_dir() {
            return Err(Error::DamagedDatabase {
                detail: "the db folder is missing".into(),
            });
        }
        finish_interrupted_rewrite(dir)?;
        let db = open_db(dir)?;
        let meta = db.open_tree(TREE_META).map_err(Error::from_sled)?;
        let check = meta.get(META_KEY_CHECK).map_err(Error::from_sled)?;
        match check {
            Some(sealed) if crypto::open(&data_key, &sealed, META_KEY_CHECK).is_some() => {}
            _ => {
                return Err(Error::DamagedDatabase {
                    detail: "the database does not belong to this key file".into(),
                })
            }
        }
        let found = match meta.get(META_SCHEMA).map_err(Error::from_sled)? {
            Some(v) => {
                u32::from_be_bytes(v.as_ref().try_into().map_err(|_| Error::DamagedDatabase {
                    detail: "schema version is unreadable".into(),
                })?)
            }
            None => {
                return Err(Error::DamagedDatabase {
                    detail: "schema version is missing".into(),
                })
            }
        };
        if found > SCHEMA_VERSION {
            return Err(Error::SchemaTooNew {
                found,
                supported: SCHEMA_VERSION,
            });
        }
        let inside = meta
            .get(META_GENERATION)
            .map_err(Error::from_sled)?
            .and_then(|v| v.as_ref().try_into().ok().map(u64::from_be_bytes))
            .unwrap_or(0);
        let outside = fs::read(dir.join(GENERATION_FILE))
            .ok()
            .and_then(|b| b.as_slice().try_into().ok().map(u64::from_be_bytes));
        if let Some(outside) = outside {
            if inside < outside {
                return Err(Error::DamagedDatabase {
                    detail: format!(
                        "it is older than the vault's last save (generation {inside} < {outside}): changes were lost"
                    ),
                });
            }
        }
        let vault = Vault::assemble(dir, db, data_key, lock)?;
        vault
            .generation
            .store(inside, std::sync::atomic::Ordering::SeqCst);
        vault.migrate(found)?;
        Ok(vault)
    }

    fn assemble(
        dir: &Path,
        db: sled::Db,
        data_key: Secret,
        lock: fs::File,
    ) -> Result<Vault, Error> {
        let encounters = db.open_tree(TREE_ENCOUNTERS).map_err(Error::from_sled)?;
        let audit = db.open_tree(TREE_AUDIT).map_err(Error::from_sled)?;
        Ok(Vault {
            audit,
            dir: dir.to_path_buf(),
            index_key: index_key(&data_key),
            generation: std::sync::atomic::AtomicU64::new(0),
            db,
            encounters,
            data_key,
            _lock: lock,
        })
    }

    /// Brings an older schema up to [`SCHEMA_VERSION`]. Version 1 is the
    /// first, so there is nothing to do yet; each future version adds one
    /// step here, run in order and recorded in `meta` when done.
    fn migrate(&self, found: u32) -> Result<(), Error> {
        if found < SCHEMA_VERSION {
            return Err(Error::DamagedDatabase {
                detail: format!("schema version {found} predates the first release"),
            });
        }
        Ok(())
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn storage_key(&self, id: &Uuid) -> [u8; 16] {
        let h = crypto::keyed_hash(&self.index_key, id.as_bytes());
        h[..16].try_into().expect("16 bytes")
    }

    fn aad(key: &[u8]) -> Vec<u8> {
        let mut aad = Vec::with_capacity(TREE_ENCOUNTERS.len() + 1 + key.len());
        aad.extend_from_slice(TREE_ENCOUNTERS.as_bytes());
        aad.push(b'/');
        aad.extend_from_slice(key);
        aad
    }

    fn seal_encounter(&self, key: &[u8], e: &Encounter) -> Vec<u8> {
        crypto::seal(&self.data_key, &record::encode(e), &Self::aad(key))
    }

    fn open_encounter(&self, key: &[u8], sealed: &[u8]) -> Result<Encounter, String> {
        let plain = crypto::open(&self.data_key, sealed, &Self::aad(key))
            .ok_or_else(|| "cannot be decrypted (damaged)".to_string())?;
        record::decode(&plain)
    }

    /// Makes every write so far durable before the caller acknowledges it.
    ///
    /// sled syncs by itself only every 500 ms, and its `flush` uses
    /// `sync_file_range`, which survives a killed process but not a power
    /// cut; a real `fsync` of the database files follows it for that.
    ///
    /// Each durable point also bumps a generation counter, stored in the
    /// database and, once the database is synced, in `vault.generation`
    /// beside it. sled recovers a damaged or truncated log by quietly
    /// rolling back to its last consistent point; a database older than
    /// the file is caught at open instead of showing fewer records.
    fn make_durable(&self) -> Result<(), Error> {
        let generation = self
            .generation
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst)
            + 1;
        self.db
            .open_tree(TREE_META)
            .and_then(|m| m.insert(META_GENERATION, &generation.to_be_bytes()))
            .map_err(Error::from_sled)?;
        self.db.flush().map_err(Error::from_sled)?;
        let db_dir = self.dir.join(DB_DIR);
        for name in ["db", "conf"] {
            let path = db_dir.join(name);
            if path.is_file() {
                fs::File::open(&path)
                    .and_then(|f| f.sync_all())
                    .map_err(|e| Error::io("sync the database", e))?;
            }
        }
        keyfile::write_atomically(&self.dir, GENERATION_FILE, &generation.to_be_bytes())
    }

    /// Saves (creates or replaces) one encounter, with its audit entry in
    /// the same transaction. Returns once it is durable: the caller may then
    /// tell the user it is saved. Returns whether it was new.
    pub fn save(&self, e: &Encounter) -> Result<bool, Error> {
        self.save_with_audit(e, &[])
    }

    /// Like [`Vault::save`], with more audit entries (such as one per
    /// scanner finding the worker confirmed) in the same transaction: a
    /// save is never on disk without its entries, nor the other way round.
    pub fn save_with_audit(
        &self,
        e: &Encounter,
        extra: &[(veerkracht_core::audit::Action, u64, String)],
    ) -> Result<bool, Error> {
        use sled::Transactional;
        let key = self.storage_key(&e.id);
        let sealed = self.seal_encounter(&key, e);
        let (audit_key, created_entry) =
            self.audit_entry(veerkracht_core::audit::Action::Created, 1, "")?;
        let (_, edited_entry) =
            self.audit_entry_at(audit_key, veerkracht_core::audit::Action::Edited, 1, "");
        let mut more = Vec::with_capacity(extra.len());
        for (action, count, detail) in extra {
            more.push(self.audit_entry(*action, *count, detail)?);
        }
        // No IO in the closure: it may run more than once.
        let created = (&self.encounters, &self.audit)
            .transaction(|(enc, audit)| {
                let previous = enc.insert(&key[..], sealed.clone())?;
                let entry = if previous.is_none() {
                    &created_entry
                } else {
                    &edited_entry
                };
                audit.insert(&audit_key[..], entry.clone())?;
                for (k, v) in &more {
                    audit.insert(&k[..], v.clone())?;
                }
                Ok(previous.is_none())
            })
            .map_err(|e: sled::transaction::TransactionError<()>| match e {
                sled::transaction::TransactionError::Storage(s) => Error::from_sled(s),
                sled::transaction::TransactionError::Abort(()) => Error::DamagedDatabase {
                    detail: "transaction aborted".into(),
                },
            })?;
        self.make_durable()?;
        Ok(created)
    }

    /// The key and sealed value of a new audit entry, stamped now.
    fn audit_entry(
        &self,
        action: veerkracht_core::audit::Action,
        count: u64,
        detail: &str,
    ) -> Result<([u8; 8], Vec<u8>), Error> {
        let id = self.db.generate_id().map_err(Error::from_sled)?;
        Ok(self.audit_entry_at(id.to_be_bytes(), action, count, detail))
    }

    fn audit_entry_at(
        &self,
        key: [u8; 8],
        action: veerkracht_core::audit::Action,
        count: u64,
        detail: &str,
    ) -> ([u8; 8], Vec<u8>) {
        let entry = veerkracht_core::audit::Entry {
            at: chrono::Utc::now().timestamp(),
            action,
            count,
            detail: detail.to_string(),
        };
        let aad = [TREE_AUDIT.as_bytes(), b"/", &key].concat();
        (
            key,
            crypto::seal(&self.data_key, &record::encode_audit(&entry), &aad),
        )
    }

    /// Appends an entry to the audit log; durable on return.
    pub fn audit(
        &self,
        action: veerkracht_core::audit::Action,
        count: u64,
        detail: &str,
    ) -> Result<(), Error> {
        let (key, value) = self.audit_entry(action, count, detail)?;
        self.audit.insert(key, value).map_err(Error::from_sled)?;
        self.make_durable()
    }

    /// The whole audit log, oldest first.
    pub fn audit_log(&self) -> Result<Vec<veerkracht_core::audit::Entry>, Error> {
        let mut out = Vec::new();
        for item in self.audit.iter() {
            let (key, sealed) = item.map_err(Error::from_sled)?;
            let aad = [TREE_AUDIT.as_bytes(), b"/", &key].concat();
            let plain = crypto::open(&self.data_key, &sealed, &aad).ok_or_else(|| {
                Error::DamagedRecord {
                    key: hex::encode(&key),
                    reason: "audit entry cannot be decrypted".into(),
                }
            })?;
            out.push(
                record::decode_audit(&plain).map_err(|reason| Error::DamagedRecord {
                    key: hex::encode(&key),
                    reason,
                })?,
            );
        }
        Ok(out)
    }

    /// Reads one encounter.
    pub fn get(&self, id: &Uuid) -> Result<Option<Encounter>, Error> {
        let key = self.storage_key(id);
        match self.encounters.get(key).map_err(Error::from_sled)? {
            None => Ok(None),
            Some(sealed) => self
                .open_encounter(&key, &sealed)
                .map(Some)
                .map_err(|reason| Error::DamagedRecord {
                    key: hex::encode(key),
                    reason,
                }),
        }
    }

    /// An id for an imported encounter that has none, derived from its
    /// content and its occurrence in the file with the vault's keyed hash
    /// (so it says nothing about the content to anyone without the key):
    /// the same file imported twice gives the same ids.
    pub fn content_id(&self, content: &[u8], occurrence: u32) -> Uuid {
        let mut input = Vec::with_capacity(content.len() + 24);
        input.extend_from_slice(b"veerkracht/content-id/v1\0");
        input.extend_from_slice(&occurrence.to_be_bytes());
        input.extend_from_slice(content);
        let h = crypto::keyed_hash(&self.index_key, &input);
        let bytes: [u8; 16] = h[..16].try_into().expect("16 bytes");
        uuid::Builder::from_custom_bytes(bytes).into_uuid()
    }

    pub fn contains(&self, id: &Uuid) -> Result<bool, Error> {
        self.encounters
            .contains_key(self.storage_key(id))
            .map_err(Error::from_sled)
    }

    /// Deletes one encounter; durable on return. Returns whether it existed.
    pub fn delete(&self, id: &Uuid) -> Result<bool, Error> {
        let existed = self
            .encounters
            .remove(self.storage_key(id))
            .map_err(Error::from_sled)?
            .is_some();
        if existed {
            let (key, value) = self.audit_entry(veerkracht_core::audit::Action::Deleted, 1, "")?;
            self.audit.insert(key, value).map_err(Error::from_sled)?;
        }
        self.make_durable()?;
        Ok(existed)
    }

    /// Stores many encounters at once, all or nothing (one atomic batch).
    /// Ids already in the vault are refused unless `replace` is set; an id
    /// given twice is refused (the second would silently win).
    pub fn import(&self, encounters: &[Encounter], replace: bool) -> Result<ImportReport, Error> {
        let mut batch = self.begin_import();
        for e in encounters {
            batch.add(e)?;
        }
        batch.commit(replace)
    }

    /// An import built one encounter at a time, so that a caller streaming
    /// a large file never holds every encounter: only sealed records (a
    /// few hundred bytes each) wait for the batch. Nothing is written until
    /// [`ImportBatch::commit`]; dropping the batch writes nothing.
    pub fn begin_import(&self) -> ImportBatch<'_> {
        ImportBatch {
            vault: self,
            seen: HashSet::new(),
            existing: Vec::new(),
            batch: sled::Batch::default(),
            count: 0,
            demo: true,
        }
    }

    /// Reads every encounter. A record that cannot be read is reported in
    /// `damaged` and does not stop the others.
    pub fn load(&self) -> Result<Loaded, Error> {
        let (mut encounters, damaged) = self.load_mapped(|e| e)?;
        encounters.sort_unstable_by_key(Encounter::sort_key);
        Ok(Loaded {
            encounters,
            damaged,
        })
    }

    /// Reads every encounter into a caseload, making each one's rows (see
    /// `Caseload`) right after decoding it, while it is still in cache.
    /// This is what unlocking costs.
    pub fn load_caseload(&self) -> Result<(Caseload, Vec<DamagedRecord>), Error> {
        let plan = veerkracht_core::caseload::rows();
        let (items, damaged) = self.load_mapped(|e| {
            let rows = plan.encode(&e);
            (e, rows)
        })?;
        Ok((Caseload::from_encoded(items), damaged))
    }

    /// sled is walked once on this thread while workers, one per core,
    /// decrypt and decode what it hands them in chunks (a record takes a
    /// few µs, so a caseload of 100k unlocks in well under a second).
    fn load_mapped<T: Send>(
        &self,
        f: impl Fn(Encounter) -> T + Sync,
    ) -> Result<(Vec<T>, Vec<DamagedRecord>), Error> {
        const CHUNK: usize = 2048;
        type Chunk = Vec<(sled::IVec, sled::IVec)>;
        let workers = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .min(8);
        let f = &f;
        let (tx, rx) = std::sync::mpsc::sync_channel::<Chunk>(workers * 2);
        let rx = std::sync::Mutex::new(rx);
        let rx = &rx;
        std::thread::scope(|s| {
            let handles: Vec<_> = (0..workers)
                .map(|_| {
                    s.spawn(move || {
                        let mut items = Vec::new();
                        let mut damaged = Vec::new();
                        loop {
                            // The lock is held only to take the next chunk.
                            let next = rx.lock().map(|r| r.recv());
                            let Ok(Ok(chunk)) = next else { break };
                            for (key, value) in chunk {
                                match self.open_encounter(&key, &value) {
                                    Ok(e) => items.push(f(e)),
                                    Err(reason) => damaged.push(DamagedRecord {
                                        key: hex::encode(&key),
                                        reason,
                                    }),
                                }
                            }
                        }
                        (items, damaged)
                    })
                })
                .collect();
            let mut walked = Ok(());
            let mut chunk = Vec::with_capacity(CHUNK);
            for item in self.encounters.iter() {
                match item {
                    Ok(kv) => chunk.push(kv),
                    Err(e) => {
                        walked = Err(Error::from_sled(e));
                        break;
                    }
                }
                if chunk.len() == CHUNK {
                    let full = std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK));
                    if tx.send(full).is_err() {
                        break;
                    }
                }
            }
            if !chunk.is_empty() {
                let _ = tx.send(chunk);
            }
            drop(tx);
            let mut items = Vec::new();
            let mut damaged = Vec::new();
            for h in handles {
                let (part, bad) = h.join().expect("decoding does not panic");
                if items.is_empty() {
                    items = part;
                } else {
                    items.extend(part);
                }
                damaged.extend(bad);
            }
            walked.map(|()| (items, damaged))
        })
    }

    /// The vault's source id: random, made once, identifying nothing but
    /// this vault among the packages a researcher merges.
    pub fn source_id(&self) -> Result<Uuid, Error> {
        let meta = self.db.open_tree(TREE_META).map_err(Error::from_sled)?;
        if let Some(sealed) = meta.get(META_SOURCE).map_err(Error::from_sled)? {
            let plain = crypto::open(&self.data_key, &sealed, META_SOURCE).ok_or_else(|| {
                Error::DamagedRecord {
                    key: "source_id".into(),
                    reason: "cannot be decrypted".into(),
                }
            })?;
            return Uuid::from_slice(&plain).map_err(|_| Error::DamagedRecord {
                key: "source_id".into(),
                reason: "not an id".into(),
            });
        }
        let id = Uuid::new_v4();
        meta.insert(
            META_SOURCE,
            crypto::seal(&self.data_key, id.as_bytes(), META_SOURCE),
        )
        .map_err(Error::from_sled)?;
        self.make_durable()?;
        Ok(id)
    }

    /// An encounter as a release remembers it: keyed hashes of the
    /// encounter (id and content) and of its family, 8 bytes each.
    pub fn member(&self, e: &Encounter) -> ([u8; 8], [u8; 8]) {
        let content = record::encode(e);
        let mut input = Vec::with_capacity(content.len() + 32);
        input.extend_from_slice(b"veerkracht/member/v1\0");
        input.extend_from_slice(&content);
        let a = crypto::keyed_hash(&self.index_key, &input);
        let mut fam = Vec::with_capacity(32);
        fam.extend_from_slice(b"veerkracht/member-family/v1\0");
        fam.extend_from_slice(e.family.as_str().as_bytes());
        let b = crypto::keyed_hash(&self.index_key, &fam);
        (
            a[..8].try_into().expect("8 bytes"),
            b[..8].try_into().expect("8 bytes"),
        )
    }

    /// Remembers what a package released, so that later packages can never
    /// let subtraction reveal a cell this one suppressed. Durable on return.
    pub fn record_release(
        &self,
        package: &Uuid,
        release: &veerkracht_signals::disclosure::Release,
    ) -> Result<(), Error> {
        let tree = self.db.open_tree(TREE_LEDGER).map_err(Error::from_sled)?;
        let key = package.as_bytes();
        let aad = [TREE_LEDGER.as_bytes(), b"/", key].concat();
        tree.insert(
            key,
            crypto::seal(&self.data_key, &record::encode_release(release), &aad),
        )
        .map_err(Error::from_sled)?;
        let (akey, value) = self.audit_entry(
            veerkracht_core::audit::Action::Exported,
            1,
            &release.period.to_string(),
        )?;
        self.audit.insert(akey, value).map_err(Error::from_sled)?;
        self.make_durable()
    }

    /// Every release recorded in this vault.
    pub fn releases(&self) -> Result<Vec<veerkracht_signals::disclosure::Release>, Error> {
        let tree = self.db.open_tree(TREE_LEDGER).map_err(Error::from_sled)?;
        let mut out = Vec::new();
        for item in tree.iter() {
            let (key, sealed) = item.map_err(Error::from_sled)?;
            let aad = [TREE_LEDGER.as_bytes(), b"/", &key].concat();
            let plain = crypto::open(&self.data_key, &sealed, &aad).ok_or_else(|| {
                Error::DamagedRecord {
                    key: hex::encode(&key),
                    reason: "ledger entry cannot be decrypted".into(),
                }
            })?;
            out.push(
                record::decode_release(&plain).map_err(|reason| Error::DamagedRecord {
                    key: hex::encode(&key),
                    reason,
                })?,
            );
        }
        Ok(out)
    }

    /// Deletes every encounter dated before `cutoff`, then rewrites the
    /// database so that their (sealed) bytes leave the files too: sled keeps
    /// removed values in its log until it happens to reclaim the space.
    /// Audited with the count. Returns how many were deleted.
    pub fn purge_before(&mut self, cutoff: chrono::NaiveDate) -> Result<usize, Error> {
        let loaded = self.load()?;
        let old: Vec<&Encounter> = loaded
            .encounters
            .iter()
            .filter(|e| e.date < cutoff)
            .collect();
        if old.is_empty() {
            return Ok(0);
        }
        let mut batch = sled::Batch::default();
        for e in &old {
            batch.remove(&self.storage_key(&e.id)[..]);
        }
        self.encounters
            .apply_batch(batch)
            .map_err(Error::from_sled)?;
        let (key, value) = self.audit_entry(
            veerkracht_core::audit::Action::Purged,
            old.len() as u64,
            &cutoff.to_string(),
        )?;
        self.audit.insert(key, value).map_err(Error::from_sled)?;
        self.make_durable()?;
        self.rewrite()?;
        Ok(old.len())
    }

    /// Copies every tree into a fresh database and swaps it in, leaving
    /// nothing of removed values behind.
    pub fn rewrite(&mut self) -> Result<(), Error> {
        let (db_path, new_path, old_path) = (
            self.dir.join(DB_DIR),
            self.dir.join(DB_NEW),
            self.dir.join(DB_OLD),
        );
        if new_path.exists() {
            std::fs::remove_dir_all(&new_path).map_err(|e| Error::io("prepare the rewrite", e))?;
        }
        {
            let fresh = open_db_at(&new_path)?;
            for name in self.db.tree_names() {
                let from = self.db.open_tree(&name).map_err(Error::from_sled)?;
                let to = fresh.open_tree(&name).map_err(Error::from_sled)?;
                for item in from.iter() {
                    let (k, v) = item.map_err(Error::from_sled)?;
                    to.insert(k, v).map_err(Error::from_sled)?;
                }
            }
            fresh.flush().map_err(Error::from_sled)?;
        }
        // Let go of the old files before they move: point every handle at
        // a throwaway in-memory database for the moment of the swap.
        let scratch = sled::Config::new()
            .temporary(true)
            .open()
            .map_err(Error::from_sled)?;
        self.encounters = scratch
            .open_tree(TREE_ENCOUNTERS)
            .map_err(Error::from_sled)?;
        self.audit = scratch.open_tree(TREE_AUDIT).map_err(Error::from_sled)?;
        self.db = scratch;
        std::fs::rename(&db_path, &old_path)
            .map_err(|e| Error::io("swap in the rewritten database", e))?;
        std::fs::rename(&new_path, &db_path)
            .map_err(|e| Error::io("swap in the rewritten database", e))?;
        keyfile::sync_dir(&self.dir)?;
        std::fs::remove_dir_all(&old_path).map_err(|e| Error::io("remove the old database", e))?;
        self.db = open_db(&self.dir)?;
        self.encounters = self
            .db
            .open_tree(TREE_ENCOUNTERS)
            .map_err(Error::from_sled)?;
        self.audit = self.db.open_tree(TREE_AUDIT).map_err(Error::from_sled)?;
        Ok(())
    }

    /// Writes an encrypted backup of the whole vault to `path` (one file):
    /// the key file as it is, and every tree sealed again under the data
    /// key. Only the passphrase opens it. Audited. Returns its size.
    pub fn backup(&self, path: &Path) -> Result<u64, Error> {
        self.audit(veerkracht_core::audit::Action::Backup, 1, "")?;
        let keyfile = std::fs::read(self.dir.join(keyfile::FILE_NAME))
            .map_err(|e| Error::io("read the key file", e))?;
        let mut trees = Vec::new();
        for name in self.db.tree_names() {
            let name_text = String::from_utf8_lossy(&name).to_string();
            if name_text == "__sled__default" {
                continue;
            }
            let tree = self.db.open_tree(&name).map_err(Error::from_sled)?;
            let mut entries = Vec::new();
            for item in tree.iter() {
                let (k, v) = item.map_err(Error::from_sled)?;
                entries.push((k.to_vec(), v.to_vec()));
            }
            trees.push((name_text, entries));
        }
        let payload = record::encode_backup(&record::BackupV1 {
            schema: SCHEMA_VERSION,
            created: chrono::Utc::now().timestamp(),
            trees,
        });
        let aad = [BACKUP_AAD, &keyfile[..]].concat();
        let sealed = crypto::seal(&self.data_key, &payload, &aad);
        let mut bytes = Vec::with_capacity(16 + keyfile.len() + sealed.len());
        bytes.extend_from_slice(BACKUP_MAGIC);
        bytes.extend_from_slice(&1u32.to_be_bytes());
        bytes.extend_from_slice(&(keyfile.len() as u32).to_be_bytes());
        bytes.extend_from_slice(&keyfile);
        bytes.extend_from_slice(&sealed);
        let parent = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(|e| Error::io("create the backup folder", e))?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| "backup".into());
        keyfile::write_atomically(parent, &name, &bytes)?;
        Ok(bytes.len() as u64)
    }

    /// Writes an automatic backup into the vault's `backups/` folder and
    /// keeps only the newest `keep`. Returns the new file.
    pub fn backup_rotating(&self, keep: usize) -> Result<PathBuf, Error> {
        let folder = self.dir.join(BACKUPS_DIR);
        let path = folder.join(format!(
            "auto-{}.vkbackup",
            chrono::Utc::now().format("%Y%m%d-%H%M%S%.3f")
        ));
        self.backup(&path)?;
        let mut all = automatic_backups(&self.dir);
        while all.len() > keep.max(1) {
            let oldest = all.remove(0);
            std::fs::remove_file(&oldest).map_err(|e| Error::io("remove an old backup", e))?;
        }
        Ok(path)
    }

    /// Re-wraps the data key under a new passphrase. Records are untouched:
    /// only the key file is rewritten, atomically.
    pub fn change_passphrase(&self, new_passphrase: &str, params: KdfParams) -> Result<(), Error> {
        veerkracht_core::passphrase::check_new(new_passphrase)?;
        keyfile::write(&self.dir, new_passphrase, &self.data_key, &params)?;
        self.audit(veerkracht_core::audit::Action::PassphraseChanged, 1, "")
    }
}
