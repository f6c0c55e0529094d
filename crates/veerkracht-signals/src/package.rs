//! Signal packages: what researchers receive. Aggregates only, with the
//! status of every cell; never a pseudonym, a date of an encounter, an id or
//! a note. This module builds the package from an aggregate and its
//! protection, renders its files (CSV, Frictionless descriptor) and reads
//! them back for `merge` and `verify`. Pure: bytes in, bytes out.

use crate::aggregate::Aggregate;
use crate::disclosure::{Protection, Status, Thresholds};
use crate::period::Period;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use uuid::Uuid;

pub const SIGNALS_CSV: &str = "signals.csv";
pub const CROSSTABS_CSV: &str = "crosstabs.csv";
pub const BOUNDS_CSV: &str = "bounds.csv";
pub const DATAPACKAGE: &str = "datapackage.json";
pub const XLSX: &str = "signals.xlsx";
pub const REPORT: &str = "report.html";

pub const SIGNALS_HEADER: [&str; 7] = [
    "period",
    "dimension",
    "code",
    "qualifier",
    "families",
    "encounters",
    "status",
];
pub const CROSSTABS_HEADER: [&str; 8] = [
    "period",
    "row_dimension",
    "row_code",
    "col_dimension",
    "col_code",
    "families",
    "encounters",
    "status",
];
pub const BOUNDS_HEADER: [&str; 6] = [
    "key",
    "families_min",
    "families_max",
    "encounters_min",
    "encounters_max",
    "status",
];

/// Published counts, or none for a suppressed cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub families: Option<u64>,
    pub encounters: Option<u64>,
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

#[derive(Debug, Clone, PartialEq)]
pub struct Package {
    pub id: Uuid,
    pub period: Period,
    pub codebook: String,
    pub thresholds: Thresholds,
    /// RFC 3339, when the package was made (not a record date).
    pub created: String,
    pub generator: String,
    pub signals: Vec<SignalLine>,
    pub crosstabs: Vec<CrossLine>,
    /// Packages merged into this one (empty for a worker's own).
    pub sources: Vec<Uuid>,
    /// For merged packages: intervals for suppressed cells, by cell key.
    pub bounds: BTreeMap<String, Bounds>,
    /// Synthetic demo encounters counted in: a package with any is not
    /// field data, and says so in its descriptor and report.
    pub demo_encounters: u64,
}

