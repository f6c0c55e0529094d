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

use crate::codebook::{Codebook, Kind, Sensitivity};
use crate::derived::{kansarm_indicator, policy_signal, themes_effective};
use crate::encounter::Encounter;
use crate::period::Period;
use crate::FamilyCode;
use std::collections::{BTreeSet, HashMap};

/// Codes of the derived two-valued and three-valued dimensions.
pub const BOOL_CODES: [&str; 2] = ["true", "false"];
pub const TRI_CODES: [&str; 3] = ["true", "false", "unknown"];

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

/// Per encounter or family: the (code, qualifier) pairs of one dimension.
type Pairs = BTreeSet<(String, String)>;

struct Dim {
    id: String,
    kind: Kind,
    /// Every (code, qualifier) row the package lists, in order.
    rows: Vec<(String, String)>,
    high: Vec<bool>,
    /// Single-valued per family (latest value) rather than "any".
    latest: bool,
    /// Each encounter has exactly one value: the rows add up to the total.
    additive: bool,
}

fn dims(cb: &Codebook) -> Vec<Dim> {
    let mut out = Vec::new();
    for d in &cb.dimensions {
        let mut rows = Vec::new();
        let mut high = Vec::new();
        for c in &d.codes {
            let h = d.code_sensitivity(&c.code) == Sensitivity::High;
            if d.qualifiers.is_empty() {
                rows.push((c.code.clone(), String::new()));
                high.push(h);
            } else {
                for q in &d.qualifiers {
                    rows.push((c.code.clone(), q.code.clone()));
                    high.push(h);
                }
            }
        }
        out.push(Dim {
            id: d.id.clone(),
            kind: d.kind,
            rows,
            high,
            latest: d.kind == Kind::Single,
            additive: d.kind == Kind::Single && d.default.is_some(),
        });
    }
    let plain = |codes: Vec<String>| -> Vec<(String, String)> {
        codes.into_iter().map(|c| (c, String::new())).collect()
    };
    let themes: Vec<String> = cb
        .dimension(crate::codebook::THEMES)
        .map(|d| d.codes.iter().map(|c| c.code.clone()).collect())
        .unwrap_or_default();
    for (id, codes, kind) in [
        ("themes_effective", themes, Kind::Multi),
        (
            "policy_signal",
            BOOL_CODES.map(String::from).to_vec(),
            Kind::Single,
        ),
        (
            "kansarm_indicator",
            TRI_CODES.map(String::from).to_vec(),
            Kind::Single,
        ),
    ] {
        let rows = plain(codes);
        out.push(Dim {
            id: id.into(),
            kind,
            high: vec![false; rows.len()],
            rows,
            latest: false,
            additive: kind == Kind::Single,
        });
    }
    out
}

