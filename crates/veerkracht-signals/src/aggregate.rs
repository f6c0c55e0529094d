//! Aggregation: from encounters of one period to the cells of a signal
//! package. Counting rules (the contract in `shared/domain/README.md`):
//! `encounters` counts encounters carrying the code; `families` counts
//! distinct pseudonyms, for a `single` dimension under the family's latest
//! value in the period (greatest `(date, id)` carrying a value, codebook
//! default when absent), for every other kind under each code it had.
//!
//! Besides the cells this module lists the *lines*: groups of cells whose
//! sum is tied to a margin that is also published (a single-choice
//! dimension and the period total; a crosstab row and its row total, …).
//! Disclosure control needs them to stop subtraction.

use crate::period::Period;
use rustc_hash::FxHashMap;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;
use veerkracht_core::codebook::{Codebook, Kind, Sensitivity};
use veerkracht_core::rows::{encode_all, Rows};
use veerkracht_core::{Encounter, FamilyCode};

pub use veerkracht_core::rows::{BOOL_CODES, TRI_CODES};

/// Residence status grouped for crosstabs (the status itself is too fine to cross).
pub const RESIDENCE_GROUPS: [(&str, &[&str]); 5] = [
    (
        "secure",
        &[
            "belgian_or_registered_eu",
            "legal_resident_non_eu",
            "protection_granted",
        ],
    ),
    ("in_procedure", &["asylum_applicant", "procedure_pending"]),
    ("undocumented", &["undocumented", "eu_unregistered"]),
    ("mixed", &["mixed_household"]),
    ("unknown", &["unknown", "not_asked"]),
];

/// The fixed two-way tables, each answering a question of the report.
/// Municipality is never crossed with residence status (nor its group).
pub const CROSSTABS: [(&str, &str); 6] = [
    ("themes_effective", "housing_situation"),
    ("needs_unmet", "residence_group"),
    ("limits", "needs"),
    ("themes_effective", "setting"),
    ("urgency", "housing_situation"),
    ("limits", "residence_group"),
];

/// One number pair of a package, identified by `key` (the same quantity in
/// two files shares one key, and so one status).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub key: String,
    pub families: u64,
    pub encounters: u64,
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

/// Cells whose sum is tied to `margin` (equal for single-choice tables, at
/// least for multi-choice ones; both are treated as equal, which only ever
/// suppresses more).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub cells: Vec<usize>,
    pub margin: usize,
}

/// A two-way table as cell indices, for the cycle check of disclosure control.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// `grid[r][c]`.
    pub grid: Vec<Vec<usize>>,
    pub row_margins: Vec<usize>,
    pub col_margins: Vec<usize>,
    pub grand: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Aggregate {
    pub period: Period,
    pub codebook: String,
    /// Synthetic demo encounters counted in (never real families).
    pub demo_encounters: u64,
    pub cells: Vec<Cell>,
    pub signals: Vec<SignalRow>,
    pub crosstabs: Vec<CrossRow>,
    pub lines: Vec<Line>,
    pub tables: Vec<Table>,
}

fn crosstab_codes(cb: &Codebook, dim: &str) -> Vec<String> {
    match dim {
        "themes_effective" => cb
            .dimension(veerkracht_core::codebook::THEMES)
            .map(|d| d.codes.iter().map(|c| c.code.clone()).collect())
            .unwrap_or_default(),
        "needs_unmet" => cb
            .dimension(veerkracht_core::codebook::NEEDS)
            .map(|d| d.codes.iter().map(|c| c.code.clone()).collect())
            .unwrap_or_default(),
        "residence_group" => RESIDENCE_GROUPS
            .iter()
            .map(|(g, _)| g.to_string())
            .collect(),
        _ => cb
            .dimension(dim)
            .map(|d| d.codes.iter().map(|c| c.code.clone()).collect())
            .unwrap_or_default(),
    }
}

