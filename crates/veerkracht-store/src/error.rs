//! The crate's one error type, as data: each variant names a failure and
//! carries the values a front end needs to word it (in nl/fr/en, elsewhere).
//! The `#[error]` texts are English for logs only; no sentence for a user is
//! made in this crate. Where a library below (sled, serde, argon2) gave a
//! technical text, it is kept in an optional `detail` that nothing should
//! branch on.

use std::fmt;
use std::path::PathBuf;
use uuid::Uuid;

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
    #[error("the key file is damaged: {cause}")]
    DamagedKeyFile {
        cause: KeyFileDamage,
        detail: Option<String>,
    },
    #[error("the database is damaged: {cause}")]
    DamagedDatabase {
        cause: DbDamage,
        detail: Option<String>,
    },
    #[error("the backup is damaged: {cause}")]
    DamagedBackup {
        cause: BackupDamage,
        detail: Option<String>,
    },
    #[error("{kind} {key} is damaged: {reason}")]
    DamagedRecord {
        kind: RecordKind,
        /// The storage key, hex: the only handle on a record we cannot read.
        key: String,
        reason: RecordDamage,
    },
    #[error("no automatic backup in {path}")]
    NoAutomaticBackup { path: PathBuf },
    #[error("the vault was closed after an earlier failure and must be opened again")]
    NeedsReopen,
    #[error("{} id(s) already in the vault, first {}", .ids.len(), .ids[0])]
    DuplicateIds { ids: Vec<Uuid> },
    #[error(transparent)]
    Core(#[from] veerkracht_core::Error),
    #[error("could not {op}: {source}")]
    Io {
        op: IoOp,
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    pub(crate) fn io(op: IoOp) -> impl FnOnce(std::io::Error) -> Error {
        move |source| Error::Io { op, source }
    }

    /// A sled failure during `op`. IO failures keep the operation; what sled
    /// calls corruption, or a state it cannot handle, is a damaged database.
    pub(crate) fn sled(op: IoOp) -> impl FnOnce(sled::Error) -> Error {
        move |e| match e {
            sled::Error::Io(source) => Error::Io { op, source },
            sled::Error::Corruption { .. } => Error::DamagedDatabase {
                cause: DbDamage::SledCorruption,
                detail: Some(e.to_string()),
            },
            sled::Error::Unsupported(_) => Error::DamagedDatabase {
                cause: DbDamage::SledUnsupported,
                detail: Some(e.to_string()),
            },
            sled::Error::ReportableBug(_) | sled::Error::CollectionNotFound(_) => {
                Error::DamagedDatabase {
                    cause: DbDamage::SledFailure,
                    detail: Some(e.to_string()),
                }
            }
        }
    }

    pub(crate) fn db(cause: DbDamage) -> Error {
        Error::DamagedDatabase {
            cause,
            detail: None,
        }
    }

    pub(crate) fn key_file(cause: KeyFileDamage) -> Error {
        Error::DamagedKeyFile {
            cause,
            detail: None,
        }
    }

    pub(crate) fn backup(cause: BackupDamage) -> Error {
        Error::DamagedBackup {
            cause,
            detail: None,
        }
    }
}

/// Implements `Display` (English, for logs) and a stable snake_case `id`
/// (for message catalogues and IPC) for a plain enum of causes.
macro_rules! named {
    ($ty:ident { $($variant:ident => $id:literal, $text:literal;)* }) => {
        impl $ty {
            /// A stable identifier, e.g. for a message catalogue.
            pub fn id(&self) -> &'static str {
                match self { $($ty::$variant => $id,)* }
            }
        }
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(match self { $($ty::$variant => $text,)* })
            }
        }
    };
}

/// The operation that met an IO failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IoOp {
    CreateVaultFolder,
    OpenLockFile,
    LockVault,
    ReadKeyFile,
    WriteKeyFile,
    WriteGenerationFile,
    WritePreferences,
    SyncFolder,
    OpenDatabase,
    ReadDatabase,
    WriteDatabase,
    SyncDatabase,
    CloseDatabase,
    CleanUpSnapshot,
    StageVault,
    InstallVault,
    MoveDamagedAside,
    CleanUpUnfinishedVault,
    RewriteDatabase,
    SwapRewrittenDatabase,
    FinishInterruptedRewrite,
    ReadBackup,
    CreateBackupFolder,
    WriteBackup,
    RemoveOldBackup,
    CreatePackageFolder,
    WritePackageFile,
    ReadPackageFile,
}