pub struct Meta {
    pub id: Uuid,
    pub created: String,
    pub generator: String,
    pub thresholds: Thresholds,
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

pub fn build(agg: &Aggregate, prot: &Protection, meta: Meta) -> Package {
    Package {
        id: meta.id,
        period: agg.period,
        codebook: agg.codebook.clone(),
        thresholds: meta.thresholds,
        created: meta.created,
        generator: meta.generator,
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
    }
}

fn opt(n: Option<u64>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

fn csv_text(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(header).expect("in memory");
    for r in rows {
        w.write_record(&r).expect("in memory");
    }
    String::from_utf8(w.into_inner().expect("in memory")).expect("utf-8")
}

pub fn signals_csv(p: &Package) -> String {
    let period = p.period.to_string();
    csv_text(
        &SIGNALS_HEADER,
        p.signals.iter().map(|s| {
            vec![
                period.clone(),
                s.dimension.clone(),
                s.code.clone(),
                s.qualifier.clone(),
                opt(s.counts.families),
                opt(s.counts.encounters),
                s.counts.status.id().into(),
            ]
        }),
    )
}

pub fn crosstabs_csv(p: &Package) -> String {
    let period = p.period.to_string();
    csv_text(
        &CROSSTABS_HEADER,
        p.crosstabs.iter().map(|s| {
            vec![
                period.clone(),
                s.row_dimension.clone(),
                s.row_code.clone(),
                s.col_dimension.clone(),
                s.col_code.clone(),
                opt(s.counts.families),
                opt(s.counts.encounters),
                s.counts.status.id().into(),
            ]
        }),
    )
}

pub fn bounds_csv(p: &Package) -> String {
    csv_text(
        &BOUNDS_HEADER,
        p.bounds.iter().map(|(k, b)| {
            vec![
                k.clone(),
                b.families.0.to_string(),
                b.families.1.to_string(),
                b.encounters.0.to_string(),
                b.encounters.1.to_string(),
                "suppressed".into(),
            ]
        }),
    )
}

pub fn sha256(bytes: &[u8]) -> String {
    format!("sha256:{}", hex::encode(Sha256::digest(bytes)))
}

fn field(name: &str, kind: &str, description: &str) -> Value {
    json!({ "name": name, "type": kind, "description": description })
}

fn schema(extra: &[Value]) -> Value {
    let mut fields = vec![field(
        "period",
        "string",
        "Reporting period: YYYY-MM, YYYY-Qn or YYYY",
    )];
    fields.extend(extra.iter().cloned());
    let mut families = field(
        "families",
        "integer",
        "Distinct families (pseudonyms); empty when suppressed",
    );
    families["constraints"] = json!({ "minimum": 0 });
    let mut encounters = field(
        "encounters",
        "integer",
        "Encounters carrying the code; empty when suppressed",
    );
    encounters["constraints"] = json!({ "minimum": 0 });
    let mut status = field(
        "status",
        "string",
        "published, suppressed_primary or suppressed_secondary",
    );
    status["constraints"] = json!({ "required": true, "enum": ["published", "suppressed_primary", "suppressed_secondary"] });
    fields.extend([families, encounters, status]);
    json!({ "fields": fields, "missingValues": [""] })
}

fn resource(name: &str, path: &str, title: &str, schema: Value) -> Value {
    json!({
        "name": name,
        "path": path,
        "title": title,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    })
}

/// The Frictionless Data Package descriptor. `files` are the other files
/// of the package with their bytes, for the integrity hashes.
pub fn datapackage_json(p: &Package, files: &[(&str, &[u8])]) -> String {
    let mut resources = vec![
        resource(
            "signals",
            SIGNALS_CSV,
            "Signals per dimension and code",
            schema(&[
                field(
                    "dimension",
                    "string",
                    "Codebook dimension id, or a derived dimension",
                ),
                field("code", "string", "Code id"),
                field(
                    "qualifier",
                    "string",
                    "Need status, actor role or domain value; empty otherwise",
                ),
            ]),
        ),
        resource(
            "crosstabs",
            CROSSTABS_CSV,
            "Two-way tables answering the report's questions",
            schema(&[
                field("row_dimension", "string", "Row dimension"),
                field("row_code", "string", "Row code, or total"),
                field("col_dimension", "string", "Column dimension"),
                field("col_code", "string", "Column code, or total"),
            ]),
        ),
    ];
    if !p.bounds.is_empty() {
        resources.push(json!({
            "name": "bounds",
            "path": BOUNDS_CSV,
            "title": "Intervals known for suppressed cells of a merged package",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": { "fields": [
                field("key", "string", "Cell key: s|dimension|code|qualifier or x|row_dimension|row_code|col_dimension|col_code"),
                field("families_min", "integer", "Lower bound"),
                field("families_max", "integer", "Upper bound"),
                field("encounters_min", "integer", "Lower bound"),
                field("encounters_max", "integer", "Upper bound"),
                field("status", "string", "Always suppressed"),
            ] },
        }));
    }
    let hashes: BTreeMap<&str, String> = files.iter().map(|(n, b)| (*n, sha256(b))).collect();
    let name = format!("veerkracht-signals-{}", p.period.to_string().to_lowercase());
    let descriptor = json!({
        "profile": "tabular-data-package",
        "name": name,
        "id": format!("urn:uuid:{}", p.id),
        "title": format!("Veerkracht signals {}", p.period),
        "description": "Aggregated signals from frontline encounters with Brussels families in precarious conditions, \
            coded with the Veerkracht codebook (Kwetsbaarheid en veerkracht in Brussel). Aggregates only: cells with \
            fewer than k families are suppressed, and so are further cells that would let a suppressed one be computed.",
        "created": p.created,
        "version": "1.0.0",
        "keywords": ["veerkracht", "resilience", "Brussels", "families", "precarity"],
        "resources": resources,
        "veerkracht": {
            "package_id": p.id.to_string(),
            "codebook": p.codebook,
            "period": p.period.to_string(),
            "period_start": p.period.start().to_string(),
            "period_end": p.period.end().to_string(),
            "thresholds": { "k": p.thresholds.k, "k_high": p.thresholds.k_high },
            "generator": p.generator,
            "sources": p.sources.iter().map(Uuid::to_string).collect::<Vec<_>>(),
            "demo_encounters": p.demo_encounters,
            "files": hashes,
            "counting": "encounters: encounters carrying the code. families: distinct pseudonyms; for single-choice \
                dimensions a family counts under its latest value in the period, for every other kind under each code \
                it had. Merged packages add the counts of their sources.",
        },
    });
    serde_json::to_string_pretty(&descriptor).expect("plain data")
}

/// Why a package could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError(pub String);

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn err<T>(msg: impl Into<String>) -> Result<T, ReadError> {
    Err(ReadError(msg.into()))
}

