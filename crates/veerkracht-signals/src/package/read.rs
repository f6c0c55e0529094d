//! Reading a package back from its files (name → bytes), formats 1 and 2.
//! Every file's hash is checked against the descriptor; the descriptor's
//! own integrity is checked by `verify` (it recomputes the fingerprint and
//! every rule from the figures).

use super::*;
use serde_json::Value;

/// Why a package could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("{file} is missing")]
    Missing { file: String },
    #[error("{file} is not valid JSON at line {line}, character {column}: {problem:?}")]
    Json {
        file: String,
        problem: veerkracht_core::JsonProblem,
        line: usize,
        column: usize,
    },
    #[error("{DATAPACKAGE} is not a Veerkracht package descriptor")]
    NotVeerkracht,
    #[error("{DATAPACKAGE}: veerkracht.{field} is missing or invalid")]
    Field { field: String },
    #[error("thresholds k = {k}, k_high = {k_high} are below the minimum")]
    ThresholdsTooLow { k: u64, k_high: u64 },
    #[error("the package has format {found}; this version reads formats 1 and 2")]
    UnknownFormat { found: u64 },
    #[error("{file} was changed after the package was made (its hash does not match)")]
    HashMismatch { file: String },
    #[error("{file}: the columns must be exactly {expected}")]
    Columns { file: String, expected: String },
    #[error("{file} line {line}: {problem:?}")]
    Csv {
        file: String,
        line: usize,
        problem: CsvProblem,
    },
    #[error("{file} line {line}: {value:?} is not a count")]
    Count {
        file: String,
        line: usize,
        value: String,
    },
    #[error("{file} line {line}: unknown status {value:?}")]
    Status {
        file: String,
        line: usize,
        value: String,
    },
    #[error("{file} line {line}: the counts do not match the status")]
    StatusCounts { file: String, line: usize },
    #[error("{file} line {line}: period {found} is not the package's {expected}")]
    Period {
        file: String,
        line: usize,
        found: String,
        expected: String,
    },
}

/// What makes a CSV row unreadable, in kinds a message can name in every
/// language (the CSV reader's own sentence is English).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvProblem {
    NotUtf8,
    /// A row with another number of fields than the header.
    FieldCount {
        found: u64,
        expected: u64,
    },
    Other,
}

impl CsvProblem {
    fn of(e: &csv::Error) -> CsvProblem {
        match e.kind() {
            csv::ErrorKind::Utf8 { .. } => CsvProblem::NotUtf8,
            csv::ErrorKind::UnequalLengths {
                expected_len, len, ..
            } => CsvProblem::FieldCount {
                found: *len,
                expected: *expected_len,
            },
            _ => CsvProblem::Other,
        }
    }
}

/// A JSON file that does not parse: the kind of problem, its line and the
/// character in that line (serde_json counts bytes).
fn json_error(file: &str, text: &[u8], e: &serde_json::Error) -> ReadError {
    let message = e.to_string();
    let message = message.split(" at line ").next().unwrap_or(&message);
    let eof = e.classify() == serde_json::error::Category::Eof;
    let line_text = text
        .split(|&b| b == b'\n')
        .nth(e.line().saturating_sub(1))
        .unwrap_or_default();
    let upto = &line_text[..e.column().min(line_text.len())];
    ReadError::Json {
        file: file.into(),
        problem: veerkracht_core::JsonProblem::from_message(message, eof),
        line: e.line(),
        column: String::from_utf8_lossy(upto).chars().count().max(1),
    }
}

fn missing(file: &str) -> ReadError {
    ReadError::Missing { file: file.into() }
}

fn status_of(format: u8, s: &str, file: &str, line: usize) -> Result<Status, ReadError> {
    match (format, s) {
        (_, "published") => Ok(Status::Published),
        (2, "suppressed") => Ok(Status::SuppressedSecondary),
        (1, "suppressed_primary") => Ok(Status::SuppressedPrimary),
        (1, "suppressed_secondary") => Ok(Status::SuppressedSecondary),
        _ => Err(ReadError::Status {
            file: file.into(),
            line,
            value: s.chars().take(40).collect(),
        }),
    }
}

fn counts(
    format: u8,
    f: &str,
    e: &str,
    s: &str,
    file: &str,
    line: usize,
) -> Result<Counts, ReadError> {
    let status = status_of(format, s, file, line)?;
    let num = |t: &str| -> Result<Option<u64>, ReadError> {
        if t.is_empty() {
            Ok(None)
        } else {
            t.parse::<u64>().map(Some).map_err(|_| ReadError::Count {
                file: file.into(),
                line,
                value: t.chars().take(40).collect(),
            })
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
        return Err(ReadError::StatusCounts {
            file: file.into(),
            line,
        });
    }
    Ok(c)
}

/// Whether two CSV texts hold the same rows, cell for cell, whatever their
/// line ends, quoting or byte order mark.
pub fn same_csv(a: &[u8], b: &[u8]) -> bool {
    let records = |text: &[u8]| -> Option<Vec<csv::StringRecord>> {
        let text = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(text);
        csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text)
            .records()
            .collect::<Result<_, _>>()
            .ok()
    };
    matches!((records(a), records(b)), (Some(x), Some(y)) if x == y)
}

