//! The one error type that crosses the IPC boundary: `{ kind, message,
//! fields, findings }`. The UI branches on `kind` (never on text) and shows
//! `message`, already in the user's language (worded by the service layer);
//! `fields` places validation errors at their inputs.

use crate::dto::FindingDto;
use serde::Serialize;
use specta::Type;
use veerkracht_core::Lang;
use veerkracht_usecases::Error as E;

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
    /// An export was given up (its stop button, its screen left, a lock):
    /// nothing was written or recorded.
    Stopped,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct FieldErrorDto {
    /// Path of the field, e.g. `needs[1].status`.
    pub field: String,
    /// The rule's machine name, e.g. `limits_required`.
    pub rule: String,
    pub message: String,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct IpcError {
    pub kind: ErrorKind,
    pub message: String,
    pub fields: Vec<FieldErrorDto>,
    /// For `identifiers`: what the scanner found in the note.
    pub findings: Vec<FindingDto>,
}

fn kind_of(e: &E) -> ErrorKind {
    use veerkracht_store::Error as S;
    match e {
        E::Store(s) => match s {
            S::NoVault { .. } => ErrorKind::NoVault,
            S::NotAVault { .. } | S::AlreadyExists { .. } => ErrorKind::VaultExists,
            S::FolderNotEmpty { .. } | S::PackageExists { .. } => ErrorKind::Exists,
            S::WrongPassphrase => ErrorKind::WrongPassphrase,
            S::VaultInUse { .. } => ErrorKind::VaultInUse,
            S::SchemaTooNew { .. } => ErrorKind::TooNew,
            S::DamagedKeyFile { .. } | S::DamagedDatabase { .. } | S::DamagedRecord { .. } => {
                ErrorKind::Damaged
            }
            S::DamagedBackup { .. } => ErrorKind::Damaged,
            S::DuplicateIds { .. } => ErrorKind::Invalid,
            S::NotAPackage { .. } => ErrorKind::NotFound,
            S::PackageFile { .. } => ErrorKind::Invalid,
            S::Core(veerkracht_core::Error::PassphraseTooWeak { .. }) => ErrorKind::WeakPassphrase,
            S::Core(_) => ErrorKind::Invalid,
            S::Io { .. } => ErrorKind::Io,
            S::NoAutomaticBackup { .. } => ErrorKind::NotFound,
            S::NeedsReopen => ErrorKind::Locked,
        },
        E::Core(veerkracht_core::Error::PassphraseTooWeak { .. }) => ErrorKind::WeakPassphrase,
        E::Core(_) | E::Invalid(_) | E::PrefixTooShort { .. } | E::AmbiguousPrefix { .. } => {
            ErrorKind::Invalid
        }
        E::Signals(veerkracht_signals::Error::Render { .. }) => ErrorKind::Internal,
        E::Signals(veerkracht_signals::Error::Refused(
            veerkracht_signals::disclosure::Refusal::Stopped,
        )) => ErrorKind::Stopped,
        E::Signals(_) | E::PackageUnsound { .. } | E::PackageUnreadable { .. } => {
            ErrorKind::Invalid
        }
        E::Identifiers(_) => ErrorKind::Identifiers,
        E::Locked => ErrorKind::Locked,
        E::NotFound | E::NoSuchEncounter { .. } | E::NoAutomaticBackup => ErrorKind::NotFound,
        E::ImportRejected { .. } | E::ImportFindings { .. } => ErrorKind::Invalid,
        E::MergeMismatch { .. } => ErrorKind::Invalid,
        E::ReadFile { .. } | E::WriteFile { .. } => ErrorKind::Io,
    }
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

    /// For a save: an invalid form says "not saved" (the fields say why).
    pub fn not_saved(mut self, lang: Lang) -> IpcError {
        if self.kind == ErrorKind::Invalid && !self.fields.is_empty() {
            self.message = veerkracht_i18n::t!(lang, "invalid-not-saved");
        }
        self
    }

    /// A service-layer failure as the UI receives it.
    pub fn from_usecase(e: E, lang: Lang) -> IpcError {
        let mut ipc = IpcError::new(kind_of(&e), e.message(lang));
        match e {
            E::Invalid(errors) => {
                ipc.fields = errors
                    .iter()
                    .map(|f| FieldErrorDto {
                        field: f.field.clone(),
                        rule: f.rule.id().into(),
                        message: veerkracht_usecases::messages::rule(lang, &f.rule),
                    })
                    .collect();
            }
            E::Identifiers(findings) => {
                ipc.findings = findings.iter().map(FindingDto::from).collect();
            }
            E::PackageUnsound { .. } => {
                let details = e.details(lang);
                if !details.is_empty() {
                    ipc.message = format!("{} {}", ipc.message, details.join(" · "));
                }
            }
            _ => {}
        }
        ipc
    }
}