fn crosstab_high(cb: &Codebook, dim: &str, code: &str) -> bool {
    match dim {
        "residence_group" => true,
        "needs_unmet" | "themes_effective" => false,
        _ => cb
            .dimension(dim)
            .is_some_and(|d| d.code_sensitivity(code) == Sensitivity::High),
    }
}

/// The signals key a crosstab margin shares, when the same quantity is a
/// signals row.
fn margin_signal_key(dim: &str, code: &str) -> Option<String> {
    match dim {
        "needs_unmet" => Some(signal_key("needs", code, "unmet")),
        "needs" | "residence_group" => None,
        _ => Some(signal_key(dim, code, "")),
    }
}

pub fn signal_key(dim: &str, code: &str, qualifier: &str) -> String {
    format!("s|{dim}|{code}|{qualifier}")
}

pub fn cross_key(rd: &str, rc: &str, cd: &str, cc: &str) -> String {
    format!("x|{rd}|{rc}|{cd}|{cc}")
}

/// The column that names a margin in `crosstabs.csv`.
pub const TOTAL: &str = "total";

struct Builder {
    cells: Vec<Cell>,
    index: HashMap<String, usize>,
}

impl Builder {
    fn cell(&mut self, key: String, families: u64, encounters: u64, high: bool) -> usize {
        if let Some(&i) = self.index.get(&key) {
            self.cells[i].high |= high;
            return i;
        }
        self.cells.push(Cell {
            key: key.clone(),
            families,
            encounters,
            high,
        });
        self.index.insert(key, self.cells.len() - 1);
        self.cells.len() - 1
    }
}

/// One two-way table of [`CROSSTABS`] with its codes as integers: every
/// signals row maps to at most one row code and one column code.
#[derive(Debug)]
struct TablePlan {
    rd: &'static str,
    cd: &'static str,
    rcodes: Vec<String>,
    ccodes: Vec<String>,
}

/// Where a signals row takes part in the crosstabs: table, side (0 row,
/// 1 column) and code index.
type Membership = (u8, u8, u16);

/// The codebook's rows (see `veerkracht_core::rows`) with, for each row,
/// its places in the fixed crosstabs: what counting a period needs.
#[derive(Debug)]
pub struct Plan {
    rows: Arc<Rows>,
    tables: Vec<TablePlan>,
    /// Global row → its places in the crosstabs.
    members: Vec<Vec<Membership>>,
}

/// The plan of the embedded codebook, made once, over the same rows the
/// caseload keeps (`veerkracht_core::caseload::rows`).
pub fn plan() -> &'static Plan {
    static PLAN: std::sync::OnceLock<Plan> = std::sync::OnceLock::new();
    PLAN.get_or_init(|| Plan::new(veerkracht_core::caseload::rows(), Codebook::embedded()))
}

impl Plan {
    pub fn new(rows: Arc<Rows>, cb: &Codebook) -> Plan {
        let mut members = vec![Vec::new(); rows.len()];
        let mut tables = Vec::new();
        for (t, (rd, cd)) in CROSSTABS.into_iter().enumerate() {
            let table = TablePlan {
                rd,
                cd,
                rcodes: crosstab_codes(cb, rd),
                ccodes: crosstab_codes(cb, cd),
            };
            for (side, dim, codes) in [(0u8, rd, &table.rcodes), (1u8, cd, &table.ccodes)] {
                for (n, code) in codes.iter().enumerate() {
                    for r in crosstab_rows(&rows, cb, dim, code) {
                        members[r as usize].push((t as u8, side, n as u16));
                    }
                }
            }
            tables.push(table);
        }
        Plan {
            rows,
            tables,
            members,
        }
    }

    pub fn rows(&self) -> &Rows {
        &self.rows
    }
}

