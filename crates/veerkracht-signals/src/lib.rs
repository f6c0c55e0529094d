//! # veerkracht-signals
//!
//! The researcher's side of Veerkracht: from a worker's encounters to a
//! signal package that can leave the machine, and from packages back to
//! figures. Aggregates only; never a pseudonym, a record date, an id or a
//! note.
//!
//! Main types: [`period::Period`] (a month, quarter or year),
//! [`aggregate::Aggregate`] (the cells of a period, counted under the
//! contract's rules), [`disclosure::Protection`] (which cells are
//! published), [`package::Package`] (what a package says, read or written).
//!
//! What this crate must not do: IO of any kind (bytes in, bytes out; the
//! store writes the folders), know about the vault, or build sentences for
//! people (labels come from the codebook, text from `veerkracht-i18n`).

pub mod aggregate;
pub mod disclosure;
pub mod package;
pub mod period;
pub mod plan;
pub mod prepare;

pub use period::Period;

/// The crate's one error type.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("thresholds too low: k={k}, k_high={k_high} (at least {min_k} and {min_k_high})")]
    ThresholdTooLow {
        k: u64,
        k_high: u64,
        min_k: u64,
        min_k_high: u64,
    },
    /// The spreadsheet could not be made (a bug: the data is plain).
    #[error("the spreadsheet could not be made: {detail}")]
    Render { detail: String },
    #[error(transparent)]
    Read(#[from] package::ReadError),
    #[error(transparent)]
    Merge(#[from] package::MergeError),
    #[error(transparent)]
    Series(#[from] package::series::SeriesError),
    #[error(transparent)]
    Refused(#[from] disclosure::Refusal),
}
