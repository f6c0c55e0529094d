//! The attacker, written down, and the audit that plays them.
//!
//! **Who they are** (docs/PRIVACY.md): someone holding every package a
//! vault released — every period, every re-export of a period, signals and
//! crosstabs — who knows the contract's counting rules and the codebook,
//! and solves linear programmes. They know:
//! - every count is a non-negative integer;
//! - every relation between the cells of one package that the counting
//!   rules imply (`aggregate::relations`: families ≤ encounters, dimensions
//!   that add up to the total, crosstab margins, derived dimensions…);
//! - encounter counts add up over time for every cell (a year = its
//!   quarters = its months) and family counts are bounded by them (a
//!   quarter's families ≤ its months' together, ≥ any one month's; for a
//!   dimension that follows the latest value, ≥ the last month's);
//! - what a status says: format 1's `suppressed_primary` meant 1..k−1
//!   families; format 2's `suppressed` says nothing;
//! - two versions of one period differ only by the encounters changed in
//!   between (at most that many, per cell).
//!
//! **What the audit computes**: over *sheets* (one per package, one per
//! period not released, whose every cell is unknown), every hidden value is
//! a variable, every relation a row of a linear programme. The rows split
//! into independent components; for every *target* (a value that must not
//! be computable: a suppressed cell of a release, a small cell of a period
//! not released) the component's programme is minimised and maximised.
//! A target is exact when its interval, rounded inward to integers, holds
//! one value. When the true counts are known (the defender's side), most
//! targets are proven inexact cheaply: any feasible point (a vertex of a
//! random objective) that differs from the truth in a value shows two
//! possible values.

use crate::aggregate::{Measure, Relation, Sense};
use crate::period::Period;
#[cfg(not(feature = "highs"))]
use good_lp::{
    microlp as solver, variable, Expression, ProblemVariables, Solution, SolverModel, Variable,
};
use rand::{Rng, SeedableRng};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// The cells every sheet has, and what is known between them.
#[derive(Debug, Clone)]
pub struct Layout {
    pub keys: Vec<String>,
    /// The cell's families follow the latest value (time bounds differ).
    pub latest: Vec<bool>,
    pub relations: Arc<Vec<Relation>>,
}

impl Layout {
    pub fn of(agg: &crate::aggregate::Aggregate) -> Layout {
        let cb = veerkracht_core::Codebook::embedded();
        Layout {
            keys: agg.cells.iter().map(|c| c.key.clone()).collect(),
            latest: agg
                .cells
                .iter()
                .map(|c| {
                    let mut parts = c.key.split('|');
                    parts.next() == Some("s")
                        && parts
                            .next()
                            .is_some_and(|d| crate::plan::counts_latest(cb, d))
                })
                .collect(),
            relations: agg.relations.clone(),
        }
    }
}

/// One table of counts as the holder of the packages sees it.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub period: Period,
    /// For reports: a package id, or "not released".
    pub label: String,
    /// Per cell: what readers were shown; `None` when hidden or never released.
    pub shown: Vec<Option<(u64, u64)>>,
    /// Per cell: the true counts, when the audit knows them (the defender;
    /// on some sheets only, the holder's audit the defender asks, where a
    /// value is exact only when pinned to its true count).
    pub truth: Option<Vec<(u64, u64)>>,
    /// Per cell: intervals the families and the encounters are known to lie
    /// in (from a status, or the bounds of a merged package).
    pub known: Vec<Option<Known>>,
    /// `None`: the period's current sheet (time relations apply to it).
    /// `Some((families, encounters))`: an older version of the period, that
    /// many changes away from the current sheet at most, per cell.
    pub older: Option<(u64, u64)>,
    /// Per cell: its hidden values must not be computable exactly.
    pub targets: Vec<bool>,
    /// An older version only: sheets of periods inside this one that were
    /// counted from the very encounters this one counted there (made from
    /// the same state of the vault, as far as their months go). Time
    /// relations hold between them as between current sheets. Only the
    /// defender, who keeps what every release counted, knows them.
    pub parts: Vec<usize>,
}

/// The sheets of the periods nobody released that the released ones add
/// up to (a month as its quarter less its two other months): their counts
/// are unknown but follow all the same. Other periods only bound the
/// released ones from outside (a quarter's counts at least a month's),
/// which the time rows say without them.
pub fn unreleased_sheets(released: &[Period], cells: usize) -> Vec<Sheet> {
    let years: std::collections::BTreeSet<i32> = released.iter().map(|p| p.year()).collect();
    let mut out = Vec::new();
    for y in years {
        let of_year: Vec<Period> = released.iter().copied().filter(|p| p.year() == y).collect();
        for period in Period::family_of_year(y) {
            if !of_year.contains(&period) && super::in_span(&of_year, period) {
                out.push(Sheet {
                    period,
                    label: format!("{period} (not released)"),
                    shown: vec![None; cells],
                    truth: None,
                    known: vec![None; cells],
                    older: None,
                    targets: vec![false; cells],
                    parts: Vec::new(),
                });
            }
        }
    }
    out
}

/// One released table as the holder of the packages sees it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub period: Period,
    /// For reports: a package id.
    pub label: String,
    /// When it was made (RFC 3339): the order of releases.
    pub created: String,
    pub shown: Vec<Option<(u64, u64)>>,
    pub known: Vec<Option<Known>>,
    pub targets: Vec<bool>,
    /// The totals it shows (families, encounters), `None` when hidden.
    pub total: Option<(u64, u64)>,
}

/// How the holder links two versions of one period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Versions {
    /// Changes between versions are additions: no cell moves by more than
    /// the totals did.
    Additions,
    /// Nothing is assumed: versions are unrelated.
    Unrelated,
}

/// The sheets of the attacker of docs/PRIVACY.md over released tables: one
/// per table, in the order given, then the periods nobody released that
/// they add up to. States of the data, as the holder reads them: tables in
/// the order they were made, a second table of a period beginning a new
/// state (why release it again, if nothing changed). Tables of one state
/// add up over time; the last state's are the current sheets, and an older
/// state's add up among themselves only (months released before their
/// quarter was released again after changes are not the new quarter's
/// parts). An older version is linked to the current one of its period by
/// `versions`: as additions, no cell's families or encounters moved by more
/// than the encounters added (the totals' difference), and unlinked when
/// either version hides its total.
pub fn holder_sheets(seen: &[Seen], versions: Versions, cells: usize) -> Vec<Sheet> {
    let mut order: Vec<usize> = (0..seen.len()).collect();
    order.sort_by(|&a, &b| {
        (&seen[a].created, seen[a].period).cmp(&(&seen[b].created, seen[b].period))
    });
    let mut state_of = vec![0usize; seen.len()];
    let mut state = 0;
    let mut in_state: std::collections::BTreeSet<Period> = Default::default();
    for i in order {
        if !in_state.insert(seen[i].period) {
            state += 1;
            in_state = [seen[i].period].into();
        }
        state_of[i] = state;
    }
    let last = state;
    let current: HashMap<Period, usize> = (0..seen.len())
        .filter(|&i| state_of[i] == last)
        .map(|i| (seen[i].period, i))
        .collect();
    let unlinked = (u64::MAX / 4, u64::MAX / 4);
    let mut sheets: Vec<Sheet> = Vec::new();
    let mut sheet_state: Vec<usize> = Vec::new();
    for (i, t) in seen.iter().enumerate() {
        let older = if state_of[i] == last {
            None
        } else {
            match (versions, current.get(&t.period)) {
                (Versions::Additions, Some(&now)) => match (t.total, seen[now].total) {
                    // An added encounter of a family already counted moves
                    // a cell's families without moving the total's.
                    (Some(a), Some(b)) => Some((a.1.abs_diff(b.1), a.1.abs_diff(b.1))),
                    _ => Some(unlinked),
                },
                // Its own period only: no link to another version.
                _ => Some(unlinked),
            }
        };
        sheets.push(Sheet {
            period: t.period,
            label: t.label.clone(),
            shown: t.shown.clone(),
            truth: None,
            known: t.known.clone(),
            older,
            targets: t.targets.clone(),
            parts: Vec::new(),
        });
        sheet_state.push(state_of[i]);
    }
    // Per state, the periods nobody released that its tables add up to.
    for s in 0..=last {
        let released: Vec<Period> = (0..seen.len())
            .filter(|&i| state_of[i] == s)
            .map(|i| seen[i].period)
            .collect();
        for mut sheet in unreleased_sheets(&released, cells) {
            if s != last {
                sheet.older = Some(unlinked);
            }
            sheets.push(sheet);
            sheet_state.push(s);
        }
    }
    // An older state's sheets add up over time among themselves.
    for w in 0..sheets.len() {
        if sheet_state[w] == last {
            continue;
        }
        let whole = sheets[w].period;
        sheets[w].parts = (0..sheets.len())
            .filter(|&q| {
                sheet_state[q] == sheet_state[w]
                    && sheets[q].period != whole
                    && whole.covers(sheets[q].period)
            })
            .collect();
    }
    sheets
}

/// What a status or a bound tells about a hidden cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Known {
    pub families: (u64, u64),
    pub encounters: (u64, u64),
}

/// One hidden value: sheet, cell, measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Target {
    pub sheet: usize,
    pub cell: usize,
    pub measure: Measure,
}

/// What the audit found.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// Targets whose value can be computed.
    pub exact: Vec<Target>,
    /// Every settled target's interval (integers), when asked for.
    pub intervals: Vec<(Target, u64, u64)>,
    /// Targets checked, components and programmes solved, seconds.
    pub targets: usize,
    pub components: usize,
    pub programmes: usize,
    pub seconds: f64,
    /// The programme had no solution (packages that contradict each other).
    pub inconsistent: bool,
    /// Attacker's audit only: targets the solver could not settle (a
    /// programme ended with neither a solution nor a proof, or the
    /// component had no solution). Never counted as varying: a value left
    /// undecided may be exact, so a verdict over it is "undecided", not
    /// "sound".
    pub undecided: Vec<Target>,
    /// The caller's stop was set during the audit: what it found is
    /// incomplete and decides nothing.
    pub stopped: bool,
}

/// How thoroughly to compute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// Only decide which targets are exact.
    Exactness,
    /// Every target's interval too.
    Intervals,
}

#[derive(Debug, Clone, Copy)]
enum Value {
    /// A shown value, and the sheet it is of (`NO_SHEET` for a constant of
    /// no sheet).
    Known(f64, usize),
    Var(usize),
}

/// The sheet of a constant that is no sheet's value.
const NO_SHEET: usize = usize::MAX;

struct Row {
    terms: Vec<(usize, f64)>,
    sense: Sense,
    rhs: f64,
    /// A value of the model's `about` sheet is in the row, unknown or shown.
    about: bool,
}

struct Model {
    /// Per variable: its target (if any), bounds, true value (if known).
    targets: Vec<Option<Target>>,
    /// Per variable: the (sheet, cell) it is a value of.
    cells: Vec<Option<(usize, usize)>>,
    lower: Vec<f64>,
    upper: Vec<f64>,
    truth: Vec<Option<f64>>,
    rows: Vec<Row>,
    /// The sheet whose values `Row::about` marks.
    about: Option<usize>,
}

impl Model {
    fn value(
        &mut self,
        v: &mut HashMap<(usize, usize, Measure), Value>,
        sheets: &[Sheet],
        t: Target,
    ) -> Value {
        if let Some(&x) = v.get(&(t.sheet, t.cell, t.measure)) {
            return x;
        }
        let s = &sheets[t.sheet];
        let pick = |p: (u64, u64)| match t.measure {
            Measure::F => p.0,
            Measure::E => p.1,
        };
        let x = match s.shown[t.cell] {
            Some(p) => Value::Known(pick(p) as f64, t.sheet),
            None => {
                let id = self.lower.len();
                let (lo, hi) = match (t.measure, s.known[t.cell]) {
                    (Measure::F, Some(k)) => (k.families.0 as f64, k.families.1 as f64),
                    (Measure::E, Some(k)) => (k.encounters.0 as f64, k.encounters.1 as f64),
                    (_, None) => (0.0, f64::INFINITY),
                };
                self.lower.push(lo);
                self.upper.push(if hi == u64::MAX as f64 {
                    f64::INFINITY
                } else {
                    hi
                });
                self.truth
                    .push(s.truth.as_ref().map(|tr| pick(tr[t.cell]) as f64));
                self.targets.push(s.targets[t.cell].then_some(t));
                self.cells.push(Some((t.sheet, t.cell)));
                Value::Var(id)
            }
        };
        v.insert((t.sheet, t.cell, t.measure), x);
        x
    }