/// The (code, qualifier) pairs an encounter carries for a dimension
/// (codebook, derived, or crosstab-only).
fn encounter_pairs(e: &Encounter, cb: &Codebook, dim: &str) -> Pairs {
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
            .qualified(crate::codebook::NEEDS)
            .iter()
            .filter(|q| q.qualifier == "unmet")
            .map(|q| (q.code.clone(), String::new()))
            .collect(),
        "residence_group" => {
            let status = e
                .single_or_default(cb, crate::codebook::RESIDENCE_STATUS)
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

fn is_latest_kind(cb: &Codebook, dim: &str) -> bool {
    dim == "residence_group" || cb.dimension(dim).is_some_and(|d| d.kind == Kind::Single)
}

/// The family's pairs for a dimension: the latest value for single-choice
/// dimensions, every value it had otherwise. `encounters` are the family's,
/// sorted by `(date, id)`.
fn family_pairs(encounters: &[&Encounter], cb: &Codebook, dim: &str) -> Pairs {
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

fn crosstab_codes(cb: &Codebook, dim: &str) -> Vec<String> {
    match dim {
        "themes_effective" => cb
            .dimension(crate::codebook::THEMES)
            .map(|d| d.codes.iter().map(|c| c.code.clone()).collect())
            .unwrap_or_default(),
        "needs_unmet" => cb
            .dimension(crate::codebook::NEEDS)
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

/// Counts for one two-way table, by family or by encounter: each unit
/// counts once in every (row, column) cell and margin it carries.
#[derive(Default)]
struct Tally {
    cells: HashMap<(String, String), u64>,
    rows: HashMap<String, u64>,
    cols: HashMap<String, u64>,
}

impl Tally {
    fn add(&mut self, rp: &Pairs, cp: &Pairs, rcodes: &[String], ccodes: &[String]) {
        for (r, _) in rp {
            *self.rows.entry(r.clone()).or_default() += 1;
        }
        for (c, _) in cp {
            *self.cols.entry(c.clone()).or_default() += 1;
        }
        for (r, _) in rp.iter().filter(|(r, _)| rcodes.contains(r)) {
            for (c, _) in cp.iter().filter(|(c, _)| ccodes.contains(c)) {
                *self.cells.entry((r.clone(), c.clone())).or_default() += 1;
            }
        }
    }
}

/// Aggregates the encounters dated within `period` (others are ignored).
pub fn aggregate(all: &[Encounter], cb: &Codebook, period: Period) -> Aggregate {
    let mut encounters: Vec<&Encounter> = all.iter().filter(|e| period.contains(e.date)).collect();
    encounters.sort_by_key(|e| e.sort_key());
    let mut by_family: HashMap<&FamilyCode, Vec<&Encounter>> = HashMap::new();
    for e in &encounters {
        by_family.entry(&e.family).or_default().push(e);
    }
    let mut b = Builder {
        cells: Vec::new(),
        index: HashMap::new(),
    };
    let mut signals = Vec::new();
    let mut lines = Vec::new();

    let total = b.cell(
        signal_key("total", "all", ""),
        by_family.len() as u64,
        encounters.len() as u64,
        false,
    );

    for d in dims(cb) {
        let mut fam: HashMap<(String, String), u64> = HashMap::new();
        let mut enc: HashMap<(String, String), u64> = HashMap::new();
        for es in by_family.values() {
            let pairs = if d.latest {
                family_pairs(es, cb, &d.id)
            } else {
                es.iter()
                    .flat_map(|e| encounter_pairs(e, cb, &d.id))
                    .collect()
            };
            for p in pairs {
                *fam.entry(p).or_default() += 1;
            }
        }
        for e in &encounters {
            for p in encounter_pairs(e, cb, &d.id) {
                *enc.entry(p).or_default() += 1;
            }
        }
        let mut line = Vec::new();
        for (i, (code, qual)) in d.rows.iter().enumerate() {
            let k = (code.clone(), qual.clone());
            let cell = b.cell(
                signal_key(&d.id, code, qual),
                fam.get(&k).copied().unwrap_or(0),
                enc.get(&k).copied().unwrap_or(0),
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
    for (rd, cd) in CROSSTABS {
        let rcodes = crosstab_codes(cb, rd);
        let ccodes = crosstab_codes(cb, cd);
        let mut fam = Tally::default();
        let mut enc = Tally::default();
        for es in by_family.values() {
            fam.add(
                &family_pairs(es, cb, rd),
                &family_pairs(es, cb, cd),
                &rcodes,
                &ccodes,
            );
        }
        for e in &encounters {
            enc.add(
                &encounter_pairs(e, cb, rd),
                &encounter_pairs(e, cb, cd),
                &rcodes,
                &ccodes,
            );
        }
        let (fam, fam_r, fam_c) = (fam.cells, fam.rows, fam.cols);
        let (enc, enc_r, enc_c) = (enc.cells, enc.rows, enc.cols);
        let margin = |b: &mut Builder, dim: &str, code: &str, f: u64, e: u64, other: &str| {
            let key =
                margin_signal_key(dim, code).unwrap_or_else(|| cross_key(dim, code, other, TOTAL));
            b.cell(key, f, e, crosstab_high(cb, dim, code))
        };
        let row_margins: Vec<usize> = rcodes
            .iter()
            .map(|r| {
                margin(
                    &mut b,
                    rd,
                    r,
                    fam_r.get(r).copied().unwrap_or(0),
                    enc_r.get(r).copied().unwrap_or(0),
                    cd,
                )
            })
            .collect();
        let col_margins: Vec<usize> = ccodes
            .iter()
            .map(|c| {
                margin(
                    &mut b,
                    cd,
                    c,
                    fam_c.get(c).copied().unwrap_or(0),
                    enc_c.get(c).copied().unwrap_or(0),
                    rd,
                )
            })
            .collect();
        let mut grid = Vec::new();
        for (ri, r) in rcodes.iter().enumerate() {
            let mut row = Vec::new();
            for c in &ccodes {
                let cell = b.cell(
                    cross_key(rd, r, cd, c),
                    fam.get(&(r.clone(), c.clone())).copied().unwrap_or(0),
                    enc.get(&(r.clone(), c.clone())).copied().unwrap_or(0),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{generate, DemoSpec};
    use chrono::NaiveDate;

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
        let expected_rows: usize = dims(cb).iter().map(|d| d.rows.len()).sum::<usize>() + 1;
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
