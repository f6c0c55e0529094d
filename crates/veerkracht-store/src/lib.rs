//! # veerkracht-store
//!
//! The vault: where encounters live on disk, encrypted at rest. This is the
//! only crate that names sled; its API speaks the domain types of
//! `veerkracht-core` and hides every storage detail, the folder's layout
//! included.
//!
//! Main types: [`Vault`] (create, open, save with its audit entries, get,
//! delete, import, load, change passphrase, backup, purge; in `vault::planner` the draft kept
//! across a lock and the follow-up dates; in `vault::upkeep` deleting many at
//! once and checking a passphrase), [`restore`] and
//! [`restore_latest_backup`], [`Error`] (what went wrong, as data: the front
//! ends word it), [`KdfParams`], [`Preferences`].
//!
//! How a value is kept: `Encounter` → frozen record `EncounterV1` (postcard)
//! → versioned envelope → XChaCha20-Poly1305 under a random data key, bound
//! to its storage key. The data key is wrapped by an Argon2id key derived
//! from the passphrase. Storage keys are keyed hashes of the record ids.
//!
//! Crash and power-cut safety: every acknowledged change is flushed and
//! fsynced (files and folders) first; a new or restored vault appears whole
//! or not at all; sled's leftovers that would keep a vault shut are removed
//! before it opens; sled's panics are contained (see `vault::database`,
//! `vault::install`, `durable`, `contain`).
//!
//! Map: `error` (the error type and its causes), `durable` (atomic, synced
//! file writes), `contain` (sled's panics), `crypto`, `keyfile`
//! (`vault.json`), `record` (frozen storage shapes), `preferences`,
//! `package_dir`, `vault/` (the vault, one file per subject).
//!
//! What this crate must not do: validate encounters (core does, before a
//! save), print or log record content or keys, keep a passphrase after
//! unlocking, use sled for anything but the few fixed trees in `vault`, or
//! word a message for a user.

mod contain;
mod crypto;
mod durable;
mod error;
mod keyfile;
pub mod package_dir;
pub mod preferences;
mod record;
mod vault;

pub use crypto::KdfParams;
pub use error::{
    BackupDamage, DbDamage, Error, IoOp, KeyFileDamage, PackageFileProblem, RecordDamage,
    RecordKind,
};
pub use preferences::Preferences;
pub use vault::backup::{restore, restore_latest_backup};
pub use vault::encounters::{AuditNote, DamagedRecord, Loaded};
pub use vault::import::{
    AfterImport, ImportBatch, ImportReport, SealedForImport, CHUNK as IMPORT_CHUNK,
    REWRITE_AFTER_IMPORT,
};
pub use vault::index::{IndexEntry, IndexSegments};
pub use vault::layout::{automatic_backups, exists};
pub use vault::{Vault, SCHEMA_VERSION};

use std::path::PathBuf;

/// The vault folder used when none is named: `VEERKRACHT_DATA_DIR` if set,
/// else `veerkracht` in the platform data directory (on Linux
/// `~/.local/share/veerkracht`). The app and the CLI both use it, so either
/// can open the same vault (not at the same time).
pub fn default_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("VEERKRACHT_DATA_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("veerkracht")
}