/// The global rows a crosstab code stands for.
fn crosstab_rows(rows: &Rows, cb: &Codebook, dim: &str, code: &str) -> Vec<u16> {
    let any_qualifier = |dim: &str, code: &str| -> Vec<u16> {
        rows.qualifiers(dim)
            .iter()
            .filter_map(|q| rows.row(dim, code, q))
            .collect()
    };
    match dim {
        "themes_effective" => rows.theme_row(code).into_iter().collect(),
        "needs_unmet" => rows
            .row(veerkracht_core::codebook::NEEDS, code, "unmet")
            .into_iter()
            .collect(),
        "residence_group" => RESIDENCE_GROUPS
            .iter()
            .filter(|(g, _)| *g == code)
            .flat_map(|(_, members)| members.iter())
            .filter_map(|s| rows.row(veerkracht_core::codebook::RESIDENCE_STATUS, s, ""))
            .collect(),
        _ => match cb.dimension(dim) {
            Some(d) if !d.qualifiers.is_empty() => any_qualifier(dim, code),
            Some(_) => rows.row(dim, code, "").into_iter().collect(),
            None => Vec::new(),
        },
    }
}

/// Every encounter of a period as its rows, with its family as a dense
/// number; encounters keep their `(date, id)` order.
struct Encoded<'r> {
    rows: Vec<&'r [u16]>,
    family: Vec<u32>,
    families: usize,
}

impl Encoded<'_> {
    fn of(&self, i: usize) -> &[u16] {
        self.rows[i]
    }
}

/// Dense family numbers in order of first appearance, and how many.
fn number_families(encounters: &[&Encounter]) -> (Vec<u32>, usize) {
    let mut ids: FxHashMap<&FamilyCode, u32> = FxHashMap::default();
    let family = encounters
        .iter()
        .map(|e| {
            let next = ids.len() as u32;
            *ids.entry(&e.family).or_insert(next)
        })
        .collect();
    (family, ids.len())
}

/// Counts of one two-way table, by family or by encounter.
struct TableCounts {
    cols: usize,
    cells: Vec<u64>,
    row_totals: Vec<u64>,
    col_totals: Vec<u64>,
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
/// encounter. Each unit counts once in every cell and margin it carries.
struct Counts {
    families: Vec<u64>,
    encounters: Vec<u64>,
    fam_tables: Vec<TableCounts>,
    enc_tables: Vec<TableCounts>,
}

/// The crosstab codes of one unit (an encounter or a family), per table and side.
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

    fn count(&self, into: &mut [TableCounts]) {
        for (sides, t) in self.0.iter().zip(into) {
            for &r in &sides[0] {
                t.row_totals[r as usize] += 1;
            }
            for &c in &sides[1] {
                t.col_totals[c as usize] += 1;
            }
            for &r in &sides[0] {
                for &c in &sides[1] {
                    t.cells[r as usize * t.cols + c as usize] += 1;
                }
            }
        }
    }
}

