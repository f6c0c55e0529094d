//! Counting a period over integer rows, under the contract's rules:
//! `encounters` counts encounters carrying a code; `families` counts
//! distinct pseudonyms, under the family's latest value for the dimensions
//! that follow it, under every code any of its encounters carried for the
//! others; a crosstab cell counts the families with at least one encounter
//! carrying both codes (so families ≤ encounters in every cell).

use crate::plan::{Plan, TablePlan};

/// Every encounter of a period as its rows, with its family as a dense
/// number; encounters keep their `(date, id)` order.
pub(crate) struct Encoded<'r> {
    pub rows: Vec<&'r [u16]>,
    pub family: Vec<u32>,
    pub families: usize,
}

/// Counts of one two-way table, by family or by encounter.
pub(crate) struct TableCounts {
    pub cols: usize,
    pub cells: Vec<u64>,
    pub row_totals: Vec<u64>,
    pub col_totals: Vec<u64>,
}

impl TableCounts {
    fn new(t: &TablePlan) -> TableCounts {
        TableCounts {
            cols: t.ccodes.len(),
            cells: vec![0; t.rcodes.len() * t.ccodes.len()],
            row_totals: vec![0; t.rcodes.len()],
            col_totals: vec![0; t.ccodes.len()],
        }
    }
}

/// Counts of a period: per global row and per crosstab, by family and by
/// encounter.
pub(crate) struct Counts {
    pub families: Vec<u64>,
    /// Per global row: the families with at least one encounter carrying
    /// it (the same as `families` but for dimensions counted by the latest
    /// value).
    pub contributors: Vec<u64>,
    pub encounters: Vec<u64>,
    pub fam_tables: Vec<TableCounts>,
    pub enc_tables: Vec<TableCounts>,
}

/// The crosstab codes of one encounter, per table and side.
struct Sides(Vec<[Vec<u16>; 2]>);

impl Sides {
    fn fill(&mut self, plan: &Plan, rows: &[u16]) {
        for sides in &mut self.0 {
            sides[0].clear();
            sides[1].clear();
        }
        for &r in rows {
            for &(t, side, code) in &plan.members[r as usize] {
                let v = &mut self.0[t as usize][side as usize];
                if !v.contains(&code) {
                    v.push(code);
                }
            }
        }
    }
}

/// Marks what a family was already counted in: a slot holds the number of
/// the family that last took it.
struct Stamps(Vec<u32>);

impl Stamps {
    fn new(n: usize) -> Stamps {
        Stamps(vec![u32::MAX; n])
    }

    /// Whether `family` takes slot `i` for the first time (and take it).
    fn first(&mut self, i: usize, family: u32) -> bool {
        let fresh = self.0[i] != family;
        self.0[i] = family;
        fresh
    }
}

impl Counts {
    fn new(plan: &Plan) -> Counts {
        let rows = plan.rows().len();
        Counts {
            families: vec![0; rows],
            contributors: vec![0; rows],
            encounters: vec![0; rows],
            fam_tables: plan.tables.iter().map(TableCounts::new).collect(),
            enc_tables: plan.tables.iter().map(TableCounts::new).collect(),
        }
    }

    /// Adds `other`'s counts (of other families) to these.
    fn add(&mut self, other: &Counts) {
        fn sum(a: &mut [u64], b: &[u64]) {
            for (x, y) in a.iter_mut().zip(b) {
                *x += y;
            }
        }
        sum(&mut self.families, &other.families);
        sum(&mut self.contributors, &other.contributors);
        sum(&mut self.encounters, &other.encounters);
        for (mine, theirs) in [
            (&mut self.fam_tables, &other.fam_tables),
            (&mut self.enc_tables, &other.enc_tables),
        ] {
            for (a, b) in mine.iter_mut().zip(theirs) {
                sum(&mut a.cells, &b.cells);
                sum(&mut a.row_totals, &b.row_totals);
                sum(&mut a.col_totals, &b.col_totals);
            }
        }
    }
}

/// Encounters below which a period is counted on one thread. The unit
/// tests count their small caseloads in many runs, so that the reference
/// comparison covers the sums.
#[cfg(not(test))]
const MIN_RUN: usize = 20_000;
#[cfg(test)]
const MIN_RUN: usize = 7;