    fn row(&mut self, terms: &[(Value, f64)], sense: Sense) {
        let mut rhs = 0.0;
        let mut vars: Vec<(usize, f64)> = Vec::new();
        let about = self.about.is_some_and(|a| {
            terms.iter().any(|&(v, _)| match v {
                Value::Known(_, s) => s == a,
                Value::Var(i) => self.cells[i].is_some_and(|(s, _)| s == a),
            })
        });
        for &(v, c) in terms {
            match v {
                Value::Known(x, _) => rhs -= c * x,
                Value::Var(i) => match vars.iter_mut().find(|(j, _)| *j == i) {
                    Some(t) => t.1 += c,
                    None => vars.push((i, c)),
                },
            }
        }
        vars.retain(|(_, c)| *c != 0.0);
        if vars.is_empty() {
            return;
        }
        self.rows.push(Row {
            terms: vars,
            sense,
            rhs,
            about,
        });
    }
}

/// Builds the programme of every relation over the sheets, each row
/// marked when it holds a value of sheet `about`.
fn build(layout: &Layout, sheets: &[Sheet], side: Side, about: Option<usize>) -> Model {
    let mut m = Model {
        cells: Vec::new(),
        targets: Vec::new(),
        lower: Vec::new(),
        upper: Vec::new(),
        truth: Vec::new(),
        rows: Vec::new(),
        about,
    };
    let mut v = HashMap::new();
    let t = |sheet, cell, measure| Target {
        sheet,
        cell,
        measure,
    };
    // Make every hidden target a variable, even one in no relation.
    for (s, sheet) in sheets.iter().enumerate() {
        for cell in 0..layout.keys.len() {
            if sheet.targets[cell] {
                for measure in [Measure::F, Measure::E] {
                    m.value(&mut v, sheets, t(s, cell, measure));
                }
            }
        }
    }
    let total = layout
        .keys
        .iter()
        .position(|k| k == &crate::aggregate::total_key())
        .expect("a total cell");
    for (s, sheet) in sheets.iter().enumerate() {
        // A family has at most E − F + 1 encounters: E ≤ (E − F + 1)·F per
        // cell, when the totals are shown (so no family means no encounter).
        if let Some((tf, te)) = sheet.shown[total] {
            let most = (te.saturating_sub(tf) + 1) as f64;
            // Not for a cell counted under the latest value: a family whose
            // encounters carried the code may count under another one.
            for cell in (0..layout.keys.len()).filter(|&c| c != total && !layout.latest[c]) {
                let e = m.value(&mut v, sheets, t(s, cell, Measure::E));
                let f = m.value(&mut v, sheets, t(s, cell, Measure::F));
                m.row(&[(e, 1.0), (f, -most)], Sense::Le);
            }
        }
        for r in layout.relations.iter() {
            let terms: Vec<(Value, f64)> = r
                .terms
                .iter()
                .map(|x| {
                    (
                        m.value(&mut v, sheets, t(s, x.cell, x.measure)),
                        f64::from(x.coef),
                    )
                })
                .collect();
            // The defender plays a reader who assumes the form is always
            // filled in, where it was (their reading is then right).
            let filled = side == Side::Defender
                && r.unless_missing
                && sheet.truth.as_ref().is_some_and(|truth| {
                    r.terms
                        .iter()
                        .map(|x| {
                            let (f, e) = truth[x.cell];
                            let n = if x.measure == Measure::F { f } else { e };
                            i64::from(x.coef) * n as i64
                        })
                        .sum::<i64>()
                        == 0
                });
            m.row(&terms, if filled { Sense::Eq } else { r.sense });
        }
    }
    // Time: the current sheets of a year, its quarters and its months.
    let current: HashMap<Period, usize> = sheets
        .iter()
        .enumerate()
        .filter(|(_, s)| s.older.is_none())
        .map(|(i, s)| (s.period, i))
        .collect();
    for (whole, p, parts) in time_parts(sheets) {
        let covered: u32 = parts
            .iter()
            .map(|&c| sheets[c].period.months().count() as u32)
            .sum();
        let covers = covered == whole.months().count() as u32;
        let ends = |c: usize| sheets[c].period.months().end() == whole.months().end();
        for cell in 0..layout.keys.len() {
            // Encounters add up: the whole is its parts' sum, or at least
            // that when some parts are not in the model (never negative).
            let mut terms = vec![(m.value(&mut v, sheets, t(p, cell, Measure::E)), 1.0)];
            for &c in &parts {
                terms.push((m.value(&mut v, sheets, t(c, cell, Measure::E)), -1.0));
            }
            m.row(&terms, if covers { Sense::Eq } else { Sense::Ge });
            let pf = m.value(&mut v, sheets, t(p, cell, Measure::F));
            if covers {
                let mut terms = vec![(pf, 1.0)];
                for &c in &parts {
                    terms.push((m.value(&mut v, sheets, t(c, cell, Measure::F)), -1.0));
                }
                m.row(&terms, Sense::Le);
            }
            // A family of a part is one of the whole; under the latest
            // value, only for a part that ends the whole.
            for &c in parts.iter().filter(|&&c| !layout.latest[cell] || ends(c)) {
                let cf = m.value(&mut v, sheets, t(c, cell, Measure::F));
                m.row(&[(pf, 1.0), (cf, -1.0)], Sense::Ge);
            }
            if !covers {
                // The months the parts leave out: a family of the whole
                // that none of the parts counts has an encounter there
                // carrying the code (for the latest value: its last one).
                let mut terms = vec![
                    (pf, 1.0),
                    (m.value(&mut v, sheets, t(p, cell, Measure::E)), -1.0),
                ];
                for &c in &parts {
                    terms.push((m.value(&mut v, sheets, t(c, cell, Measure::F)), -1.0));
                    terms.push((m.value(&mut v, sheets, t(c, cell, Measure::E)), 1.0));
                }
                m.row(&terms, Sense::Le);
            }
            if !layout.latest[cell] {
                // A part's extra encounters of a cell are the whole's too.
                let pe = m.value(&mut v, sheets, t(p, cell, Measure::E));
                for &c in &parts {
                    let ce = m.value(&mut v, sheets, t(c, cell, Measure::E));
                    let cf = m.value(&mut v, sheets, t(c, cell, Measure::F));
                    m.row(&[(ce, 1.0), (cf, -1.0), (pe, -1.0), (pf, 1.0)], Sense::Le);
                }
            }
        }
    }
    // The months that released parts leave out of a released whole (Q1 and
    // January out: February and March) are a set of encounters like any
    // period's: every relation between encounter counts holds for them,
    // with each count the whole's less the parts'.
    for (_, p, parts) in time_parts(sheets) {
        let covered: u32 = parts
            .iter()
            .map(|&c| sheets[c].period.months().count() as u32)
            .sum();
        if covered == sheets[p].period.months().count() as u32 {
            continue;
        }
        for r in layout
            .relations
            .iter()
            .filter(|r| r.terms.iter().all(|x| x.measure == Measure::E))
        {
            let mut terms = Vec::with_capacity(r.terms.len() * (parts.len() + 1));
            for x in &r.terms {
                let coef = f64::from(x.coef);
                terms.push((m.value(&mut v, sheets, t(p, x.cell, Measure::E)), coef));
                for &c in &parts {
                    terms.push((m.value(&mut v, sheets, t(c, x.cell, Measure::E)), -coef));
                }
            }
            m.row(&terms, r.sense);
        }
    }
    // Older versions: at most so many changes away from the current one.
    for (s, sheet) in sheets.iter().enumerate() {
        let (Some((df, de)), Some(&now)) = (sheet.older, current.get(&sheet.period)) else {
            continue;
        };
        for cell in 0..layout.keys.len() {
            for (measure, d) in [(Measure::F, df as f64), (Measure::E, de as f64)] {
                let a = m.value(&mut v, sheets, t(s, cell, measure));
                let b = m.value(&mut v, sheets, t(now, cell, measure));
                m.row(
                    &[(a, 1.0), (b, -1.0), (Value::Known(d, NO_SHEET), -1.0)],
                    Sense::Le,
                );
                m.row(
                    &[(a, 1.0), (b, -1.0), (Value::Known(d, NO_SHEET), 1.0)],
                    Sense::Ge,
                );
            }
        }
    }
    // The defender's side (true counts known) plays a stronger attacker
    // than the contract's: one who knows which way each count moved between
    // any two versions of a period, as someone who assumes that records
    // were only added (or only deleted) does, rightly, when they were. Found
    // by outsiders: a need whose total did not move while two versions hid
    // different codes of it; a quarter released three times whose middle
    // version hid a cell the first and last showed at the same count.
    // Ordered: the rows, and so the numbering of unknowns, are the same in
    // every run.
    // Each list holds the versions oldest first (the caller's order): for a
    // count that did not move, the row says the older is at most the newer.
    let mut versions: std::collections::BTreeMap<Period, Vec<usize>> = Default::default();
    for (s, sheet) in sheets.iter().enumerate() {
        if sheet.older.is_some() || current.get(&sheet.period) == Some(&s) {
            versions.entry(sheet.period).or_default().push(s);
        }
    }
    for list in versions.values().filter(|_| side == Side::Defender) {
        for (i, &a) in list.iter().enumerate() {
            for &b in &list[i + 1..] {
                let (Some(ta), Some(tb)) = (&sheets[a].truth, &sheets[b].truth) else {
                    continue;
                };
                for cell in 0..layout.keys.len() {
                    let (o, n) = (ta[cell], tb[cell]);
                    let way = |was: u64, is: u64| if is >= was { Sense::Le } else { Sense::Ge };
                    let af = m.value(&mut v, sheets, t(a, cell, Measure::F));
                    let bf = m.value(&mut v, sheets, t(b, cell, Measure::F));
                    let ae = m.value(&mut v, sheets, t(a, cell, Measure::E));
                    let be = m.value(&mut v, sheets, t(b, cell, Measure::E));
                    m.row(&[(af, 1.0), (bf, -1.0)], way(o.0, n.0));
                    m.row(&[(ae, 1.0), (be, -1.0)], way(o.1, n.1));
                    if !layout.latest[cell] {
                        // Encounters beyond a family's first in the cell.
                        m.row(
                            &[(ae, 1.0), (af, -1.0), (be, -1.0), (bf, 1.0)],
                            way(o.1 - o.0, n.1 - n.0),
                        );
                    }
                }
            }
        }
    }
    m
}

/// Per current sheet (the latest version of its period), the largest
/// periods inside it that are current sheets too (they never overlap:
/// months, quarters and years nest): (whole, its sheet, the parts' sheets).
/// Then per older version with [`Sheet::parts`], the largest of those.
pub fn time_parts(sheets: &[Sheet]) -> Vec<(Period, usize, Vec<usize>)> {
    let mut out = current_parts(sheets);
    for (w, sheet) in sheets.iter().enumerate() {
        if sheet.older.is_none() || sheet.parts.is_empty() {
            continue;
        }
        let inside = |a: Period, b: Period| a != b && a.covers(b);
        let mut parts: Vec<usize> = Vec::new();
        for &p in &sheet.parts {
            let period = sheets[p].period;
            let larger = sheet.parts.iter().any(|&q| {
                inside(sheets[q].period, period) && inside(sheet.period, sheets[q].period)
            });
            // Two versions of one part counted the same encounters: one will do.
            let twin = parts.iter().any(|&q| sheets[q].period == period);
            if inside(sheet.period, period) && !larger && !twin {
                parts.push(p);
            }
        }
        if parts.is_empty() {
            continue;
        }
        parts.sort_by_key(|&p| *sheets[p].period.months().start());
        out.push((sheet.period, w, parts));
    }
    out
}

fn current_parts(sheets: &[Sheet]) -> Vec<(Period, usize, Vec<usize>)> {
    let current: Vec<(usize, Period)> = sheets
        .iter()
        .enumerate()
        .filter(|(_, s)| s.older.is_none())
        .map(|(i, s)| (i, s.period))
        .collect();
    let inside = |a: Period, b: Period| a != b && a.covers(b);
    let mut out = Vec::new();
    for &(w, whole) in &current {
        let mut parts: Vec<(usize, Period)> = current
            .iter()
            .copied()
            .filter(|&(_, p)| inside(whole, p))
            .filter(|&(_, p)| {
                !current
                    .iter()
                    .any(|&(_, q)| inside(whole, q) && inside(q, p))
            })
            .collect();
        if parts.is_empty() {
            continue;
        }
        parts.sort_by_key(|&(_, p)| *p.months().start());
        out.push((whole, w, parts.into_iter().map(|(i, _)| i).collect()));
    }
    out.sort_by_key(|&(_, w, _)| w);
    out
}

