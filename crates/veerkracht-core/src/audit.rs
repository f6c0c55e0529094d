//! The audit log's domain shape: what happened, when, how many — never any
//! content (no note, no code value, no pseudonym).

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Created,
    Edited,
    Deleted,
    Imported,
    Exported,
    Purged,
    Backup,
    Restore,
    /// The worker confirmed that a scanner finding does not identify anyone.
    ConfirmedNotIdentifying,
    PassphraseChanged,
}

impl Action {
    pub const ALL: [Action; 10] = [
        Action::Created,
        Action::Edited,
        Action::Deleted,
        Action::Imported,
        Action::Exported,
        Action::Purged,
        Action::Backup,
        Action::Restore,
        Action::ConfirmedNotIdentifying,
        Action::PassphraseChanged,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Action::Created => "created",
            Action::Edited => "edited",
            Action::Deleted => "deleted",
            Action::Imported => "imported",
            Action::Exported => "exported",
            Action::Purged => "purged",
            Action::Backup => "backup",
            Action::Restore => "restore",
            Action::ConfirmedNotIdentifying => "confirmed_not_identifying",
            Action::PassphraseChanged => "passphrase_changed",
        }
    }

    pub fn code(self) -> u8 {
        Action::ALL.iter().position(|a| *a == self).expect("listed") as u8
    }

    pub fn from_code(c: u8) -> Option<Action> {
        Action::ALL.get(c as usize).copied()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// Seconds since 1970-01-01 UTC.
    pub at: i64,
    pub action: Action,
    /// How many records the action touched.
    pub count: u64,
    /// A non-identifying detail: a finding kind, a period, "demo".
    pub detail: String,
}
