//! Signal packages (format 2): what researchers receive. Aggregates only,
//! with the status of every cell; never a pseudonym, a record date, an id
//! or a note. This module holds the model and makes it from an aggregate;
//! `write` renders its files, `read` reads them back (formats 1 and 2),
//! `verify` re-checks every rule from the package's own figures, `merge`
//! adds packages of one period, `series` stacks packages of many periods.

pub mod labels;
pub mod merge;
pub mod read;
pub mod series;
#[cfg(test)]
mod tests;
pub mod verify;
pub mod write;

use crate::aggregate::Aggregate;
use crate::disclosure::{Member, Protection, Release, Status, Thresholds};
use crate::period::Period;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use uuid::Uuid;

pub use merge::{merge, MergeError};
pub use read::{read, same_csv, CsvProblem, ReadError};
pub use verify::{verify, Problem};
pub use write::*;

/// The format this build writes. Format 1 packages are still read.
pub const FORMAT: u8 = 2;

pub const SIGNALS_CSV: &str = "signals.csv";
pub const CROSSTABS_CSV: &str = "crosstabs.csv";
pub const BOUNDS_CSV: &str = "bounds.csv";
pub const CODEBOOK_CSV: &str = "codebook.csv";
pub const DATAPACKAGE: &str = "datapackage.json";
pub const XLSX: &str = "signals.xlsx";
pub const REPORT: &str = "report.html";

/// Every file a package may hold.
pub const FILES: [&str; 7] = [
    DATAPACKAGE,
    SIGNALS_CSV,
    CROSSTABS_CSV,
    CODEBOOK_CSV,
    BOUNDS_CSV,
    XLSX,
    REPORT,
];

/// Published counts, or none for a suppressed cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub families: Option<u64>,
    pub encounters: Option<u64>,
    /// Format 2 reads every hidden cell as secondary (it says nothing more);
    /// format 1 said primary or secondary.
    pub status: Status,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignalLine {
    pub dimension: String,
    pub code: String,
    pub qualifier: String,
    pub counts: Counts,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrossLine {
    pub row_dimension: String,
    pub row_code: String,
    pub col_dimension: String,
    pub col_code: String,
    pub counts: Counts,
}

/// What is known of a suppressed cell of a merged package: an interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounds {
    pub families: (u64, u64),
    pub encounters: (u64, u64),
}

/// A package merged into another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRef {
    pub id: Uuid,
    /// The vault it came from (empty for format 1).
    pub source: String,
    pub fingerprint: String,
    pub period: Period,
    pub created: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Package {
    pub id: Uuid,
    /// 1 or 2.
    pub format: u8,
    pub period: Period,
    pub codebook: String,
    pub thresholds: Thresholds,
    /// RFC 3339, when the package was made (not a record date).
    pub created: String,
    pub generator: String,
    /// The random id of the vault that made it (empty for a merge or a
    /// format 1 package): two packages of one source and period are two
    /// versions of the same figures.
    pub source: String,
    /// A hash of the figures (not of ids or dates): two packages with the
    /// same fingerprint hold the same content.
    pub fingerprint: String,
    pub signals: Vec<SignalLine>,
    pub crosstabs: Vec<CrossLine>,
    /// Packages merged into this one (empty for a worker's own).
    pub sources: Vec<SourceRef>,
    /// Intervals for suppressed cells of a merged package, by cell key.
    pub bounds: BTreeMap<String, Bounds>,
    /// Synthetic demo encounters counted in.
    pub demo_encounters: u64,
    /// Holds demo data (a merge with any demo source is demo).
    pub demo: bool,
    /// The files its descriptor lists (read packages; empty when built).
    pub listed: Vec<String>,
    /// The language of its report and workbook.
    pub language: veerkracht_core::Lang,
}

/// What makes a new package besides its figures.
#[derive(Debug, Clone)]
pub struct Meta {
    pub language: veerkracht_core::Lang,
    pub id: Uuid,
    pub created: String,
    pub generator: String,
    pub thresholds: Thresholds,
    pub source: String,
}

pub fn sha256(bytes: &[u8]) -> String {
    format!("sha256:{}", hex::encode(Sha256::digest(bytes)))
}

fn counts(agg: &Aggregate, prot: &Protection, cell: usize) -> Counts {
    let c = &agg.cells[cell];
    let status = prot.status[cell];
    let shown = status == Status::Published;
    Counts {
        families: shown.then_some(c.families),
        encounters: shown.then_some(c.encounters),
        status,
    }
}