/// Variables in independent groups, each with the rows over it.
fn components(m: &Model) -> Vec<(Vec<usize>, Vec<usize>)> {
    let n = m.lower.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    for r in &m.rows {
        let first = r.terms[0].0;
        for &(x, _) in &r.terms[1..] {
            let (a, b) = (find(&mut parent, first), find(&mut parent, x));
            if a != b {
                parent[a] = b;
            }
        }
    }
    let mut groups: HashMap<usize, (Vec<usize>, Vec<usize>)> = HashMap::new();
    for x in 0..n {
        let root = find(&mut parent, x);
        groups.entry(root).or_default().0.push(x);
    }
    for (i, r) in m.rows.iter().enumerate() {
        let root = find(&mut parent, r.terms[0].0);
        groups.get_mut(&root).expect("a group").1.push(i);
    }
    let mut out: Vec<_> = groups.into_values().collect();
    out.sort_by_key(|(vars, _)| vars[0]);
    out
}

/// One component's programme, solved for several objectives. With HiGHS
/// a small component's model is built once and re-solved from the last
/// basis when only the objective changes (a few pivots, not a new solve); a
/// big one (`BIG` unknowns or more) is presolved and solved afresh each
/// time, which is faster there (measured in `Programme::solve`), and so is
/// one whose re-solve took longer than its last solve afresh. Solved
/// afresh, a component's programmes are solved two at a time.
struct Programme<'m> {
    m: &'m Model,
    vars: &'m [usize],
    rows: &'m [usize],
    solved: usize,
    /// Solved afresh every time (see `solve`).
    #[cfg(feature = "highs")]
    cold: bool,
    /// How long the last solve from scratch took.
    #[cfg(feature = "highs")]
    cold_secs: f64,
    /// How long HiGHS has run on the kept model since it was built (its
    /// time limit counts all of it).
    #[cfg(feature = "highs")]
    run_secs: f64,
    #[cfg(feature = "highs")]
    lp: Option<highs::Model>,
    #[cfg(feature = "highs")]
    cols: Vec<highs::Col>,
    #[cfg(feature = "highs")]
    local: HashMap<usize, usize>,
    #[cfg(feature = "highs")]
    costed: Vec<usize>,
    /// Presolved when built (see `without_presolve`).
    #[cfg(feature = "highs")]
    presolve: bool,
}

impl<'m> Programme<'m> {
    fn new(m: &'m Model, vars: &'m [usize], rows: &'m [usize]) -> Self {
        Programme {
            m,
            vars,
            rows,
            solved: 0,
            #[cfg(feature = "highs")]
            cold: vars.len() >= BIG,
            #[cfg(feature = "highs")]
            cold_secs: f64::INFINITY,
            #[cfg(feature = "highs")]
            run_secs: 0.0,
            #[cfg(feature = "highs")]
            lp: None,
            #[cfg(feature = "highs")]
            cols: Vec::new(),
            #[cfg(feature = "highs")]
            local: vars.iter().enumerate().map(|(i, &x)| (x, i)).collect(),
            #[cfg(feature = "highs")]
            costed: Vec::new(),
            #[cfg(feature = "highs")]
            presolve: true,
        }
    }

    /// Never presolved: for the many small programmes of neighbourhoods,
    /// where HiGHS's presolve took most of the time (its first sweep alone
    /// 23% of an export's, measured on 13,140 of them).
    fn without_presolve(mut self) -> Self {
        #[cfg(feature = "highs")]
        {
            self.presolve = false;
        }
        self
    }

    /// Whether each solve starts afresh (see `solve`).
    #[cfg(feature = "highs")]
    fn afresh(&self) -> bool {
        self.cold
    }

    /// Solves afresh from now on.
    #[cfg(feature = "highs")]
    fn solve_afresh(&mut self) {
        self.cold = true;
    }

    /// Every solve builds its programme afresh; two at a time from `BIG`
    /// unknowns up.
    #[cfg(not(feature = "highs"))]
    fn afresh(&self) -> bool {
        self.vars.len() >= BIG
    }

    #[cfg(not(feature = "highs"))]
    fn solve_afresh(&mut self) {}

    /// Optimises `Σ objective`; `None` when infeasible or unbounded.
    #[cfg(feature = "highs")]
    fn optimum(&mut self, objective: &[(usize, f64)], maximise: bool) -> Option<Vec<f64>> {
        use highs::HighsModelStatus;
        self.solved += 1;
        if solver_fails(objective) {
            return None;
        }
        let warm = self.lp.is_some();
        match self.solve(objective, maximise, self.presolve) {
            Some((HighsModelStatus::Optimal, point)) => point,
            // A solve that does not end optimal (numerical trouble on a big
            // component can even read as "infeasible") proves nothing:
            // solve once more another way before believing it (from
            // scratch after a warm start, without presolve after a cold
            // one).
            _ => {
                self.lp = None;
                self.solve(objective, maximise, warm && self.presolve)?.1
            }
        }
    }

    /// One solve of the programme for `objective`: warm from the last basis
    /// when there is one, else built and presolved. Its status, and the
    /// point when optimal.
    #[cfg(feature = "highs")]
    fn solve(
        &mut self,
        objective: &[(usize, f64)],
        maximise: bool,
        presolve: bool,
    ) -> Option<(highs::HighsModelStatus, Option<Vec<f64>>)> {
        use highs::{HighsModelStatus, RowProblem};
        let big = self.vars.len() >= BIG;
        let warm = self.lp.is_some();
        // Building the model counts: a solve afresh pays it every time.
        let began = std::time::Instant::now();
        let mut model = match self.lp.take() {
            Some(model) => model,
            None => {
                let mut pb = RowProblem::default();
                // A finite cap keeps every programme bounded: with every
                // cell of a table hidden, "no upper limit" would otherwise
                // read as "no solution" (an unbounded programme).
                self.cols = self
                    .vars
                    .iter()
                    .map(|&x| pb.add_column(0.0, self.m.lower[x]..=self.m.upper[x].min(CAP)))
                    .collect();
                for &ri in self.rows {
                    let r = &self.m.rows[ri];
                    let terms: Vec<(highs::Col, f64)> = r
                        .terms
                        .iter()
                        .map(|&(x, c)| (self.cols[self.local[&x]], c))
                        .collect();
                    match r.sense {
                        Sense::Eq => pb.add_row(r.rhs..=r.rhs, terms),
                        Sense::Le => pb.add_row(..=r.rhs, terms),
                        Sense::Ge => pb.add_row(r.rhs.., terms),
                    }
                }
                self.costed.clear();
                let mut model = pb.optimise(highs::Sense::Maximise);
                model.make_quiet();
                model.set_option("threads", 1);
                if !presolve {
                    model.set_option("presolve", "off");
                }
                model
            }
        };
        if warm {
            // A re-solve from the last basis is usually a few pivots, but
            // can take far longer than solving afresh (15.2 s against
            // 0.43 s, seen on a component of 1,944 unknowns): past a few
            // times the last solve afresh it stops, unfinished, and the
            // programme is solved afresh (see `optimum`). HiGHS counts its
            // limit over every run of the model since it was built.
            model.set_option(
                "time_limit",
                self.run_secs + (4.0 * self.cold_secs).max(0.05),
            );
        } else {
            self.run_secs = 0.0;
        }
        for i in self.costed.drain(..) {
            model.change_column_cost(self.cols[i], 0.0);
        }
        for &(x, c) in objective {
            let i = self.local[&x];
            model.change_column_cost(self.cols[i], c);
            self.costed.push(i);
        }
        model.set_sense(if maximise {
            highs::Sense::Maximise
        } else {
            highs::Sense::Minimise
        });
        let t0 = std::time::Instant::now();
        let solved = model.try_solve().ok()?;
        self.run_secs += t0.elapsed().as_secs_f64();
        let status = solved.status();
        if big && std::env::var_os("VEERKRACHT_AUDIT_TRACE").is_some() {
            eprintln!(
                "    programme {}: {:?}, {:.2}s",
                self.solved,
                status,
                t0.elapsed().as_secs_f64()
            );
        }
        let point =
            (status == HighsModelStatus::Optimal).then(|| solved.get_solution().columns().to_vec());
        let secs = began.elapsed().as_secs_f64();
        if !warm {
            self.cold_secs = secs;
        } else if secs > self.cold_secs {
            // A re-solve from the last basis that took longer than solving
            // afresh: solved afresh from now on. Seen on a quarter's third
            // version (1,934 unknowns, 17,722 rows): 46 warm re-solves took
            // 49 s, where a component twice its size, solved afresh and
            // presolved, took 2.8 s for as many.
            self.cold = true;
        }
        if self.cold {
            // A big component is solved from scratch every time, presolved:
            // on the audit's eleventh release (one component of 12,700
            // unknowns, 89,420 rows) a round of ~25 programmes took 35 s
            // that way, against 109 s re-solving warm with primal simplex
            // and 389 s with the dual (a cold, presolved solve takes 1-4 s,
            // a warm re-solve 4-44 s: presolve removes most of the rows).
            // Small components stay warm: most of them are solved in a few
            // pivots, and primal simplex there made a small vault's export
            // 3-4x slower.
            self.lp = None;
            return Some((status, point));
        }
        let mut model = highs::Model::from(solved);
        // The next solve starts from this basis: presolving again would
        // throw it away.
        model.set_option("presolve", "off");
        self.lp = Some(model);
        Some((status, point))
    }

    /// Optimises `Σ objective`; `None` when infeasible or unbounded.
    #[cfg(not(feature = "highs"))]
    fn optimum(&mut self, objective: &[(usize, f64)], maximise: bool) -> Option<Vec<f64>> {
        self.solved += 1;
        if solver_fails(objective) {
            return None;
        }
        let mut pv = ProblemVariables::new();
        let local: HashMap<usize, Variable> = self
            .vars
            .iter()
            .map(|&x| {
                // A finite cap keeps every programme bounded (see above).
                let def = variable()
                    .min(self.m.lower[x])
                    .max(self.m.upper[x].min(CAP));
                (x, pv.add(def))
            })
            .collect();
        let obj: Expression = objective.iter().map(|&(x, c)| c * local[&x]).sum();
        let mut p = if maximise {
            pv.maximise(obj).using(solver)
        } else {
            pv.minimise(obj).using(solver)
        };
        for &ri in self.rows {
            let r = &self.m.rows[ri];
            let lhs: Expression = r.terms.iter().map(|&(x, c)| c * local[&x]).sum();
            p = p.with(match r.sense {
                Sense::Eq => lhs.eq(r.rhs),
                Sense::Le => lhs.leq(r.rhs),
                Sense::Ge => lhs.geq(r.rhs),
            });
        }
        let s = p.solve().ok()?;
        Some(self.vars.iter().map(|x| s.value(local[x])).collect())
    }
}

/// The optima of `jobs` (objective, maximise), in their order: on two
/// threads when `workers` allow and `prog` is solved afresh each time (two
/// programmes at once then cost no warm start, and halve the wait; the
/// second on a programme of its own, whose solves are added to `spare`),
/// else one after the other on `prog`. Once `stop` is set, the jobs left
/// are not solved (`None`).
fn optima(
    prog: &mut Programme<'_>,
    jobs: &[(Vec<(usize, f64)>, bool)],
    workers: usize,
    spare: &mut usize,
    stop: &AtomicBool,
) -> Vec<Option<Vec<f64>>> {
    let unless_stopped = |prog: &mut Programme<'_>, o: &[(usize, f64)], max: bool| {
        (!stop.load(Ordering::Relaxed))
            .then(|| prog.optimum(o, max))
            .flatten()
    };
    if workers < 2 || !prog.afresh() || jobs.len() < 2 {
        return jobs
            .iter()
            .map(|(o, max)| unless_stopped(prog, o, *max))
            .collect();
    }
    let (m, vars, rows) = (prog.m, prog.vars, prog.rows);
    let (mine, theirs): (Vec<_>, Vec<_>) = jobs.iter().enumerate().partition(|(i, _)| i % 2 == 0);
    let (first, second) = std::thread::scope(|s| {
        let other = s.spawn(move || {
            let mut own = Programme::new(m, vars, rows);
            own.solve_afresh();
            let got: Vec<Option<Vec<f64>>> = theirs
                .iter()
                .map(|(_, (o, max))| unless_stopped(&mut own, o, *max))
                .collect();
            (got, own.solved)
        });
        let got: Vec<Option<Vec<f64>>> = mine
            .iter()
            .map(|(_, (o, max))| unless_stopped(prog, o, *max))
            .collect();
        (got, other.join().expect("a solver thread"))
    });
    let (second, solved) = second;
    *spare += solved;
    let mut out = Vec::with_capacity(jobs.len());
    let (mut a, mut b) = (first.into_iter(), second.into_iter());
    for i in 0..jobs.len() {
        out.push(if i % 2 == 0 { a.next() } else { b.next() }.flatten());
    }
    out
}

