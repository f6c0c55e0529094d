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

pub(crate) fn count(plan: &Plan, enc: &Encoded<'_>) -> Counts {
    let rows = plan.rows();
    let n = enc.family.len();
    let mut counts = Counts {
        families: vec![0; rows.len()],
        encounters: vec![0; rows.len()],
        fam_tables: plan.tables.iter().map(TableCounts::new).collect(),
        enc_tables: plan.tables.iter().map(TableCounts::new).collect(),
    };
    let mut sides = Sides(vec![[Vec::new(), Vec::new()]; plan.tables.len()]);
    for i in 0..n {
        let carried = enc.rows[i];
        for &r in carried {
            counts.encounters[r as usize] += 1;
        }
        sides.fill(plan, carried);
        for (s, t) in sides.0.iter().zip(&mut counts.enc_tables) {
            for &r in &s[0] {
                t.row_totals[r as usize] += 1;
            }
            for &c in &s[1] {
                t.col_totals[c as usize] += 1;
            }
            for &r in &s[0] {
                for &c in &s[1] {
                    t.cells[r as usize * t.cols + c as usize] += 1;
                }
            }
        }
    }
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
    for f in 0..enc.families {
        let stamp = f as u32;
        let mine = &order[start[f] as usize..start[f + 1] as usize];
        // Newest first: for a dimension that follows the latest value, the
        // first encounter carrying it is the family's latest value.
        for &i in mine.iter().rev() {
            for &r in enc.rows[i as usize] {
                let d = rows.dim_of(r);
                let take = if plan.latest[d] {
                    dim_stamp.first(d, stamp)
                } else {
                    row_stamp.first(r as usize, stamp)
                };
                if take {
                    counts.families[r as usize] += 1;
                }
            }
        }
        // Crosstabs: a cell, a row or a column counts the family once if
        // any one of its encounters carries the code(s).
        for &i in mine {
            sides.fill(plan, enc.rows[i as usize]);
            for ((s, t), [rs, cs, xs]) in sides
                .0
                .iter()
                .zip(&mut counts.fam_tables)
                .zip(&mut table_stamps)
            {
                for &r in &s[0] {
                    if rs.first(r as usize, stamp) {
                        t.row_totals[r as usize] += 1;
                    }
                }
                for &c in &s[1] {
                    if cs.first(c as usize, stamp) {
                        t.col_totals[c as usize] += 1;
                    }
                }
                for &r in &s[0] {
                    for &c in &s[1] {
                        let k = r as usize * t.cols + c as usize;
                        if xs.first(k, stamp) {
                            t.cells[k] += 1;
                        }
                    }
                }
            }
        }
    }
    counts
}