/// The rows of a CSV with exactly `header`, as (line number, cells).
pub(crate) fn rows(
    text: &[u8],
    header: &[&str],
    file: &str,
) -> Result<Vec<(usize, Vec<String>)>, ReadError> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(text);
    let csv_error = |line: usize, e: csv::Error| ReadError::Csv {
        file: file.into(),
        line,
        problem: CsvProblem::of(&e),
    };
    let h = r.headers().map_err(|e| csv_error(1, e))?;
    if h.iter().collect::<Vec<_>>() != header {
        return Err(ReadError::Columns {
            file: file.into(),
            expected: header.join(","),
        });
    }
    let mut out = Vec::new();
    for (i, rec) in r.records().enumerate() {
        let rec = rec.map_err(|e| csv_error(i + 2, e))?;
        out.push((i + 2, rec.iter().map(str::to_string).collect()));
    }
    Ok(out)
}

/// Reads a package from its files, checking every listed file's hash.
pub fn read(files: &BTreeMap<String, Vec<u8>>) -> Result<Package, ReadError> {
    let get = |n: &str| files.get(n).ok_or_else(|| missing(n));
    let text = get(DATAPACKAGE)?;
    let desc: Value =
        serde_json::from_slice(text).map_err(|e| json_error(DATAPACKAGE, text, &e))?;
    let v = desc.get("veerkracht").ok_or(ReadError::NotVeerkracht)?;
    let field = |f: &str| ReadError::Field { field: f.into() };
    let text = |k: &str| {
        v.get(k)
            .and_then(Value::as_str)
            .map(str::to_string)
            .ok_or_else(|| field(k))
    };
    let format = match v.get("format") {
        None => 1,
        Some(f) => match f.as_u64() {
            Some(n @ (1 | 2)) => n as u8,
            Some(n) => return Err(ReadError::UnknownFormat { found: n }),
            None => return Err(field("format")),
        },
    };
    let id = Uuid::parse_str(&text("package_id")?).map_err(|_| field("package_id"))?;
    let period: Period = text("period")?.parse().map_err(|_| field("period"))?;
    let th = v.get("thresholds").ok_or_else(|| field("thresholds"))?;
    let k = th
        .get("k")
        .and_then(Value::as_u64)
        .ok_or_else(|| field("thresholds.k"))?;
    let k_high = th
        .get("k_high")
        .and_then(Value::as_u64)
        .ok_or_else(|| field("thresholds.k_high"))?;
    // Below the contract's minimum: said so, with the minimum.
    if k < Thresholds::MIN_K || k_high < Thresholds::MIN_K_HIGH {
        return Err(ReadError::ThresholdsTooLow { k, k_high });
    }
    let thresholds = Thresholds::new(Some(k), Some(k_high)).map_err(|_| field("thresholds"))?;
    let hashes = v
        .get("files")
        .and_then(Value::as_object)
        .ok_or_else(|| field("files"))?;
    for (name, h) in hashes {
        let bytes = get(name)?;
        if Some(sha256(bytes).as_str()) != h.as_str() {
            return Err(ReadError::HashMismatch { file: name.clone() });
        }
    }
    let period_ok = |found: &str, file: &str, line: usize| {
        if found.parse::<Period>() == Ok(period) {
            Ok(())
        } else {
            Err(ReadError::Period {
                file: file.into(),
                line,
                found: found.chars().take(20).collect(),
                expected: period.code(),
            })
        }
    };
    let mut signals = Vec::new();
    for (line, r) in rows(get(SIGNALS_CSV)?, &SIGNALS_HEADER, SIGNALS_CSV)? {
        period_ok(&r[0], SIGNALS_CSV, line)?;
        signals.push(SignalLine {
            dimension: r[1].clone(),
            code: r[2].clone(),
            qualifier: r[3].clone(),
            counts: counts(format, &r[4], &r[5], &r[6], SIGNALS_CSV, line)?,
        });
    }
    let mut crosstabs = Vec::new();
    for (line, r) in rows(get(CROSSTABS_CSV)?, &CROSSTABS_HEADER, CROSSTABS_CSV)? {
        period_ok(&r[0], CROSSTABS_CSV, line)?;
        crosstabs.push(CrossLine {
            row_dimension: r[1].clone(),
            row_code: r[2].clone(),
            col_dimension: r[3].clone(),
            col_code: r[4].clone(),
            counts: counts(format, &r[5], &r[6], &r[7], CROSSTABS_CSV, line)?,
        });
    }
    let cb = veerkracht_core::Codebook::embedded();
    let mut bounds = BTreeMap::new();
    if let Some(b) = files.get(BOUNDS_CSV) {
        if format == 1 {
            read_bounds_v1(b, &mut bounds)?;
        } else {
            for (line, r) in rows(b, &BOUNDS_HEADER, BOUNDS_CSV)? {
                period_ok(&r[1], BOUNDS_CSV, line)?;
                let n = |t: &str| {
                    t.parse::<u64>().map_err(|_| ReadError::Count {
                        file: BOUNDS_CSV.into(),
                        line,
                        value: t.chars().take(40).collect(),
                    })
                };
                let key = if r[0] == "signals" {
                    crate::aggregate::signal_key(&r[2], &r[3], &r[4])
                } else {
                    cross_row_key(
                        cb,
                        &CrossLine {
                            row_dimension: r[5].clone(),
                            row_code: r[6].clone(),
                            col_dimension: r[7].clone(),
                            col_code: r[8].clone(),
                            counts: Counts {
                                families: None,
                                encounters: None,
                                status: Status::SuppressedSecondary,
                            },
                        },
                    )
                };
                let b = Bounds {
                    families: (n(&r[9])?, n(&r[10])?),
                    encounters: (n(&r[11])?, n(&r[12])?),
                };
                // A crosstab margin is a signals cell: its bounds are on two
                // rows. Both hold, so the cell lies in both: a row narrowed
                // on one of them then shows (as exact or impossible bounds)
                // instead of being overwritten by the other.
                let both = |a: (u64, u64), b: (u64, u64)| (a.0.max(b.0), a.1.min(b.1));
                bounds
                    .entry(key)
                    .and_modify(|old: &mut Bounds| {
                        old.families = both(old.families, b.families);
                        old.encounters = both(old.encounters, b.encounters);
                    })
                    .or_insert(b);
            }
        }
    }
    let sources = match v.get("sources").and_then(Value::as_array) {
        None => Vec::new(),
        Some(list) => list
            .iter()
            .map(|s| match s {
                // Format 1 listed package ids only.
                Value::String(id) => Ok(SourceRef {
                    id: Uuid::parse_str(id).map_err(|_| field("sources"))?,
                    source: String::new(),
                    fingerprint: String::new(),
                    period,
                    created: String::new(),
                }),
                Value::Object(o) => {
                    let t = |k: &str| {
                        o.get(k)
                            .and_then(Value::as_str)
                            .map(str::to_string)
                            .ok_or_else(|| field("sources"))
                    };
                    Ok(SourceRef {
                        id: Uuid::parse_str(&t("package_id")?).map_err(|_| field("sources"))?,
                        source: t("source_id")?,
                        fingerprint: t("fingerprint")?,
                        period: t("period")?.parse().map_err(|_| field("sources"))?,
                        created: t("created")?,
                    })
                }
                _ => Err(field("sources")),
            })
            .collect::<Result<Vec<_>, _>>()?,
    };
    let demo_encounters = v
        .get("demo_encounters")
        .and_then(Value::as_u64)
        .unwrap_or(0);
    let mut p = Package {
        id,
        format,
        period,
        codebook: text("codebook")?,
        thresholds,
        created: desc
            .get("created")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        generator: text("generator")?,
        source: v
            .get("source_id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        fingerprint: v
            .get("fingerprint")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        signals,
        crosstabs,
        sources,
        bounds,
        demo_encounters,
        demo: match v.get("demo") {
            Some(flag) => flag.as_bool().unwrap_or(false),
            None => demo_encounters > 0,
        },
        listed: hashes.keys().cloned().collect(),
        language: v
            .get("language")
            .and_then(Value::as_str)
            .and_then(|l| l.parse().ok())
            .unwrap_or_default(),
    };
    if p.format == 1 {
        // Format 1 had no fingerprint: the content's own stands in.
        p.fingerprint = fingerprint(&p);
    }
    Ok(p)
}

/// Format 1's bounds: `key,families_min,families_max,encounters_min,encounters_max,status`.
fn read_bounds_v1(b: &[u8], out: &mut BTreeMap<String, Bounds>) -> Result<(), ReadError> {
    let header = [
        "key",
        "families_min",
        "families_max",
        "encounters_min",
        "encounters_max",
        "status",
    ];
    for (line, r) in rows(b, &header, BOUNDS_CSV)? {
        let n = |t: &str| {
            t.parse::<u64>().map_err(|_| ReadError::Count {
                file: BOUNDS_CSV.into(),
                line,
                value: t.chars().take(40).collect(),
            })
        };
        out.insert(
            r[0].clone(),
            Bounds {
                families: (n(&r[1])?, n(&r[2])?),
                encounters: (n(&r[3])?, n(&r[4])?),
            },
        );
    }
    Ok(())
}
