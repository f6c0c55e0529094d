//! Following a family: how it is now (its situation at the latest
//! encounter), what is still open (needs unmet or pending, and since when),
//! what changed since the first encounter; the encounter that was being
//! typed when the vault locked ([`Draft`]); and the date to see a family
//! again ([`FollowUp`]).
//!
//! Drafts and follow-ups are planning data of the worker's own: the store
//! keeps them sealed in the vault, and they never reach a signal package or
//! the exchange format.

use crate::caseload::{carried_over, changes, Change};
use crate::codebook::{Codebook, Kind, NEEDS};
use crate::derived::{kansarm_indicator, policy_signal, Tri};
use crate::encounter::{Answer, Encounter};
use crate::validate::{FieldError, Rule};
use crate::FamilyCode;
use chrono::NaiveDate;
use std::collections::HashMap;

/// Statuses that leave a need open: it is still to be answered.
pub const OPEN_STATUSES: [&str; 2] = ["unmet", "pending"];

/// Whether a need's status leaves it open.
pub fn is_open(status: &str) -> bool {
    OPEN_STATUSES.contains(&status)
}

/// A need still open at the family's latest encounter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenNeed {
    pub code: String,
    pub status: String,
    /// The first encounter of the unbroken run in which it was open.
    pub since: NaiveDate,
}

/// A family at a glance, from its encounters.
#[derive(Debug, Clone, PartialEq)]
pub struct FamilyNow<'a> {
    pub latest: &'a Encounter,
    pub first: NaiveDate,
    pub encounters: usize,
    /// The situation at the latest encounter: each carried-over dimension
    /// with an answer (or a default), in codebook order, with its codes.
    pub situation: Vec<(&'a str, Vec<String>)>,
    /// Needs unmet or pending at the latest encounter, in its order.
    pub open_needs: Vec<OpenNeed>,
    /// The situation moves between the first and the latest encounter.
    pub since_first: Vec<Change>,
    /// Encounters that were a policy signal.
    pub policy_signals: usize,
    pub kansarm: Tri,
}

/// How the family is now, from its encounters oldest first (`None` for none).
pub fn family_now<'a>(timeline: &[&'a Encounter], cb: &'a Codebook) -> Option<FamilyNow<'a>> {
    let (first, latest) = (*timeline.first()?, *timeline.last()?);
    let mut since: HashMap<&str, NaiveDate> = HashMap::new();
    for e in timeline {
        let open: Vec<&str> = e
            .qualified(NEEDS)
            .iter()
            .filter(|q| is_open(&q.qualifier))
            .map(|q| q.code.as_str())
            .collect();
        since.retain(|code, _| open.contains(code));
        for code in open {
            since.entry(code).or_insert(e.date);
        }
    }
    let open_needs = latest
        .qualified(NEEDS)
        .iter()
        .filter(|q| is_open(&q.qualifier))
        .map(|q| OpenNeed {
            code: q.code.clone(),
            status: q.qualifier.clone(),
            since: since.get(q.code.as_str()).copied().unwrap_or(latest.date),
        })
        .collect();
    let situation = carried_over(cb)
        .into_iter()
        .filter_map(|dim| {
            let d = cb.dimension(dim)?;
            let codes = match latest.answer(dim) {
                Some(Answer::Single(c)) => vec![c.clone()],
                Some(Answer::Multi(cs)) if !cs.is_empty() => cs.clone(),
                None if d.kind == Kind::Single => vec![d.default.clone()?],
                _ => return None,
            };
            Some((d.id.as_str(), codes))
        })
        .collect();
    Some(FamilyNow {
        latest,
        first: first.date,
        encounters: timeline.len(),
        situation,
        open_needs,
        since_first: changes(first, latest)
            .into_iter()
            .filter(|c| matches!(c, Change::Moved { .. }))
            .collect(),
        policy_signals: timeline.iter().filter(|e| policy_signal(e)).count(),
        kansarm: kansarm_indicator(latest, cb),
    })
}

