//! # veerkracht-core
//!
//! The domain of Veerkracht: the codebook (the contract of dimension and code
//! ids), the [`Encounter`] and its validation, the derived fields, the
//! exchange format, family pseudonyms, following a family (what is still
//! open, when to see it again) and a synthetic demo caseload.
//!
//! Main types: [`Codebook`] (embedded, typed access, nl/fr/en labels),
//! [`Encounter`] with [`Answer`]s per dimension, [`FieldError`] (a field and
//! the [`Rule`] it broke, worded on demand in a [`Lang`]), [`FamilyCode`].
//!
//! What this crate must not do: no IO of any kind (no files, no network, no
//! clock: `today` is always a parameter, randomness is passed in or seeded),
//! no storage concerns (the store has its own record shapes), no UI strings
//! beyond the messages that explain a rule.

pub mod audit;
pub mod brief;
pub mod caseload;
pub mod codebook;
pub mod demo;
pub mod derived;
pub mod encounter;
pub mod exchange;
pub mod family;
pub mod follow;
pub mod lang;
pub mod passphrase;
pub mod rows;
pub mod scan;
pub mod validate;

pub use codebook::{Codebook, Dimension, Kind, Section, Sensitivity};
pub use encounter::{Answer, Encounter, Qualified};
pub use family::FamilyCode;
pub use lang::Lang;
pub use validate::{validate, FieldError, JsonProblem, Rule};

/// The crate's one error type. Variants carry data; the words for people
/// are made at the edge (`veerkracht-i18n`, through the service layer).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("unknown language {value:?} (use nl, fr or en)")]
    UnknownLanguage { value: String },
    #[error("the codebook is malformed: {detail}")]
    Codebook { detail: String },
    #[error("passphrase too weak: at least {min} characters, not a common word, a repetition or a row of keys")]
    PassphraseTooWeak { min: usize },
    #[error("invalid: {}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<FieldError>),
}
