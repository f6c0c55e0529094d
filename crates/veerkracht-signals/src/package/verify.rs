//! `verify`: every rule re-checked from the package's own figures, never
//! from what its descriptor claims. A package is sound when the list of
//! problems is empty.

use super::*;
use crate::aggregate::{Measure, Sense};
use crate::disclosure::audit::{self, Depth, Known, Layout, Sheet};
use crate::disclosure::small;

/// A problem `verify` found, as data (worded by the front end).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A file in the package folder that its descriptor does not list.
    UnlistedFile { name: String },
    /// A file the descriptor lists that no signal package holds.
    ForeignFile { name: String },
    /// A file every signal package holds, not there.
    MissingFile { name: String },
    /// A field of the descriptor that is not what the package's own
    /// figures produce (its path, e.g. `veerkracht.disclosure`).
    DescriptorField { field: String },
    /// A key given twice in one object of the descriptor: readers differ on
    /// which one counts.
    DuplicateKey { key: String },
    /// The package uses a codebook this build does not have.
    Codebook { found: String, supported: String },
    /// A file has more or fewer rows than the contract's layout.
    Rows {
        file: String,
        found: usize,
        expected: usize,
    },
    /// A row that the layout does not have at this place.
    UnexpectedRow { file: String, row: String },
    /// A row of the layout that is not there (the rows after it moved up).
    MissingRow { file: String, row: String },
    /// A row given twice in a row.
    DuplicateRow { file: String, row: String },
    /// The same quantity shows different counts in two places.
    Disagrees { key: String },
    /// A published cell with 1..k−1 families.
    SmallPublished { key: String, families: u64, k: u64 },
    /// A suppressed value anyone can compute from the package itself.
    Recomputable { key: String, families: bool },
    /// A suppressed value the solver could not settle (not shown safe).
    Undecided { key: String, families: bool },
    /// Published figures that the counting rules make impossible.
    Contradiction { keys: Vec<String> },
    /// The stated fingerprint is not the figures' own.
    Fingerprint,
    /// A suppressed cell of a merged package without bounds.
    BoundsMissing { key: String },
    /// Bounds that give the exact value away.
    BoundsExact { key: String },
    /// Bounds the package's own figures contradict.
    BoundsImpossible { key: String },
    /// Municipality crossed with residence status.
    MunicipalityCrossed,
    /// Something that looks like record-level data (a pseudonym, a date, an id).
    RecordLevel { file: String, text: String },
    /// Demo encounters counted in, but the package does not say it is demo.
    DemoUnmarked,
    /// The report or the workbook is not what the package's figures produce
    /// (it may hold a script, a form or a formula).
    Rendering { file: String },
}

/// Maps the package's rows onto the layout's cells: counts per cell.
pub fn cells_of(p: &Package, sk: &Aggregate, problems: &mut Vec<Problem>) -> Option<Vec<Counts>> {
    let mut out: Vec<Option<Counts>> = vec![None; sk.cells.len()];
    let mut place = |cell: usize, c: Counts, problems: &mut Vec<Problem>| match out[cell] {
        Some(prev) if prev.families != c.families || prev.encounters != c.encounters => problems
            .push(Problem::Disagrees {
                key: sk.cells[cell].key.clone(),
            }),
        _ => out[cell] = Some(c),
    };
    let before = problems.len();
    if p.signals.len() != sk.signals.len() {
        problems.push(Problem::Rows {
            file: SIGNALS_CSV.into(),
            found: p.signals.len(),
            expected: sk.signals.len(),
        });
    }
    let name = |d: &str, c: &str, q: &str| format!("{d}/{c}/{q}");
    if let Some(fault) = row_fault(
        SIGNALS_CSV,
        &p.signals
            .iter()
            .map(|r| name(&r.dimension, &r.code, &r.qualifier))
            .collect::<Vec<_>>(),
        &sk.signals
            .iter()
            .map(|r| name(&r.dimension, &r.code, &r.qualifier))
            .collect::<Vec<_>>(),
    ) {
        problems.push(fault);
    } else {
        for (row, want) in p.signals.iter().zip(&sk.signals) {
            place(want.cell, row.counts, problems);
        }
    }
    if p.crosstabs.len() != sk.crosstabs.len() {
        problems.push(Problem::Rows {
            file: CROSSTABS_CSV.into(),
            found: p.crosstabs.len(),
            expected: sk.crosstabs.len(),
        });
    }
    let name = |rd: &str, rc: &str, cd: &str, cc: &str| format!("{rd}/{rc} × {cd}/{cc}");
    let fault = row_fault(
        CROSSTABS_CSV,
        &p.crosstabs
            .iter()
            .map(|r| name(&r.row_dimension, &r.row_code, &r.col_dimension, &r.col_code))
            .collect::<Vec<_>>(),
        &sk.crosstabs
            .iter()
            .map(|r| name(&r.row_dimension, &r.row_code, &r.col_dimension, &r.col_code))
            .collect::<Vec<_>>(),
    );
    let placed = if fault.is_some() {
        0
    } else {
        p.crosstabs.len()
    };
    problems.extend(fault);
    for (row, want) in p.crosstabs.iter().zip(&sk.crosstabs).take(placed) {
        // Format 1 counted margins differently: they are not compared.
        if p.format == 1
            && (row.row_code == crate::plan::TOTAL || row.col_code == crate::plan::TOTAL)
        {
            continue;
        }
        place(want.cell, row.counts, problems);
    }
    if problems.len() > before {
        return None;
    }
    Some(
        out.into_iter()
            .map(|c| {
                c.unwrap_or(Counts {
                    families: None,
                    encounters: None,
                    status: Status::SuppressedSecondary,
                })
            })
            .collect(),
    )
}

