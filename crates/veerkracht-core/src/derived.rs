//! Derived fields: computed from an encounter, never typed in. The rules are
//! the codebook's `derived` section, implemented here and tested against it.

use crate::codebook::{
    Codebook, KANSARMOEDE, LIMITS, NEEDS, OUTCOME, THEMES, THEME_DETAILS, URGENCY,
};
use crate::encounter::Encounter;
use crate::validate::NO_SOLUTION_LIMITS;

/// A three-valued answer for indicators that may not be knowable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tri {
    True,
    False,
    Unknown,
}

impl Tri {
    pub fn code(self) -> &'static str {
        match self {
            Tri::True => "true",
            Tri::False => "false",
            Tri::Unknown => "unknown",
        }
    }
}

/// Limits that by themselves make an encounter a policy signal: they point
/// at how services are organised, not at the family.
pub const POLICY_LIMITS: [&str; 6] = [
    "excluded_by_status",
    "no_capacity",
    "needs_address_documents",
    "fragmented_competences",
    "service_refused",
    "rights_non_take_up",
];

/// Urgencies under which an unmet need is a policy signal.
pub const POLICY_URGENCIES: [&str; 2] = ["within_24h", "immediate"];

/// How many weak kansarmoede domains make a family kansarm (Kind en Gezin).
pub const KANSARM_WEAK_DOMAINS: usize = 3;

/// `true` when 3 or more kansarmoede domains are weak; `false` when all six
/// are known and fewer than 3 are weak; otherwise `unknown`.
pub fn kansarm_indicator(e: &Encounter, cb: &Codebook) -> Tri {
    let domains = cb
        .dimension(KANSARMOEDE)
        .map(|d| d.codes.len())
        .unwrap_or(6);
    let scores = e.qualified(KANSARMOEDE);
    let weak = scores.iter().filter(|q| q.qualifier == "weak").count();
    let known = scores
        .iter()
        .filter(|q| q.qualifier == "weak" || q.qualifier == "not_weak")
        .count();
    if weak >= KANSARM_WEAK_DOMAINS {
        Tri::True
    } else if known == domains {
        Tri::False
    } else {
        Tri::Unknown
    }
}

/// `true` when the worker hit the limits of the system: the outcome is "no
/// solution", a structural limit was met, or a need stayed unmet under an
/// urgency of a day or less.
pub fn policy_signal(e: &Encounter) -> bool {
    if e.single(OUTCOME) == Some(NO_SOLUTION_LIMITS) {
        return true;
    }
    if e.codes(LIMITS).iter().any(|l| POLICY_LIMITS.contains(l)) {
        return true;
    }
    let urgent = e
        .single(URGENCY)
        .is_some_and(|u| POLICY_URGENCIES.contains(&u));
    urgent && e.qualified(NEEDS).iter().any(|q| q.qualifier == "unmet")
}