/// The encounter a worker was typing when the vault locked, kept sealed in
/// the vault until it is saved or thrown away.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub encounter: Encounter,
    /// The form held a valid date (otherwise `encounter.date` means nothing
    /// and the form shows the field empty).
    pub dated: bool,
    /// A new encounter, not an edit of a saved one.
    pub is_new: bool,
}

/// A date to see a family again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUp {
    pub family: FamilyCode,
    pub date: NaiveDate,
}

impl FollowUp {
    /// Due on its day and every day after, until it is changed or cleared.
    pub fn is_due(&self, today: NaiveDate) -> bool {
        self.date <= today
    }
}

/// A new follow-up date must not lie before today.
pub fn check_follow_up(date: NaiveDate, today: NaiveDate) -> Result<(), FieldError> {
    if date < today {
        return Err(FieldError::new("date", Rule::DateInPast { date, today }));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encounter::Qualified;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
    }

    fn at(d: u32, needs: &[(&str, &str)], housing: &str) -> Encounter {
        let cb = Codebook::embedded();
        let mut e = Encounter::new(
            uuid::Uuid::from_u128(d as u128),
            FamilyCode::parse("7K3M-9QZD").unwrap(),
            day(d),
            cb,
        );
        e.set(
            NEEDS,
            Answer::MultiStatus(needs.iter().map(|(c, s)| Qualified::new(*c, *s)).collect()),
        );
        e.set("housing_situation", Answer::Single(housing.into()));
        e
    }

    #[test]
    fn open_needs_say_since_when_they_are_open_without_a_break() {
        let list = [
            at(
                1,
                &[
                    ("shelter_tonight", "unmet"),
                    ("food_baby_essentials", "unmet"),
                ],
                "street",
            ),
            at(
                5,
                &[
                    ("shelter_tonight", "pending"),
                    ("food_baby_essentials", "met"),
                ],
                "street",
            ),
            at(
                9,
                &[
                    ("shelter_tonight", "unmet"),
                    ("food_baby_essentials", "unmet"),
                ],
                "emergency_shelter",
            ),
        ];
        let refs: Vec<&Encounter> = list.iter().collect();
        let now = family_now(&refs, Codebook::embedded()).unwrap();
        assert_eq!(now.encounters, 3);
        assert_eq!(now.first, day(1));
        assert_eq!(
            now.open_needs,
            vec![
                OpenNeed {
                    code: "shelter_tonight".into(),
                    status: "unmet".into(),
                    since: day(1)
                },
                OpenNeed {
                    code: "food_baby_essentials".into(),
                    status: "unmet".into(),
                    since: day(9)
                },
            ],
            "pending keeps a need open; met breaks the run"
        );
        assert_eq!(
            now.since_first,
            vec![Change::Moved {
                dimension: "housing_situation".into(),
                from: Some("street".into()),
                to: Some("emergency_shelter".into()),
            }]
        );
        let housing = now
            .situation
            .iter()
            .find(|(d, _)| *d == "housing_situation")
            .unwrap();
        assert_eq!(housing.1, vec!["emergency_shelter".to_string()]);
        let residence = now
            .situation
            .iter()
            .find(|(d, _)| *d == "residence_status")
            .unwrap();
        assert_eq!(
            residence.1,
            vec!["not_asked".to_string()],
            "a default stands in for a missing answer"
        );
    }

    #[test]
    fn a_follow_up_is_due_on_its_day_and_never_planned_in_the_past() {
        let f = FollowUp {
            family: FamilyCode::parse("7K3M-9QZD").unwrap(),
            date: day(10),
        };
        assert!(!f.is_due(day(9)));
        assert!(f.is_due(day(10)));
        assert!(f.is_due(day(11)));
        assert!(check_follow_up(day(10), day(10)).is_ok());
        assert_eq!(
            check_follow_up(day(9), day(10)).unwrap_err().rule.id(),
            "date_in_past"
        );
    }
}
