//! Getting a vault back: from a backup file on a new computer, or from the
//! newest automatic backup when the vault cannot be opened.

use crate::error::{Error, Result};
use std::path::Path;
use veerkracht_store::Vault;

/// Restores a backup file into `dir` (new or empty) and opens it. The
/// passphrase is the one the vault had when the backup was made.
pub fn restore_backup(file: &Path, dir: &Path, passphrase: &str) -> Result<Vault> {
    Ok(veerkracht_store::restore(file, dir, passphrase)?)
}

/// When the vault in `dir` cannot be opened: checks the passphrase on the
/// newest automatic backup (touching nothing if it is wrong), moves what is
/// there aside (never deleted) and restores that backup in its place.
pub fn restore_latest_backup(dir: &Path, passphrase: &str) -> Result<Vault> {
    if veerkracht_store::automatic_backups(dir).is_empty() {
        return Err(Error::NoAutomaticBackup);
    }
    Ok(veerkracht_store::restore_latest_backup(dir, passphrase)?)
}