/// The first row of `found` (a file's rows, named) that is not the
/// layout's (`want`) at its place, told as what it most likely is: a row of
/// the layout left out (the file's row is the layout's next one), a row
/// given twice (the same as the one before it), or a row the layout does
/// not have there. Rows missing or extra at the end only change the count
/// (`Problem::Rows`).
fn row_fault(file: &str, found: &[String], want: &[String]) -> Option<Problem> {
    let i = found.iter().zip(want).position(|(f, w)| f != w)?;
    let file = file.to_string();
    Some(if i > 0 && found[i] == found[i - 1] {
        Problem::DuplicateRow {
            file,
            row: found[i].clone(),
        }
    } else if want.get(i + 1) == Some(&found[i]) {
        Problem::MissingRow {
            file,
            row: want[i].clone(),
        }
    } else {
        Problem::UnexpectedRow {
            file,
            row: found[i].clone(),
        }
    })
}

fn looks_record_level(cell: &str) -> bool {
    let b = cell.as_bytes();
    let pseudonym = b.len() == 9
        && b[4] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || c.is_ascii_uppercase() || c.is_ascii_digit());
    let date = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    let uuid = Uuid::parse_str(cell).is_ok();
    pseudonym || date || uuid
}

/// Checks a package's files, structure and every disclosure rule. `files`
/// are every file found in the package's folder. Empty = sound.
pub fn verify(
    p: &Package,
    files: &BTreeMap<String, Vec<u8>>,
    cb: &veerkracht_core::Codebook,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    for name in files.keys() {
        if name != DATAPACKAGE && !p.listed.contains(name) {
            problems.push(Problem::UnlistedFile { name: name.clone() });
        }
    }
    if p.format == FORMAT {
        for name in &p.listed {
            if !FILES.contains(&name.as_str()) {
                problems.push(Problem::ForeignFile { name: name.clone() });
            }
        }
        // The report and the workbook are checked where they are rendered
        // (the service layer's `packages`).
        for name in [SIGNALS_CSV, CROSSTABS_CSV, CODEBOOK_CSV] {
            if !files.contains_key(name) {
                problems.push(Problem::MissingFile { name: name.into() });
            }
        }
    }
    if p.codebook != cb.version {
        problems.push(Problem::Codebook {
            found: p.codebook.clone(),
            supported: cb.version.clone(),
        });
        return problems;
    }
    let sk = skeleton(cb, p.period);
    let Some(cells) = cells_of(p, &sk, &mut problems) else {
        return problems;
    };
    if p.format == 2 && fingerprint(p) != p.fingerprint {
        problems.push(Problem::Fingerprint);
    }
    if p.demo_encounters > 0 && !p.demo {
        problems.push(Problem::DemoUnmarked);
    }
    for (i, c) in cells.iter().enumerate() {
        if let Some(f) = c.families {
            let k = p.thresholds.for_cell(sk.cells[i].high);
            if small(f, k) {
                problems.push(Problem::SmallPublished {
                    key: sk.cells[i].key.clone(),
                    families: f,
                    k,
                });
            }
        }
    }
    for row in &p.crosstabs {
        let pair = [row.row_dimension.as_str(), row.col_dimension.as_str()];
        if pair.contains(&"municipality")
            && (pair.contains(&"residence_status") || pair.contains(&"residence_group"))
        {
            problems.push(Problem::MunicipalityCrossed);
            break;
        }
    }
    for name in [SIGNALS_CSV, CROSSTABS_CSV, BOUNDS_CSV, CODEBOOK_CSV] {
        if let Some(bytes) = files.get(name) {
            let text = String::from_utf8_lossy(bytes);
            if let Some(bad) = text
                .split([',', '\n', '\r', '|', ';'])
                .find(|c| looks_record_level(c.trim()))
            {
                problems.push(Problem::RecordLevel {
                    file: name.into(),
                    text: bad.chars().take(40).collect(),
                });
            }
        }
    }
    if p.format == 2 {
        check_rules(p, &sk, &cells, &mut problems);
    }
    problems
}

