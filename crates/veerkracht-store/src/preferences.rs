//! The app's preferences: language, organisation label, auto-lock delay.
//!
//! Kept as plain JSON beside the vault (`preferences.json`) because they are
//! needed before the vault is unlocked (the unlock screen speaks the chosen
//! language) and hold nothing about any family.

use crate::durable;
use crate::error::{Error, IoOp};
use serde::{Deserialize, Serialize};
use std::path::Path;
use veerkracht_core::{FieldError, Lang, Rule};

pub const FILE_NAME: &str = "preferences.json";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Preferences {
    /// `None` until the user picks one: then the system locale decides.
    pub language: Option<Lang>,
    /// Shown in the title bar and on exports of the worker's own overview.
    pub organisation: String,
    /// Minutes without input before the app locks itself.
    pub auto_lock_minutes: u32,
    /// Encounters older than this many months are purged.
    pub retention_months: u32,
    /// How many automatic backups to keep.
    pub backups_keep: u32,
}

impl Default for Preferences {
    fn default() -> Self {
        Preferences {
            language: None,
            organisation: String::new(),
            auto_lock_minutes: 5,
            retention_months: 24,
            backups_keep: 5,
        }
    }
}

/// Allowed retention periods, in months.
pub const RETENTION_RANGE: std::ops::RangeInclusive<u32> = 1..=120;
/// Allowed numbers of automatic backups.
pub const BACKUPS_RANGE: std::ops::RangeInclusive<u32> = 1..=50;

/// The language of the system locale (`LC_ALL`, `LC_MESSAGES`, `LANG`):
/// French or English when it says so, otherwise Dutch.
pub fn system_lang() -> Lang {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
        .map(|l| Lang::from_locale(&l))
        .unwrap_or_default()
}

/// Allowed auto-lock delays, in minutes.
pub const AUTO_LOCK_RANGE: std::ops::RangeInclusive<u32> = 1..=120;
/// The longest organisation label.
pub const ORGANISATION_MAX_CHARS: usize = 80;

impl Preferences {
    /// Reads the preferences; a missing or unreadable file gives the defaults
    /// (preferences are a convenience and must never keep the vault shut).
    /// Values outside the allowed ranges are brought back to the nearest
    /// allowed one: the file is plain JSON, and an edit must not switch
    /// auto-lock or retention off (0, or a delay of years).
    pub fn load(dir: &Path) -> Preferences {
        std::fs::read(dir.join(FILE_NAME))
            .ok()
            .and_then(|b| serde_json::from_slice::<Preferences>(&b).ok())
            .unwrap_or_default()
            .within_rules()
    }

    /// These preferences with every number clamped to its range and the
    /// organisation label cut to what [`Preferences::validate`] accepts.
    pub fn within_rules(self) -> Preferences {
        let clamp = |v: u32, r: std::ops::RangeInclusive<u32>| v.clamp(*r.start(), *r.end());
        Preferences {
            auto_lock_minutes: clamp(self.auto_lock_minutes, AUTO_LOCK_RANGE),
            retention_months: clamp(self.retention_months, RETENTION_RANGE),
            backups_keep: clamp(self.backups_keep, BACKUPS_RANGE),
            organisation: self
                .organisation
                .chars()
                .filter(|c| !c.is_control())
                .take(ORGANISATION_MAX_CHARS)
                .collect(),
            language: self.language,
        }
    }

    /// Every rule the preferences follow, in one place: the app's settings
    /// screen and any other caller ask here. Returns every broken rule.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        let found = self.organisation.chars().count();
        if found > ORGANISATION_MAX_CHARS {
            errors.push(FieldError::new(
                "organisation",
                Rule::TooLong {
                    max: ORGANISATION_MAX_CHARS,
                    found,
                },
            ));
        }
        if self.organisation.chars().any(char::is_control) {
            errors.push(FieldError::new("organisation", Rule::ControlCharacters));
        }
        for (field, value, range) in [
            ("auto_lock_minutes", self.auto_lock_minutes, AUTO_LOCK_RANGE),
            ("retention_months", self.retention_months, RETENTION_RANGE),
            ("backups_keep", self.backups_keep, BACKUPS_RANGE),
        ] {
            if !range.contains(&value) {
                errors.push(FieldError::new(
                    field,
                    Rule::OutOfRange {
                        min: u64::from(*range.start()),
                        max: u64::from(*range.end()),
                        found: u64::from(value),
                    },
                ));
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    pub fn save(&self, dir: &Path) -> Result<(), Error> {
        durable::create_dir_all(dir, IoOp::CreateVaultFolder)?;
        let text = serde_json::to_vec_pretty(self).expect("plain data serialises");
        durable::write_atomically(dir, FILE_NAME, &text, IoOp::WritePreferences)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edited_file_cannot_switch_auto_lock_or_retention_off() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(
            tmp.path().join(FILE_NAME),
            r#"{"auto_lock_minutes": 0, "retention_months": 4000000000, "backups_keep": 0}"#,
        )
        .unwrap();
        let p = Preferences::load(tmp.path());
        assert_eq!(
            p.auto_lock_minutes, 1,
            "0 would never lock: the shortest delay instead"
        );
        assert_eq!(
            p.retention_months, 120,
            "the longest retention allowed, not forever"
        );
        assert_eq!(p.backups_keep, 1);
        assert!(
            p.validate().is_ok(),
            "what load gives always passes the rules"
        );
        std::fs::write(
            tmp.path().join(FILE_NAME),
            r#"{"auto_lock_minutes": 100000}"#,
        )
        .unwrap();
        assert_eq!(Preferences::load(tmp.path()).auto_lock_minutes, 120);
    }

    #[test]
    fn preferences_round_trip_and_default_when_absent_or_damaged() {
        let tmp = tempfile::tempdir().unwrap();
        assert_eq!(Preferences::load(tmp.path()), Preferences::default());
        let p = Preferences {
            language: Some(Lang::Fr),
            organisation: "CAW Brussel".into(),
            auto_lock_minutes: 10,
            retention_months: 12,
            backups_keep: 3,
        };
        p.save(tmp.path()).unwrap();
        assert_eq!(Preferences::load(tmp.path()), p);
        std::fs::write(tmp.path().join(FILE_NAME), "garbage").unwrap();
        assert_eq!(Preferences::load(tmp.path()), Preferences::default());
    }
}