fn count(plan: &Plan, enc: &Encoded<'_>) -> Counts {
    let n = enc.family.len();
    let mut counts = Counts {
        families: vec![0; plan.rows.len()],
        encounters: vec![0; plan.rows.len()],
        fam_tables: plan.tables.iter().map(TableCounts::new).collect(),
        enc_tables: plan.tables.iter().map(TableCounts::new).collect(),
    };
    let mut sides = Sides(vec![[Vec::new(), Vec::new()]; plan.tables.len()]);
    for i in 0..n {
        let rows = enc.of(i);
        for &r in rows {
            counts.encounters[r as usize] += 1;
        }
        sides.fill(plan, rows);
        sides.count(&mut counts.enc_tables);
    }
    // Each family's encounters, latest first: a counting sort on family.
    let mut start = vec![0u32; enc.families + 1];
    for &f in &enc.family {
        start[f as usize + 1] += 1;
    }
    for f in 0..enc.families {
        start[f + 1] += start[f];
    }
    let mut fill = start.clone();
    let mut order = vec![0u32; n];
    for i in (0..n).rev() {
        let f = enc.family[i] as usize;
        order[fill[f] as usize] = i as u32;
        fill[f] += 1;
    }
    // `stamp` marks rows and dimensions already taken for the family at hand.
    let mut row_stamp = vec![u32::MAX; plan.rows.len()];
    let mut dim_stamp = vec![u32::MAX; plan.rows.dims().len()];
    let mut mine = Vec::with_capacity(128);
    for f in 0..enc.families {
        mine.clear();
        let stamp = f as u32;
        for &i in &order[start[f] as usize..start[f + 1] as usize] {
            for &r in enc.of(i as usize) {
                let d = plan.rows.dim_of(r);
                if plan.rows.dims()[d].latest {
                    if dim_stamp[d] != stamp {
                        dim_stamp[d] = stamp;
                        mine.push(r);
                    }
                } else if row_stamp[r as usize] != stamp {
                    row_stamp[r as usize] = stamp;
                    mine.push(r);
                }
            }
        }
        for &r in &mine {
            counts.families[r as usize] += 1;
        }
        sides.fill(plan, &mine);
        sides.count(&mut counts.fam_tables);
    }
    counts
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
    let plan = Plan::new(Arc::new(Rows::new(cb)), cb);
    let (flat, ends) = encode_all(plan.rows(), &encounters);
    let rows = ends
        .iter()
        .scan(0, |start, &end| {
            let r = &flat[*start..end];
            *start = end;
            Some(r)
        })
        .collect();
    finish(&plan, cb, period, &encounters, rows)
}

/// Like [`aggregate`], over encounters whose rows `plan` already made (a
/// caseload keeps them): no string is looked at, which is what makes a
/// yearly export of a million encounters take a fraction of a second.
pub fn aggregate_encoded(
    plan: &Plan,
    cb: &Codebook,
    period: Period,
    all: &[(&Encounter, &[u16])],
) -> Aggregate {
    debug_assert_eq!(plan.rows.codebook(), cb.version, "plan and codebook agree");
    let mut items: Vec<(&Encounter, &[u16])> = all
        .iter()
        .copied()
        .filter(|(e, _)| period.contains(e.date))
        .collect();
    if !items.is_sorted_by_key(|(e, _)| e.sort_key()) {
        items.sort_by_key(|(e, _)| e.sort_key());
    }
    let (encounters, rows): (Vec<&Encounter>, Vec<&[u16]>) = items.into_iter().unzip();
    finish(plan, cb, period, &encounters, rows)
}