const EPS: f64 = 1e-6;

/// Whether a value seen at `lo` and at `hi` (points of the programme) can
/// take two integers: an attacker rounds the programme's bounds inwards, so
/// [0.2, 1.9] leaves only 1 and is exact although wider than 1.
fn two_integers(lo: f64, hi: f64) -> bool {
    (lo - EPS).ceil() < (hi + EPS).floor()
}
/// Rows around a value: an unknown in more rows than this (a hidden total)
/// is not expanded through.
const HUB_ROWS: usize = 60;

/// Whether the rows within two steps of unknown `x` alone pin it to one
/// integer, and how many programmes that took. They are a subset of the programme's rows, so the interval they
/// allow holds the programme's: pinned here is pinned there (the converse
/// does not hold, and `false` proves nothing).
fn pinned_nearby(m: &Model, rows_of: &HashMap<usize, Vec<usize>>, x: usize) -> (bool, usize) {
    let mut vars: std::collections::BTreeSet<usize> = [x].into();
    let mut rows: std::collections::BTreeSet<usize> = std::collections::BTreeSet::new();
    let mut frontier = vec![x];
    for step in 0..2 {
        let mut next = Vec::new();
        for v in frontier {
            let of = rows_of.get(&v).map(Vec::as_slice).unwrap_or(&[]);
            if step > 0 && of.len() > HUB_ROWS {
                continue;
            }
            for &r in of {
                if rows.insert(r) {
                    for &(y, _) in &m.rows[r].terms {
                        if vars.insert(y) {
                            next.push(y);
                        }
                    }
                }
            }
        }
        frontier = next;
    }
    let (vars, rows): (Vec<usize>, Vec<usize>) =
        (vars.into_iter().collect(), rows.into_iter().collect());
    let mut local = Programme::new(m, &vars, &rows);
    let at = vars.binary_search(&x).expect("x is one of them");
    let one = [(x, 1.0)];
    let (Some(max), Some(min)) = (local.optimum(&one, true), local.optimum(&one, false)) else {
        return (false, local.solved);
    };
    (!two_integers(min[at], max[at]), local.solved)
}
/// Unknowns in the neighbourhoods that `vary_nearby` tries, smallest first:
/// late in a year of many releases (a component of 25,154 unknowns and
/// 21,240 targets), 30 proved 12,037 targets to vary in 5.5 s, 150 then
/// 5,590 in 8.7 s, 1,200 then 3,204 in 28 s, leaving 409 (and 500 before
/// 1,500: 353 left after 57 s; 5,000 after 1,200: 194 left after 196 s).
const NEARBY_SIZES: [usize; 3] = [30, 150, 1200];
/// The size tried for each target left after the component's own batch
/// programmes, before its own (a solve of the whole component takes 5-18 s
/// there, one of 4,000 unknowns about 0.3 s).
const NEARBY_LAST: usize = 2000;
/// After the neighbourhoods, the component's batch programmes (see
/// `audit_side`) run from this many targets left.
const NEARBY_BATCH: usize = 40;

/// The unknowns around `seed`, nearest first, up to `cap`: those sharing a
/// row with it, then a row with those, and so on (never through an unknown
/// in more than `HUB_ROWS` rows but the seed: a hidden total would bring in
/// its whole sheet).
fn neighbourhood(
    m: &Model,
    rows_of: &HashMap<usize, Vec<usize>>,
    seed: usize,
    cap: usize,
) -> Vec<usize> {
    let mut inside: std::collections::HashSet<usize> = [seed].into();
    let mut order = vec![seed];
    let mut frontier = vec![seed];
    while !frontier.is_empty() && order.len() < cap {
        let mut next = Vec::new();
        for v in frontier {
            let of = rows_of.get(&v).map(Vec::as_slice).unwrap_or(&[]);
            if v != seed && of.len() > HUB_ROWS {
                continue;
            }
            for &r in of {
                for &(y, _) in &m.rows[r].terms {
                    if order.len() < cap && inside.insert(y) {
                        order.push(y);
                        next.push(y);
                    }
                }
            }
        }
        frontier = next;
    }
    order
}

/// Proves targets of a component to vary on neighbourhoods of it, where the
/// true counts are known. Every unknown outside a neighbourhood is fixed at
/// its true count: the rows with an unknown inside then make a small
/// programme, and any point of it, with the outside at the truth, is a
/// point of the whole programme (each of the component's rows is one of
/// those rows or holds only true counts). So a target seen there at two
/// integers varies, proven, for a few pivots on a few hundred unknowns
/// instead of a solve of the whole component (25,154 unknowns and 194,529
/// rows late in a year of many releases, 5-18 s a solve). Nothing here
/// proves a value exact: what a neighbourhood cannot move is left to the
/// component's own programmes. `open` lists targets (indexes into `vars`);
/// `lo`/`hi` widen with every point. The programmes solved.
#[allow(clippy::too_many_arguments)]
fn vary_nearby(
    m: &Model,
    vars: &[usize],
    rows_of: &HashMap<usize, Vec<usize>>,
    truth: &[f64],
    open: &[usize],
    lo: &mut [f64],
    hi: &mut [f64],
    sizes: &[usize],
    workers: usize,
    stop: &AtomicBool,
) -> usize {
    let local: HashMap<usize, usize> = vars.iter().enumerate().map(|(i, &x)| (x, i)).collect();
    let is_target: std::collections::HashSet<usize> = open.iter().copied().collect();
    let mut solved = 0;
    let t0 = std::time::Instant::now();
    for &cap in sizes {
        let witness = Witness {
            next: std::sync::atomic::AtomicUsize::new(0),
            seen: std::sync::Mutex::new((lo.to_vec(), hi.to_vec())),
        };
        let work = || {
            let (mut lo, mut hi) = {
                let seen = witness.seen.lock().unwrap_or_else(|e| e.into_inner());
                seen.clone()
            };
            let mut solved = 0;
            while !stop.load(Ordering::Relaxed) {
                let at = witness.next.fetch_add(1, Ordering::Relaxed);
                let Some(&seed) = open.get(at) else { break };
                if two_integers(lo[seed], hi[seed]) {
                    continue;
                }
                let near = neighbourhood(m, rows_of, vars[seed], cap);
                solved += vary_within(
                    m, &near, &local, rows_of, truth, &is_target, &mut lo, &mut hi,
                );
                let mut seen = witness.seen.lock().unwrap_or_else(|e| e.into_inner());
                let (slo, shi) = &mut *seen;
                for j in 0..lo.len() {
                    slo[j] = slo[j].min(lo[j]);
                    shi[j] = shi[j].max(hi[j]);
                }
                lo.clone_from(slo);
                hi.clone_from(shi);
            }
            solved
        };
        solved += std::thread::scope(|s| {
            let others: Vec<_> = (1..workers.max(1)).map(|_| s.spawn(work)).collect();
            let mine = work();
            mine + others
                .into_iter()
                .map(|h| h.join().expect("a worker does not panic"))
                .sum::<usize>()
        });
        let (slo, shi) = witness.seen.into_inner().unwrap_or_else(|e| e.into_inner());
        lo.copy_from_slice(&slo);
        hi.copy_from_slice(&shi);
        if std::env::var_os("VEERKRACHT_AUDIT_TRACE").is_some() {
            let left = open
                .iter()
                .filter(|&&i| !two_integers(lo[i], hi[i]))
                .count();
            eprintln!(
                "    nearby {cap}: {left} left, {solved} programmes so far, {:?}",
                t0.elapsed()
            );
        }
    }
    solved
}

/// One neighbourhood's programme (see `vary_nearby`): `near` free, every
/// other unknown of the component at its true count; the open targets
/// inside are pushed up together, then down, again with those still
/// unmoved while a push moves some. Widens `lo`/`hi` (indexes into the
/// component's unknowns); the programmes solved.
#[allow(clippy::too_many_arguments)]
fn vary_within(
    m: &Model,
    near: &[usize],
    local: &HashMap<usize, usize>,
    rows_of: &HashMap<usize, Vec<usize>>,
    truth: &[f64],
    is_target: &std::collections::HashSet<usize>,
    lo: &mut [f64],
    hi: &mut [f64],
) -> usize {
    let at: HashMap<usize, usize> = near.iter().enumerate().map(|(j, &x)| (x, j)).collect();
    let mut rows: Vec<usize> = near
        .iter()
        .flat_map(|x| rows_of.get(x).map(Vec::as_slice).unwrap_or(&[]))
        .copied()
        .collect();
    rows.sort_unstable();
    rows.dedup();
    let mut sub = Model {
        targets: vec![None; near.len()],
        cells: vec![None; near.len()],
        lower: near.iter().map(|&x| m.lower[x]).collect(),
        upper: near.iter().map(|&x| m.upper[x]).collect(),
        truth: near.iter().map(|&x| Some(truth[local[&x]])).collect(),
        rows: Vec::with_capacity(rows.len()),
        about: None,
    };
    for r in rows {
        let row = &m.rows[r];
        let mut rhs = row.rhs;
        let mut terms = Vec::with_capacity(row.terms.len());
        for &(x, c) in &row.terms {
            match at.get(&x) {
                Some(&j) => terms.push((j, c)),
                None => rhs -= c * truth[local[&x]],
            }
        }
        // A row left with one unknown bounds it (most rows on the edge of
        // the neighbourhood): a bound costs the solver nothing, a row does.
        if let [(j, c)] = terms[..] {
            let v = rhs / c;
            let (up, down) = match (row.sense, c > 0.0) {
                (Sense::Eq, _) => (true, true),
                (Sense::Le, true) | (Sense::Ge, false) => (true, false),
                (Sense::Le, false) | (Sense::Ge, true) => (false, true),
            };
            if up {
                sub.upper[j] = sub.upper[j].min(v);
            }
            if down {
                sub.lower[j] = sub.lower[j].max(v);
            }
            continue;
        }
        sub.rows.push(Row {
            terms,
            sense: row.sense,
            rhs,
            about: false,
        });
    }
    let ids: Vec<usize> = (0..near.len()).collect();
    let all_rows: Vec<usize> = (0..sub.rows.len()).collect();
    let mut prog = Programme::new(&sub, &ids, &all_rows).without_presolve();
    let mut unmoved: Vec<usize> = (0..near.len())
        .filter(|&j| {
            let i = local[&near[j]];
            is_target.contains(&i) && !two_integers(lo[i], hi[i])
        })
        .collect();
    while !unmoved.is_empty() {
        let objective: Vec<(usize, f64)> = unmoved.iter().map(|&j| (j, 1.0)).collect();
        for maximise in [true, false] {
            if let Some(p) = prog.optimum(&objective, maximise) {
                for (j, &x) in near.iter().enumerate() {
                    let i = local[&x];
                    lo[i] = lo[i].min(p[j]);
                    hi[i] = hi[i].max(p[j]);
                }
            }
        }
        let still: Vec<usize> = unmoved
            .iter()
            .copied()
            .filter(|&j| {
                let i = local[&near[j]];
                !two_integers(lo[i], hi[i])
            })
            .collect();
        if still.len() == unmoved.len() {
            break;
        }
        unmoved = still;
    }
    prog.solved
}

/// Unknowns around a value in the wider relaxations `pinned_around` tries
/// after `pinned_nearby`.
const PINNED_SIZES: [usize; 2] = [300, 3000];

