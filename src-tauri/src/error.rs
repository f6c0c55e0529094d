//! The one error type that crosses the IPC boundary: `{ kind, message, fields }`.
//! The UI branches on `kind` (never on text) and shows `message`, already in
//! the user's language; `fields` places validation errors at their inputs.

use serde::{Deserialize, Serialize};
use specta::Type;
use veerkracht_core::{FieldError, Lang};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// No vault yet: the UI shows the create screen.
    NoVault,
    /// The folder is taken: by a vault, or by other files.
    VaultExists,
    WrongPassphrase,
    /// A new passphrase does not meet the rule.
    WeakPassphrase,
    /// Another process (a second app, the CLI) holds the vault.
    VaultInUse,
    /// The vault is locked: the UI shows the unlock screen.
    Locked,
    /// The input broke validation rules; see `fields`.
    Invalid,
    NotFound,
    /// Key file or database damaged: the UI offers recovery.
    Damaged,
    /// Written by a newer Veerkracht.
    TooNew,
    /// The disk failed us (full, read-only, …).
    Io,
    /// A bug: the message says what; the UI shows it and stays usable.
    Internal,
    /// The chosen folder already holds a package: pick another.
    Exists,
    /// The note holds possible identifiers; see `findings`.
    Identifiers,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct FieldErrorDto {
    /// Path of the field, e.g. `needs[1].status`.
    pub field: String,
    /// The rule's machine name, e.g. `limits_required`.
    pub rule: String,
    pub message: String,
}

/// A possible identifier in a note (offsets in characters).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct FindingDto {
    /// `phone`, `email`, `national_number`, `iban`, `address`, `date`, `age`, `name` or `place`.
    pub kind: String,
    pub start: u32,
    pub end: u32,
    pub text: String,
}

impl From<&veerkracht_core::scan::Finding> for FindingDto {
    fn from(f: &veerkracht_core::scan::Finding) -> Self {
        FindingDto {
            kind: f.kind.id().into(),
            start: f.start as u32,
            end: f.end as u32,
            text: f.text.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct IpcError {
    pub kind: ErrorKind,
    pub message: String,
    pub fields: Vec<FieldErrorDto>,
    /// For `identifiers`: what the scanner found in the note.
    pub findings: Vec<FindingDto>,
}

impl IpcError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> IpcError {
        IpcError {
            kind,
            message: message.into(),
            fields: Vec::new(),
            findings: Vec::new(),
        }
    }

    pub fn locked(lang: Lang) -> IpcError {
        IpcError::new(
            ErrorKind::Locked,
            lang.pick(
                "De kluis is vergrendeld.",
                "Le coffre est verrouillé.",
                "The vault is locked.",
            ),
        )
    }

    pub fn not_found(lang: Lang) -> IpcError {
        IpcError::new(
            ErrorKind::NotFound,
            lang.pick("Niet gevonden.", "Introuvable.", "Not found."),
        )
    }

    pub fn invalid(errors: Vec<FieldError>, lang: Lang) -> IpcError {
        IpcError {
            findings: Vec::new(),
            kind: ErrorKind::Invalid,
            message: lang
                .pick(
                    "Niet opgeslagen: verbeter de gemarkeerde velden.",
                    "Non enregistré : corrigez les champs signalés.",
                    "Not saved: correct the marked fields.",
                )
                .into(),
            fields: errors
                .into_iter()
                .map(|e| FieldErrorDto {
                    rule: e.rule.id().into(),
                    message: e.rule.message(lang),
                    field: e.field,
                })
                .collect(),
        }
    }

    pub fn from_store(e: veerkracht_store::Error, lang: Lang) -> IpcError {
        use veerkracht_store::Error as S;
        let kind = match &e {
            S::NoVault { .. } => ErrorKind::NoVault,
            S::NotAVault { .. } | S::AlreadyExists { .. } | S::FolderNotEmpty { .. } => {
                ErrorKind::VaultExists
            }
            S::WrongPassphrase => ErrorKind::WrongPassphrase,
            S::VaultInUse { .. } => ErrorKind::VaultInUse,
            S::SchemaTooNew { .. } => ErrorKind::TooNew,
            S::DamagedKeyFile { .. }
            | S::DamagedDatabase { .. }
            | S::DamagedRecord { .. }
            | S::DamagedBackup { .. } => ErrorKind::Damaged,
            S::DuplicateIds { .. } => ErrorKind::Invalid,
            S::PackageExists { .. } => ErrorKind::Exists,
            S::NotAPackage { .. } => ErrorKind::NotFound,
            S::Core(veerkracht_core::Error::PassphraseTooShort { .. }) => ErrorKind::WeakPassphrase,
            S::Core(_) => ErrorKind::Invalid,
            S::Io { .. } => ErrorKind::Io,
            S::NoAutomaticBackup { .. } => ErrorKind::NotFound,
            S::NeedsReopen => ErrorKind::Locked,
        };
        IpcError::new(kind, crate::store_text::store_error(&e, lang))
    }
}