/// Format 2's rules that need the relations: published figures must obey
/// them; bounds must cover every hidden cell of a merge without giving it
/// away; no hidden value may be computable from the package.
fn check_rules(p: &Package, sk: &Aggregate, cells: &[Counts], problems: &mut Vec<Problem>) {
    let value = |c: usize, m: Measure| match m {
        Measure::F => cells[c].families,
        Measure::E => cells[c].encounters,
    };
    for r in sk.relations.iter() {
        let values: Option<Vec<i64>> = r
            .terms
            .iter()
            .map(|t| value(t.cell, t.measure).map(|v| v as i64 * i64::from(t.coef)))
            .collect();
        if let Some(v) = values {
            let sum: i64 = v.iter().sum();
            let holds = match r.sense {
                Sense::Eq => sum == 0,
                Sense::Le => sum <= 0,
                Sense::Ge => sum >= 0,
            };
            if !holds {
                let mut keys: Vec<String> = r
                    .terms
                    .iter()
                    .map(|t| sk.cells[t.cell].key.clone())
                    .collect();
                keys.dedup();
                problems.push(Problem::Contradiction { keys });
            }
        }
    }
    let merged = !p.sources.is_empty();
    let mut known = vec![None; sk.cells.len()];
    for (i, c) in cells.iter().enumerate() {
        if !c.status.is_suppressed() {
            continue;
        }
        let key = &sk.cells[i].key;
        match p.bounds.get(key) {
            Some(b) => {
                if b.families.0 > b.families.1 || b.encounters.0 > b.encounters.1 {
                    problems.push(Problem::BoundsImpossible { key: key.clone() });
                } else if b.families.0 == b.families.1 || b.encounters.0 == b.encounters.1 {
                    problems.push(Problem::BoundsExact { key: key.clone() });
                }
                known[i] = Some(Known {
                    families: b.families,
                    encounters: b.encounters,
                });
            }
            None if merged => problems.push(Problem::BoundsMissing { key: key.clone() }),
            None => {}
        }
    }
    let layout = Layout::of(sk);
    let sheet = Sheet {
        period: p.period,
        label: p.id.to_string(),
        shown: cells.iter().map(|c| c.families.zip(c.encounters)).collect(),
        truth: None,
        known,
        older: None,
        targets: cells.iter().map(|c| c.status.is_suppressed()).collect(),
        parts: Vec::new(),
    };
    let out = audit::audit(&layout, std::slice::from_ref(&sheet), Depth::Exactness);
    if out.inconsistent {
        problems.push(Problem::BoundsImpossible {
            key: "bounds.csv".into(),
        });
    }
    for t in out.exact {
        problems.push(Problem::Recomputable {
            key: layout.keys[t.cell].clone(),
            families: t.measure == Measure::F,
        });
    }
    // What the solver left open is a problem of its own (never taken as
    // safe), whatever else is reported.
    for t in out.undecided {
        problems.push(Problem::Undecided {
            key: layout.keys[t.cell].clone(),
            families: t.measure == Measure::F,
        });
    }
}