fn finish(
    plan: &Plan,
    cb: &Codebook,
    period: Period,
    encounters: &[&Encounter],
    rows: Vec<&[u16]>,
) -> Aggregate {
    let (family, families) = number_families(encounters);
    let encoded = Encoded {
        rows,
        family,
        families,
    };
    let counts = count(plan, &encoded);
    let mut b = Builder {
        cells: Vec::new(),
        index: HashMap::new(),
    };
    let mut signals = Vec::new();
    let mut lines = Vec::new();

    let total = b.cell(
        signal_key("total", "all", ""),
        encoded.families as u64,
        encounters.len() as u64,
        false,
    );

    for (di, d) in plan.rows.dims().iter().enumerate() {
        let mut line = Vec::new();
        for (i, (code, qual)) in d.rows.iter().enumerate() {
            let r = plan.rows.base(di) as usize + i;
            let cell = b.cell(
                signal_key(&d.id, code, qual),
                counts.families[r],
                counts.encounters[r],
                d.high[i],
            );
            signals.push(SignalRow {
                dimension: d.id.clone(),
                code: code.clone(),
                qualifier: qual.clone(),
                cell,
            });
            line.push(cell);
        }
        // Single-choice tables add up to the total (exactly when every
        // encounter carries a value; treated so always, to be safe).
        if d.kind == Kind::Single || d.additive {
            lines.push(Line {
                cells: line,
                margin: total,
            });
        }
    }
    signals.push(SignalRow {
        dimension: "total".into(),
        code: "all".into(),
        qualifier: String::new(),
        cell: total,
    });

    let mut crosstabs = Vec::new();
    let mut tables = Vec::new();
    for (t, table) in plan.tables.iter().enumerate() {
        let (rd, cd) = (table.rd, table.cd);
        let (rcodes, ccodes) = (&table.rcodes, &table.ccodes);
        let (fam, enc) = (&counts.fam_tables[t], &counts.enc_tables[t]);
        let margin = |b: &mut Builder, dim: &str, code: &str, f: u64, e: u64, other: &str| {
            let key =
                margin_signal_key(dim, code).unwrap_or_else(|| cross_key(dim, code, other, TOTAL));
            b.cell(key, f, e, crosstab_high(cb, dim, code))
        };
        let row_margins: Vec<usize> = rcodes
            .iter()
            .enumerate()
            .map(|(i, r)| margin(&mut b, rd, r, fam.row_totals[i], enc.row_totals[i], cd))
            .collect();
        let col_margins: Vec<usize> = ccodes
            .iter()
            .enumerate()
            .map(|(i, c)| margin(&mut b, cd, c, fam.col_totals[i], enc.col_totals[i], rd))
            .collect();
        let mut grid = Vec::new();
        for (ri, r) in rcodes.iter().enumerate() {
            let mut row = Vec::new();
            for (ci, c) in ccodes.iter().enumerate() {
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
                row.push(cell);
            }
            crosstabs.push(CrossRow {
                row_dimension: rd.into(),
                row_code: r.clone(),
                col_dimension: cd.into(),
                col_code: TOTAL.into(),
                cell: row_margins[ri],
            });
            lines.push(Line {
                cells: row.clone(),
                margin: row_margins[ri],
            });
            grid.push(row);
        }
        for (ci, c) in ccodes.iter().enumerate() {
            crosstabs.push(CrossRow {
                row_dimension: rd.into(),
                row_code: TOTAL.into(),
                col_dimension: cd.into(),
                col_code: c.clone(),
                cell: col_margins[ci],
            });
            lines.push(Line {
                cells: grid.iter().map(|row| row[ci]).collect(),
                margin: col_margins[ci],
            });
        }
        crosstabs.push(CrossRow {
            row_dimension: rd.into(),
            row_code: TOTAL.into(),
            col_dimension: cd.into(),
            col_code: TOTAL.into(),
            cell: total,
        });
        lines.push(Line {
            cells: row_margins.clone(),
            margin: total,
        });
        lines.push(Line {
            cells: col_margins.clone(),
            margin: total,
        });
        tables.push(Table {
            grid,
            row_margins,
            col_margins,
            grand: total,
        });
    }

    // A line that shows up twice (a single dimension used as a crosstab
    // margin) needs checking once.
    let mut seen = BTreeSet::new();
    lines.retain(|l| {
        let mut k = l.cells.clone();
        k.sort_unstable();
        k.push(usize::MAX);
        k.push(l.margin);
        seen.insert(k)
    });

    Aggregate {
        period,
        codebook: cb.version.clone(),
        demo_encounters: encounters.iter().filter(|e| e.demo).count() as u64,
        cells: b.cells,
        signals,
        crosstabs,
        lines,
        tables,
    }
}

/// The reference rules, string by string: slow and obvious, for tests.
#[cfg(test)]
pub(crate) mod reference {
    use super::*;
    use veerkracht_core::derived::{kansarm_indicator, policy_signal, themes_effective};

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

    pub(crate) fn is_latest_kind(cb: &Codebook, dim: &str) -> bool {
        dim == "residence_group" || cb.dimension(dim).is_some_and(|d| d.kind == Kind::Single)
    }