named!(IoOp {
    CreateVaultFolder => "create_vault_folder", "create the vault folder";
    OpenLockFile => "open_lock_file", "open the lock file";
    LockVault => "lock_vault", "lock the vault";
    ReadKeyFile => "read_key_file", "read the key file";
    WriteKeyFile => "write_key_file", "write the key file";
    WriteGenerationFile => "write_generation_file", "write the vault's generation file";
    WritePreferences => "write_preferences", "write the preferences";
    SyncFolder => "sync_folder", "make a folder's entries durable";
    OpenDatabase => "open_database", "open the database";
    ReadDatabase => "read_database", "read the database";
    WriteDatabase => "write_database", "write to the database";
    SyncDatabase => "sync_database", "make the database durable";
    CloseDatabase => "close_database", "close the database";
    CleanUpSnapshot => "clean_up_snapshot", "remove an incomplete database snapshot";
    StageVault => "stage_vault", "prepare the new vault beside the old";
    InstallVault => "install_vault", "move the new vault into place";
    MoveDamagedAside => "move_damaged_aside", "move the damaged vault aside";
    CleanUpUnfinishedVault => "clean_up_unfinished_vault", "clean up an unfinished vault";
    RewriteDatabase => "rewrite_database", "rewrite the database";
    SwapRewrittenDatabase => "swap_rewritten_database", "swap in the rewritten database";
    FinishInterruptedRewrite => "finish_interrupted_rewrite", "finish an interrupted rewrite";
    ReadBackup => "read_backup", "read the backup";
    CreateBackupFolder => "create_backup_folder", "create the backup folder";
    WriteBackup => "write_backup", "write the backup";
    RemoveOldBackup => "remove_old_backup", "remove an old automatic backup";
    CreatePackageFolder => "create_package_folder", "create the package folder";
    WritePackageFile => "write_package_file", "write a package file";
    ReadPackageFile => "read_package_file", "read a package file";
});

/// Why the key file (`vault.json`) cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyFileDamage {
    /// The database is there, the key file is not.
    Missing,
    /// Not the JSON shape of a key file.
    Unreadable,
    /// The checksum over its contents does not match.
    ChecksumMismatch,
    /// Another format than a Veerkracht key file.
    UnknownFormat,
    UnknownAlgorithm,
    /// Hex fields that are not hex.
    BadEncoding,
    /// Key-derivation costs no real key file has (too high or too low).
    ImplausibleParameters,
    /// The unwrapped data key has the wrong length.
    WrongKeyLength,
}

named!(KeyFileDamage {
    Missing => "missing", "vault.json is missing";
    Unreadable => "unreadable", "it is not a key file";
    ChecksumMismatch => "checksum_mismatch", "its checksum does not match";
    UnknownFormat => "unknown_format", "unknown format";
    UnknownAlgorithm => "unknown_algorithm", "unknown algorithm";
    BadEncoding => "bad_encoding", "badly encoded fields";
    ImplausibleParameters => "implausible_parameters", "implausible key-derivation parameters";
    WrongKeyLength => "wrong_key_length", "the data key has the wrong length";
});

/// Why the database cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DbDamage {
    /// The key file is there, `db/` is not.
    FolderMissing,
    /// The database does not belong to this key file.
    ForeignDatabase,
    SchemaMissing,
    SchemaUnreadable,
    /// The sealed index key in `meta` does not open with the data key.
    IndexKeyUnreadable,
    /// A schema version older than the first release.
    SchemaTooOld {
        found: u32,
    },
    /// The database is older than the vault's last durable save: sled
    /// rolled a damaged log back, and changes were lost.
    OlderThanLastSave {
        found: u64,
        expected: u64,
    },
    /// sled reports corruption in its files.
    SledCorruption,
    /// sled refuses the files (another sled version or configuration).
    SledUnsupported,
    /// sled failed in a way it calls a bug.
    SledFailure,
    /// sled panicked on these files (contained: the process goes on).
    SledPanicked,
    /// Rebuilt from sled's log alone (its snapshot set aside), the
    /// database lacks records its index names: the log is incomplete.
    LogIncomplete,
    /// sled's config is lost and its log does not show which segment size
    /// it was written with (opening it with the wrong one would damage it).
    SegmentSizeUnknown,
}

impl DbDamage {
    /// A stable identifier, e.g. for a message catalogue.
    pub fn id(&self) -> &'static str {
        match self {
            DbDamage::FolderMissing => "folder_missing",
            DbDamage::ForeignDatabase => "foreign_database",
            DbDamage::SchemaMissing => "schema_missing",
            DbDamage::SchemaUnreadable => "schema_unreadable",
            DbDamage::IndexKeyUnreadable => "index_key_unreadable",
            DbDamage::SchemaTooOld { .. } => "schema_too_old",
            DbDamage::OlderThanLastSave { .. } => "older_than_last_save",
            DbDamage::SledCorruption => "sled_corruption",
            DbDamage::SledUnsupported => "sled_unsupported",
            DbDamage::SledFailure => "sled_failure",
            DbDamage::SledPanicked => "sled_panicked",
            DbDamage::LogIncomplete => "log_incomplete",
            DbDamage::SegmentSizeUnknown => "segment_size_unknown",
        }
    }
}

