//! What anyone holding a package can derive between its cells from the
//! counting rules and the codebook alone: linear relations over each cell's
//! families (F) and encounters (E). Disclosure control assumes the attacker
//! knows every one of them (docs/PRIVACY.md lists them with the contract
//! sentence each rests on). All relations are homogeneous:
//! `Σ coef · value {=, ≤, ≥} 0`.
//!
//! Within one package:
//! - every cell: `F ≤ E`, `F ≤ F_total`, `E ≤ E_total`, and
//!   `E − F ≤ E_total − F_total` (a family in a cell brings at least one of
//!   its encounters; the extra ones come out of the period's extra ones);
//! - a dimension with exactly one code per encounter: encounters add up to
//!   the total; with at most one: to at most the total. Families under the
//!   latest value add up the same way; families under every value they had
//!   add up to at least the total (exactly one code) and at most the
//!   encounters;
//! - codes with a qualifier: per code, its qualifiers' encounters add up to
//!   at most the total;
//! - derived dimensions: an effective theme lies between its recorded theme
//!   and that theme plus its details; the policy signal covers the outcome
//!   "no solution" and the structural limits; a kansarm encounter has at
//!   least three weak domains, a non-kansarm one all six known;
//! - crosstabs: a cell is at most its margins; a side with one code per
//!   encounter adds up to its margin (exactly one: equal); a margin counted
//!   for every value equals or bounds the signals rows it shares encounters
//!   with (housing, residence groups, needs of any status).

use crate::plan::{self, Shape, CROSSTABS, RESIDENCE_GROUPS};
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};
use veerkracht_core::codebook::{
    Codebook, KANSARMOEDE, LIMITS, NEEDS, OUTCOME, THEMES, THEME_DETAILS,
};

/// Families or encounters of a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Measure {
    F,
    E,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    pub cell: usize,
    pub measure: Measure,
    pub coef: i32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sense {
    Eq,
    Le,
    Ge,
}

/// `Σ terms {sense} 0`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    pub terms: Vec<Term>,
    pub sense: Sense,
    /// An inequality only because an encounter may lack a value of a
    /// dimension with no default (`setting`, `children_count`): where none
    /// lacks it, an equality. Who assumes the form is always filled in
    /// reads it so (two outsiders did); the defender, who knows whether it
    /// was, plays that reader too (see `disclosure::audit::build`).
    pub unless_missing: bool,
}

struct Out<'a> {
    index: &'a HashMap<String, usize>,
    relations: Vec<Relation>,
}

impl Out<'_> {
    fn cell(&self, key: &str) -> Option<usize> {
        self.index.get(key).copied()
    }

    fn add(&mut self, terms: Vec<(usize, Measure, i32)>, sense: Sense) {
        self.add_as(terms, sense, false);
    }

    fn add_as(&mut self, terms: Vec<(usize, Measure, i32)>, sense: Sense, unless_missing: bool) {
        self.relations.push(Relation {
            terms: terms
                .into_iter()
                .map(|(cell, measure, coef)| Term {
                    cell,
                    measure,
                    coef,
                })
                .collect(),
            sense,
            unless_missing,
        });
    }

    /// `Σ cells {sense} rhs_cell` on one measure.
    fn sum(&mut self, cells: &[usize], m: Measure, sense: Sense, rhs: (usize, Measure)) {
        self.sum_as(cells, m, sense, rhs, false);
    }

    /// `Σ cells ≤ rhs`, an equality where no encounter lacks the value.
    fn sum_unless_missing(&mut self, cells: &[usize], m: Measure, rhs: (usize, Measure)) {
        self.sum_as(cells, m, Sense::Le, rhs, true);
    }

    fn sum_as(
        &mut self,
        cells: &[usize],
        m: Measure,
        sense: Sense,
        rhs: (usize, Measure),
        unless_missing: bool,
    ) {
        if cells.is_empty() {
            return;
        }
        let mut terms: Vec<(usize, Measure, i32)> = cells.iter().map(|&c| (c, m, 1)).collect();
        terms.push((rhs.0, rhs.1, -1));
        self.add_as(terms, sense, unless_missing);
    }

    /// `a ≥ b` (or `≤`, `=`).
    fn cmp(&mut self, a: (usize, Measure), sense: Sense, b: (usize, Measure)) {
        self.add(vec![(a.0, a.1, 1), (b.0, b.1, -1)], sense);
    }
}