    /// The family's pairs for a dimension: the latest value for single-choice
    /// dimensions, every value it had otherwise. `encounters` are the family's,
    /// sorted by `(date, id)`.
    pub(crate) fn family_pairs(encounters: &[&Encounter], cb: &Codebook, dim: &str) -> Pairs {
        if is_latest_kind(cb, dim) {
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
}

#[cfg(test)]
mod tests {
    use super::reference::*;
    use super::*;
    use chrono::NaiveDate;
    use std::collections::BTreeMap;
    use veerkracht_core::demo::{generate, DemoSpec};

    fn data() -> Vec<Encounter> {
        generate(
            Codebook::embedded(),
            &DemoSpec {
                families: 80,
                encounters: 600,
                seed: 11,
                until: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
                days: 365,
            },
        )
    }

    /// An independent, brute-force count of one signals row.
    fn oracle(all: &[Encounter], period: Period, dim: &str, code: &str, qual: &str) -> (u64, u64) {
        let cb = Codebook::embedded();
        let inp: Vec<&Encounter> = all.iter().filter(|e| period.contains(e.date)).collect();
        let has = |e: &Encounter| {
            encounter_pairs(e, cb, dim).contains(&(code.to_string(), qual.to_string()))
        };
        let encounters = inp.iter().filter(|e| has(e)).count() as u64;
        let fams: BTreeSet<&FamilyCode> = inp.iter().map(|e| &e.family).collect();
        let families = fams
            .iter()
            .filter(|f| {
                let mine: Vec<&&Encounter> = inp.iter().filter(|e| e.family == ***f).collect();
                if is_latest_kind(cb, dim) {
                    mine.iter()
                        .filter(|e| !encounter_pairs(e, cb, dim).is_empty())
                        .max_by_key(|e| e.sort_key())
                        .is_some_and(|e| has(e))
                } else {
                    mine.iter().any(|e| has(e))
                }
            })
            .count() as u64;
        (families, encounters)
    }

    #[test]
    fn signals_agree_with_a_brute_force_count_and_list_every_code() {
        let cb = Codebook::embedded();
        let all = data();
        let period: Period = "2026-Q3".parse().unwrap();
        let agg = aggregate(&all, cb, period);
        let expected_rows: usize = plan()
            .rows()
            .dims()
            .iter()
            .map(|d| d.rows.len())
            .sum::<usize>()
            + 1;
        assert_eq!(
            agg.signals.len(),
            expected_rows,
            "every code, zeros included, plus the total"
        );
        for row in &agg.signals {
            if row.dimension == "total" {
                continue;
            }
            let c = &agg.cells[row.cell];
            assert_eq!(
                (c.families, c.encounters),
                oracle(&all, period, &row.dimension, &row.code, &row.qualifier),
                "{}/{}/{}",
                row.dimension,
                row.code,
                row.qualifier
            );
        }
        let total = &agg.cells[agg.signals.last().unwrap().cell];
        assert_eq!(
            total.encounters as usize,
            all.iter().filter(|e| period.contains(e.date)).count()
        );
    }

    #[test]
    fn single_dimensions_add_up_per_family_and_per_encounter() {
        let cb = Codebook::embedded();
        let agg = aggregate(&data(), cb, "2026".parse().unwrap());
        let total = agg.cells[agg.signals.last().unwrap().cell].clone();
        for dim in [
            "residence_status",
            "urgency",
            "policy_signal",
            "kansarm_indicator",
        ] {
            let rows: Vec<&Cell> = agg
                .signals
                .iter()
                .filter(|r| r.dimension == dim)
                .map(|r| &agg.cells[r.cell])
                .collect();
            assert_eq!(
                rows.iter().map(|c| c.encounters).sum::<u64>(),
                total.encounters,
                "{dim} encounters"
            );
        }
        for dim in ["residence_status", "urgency"] {
            let rows: Vec<&Cell> = agg
                .signals
                .iter()
                .filter(|r| r.dimension == dim)
                .map(|r| &agg.cells[r.cell])
                .collect();
            assert_eq!(
                rows.iter().map(|c| c.families).sum::<u64>(),
                total.families,
                "{dim}: one latest value per family"
            );
        }
    }

    /// Codes of a crosstab dimension a unit carries, qualifiers dropped.
    fn codes_of(pairs: &Pairs, dim: &str, cb: &Codebook) -> BTreeSet<String> {
        let known = crosstab_codes(cb, dim);
        pairs
            .iter()
            .map(|(c, _)| c.clone())
            .filter(|c| known.contains(c))
            .collect()
    }

    #[test]
    fn crosstabs_agree_with_a_brute_force_count() {
        let cb = Codebook::embedded();
        let mut all = data();
        // Odd but readable records: a code outside the codebook, a
        // single dimension left to its default.
        all[3].answers.insert(
            "housing_situation".into(),
            veerkracht_core::Answer::Single("tent_x".into()),
        );
        all[5].answers.remove("residence_status");
        let period: Period = "2026".parse().unwrap();
        let agg = aggregate(&all, cb, period);
        let inp: Vec<&Encounter> = all.iter().filter(|e| period.contains(e.date)).collect();
        let mut by_family: BTreeMap<&FamilyCode, Vec<&Encounter>> = BTreeMap::new();
        for e in &inp {
            by_family.entry(&e.family).or_default().push(e);
        }
        for es in by_family.values_mut() {
            es.sort_by_key(|e| e.sort_key());
        }
        for row in &agg.crosstabs {
            let (rd, cd) = (&row.row_dimension, &row.col_dimension);
            let hit = |r: &BTreeSet<String>, c: &BTreeSet<String>| {
                (row.row_code == TOTAL || r.contains(&row.row_code))
                    && (row.col_code == TOTAL || c.contains(&row.col_code))
            };
            let encounters = inp
                .iter()
                .filter(|e| {
                    hit(
                        &codes_of(&encounter_pairs(e, cb, rd), rd, cb),
                        &codes_of(&encounter_pairs(e, cb, cd), cd, cb),
                    )
                })
                .count() as u64;
            let families = by_family
                .values()
                .filter(|es| {
                    hit(
                        &codes_of(&family_pairs(es, cb, rd), rd, cb),
                        &codes_of(&family_pairs(es, cb, cd), cd, cb),
                    )
                })
                .count() as u64;
            let c = &agg.cells[row.cell];
            assert_eq!(
                (c.families, c.encounters),
                (families, encounters),
                "{rd}={} × {cd}={}",
                row.row_code,
                row.col_code
            );
        }
    }

    #[test]
    fn crosstabs_never_cross_municipality_with_residence() {
        for (a, b) in CROSSTABS {
            for (x, y) in [(a, b), (b, a)] {
                assert!(
                    !(x == "municipality" && (y == "residence_status" || y == "residence_group"))
                );
            }
        }
        let agg = aggregate(&data(), Codebook::embedded(), "2026".parse().unwrap());
        assert!(agg
            .crosstabs
            .iter()
            .all(|r| r.row_dimension != "municipality" && r.col_dimension != "municipality"));
    }

    #[test]
    fn single_by_single_crosstabs_add_up_to_their_margins() {
        let cb = Codebook::embedded();
        let agg = aggregate(&data(), cb, "2026".parse().unwrap());
        let t = &agg.tables[4]; // urgency × housing_situation
        for (r, row) in t.grid.iter().enumerate() {
            let f: u64 = row.iter().map(|&c| agg.cells[c].families).sum();
            let e: u64 = row.iter().map(|&c| agg.cells[c].encounters).sum();
            assert_eq!(e, agg.cells[t.row_margins[r]].encounters);
            assert!(f <= agg.cells[t.row_margins[r]].families);
        }
    }
}