/// Whether the rows around unknown `x` pin it to one integer: the rows
/// within two steps (`pinned_nearby`), then every row whose unknowns are
/// all among the `PINNED_SIZES` nearest to it. Each
/// is a subset of the component's rows, so pinned there is pinned in the
/// whole programme; `false` proves nothing. Late in a year of many
/// releases, 26 exact values of an August released again were pinned only
/// beyond two steps, and each took two solves of a component of 24,574
/// unknowns (6-7 s each). How many programmes it took.
fn pinned_around(m: &Model, rows_of: &HashMap<usize, Vec<usize>>, x: usize) -> (bool, usize) {
    let (pinned, mut solved) = pinned_nearby(m, rows_of, x);
    if pinned {
        return (true, solved);
    }
    for cap in PINNED_SIZES {
        let mut vars = neighbourhood(m, rows_of, x, cap);
        vars.sort_unstable();
        let inside = |y: &usize| vars.binary_search(y).is_ok();
        let mut rows: Vec<usize> = vars
            .iter()
            .flat_map(|y| rows_of.get(y).map(Vec::as_slice).unwrap_or(&[]))
            .copied()
            .filter(|&r| m.rows[r].terms.iter().all(|(y, _)| inside(y)))
            .collect();
        rows.sort_unstable();
        rows.dedup();
        let mut local = Programme::new(m, &vars, &rows).without_presolve();
        let at = vars.binary_search(&x).expect("x is one of them");
        let one = [(x, 1.0)];
        let found = (local.optimum(&one, true), local.optimum(&one, false));
        solved += local.solved;
        if let (Some(max), Some(min)) = found {
            if !two_integers(min[at], max[at]) {
                return (true, solved);
            }
        }
    }
    (false, solved)
}

#[cfg(test)]
thread_local! {
    /// Tests: the solver fails every programme of one target (as HiGHS can
    /// on a big, badly scaled component), on this thread.
    static FAIL_SINGLE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

#[cfg(test)]
thread_local! {
    /// Tests: components from this many unknowns up are proven to vary on
    /// neighbourhoods first (`vary_nearby`), on this thread.
    static NEARBY_FROM: std::cell::Cell<usize> = const { std::cell::Cell::new(BIG) };
}

/// Components from this many unknowns up are proven to vary on
/// neighbourhoods first (see `vary_nearby`): the big ones.
fn nearby_from() -> usize {
    #[cfg(test)]
    return NEARBY_FROM.with(|n| n.get());
    #[cfg(not(test))]
    BIG
}

/// Whether the solver is made to fail this programme (tests only).
fn solver_fails(objective: &[(usize, f64)]) -> bool {
    #[cfg(test)]
    if objective.len() == 1 && FAIL_SINGLE.with(|f| f.get()) {
        return true;
    }
    let _ = objective;
    false
}

/// A component from this many unknowns up is "big" (see `Programme::solve`).
const BIG: usize = 2000;
/// A component's targets are decided on every core from this many targets
/// left and this many unknowns up (below, one core is as fast).
const PAR_TARGETS: usize = 8;
const PAR_VARS: usize = 100;

/// What one target's own programmes decided.
#[derive(Debug, Clone, Copy)]
struct Decision {
    exact: bool,
    /// Shown to take two integers.
    varies: bool,
    /// With `Depth::Intervals`: the integers it can take.
    interval: Option<(u64, u64)>,
    /// The attacker's audit: a programme failed, so neither exact nor
    /// varying is proven.
    undecided: bool,
}

/// What the workers deciding one component's targets share: the next
/// target to take, and the lowest and highest value every unknown took in
/// the points any of them solved (one worker's point often shows another's
/// target at two values, which spares its programmes).
struct Witness {
    next: std::sync::atomic::AtomicUsize,
    seen: std::sync::Mutex<(Vec<f64>, Vec<f64>)>,
}

/// The question a component's workers answer, target by target.
struct Ask<'a> {
    m: &'a Model,
    vars: &'a [usize],
    rows_of: Option<&'a HashMap<usize, Vec<usize>>>,
    depth: Depth,
    /// The true counts are known (the defender's audit).
    truth_known: bool,
    /// The targets (indexes into `vars`) to decide.
    open: &'a [usize],
    /// Set by the caller to end the audit early.
    stop: &'a AtomicBool,
    /// The targets the rows around them pin, when that was asked of every
    /// open target before (the others are not asked again).
    pinned: Option<&'a std::collections::HashSet<usize>>,
}

impl Ask<'_> {
    /// Takes targets until none is left; what each decided, and the
    /// programmes solved outside `prog`.
    fn work(&self, prog: &mut Programme<'_>, w: &Witness) -> (Vec<(usize, Decision)>, usize) {
        let merge = |lo: &mut Vec<f64>, hi: &mut Vec<f64>| {
            let mut seen = w.seen.lock().unwrap_or_else(|e| e.into_inner());
            let (slo, shi) = &mut *seen;
            for j in 0..lo.len() {
                slo[j] = slo[j].min(lo[j]);
                shi[j] = shi[j].max(hi[j]);
            }
            lo.clone_from(slo);
            hi.clone_from(shi);
        };
        let (mut lo, mut hi) = {
            let seen = w.seen.lock().unwrap_or_else(|e| e.into_inner());
            seen.clone()
        };
        let mut got = Vec::new();
        let mut nearby = 0;
        while !self.stop.load(Ordering::Relaxed) {
            let at = w.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(&i) = self.open.get(at) else { break };
            let (d, n) = self.decide(prog, &mut lo, &mut hi, i);
            nearby += n;
            got.push((i, d));
            merge(&mut lo, &mut hi);
        }
        (got, nearby)
    }

    /// Decides target `i` with its own programmes where the points seen so
    /// far (`lo`, `hi`, which every new point widens) do not; the
    /// programmes solved outside `prog`.
    fn decide(
        &self,
        prog: &mut Programme<'_>,
        lo: &mut [f64],
        hi: &mut [f64],
        i: usize,
    ) -> (Decision, usize) {
        let (m, vars, depth) = (self.m, self.vars, self.depth);
        let seen = |point: &[f64], lo: &mut [f64], hi: &mut [f64]| {
            for (j, &x) in point.iter().enumerate() {
                lo[j] = lo[j].min(x);
                hi[j] = hi[j].max(x);
            }
        };
        let varies = Decision {
            exact: false,
            varies: true,
            interval: None,
            undecided: false,
        };
        let exact = Decision {
            exact: true,
            varies: false,
            interval: None,
            undecided: false,
        };
        if depth == Depth::Exactness && two_integers(lo[i], hi[i]) {
            return (varies, 0);
        }
        let mut nearby = 0;
        match (self.pinned, self.rows_of) {
            (Some(pinned), _) => {
                if pinned.contains(&i) {
                    return (exact, 0);
                }
            }
            (None, Some(of)) => {
                let (pinned, solved) = pinned_around(m, of, vars[i]);
                nearby += solved;
                if pinned {
                    return (exact, nearby);
                }
            }
            (None, None) => {}
        }
        let one = [(vars[i], 1.0)];
        let (mut min, mut max) = (lo[i], hi[i]);
        // The component has a solution (the truth, or a point seen) and
        // every programme is bounded (CAP): no answer is the solver failing,
        // which proves nothing. The value is never taken as varying for it:
        // the defender counts it as exact (hidden more, or refused), the
        // attacker's audit reports it undecided.
        let mut unproven = false;
        if let Some(p) = prog.optimum(&one, true) {
            max = max.max(p[i]);
            seen(&p, lo, hi);
        } else {
            unproven = true;
        }
        if !unproven && depth == Depth::Exactness && two_integers(min, max) {
            return (varies, nearby);
        }
        if let Some(p) = prog.optimum(&one, false) {
            min = min.min(p[i]);
            seen(&p, lo, hi);
        } else {
            unproven = true;
        }
        if unproven {
            // What was seen, no more: an inner bound of the interval.
            let (a, b) = ((min - EPS).ceil().max(0.0), (max + EPS).floor());
            let interval = (depth == Depth::Intervals).then_some((a as u64, b.max(a) as u64));
            if self.truth_known {
                return (Decision { interval, ..exact }, nearby);
            }
            // No interval: what was seen is only an inner bound, and a
            // reader of `intervals` (a merge's bounds) takes it as proven.
            let undecided = Decision {
                exact: false,
                varies: false,
                interval: None,
                undecided: true,
            };
            return (undecided, nearby);
        }
        let (a, b) = ((min - EPS).ceil().max(0.0), (max + EPS).floor());
        let interval = (depth == Depth::Intervals).then(|| {
            let b = if b.is_finite() && b < CAP - 0.5 {
                b as u64
            } else {
                u64::MAX
            };
            (a as u64, b.max(a as u64))
        });
        (
            Decision {
                exact: a >= b,
                varies: a < b,
                interval,
                undecided: false,
            },
            nearby,
        )
    }
}
/// Above any real count: a value that reaches it has no upper limit.
const CAP: f64 = 1e9;

/// Plays the attacker over `sheets`.
pub fn audit(layout: &Layout, sheets: &[Sheet], depth: Depth) -> Outcome {
    audit_focused(
        layout,
        sheets,
        depth,
        Scope::All,
        None,
        &AtomicBool::new(false),
    )
}

/// Which components of the programme an audit solves.
#[derive(Debug, Clone, Copy)]
pub enum Scope<'a> {
    /// Every one.
    All,
    /// Those that hold an unknown value of one of these cells (sheet,
    /// cell): the caller knows the others are as they were.
    Cells(&'a std::collections::HashSet<(usize, usize)>),
    /// Those with a row or an unknown that holds a value of this sheet,
    /// shown or hidden. The others are the same programme whatever that
    /// sheet shows or hides: a package deciding its statuses (the sheet)
    /// can neither give their values away nor protect them (what they pin
    /// is pinned without it, in the defender's model). Measured on a vault with Q3, its months and August
    /// again released: Q1's export spent 47 s of its 48 s on a component
    /// of 7,554 unknowns of those releases, which has no value of Q1.
    Sheet(usize),
}

/// Like [`audit`], solving only the components in `scope`.
///
/// `varying`: targets already shown to take two values in an earlier audit
/// of these sheets with fewer cells hidden, skipped here (Exactness only);
/// every target shown to vary now is added. Sound because hiding a cell only
/// turns a constant into an unknown (and may drop rows): every point of the
/// earlier programme, with the newly hidden values at their true counts, is
/// a point of this one, so an interval can only widen. The caller must only
/// hide cells between two calls, never show one again.
///
/// `stop`, set by another thread, ends the audit at its next programme
/// (the outcome is then `stopped`, and decides nothing).
pub fn audit_focused(
    layout: &Layout,
    sheets: &[Sheet],
    depth: Depth,
    scope: Scope<'_>,
    varying: Option<&mut std::collections::HashSet<Target>>,
    stop: &AtomicBool,
) -> Outcome {
    let workers = veerkracht_core::rows::threads();
    audit_side(
        layout,
        sheets,
        depth,
        scope,
        varying,
        workers,
        Side::Defender,
        stop,
    )
}

/// Whose audit: the defender's, who knows every true count, or that of
/// the holder of the packages, whose sheets carry the counts of what was
/// released only so that a value counts as exact when pinned at its true
/// count (see [`audit_holder`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Defender,
    Holder,
}

/// The holder's audit of `focus` (exactness only). Their sheets may carry
/// true counts, yet they know nothing the packages do not say: no row
/// tells which way a count moved between two versions, and a programme
/// without a point (the holder's assumptions contradicted by what was
/// released, or the solver failing) decides nothing, where the defender,
/// whose true counts are a point, would count its values exact. Found by
/// review: with today's counts on a period nobody released, a holder who
/// took records added between two releases of different periods for one
/// state of the data had no point, and "gave away" every value of it.
/// Only the targets of `focus` are decided.
pub fn audit_holder(
    layout: &Layout,
    sheets: &[Sheet],
    focus: &std::collections::HashSet<(usize, usize)>,
    stop: &AtomicBool,
) -> Outcome {
    let workers = veerkracht_core::rows::threads();
    audit_side(
        layout,
        sheets,
        Depth::Exactness,
        Scope::Cells(focus),
        None,
        workers,
        Side::Holder,
        stop,
    )
}

/// [`audit_focused`] with at most `workers` threads per component, never
/// stopped (the tests' audit).
#[cfg(test)]
fn audit_on(
    layout: &Layout,
    sheets: &[Sheet],
    depth: Depth,
    scope: Scope<'_>,
    varying: Option<&mut std::collections::HashSet<Target>>,
    workers: usize,
) -> Outcome {
    audit_side(
        layout,
        sheets,
        depth,
        scope,
        varying,
        workers,
        Side::Defender,
        &AtomicBool::new(false),
    )
}