fn parse_counts(f: &str, e: &str, s: &str, at: &str) -> Result<Counts, ReadError> {
    let status: Status = s
        .parse()
        .map_err(|x: String| ReadError(format!("{at}: {x}")))?;
    let num = |t: &str| -> Result<Option<u64>, ReadError> {
        if t.is_empty() {
            Ok(None)
        } else {
            t.parse::<u64>()
                .map(Some)
                .map_err(|_| ReadError(format!("{at}: not a count: {t:?}")))
        }
    };
    let c = Counts {
        families: num(f)?,
        encounters: num(e)?,
        status,
    };
    let shown = c.families.is_some() && c.encounters.is_some();
    let hidden = c.families.is_none() && c.encounters.is_none();
    if (status == Status::Published && !shown) || (status != Status::Published && !hidden) {
        return err(format!("{at}: counts do not match the status {status}"));
    }
    Ok(c)
}

fn rows(text: &[u8], header: &[&str], name: &str) -> Result<Vec<Vec<String>>, ReadError> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(text);
    let h = r.headers().map_err(|e| ReadError(format!("{name}: {e}")))?;
    if h.iter().collect::<Vec<_>>() != header {
        return err(format!(
            "{name}: the columns must be exactly {}",
            header.join(",")
        ));
    }
    let mut out = Vec::new();
    for (i, rec) in r.records().enumerate() {
        let rec = rec.map_err(|e| ReadError(format!("{name} line {}: {e}", i + 2)))?;
        out.push(rec.iter().map(str::to_string).collect());
    }
    Ok(out)
}

/// Reads a package from its files (name → bytes), checking file hashes.
pub fn read(files: &BTreeMap<String, Vec<u8>>) -> Result<Package, ReadError> {
    let get = |n: &str| {
        files
            .get(n)
            .ok_or_else(|| ReadError(format!("{n} is missing")))
    };
    let desc: Value = serde_json::from_slice(get(DATAPACKAGE)?)
        .map_err(|e| ReadError(format!("{DATAPACKAGE}: {e}")))?;
    let v = desc
        .get("veerkracht")
        .ok_or_else(|| ReadError(format!("{DATAPACKAGE}: not a Veerkracht package")))?;
    let text = |k: &str| {
        v.get(k)
            .and_then(Value::as_str)
            .map(str::to_string)
            .ok_or_else(|| ReadError(format!("{DATAPACKAGE}: veerkracht.{k} is missing")))
    };
    let id =
        Uuid::parse_str(&text("package_id")?).map_err(|_| ReadError("bad package id".into()))?;
    let period: Period = text("period")?.parse().map_err(ReadError)?;
    let th = v
        .get("thresholds")
        .ok_or_else(|| ReadError("thresholds missing".into()))?;
    let k = th
        .get("k")
        .and_then(Value::as_u64)
        .ok_or_else(|| ReadError("k missing".into()))?;
    let k_high = th
        .get("k_high")
        .and_then(Value::as_u64)
        .ok_or_else(|| ReadError("k_high missing".into()))?;
    let thresholds =
        Thresholds::new(Some(k), Some(k_high)).map_err(|e| ReadError(e.to_string()))?;
    if let Some(hashes) = v.get("files").and_then(Value::as_object) {
        for (name, h) in hashes {
            let bytes = get(name)?;
            if Some(sha256(bytes).as_str()) != h.as_str() {
                return err(format!(
                    "{name} was changed after the package was made (hash mismatch)"
                ));
            }
        }
    } else {
        return err(format!("{DATAPACKAGE}: veerkracht.files is missing"));
    }
    let mut signals = Vec::new();
    for (i, r) in rows(get(SIGNALS_CSV)?, &SIGNALS_HEADER, SIGNALS_CSV)?
        .into_iter()
        .enumerate()
    {
        let at = format!("{SIGNALS_CSV} line {}", i + 2);
        if r[0] != period.to_string() {
            return err(format!(
                "{at}: period {} is not the package's {period}",
                r[0]
            ));
        }
        signals.push(SignalLine {
            dimension: r[1].clone(),
            code: r[2].clone(),
            qualifier: r[3].clone(),
            counts: parse_counts(&r[4], &r[5], &r[6], &at)?,
        });
    }
    let mut crosstabs = Vec::new();
    for (i, r) in rows(get(CROSSTABS_CSV)?, &CROSSTABS_HEADER, CROSSTABS_CSV)?
        .into_iter()
        .enumerate()
    {
        let at = format!("{CROSSTABS_CSV} line {}", i + 2);
        if r[0] != period.to_string() {
            return err(format!(
                "{at}: period {} is not the package's {period}",
                r[0]
            ));
        }
        crosstabs.push(CrossLine {
            row_dimension: r[1].clone(),
            row_code: r[2].clone(),
            col_dimension: r[3].clone(),
            col_code: r[4].clone(),
            counts: parse_counts(&r[5], &r[6], &r[7], &at)?,
        });
    }
    let mut bounds = BTreeMap::new();
    if let Some(b) = files.get(BOUNDS_CSV) {
        for (i, r) in rows(b, &BOUNDS_HEADER, BOUNDS_CSV)?.into_iter().enumerate() {
            let n = |t: &str| {
                t.parse::<u64>()
                    .map_err(|_| ReadError(format!("{BOUNDS_CSV} line {}: not a count", i + 2)))
            };
            bounds.insert(
                r[0].clone(),
                Bounds {
                    families: (n(&r[1])?, n(&r[2])?),
                    encounters: (n(&r[3])?, n(&r[4])?),
                },
            );
        }
    }
    let sources = v
        .get("sources")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().and_then(|s| Uuid::parse_str(s).ok()))
                .collect()
        })
        .unwrap_or_default();
    let demo_encounters = v
        .get("demo_encounters")
        .and_then(Value::as_u64)
        .unwrap_or(0);
    Ok(Package {
        demo_encounters,
        id,
        period,
        codebook: text("codebook")?,
        thresholds,
        created: desc
            .get("created")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        generator: text("generator")?,
        signals,
        crosstabs,
        sources,
        bounds,
    })
}

