//! The synthetic demo caseload, checked like any other input.

use crate::error::{Error, Result};
use chrono::NaiveDate;
use veerkracht_core::demo::DemoSpec;
use veerkracht_core::{FieldError, Rule};

/// The most families and encounters a demo caseload may have.
pub const MAX_FAMILIES: u64 = 1_000_000;
pub const MAX_ENCOUNTERS: u64 = 10_000_000;

/// A demo caseload of `families` families and `encounters` encounters
/// ending `until`, over the year before it.
pub fn spec(families: u64, encounters: u64, seed: u64, until: NaiveDate) -> Result<DemoSpec> {
    let mut errors = Vec::new();
    for (field, value, max) in [
        ("families", families, MAX_FAMILIES),
        ("encounters", encounters, MAX_ENCOUNTERS),
    ] {
        if !(1..=max).contains(&value) {
            errors.push(FieldError::new(
                field,
                Rule::OutOfRange {
                    min: 1,
                    max,
                    found: value,
                },
            ));
        }
    }
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    Ok(DemoSpec {
        families: families as usize,
        encounters: encounters as usize,
        seed,
        until,
        days: 365,
    })
}
