//! A worker's own caseload: filtering encounters and following families.
//! Shared by the CLI and the app so that both find the same things.

use crate::codebook::{
    Codebook, HOUSING_SITUATION, MUNICIPALITY, NEEDS, OUTCOME, RESIDENCE_STATUS,
};
use crate::derived::themes_effective;
use crate::encounter::Encounter;
use crate::FamilyCode;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// What to look for. Every field that is set must match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub family: Option<FamilyCode>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// A theme, recorded or implied by a theme detail.
    pub theme: Option<String>,
    pub need: Option<String>,
    /// With `need`: only that status (met, pending, unmet).
    pub need_status: Option<String>,
    pub outcome: Option<String>,
    pub municipality: Option<String>,
    /// Case-insensitive words that must all appear in the note or family code.
    pub text: Option<String>,
}

impl Filter {
    pub fn matches(&self, e: &Encounter, cb: &Codebook) -> bool {
        if self.family.as_ref().is_some_and(|f| *f != e.family) {
            return false;
        }
        if self.from.is_some_and(|d| e.date < d) || self.to.is_some_and(|d| e.date > d) {
            return false;
        }
        if let Some(theme) = &self.theme {
            if !themes_effective(e, cb).contains(&theme.as_str()) {
                return false;
            }
        }
        if self.need.is_some() || self.need_status.is_some() {
            let hit = e.qualified(NEEDS).iter().any(|q| {
                self.need.as_ref().is_none_or(|n| *n == q.code)
                    && self.need_status.as_ref().is_none_or(|s| *s == q.qualifier)
            });
            if !hit {
                return false;
            }
        }
        if self
            .outcome
            .as_ref()
            .is_some_and(|o| e.single(OUTCOME) != Some(o.as_str()))
        {
            return false;
        }
        if self
            .municipality
            .as_ref()
            .is_some_and(|m| e.single(MUNICIPALITY) != Some(m.as_str()))
        {
            return false;
        }
        if let Some(text) = &self.text {
            let hay = format!(
                "{} {}",
                e.family.as_str().to_lowercase(),
                e.note.as_deref().unwrap_or("").to_lowercase()
            );
            if !text
                .to_lowercase()
                .split_whitespace()
                .all(|word| hay.contains(word))
            {
                return false;
            }
        }
        true
    }

    /// The encounters that match, in the order given.
    pub fn apply<'a>(&self, encounters: &'a [Encounter], cb: &Codebook) -> Vec<&'a Encounter> {
        encounters.iter().filter(|e| self.matches(e, cb)).collect()
    }
}

/// One family as the caseload sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FamilySummary {
    pub family: FamilyCode,
    pub encounters: usize,
    pub first: NaiveDate,
    pub last: NaiveDate,
    /// Situation at the latest encounter (greatest `(date, id)`).
    pub housing: Option<String>,
    pub residence: Option<String>,
    pub municipality: Option<String>,
    /// Needs still unmet at the latest encounter.
    pub unmet_needs: Vec<String>,
    pub demo: bool,
}

/// Summaries of every family, most recently seen first.
pub fn families(encounters: &[Encounter]) -> Vec<FamilySummary> {
    let mut by_family: BTreeMap<&FamilyCode, Vec<&Encounter>> = BTreeMap::new();
    for e in encounters {
        by_family.entry(&e.family).or_default().push(e);
    }
    let mut out: Vec<FamilySummary> = by_family
        .into_iter()
        .map(|(family, mut es)| {
            es.sort_by_key(|e| e.sort_key());
            let latest = es[es.len() - 1];
            FamilySummary {
                family: family.clone(),
                encounters: es.len(),
                first: es[0].date,
                last: latest.date,
                housing: latest.single(HOUSING_SITUATION).map(str::to_string),
                residence: latest.single(RESIDENCE_STATUS).map(str::to_string),
                municipality: latest.single(MUNICIPALITY).map(str::to_string),
                unmet_needs: latest
                    .qualified(NEEDS)
                    .iter()
                    .filter(|q| q.qualifier == "unmet")
                    .map(|q| q.code.clone())
                    .collect(),
                demo: es.iter().all(|e| e.demo),
            }
        })
        .collect();
    out.sort_by(|a, b| b.last.cmp(&a.last).then_with(|| a.family.cmp(&b.family)));
    out
}

/// The family's latest encounter: where a new encounter starts from.
pub fn latest_for<'a>(encounters: &'a [Encounter], family: &FamilyCode) -> Option<&'a Encounter> {
    encounters
        .iter()
        .filter(|e| e.family == *family)
        .max_by_key(|e| e.sort_key())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{generate, DemoSpec};

    fn data() -> Vec<Encounter> {
        generate(
            Codebook::embedded(),
            &DemoSpec {
                families: 30,
                encounters: 200,
                seed: 5,
                until: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
                days: 365,
            },
        )
    }

    #[test]
    fn filters_combine_and_agree_with_a_direct_check() {
        let cb = Codebook::embedded();
        let all = data();
        let f = Filter {
            need: Some("shelter_tonight".into()),
            need_status: Some("unmet".into()),
            from: NaiveDate::from_ymd_opt(2026, 6, 1),
            ..Filter::default()
        };
        let hits = f.apply(&all, cb);
        let expected = all
            .iter()
            .filter(|e| {
                e.date >= NaiveDate::from_ymd_opt(2026, 6, 1).unwrap()
                    && e.qualified("needs")
                        .iter()
                        .any(|q| q.code == "shelter_tonight" && q.qualifier == "unmet")
            })
            .count();
        assert_eq!(hits.len(), expected);
        assert!(expected > 0, "the demo data has such encounters");
        let fam = all[0].family.clone();
        let f = Filter {
            family: Some(fam.clone()),
            ..Filter::default()
        };
        assert!(f.apply(&all, cb).iter().all(|e| e.family == fam));
    }

    #[test]
    fn text_search_is_case_insensitive_over_notes() {
        let cb = Codebook::embedded();
        let all = data();
        let f = Filter {
            text: Some("DEMO".into()),
            ..Filter::default()
        };
        assert_eq!(
            f.apply(&all, cb).len(),
            all.iter()
                .filter(|e| e
                    .note
                    .as_deref()
                    .is_some_and(|n| n.to_lowercase().contains("demo")))
                .count()
        );
    }

    #[test]
    fn family_summaries_take_the_latest_situation() {
        let all = data();
        let fams = families(&all);
        assert_eq!(fams.len(), 30);
        assert_eq!(fams.iter().map(|f| f.encounters).sum::<usize>(), 200);
        for f in &fams {
            let latest = latest_for(&all, &f.family).unwrap();
            assert_eq!(f.last, latest.date);
            assert_eq!(f.housing.as_deref(), latest.single("housing_situation"));
        }
        assert!(
            fams.windows(2).all(|w| w[0].last >= w[1].last),
            "most recent first"
        );
    }
}
