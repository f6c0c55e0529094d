//! # veerkracht-usecases
//!
//! The one surface every front end calls: the desktop app (`src-tauri`),
//! the `veerkracht` CLI and the bench. A use case that touches more than
//! one crate lives here once (save with confirmed scanner findings, import,
//! export, merge, verify, restore, preferences; in `planner` the draft kept
//! across a lock, follow-ups, a family at a glance, removing the demo
//! caseload), so the app and the CLI can never disagree about what a save
//! or an export is.
//!
//! Main types: [`Session`] (an unlocked vault and its caseload, with every
//! use case over them), [`Error`] (every failure a front end can meet, as
//! data) with [`Error::message`] (its words in nl/fr/en, made here once for
//! both front ends), [`ExportRequest`], and the package use cases in
//! [`packages`].
//!
//! What this crate must not do: name sled or tauri, print, or hold state
//! beyond what a caller owns (the app keeps a `Session` between commands;
//! the CLI opens one per command).

pub mod about;
pub mod demo;
pub mod error;
pub mod export;
pub mod files;
pub mod import;
pub mod lookup;
pub mod messages;
pub mod packages;
pub mod planner;
pub mod preferences;
pub mod recovery;
pub mod session;

pub use error::Error;
pub use export::{ExportPreview, ExportRequest, Exported};
pub use planner::{ExportRecord, FamilyView, PlannedFollowUp, Started};
pub use session::{Page, Saved, Session};

use chrono::NaiveDate;

/// The product's one version: app, CLI and the `generator` of packages.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Today in the machine's time zone: the one clock the use cases read
/// (core takes `today` as a parameter).
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// Now as RFC 3339 in UTC, for the `created` stamp of packages.
pub(crate) fn now_stamp() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}
