//! # veerkracht-core
//!
//! The domain of Veerkracht: the codebook (the contract of dimension and code
//! ids), the [`Encounter`] and its validation, the derived fields, the
//! exchange format, family pseudonyms and a synthetic demo caseload.
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
pub mod caseload;
pub mod codebook;
pub mod demo;
pub mod derived;
pub mod encounter;
pub mod exchange;
pub mod family;
pub mod lang;
pub mod passphrase;
pub mod rows;
pub mod scan;
pub mod validate;

pub use codebook::{Codebook, Dimension, Kind, Section, Sensitivity};
pub use encounter::{Answer, Encounter, Qualified};
pub use family::FamilyCode;
pub use lang::Lang;
pub use validate::{validate, FieldError, Rule};

/// The crate's one error type.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("unknown language {0:?} (use nl, fr or en)")]
    UnknownLanguage(String),
    #[error("the codebook is malformed: {0}")]
    Codebook(String),
    #[error("passphrase too short: at least {min} characters")]
    PassphraseTooShort { min: usize },
    #[error("thresholds too low: k={k}, k_high={k_high} (at least {min_k} and {min_k_high})")]
    ThresholdTooLow {
        k: u64,
        k_high: u64,
        min_k: u64,
        min_k_high: u64,
    },
    #[error("invalid encounter: {}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<FieldError>),
}

impl Error {
    /// The error in the reader's language.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Error::UnknownLanguage(l) => format!(
                "{} {l:?} (nl, fr, en)",
                lang.pick("onbekende taal", "langue inconnue", "unknown language")
            ),
            Error::Codebook(detail) => format!(
                "{}: {detail}",
                lang.pick(
                    "het codeboek is ongeldig",
                    "le livre de codes est invalide",
                    "the codebook is malformed"
                )
            ),
            Error::PassphraseTooShort { min } => format!(
                "{} {min} {}",
                lang.pick(
                    "wachtwoordzin te kort: minstens",
                    "phrase secrète trop courte : au moins",
                    "passphrase too short: at least"
                ),
                lang.pick("tekens", "caractères", "characters")
            ),
            Error::ThresholdTooLow {
                k,
                k_high,
                min_k,
                min_k_high,
            } => format!(
                "{} (k={k}, k_high={k_high}; {} {min_k} / {min_k_high})",
                lang.pick(
                    "drempels mogen enkel omhoog",
                    "les seuils ne peuvent qu'augmenter",
                    "thresholds can only be raised"
                ),
                lang.pick("minimum", "minimum", "at least")
            ),
            Error::Invalid(errors) => errors
                .iter()
                .map(|e| e.message(lang))
                .collect::<Vec<_>>()
                .join("; "),
        }
    }
}
