//! Import of exchange-format JSON Lines: all or nothing, every line checked
//! before anything is stored, every note scanned for identifiers like a
//! note typed in the app.
//!
//! A file is read twice, streaming (check every line, then seal and store),
//! so a million lines never sit in memory as encounters; standard input can
//! only be read once and is kept.
//!
//! A line without an id gets one derived from its content (and its
//! occurrence in the file), keyed with the vault's own key: importing the
//! same file twice is then caught as "already in the vault" instead of
//! silently doubling every encounter.

use crate::error::{Error, LineError, LineFinding, Result};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};
use uuid::Uuid;
use veerkracht_core::audit::Action;
use veerkracht_core::{exchange, scan, Codebook, Encounter, FieldError, Rule};
use veerkracht_store::{ImportReport, Vault};

/// The most line errors kept for the report; the count of the rest follows.
pub const MAX_REPORTED: usize = 200;

/// Where import lines come from.
pub enum Source {
    File(PathBuf),
    Bytes(Vec<u8>),
}

impl Source {
    /// A file path, or `-` for standard input (read whole, once).
    pub fn open(path: &Path) -> Result<Source> {
        if path.as_os_str() == "-" {
            let mut b = Vec::new();
            std::io::stdin()
                .read_to_end(&mut b)
                .map_err(|source| Error::ReadFile {
                    path: path.to_path_buf(),
                    source,
                })?;
            return Ok(Source::Bytes(b));
        }
        // Fail on a missing or unreadable file before anything else.
        std::fs::File::open(path).map_err(|source| Error::ReadFile {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(Source::File(path.to_path_buf()))
    }

    /// Calls `f(line number, line)` for every non-blank line (a BOM and a
    /// CR stripped); `None` for a line that is not UTF-8.
    fn each_line(&self, mut f: impl FnMut(usize, Option<&str>) -> Result<()>) -> Result<()> {
        let mut one = |i: usize, raw: &[u8]| -> Result<()> {
            let raw = raw.strip_suffix(b"\n").unwrap_or(raw);
            let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
            match std::str::from_utf8(raw) {
                Ok(line) => {
                    let line = line.strip_prefix('\u{feff}').unwrap_or(line);
                    if line.trim().is_empty() {
                        return Ok(());
                    }
                    f(i + 1, Some(line))
                }
                Err(_) => f(i + 1, None),
            }
        };
        match self {
            Source::Bytes(bytes) => {
                for (i, raw) in bytes.split(|&b| b == b'\n').enumerate() {
                    one(i, raw)?;
                }
            }
            Source::File(path) => {
                let read_error = |source| Error::ReadFile {
                    path: path.clone(),
                    source,
                };
                let file = std::fs::File::open(path).map_err(read_error)?;
                let mut reader = std::io::BufReader::with_capacity(1 << 20, file);
                let mut buf = Vec::new();
                for i in 0.. {
                    buf.clear();
                    let n = reader.read_until(b'\n', &mut buf).map_err(read_error)?;
                    if n == 0 {
                        break;
                    }
                    one(i, &buf)?;
                }
            }
        }
        Ok(())
    }
}

/// How an import treats possible identifiers in notes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Findings {
    /// Refuse the import and list them (the default).
    Refuse,
    /// The person importing confirmed they identify nobody: import, and
    /// audit each by its kind (never its text), like a save in the app.
    Accept,
}

/// Parses a line; an encounter without an id gets its content id.
fn parse(
    vault: &Vault,
    line: &str,
    cb: &Codebook,
    today: NaiveDate,
    seen_content: &mut HashMap<Uuid, u32>,
) -> std::result::Result<Encounter, Vec<FieldError>> {
    let mut e = exchange::parse_line(line, cb, today, Uuid::nil)?;
    if e.id.is_nil() {
        let canonical = exchange::to_line(&e, cb);
        let base = vault.content_id(canonical.as_bytes(), 0);
        // Identical lines in one file are distinct encounters.
        let n = seen_content.entry(base).or_insert(0);
        e.id = if *n == 0 {
            base
        } else {
            vault.content_id(canonical.as_bytes(), *n)
        };
        *n += 1;
    }
    Ok(e)
}

/// Imports every line of `source` into `vault`, all or nothing. Ids already
/// in the vault are refused unless `replace`. Returns what was stored.
pub fn import(
    vault: &Vault,
    source: &Source,
    replace: bool,
    findings: Findings,
    today: NaiveDate,
) -> Result<ImportReport> {
    let cb = Codebook::embedded();
    let mut errors: Vec<LineError> = Vec::new();
    let mut total_errors = 0usize;
    let mut bad_lines = std::collections::BTreeSet::new();
    let mut found: Vec<LineFinding> = Vec::new();
    let mut first_line_of: HashMap<Uuid, usize> = HashMap::new();
    let mut seen_content = HashMap::new();
    let mut push = |errors: &mut Vec<LineError>, line: usize, error: FieldError| {
        total_errors += 1;
        bad_lines.insert(line);
        if errors.len() < MAX_REPORTED {
            errors.push(LineError { line, error });
        }
    };
    // First pass: every line parsed, checked and scanned; nothing kept but ids.
    source.each_line(|n, line| {
        let Some(line) = line else {
            push(&mut errors, n, FieldError::new("line", Rule::NotUtf8));
            return Ok(());
        };
        match parse(vault, line, cb, today, &mut seen_content) {
            Ok(e) => {
                if let Some(&earlier) = first_line_of.get(&e.id) {
                    push(
                        &mut errors,
                        n,
                        FieldError::new(
                            "id",
                            Rule::DuplicateIdInFile {
                                id: e.id.to_string(),
                                line: earlier,
                            },
                        ),
                    );
                    return Ok(());
                }
                if !replace && vault.contains(&e.id)? {
                    push(
                        &mut errors,
                        n,
                        FieldError::new(
                            "id",
                            Rule::DuplicateId {
                                id: e.id.to_string(),
                            },
                        ),
                    );
                }
                first_line_of.insert(e.id, n);
                if let Some(note) = &e.note {
                    found.extend(
                        scan::scan(note)
                            .into_iter()
                            .map(|finding| LineFinding { line: n, finding }),
                    );
                }
            }
            Err(errs) => {
                for f in errs {
                    push(&mut errors, n, f);
                }
            }
        }
        Ok(())
    })?;
    if total_errors > 0 {
        return Err(Error::ImportRejected {
            errors,
            total: total_errors,
            lines: bad_lines.len(),
        });
    }
    if !found.is_empty() && findings == Findings::Refuse {
        return Err(Error::ImportFindings { findings: found });
    }
    let audit: Vec<(Action, u64, String)> = {
        let mut by_kind: std::collections::BTreeMap<&'static str, u64> = Default::default();
        for f in &found {
            *by_kind.entry(f.finding.kind.id()).or_default() += 1;
        }
        by_kind
            .into_iter()
            .map(|(kind, n)| (Action::ConfirmedNotIdentifying, n, kind.to_string()))
            .collect()
    };
    drop(first_line_of);
    // Second pass: the same lines again, each sealed as it is parsed, then
    // stored in one atomic batch with the audit entries.
    let mut seen_content = HashMap::new();
    // Chunk size: the store's, unless a test asks for many small chunks
    // (the power-cut harness cuts between them).
    let chunk = std::env::var("VEERKRACHT_IMPORT_CHUNK")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(veerkracht_store::IMPORT_CHUNK);
    let mut batch = vault.begin_import_in_chunks(replace, chunk);
    source.each_line(|n, line| {
        let e = line
            .ok_or(())
            .and_then(|l| parse(vault, l, cb, today, &mut seen_content).map_err(|_| ()))
            .map_err(|()| Error::ImportFileChanged { line: n })?;
        batch.add(&e)?;
        Ok(())
    })?;
    Ok(batch.commit_with_audit(&audit)?)
}
