//! Disclosure control: which cells of a package may be published.
//!
//! 1. **Primary**: a cell whose `families` is between 1 and k−1 is
//!    suppressed (k for normal cells, k_high for sensitive ones). Zero is
//!    published: it reveals nobody.
//! 2. **Secondary**: along every line (cells tied to a published margin) a
//!    lone suppressed cell could be recomputed by subtraction, so the
//!    smallest other non-zero cell of that line is suppressed too. In
//!    two-way tables that is not always enough (a suppressed cell may still
//!    be pinned down by a chain of rows and columns): a suppressed cell is
//!    safe exactly when it lies on a cycle of suppressed cells, so any
//!    suppressed cell that is a *bridge* gets a partner that closes a cycle.
//! 3. **Ledger**: encounters add up over nested periods (a quarter is the sum
//!    of its months). Publishing a cell that, with what earlier packages
//!    released, would let someone compute a cell those packages suppressed
//!    is refused: the cell is suppressed here as well. So is a cell whose
//!    family count moved by 1..k−1 since an earlier package of the same period.
//!
//! Suppression hides both counts of a cell. Everything repeats until nothing
//! changes: more suppression never undoes protection.

use crate::aggregate::{Aggregate, Table};
use crate::period::Period;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    Published,
    SuppressedPrimary,
    SuppressedSecondary,
}

impl Status {
    pub fn id(self) -> &'static str {
        match self {
            Status::Published => "published",
            Status::SuppressedPrimary => "suppressed_primary",
            Status::SuppressedSecondary => "suppressed_secondary",
        }
    }

    pub fn is_suppressed(self) -> bool {
        self != Status::Published
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for Status {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "published" => Ok(Status::Published),
            "suppressed_primary" => Ok(Status::SuppressedPrimary),
            "suppressed_secondary" => Ok(Status::SuppressedSecondary),
            other => Err(format!("unknown status {other:?}")),
        }
    }
}

/// Cell thresholds. They can be raised, never lowered below the defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Thresholds {
    pub k: u64,
    pub k_high: u64,
}

impl Thresholds {
    pub const MIN_K: u64 = 5;
    pub const MIN_K_HIGH: u64 = 10;
    /// The highest threshold accepted (higher would hide everything).
    pub const MAX: u64 = 1_000;

    pub fn new(k: Option<u64>, k_high: Option<u64>) -> Result<Thresholds, crate::Error> {
        let k = k.unwrap_or(Self::MIN_K);
        let k_high = k_high.unwrap_or(Self::MIN_K_HIGH).max(k);
        if k < Self::MIN_K || k_high < Self::MIN_K_HIGH {
            return Err(crate::Error::ThresholdTooLow {
                k,
                k_high,
                min_k: Self::MIN_K,
                min_k_high: Self::MIN_K_HIGH,
            });
        }
        Ok(Thresholds { k, k_high })
    }

    pub fn for_cell(&self, high: bool) -> u64 {
        if high {
            self.k_high
        } else {
            self.k
        }
    }
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            k: Self::MIN_K,
            k_high: Self::MIN_K_HIGH,
        }
    }
}

/// What an earlier package released, per cell key: its status and counts.
/// Kept (encrypted) in the vault's ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release {
    pub period: Period,
    pub cells: HashMap<String, (Status, u64, u64)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Protection {
    pub status: Vec<Status>,
    /// Keys of cells suppressed here that earlier releases already let
    /// anyone compute: a warning for the person exporting.
    pub already_derivable: Vec<String>,
    /// Cells suppressed because of the ledger.
    pub by_ledger: usize,
    /// Per cell: suppressed because of the ledger.
    pub ledger_cells: Vec<bool>,
}

impl Protection {
    pub fn count(&self, s: Status) -> usize {
        self.status.iter().filter(|&&x| x == s).count()
    }
}