/// A problem `verify` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem(pub String);

/// The structure a package of this codebook and period must have, as an
/// aggregate without data: every row, every cell key, every line and table.
pub fn skeleton(cb: &veerkracht_core::Codebook, period: Period) -> Aggregate {
    crate::aggregate::aggregate(&[], cb, period)
}

/// Maps the package's rows onto the skeleton's cells: counts and status per
/// cell, or a problem when rows are missing, extra, or disagree.
fn cells_of(p: &Package, sk: &Aggregate) -> Result<Vec<Counts>, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut out: Vec<Option<Counts>> = vec![None; sk.cells.len()];
    let mut place =
        |cell: usize, c: Counts, at: String, problems: &mut Vec<Problem>| match out[cell] {
            Some(prev) if prev != c => problems.push(Problem(format!(
                "{at}: disagrees with the same quantity elsewhere in the package"
            ))),
            _ => out[cell] = Some(c),
        };
    if p.signals.len() != sk.signals.len() {
        problems.push(Problem(format!(
            "{SIGNALS_CSV}: {} rows, expected {}",
            p.signals.len(),
            sk.signals.len()
        )));
    }
    for (row, want) in p.signals.iter().zip(&sk.signals) {
        if (
            row.dimension.as_str(),
            row.code.as_str(),
            row.qualifier.as_str(),
        ) != (
            want.dimension.as_str(),
            want.code.as_str(),
            want.qualifier.as_str(),
        ) {
            problems.push(Problem(format!(
                "{SIGNALS_CSV}: unexpected row {}/{}/{}",
                row.dimension, row.code, row.qualifier
            )));
            break;
        }
        place(
            want.cell,
            row.counts,
            format!(
                "{SIGNALS_CSV} {}/{}/{}",
                row.dimension, row.code, row.qualifier
            ),
            &mut problems,
        );
    }
    if p.crosstabs.len() != sk.crosstabs.len() {
        problems.push(Problem(format!(
            "{CROSSTABS_CSV}: {} rows, expected {}",
            p.crosstabs.len(),
            sk.crosstabs.len()
        )));
    }
    for (row, want) in p.crosstabs.iter().zip(&sk.crosstabs) {
        if (
            &row.row_dimension,
            &row.row_code,
            &row.col_dimension,
            &row.col_code,
        ) != (
            &want.row_dimension,
            &want.row_code,
            &want.col_dimension,
            &want.col_code,
        ) {
            problems.push(Problem(format!(
                "{CROSSTABS_CSV}: unexpected row {}/{} × {}/{}",
                row.row_dimension, row.row_code, row.col_dimension, row.col_code
            )));
            break;
        }
        place(
            want.cell,
            row.counts,
            format!(
                "{CROSSTABS_CSV} {}/{} × {}/{}",
                row.row_dimension, row.row_code, row.col_dimension, row.col_code
            ),
            &mut problems,
        );
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(out
        .into_iter()
        .map(|c| c.expect("every cell has a row"))
        .collect())
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

/// Checks a package's structure and every disclosure rule. Empty = sound.
pub fn verify(
    p: &Package,
    files: &BTreeMap<String, Vec<u8>>,
    cb: &veerkracht_core::Codebook,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    if p.codebook != cb.version {
        problems.push(Problem(format!(
            "codebook {} is not this build's {}",
            p.codebook, cb.version
        )));
        return problems;
    }
    let sk = skeleton(cb, p.period);
    let cells = match cells_of(p, &sk) {
        Ok(c) => c,
        Err(mut e) => {
            problems.append(&mut e);
            return problems;
        }
    };
    let status: Vec<Status> = cells.iter().map(|c| c.status).collect();
    for (i, c) in cells.iter().enumerate() {
        if let Some(f) = c.families {
            let k = p.thresholds.for_cell(sk.cells[i].high);
            if f > 0 && f < k {
                problems.push(Problem(format!(
                    "{}: {f} families published below k={k}",
                    sk.cells[i].key
                )));
            }
        }
    }
    for line in &sk.lines {
        let n = line
            .cells
            .iter()
            .chain([&line.margin])
            .filter(|&&i| status[i].is_suppressed())
            .count();
        if n == 1 {
            let lone = line
                .cells
                .iter()
                .chain([&line.margin])
                .find(|&&i| status[i].is_suppressed())
                .expect("one");
            problems.push(Problem(format!(
                "{}: the only suppressed cell of its line (recomputable by subtraction)",
                sk.cells[*lone].key
            )));
        }
    }
    for t in &sk.tables {
        for (_, _, cell) in crate::disclosure::bridges(t, &|i| status[i].is_suppressed()) {
            problems.push(Problem(format!(
                "{}: recomputable from its table's rows and columns",
                sk.cells[cell].key
            )));
        }
    }
    for row in &p.crosstabs {
        let pair = [row.row_dimension.as_str(), row.col_dimension.as_str()];
        if pair.contains(&"municipality")
            && (pair.contains(&"residence_status") || pair.contains(&"residence_group"))
        {
            problems.push(Problem(
                "municipality is crossed with residence status".into(),
            ));
            break;
        }
    }
    for name in [SIGNALS_CSV, CROSSTABS_CSV, BOUNDS_CSV] {
        if let Some(bytes) = files.get(name) {
            let text = String::from_utf8_lossy(bytes);
            if let Some(bad) = text
                .split([',', '\n', '\r', '|'])
                .find(|c| looks_record_level(c.trim()))
            {
                problems.push(Problem(format!(
                    "{name}: holds something record-level ({bad:?})"
                )));
            }
        }
    }
    problems
}

/// Why packages cannot be merged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MergeError {
    Nothing,
    Duplicate(Uuid),
    Mismatch(String),
    Unreadable(String),
}

