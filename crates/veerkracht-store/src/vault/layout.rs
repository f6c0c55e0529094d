//! The vault folder: the names in it, what a folder holds before anything
//! is opened (no vault yet, a vault, the remains of one, something else),
//! and the folder's lock. Only the store knows these names.
//!
//! - `vault.json`: the key file (see `keyfile`). A folder is a vault when
//!   it holds one; it is always the last file to arrive in a new vault.
//! - `vault.lock`: held with an exclusive OS lock while the vault is open.
//! - `db/`: the sled database (see `database`).
//! - `vault.generation`: the generation of the last durable save.
//! - `backups/`: automatic backups.
//! - `vault.new/`: a whole vault being put in place (see `install`).
//! - `db.rewrite/`, `db.old/`: a rewrite in progress (see `purge`).
//! - `damaged-<time>/`: what a restore of the latest backup set aside.
//! - `preferences.json`: language and settings, readable before unlocking.

use crate::error::{Error, IoOp, KeyFileDamage};
use crate::{durable, keyfile, preferences};
use std::fs;
use std::path::Path;

pub(crate) const KEY_FILE: &str = keyfile::FILE_NAME;
pub(crate) const LOCK_FILE: &str = "vault.lock";
pub(crate) const DB_DIR: &str = "db";
pub(crate) const GENERATION_FILE: &str = "vault.generation";
/// The folder, inside a vault, of its automatic backups.
pub(crate) const BACKUPS_DIR: &str = "backups";
pub(crate) const STAGING_DIR: &str = "vault.new";
pub(crate) const DB_REWRITE: &str = "db.rewrite";
pub(crate) const DB_OLD: &str = "db.old";
pub(crate) const DAMAGED_PREFIX: &str = "damaged-";

/// Whether `dir` holds a vault, whole or damaged (without opening it): its
/// key file; a whole new vault waiting to be put in place, which the next
/// open finishes; or what a vault leaves when its key file is gone (its
/// database, its automatic backups). A front end then asks for the
/// passphrase, and a damaged vault says so when opened (so that the app
/// can offer its latest backup) instead of passing for no vault at all.
pub fn exists(dir: &Path) -> bool {
    dir.join(KEY_FILE).is_file()
        || dir.join(STAGING_DIR).join(KEY_FILE).is_file()
        || names(dir).iter().any(|n| is_vault_remains(dir, n))
}

/// Names that do not make a folder "not empty" for a new vault: the lock
/// and preferences (the app writes both before a vault exists), an
/// unfinished new vault (ours; nothing of it was ever a vault), and the
/// temporaries of our atomic writes.
fn is_harmless(name: &str) -> bool {
    name == LOCK_FILE
        || name == preferences::FILE_NAME
        || name == STAGING_DIR
        || [KEY_FILE, GENERATION_FILE, preferences::FILE_NAME]
            .iter()
            .any(|n| name == format!(".{n}.tmp"))
}

/// What a vault leaves when its key file is gone: a database, its
/// generation, a rewrite in progress, automatic backups.
fn is_vault_remains(dir: &Path, name: &str) -> bool {
    match name {
        DB_DIR | DB_REWRITE | DB_OLD | GENERATION_FILE => true,
        BACKUPS_DIR => !automatic_backups(dir).is_empty(),
        _ => false,
    }
}

/// The vault's automatic backups, oldest first.
pub fn automatic_backups(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut v: Vec<std::path::PathBuf> = fs::read_dir(dir.join(BACKUPS_DIR))
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "vkbackup") && p.is_file())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn names(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// Why `dir`, which holds no key file, cannot be opened.
pub(crate) fn why_no_vault(dir: &Path) -> Error {
    let names = names(dir);
    if names.iter().all(|n| is_harmless(n)) {
        Error::NoVault {
            path: dir.to_path_buf(),
        }
    } else if names.iter().any(|n| is_vault_remains(dir, n)) {
        Error::key_file(KeyFileDamage::Missing)
    } else {
        Error::NotAVault {
            path: dir.to_path_buf(),
        }
    }
}

/// A new vault goes only into a new folder or one that holds nothing but
/// harmless names. A folder with other things may be a damaged vault (a
/// database without its key file) or somebody's documents: never write
/// into it.
pub(crate) fn check_room_for_new_vault(dir: &Path) -> Result<(), Error> {
    if dir.join(KEY_FILE).is_file() || dir.join(STAGING_DIR).join(KEY_FILE).is_file() {
        return Err(Error::AlreadyExists {
            path: dir.to_path_buf(),
        });
    }
    if names(dir).iter().all(|n| is_harmless(n)) {
        Ok(())
    } else {
        Err(Error::FolderNotEmpty {
            path: dir.to_path_buf(),
        })
    }
}

/// The OS lock on `vault.lock`, held while a vault is open or being made.
#[derive(Debug)]
pub(crate) struct VaultLock {
    _file: fs::File,
}

impl VaultLock {
    /// Takes the lock, or says the vault is in use. A lock just let go of
    /// can stay held a moment longer: an OS lock belongs to the open file,
    /// and a process this one starts (on another thread) holds a copy of
    /// every open file until it has started its program. So a refusal is
    /// tried again for a quarter of a second before it counts.
    pub(crate) fn take(dir: &Path) -> Result<VaultLock, Error> {
        let mut options = fs::OpenOptions::new();
        options.create(true).truncate(false).write(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, durable::PRIVATE_FILE_MODE);
        let file = options
            .open(dir.join(LOCK_FILE))
            .map_err(Error::io(IoOp::OpenLockFile))?;
        let mut tries = 0;
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(VaultLock { _file: file }),
                Err(fs::TryLockError::WouldBlock) if tries < 25 => {
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(10));
                }
                Err(fs::TryLockError::WouldBlock) => {
                    return Err(Error::VaultInUse {
                        path: dir.to_path_buf(),
                    })
                }
                Err(fs::TryLockError::Error(e)) => return Err(Error::io(IoOp::LockVault)(e)),
            }
        }
    }
}

/// A name in `folder` not taken yet: `name`, else `name.1`, `name.2`, …
pub(crate) fn free_name(folder: &Path, name: &str) -> std::path::PathBuf {
    let mut candidate = folder.join(name);
    let mut n = 1;
    while candidate.symlink_metadata().is_ok() {
        candidate = folder.join(format!("{name}.{n}"));
        n += 1;
    }
    candidate
}

/// Makes an existing vault private again (unix): the folder, its `db/` and
/// `backups/` folders 0700, the key and generation files 0600, where group
/// or other bits are set (a vault made by an older build, or a folder
/// loosened by hand or by a copy). Quietly, at open: refusing the vault
/// would lock the worker out of their notes for what is fixed in a moment.
pub(crate) fn make_private(dir: &Path) -> Result<(), Error> {
    durable::tighten(dir, IoOp::CreateVaultFolder)?;
    durable::tighten(&dir.join(DB_DIR), IoOp::OpenDatabase)?;
    durable::tighten(&dir.join(BACKUPS_DIR), IoOp::CreateBackupFolder)?;
    durable::tighten(&dir.join(KEY_FILE), IoOp::WriteKeyFile)?;
    durable::tighten(&dir.join(GENERATION_FILE), IoOp::WriteGenerationFile)
}

/// Makes `dir` (and missing parents) durably, for a new vault.
pub(crate) fn make_folder(dir: &Path) -> Result<(), Error> {
    durable::create_dir_all(dir, IoOp::CreateVaultFolder)?;
    // An empty folder the worker chose keeps its mode unless tightened.
    durable::tighten(dir, IoOp::CreateVaultFolder)
}