use Measure::{E, F};

/// The relations of the embedded codebook's cell layout, made once.
pub(crate) fn of_codebook(cb: &Codebook, index: &HashMap<String, usize>) -> Arc<Vec<Relation>> {
    static EMBEDDED: OnceLock<Arc<Vec<Relation>>> = OnceLock::new();
    if std::ptr::eq(cb, Codebook::embedded()) {
        EMBEDDED.get_or_init(|| Arc::new(build(cb, index))).clone()
    } else {
        Arc::new(build(cb, index))
    }
}

fn codes(cb: &Codebook, dim: &str) -> Vec<String> {
    cb.dimension(dim)
        .map(|d| d.codes.iter().map(|c| c.code.clone()).collect())
        .unwrap_or_default()
}

fn build(cb: &Codebook, index: &HashMap<String, usize>) -> Vec<Relation> {
    use super::{margin_key, signal_key, total_key};
    let mut o = Out {
        index,
        relations: Vec::new(),
    };
    let tot = o.cell(&total_key()).expect("a total cell");
    o.cmp((tot, F), Sense::Le, (tot, E));
    for c in (0..index.len()).filter(|&c| c != tot) {
        o.cmp((c, F), Sense::Le, (c, E));
        o.cmp((c, F), Sense::Le, (tot, F));
        o.cmp((c, E), Sense::Le, (tot, E));
        o.add(
            vec![(c, E, 1), (c, F, -1), (tot, E, -1), (tot, F, 1)],
            Sense::Le,
        );
    }

    // Dimensions of signals.csv.
    let mut dims: Vec<String> = cb.dimensions.iter().map(|d| d.id.clone()).collect();
    dims.extend(["themes_effective", "policy_signal", "kansarm_indicator"].map(String::from));
    for dim in &dims {
        let shape = plan::shape(cb, dim);
        let latest = plan::counts_latest(cb, dim);
        let code_list: Vec<String> = match dim.as_str() {
            "themes_effective" => codes(cb, THEMES),
            "policy_signal" => super::BOOL_CODES.map(String::from).to_vec(),
            "kansarm_indicator" => super::TRI_CODES.map(String::from).to_vec(),
            d => codes(cb, d),
        };
        if shape == Shape::Qualified {
            let quals = cb
                .dimension(dim)
                .map(|d| {
                    d.qualifiers
                        .iter()
                        .map(|q| q.code.clone())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default();
            for code in &code_list {
                let cells: Vec<usize> = quals
                    .iter()
                    .filter_map(|q| o.cell(&signal_key(dim, code, q)))
                    .collect();
                o.sum(&cells, E, Sense::Le, (tot, E));
                exclusive_excess(&mut o, &cells, tot);
            }
            continue;
        }
        let cells: Vec<usize> = code_list
            .iter()
            .filter_map(|c| o.cell(&signal_key(dim, c, "")))
            .collect();
        one_per_encounter(&mut o, &cells, shape, latest, tot);
    }

    // Derived dimensions and what they are made of.
    let detail_parent: Vec<(String, String)> = cb
        .dimension(THEME_DETAILS)
        .map(|d| {
            d.codes
                .iter()
                .filter_map(|c| c.parent.clone().map(|p| (c.code.clone(), p)))
                .collect()
        })
        .unwrap_or_default();
    for theme in codes(cb, THEMES) {
        let (Some(te), Some(th)) = (
            o.cell(&signal_key("themes_effective", &theme, "")),
            o.cell(&signal_key(THEMES, &theme, "")),
        ) else {
            continue;
        };
        let details: Vec<usize> = detail_parent
            .iter()
            .filter(|(_, p)| *p == theme)
            .filter_map(|(d, _)| o.cell(&signal_key(THEME_DETAILS, d, "")))
            .collect();
        subset(&mut o, th, te);
        for &d in &details {
            subset(&mut o, d, te);
        }
        for m in [E, F] {
            let mut terms = vec![(te, m, 1), (th, m, -1)];
            terms.extend(details.iter().map(|&d| (d, m, -1)));
            o.add(terms, Sense::Le);
        }
    }
    if let Some(pt) = o.cell(&signal_key("policy_signal", "true", "")) {
        let mut causes: Vec<usize> = o
            .cell(&signal_key(
                OUTCOME,
                veerkracht_core::validate::NO_SOLUTION_LIMITS,
                "",
            ))
            .into_iter()
            .collect();
        causes.extend(
            veerkracht_core::derived::POLICY_LIMITS
                .iter()
                .filter_map(|l| o.cell(&signal_key(LIMITS, l, ""))),
        );
        for &c in &causes {
            subset(&mut o, c, pt);
        }
        // Every policy signal has a cause: no solution, a policy limit, or
        // an urgent encounter (and then an unmet need).
        let urgent: Vec<usize> = veerkracht_core::derived::POLICY_URGENCIES
            .iter()
            .filter_map(|u| o.cell(&signal_key(veerkracht_core::codebook::URGENCY, u, "")))
            .collect();
        let unmet: Vec<usize> = codes(cb, NEEDS)
            .iter()
            .filter_map(|n| o.cell(&signal_key(NEEDS, n, "unmet")))
            .collect();
        for extra in [&urgent, &unmet] {
            for m in [E, F] {
                let mut terms = vec![(pt, m, 1)];
                terms.extend(causes.iter().map(|&c| (c, m, -1)));
                terms.extend(extra.iter().map(|&c| (c, m, -1)));
                o.add(terms, Sense::Le);
            }
        }
    }
    // No solution needs a limit (a validation rule): its encounters and
    // families are covered by the limits'.
    if let Some(nsl) = o.cell(&signal_key(
        OUTCOME,
        veerkracht_core::validate::NO_SOLUTION_LIMITS,
        "",
    )) {
        let limits: Vec<usize> = codes(cb, LIMITS)
            .iter()
            .filter_map(|l| o.cell(&signal_key(LIMITS, l, "")))
            .collect();
        for m in [E, F] {
            let mut terms = vec![(nsl, m, 1)];
            terms.extend(limits.iter().map(|&c| (c, m, -1)));
            o.add(terms, Sense::Le);
        }
    }
    let domains = codes(cb, KANSARMOEDE);
    if let Some(kt) = o.cell(&signal_key("kansarm_indicator", "true", "")) {
        let weak: Vec<usize> = domains
            .iter()
            .filter_map(|d| o.cell(&signal_key(KANSARMOEDE, d, "weak")))
            .collect();
        let mut terms: Vec<(usize, Measure, i32)> = weak.iter().map(|&w| (w, E, 1)).collect();
        terms.push((
            kt,
            E,
            -(veerkracht_core::derived::KANSARM_WEAK_DOMAINS as i32),
        ));
        o.add(terms, Sense::Ge);
        // An encounter that is not kansarm has at most two weak domains; a
        // kansarm one at most all of them.
        let below = veerkracht_core::derived::KANSARM_WEAK_DOMAINS as i32 - 1;
        let mut terms: Vec<(usize, Measure, i32)> = weak.iter().map(|&w| (w, E, 1)).collect();
        terms.push((kt, E, -(domains.len() as i32 - below)));
        terms.push((tot, E, -below));
        o.add(terms, Sense::Le);
        if let Some(ku) = o.cell(&signal_key("kansarm_indicator", "unknown", "")) {
            // An encounter with a domain unknown is kansarm or unknown.
            for d in &domains {
                let mut terms: Vec<(usize, Measure, i32)> = ["weak", "not_weak"]
                    .iter()
                    .filter_map(|q| o.cell(&signal_key(KANSARMOEDE, d, q)))
                    .map(|k| (k, E, 1))
                    .collect();
                terms.extend([(kt, E, 1), (ku, E, 1), (tot, E, -1)]);
                o.add(terms, Sense::Ge);
            }
        }
    }
    if let Some(kf) = o.cell(&signal_key("kansarm_indicator", "false", "")) {
        for d in &domains {
            let known: Vec<usize> = ["weak", "not_weak"]
                .iter()
                .filter_map(|q| o.cell(&signal_key(KANSARMOEDE, d, q)))
                .collect();
            let mut terms: Vec<(usize, Measure, i32)> = known.iter().map(|&k| (k, E, 1)).collect();
            terms.push((kf, E, -1));
            o.add(terms, Sense::Ge);
        }
    }

    // Crosstabs.
    let mut margins_done = std::collections::HashSet::new();
    for (rd, cd) in CROSSTABS {
        let (rcodes, ccodes) = (plan::crosstab_codes(cb, rd), plan::crosstab_codes(cb, cd));
        let rm: Vec<usize> = rcodes
            .iter()
            .map(|r| o.cell(&margin_key(cb, rd, r)).expect("row margin"))
            .collect();
        let cm: Vec<usize> = ccodes
            .iter()
            .map(|c| o.cell(&margin_key(cb, cd, c)).expect("column margin"))
            .collect();
        let grid: Vec<Vec<usize>> = rcodes
            .iter()
            .map(|r| {
                ccodes
                    .iter()
                    .map(|c| {
                        o.cell(&super::cross_key(rd, r, cd, c))
                            .expect("crosstab cell")
                    })
                    .collect()
            })
            .collect();
        for (ri, row) in grid.iter().enumerate() {
            for (ci, &x) in row.iter().enumerate() {
                subset(&mut o, x, rm[ri]);
                subset(&mut o, x, cm[ci]);
                // Inclusion and exclusion over the period's encounters.
                o.add(
                    vec![(x, E, 1), (rm[ri], E, -1), (cm[ci], E, -1), (tot, E, 1)],
                    Sense::Ge,
                );
            }
        }
        // A side with one code per encounter: its cells add up to the other
        // side's margin.
        let (rshape, cshape) = (plan::crosstab_shape(cb, rd), plan::crosstab_shape(cb, cd));
        for (ri, row) in grid.iter().enumerate() {
            side_sums(&mut o, row, cshape, rm[ri]);
        }
        for (ci, _) in ccodes.iter().enumerate() {
            let col: Vec<usize> = grid.iter().map(|row| row[ci]).collect();
            side_sums(&mut o, &col, rshape, cm[ci]);
        }
        for (dim, ms, shape) in [(rd, &rm, rshape), (cd, &cm, cshape)] {
            if margins_done.insert(dim) {
                one_per_encounter(&mut o, ms, shape, false, tot);
            }
        }
    }
    margin_identities(&mut o, cb);
    o.relations
}

/// Codes of which an encounter carries at most one: per family, its
/// encounters with a value minus the codes it counts under are at most its
/// encounters minus one, so `Σ (E − F) ≤ E_total − F_total` (for families
/// counted under every value and under the latest alike).
fn exclusive_excess(o: &mut Out<'_>, cells: &[usize], margin: usize) {
    if cells.is_empty() {
        return;
    }
    let mut terms: Vec<(usize, Measure, i32)> = Vec::new();
    for &c in cells {
        terms.push((c, E, 1));
        terms.push((c, F, -1));
    }
    terms.push((margin, E, -1));
    terms.push((margin, F, 1));
    o.add(terms, Sense::Le);
}

/// `A ⊆ B`, both counted "at least one encounter": every measure of A is at
/// most B's, and so are A's extra encounters (E − F).
fn subset(o: &mut Out<'_>, a: usize, b: usize) {
    o.cmp((a, E), Sense::Le, (b, E));
    o.cmp((a, F), Sense::Le, (b, F));
    o.add(
        vec![(a, E, 1), (a, F, -1), (b, E, -1), (b, F, 1)],
        Sense::Le,
    );
}

/// A dimension's codes over the total, by how many codes an encounter has.
fn one_per_encounter(o: &mut Out<'_>, cells: &[usize], shape: Shape, latest: bool, tot: usize) {
    if matches!(shape, Shape::AlwaysOne | Shape::Single) {
        exclusive_excess(o, cells, tot);
    }
    match shape {
        Shape::AlwaysOne => {
            o.sum(cells, E, Sense::Eq, (tot, E));
            if latest {
                o.sum(cells, F, Sense::Eq, (tot, F));
            } else {
                o.sum(cells, F, Sense::Ge, (tot, F));
                o.sum(cells, F, Sense::Le, (tot, E));
            }
        }
        Shape::Single => {
            o.sum_unless_missing(cells, E, (tot, E));
            if latest {
                o.sum_unless_missing(cells, F, (tot, F));
            } else {
                o.sum(cells, F, Sense::Le, (tot, E));
            }
        }
        Shape::Many | Shape::Qualified => {}
    }
}

/// Cells of one crosstab row (or column) against its margin, when the other
/// side has one code per encounter.
fn side_sums(o: &mut Out<'_>, cells: &[usize], other: Shape, margin: usize) {
    if matches!(other, Shape::AlwaysOne | Shape::Single) {
        exclusive_excess(o, cells, margin);
    }
    match other {
        Shape::AlwaysOne => {
            o.sum(cells, E, Sense::Eq, (margin, E));
            o.sum(cells, F, Sense::Ge, (margin, F));
            o.sum(cells, F, Sense::Le, (margin, E));
        }
        Shape::Single => {
            o.sum_unless_missing(cells, E, (margin, E));
            o.sum(cells, F, Sense::Le, (margin, E));
        }
        Shape::Many | Shape::Qualified => {}
    }
}

/// Crosstab margins counted over every value, against the signals rows they
/// share encounters with.
fn margin_identities(o: &mut Out<'_>, cb: &Codebook) {
    use super::signal_key;
    use veerkracht_core::codebook::{HOUSING_SITUATION, RESIDENCE_STATUS};
    for h in codes(cb, HOUSING_SITUATION) {
        if let (Some(a), Some(s)) = (
            o.cell(&format!("a|{HOUSING_SITUATION}|{h}")),
            o.cell(&signal_key(HOUSING_SITUATION, &h, "")),
        ) {
            o.cmp((a, E), Sense::Eq, (s, E));
            o.cmp((a, F), Sense::Ge, (s, F));
        }
    }
    for (group, members) in RESIDENCE_GROUPS {
        let Some(a) = o.cell(&format!("a|residence_group|{group}")) else {
            continue;
        };
        let statuses: Vec<usize> = members
            .iter()
            .filter_map(|s| o.cell(&signal_key(RESIDENCE_STATUS, s, "")))
            .collect();
        o.sum(&statuses, E, Sense::Eq, (a, E));
        o.sum(&statuses, F, Sense::Le, (a, F));
    }
    let quals: Vec<String> = cb
        .dimension(NEEDS)
        .map(|d| d.qualifiers.iter().map(|q| q.code.clone()).collect())
        .unwrap_or_default();
    for n in codes(cb, NEEDS) {
        let Some(a) = o.cell(&format!("a|{NEEDS}|{n}")) else {
            continue;
        };
        let rows: Vec<usize> = quals
            .iter()
            .filter_map(|q| o.cell(&signal_key(NEEDS, &n, q)))
            .collect();
        o.sum(&rows, E, Sense::Eq, (a, E));
        o.sum(&rows, F, Sense::Ge, (a, F));
        for &r in &rows {
            o.cmp((a, F), Sense::Ge, (r, F));
        }
    }
}