/// The primary status of every cell: suppressed when 1..k−1 families.
pub fn primary(agg: &Aggregate, th: Thresholds) -> Vec<Status> {
    agg.cells
        .iter()
        .map(|c| {
            if c.families > 0 && c.families < th.for_cell(c.high) {
                Status::SuppressedPrimary
            } else {
                Status::Published
            }
        })
        .collect()
}

/// For the other periods of the same year: the keys of cells that would be
/// primary-suppressed there (1..k−1 families). With it the ledger also
/// protects periods not released yet: publishing February after the
/// quarter and January would let anyone compute March.
///
/// Computed lazily: only a period that a publication would newly make
/// computable is aggregated, which on a first export is none at all.
#[derive(Default)]
pub struct YearContext<'a> {
    pub small: HashMap<Period, HashSet<String>>,
    compute: Option<Box<dyn Fn(Period) -> HashSet<String> + 'a>>,
    cache: std::cell::RefCell<HashMap<Period, HashSet<String>>>,
}

/// The keys of an aggregate's cells that primary suppression would hide.
pub fn small_keys(agg: &Aggregate, th: Thresholds) -> HashSet<String> {
    agg.cells
        .iter()
        .filter(|c| c.families > 0 && c.families < th.for_cell(c.high))
        .map(|c| c.key.clone())
        .collect()
}

impl<'a> YearContext<'a> {
    /// Builds the context from the aggregates of the year's other periods.
    pub fn from_aggregates(aggs: &[Aggregate], th: Thresholds) -> YearContext<'a> {
        YearContext {
            small: aggs.iter().map(|a| (a.period, small_keys(a, th))).collect(),
            ..Default::default()
        }
    }

    /// A context that aggregates a period only when asked about it.
    pub fn lazy(compute: impl Fn(Period) -> HashSet<String> + 'a) -> YearContext<'a> {
        YearContext {
            compute: Some(Box::new(compute)),
            ..Default::default()
        }
    }

    fn is_small(&self, period: Period, key: &str) -> bool {
        if let Some(keys) = self.small.get(&period) {
            return keys.contains(key);
        }
        let Some(compute) = &self.compute else {
            return false;
        };
        self.cache
            .borrow_mut()
            .entry(period)
            .or_insert_with(|| compute(period))
            .contains(key)
    }
}

/// Decides the status of every cell of `agg`.
pub fn protect(agg: &Aggregate, th: Thresholds, history: &[Release]) -> Protection {
    protect_in(agg, th, history, &YearContext::default())
}

/// Like `protect`, also guarding the year's unreleased periods.
pub fn protect_in(
    agg: &Aggregate,
    th: Thresholds,
    history: &[Release],
    year: &YearContext<'_>,
) -> Protection {
    protect_from_in(agg, th, history, primary(agg, th), year)
}

/// Completes a protection that starts from `status` (primary decisions and
/// any cell that must stay hidden, such as cells unknown in a merge).
pub fn protect_from(
    agg: &Aggregate,
    th: Thresholds,
    history: &[Release],
    status: Vec<Status>,
) -> Protection {
    protect_from_in(agg, th, history, status, &YearContext::default())
}

