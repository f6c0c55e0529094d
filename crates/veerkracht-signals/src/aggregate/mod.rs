//! Aggregation: from the encounters of one period to the cells of a signal
//! package, under the contract's counting rules (`count`), with the linear
//! relations anyone can derive between those cells from the rules and the
//! codebook alone (`relations`): what disclosure control must assume an
//! attacker knows.
//!
//! A *cell* is one quantity of the package (families and encounters of a
//! code, a crosstab cell or margin), identified by a key; the same quantity
//! in two files shares one key, and so one status.

mod count;
#[cfg(test)]
pub(crate) mod reference;
pub mod relations;
#[cfg(test)]
mod tests;

use crate::period::Period;
use crate::plan::{self, crosstab_high, Plan, TOTAL, TOTAL_CODE};
use rustc_hash::FxHashMap;
use std::collections::HashMap;
use std::sync::Arc;
use veerkracht_core::brief::Counted;
use veerkracht_core::codebook::{Codebook, Sensitivity};
use veerkracht_core::rows::encode_all;
use veerkracht_core::{Encounter, FamilyCode};

pub use relations::{Measure, Relation, Sense, Term};
pub use veerkracht_core::rows::{BOOL_CODES, TRI_CODES};

/// One number pair of a package, identified by `key`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub key: String,
    pub families: u64,
    pub encounters: u64,
    /// Families with at least one encounter carrying the code: `families`
    /// itself, except in a dimension counted by the latest value, where a
    /// family that moved on still brought its encounters (a cell of 0
    /// families and 4 encounters may be one family's four). Never
    /// published; disclosure control protects it like `families`.
    pub contributors: u64,
    /// Uses the high-sensitivity threshold.
    pub high: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignalRow {
    pub dimension: String,
    pub code: String,
    pub qualifier: String,
    pub cell: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrossRow {
    pub row_dimension: String,
    pub row_code: String,
    pub col_dimension: String,
    pub col_code: String,
    pub cell: usize,
}

/// A period's cells, the rows of both files that show them, and what
/// anyone can derive between them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Aggregate {
    pub period: Period,
    pub codebook: String,
    /// Synthetic demo encounters counted in (never real families).
    pub demo_encounters: u64,
    pub cells: Vec<Cell>,
    pub signals: Vec<SignalRow>,
    pub crosstabs: Vec<CrossRow>,
    /// The same for every period of a codebook (shared).
    pub relations: Arc<Vec<Relation>>,
}

impl Aggregate {
    /// The cell of the period total (`total,all`).
    pub fn total(&self) -> &Cell {
        &self.cells[self.signals.last().expect("the total row").cell]
    }

    /// Cell index by key.
    pub fn index(&self) -> HashMap<&str, usize> {
        self.cells
            .iter()
            .enumerate()
            .map(|(i, c)| (c.key.as_str(), i))
            .collect()
    }
}

pub fn signal_key(dim: &str, code: &str, qualifier: &str) -> String {
    format!("s|{dim}|{code}|{qualifier}")
}

pub fn cross_key(rd: &str, rc: &str, cd: &str, cc: &str) -> String {
    format!("x|{rd}|{rc}|{cd}|{cc}")
}

/// The key of a crosstab margin: families (or encounters) with at least one
/// encounter carrying the code. Where a signals row counts the same thing
/// it shares the row's key; otherwise (a dimension whose signals follow the
/// latest value, the residence groups, a need of any status) it has its own.
pub fn margin_key(cb: &Codebook, dim: &str, code: &str) -> String {
    match dim {
        "themes_effective" => signal_key(dim, code, ""),
        "needs_unmet" => signal_key(veerkracht_core::codebook::NEEDS, code, "unmet"),
        _ => match cb.dimension(dim) {
            Some(d) if d.qualifiers.is_empty() && !plan::counts_latest(cb, dim) => {
                signal_key(dim, code, "")
            }
            _ => format!("a|{dim}|{code}"),
        },
    }
}

/// The key of the period total.
pub fn total_key() -> String {
    signal_key(TOTAL, TOTAL_CODE, "")
}

/// Cells by key, each added once.
struct Builder {
    cells: Vec<Cell>,
    index: HashMap<String, usize>,
}

impl Builder {
    fn cell(&mut self, key: String, families: u64, encounters: u64, high: bool) -> usize {
        self.cell_of(key, (families, families), encounters, high)
    }

    /// A cell whose families (latest value) and contributors differ.
    fn cell_of(
        &mut self,
        key: String,
        (families, contributors): (u64, u64),
        encounters: u64,
        high: bool,
    ) -> usize {
        if let Some(&i) = self.index.get(&key) {
            self.cells[i].high |= high;
            return i;
        }
        self.cells.push(Cell {
            key: key.clone(),
            families,
            encounters,
            contributors,
            high,
        });
        self.index.insert(key, self.cells.len() - 1);
        self.cells.len() - 1
    }
}

/// Dense family numbers in order of first appearance, and how many.
fn number_families<E: Counted>(encounters: &[&E]) -> (Vec<u32>, usize) {
    let mut ids: FxHashMap<&FamilyCode, u32> = FxHashMap::default();
    let family = encounters
        .iter()
        .map(|e| {
            let next = ids.len() as u32;
            *ids.entry(e.family()).or_insert(next)
        })
        .collect();
    (family, ids.len())
}

/// Aggregates the encounters dated within `period` (others are ignored).
pub fn aggregate(all: &[Encounter], cb: &Codebook, period: Period) -> Aggregate {
    let refs: Vec<&Encounter> = all.iter().filter(|e| period.contains(e.date)).collect();
    aggregate_refs(&refs, cb, period)
}