/// Counts of the period. Every count is a sum over families (an
/// encounter belongs to one), so the families are cut into one run per
/// core ([`veerkracht_core::rows::threads`]), counted apart and added up.
pub(crate) fn count(plan: &Plan, enc: &Encoded<'_>) -> Counts {
    let n = enc.family.len();
    // Each family's encounters, in (date, id) order: a stable counting sort.
    let mut start = vec![0u32; enc.families + 1];
    for &f in &enc.family {
        start[f as usize + 1] += 1;
    }
    for f in 0..enc.families {
        start[f + 1] += start[f];
    }
    let mut fill = start.clone();
    let mut order = vec![0u32; n];
    for (i, &f) in enc.family.iter().enumerate() {
        order[fill[f as usize] as usize] = i as u32;
        fill[f as usize] += 1;
    }
    // Runs of families with about the same number of encounters each, one
    // per core but none much shorter than MIN_RUN. The unit tests cut
    // runs of MIN_RUN on any machine, so that the sums are covered.
    let runs_wanted = (n / MIN_RUN).clamp(1, veerkracht_core::rows::threads());
    let per_run = if cfg!(test) {
        MIN_RUN
    } else {
        n.div_ceil(runs_wanted)
    };
    let mut runs = Vec::new();
    let mut from = 0;
    while from < enc.families {
        let mut to = from + 1;
        while to < enc.families && ((start[to] - start[from]) as usize) < per_run {
            to += 1;
        }
        runs.push(from..to);
        from = to;
    }
    let (start, order) = (&start, &order);
    if runs.len() <= 1 {
        return count_families(plan, enc, start, order, 0..enc.families);
    }
    // One run per core: `par_map` gives each its own thread.
    let mut parts = veerkracht_core::rows::par_map(&runs, 1, |run| {
        count_families(plan, enc, start, order, run.clone())
    });
    let mut counts = parts.pop().unwrap_or_else(|| Counts::new(plan));
    for part in &parts {
        counts.add(part);
    }
    counts
}

/// The counts of the families in `run` (dense numbers), each family's
/// encounters at `order[start[f]..start[f + 1]]`.
fn count_families(
    plan: &Plan,
    enc: &Encoded<'_>,
    start: &[u32],
    order: &[u32],
    run: std::ops::Range<usize>,
) -> Counts {
    let rows = plan.rows();
    let mut counts = Counts::new(plan);
    let mut sides = Sides(vec![[Vec::new(), Vec::new()]; plan.tables.len()]);
    let mut row_stamp = Stamps::new(rows.len());
    let mut dim_stamp = Stamps::new(rows.dims().len());
    let mut table_stamps: Vec<[Stamps; 3]> = plan
        .tables
        .iter()
        .map(|t| {
            [
                Stamps::new(t.rcodes.len()),
                Stamps::new(t.ccodes.len()),
                Stamps::new(t.rcodes.len() * t.ccodes.len()),
            ]
        })
        .collect();
    for f in run {
        let stamp = f as u32;
        let mine = &order[start[f] as usize..start[f + 1] as usize];
        // A family's encounters lie anywhere in memory (a million of them
        // take a few hundred MB): load the first and last row of each
        // before counting, independent loads the processor overlaps,
        // instead of one cache miss after another inside the loops.
        let mut touch = 0u16;
        for &i in mine {
            let rows = enc.rows[i as usize];
            touch ^= rows.first().copied().unwrap_or(0) ^ rows.last().copied().unwrap_or(0);
        }
        std::hint::black_box(touch);
        // Newest first: for a dimension that follows the latest value, the
        // first encounter carrying it is the family's latest value.
        for &i in mine.iter().rev() {
            for &r in enc.rows[i as usize] {
                counts.encounters[r as usize] += 1;
                let d = rows.dim_of(r);
                let first_here = row_stamp.first(r as usize, stamp);
                if first_here {
                    counts.contributors[r as usize] += 1;
                }
                let take = if plan.latest[d] {
                    dim_stamp.first(d, stamp)
                } else {
                    first_here
                };
                if take {
                    counts.families[r as usize] += 1;
                }
            }
        }
        // Crosstabs: every encounter counts in its cells; a cell, a row or
        // a column counts the family once if any one of its encounters
        // carries the code(s).
        for &i in mine {
            sides.fill(plan, enc.rows[i as usize]);
            for (((s, et), ft), [rs, cs, xs]) in sides
                .0
                .iter()
                .zip(&mut counts.enc_tables)
                .zip(&mut counts.fam_tables)
                .zip(&mut table_stamps)
            {
                for &r in &s[0] {
                    et.row_totals[r as usize] += 1;
                    if rs.first(r as usize, stamp) {
                        ft.row_totals[r as usize] += 1;
                    }
                }
                for &c in &s[1] {
                    et.col_totals[c as usize] += 1;
                    if cs.first(c as usize, stamp) {
                        ft.col_totals[c as usize] += 1;
                    }
                }
                for &r in &s[0] {
                    for &c in &s[1] {
                        let k = r as usize * et.cols + c as usize;
                        et.cells[k] += 1;
                        if xs.first(k, stamp) {
                            ft.cells[k] += 1;
                        }
                    }
                }
            }
        }
    }
    counts
}