fn protect_from_in(
    agg: &Aggregate,
    th: Thresholds,
    history: &[Release],
    mut status: Vec<Status>,
    year: &YearContext<'_>,
) -> Protection {
    let cells = &agg.cells;
    let mut by_ledger = 0;
    let mut ledger_cells = vec![false; agg.cells.len()];
    let history: Vec<&Release> = history
        .iter()
        .filter(|r| r.period.year() == agg.period.year())
        .collect();
    // Cells that earlier packages already let anyone compute for this
    // period. Hiding them hides nothing: they never serve as a complement
    // and do not count as hidden in a line.
    let known: Vec<bool> = cells
        .iter()
        .map(|c| derivable_from_history(agg.period, &c.key, &history))
        .collect();

    loop {
        let hidden: Vec<bool> = (0..cells.len())
            .map(|i| status[i].is_suppressed() && !known[i])
            .collect();
        let mut changed = false;
        for line in &agg.lines {
            let members: Vec<usize> = line.cells.iter().copied().chain([line.margin]).collect();
            if members.iter().filter(|&&i| hidden[i]).count() == 1 {
                if let Some(pick) = complement(&members, line.margin, &status, &known, agg) {
                    status[pick] = Status::SuppressedSecondary;
                    changed = true;
                    break;
                }
            }
        }
        if changed {
            continue;
        }
        for table in &agg.tables {
            if let Some(pick) = close_a_bridge(table, &hidden, &known, agg) {
                status[pick] = Status::SuppressedSecondary;
                changed = true;
                break;
            }
        }
        if changed {
            continue;
        }
        for (i, c) in cells.iter().enumerate() {
            if status[i] == Status::Published
                && !known[i]
                && ledger_forbids(
                    agg.period,
                    &c.key,
                    c.families,
                    th.for_cell(c.high),
                    &history,
                    year,
                )
            {
                status[i] = Status::SuppressedSecondary;
                by_ledger += 1;
                ledger_cells[i] = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let already_derivable = cells
        .iter()
        .enumerate()
        .filter(|(i, _)| status[*i].is_suppressed() && known[*i])
        .map(|(_, c)| c.key.clone())
        .collect::<Vec<_>>();
    Protection {
        status,
        already_derivable,
        by_ledger,
        ledger_cells,
    }
}

/// The cell to suppress alongside a lone suppressed one in a line: the
/// smallest non-zero published cell (not the margin when avoidable), then a
/// published zero, then the margin.
fn complement(
    members: &[usize],
    margin: usize,
    status: &[Status],
    known: &[bool],
    agg: &Aggregate,
) -> Option<usize> {
    let open: Vec<usize> = members
        .iter()
        .copied()
        .filter(|&i| status[i] == Status::Published && !known[i])
        .collect();
    let by_size = |v: &mut Vec<usize>| {
        v.sort_by_key(|&i| (agg.cells[i].families, agg.cells[i].encounters, i));
    };
    let mut nonzero: Vec<usize> = open
        .iter()
        .copied()
        .filter(|&i| i != margin && agg.cells[i].families > 0)
        .collect();
    by_size(&mut nonzero);
    if let Some(&i) = nonzero.first() {
        return Some(i);
    }
    let mut zero: Vec<usize> = open.iter().copied().filter(|&i| i != margin).collect();
    by_size(&mut zero);
    zero.first()
        .copied()
        .or_else(|| open.contains(&margin).then_some(margin))
}

/// Graph of a table: rows 0..R (R = total row), columns 0..C (C = total column).
fn edges(t: &Table) -> Vec<(usize, usize, usize)> {
    let (r_total, c_total) = (t.grid.len(), t.col_margins.len());
    let mut e = Vec::new();
    for (r, row) in t.grid.iter().enumerate() {
        for (c, &cell) in row.iter().enumerate() {
            e.push((r, c, cell));
        }
        e.push((r, c_total, t.row_margins[r]));
    }
    for (c, &cell) in t.col_margins.iter().enumerate() {
        e.push((r_total, c, cell));
    }
    e.push((r_total, c_total, t.grand));
    e
}

/// Bridges of the suppressed subgraph (edges on no cycle), as edge indices.
pub fn bridges(t: &Table, suppressed: &dyn Fn(usize) -> bool) -> Vec<(usize, usize, usize)> {
    let all = edges(t);
    let rows = t.grid.len() + 1;
    let cols = t.col_margins.len() + 1;
    let n = rows + cols;
    let sup: Vec<(usize, usize, usize)> = all.into_iter().filter(|e| suppressed(e.2)).collect();
    let mut adj: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
    for (i, &(r, c, _)) in sup.iter().enumerate() {
        adj[r].push((rows + c, i));
        adj[rows + c].push((r, i));
    }
    let mut disc = vec![usize::MAX; n];
    let mut low = vec![0usize; n];
    let mut time = 0;
    let mut out = Vec::new();
    fn dfs(
        u: usize,
        parent_edge: usize,
        adj: &[Vec<(usize, usize)>],
        disc: &mut [usize],
        low: &mut [usize],
        time: &mut usize,
        out: &mut Vec<usize>,
    ) {
        disc[u] = *time;
        low[u] = *time;
        *time += 1;
        for &(v, e) in &adj[u] {
            if e == parent_edge {
                continue;
            }
            if disc[v] == usize::MAX {
                dfs(v, e, adj, disc, low, time, out);
                low[u] = low[u].min(low[v]);
                if low[v] > disc[u] {
                    out.push(e);
                }
            } else {
                low[u] = low[u].min(disc[v]);
            }
        }
    }
    for u in 0..n {
        if disc[u] == usize::MAX {
            dfs(
                u,
                usize::MAX,
                &adj,
                &mut disc,
                &mut low,
                &mut time,
                &mut out,
            );
        }
    }
    out.into_iter().map(|i| sup[i]).collect()
}

/// For the first bridge, the published cell that closes a cycle through it.
fn close_a_bridge(t: &Table, hidden: &[bool], known: &[bool], agg: &Aggregate) -> Option<usize> {
    let sup = |i: usize| hidden[i];
    let bridge = *bridges(t, &sup).first()?;
    let rows = t.grid.len() + 1;
    // The side of the bridge's row end, once the bridge is removed.
    let all = edges(t);
    let mut side = HashSet::new();
    let mut stack = vec![bridge.0];
    side.insert(bridge.0);
    while let Some(u) = stack.pop() {
        for &(r, c, cell) in &all {
            if !sup(cell) || (r, c) == (bridge.0, bridge.1) {
                continue;
            }
            let (a, b) = (r, rows + c);
            for (x, y) in [(a, b), (b, a)] {
                if x == u && side.insert(y) {
                    stack.push(y);
                }
            }
        }
    }
    let mut candidates: Vec<usize> = all
        .iter()
        .filter(|&&(r, c, cell)| {
            !sup(cell) && !known[cell] && (side.contains(&r) != side.contains(&(rows + c)))
        })
        .map(|&(_, _, cell)| cell)
        .collect();
    candidates.sort_by_key(|&i| {
        (
            agg.cells[i].families == 0,
            agg.cells[i].families,
            agg.cells[i].encounters,
            i,
        )
    });
    candidates.first().copied()
}

/// Periods whose value of one cell is known, closed under "a parent is the
/// sum of its children": a parent is known when all its children are, a
/// child when its parent and all its siblings are.
fn known_closure(mut known: BTreeSet<Period>, year: i32) -> BTreeSet<Period> {
    loop {
        let mut grew = false;
        for p in Period::family_of_year(year) {
            let kids = p.children();
            if kids.is_empty() {
                continue;
            }
            if !known.contains(&p) && kids.iter().all(|k| known.contains(k)) {
                known.insert(p);
                grew = true;
            }
            if known.contains(&p) {
                let missing: Vec<&Period> = kids.iter().filter(|k| !known.contains(k)).collect();
                if missing.len() == 1 {
                    known.insert(*missing[0]);
                    grew = true;
                }
            }
            // A year is also the sum of its twelve months.
            if let Period::Year(y) = p {
                let months: Vec<Period> = (1..=12).map(|m| Period::Month(y, m)).collect();
                if !known.contains(&p) && months.iter().all(|m| known.contains(m)) {
                    known.insert(p);
                    grew = true;
                }
            }
        }
        if !grew {
            return known;
        }
    }
}

fn published_periods(key: &str, history: &[&Release]) -> BTreeSet<Period> {
    history
        .iter()
        .filter(|r| {
            r.cells
                .get(key)
                .is_some_and(|(s, _, _)| *s == Status::Published)
        })
        .map(|r| r.period)
        .collect()
}

fn ledger_forbids(
    period: Period,
    key: &str,
    families: u64,
    k: u64,
    history: &[&Release],
    year: &YearContext<'_>,
) -> bool {
    // The same period released before: a small change singles out newcomers.
    for r in history.iter().filter(|r| r.period == period) {
        if let Some((Status::Published, f, _)) = r.cells.get(key) {
            let diff = f.abs_diff(families);
            if diff > 0 && diff < k {
                return true;
            }
        }
    }
    let before = published_periods(key, history);
    let mut after = before.clone();
    after.insert(period);
    let known_before = known_closure(before, period.year());
    let known_after = known_closure(after, period.year());
    // Every period that publishing this cell would newly make computable
    // must be one whose value of the cell may be known: released and
    // published, or (not released yet) not small.
    known_after
        .iter()
        .filter(|s| **s != period && !known_before.contains(s))
        .any(|s| {
            let released: Vec<&&Release> = history.iter().filter(|r| r.period == *s).collect();
            let suppressed_there = released.iter().any(|r| {
                r.cells
                    .get(key)
                    .is_some_and(|(st, _, _)| st.is_suppressed())
            });
            let small_there = year.is_small(*s, key);
            suppressed_there || small_there
        })
}

fn derivable_from_history(period: Period, key: &str, history: &[&Release]) -> bool {
    let before = published_periods(key, history);
    !before.contains(&period) && known_closure(before, period.year()).contains(&period)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aggregate::{aggregate, Cell, Line};
    use chrono::NaiveDate;
    use proptest::prelude::*;
    use veerkracht_core::codebook::Codebook;
    use veerkracht_core::demo::{generate, DemoSpec};

    /// An aggregate made of one R×C table with margins, from given counts.
    fn table(counts: &[Vec<u64>], high: bool) -> Aggregate {
        let rows = counts.len();
        let cols = counts[0].len();
        let mut cells = Vec::new();
        let mut add = |f: u64| {
            cells.push(Cell {
                key: format!("c{}", cells.len()),
                families: f,
                encounters: f * 2,
                high,
            });
            cells.len() - 1
        };
        let grid: Vec<Vec<usize>> = counts
            .iter()
            .map(|row| row.iter().map(|&f| add(f)).collect())
            .collect();
        let row_margins: Vec<usize> = counts.iter().map(|row| add(row.iter().sum())).collect();
        let col_margins: Vec<usize> = (0..cols)
            .map(|c| add(counts.iter().map(|r| r[c]).sum()))
            .collect();
        let grand = add(counts.iter().flatten().sum());
        let mut lines = Vec::new();
        for r in 0..rows {
            lines.push(Line {
                cells: grid[r].clone(),
                margin: row_margins[r],
            });
        }
        for c in 0..cols {
            lines.push(Line {
                cells: grid.iter().map(|row| row[c]).collect(),
                margin: col_margins[c],
            });
        }
        lines.push(Line {
            cells: row_margins.clone(),
            margin: grand,
        });
        lines.push(Line {
            cells: col_margins.clone(),
            margin: grand,
        });
        let tables = vec![Table {
            grid,
            row_margins,
            col_margins,
            grand,
        }];
        Aggregate {
            period: "2026-Q1".parse().unwrap(),
            codebook: "2026.1".into(),
            demo_encounters: 0,
            cells,
            signals: vec![],
            crosstabs: vec![],
            lines,
            tables,
        }
    }

    /// Independent check by linear algebra: is variable `i` (a suppressed
    /// cell) fixed by the table's equations given every published cell?
    fn determined(agg: &Aggregate, status: &[Status], i: usize) -> bool {
        let unknown: Vec<usize> = (0..agg.cells.len())
            .filter(|&j| status[j].is_suppressed())
            .collect();
        let col = |j: usize| unknown.iter().position(|&u| u == j);
        // Rows of the constraint matrix over the unknowns.
        let mut m: Vec<Vec<f64>> = Vec::new();
        for line in &agg.lines {
            let mut row = vec![0.0; unknown.len()];
            for &c in &line.cells {
                if let Some(p) = col(c) {
                    row[p] += 1.0;
                }
            }
            if let Some(p) = col(line.margin) {
                row[p] -= 1.0;
            }
            m.push(row);
        }
        // e_i is in the row space iff adding it does not raise the rank.
        let rank = |mut a: Vec<Vec<f64>>| {
            let mut r = 0;
            let cols = unknown.len();
            for c in 0..cols {
                if let Some(p) = (r..a.len()).find(|&p| a[p][c].abs() > 1e-9) {
                    a.swap(r, p);
                    let pivot = a[r][c];
                    for q in 0..a.len() {
                        if q != r && a[q][c].abs() > 1e-9 {
                            let f = a[q][c] / pivot;
                            let pivot_row = a[r].clone();
                            for (x, v) in a[q].iter_mut().enumerate() {
                                *v -= f * pivot_row[x];
                            }
                        }
                    }
                    r += 1;
                }
            }
            r
        };
        let base = rank(m.clone());
        let mut e = vec![0.0; unknown.len()];
        e[col(i).unwrap()] = 1.0;
        m.push(e);
        rank(m) == base
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn no_suppressed_cell_can_be_recomputed(
            counts in prop::collection::vec(prop::collection::vec(prop_oneof![Just(0u64), 1u64..5, 5u64..40], 2..6), 2..6)
        ) {
            let width = counts[0].len();
            let counts: Vec<Vec<u64>> = counts.into_iter().map(|mut r| { r.resize(width, 3); r }).collect();
            let agg = table(&counts, false);
            let p = protect(&agg, Thresholds::default(), &[]);
            for (i, c) in agg.cells.iter().enumerate() {
                if c.families > 0 && c.families < 5 {
                    prop_assert!(p.status[i].is_suppressed(), "cell {i} with {} families is published", c.families);
                }
                if p.status[i].is_suppressed() {
                    prop_assert!(!determined(&agg, &p.status, i), "cell {i} can be computed from the others");
                }
            }
            for line in &agg.lines {
                let n = line.cells.iter().chain([&line.margin]).filter(|&&i| p.status[i].is_suppressed()).count();
                prop_assert!(n != 1, "a line with a lone suppressed cell");
            }
        }
    }

    #[test]
    fn zero_is_published_and_high_cells_use_k_high() {
        let agg = table(&[vec![0, 7, 20], vec![30, 40, 50]], true);
        let p = protect(&agg, Thresholds::default(), &[]);
        assert_eq!(p.status[1], Status::SuppressedPrimary, "7 < k_high = 10");
        let normal = table(&[vec![0, 7, 20], vec![30, 40, 50]], false);
        let q = protect(&normal, Thresholds::default(), &[]);
        assert_eq!(q.status[0], Status::Published, "zero reveals nobody");
        assert_eq!(q.status[1], Status::Published, "7 ≥ k = 5");
        assert!(
            Thresholds::new(Some(3), None).is_err(),
            "thresholds only go up"
        );
        assert_eq!(
            Thresholds::new(Some(7), Some(12)).unwrap().for_cell(true),
            12
        );
    }

    #[test]
    fn a_quarter_after_its_months_never_reveals_a_suppressed_month() {
        let key = "s|needs|shelter_tonight|unmet".to_string();
        let month = |m: u32, status: Status, e: u64| Release {
            period: Period::Month(2026, m),
            cells: [(key.clone(), (status, e, e))].into_iter().collect(),
        };
        let history = [
            month(1, Status::SuppressedPrimary, 2),
            month(2, Status::Published, 9),
            month(3, Status::Published, 8),
        ];
        let h: Vec<&Release> = history.iter().collect();
        assert!(
            ledger_forbids(
                "2026-Q1".parse().unwrap(),
                &key,
                19,
                5,
                &h,
                &YearContext::default()
            ),
            "Q1 − Feb − Mar = Jan"
        );
        assert!(
            !ledger_forbids(
                "2026-Q2".parse().unwrap(),
                &key,
                19,
                5,
                &h,
                &YearContext::default()
            ),
            "another quarter is fine"
        );
        let partial: Vec<&Release> = history.iter().take(2).collect();
        assert!(
            !ledger_forbids(
                "2026-Q1".parse().unwrap(),
                &key,
                19,
                5,
                &partial,
                &YearContext::default()
            ),
            "March unknown: Jan + Mar stays a sum"
        );
        // The year after three published quarters and a suppressed one.
        let q = |n: u32, status: Status| Release {
            period: Period::Quarter(2026, n),
            cells: [(key.clone(), (status, 10, 10))].into_iter().collect(),
        };
        let quarters = [
            q(1, Status::Published),
            q(2, Status::SuppressedSecondary),
            q(3, Status::Published),
            q(4, Status::Published),
        ];
        let h: Vec<&Release> = quarters.iter().collect();
        assert!(ledger_forbids(
            Period::Year(2026),
            &key,
            40,
            5,
            &h,
            &YearContext::default()
        ));
        // A month after its quarter and a sibling: the third month would show.
        let first = [
            Release {
                period: "2026-Q1".parse().unwrap(),
                cells: [(key.clone(), (Status::Published, 12, 20))]
                    .into_iter()
                    .collect(),
            },
            Release {
                period: Period::Month(2026, 1),
                cells: [(key.clone(), (Status::Published, 6, 9))]
                    .into_iter()
                    .collect(),
            },
        ];
        let h: Vec<&Release> = first.iter().collect();
        let march_key = key.clone();
        let march_small = YearContext::lazy(move |p| {
            if p == Period::Month(2026, 3) {
                [march_key.clone()].into_iter().collect()
            } else {
                HashSet::new()
            }
        });
        assert!(
            ledger_forbids(Period::Month(2026, 2), &key, 7, 5, &h, &march_small),
            "Q1 − Jan − Feb = Mar"
        );
        assert!(
            !ledger_forbids(
                Period::Month(2026, 2),
                &key,
                7,
                5,
                &h,
                &YearContext::default()
            ),
            "unless March is not small"
        );
        // The same period again, with two more families: they would show.
        let again = [Release {
            period: "2026-Q1".parse().unwrap(),
            cells: [(key.clone(), (Status::Published, 12, 12))]
                .into_iter()
                .collect(),
        }];
        let h: Vec<&Release> = again.iter().collect();
        assert!(ledger_forbids(
            "2026-Q1".parse().unwrap(),
            &key,
            14,
            5,
            &h,
            &YearContext::default()
        ));
        assert!(
            !ledger_forbids(
                "2026-Q1".parse().unwrap(),
                &key,
                12,
                5,
                &h,
                &YearContext::default()
            ),
            "unchanged is fine"
        );
    }

    #[test]
    fn protection_of_a_real_package_holds_every_rule() {
        let cb = Codebook::embedded();
        let all = generate(
            cb,
            &DemoSpec {
                families: 60,
                encounters: 300,
                seed: 3,
                until: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
                days: 365,
            },
        );
        let agg = aggregate(&all, cb, "2026-Q2".parse().unwrap());
        let th = Thresholds::default();
        let p = protect(&agg, th, &[]);
        assert!(
            p.count(Status::SuppressedPrimary) > 0,
            "a small caseload has small cells"
        );
        for (i, c) in agg.cells.iter().enumerate() {
            if c.families > 0 && c.families < th.for_cell(c.high) {
                assert!(p.status[i].is_suppressed(), "{}", c.key);
            }
        }
        for line in &agg.lines {
            let n = line
                .cells
                .iter()
                .chain([&line.margin])
                .filter(|&&i| p.status[i].is_suppressed())
                .count();
            assert_ne!(n, 1);
        }
        for t in &agg.tables {
            assert!(bridges(t, &|i| p.status[i].is_suppressed()).is_empty());
        }
    }
}