#[allow(clippy::too_many_arguments)]
fn audit_side(
    layout: &Layout,
    sheets: &[Sheet],
    depth: Depth,
    scope: Scope<'_>,
    mut varying: Option<&mut std::collections::HashSet<Target>>,
    workers: usize,
    side: Side,
    stop: &AtomicBool,
) -> Outcome {
    let started = std::time::Instant::now();
    let about = match scope {
        Scope::Sheet(s) => Some(s),
        Scope::All | Scope::Cells(_) => None,
    };
    let m = build(layout, sheets, side, about);
    let mut out = Outcome::default();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(0x5eed);
    for (vars, rows) in components(&m) {
        if stop.load(Ordering::Relaxed) {
            break;
        }
        let solved = match scope {
            Scope::All => true,
            Scope::Cells(focus) => vars
                .iter()
                .any(|&x| m.cells[x].is_some_and(|c| focus.contains(&c))),
            Scope::Sheet(s) => {
                rows.iter().any(|&r| m.rows[r].about)
                    || vars
                        .iter()
                        .any(|&x| m.cells[x].is_some_and(|(sheet, _)| sheet == s))
            }
        };
        if !solved {
            continue;
        }
        // The holder is asked about some cells only: the other targets of
        // their components decide nothing (a late quarter's one value asked
        // took 170 programmes over 16,896 targets, 130 s).
        let asked = |i: usize| match (side, scope) {
            (Side::Holder, Scope::Cells(focus)) => {
                m.cells[vars[i]].is_some_and(|c| focus.contains(&c))
            }
            _ => true,
        };
        let all_targets: Vec<usize> = (0..vars.len())
            .filter(|&i| m.targets[vars[i]].is_some() && asked(i))
            .collect();
        if all_targets.is_empty() {
            continue;
        }
        out.components += 1;
        out.targets += all_targets.len();
        // Only what is not known to vary yet needs a proof.
        let every = all_targets.len();
        let targets: Vec<usize> = match (&varying, depth) {
            (Some(known), Depth::Exactness) => all_targets
                .iter()
                .copied()
                .filter(|&i| !known.contains(&m.targets[vars[i]].expect("a target")))
                .collect(),
            _ => all_targets,
        };
        if targets.is_empty() {
            continue;
        }
        let trace = std::env::var_os("VEERKRACHT_AUDIT_TRACE").is_some();
        let began = std::time::Instant::now();
        let mut prog = Programme::new(&m, &vars, &rows);
        // What is already known to vary (or, without the truth, the range seen).
        let mut lo = vec![f64::INFINITY; vars.len()];
        let mut hi = vec![f64::NEG_INFINITY; vars.len()];
        // The holder's true counts are never a point of their programme.
        let truth: Option<Vec<f64>> = match side {
            Side::Defender => vars.iter().map(|&x| m.truth[x]).collect(),
            Side::Holder => None,
        };
        if let Some(t) = &truth {
            for (i, &x) in t.iter().enumerate() {
                lo[i] = x;
                hi[i] = x;
            }
        } else {
            // Some true counts only (the holder's audit asked by the
            // defender): a value counts as exact only when the programme
            // pins it to its true count. Pinned elsewhere, the holder's
            // assumptions were wrong and computed nothing. Failed
            // programmes stay undecided, never exact (no truth for all).
            for (i, &x) in vars.iter().enumerate() {
                if let Some(t) = m.truth[x] {
                    lo[i] = t;
                    hi[i] = t;
                }
            }
        }
        let seen = |point: &[f64], lo: &mut [f64], hi: &mut [f64]| {
            for (i, &x) in point.iter().enumerate() {
                lo[i] = lo[i].min(x);
                hi[i] = hi[i].max(x);
            }
        };
        // In a big component, a value the rows around it already pin is
        // exact without two programmes over the whole component.
        let rows_of: Option<HashMap<usize, Vec<usize>>> =
            (depth == Depth::Exactness && vars.len() >= BIG.min(nearby_from())).then(|| {
                let mut of: HashMap<usize, Vec<usize>> = HashMap::new();
                for &r in &rows {
                    for &(x, _) in &m.rows[r].terms {
                        of.entry(x).or_default().push(r);
                    }
                }
                of
            });
        // In a big component, most values are proven to vary on
        // neighbourhoods first (see `vary_nearby`).
        let mut nearby_solved = 0;
        let nearby = match (&truth, &rows_of) {
            (Some(t), Some(of)) if vars.len() >= nearby_from() => {
                let open: Vec<usize> = targets
                    .iter()
                    .copied()
                    .filter(|&i| !two_integers(lo[i], hi[i]))
                    .collect();
                let t0 = std::time::Instant::now();
                nearby_solved = vary_nearby(
                    &m,
                    &vars,
                    of,
                    t,
                    &open,
                    &mut lo,
                    &mut hi,
                    &NEARBY_SIZES,
                    workers,
                    stop,
                );
                if trace {
                    let left = open
                        .iter()
                        .filter(|&&i| !two_integers(lo[i], hi[i]))
                        .count();
                    eprintln!(
                        "  nearby: {} open, {} left, {} programmes, {:.2}s",
                        open.len(),
                        left,
                        nearby_solved,
                        t0.elapsed().as_secs_f64()
                    );
                }
                true
            }
            _ => false,
        };
        // Cheap proofs of inexactness: vertices of random directions (not
        // worth it for the few targets left after an earlier audit, nor
        // after the neighbourhoods).
        let rounds = if nearby || (targets.len() < every.min(40) && truth.is_some()) {
            0
        } else if targets.len() < PAR_TARGETS && side == Side::Holder {
            // The holder asked about a cell: its own programmes settle it;
            // one point shows the programme has any (a failure there only
            // leaves the value undecided, never given away). Not for the
            // attacker of `veerkracht audit`, where one failed direction
            // would call the packages contradictory (found by review).
            1
        } else if depth == Depth::Exactness {
            4
        } else {
            2
        };
        let mut feasible = truth.is_some();
        let mut spare = nearby_solved;
        let directions: Vec<(Vec<(usize, f64)>, bool)> = (0..rounds)
            .map(|_| {
                let objective = targets
                    .iter()
                    .map(|&i| (vars[i], rng.gen_range(-1.0..1.0)))
                    .collect();
                (objective, true)
            })
            .collect();
        // A failed round may be the solver's trouble: the next direction
        // gets its chance.
        for p in optima(&mut prog, &directions, workers, &mut spare, stop)
            .into_iter()
            .flatten()
        {
            feasible = true;
            seen(&p, &mut lo, &mut hi);
        }
        if !feasible {
            // No point in any direction: the packages contradict the rules
            // as modelled, or the solver failed on every one. Either way
            // nothing in this component is settled.
            out.inconsistent = true;
            out.undecided.extend(
                targets
                    .iter()
                    .map(|&i| m.targets[vars[i]].expect("a target")),
            );
            continue;
        }
        // Batch proofs: push every target not yet seen to vary up together,
        // then down. One programme usually moves many of them at once; a
        // round that moves none ends this, and single programmes decide the
        // rest. After the neighbourhoods, only for many left: a few are
        // cheaper on a larger neighbourhood each (below) than with two
        // solves of the whole component.
        let fewest = if nearby { NEARBY_BATCH } else { 3 };
        for _ in 0..16 {
            if stop.load(Ordering::Relaxed) {
                break;
            }
            let open: Vec<usize> = targets
                .iter()
                .copied()
                .filter(|&i| !two_integers(lo[i], hi[i]))
                .collect();
            if open.len() < fewest {
                break;
            }
            let objective: Vec<(usize, f64)> = open.iter().map(|&i| (vars[i], 1.0)).collect();
            let both = [(objective.clone(), true), (objective, false)];
            for p in optima(&mut prog, &both, workers, &mut spare, stop)
                .into_iter()
                .flatten()
            {
                seen(&p, &mut lo, &mut hi);
            }
            let still = open
                .iter()
                .filter(|&&i| !two_integers(lo[i], hi[i]))
                .count();
            if still == open.len() {
                break;
            }
        }
        // Those left, on a larger neighbourhood each before their own
        // programmes; not those the rows around them pin (exact: see
        // `pinned_around`; `Ask` takes them from `pinned`).
        let mut pinned: Option<std::collections::HashSet<usize>> = None;
        if let (Some(t), Some(of), true) = (&truth, &rows_of, nearby) {
            let t0 = std::time::Instant::now();
            let pinned = pinned.insert(Default::default());
            let open: Vec<usize> = targets
                .iter()
                .copied()
                .filter(|&i| !two_integers(lo[i], hi[i]))
                .filter(|&i| {
                    if stop.load(Ordering::Relaxed) {
                        return false;
                    }
                    let (is, solved) = pinned_around(&m, of, vars[i]);
                    spare += solved;
                    if is {
                        pinned.insert(i);
                    }
                    !is
                })
                .collect();
            if trace {
                eprintln!(
                    "  pinned around: {} of {} in {:.2}s",
                    pinned.len(),
                    pinned.len() + open.len(),
                    t0.elapsed().as_secs_f64()
                );
            }
            spare += vary_nearby(
                &m,
                &vars,
                of,
                t,
                &open,
                &mut lo,
                &mut hi,
                &[NEARBY_LAST],
                workers,
                stop,
            );
        }
        // Each target's own programmes, on every core when there are
        // enough of them (see `Witness`).
        let open: Vec<usize> = targets
            .iter()
            .copied()
            .filter(|&i| {
                let settled = depth == Depth::Exactness && two_integers(lo[i], hi[i]);
                if settled {
                    if let Some(known) = varying.as_deref_mut() {
                        known.insert(m.targets[vars[i]].expect("a target"));
                    }
                }
                !settled
            })
            .collect();
        if trace && vars.len() >= BIG {
            eprintln!(
                "  {} of {} targets left to their own programmes after {:.2}s",
                open.len(),
                targets.len(),
                began.elapsed().as_secs_f64()
            );
        }
        let workers = if open.len() >= PAR_TARGETS && vars.len() >= PAR_VARS {
            workers.clamp(1, open.len())
        } else {
            1
        };
        let witness = Witness {
            next: std::sync::atomic::AtomicUsize::new(0),
            seen: std::sync::Mutex::new((lo, hi)),
        };
        let ask = Ask {
            m: &m,
            vars: &vars,
            rows_of: rows_of.as_ref(),
            pinned: pinned.as_ref(),
            depth,
            truth_known: truth.is_some(),
            open: &open,
            stop,
        };
        let mut decided: Vec<(usize, Decision)> = Vec::with_capacity(open.len());
        let mut solved = 0;
        std::thread::scope(|s| {
            let others: Vec<_> = (1..workers)
                .map(|_| {
                    s.spawn(|| {
                        let mut own = Programme::new(&m, &vars, &rows);
                        let (got, nearby) = ask.work(&mut own, &witness);
                        (got, nearby + own.solved)
                    })
                })
                .collect();
            let (got, nearby) = ask.work(&mut prog, &witness);
            decided.extend(got);
            solved += nearby;
            for h in others {
                let (got, n) = h.join().expect("an audit worker does not panic");
                decided.extend(got);
                solved += n;
            }
        });
        out.programmes += solved;
        decided.sort_unstable_by_key(|&(i, _)| i);
        for (i, d) in decided {
            let target = m.targets[vars[i]].expect("a target");
            if d.exact {
                out.exact.push(target);
            }
            if d.undecided {
                out.undecided.push(target);
            }
            if d.varies {
                if let Some(known) = varying.as_deref_mut() {
                    known.insert(target);
                }
            }
            if let Some(interval) = d.interval {
                out.intervals.push((target, interval.0, interval.1));
            }
        }
        if trace {
            eprintln!(
                "  component: {} variables, {} rows, {} targets, {} programmes, {:.3}s",
                vars.len(),
                rows.len(),
                targets.len(),
                prog.solved + spare + solved,
                began.elapsed().as_secs_f64()
            );
        }
        out.programmes += prog.solved + spare;
    }
    out.exact.sort();
    out.undecided.sort();
    out.intervals.sort_by_key(|(t, _, _)| *t);
    out.seconds = started.elapsed().as_secs_f64();
    out.stopped = stop.load(Ordering::Relaxed);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aggregate::{aggregate, Relation, Term};
    use veerkracht_core::demo::{generate, DemoSpec};
    use veerkracht_core::Codebook;

    fn holds(m: &Model) -> Vec<usize> {
        let x: Vec<f64> = m.truth.iter().map(|t| t.expect("truth known")).collect();
        m.rows
            .iter()
            .enumerate()
            .filter(|(_, r)| {
                let lhs: f64 = r.terms.iter().map(|&(i, c)| c * x[i]).sum();
                !match r.sense {
                    Sense::Eq => (lhs - r.rhs).abs() < 1e-9,
                    Sense::Le => lhs <= r.rhs + 1e-9,
                    Sense::Ge => lhs >= r.rhs - 1e-9,
                }
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// A demo year of 60 families, 700 encounters.
    fn a_year() -> Vec<veerkracht_core::Encounter> {
        generate(
            Codebook::embedded(),
            &DemoSpec {
                families: 60,
                encounters: 700,
                seed: 5,
                until: chrono::NaiveDate::from_ymd_opt(2025, 12, 31).unwrap(),
                days: 365,
            },
        )
    }

    /// Every row the attacker may use holds on the true counts of a whole
    /// year, every period hidden (a wrong row would make the audit's model,
    /// and so its verdicts, wrong).
    #[test]
    fn every_row_holds_on_true_counts_across_a_year() {
        let all = a_year();
        // Every period of the year (every sum over time complete), then a
        // few (parts that leave months out: Q1 and January; the year, Q1,
        // May and Q3).
        let some = [
            Period::Year(2025),
            Period::Quarter(2025, 1),
            Period::Month(2025, 1),
            Period::Month(2025, 5),
            Period::Quarter(2025, 3),
        ];
        for periods in [Period::family_of_year(2025), some.to_vec()] {
            rows_hold_on_true_counts(&all, &periods);
        }
    }

    /// A component's targets decided on several threads: the same exact
    /// values, intervals and values shown to vary as on one thread, for the
    /// attacker (no truth) and the defender (truth known).
    #[test]
    fn several_workers_find_what_one_finds() {
        let cb = Codebook::embedded();
        let all = a_year();
        let mut layout = None;
        let mut defender = Vec::new();
        for p in [Period::Quarter(2025, 1), Period::Month(2025, 1)] {
            let agg = aggregate(&all, cb, p);
            layout.get_or_insert_with(|| Layout::of(&agg));
            let truth: Vec<(u64, u64)> = agg
                .cells
                .iter()
                .map(|c| (c.families, c.encounters))
                .collect();
            let hidden: Vec<bool> = truth
                .iter()
                .map(|t| crate::disclosure::small(t.0, 5))
                .collect();
            defender.push(Sheet {
                period: p,
                label: p.to_string(),
                shown: truth
                    .iter()
                    .zip(&hidden)
                    .map(|(t, &h)| (!h).then_some(*t))
                    .collect(),
                truth: Some(truth),
                known: vec![None; hidden.len()],
                older: None,
                targets: hidden,
                parts: Vec::new(),
            });
        }
        let layout = layout.unwrap();
        let attacker: Vec<Sheet> = defender
            .iter()
            .cloned()
            .map(|s| Sheet { truth: None, ..s })
            .collect();
        // The threads are used: a component is big enough.
        let m = build(&layout, &attacker, Side::Defender, None);
        assert!(components(&m).iter().any(|(vars, _)| {
            vars.len() >= PAR_VARS
                && vars.iter().filter(|&&x| m.targets[x].is_some()).count() >= 4 * PAR_TARGETS
        }));
        let one = audit_on(&layout, &attacker, Depth::Intervals, Scope::All, None, 1);
        let four = audit_on(&layout, &attacker, Depth::Intervals, Scope::All, None, 4);
        assert!(one.intervals.len() > 100, "{}", one.intervals.len());
        assert_eq!(one.intervals, four.intervals);
        assert_eq!(one.exact, four.exact);
        let (mut a, mut b) = (Default::default(), Default::default());
        let one = audit_on(
            &layout,
            &defender,
            Depth::Exactness,
            Scope::All,
            Some(&mut a),
            1,
        );
        let four = audit_on(
            &layout,
            &defender,
            Depth::Exactness,
            Scope::All,
            Some(&mut b),
            4,
        );
        assert_eq!(one.exact, four.exact);
        assert_eq!(a, b);
        assert!(!a.is_empty());
    }

    /// Values proven to vary on neighbourhoods (every unknown outside one
    /// at its true count) are those the component's own programmes show to
    /// vary: the same values exact either way, over a quarter, its first
    /// two months and the year, small cells hidden and nothing else (so
    /// that some values are exact).
    #[test]
    fn neighbourhoods_prove_to_vary_only_what_varies() {
        let cb = Codebook::embedded();
        let all = a_year();
        let mut layout = None;
        let mut sheets = Vec::new();
        for p in [
            Period::Quarter(2025, 1),
            Period::Month(2025, 1),
            Period::Month(2025, 2),
            Period::Year(2025),
        ] {
            let agg = aggregate(&all, cb, p);
            layout.get_or_insert_with(|| Layout::of(&agg));
            let truth: Vec<(u64, u64)> = agg
                .cells
                .iter()
                .map(|c| (c.families, c.encounters))
                .collect();
            let hidden: Vec<bool> = truth
                .iter()
                .map(|t| crate::disclosure::small(t.0, 5))
                .collect();
            sheets.push(Sheet {
                period: p,
                label: p.to_string(),
                shown: truth
                    .iter()
                    .zip(&hidden)
                    .map(|(t, &h)| (!h).then_some(*t))
                    .collect(),
                truth: Some(truth),
                known: vec![None; hidden.len()],
                older: None,
                targets: hidden,
                parts: Vec::new(),
            });
        }
        let layout = layout.unwrap();
        let run = |from: usize| {
            NEARBY_FROM.with(|n| n.set(from));
            let mut varying = Default::default();
            let out = audit_on(
                &layout,
                &sheets,
                Depth::Exactness,
                Scope::All,
                Some(&mut varying),
                1,
            );
            NEARBY_FROM.with(|n| n.set(BIG));
            (out, varying)
        };
        let (whole, whole_varying) = run(usize::MAX);
        let (near, near_varying) = run(0);
        assert!(whole.exact.len() >= 10, "{}", whole.exact.len());
        assert!(whole_varying.len() > 100, "{}", whole_varying.len());
        assert_eq!(near.exact, whole.exact);
        assert_eq!(near_varying, whole_varying);
        // The neighbourhoods did the work: many more, far smaller programmes.
        assert!(
            near.programmes > 2 * whole.programmes,
            "{} {}",
            near.programmes,
            whole.programmes
        );
    }

    /// Every value a neighbourhood shows at two integers varies in the
    /// component's own programme, even on neighbourhoods of a few unknowns,
    /// where most of the rows around a target hold unknowns fixed at their
    /// true counts.
    #[test]
    fn a_value_seen_to_vary_on_a_small_neighbourhood_varies() {
        let cb = Codebook::embedded();
        let all = a_year();
        let mut layout = None;
        let mut sheets = Vec::new();
        for p in [
            Period::Quarter(2025, 2),
            Period::Month(2025, 4),
            Period::Month(2025, 6),
        ] {
            let agg = aggregate(&all, cb, p);
            layout.get_or_insert_with(|| Layout::of(&agg));
            let truth: Vec<(u64, u64)> = agg
                .cells
                .iter()
                .map(|c| (c.families, c.encounters))
                .collect();
            let hidden: Vec<bool> = truth
                .iter()
                .map(|t| crate::disclosure::small(t.0, 5))
                .collect();
            sheets.push(Sheet {
                period: p,
                label: p.to_string(),
                shown: truth
                    .iter()
                    .zip(&hidden)
                    .map(|(t, &h)| (!h).then_some(*t))
                    .collect(),
                truth: Some(truth),
                known: vec![None; hidden.len()],
                older: None,
                targets: hidden,
                parts: Vec::new(),
            });
        }
        let m = build(&layout.unwrap(), &sheets, Side::Defender, None);
        let (mut proven, mut exact) = (0, 0);
        for (vars, rows) in components(&m).into_iter().filter(|(v, _)| v.len() >= 50) {
            let truth: Vec<f64> = vars.iter().map(|&x| m.truth[x].unwrap()).collect();
            let mut of: HashMap<usize, Vec<usize>> = HashMap::new();
            for &r in &rows {
                for &(x, _) in &m.rows[r].terms {
                    of.entry(x).or_default().push(r);
                }
            }
            let open: Vec<usize> = (0..vars.len())
                .filter(|&i| m.targets[vars[i]].is_some())
                .collect();
            let (mut lo, mut hi) = (truth.clone(), truth.clone());
            vary_nearby(
                &m,
                &vars,
                &of,
                &truth,
                &open,
                &mut lo,
                &mut hi,
                &[2, 4, 8, 16],
                1,
                &AtomicBool::new(false),
            );
            let mut whole = Programme::new(&m, &vars, &rows);
            // A sample: two solves of the whole component each.
            for &i in open.iter().step_by(7) {
                let one = [(vars[i], 1.0)];
                let max = whole.optimum(&one, true).unwrap()[i];
                let min = whole.optimum(&one, false).unwrap()[i];
                if two_integers(lo[i], hi[i]) {
                    proven += 1;
                    assert!(
                        two_integers(min, max),
                        "{:?} seen at {}..{}, bounds {min}..{max}",
                        m.targets[vars[i]],
                        lo[i],
                        hi[i]
                    );
                    assert!(lo[i] >= min - 1e-6 && hi[i] <= max + 1e-6);
                } else if !two_integers(min, max) {
                    exact += 1;
                }
            }
        }
        assert!(proven > 100, "{proven}");
        assert!(exact >= 3, "{exact}");
    }

    fn rows_hold_on_true_counts(all: &[veerkracht_core::Encounter], periods: &[Period]) {
        let cb = Codebook::embedded();
        let mut sheets = Vec::new();
        let mut layout = None;
        for &p in periods {
            let agg = aggregate(all, cb, p);
            layout.get_or_insert_with(|| Layout::of(&agg));
            let n = agg.cells.len();
            let truth: Vec<(u64, u64)> = agg
                .cells
                .iter()
                .map(|c| (c.families, c.encounters))
                .collect();
            // Totals shown (the per-cell bound needs them), the rest hidden.
            let total = agg.signals.last().unwrap().cell;
            sheets.push(Sheet {
                period: p,
                label: p.to_string(),
                shown: (0..n).map(|i| (i == total).then_some(truth[i])).collect(),
                truth: Some(truth),
                known: vec![None; n],
                older: None,
                targets: vec![true; n],
                parts: Vec::new(),
            });
        }
        let m = build(layout.as_ref().unwrap(), &sheets, Side::Defender, None);
        assert!(
            m.rows.len() > 1_000 * periods.len(),
            "a year has many rows: {}",
            m.rows.len()
        );
        assert_eq!(
            holds(&m),
            Vec::<usize>::new(),
            "rows that fail on the truth"
        );
    }

    /// An audit scoped to one sheet solves every component whose programme
    /// holds a value of it, hidden or shown (January's hidden codes are
    /// exact only through Q1's shown ones), and no other (Q3's hidden code,
    /// exact by subtraction, which nothing in Q1 changes).
    #[test]
    fn a_sheet_scope_solves_what_the_sheet_touches_even_through_its_shown_values() {
        let layout = small_table();
        let sheet = |period, cells: [(u64, u64); 4], hidden: [bool; 4]| Sheet {
            period,
            label: format!("{period}"),
            shown: (0..4).map(|i| (!hidden[i]).then_some(cells[i])).collect(),
            truth: Some(cells.to_vec()),
            known: vec![None; 4],
            older: None,
            targets: hidden.to_vec(),
            parts: Vec::new(),
        };
        let sheets = [
            sheet(
                Period::Quarter(2025, 3),
                [(9, 12), (2, 3), (3, 4), (4, 5)],
                [false, true, false, false],
            ),
            sheet(
                Period::Quarter(2025, 1),
                [(5, 6), (0, 0), (3, 4), (2, 2)],
                [false; 4],
            ),
            sheet(
                Period::Month(2025, 1),
                [(2, 2), (0, 0), (2, 2), (0, 0)],
                [false, true, true, false],
            ),
        ];
        let both = |sheet, cell| {
            [Measure::F, Measure::E].map(|measure| Target {
                sheet,
                cell,
                measure,
            })
        };
        let (q3, january) = (both(0, 1).to_vec(), [both(2, 1), both(2, 2)].concat());
        let run = |scope| audit_on(&layout, &sheets, Depth::Exactness, scope, None, 1);
        let all = run(Scope::All);
        let mut want = [q3.clone(), january.clone()].concat();
        want.sort();
        assert_eq!(all.exact, want);
        let q1 = run(Scope::Sheet(1));
        assert_eq!(q1.exact, january, "January is pinned through Q1's figures");
        assert_eq!(q1.components, 1);
        assert_eq!(run(Scope::Sheet(0)).exact, q3);
    }

    /// The integer intervals of the programme contain every value a brute
    /// force finds over all integer worlds with the same published view, and
    /// an exact verdict is a true one.
    #[test]
    fn a_value_varies_only_when_two_integers_fit_between_what_was_seen() {
        assert!(two_integers(0.0, 1.0));
        assert!(two_integers(0.3, 2.1));
        // Wider than 1, yet rounded inwards only 1 is left: exact.
        assert!(!two_integers(0.2, 1.9));
        assert!(!two_integers(3.0, 3.0));
        assert!(two_integers(1.0 + 1e-9, 2.0 - 1e-9));
    }

    /// The attacker's audit never reads a programme the solver failed as
    /// "varies": a value only its own programmes could settle is reported
    /// undecided (here, the one hidden code of a table whose total and
    /// other codes are shown: exact, by subtraction).
    #[test]
    fn a_failed_programme_leaves_a_value_undecided_never_varying() {
        let layout = small_table();
        let cell = [(9, 12), (2, 3), (3, 4), (4, 5)];
        let hidden = [false, true, false, false];
        let sheet = Sheet {
            period: Period::Year(2025),
            label: "t".into(),
            shown: (0..4).map(|i| (!hidden[i]).then_some(cell[i])).collect(),
            truth: None,
            known: vec![None; 4],
            older: None,
            targets: hidden.to_vec(),
            parts: Vec::new(),
        };
        let a = |measure| Target {
            sheet: 0,
            cell: 1,
            measure,
        };
        let both = vec![a(Measure::F), a(Measure::E)];
        for depth in [Depth::Exactness, Depth::Intervals] {
            let mut varying = std::collections::HashSet::new();
            let run = |varying: &mut std::collections::HashSet<Target>| {
                let v = (depth == Depth::Exactness).then_some(varying);
                audit_on(
                    &layout,
                    std::slice::from_ref(&sheet),
                    depth,
                    Scope::All,
                    v,
                    1,
                )
            };
            let sound = run(&mut varying);
            assert_eq!(sound.exact, both, "{depth:?}: exact by subtraction");
            assert!(sound.undecided.is_empty());
            FAIL_SINGLE.with(|f| f.set(true));
            let failed = run(&mut varying);
            FAIL_SINGLE.with(|f| f.set(false));
            assert_eq!(failed.undecided, both, "{depth:?}");
            assert!(failed.exact.is_empty(), "{depth:?}");
            assert!(
                failed.intervals.is_empty(),
                "{depth:?}: no interval unproven"
            );
            assert!(varying.is_empty(), "{depth:?}: shown to vary: {varying:?}");
            assert!(!failed.inconsistent);
        }
        // The defender (true counts known) still counts such a value exact.
        let defender_sheet = sheet.clone();
        let defender = Sheet {
            truth: Some(cell.to_vec()),
            ..sheet.clone()
        };
        FAIL_SINGLE.with(|f| f.set(true));
        let failed = audit_on(&layout, &[defender], Depth::Exactness, Scope::All, None, 1);
        FAIL_SINGLE.with(|f| f.set(false));
        assert_eq!(failed.exact, both);
        // A component without any solution: every target undecided.
        let contradiction = Sheet {
            shown: vec![Some((9, 12)), None, Some((3, 4)), Some((9, 12))],
            ..sheet
        };
        let out = audit_on(
            &layout,
            std::slice::from_ref(&contradiction),
            Depth::Intervals,
            Scope::All,
            None,
            1,
        );
        assert!(out.inconsistent);
        assert_eq!(out.undecided, both);
        assert!(out.exact.is_empty() && out.intervals.is_empty());
        // The holder's sheets may carry true counts (to tell a value pinned
        // at its count from one pinned elsewhere), but those are no point
        // of their programme: released figures that contradict the rules
        // as the holder reads them, or a failed solve, give nothing away.
        let holder = Sheet {
            truth: Some(cell.to_vec()),
            ..contradiction
        };
        let focus = [(0, 1)].into_iter().collect();
        let out = audit_holder(
            &layout,
            std::slice::from_ref(&holder),
            &focus,
            &AtomicBool::new(false),
        );
        assert!(out.exact.is_empty(), "given away: {:?}", out.exact);
        assert_eq!(out.undecided, both);
        let solvable = Sheet {
            truth: Some(cell.to_vec()),
            ..defender_sheet
        };
        FAIL_SINGLE.with(|f| f.set(true));
        let failed = audit_holder(
            &layout,
            std::slice::from_ref(&solvable),
            &focus,
            &AtomicBool::new(false),
        );
        FAIL_SINGLE.with(|f| f.set(false));
        assert!(failed.exact.is_empty(), "given away: {:?}", failed.exact);
        let sound = audit_holder(&layout, &[solvable], &focus, &AtomicBool::new(false));
        assert_eq!(sound.exact, both, "pinned at its true count: given away");
    }

    /// Cells: total t, codes a, b, c of a dimension with one code per
    /// encounter (E: a + b + c = t), families counted under the latest
    /// value (F: a + b + c = t); F ≤ E per cell.
    fn small_table() -> Layout {
        let term = |cell, measure, coef| Term {
            cell,
            measure,
            coef,
        };
        let mut relations = Vec::new();
        for m in [Measure::E, Measure::F] {
            relations.push(Relation {
                terms: vec![term(1, m, 1), term(2, m, 1), term(3, m, 1), term(0, m, -1)],
                sense: Sense::Eq,
                unless_missing: false,
            });
        }
        for c in 0..4 {
            relations.push(Relation {
                terms: vec![term(c, Measure::F, 1), term(c, Measure::E, -1)],
                sense: Sense::Le,
                unless_missing: false,
            });
        }
        Layout {
            keys: vec![
                crate::aggregate::total_key(),
                "a".into(),
                "b".into(),
                "c".into(),
            ],
            latest: vec![false; 4],
            relations: Arc::new(relations),
        }
    }

    #[test]
    fn intervals_contain_every_world_of_a_small_table() {
        let layout = small_table();
        // Every world of small counts; each view: which of a, b, c is hidden.
        for hidden in [
            [false, true, false, false],
            [false, true, true, false],
            [false, true, true, true],
        ] {
            for world in 0..(6u32.pow(6)) {
                let mut w = world;
                let mut cell = [(0u64, 0u64); 4];
                for c in cell.iter_mut().skip(1) {
                    let f = (w % 6) as u64;
                    w /= 6;
                    // No family, no encounter: a cell is real only so.
                    let e = if f == 0 { 0 } else { f + (w % 6) as u64 };
                    w /= 6;
                    *c = (f, e);
                }
                cell[0] = (
                    cell[1..].iter().map(|c| c.0).sum(),
                    cell[1..].iter().map(|c| c.1).sum(),
                );
                if world % 97 != 0 {
                    continue; // a sample of the worlds keeps the test quick
                }
                let shown: Vec<Option<(u64, u64)>> =
                    (0..4).map(|i| (!hidden[i]).then_some(cell[i])).collect();
                let sheet = Sheet {
                    period: Period::Year(2025),
                    label: "t".into(),
                    shown: shown.clone(),
                    truth: Some(cell.to_vec()),
                    known: vec![None; 4],
                    older: None,
                    targets: hidden.to_vec(),
                    parts: Vec::new(),
                };
                let out = audit(&layout, &[sheet], Depth::Intervals);
                // Brute force: every world with the same shown values.
                let mut range: HashMap<(usize, bool), (u64, u64)> = HashMap::new();
                for other in 0..(6u32.pow(6)) {
                    let mut w = other;
                    let mut o = [(0u64, 0u64); 4];
                    for c in o.iter_mut().skip(1) {
                        let f = (w % 6) as u64;
                        w /= 6;
                        let e = if f == 0 { 0 } else { f + (w % 6) as u64 };
                        w /= 6;
                        *c = (f, e);
                    }
                    o[0] = (
                        o[1..].iter().map(|c| c.0).sum(),
                        o[1..].iter().map(|c| c.1).sum(),
                    );
                    if (0..4).any(|i| shown[i].is_some_and(|s| s != o[i])) {
                        continue;
                    }
                    for i in (0..4).filter(|&i| hidden[i]) {
                        for (fam, v) in [(true, o[i].0), (false, o[i].1)] {
                            let r = range.entry((i, fam)).or_insert((v, v));
                            r.0 = r.0.min(v);
                            r.1 = r.1.max(v);
                        }
                    }
                }
                for (t, lo, hi) in &out.intervals {
                    let (blo, bhi) = range[&(t.cell, t.measure == Measure::F)];
                    assert!(
                        *lo <= blo && bhi <= *hi,
                        "{t:?}: programme [{lo}, {hi}] must contain every world [{blo}, {bhi}]"
                    );
                }
                for t in &out.exact {
                    let (blo, bhi) = range[&(t.cell, t.measure == Measure::F)];
                    assert_eq!(blo, bhi, "{t:?}: exact only when every world agrees");
                }
            }
        }
    }

    /// The holder reads states of the data from the order of releases: a
    /// second table of a period begins a new state; the newest state's
    /// tables are the current sheets, an older state's add up among
    /// themselves only; versions as additions are linked by the totals'
    /// difference, unlinked when a total is hidden; the periods nobody
    /// released that a state's tables add up to are sheets of unknowns.
    #[test]
    fn the_holder_reads_states_from_the_order_of_releases() {
        let p = |s: &str| -> Period { s.parse().unwrap() };
        let seen = |period: &str, created: &str, total: Option<(u64, u64)>| Seen {
            period: p(period),
            label: format!("{period}@{created}"),
            created: created.to_string(),
            shown: vec![total; 2],
            known: vec![None; 2],
            targets: vec![total.is_none(); 2],
            total,
        };
        // Given out of order: the order is the one they were made in.
        let tables = [
            seen("2025-Q1", "2026-01-03", Some((9, 30))),
            seen("2025-Q1", "2026-01-01", Some((8, 25))),
            seen("2025-01", "2026-01-02T01", Some((4, 10))),
            seen("2025-02", "2026-01-02T02", Some((3, 9))),
            seen("2025-03", "2026-01-04", None),
        ];
        let sheets = holder_sheets(&tables, Versions::Additions, 2);
        // One sheet per table, in the order given, then the unknowns.
        for (s, t) in sheets.iter().zip(&tables) {
            assert_eq!((s.period, &s.label), (t.period, &t.label));
        }
        // State 0: Q1, January, February; state 1: Q1 again, March.
        assert_eq!(sheets[0].older, None, "the newest Q1 is current");
        assert_eq!(sheets[4].older, None, "March, made after it, is current");
        assert_eq!(
            sheets[1].older,
            Some((5, 5)),
            "the older Q1: no cell moved by more than the 5 encounters added"
        );
        let unlinked = Some((u64::MAX / 4, u64::MAX / 4));
        assert_eq!(sheets[2].older, unlinked, "January has no current version");
        assert_eq!(sheets[3].older, unlinked, "nor has February");
        // The unknowns: March of the older state (its Q1 less January and
        // February); none in the newest (Q1 less March is two months).
        let unknown: Vec<(Period, bool)> = sheets[tables.len()..]
            .iter()
            .map(|s| (s.period, s.older == unlinked))
            .collect();
        assert_eq!(unknown, vec![(p("2025-03"), true)]);
        let march = tables.len();
        assert!(sheets[march].shown.iter().all(Option::is_none));
        assert!(sheets[march].truth.is_none() && !sheets[march].targets.contains(&true));
        // The older Q1 adds up over its own state's months only: not over
        // the March released after it.
        let mut parts = sheets[1].parts.clone();
        parts.sort_unstable();
        assert_eq!(parts, vec![2, 3, march]);
        assert!(
            sheets[0].parts.is_empty(),
            "current sheets add up by period"
        );
        // A hidden total leaves two versions unlinked; unrelated versions
        // are never linked.
        let mut hidden = tables.clone();
        hidden[0].total = None;
        assert_eq!(
            holder_sheets(&hidden, Versions::Additions, 2)[1].older,
            unlinked
        );
        assert_eq!(
            holder_sheets(&tables, Versions::Unrelated, 2)[1].older,
            unlinked
        );
    }
}