impl fmt::Display for DbDamage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DbDamage::FolderMissing => f.write_str("the db folder is missing"),
            DbDamage::ForeignDatabase => f.write_str("it does not belong to this key file"),
            DbDamage::SchemaMissing => f.write_str("the schema version is missing"),
            DbDamage::SchemaUnreadable => f.write_str("the schema version is unreadable"),
            DbDamage::IndexKeyUnreadable => f.write_str("the index key does not open"),
            DbDamage::SchemaTooOld { found } => {
                write!(f, "schema version {found} predates the first release")
            }
            DbDamage::OlderThanLastSave { found, expected } => write!(
                f,
                "it is older than the vault's last save (generation {found} < {expected}): changes were lost"
            ),
            DbDamage::SledCorruption => f.write_str("sled reports corruption"),
            DbDamage::SledUnsupported => f.write_str("sled cannot read these files"),
            DbDamage::SledFailure => f.write_str("sled failed"),
            DbDamage::SledPanicked => f.write_str("sled panicked on these files"),
            DbDamage::LogIncomplete => {
                f.write_str("rebuilt from the log, it lacks records its index names")
            }
            DbDamage::SegmentSizeUnknown => {
                f.write_str("its config is lost and its log does not show its segment size")
            }
        }
    }
}

/// Why a backup file cannot be restored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BackupDamage {
    /// Not a Veerkracht backup at all.
    NotABackup,
    /// Shorter than its own header says.
    CutShort,
    /// The sealed contents do not check out: changed or cut short.
    ContentsAltered,
    /// Sealed correctly, but not a backup's contents (a bug or a forgery).
    Undecodable,
    /// The key file inside the backup is damaged.
    KeyFileDamaged,
}

named!(BackupDamage {
    NotABackup => "not_a_backup", "not a Veerkracht backup";
    CutShort => "cut_short", "the file is cut short";
    ContentsAltered => "contents_altered", "the contents do not check out (changed or cut short)";
    Undecodable => "undecodable", "the contents cannot be decoded";
    KeyFileDamaged => "key_file_damaged", "its key file is damaged";
});

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

/// Which kind of stored value a damaged record is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecordKind {
    Encounter,
    LedgerEntry,
    AuditEntry,
    /// The encounter kept at a lock (tree `drafts`).
    Draft,
    /// A date to see a family again (tree `follow_ups`).
    FollowUp,
    /// The vault's source id (in `meta`).
    SourceId,
}

named!(RecordKind {
    Encounter => "encounter", "encounter";
    LedgerEntry => "ledger_entry", "ledger entry";
    AuditEntry => "audit_entry", "audit entry";
    Draft => "draft", "draft";
    FollowUp => "follow_up", "follow-up";
    SourceId => "source_id", "source id";
});

/// Why one stored value cannot be read back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecordDamage {
    /// The seal does not open: a changed byte, or a value moved to another key.
    Undecryptable,
    /// An empty value.
    Empty,
    /// An envelope version this build does not know.
    UnknownEnvelope {
        version: u8,
    },
    /// Its size prefix claims more than any record holds.
    ImplausibleSize {
        claimed: u64,
    },
    /// The bytes inside the seal do not decode.
    Undecodable,
    InvalidFamilyCode,
    InvalidDate,
    InvalidPeriod,
    UnknownAuditAction {
        code: u8,
    },
}

impl RecordDamage {
    /// A stable identifier, e.g. for a message catalogue.
    pub fn id(&self) -> &'static str {
        match self {
            RecordDamage::Undecryptable => "undecryptable",
            RecordDamage::Empty => "empty",
            RecordDamage::UnknownEnvelope { .. } => "unknown_envelope",
            RecordDamage::ImplausibleSize { .. } => "implausible_size",
            RecordDamage::Undecodable => "undecodable",
            RecordDamage::InvalidFamilyCode => "invalid_family_code",
            RecordDamage::InvalidDate => "invalid_date",
            RecordDamage::InvalidPeriod => "invalid_period",
            RecordDamage::UnknownAuditAction { .. } => "unknown_audit_action",
        }
    }
}

impl fmt::Display for RecordDamage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RecordDamage::Undecryptable => f.write_str("cannot be decrypted"),
            RecordDamage::Empty => f.write_str("empty"),
            RecordDamage::UnknownEnvelope { version } => {
                write!(f, "unknown envelope version {version}")
            }
            RecordDamage::ImplausibleSize { claimed } => write!(f, "claims {claimed} bytes"),
            RecordDamage::Undecodable => f.write_str("cannot be decoded"),
            RecordDamage::InvalidFamilyCode => f.write_str("bad family code"),
            RecordDamage::InvalidDate => f.write_str("bad date"),
            RecordDamage::InvalidPeriod => f.write_str("bad period"),
            RecordDamage::UnknownAuditAction { code } => write!(f, "unknown audit action {code}"),
        }
    }
}