/// Like [`aggregate`], over encounters given by reference.
pub fn aggregate_refs(all: &[&Encounter], cb: &Codebook, period: Period) -> Aggregate {
    let mut encounters: Vec<&Encounter> = all
        .iter()
        .copied()
        .filter(|e| period.contains(e.date))
        .collect();
    if !encounters.is_sorted_by_key(|e| e.sort_key()) {
        encounters.sort_by_key(|e| e.sort_key());
    }
    let plan = plan::plan();
    let (flat, ends) = encode_all(plan.rows(), &encounters);
    let mut start = 0;
    let rows = ends
        .iter()
        .map(|&end| {
            let r = &flat[start..end];
            start = end;
            r
        })
        .collect();
    finish(plan, cb, period, &encounters, rows)
}

/// Like [`aggregate`], over encounters whose rows the plan's row numbering
/// already made (a caseload or the vault's index keeps them): no string is
/// looked at. The encounters may be full or brief (see [`Counted`]).
pub fn aggregate_encoded<E: Counted>(
    plan: &Plan,
    cb: &Codebook,
    period: Period,
    all: &[(&E, &[u16])],
) -> Aggregate {
    debug_assert_eq!(
        plan.rows().codebook(),
        cb.version,
        "plan and codebook agree"
    );
    let mut items: Vec<(&E, &[u16])> = all
        .iter()
        .copied()
        .filter(|(e, _)| period.contains(e.date()))
        .collect();
    if !items.is_sorted_by_key(|(e, _)| e.sort_key()) {
        items.sort_by_key(|(e, _)| e.sort_key());
    }
    let (encounters, rows): (Vec<&E>, Vec<&[u16]>) = items.into_iter().unzip();
    finish(plan, cb, period, &encounters, rows)
}

fn finish<E: Counted>(
    plan: &Plan,
    cb: &Codebook,
    period: Period,
    encounters: &[&E],
    rows: Vec<&[u16]>,
) -> Aggregate {
    let (family, families) = number_families(encounters);
    let counts = count::count(
        plan,
        &count::Encoded {
            rows,
            family,
            families,
        },
    );
    let mut b = Builder {
        cells: Vec::new(),
        index: HashMap::new(),
    };
    let mut signals = Vec::new();
    let total = b.cell(total_key(), families as u64, encounters.len() as u64, false);
    let row_plan = plan.rows();
    for (di, d) in row_plan.dims().iter().enumerate() {
        for (i, (code, qual)) in d.rows.iter().enumerate() {
            let r = row_plan.base(di) as usize + i;
            let cell = b.cell_of(
                signal_key(&d.id, code, qual),
                (counts.families[r], counts.contributors[r]),
                counts.encounters[r],
                d.high[i],
            );
            signals.push(SignalRow {
                dimension: d.id.clone(),
                code: code.clone(),
                qualifier: qual.clone(),
                cell,
            });
        }
    }
    signals.push(SignalRow {
        dimension: TOTAL.into(),
        code: TOTAL_CODE.into(),
        qualifier: String::new(),
        cell: total,
    });

    let mut crosstabs = Vec::new();
    for (t, table) in plan.tables.iter().enumerate() {
        let (rd, cd) = (table.rd, table.cd);
        let (fam, enc) = (&counts.fam_tables[t], &counts.enc_tables[t]);
        let margin = |b: &mut Builder, dim: &str, code: &str, f: u64, e: u64| {
            b.cell(
                margin_key(cb, dim, code),
                f,
                e,
                crosstab_high(cb, dim, code),
            )
        };
        let row_margins: Vec<usize> = table
            .rcodes
            .iter()
            .enumerate()
            .map(|(i, r)| margin(&mut b, rd, r, fam.row_totals[i], enc.row_totals[i]))
            .collect();
        let col_margins: Vec<usize> = table
            .ccodes
            .iter()
            .enumerate()
            .map(|(i, c)| margin(&mut b, cd, c, fam.col_totals[i], enc.col_totals[i]))
            .collect();
        for (ri, r) in table.rcodes.iter().enumerate() {
            for (ci, c) in table.ccodes.iter().enumerate() {
                let k = ri * fam.cols + ci;
                let cell = b.cell(
                    cross_key(rd, r, cd, c),
                    fam.cells[k],
                    enc.cells[k],
                    crosstab_high(cb, rd, r) || crosstab_high(cb, cd, c),
                );
                crosstabs.push(CrossRow {
                    row_dimension: rd.into(),
                    row_code: r.clone(),
                    col_dimension: cd.into(),
                    col_code: c.clone(),
                    cell,
                });
            }
            crosstabs.push(CrossRow {
                row_dimension: rd.into(),
                row_code: r.clone(),
                col_dimension: cd.into(),
                col_code: TOTAL.into(),
                cell: row_margins[ri],
            });
        }
        for (ci, c) in table.ccodes.iter().enumerate() {
            crosstabs.push(CrossRow {
                row_dimension: rd.into(),
                row_code: TOTAL.into(),
                col_dimension: cd.into(),
                col_code: c.clone(),
                cell: col_margins[ci],
            });
        }
        crosstabs.push(CrossRow {
            row_dimension: rd.into(),
            row_code: TOTAL.into(),
            col_dimension: cd.into(),
            col_code: TOTAL.into(),
            cell: total,
        });
    }
    let relations = relations::of_codebook(cb, &b.index);
    Aggregate {
        period,
        codebook: cb.version.clone(),
        demo_encounters: encounters.iter().filter(|e| e.demo()).count() as u64,
        cells: b.cells,
        signals,
        crosstabs,
        relations,
    }
}

/// Whether a code of a dimension is sensitive in the codebook.
pub fn sensitive(cb: &Codebook, dim: &str, code: &str) -> bool {
    cb.dimension(dim)
        .is_some_and(|d| d.code_sensitivity(code) == Sensitivity::High)
}