/// The themes recorded plus the parent theme of every theme detail, in
/// codebook order.
pub fn themes_effective<'a>(e: &Encounter, cb: &'a Codebook) -> Vec<&'a str> {
    let Some(themes) = cb.dimension(THEMES) else {
        return Vec::new();
    };
    let details = cb.dimension(THEME_DETAILS);
    let recorded = e.codes(THEMES);
    let implied: Vec<&str> = e
        .codes(THEME_DETAILS)
        .into_iter()
        .filter_map(|d| {
            details
                .and_then(|dim| dim.code(d))
                .and_then(|c| c.parent.as_deref())
        })
        .collect();
    themes
        .codes
        .iter()
        .map(|c| c.code.as_str())
        .filter(|t| recorded.contains(t) || implied.contains(t))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encounter::{Answer, Qualified};
    use crate::FamilyCode;
    use chrono::NaiveDate;

    fn enc() -> Encounter {
        Encounter::new(
            uuid::Uuid::nil(),
            FamilyCode::parse("7K3M-9QZD").unwrap(),
            NaiveDate::from_ymd_opt(2026, 3, 14).unwrap(),
            Codebook::embedded(),
        )
    }

    fn scores(pairs: &[(&str, &str)]) -> Answer {
        Answer::DomainScores(pairs.iter().map(|(c, v)| Qualified::new(*c, *v)).collect())
    }

    #[test]
    fn kansarm_needs_three_weak_domains_or_six_known_ones() {
        let cb = Codebook::embedded();
        let mut e = enc();
        assert_eq!(kansarm_indicator(&e, cb), Tri::Unknown, "nothing known");
        e.set(
            KANSARMOEDE,
            scores(&[("kg_housing", "weak"), ("kg_health", "weak")]),
        );
        assert_eq!(
            kansarm_indicator(&e, cb),
            Tri::Unknown,
            "two weak, four unknown"
        );
        e.set(
            KANSARMOEDE,
            scores(&[
                ("kg_housing", "weak"),
                ("kg_health", "weak"),
                ("kg_monthly_income", "weak"),
            ]),
        );
        assert_eq!(kansarm_indicator(&e, cb), Tri::True);
        e.set(
            KANSARMOEDE,
            scores(&[
                ("kg_monthly_income", "weak"),
                ("kg_parents_education", "not_weak"),
                ("kg_child_stimulation", "not_weak"),
                ("kg_parents_employment", "weak"),
                ("kg_housing", "not_weak"),
                ("kg_health", "not_weak"),
            ]),
        );
        assert_eq!(
            kansarm_indicator(&e, cb),
            Tri::False,
            "all six known, two weak"
        );
        e.set(
            KANSARMOEDE,
            scores(&[
                ("kg_monthly_income", "weak"),
                ("kg_parents_education", "not_weak"),
                ("kg_child_stimulation", "unknown"),
                ("kg_parents_employment", "weak"),
                ("kg_housing", "not_weak"),
                ("kg_health", "not_weak"),
            ]),
        );
        assert_eq!(
            kansarm_indicator(&e, cb),
            Tri::Unknown,
            "an 'unknown' value is not known"
        );
    }

    #[test]
    fn policy_signal_follows_each_branch_of_the_rule() {
        let mut e = enc();
        assert!(!policy_signal(&e));
        e.set(OUTCOME, Answer::Single(NO_SOLUTION_LIMITS.into()));
        assert!(policy_signal(&e), "no solution");

        let mut e = enc();
        e.set(LIMITS, Answer::Multi(vec!["cost_barrier".into()]));
        assert!(!policy_signal(&e), "cost barrier is not a structural limit");
        e.set(
            LIMITS,
            Answer::Multi(vec!["cost_barrier".into(), "no_capacity".into()]),
        );
        assert!(policy_signal(&e));

        let mut e = enc();
        e.set(
            NEEDS,
            Answer::MultiStatus(vec![Qualified::new("shelter_tonight", "unmet")]),
        );
        e.set(URGENCY, Answer::Single("days".into()));
        assert!(!policy_signal(&e), "unmet but not urgent enough");
        e.set(URGENCY, Answer::Single("within_24h".into()));
        assert!(policy_signal(&e));
        e.set(
            NEEDS,
            Answer::MultiStatus(vec![Qualified::new("shelter_tonight", "pending")]),
        );
        assert!(!policy_signal(&e), "urgent but not unmet");
    }

    #[test]
    fn policy_limits_are_codes_of_the_codebook() {
        let limits = Codebook::embedded().dimension(LIMITS).unwrap();
        for l in POLICY_LIMITS {
            assert!(limits.has_code(l), "{l}");
        }
    }

    #[test]
    fn themes_effective_adds_parents_of_details_in_codebook_order() {
        let cb = Codebook::embedded();
        let mut e = enc();
        e.set(THEMES, Answer::Multi(vec!["housing".into()]));
        e.set(
            THEME_DETAILS,
            Answer::Multi(vec![
                "t4_no_housing_solution".into(),
                "t1_listening_ear".into(),
            ]),
        );
        assert_eq!(
            themes_effective(&e, cb),
            vec!["bridge_figures_low_threshold", "housing"]
        );
    }
}
