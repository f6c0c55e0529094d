//! The counting rules string by string: slow and obvious, written from the
//! contract, for tests to check the integer counting against.

use crate::plan::{counts_latest, RESIDENCE_GROUPS};
use std::collections::BTreeSet;
use veerkracht_core::codebook::{Codebook, Kind};
use veerkracht_core::derived::{kansarm_indicator, policy_signal, themes_effective};
use veerkracht_core::Encounter;

/// Per encounter or family: the (code, qualifier) pairs of one dimension.
pub(crate) type Pairs = BTreeSet<(String, String)>;

/// The (code, qualifier) pairs an encounter carries for a dimension
/// (codebook, derived, or crosstab-only).
pub(crate) fn encounter_pairs(e: &Encounter, cb: &Codebook, dim: &str) -> Pairs {
    let plain = |codes: Vec<&str>| {
        codes
            .into_iter()
            .map(|c| (c.to_string(), String::new()))
            .collect()
    };
    match dim {
        "themes_effective" => plain(themes_effective(e, cb)),
        "policy_signal" => plain(vec![if policy_signal(e) { "true" } else { "false" }]),
        "kansarm_indicator" => plain(vec![kansarm_indicator(e, cb).code()]),
        "needs_unmet" => e
            .qualified(veerkracht_core::codebook::NEEDS)
            .iter()
            .filter(|q| q.qualifier == "unmet")
            .map(|q| (q.code.clone(), String::new()))
            .collect(),
        "residence_group" => {
            let status = e
                .single_or_default(cb, veerkracht_core::codebook::RESIDENCE_STATUS)
                .unwrap_or("not_asked");
            let group = RESIDENCE_GROUPS
                .iter()
                .find(|(_, members)| members.contains(&status))
                .map(|(g, _)| *g)
                .unwrap_or("unknown");
            plain(vec![group])
        }
        _ => match cb.dimension(dim) {
            Some(d) if d.kind == Kind::Single => {
                plain(e.single_or_default(cb, dim).into_iter().collect())
            }
            Some(d) if d.kind == Kind::Multi => plain(e.codes(dim)),
            Some(_) => e
                .qualified(dim)
                .iter()
                .map(|q| (q.code.clone(), q.qualifier.clone()))
                .collect(),
            None => Pairs::new(),
        },
    }
}

/// A crosstab side's codes in an encounter: a need of any status counts.
pub(crate) fn side_codes(e: &Encounter, cb: &Codebook, dim: &str) -> BTreeSet<String> {
    encounter_pairs(e, cb, dim)
        .into_iter()
        .map(|(c, _)| c)
        .collect()
}

/// The family's pairs for a signals dimension: its latest value where the
/// contract says so (the latest encounter carrying one), every value it
/// had otherwise. `encounters` are the family's, sorted by `(date, id)`.
pub(crate) fn family_pairs(encounters: &[&Encounter], cb: &Codebook, dim: &str) -> Pairs {
    if counts_latest(cb, dim) {
        for e in encounters.iter().rev() {
            let p = encounter_pairs(e, cb, dim);
            if !p.is_empty() {
                return p;
            }
        }
        Pairs::new()
    } else {
        encounters
            .iter()
            .flat_map(|e| encounter_pairs(e, cb, dim))
            .collect()
    }
}