impl std::fmt::Display for MergeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MergeError::Nothing => f.write_str("no packages to merge"),
            MergeError::Duplicate(id) => write!(
                f,
                "package {id} is given twice (or is already part of another)"
            ),
            MergeError::Mismatch(m) => f.write_str(m),
            MergeError::Unreadable(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for MergeError {}
impl std::error::Error for ReadError {}

/// Merges packages of the same period and codebook from different workers.
/// Families add up (pseudonyms are per worker, so a family two workers both
/// met counts twice; the descriptor says so). A cell suppressed in any
/// source is an interval, never a guess: it stays suppressed, with its
/// bounds in `bounds.csv`. The result is protected again from scratch.
pub fn merge(
    sources: &[Package],
    cb: &veerkracht_core::Codebook,
    meta: Meta,
) -> Result<Package, MergeError> {
    let first = sources.first().ok_or(MergeError::Nothing)?;
    let mut seen = std::collections::HashSet::new();
    for p in sources {
        if p.period != first.period {
            return Err(MergeError::Mismatch(format!(
                "periods differ: {} and {}",
                first.period, p.period
            )));
        }
        if p.codebook != first.codebook || p.codebook != cb.version {
            return Err(MergeError::Mismatch(format!(
                "codebook versions differ: {} and {}",
                first.codebook, p.codebook
            )));
        }
        for id in std::iter::once(&p.id).chain(&p.sources) {
            if !seen.insert(*id) {
                return Err(MergeError::Duplicate(*id));
            }
        }
    }
    let th = Thresholds {
        k: sources
            .iter()
            .map(|p| p.thresholds.k)
            .max()
            .unwrap_or(5)
            .max(meta.thresholds.k),
        k_high: sources
            .iter()
            .map(|p| p.thresholds.k_high)
            .max()
            .unwrap_or(10)
            .max(meta.thresholds.k_high),
    };
    let mut sk = skeleton(cb, first.period);
    let mut lo = vec![(0u64, 0u64); sk.cells.len()];
    let mut hi = vec![(0u64, 0u64); sk.cells.len()];
    let mut exact = vec![true; sk.cells.len()];
    for p in sources {
        let cells = cells_of(p, &sk).map_err(|e| {
            MergeError::Unreadable(e.iter().map(|x| x.0.clone()).collect::<Vec<_>>().join("; "))
        })?;
        let total = cells[sk.signals.last().expect("total row").cell];
        let (tf, te) = (
            total.families.unwrap_or(u64::MAX / 4),
            total.encounters.unwrap_or(u64::MAX / 4),
        );
        for (i, c) in cells.iter().enumerate() {
            let key = &sk.cells[i].key;
            let (fl, fh, el, eh) = match (c.families, c.encounters) {
                (Some(f), Some(e)) => (f, f, e, e),
                _ => {
                    exact[i] = false;
                    if let Some(b) = p.bounds.get(key) {
                        (b.families.0, b.families.1, b.encounters.0, b.encounters.1)
                    } else if c.status == Status::SuppressedPrimary {
                        (
                            1,
                            (p.thresholds.for_cell(sk.cells[i].high) - 1).min(tf),
                            1,
                            te,
                        )
                    } else {
                        (0, tf, 0, te)
                    }
                }
            };
            lo[i].0 += fl;
            hi[i].0 += fh;
            lo[i].1 += el;
            hi[i].1 += eh;
        }
    }
    for (i, c) in sk.cells.iter_mut().enumerate() {
        c.families = lo[i].0;
        c.encounters = lo[i].1;
    }
    let mut status = crate::disclosure::primary(&sk, th);
    for (i, s) in status.iter_mut().enumerate() {
        if !exact[i] {
            let k = th.for_cell(sk.cells[i].high);
            *s = if lo[i].0 < k {
                Status::SuppressedPrimary
            } else {
                Status::SuppressedSecondary
            };
        }
    }
    let prot = crate::disclosure::protect_from(&sk, th, &[], status);
    let mut merged = build(
        &sk,
        &prot,
        Meta {
            thresholds: th,
            ..meta
        },
    );
    merged.sources = sources.iter().map(|p| p.id).collect();
    let total_cell = sk.signals.last().expect("total row").cell;
    let (tf, te) = (hi[total_cell].0, hi[total_cell].1);
    for (i, c) in sk.cells.iter().enumerate() {
        if !prot.status[i].is_suppressed() {
            continue;
        }
        // Exact values hidden here must not leak through their bounds.
        let b = if exact[i] {
            if prot.status[i] == Status::SuppressedPrimary {
                Bounds {
                    families: (1, th.for_cell(c.high) - 1),
                    encounters: (1, te),
                }
            } else {
                Bounds {
                    families: (0, tf),
                    encounters: (0, te),
                }
            }
        } else {
            Bounds {
                families: (lo[i].0, hi[i].0.min(tf)),
                encounters: (lo[i].1, hi[i].1.min(te)),
            }
        };
        merged.bounds.insert(c.key.clone(), b);
    }
    Ok(merged)
}

/// What the ledger keeps of a package made from `agg`.
pub fn release(agg: &Aggregate, prot: &Protection) -> crate::disclosure::Release {
    crate::disclosure::Release {
        period: agg.period,
        cells: agg
            .cells
            .iter()
            .zip(&prot.status)
            .map(|(c, s)| (c.key.clone(), (*s, c.families, c.encounters)))
            .collect(),
    }
}

/// A package ready to write, with what decided its cells.
pub struct Prepared {
    pub aggregate: Aggregate,
    pub protection: Protection,
    pub package: Package,
}

/// The whole export decision for one period: aggregate, look at the year's
/// other periods and the ledger, protect, build. Pure; the caller records
/// the release and writes the files.
pub fn prepare(
    all: &[veerkracht_core::Encounter],
    cb: &veerkracht_core::Codebook,
    period: Period,
    history: &[crate::disclosure::Release],
    meta: Meta,
) -> Prepared {
    let year = Period::Year(period.year());
    let in_year: Vec<&veerkracht_core::Encounter> =
        all.iter().filter(|e| year.contains(e.date)).collect();
    let plan = crate::aggregate::plan();
    let (flat, ends) = veerkracht_core::rows::encode_all(plan.rows(), &in_year);
    let mut start = 0;
    let items: Vec<(&veerkracht_core::Encounter, &[u16])> = in_year
        .iter()
        .zip(ends)
        .map(|(e, end)| {
            let rows = &flat[start..end];
            start = end;
            (*e, rows)
        })
        .collect();
    prepare_encoded(plan, &items, cb, period, history, meta)
}

/// Like [`prepare`], over a caseload's encounters and the rows it keeps.
pub fn prepare_caseload(
    caseload: &veerkracht_core::caseload::Caseload,
    cb: &veerkracht_core::Codebook,
    period: Period,
    history: &[crate::disclosure::Release],
    meta: Meta,
) -> Prepared {
    let year = Period::Year(period.year());
    let items: Vec<(&veerkracht_core::Encounter, &[u16])> = caseload
        .encoded()
        .into_iter()
        .filter(|(e, _)| year.contains(e.date))
        .collect();
    prepare_encoded(crate::aggregate::plan(), &items, cb, period, history, meta)
}

fn prepare_encoded(
    plan: &crate::aggregate::Plan,
    in_year: &[(&veerkracht_core::Encounter, &[u16])],
    cb: &veerkracht_core::Codebook,
    period: Period,
    history: &[crate::disclosure::Release],
    meta: Meta,
) -> Prepared {
    use crate::aggregate::aggregate_encoded;
    let aggregate = aggregate_encoded(plan, cb, period, in_year);
    let th = meta.thresholds;
    // Other periods of the year are aggregated only if a publication would
    // make one of them computable (never on a first export).
    let context = crate::disclosure::YearContext::lazy(|p| {
        crate::disclosure::small_keys(&aggregate_encoded(plan, cb, p, in_year), th)
    });
    let protection = crate::disclosure::protect_in(&aggregate, meta.thresholds, history, &context);
    let package = build(&aggregate, &protection, meta);
    Prepared {
        aggregate,
        protection,
        package,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aggregate::aggregate;
    use crate::disclosure::protect;
    use chrono::NaiveDate;
    use veerkracht_core::demo::{generate, DemoSpec};
    use veerkracht_core::{Codebook, Encounter};

    fn caseload(seed: u64, families: usize, encounters: usize) -> Vec<Encounter> {
        generate(
            Codebook::embedded(),
            &DemoSpec {
                families,
                encounters,
                seed,
                until: NaiveDate::from_ymd_opt(2026, 6, 30).unwrap(),
                days: 181,
            },
        )
    }

    fn meta() -> Meta {
        Meta {
            id: Uuid::new_v4(),
            created: "2026-07-01T09:00:00Z".into(),
            generator: "test".into(),
            thresholds: Thresholds::default(),
        }
    }

    fn package_of(all: &[Encounter], period: &str) -> (Package, BTreeMap<String, Vec<u8>>) {
        let cb = Codebook::embedded();
        let agg = aggregate(all, cb, period.parse().unwrap());
        let prot = protect(&agg, Thresholds::default(), &[]);
        let p = build(&agg, &prot, meta());
        let files = files_map(&p);
        (p, files)
    }

    #[test]
    fn a_package_reads_back_as_written_and_verifies() {
        let cb = Codebook::embedded();
        let (p, files) = package_of(&caseload(1, 90, 600), "2026-Q1");
        let back = read(&files).unwrap();
        assert_eq!(back, p);
        assert_eq!(verify(&back, &files, cb), vec![]);
        let text = String::from_utf8(files[SIGNALS_CSV].clone()).unwrap();
        assert!(text.starts_with("period,dimension,code,qualifier,families,encounters,status\r\n"));
    }

    #[test]
    fn tampering_and_unsafe_packages_are_caught() {
        let cb = Codebook::embedded();
        let (p, mut files) = package_of(&caseload(2, 90, 600), "2026-Q1");
        // Changing a file after the fact breaks its hash.
        let mut csv = String::from_utf8(files[SIGNALS_CSV].clone()).unwrap();
        csv = csv.replacen(
            "2026-Q1,setting,home_visit,,",
            "2026-Q1,setting,home_visit,,9",
            1,
        );
        files.insert(SIGNALS_CSV.into(), csv.into_bytes());
        assert!(read(&files).unwrap_err().0.contains("hash mismatch"));
        // A package whose maker published a small cell fails the rules.
        let mut unsafe_p = p.clone();
        let row = unsafe_p
            .signals
            .iter_mut()
            .find(|s| {
                let in_crosstabs = [
                    "themes_effective",
                    "housing_situation",
                    "needs",
                    "limits",
                    "setting",
                    "urgency",
                ];
                !in_crosstabs.contains(&s.dimension.as_str())
                    && s.counts.status == Status::SuppressedPrimary
            })
            .expect("a small cell outside the crosstabs");
        row.counts = Counts {
            families: Some(2),
            encounters: Some(3),
            status: Status::Published,
        };
        let files = files_map(&unsafe_p);
        let problems = verify(&read(&files).unwrap(), &files, cb);
        assert!(
            problems.iter().any(|x| x.0.contains("below k")),
            "{problems:?}"
        );
    }

    /// The data files and the descriptor (the report is another crate's).
    fn files_map(p: &Package) -> BTreeMap<String, Vec<u8>> {
        let mut out = vec![
            (SIGNALS_CSV, signals_csv(p).into_bytes()),
            (CROSSTABS_CSV, crosstabs_csv(p).into_bytes()),
        ];
        if !p.bounds.is_empty() {
            out.push((BOUNDS_CSV, bounds_csv(p).into_bytes()));
        }
        let refs: Vec<(&str, &[u8])> = out.iter().map(|(n, b)| (*n, b.as_slice())).collect();
        let descriptor = datapackage_json(p, &refs);
        out.push((DATAPACKAGE, descriptor.into_bytes()));
        out.into_iter().map(|(n, b)| (n.to_string(), b)).collect()
    }

    #[test]
    fn merging_three_workers_equals_the_union_where_nothing_was_suppressed() {
        let cb = Codebook::embedded();
        let (a, b, c) = (
            caseload(11, 150, 900),
            caseload(12, 120, 800),
            caseload(13, 100, 700),
        );
        let packages: Vec<Package> = [&a, &b, &c]
            .iter()
            .map(|d| package_of(d, "2026-Q1").0)
            .collect();
        let merged = merge(&packages, cb, meta()).unwrap();
        let union: Vec<Encounter> = a.iter().chain(&b).chain(&c).cloned().collect();
        let (whole, _) = package_of(&union, "2026-Q1");
        let mut compared = 0;
        for (i, row) in merged.signals.iter().enumerate() {
            let all_published = packages
                .iter()
                .all(|p| p.signals[i].counts.status == Status::Published);
            if all_published && row.counts.status == Status::Published {
                assert_eq!(
                    row.counts, whole.signals[i].counts,
                    "{}/{}/{}",
                    row.dimension, row.code, row.qualifier
                );
                compared += 1;
            }
            if !all_published {
                assert!(
                    row.counts.status.is_suppressed(),
                    "a cell unknown in a source is never guessed"
                );
                assert!(merged.bounds.contains_key(&crate::aggregate::signal_key(
                    &row.dimension,
                    &row.code,
                    &row.qualifier
                )));
            }
        }
        assert!(
            compared > 50,
            "the comparison covers many cells ({compared})"
        );
        let files = files_map(&merged);
        assert_eq!(
            verify(&read(&files).unwrap(), &files, cb),
            vec![],
            "the merge obeys every rule"
        );
        assert_eq!(merged.sources.len(), 3);
    }

    #[test]
    fn merge_refuses_duplicates_and_mismatches() {
        let cb = Codebook::embedded();
        let (p, _) = package_of(&caseload(5, 50, 300), "2026-Q1");
        assert!(matches!(
            merge(&[p.clone(), p.clone()], cb, meta()),
            Err(MergeError::Duplicate(_))
        ));
        let (q, _) = package_of(&caseload(6, 50, 300), "2026-Q2");
        assert!(matches!(
            merge(&[p.clone(), q], cb, meta()),
            Err(MergeError::Mismatch(_))
        ));
        let merged = merge(std::slice::from_ref(&p), cb, meta()).unwrap();
        assert!(
            matches!(
                merge(&[merged, p], cb, meta()),
                Err(MergeError::Duplicate(_))
            ),
            "a source merged twice"
        );
    }

    #[test]
    fn no_record_level_data_in_any_file() {
        let mut all = caseload(7, 80, 500);
        for (i, e) in all.iter_mut().enumerate() {
            e.note = Some(format!("Unieke-notitie-{i} Zebrapaard"));
        }
        let (_, files) = package_of(&all, "2026");
        let blob: Vec<u8> = files.values().flatten().copied().collect();
        let text = String::from_utf8_lossy(&blob);
        for e in &all {
            assert!(
                !text.contains(e.family.as_str()),
                "pseudonym {} leaked",
                e.family
            );
            assert!(!text.contains(&e.id.to_string()));
        }
        assert!(!text.contains("Zebrapaard"), "no note text");
    }
}
