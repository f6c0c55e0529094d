//! # veerkracht-store
//!
//! The vault: where encounters live on disk, encrypted at rest. This is the
//! only crate that names sled; its API speaks the domain types of
//! `veerkracht-core` and hides every storage detail.
//!
//! Main types: [`Vault`] (create, open, save, get, delete, import, load,
//! change passphrase), [`Error`] (what went wrong, worded for the user on
//! demand), [`KdfParams`].
//!
//! How a value is kept: `Encounter` → frozen record `EncounterV1` (postcard)
//! → versioned envelope → XChaCha20-Poly1305 under a random data key, bound
//! to its storage key. The data key is wrapped by an Argon2id key derived
//! from the passphrase. Storage keys are keyed hashes of the record ids.
//!
//! What this crate must not do: validate encounters (core does, before a
//! save), print or log record content or keys, keep a passphrase after
//! unlocking, or use sled for anything but the few fixed trees in `vault`.

mod crypto;
mod keyfile;
pub mod package_dir;
pub mod preferences;
mod record;
mod vault;

pub use crypto::KdfParams;
pub use preferences::Preferences;
pub use vault::{
    automatic_backups, exists, restore, restore_latest_backup, DamagedRecord, ImportBatch,
    ImportReport, Loaded, Vault, BACKUPS_DIR, GENERATION_FILE, SCHEMA_VERSION,
};

use std::path::PathBuf;
use uuid::Uuid;

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

/// Why a file in a package folder is refused before it is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PackageFileProblem {
    /// A symbolic link (it could point anywhere, such as /dev/zero).
    Link,
    /// A folder inside the package.
    Folder,
    /// A device, a FIFO or a socket (reading could hang).
    Special,
    /// Larger than any real package file.
    TooLarge,
    /// More files than a package has.
    TooMany,
}

/// The crate's one error type.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("no vault in {path} yet")]
    NoVault { path: PathBuf },
    #[error("{path} is not a Veerkracht vault")]
    NotAVault { path: PathBuf },
    #[error("{path} is not empty; a new vault needs an empty or new folder")]
    FolderNotEmpty { path: PathBuf },
    #[error("{path} already holds a package")]
    PackageExists { path: PathBuf },
    #[error("{path} is not a signal package ({missing} is missing)")]
    NotAPackage { path: PathBuf, missing: String },
    #[error("{path}: {name} cannot be part of a package ({problem:?})")]
    PackageFile {
        path: PathBuf,
        name: String,
        problem: PackageFileProblem,
    },
    #[error("a vault already exists in {path}")]
    AlreadyExists { path: PathBuf },
    #[error("wrong passphrase")]
    WrongPassphrase,
    #[error("the vault in {path} is in use by another process")]
    VaultInUse { path: PathBuf },
    #[error("the vault was written by a newer version (schema {found}, this build reads up to {supported})")]
    SchemaTooNew { found: u32, supported: u32 },
    #[error("the key file is damaged: {detail}")]
    DamagedKeyFile { detail: String },
    #[error("the database is damaged: {detail}")]
    DamagedDatabase { detail: String },
    #[error("the backup is damaged: {detail}")]
    DamagedBackup { detail: String },
    #[error("record {key} is damaged: {reason}")]
    DamagedRecord { key: String, reason: String },
    #[error("{} id(s) already in the vault, first {}", .ids.len(), .ids[0])]
    DuplicateIds { ids: Vec<Uuid> },
    #[error(transparent)]
    Core(#[from] veerkracht_core::Error),
    #[error("could not {context}: {source}")]
    Io {
        context: &'static str,
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    pub(crate) fn io(context: &'static str, source: std::io::Error) -> Error {
        Error::Io { context, source }
    }

    pub(crate) fn from_sled(e: sled::Error) -> Error {
        match e {
            sled::Error::Io(source) if source.kind() == std::io::ErrorKind::WouldBlock => {
                Error::VaultInUse {
                    path: PathBuf::new(),
                }
            }
            sled::Error::Io(source) => Error::io("use the database", source),
            sled::Error::Corruption { at, .. } => Error::DamagedDatabase {
                detail: format!("sled reports corruption at {at:?}"),
            },
            other => Error::DamagedDatabase {
                detail: other.to_string(),
            },
        }
    }
}