/// The package of an aggregate under its protection.
pub fn build(agg: &Aggregate, prot: &Protection, meta: Meta) -> Package {
    let mut p = Package {
        id: meta.id,
        format: FORMAT,
        period: agg.period,
        codebook: agg.codebook.clone(),
        thresholds: meta.thresholds,
        created: meta.created,
        generator: meta.generator,
        source: meta.source,
        fingerprint: String::new(),
        signals: agg
            .signals
            .iter()
            .map(|r| SignalLine {
                dimension: r.dimension.clone(),
                code: r.code.clone(),
                qualifier: r.qualifier.clone(),
                counts: counts(agg, prot, r.cell),
            })
            .collect(),
        crosstabs: agg
            .crosstabs
            .iter()
            .map(|r| CrossLine {
                row_dimension: r.row_dimension.clone(),
                row_code: r.row_code.clone(),
                col_dimension: r.col_dimension.clone(),
                col_code: r.col_code.clone(),
                counts: counts(agg, prot, r.cell),
            })
            .collect(),
        sources: Vec::new(),
        bounds: BTreeMap::new(),
        demo_encounters: agg.demo_encounters,
        demo: agg.demo_encounters > 0,
        listed: Vec::new(),
        language: meta.language,
    };
    p.fingerprint = fingerprint(&p);
    p
}

/// A hash of what the package says: its period, codebook, thresholds,
/// every row with its status and counts, bounds and the fingerprints of its
/// sources; not its id, its date or the program that made it. A copy with
/// another id has the same fingerprint.
pub fn fingerprint(p: &Package) -> String {
    let mut h = Sha256::new();
    let status = |s: Status| if s.is_suppressed() { "s" } else { "p" };
    let n = |v: Option<u64>| v.map(|x| x.to_string()).unwrap_or_default();
    h.update(format!(
        "veerkracht-fingerprint-v1\n{}\n{}\n{},{}\n",
        p.period.code(),
        p.codebook,
        p.thresholds.k,
        p.thresholds.k_high
    ));
    for s in &p.signals {
        h.update(format!(
            "s,{},{},{},{},{},{}\n",
            s.dimension,
            s.code,
            s.qualifier,
            n(s.counts.families),
            n(s.counts.encounters),
            status(s.counts.status)
        ));
    }
    for x in &p.crosstabs {
        h.update(format!(
            "x,{},{},{},{},{},{},{}\n",
            x.row_dimension,
            x.row_code,
            x.col_dimension,
            x.col_code,
            n(x.counts.families),
            n(x.counts.encounters),
            status(x.counts.status)
        ));
    }
    for (k, b) in &p.bounds {
        h.update(format!(
            "b,{k},{},{},{},{}\n",
            b.families.0, b.families.1, b.encounters.0, b.encounters.1
        ));
    }
    let mut sources: Vec<&str> = p.sources.iter().map(|s| s.fingerprint.as_str()).collect();
    sources.sort_unstable();
    for s in sources {
        h.update(format!("f,{s}\n"));
    }
    format!("sha256:{}", hex::encode(h.finalize()))
}

/// What the ledger keeps of a package made from `agg`: every cell's status
/// and true counts, and the encounters it counted.
pub fn release(agg: &Aggregate, prot: &Protection, created: &str, members: Vec<Member>) -> Release {
    Release {
        period: agg.period,
        cells: agg
            .cells
            .iter()
            .zip(&prot.status)
            .map(|(c, s)| (c.key.clone(), (*s, c.families, c.encounters)))
            .collect(),
        format: FORMAT,
        created: created.to_string(),
        members,
    }
}

/// The structure a package of this codebook and period must have, as an
/// aggregate without data: every row, every cell key, every relation.
pub fn skeleton(cb: &veerkracht_core::Codebook, period: Period) -> Aggregate {
    crate::aggregate::aggregate(&[], cb, period)
}

/// The cell key of a crosstab row (a cell, a margin or the total).
pub fn cross_row_key(cb: &veerkracht_core::Codebook, x: &CrossLine) -> String {
    use crate::aggregate::{cross_key, margin_key, total_key};
    use crate::plan::TOTAL;
    match (x.row_code.as_str(), x.col_code.as_str()) {
        (TOTAL, TOTAL) => total_key(),
        (r, TOTAL) => margin_key(cb, &x.row_dimension, r),
        (TOTAL, c) => margin_key(cb, &x.col_dimension, c),
        (r, c) => cross_key(&x.row_dimension, r, &x.col_dimension, c),
    }
}
