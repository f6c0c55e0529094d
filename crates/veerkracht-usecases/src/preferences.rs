//! The worker's preferences: checked by one rule set and saved beside the
//! vault.

use crate::error::{Error, Result};
use std::path::Path;
use veerkracht_store::Preferences;

/// Saves the language the user chose, leaving every other preference as
/// it is (the choice applies at once, without the settings form).
pub fn set_language(dir: &Path, language: veerkracht_core::Lang) -> Result<Preferences> {
    let mut p = Preferences::load(dir);
    p.language = Some(language);
    set(dir, p)
}

/// Checks and saves new preferences for the vault in `dir`. The
/// organisation label is trimmed first.
pub fn set(dir: &Path, mut preferences: Preferences) -> Result<Preferences> {
    preferences.organisation = preferences.organisation.trim().to_string();
    preferences.validate().map_err(Error::Invalid)?;
    preferences.save(dir)?;
    Ok(preferences)
}
