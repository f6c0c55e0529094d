//! Every failure a front end can meet, as data. The words are made in
//! [`crate::messages`]; the app also switches on the variant.

use std::path::PathBuf;
use veerkracht_core::scan::Finding;
use veerkracht_core::FieldError;

/// One problem of an import, at its line (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    pub line: usize,
    pub error: FieldError,
}

/// A possible identifier in an imported note, at its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineFinding {
    pub line: usize,
    pub finding: Finding,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Core(#[from] veerkracht_core::Error),
    #[error(transparent)]
    Store(#[from] veerkracht_store::Error),
    #[error(transparent)]
    Signals(#[from] veerkracht_signals::Error),
    /// Input that breaks rules, each at its field.
    #[error("invalid input: {}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<FieldError>),
    /// The note holds possible identifiers the worker has not confirmed.
    #[error("the note may identify someone ({} findings)", .0.len())]
    Identifiers(Vec<Finding>),
    /// The app has no unlocked session.
    #[error("the vault is locked")]
    Locked,
    /// No encounter, family or backup of that name.
    #[error("not found")]
    NotFound,
    /// `show ID`: no encounter has this id or starts with it.
    #[error("no encounter with id {id}")]
    NoSuchEncounter { id: String },
    /// An id prefix shorter than `min` characters.
    #[error("an id prefix needs at least {min} characters: {given}")]
    PrefixTooShort { given: String, min: usize },
    /// Several encounters start with the prefix.
    #[error("{count} encounters start with {prefix}")]
    AmbiguousPrefix { prefix: String, count: usize },
    /// The vault folder has no automatic backup to restore.
    #[error("there is no automatic backup")]
    NoAutomaticBackup,
    /// Nothing imported: these lines break rules (`lines` lines in all).
    #[error("nothing imported: {} errors on {lines} lines", .errors.len())]
    ImportRejected {
        errors: Vec<LineError>,
        total: usize,
        lines: usize,
    },
    /// Nothing imported: notes hold possible identifiers and the import
    /// was not told to accept them.
    #[error("nothing imported: {} possible identifiers in notes", .findings.len())]
    ImportFindings { findings: Vec<LineFinding> },
    #[error("cannot read {path}: {source}")]
    ReadFile {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write {path}: {source}")]
    WriteFile {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// `verify`, or a source of `merge`: the package at `path` is not sound.
    #[error("{}: {} problems", .path.display(), .problems.len())]
    PackageUnsound {
        path: PathBuf,
        problems: Vec<veerkracht_signals::package::Problem>,
    },
    /// Packages that cannot be merged: of different periods or codebooks.
    #[error("cannot merge: {what:?} differ ({first} and {other})")]
    MergeMismatch {
        what: Mismatch,
        first: String,
        other: String,
    },
    /// A package could not be read at all.
    #[error("{}: {error}", .path.display())]
    PackageUnreadable {
        path: PathBuf,
        error: veerkracht_signals::package::ReadError,
    },
}

/// What differs between packages that cannot be merged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mismatch {
    Periods,
    Codebooks,
}

impl Error {
    /// One invalid field.
    pub fn invalid(field: &str, rule: veerkracht_core::Rule) -> Error {
        Error::Invalid(vec![FieldError::new(field, rule)])
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
