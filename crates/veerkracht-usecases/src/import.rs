//! Import of exchange-format JSON Lines: all or nothing, every line checked
//! before it is stored (and nothing stored once a line fails), every note
//! scanned for identifiers like a note typed in the app.
//!
//! A file is read once, streaming, a block of lines at a time (see
//! [`import`]), so a million lines never sit in memory as encounters;
//! standard input is read whole first.
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
use veerkracht_core::exchange::LINE_MAX_BYTES;
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
    /// CR stripped); the rule it breaks for a line that is not UTF-8 or is
    /// longer than [`LINE_MAX_BYTES`] (of which no more is read).
    fn each_line(
        &self,
        mut f: impl FnMut(usize, std::result::Result<&str, Rule>) -> Result<()>,
    ) -> Result<()> {
        let too_long = Rule::LineTooLong {
            max_bytes: LINE_MAX_BYTES,
        };
        // `None`: a line too long to keep (the file's reader skipped it).
        let mut one = |i: usize, raw: Option<&[u8]>| -> Result<()> {
            let Some(raw) = raw else {
                return f(i + 1, Err(too_long.clone()));
            };
            let raw = raw.strip_suffix(b"\n").unwrap_or(raw);
            let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
            match std::str::from_utf8(raw) {
                Ok(line) => {
                    let line = line.strip_prefix('\u{feff}').unwrap_or(line);
                    if line.trim().is_empty() {
                        return Ok(());
                    }
                    if line.len() > LINE_MAX_BYTES {
                        return f(i + 1, Err(too_long.clone()));
                    }
                    f(i + 1, Ok(line))
                }
                Err(_) => f(i + 1, Err(Rule::NotUtf8)),
            }
        };
        match self {
            Source::Bytes(bytes) => {
                for (i, raw) in bytes.split(|&b| b == b'\n').enumerate() {
                    one(i, Some(raw))?;
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
                // Room for the longest line, a BOM, CR, LF and one byte more.
                let cap = LINE_MAX_BYTES as u64 + 6;
                for i in 0.. {
                    buf.clear();
                    let n = (&mut reader)
                        .take(cap)
                        .read_until(b'\n', &mut buf)
                        .map_err(read_error)?;
                    if n == 0 {
                        break;
                    }
                    if n as u64 == cap && !buf.ends_with(b"\n") {
                        // Too long: skip to its end without keeping it.
                        loop {
                            let chunk = reader.fill_buf().map_err(read_error)?;
                            if chunk.is_empty() {
                                break;
                            }
                            match chunk.iter().position(|&b| b == b'\n') {
                                Some(at) => {
                                    reader.consume(at + 1);
                                    break;
                                }
                                None => {
                                    let all = chunk.len();
                                    reader.consume(all);
                                }
                            }
                        }
                        one(i, None)?;
                        continue;
                    }
                    one(i, Some(&buf))?;
                }
            }
        }
        Ok(())
    }
}

/// Lines handed to the cores at a time: enough to keep them busy; a block
/// is also cut at [`BLOCK_BYTES`], so that long lines never pile up.
const BLOCK: usize = 4096;
const BLOCK_BYTES: usize = 16 << 20;

/// A line of the file: its number and its text, or the rule it breaks as a
/// whole (not UTF-8, too long).
type Line = (usize, std::result::Result<String, Rule>);

impl Source {
    /// Calls `f` with the non-blank lines, [`BLOCK`] at a time, in order.
    fn each_block(&self, mut f: impl FnMut(&[Line]) -> Result<()>) -> Result<()> {
        let mut block = Vec::with_capacity(BLOCK);
        let mut bytes = 0;
        self.each_line(|n, line| {
            bytes += line.as_ref().map_or(0, |l| l.len());
            block.push((n, line.map(str::to_string)));
            if block.len() == BLOCK || bytes >= BLOCK_BYTES {
                f(&block)?;
                block.clear();
                bytes = 0;
            }
            Ok(())
        })?;
        if !block.is_empty() {
            f(&block)?;
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

/// A line parsed, checked and scanned (`Err`: the line as a whole is bad).
type Checked =
    std::result::Result<std::result::Result<(Parsed, Vec<scan::Finding>), Vec<FieldError>>, Rule>;

/// A line read, parsed, checked, scanned and, unless the import had stopped
/// when it was read, sealed: what the writer takes.
struct Ready {
    id: Uuid,
    sealed: Option<veerkracht_store::SealedForImport>,
    findings: Vec<scan::Finding>,
}

/// A block of lines for the writer: each line's number and what became of
/// it (`Err`: the line as a whole is bad).
type ReadyBlock = Vec<(
    usize,
    std::result::Result<std::result::Result<Ready, Vec<FieldError>>, Rule>,
)>;

/// A line parsed on its own (the part of the work done on every core):
/// the encounter, and for one without an id its canonical text and the
/// content id of its first occurrence.
struct Parsed {
    encounter: Encounter,
    content: Option<(String, Uuid)>,
}

fn parse(
    vault: &Vault,
    line: &str,
    cb: &Codebook,
    today: NaiveDate,
) -> std::result::Result<Parsed, Vec<FieldError>> {
    let e = exchange::parse_line(line, cb, today, Uuid::nil)?;
    let content = e.id.is_nil().then(|| {
        let canonical = exchange::to_line(&e, cb);
        let base = vault.content_id(canonical.as_bytes(), 0);
        (canonical, base)
    });
    Ok(Parsed {
        encounter: e,
        content,
    })
}

/// The encounter of a parsed line, in file order: one without an id gets
/// its content id (identical lines in one file are distinct encounters).
fn with_id(vault: &Vault, p: Parsed, seen_content: &mut HashMap<Uuid, u32>) -> Encounter {
    let mut e = p.encounter;
    if let Some((canonical, base)) = p.content {
        let n = seen_content.entry(base).or_insert(0);
        e.id = if *n == 0 {
            base
        } else {
            vault.content_id(canonical.as_bytes(), *n)
        };
        *n += 1;
    }
    e
}

/// What an import stored, and the possible identifiers it took in because
/// the person importing confirmed they identify nobody (`Findings::Accept`),
/// in line order: a front end lists them (each is audited by its kind).
#[derive(Debug)]
pub struct Imported {
    pub report: ImportReport,
    pub accepted: Vec<LineFinding>,
}

/// Imports every line of `source` into `vault`, all or nothing. Ids already
/// in the vault are refused unless `replace`. Returns what was stored.
///
/// One pass: each block of lines is parsed, checked, scanned and sealed on
/// every core (by a reader thread, while the block before is written), then
/// written into the import's batch, but only while nothing has stopped the
/// import (sealing is no writing). From the first line error (or, unless
/// `findings` is `Accept`, the first possible identifier) nothing more is
/// written: the rest of the file is still checked so that the report is
/// complete, and dropping the batch undoes what earlier blocks wrote (see
/// `ImportBatch`: all or nothing, also across a power cut). A note with a
/// possible identifier is therefore never written, not even to be undone.
pub fn import(
    vault: &Vault,
    source: &Source,
    replace: bool,
    findings: Findings,
    today: NaiveDate,
) -> Result<Imported> {
    let cb = Codebook::embedded();
    let mut errors: Vec<LineError> = Vec::new();
    let mut total_errors = 0usize;
    let mut bad_lines = std::collections::BTreeSet::new();
    let mut found: Vec<LineFinding> = Vec::new();
    let mut first_line_of: HashMap<Uuid, usize> = HashMap::new();
    let mut push = |errors: &mut Vec<LineError>, line: usize, error: FieldError| {
        total_errors += 1;
        bad_lines.insert(line);
        if errors.len() < MAX_REPORTED {
            errors.push(LineError { line, error });
        }
    };
    // Chunk size: the store's, unless a test asks for many small chunks
    // (the power-cut harness cuts between them).
    let chunk = std::env::var("VEERKRACHT_IMPORT_CHUNK")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(veerkracht_store::IMPORT_CHUNK);
    // `None` once something stopped the import (dropping it undid it).
    let mut begun = vault.begin_import_in_chunks(replace, chunk);
    // Into an empty vault no id can be there before (the import's own are
    // in `first_line_of`): no lookup per line here (the store still looks
    // each key up, see `ImportBatch`).
    let empty_before = begun.vault_was_empty()?;
    let mut batch = Some(begun);
    // Set once nothing more will be written: the reader stops sealing.
    let stop_sealing = std::sync::atomic::AtomicBool::new(false);
    let mut take_block = |block: ReadyBlock| -> Result<()> {
        let mut sealed = Vec::with_capacity(block.len());
        for (n, ready) in block {
            let ready = match ready {
                Ok(ready) => ready,
                Err(rule) => {
                    push(&mut errors, n, FieldError::new(exchange::WHOLE_LINE, rule));
                    continue;
                }
            };
            let ready = match ready {
                Ok(ok) => ok,
                Err(errs) => {
                    for f in errs {
                        push(&mut errors, n, f);
                    }
                    continue;
                }
            };
            let id = ready.id;
            if let Some(&earlier) = first_line_of.get(&id) {
                push(
                    &mut errors,
                    n,
                    FieldError::new(
                        "id",
                        Rule::DuplicateIdInFile {
                            id: id.to_string(),
                            line: earlier,
                        },
                    ),
                );
                continue;
            }
            // An id this import wrote already is in `first_line_of`: what
            // `contains` finds here was in the vault before.
            if !replace && !empty_before && vault.contains(&id)? {
                push(
                    &mut errors,
                    n,
                    FieldError::new("id", Rule::DuplicateId { id: id.to_string() }),
                );
            }
            first_line_of.insert(id, n);
            found.extend(
                ready
                    .findings
                    .into_iter()
                    .map(|finding| LineFinding { line: n, finding }),
            );
            sealed.push(ready.sealed);
        }
        // `errors` holds the first ones whenever there are any.
        let stopped = !errors.is_empty() || (!found.is_empty() && findings == Findings::Refuse);
        if stopped {
            batch = None;
            stop_sealing.store(true, std::sync::atomic::Ordering::Relaxed);
        } else if let Some(batch) = batch.as_mut() {
            // All sealed: the reader stops sealing only once `batch` is gone.
            let sealed = sealed
                .into_iter()
                .map(|s| s.expect("sealed while the import goes on"))
                .collect();
            batch.add_sealed(sealed)?;
        }
        Ok(())
    };
    // Two stages, overlapped: a thread reads the file and parses, checks,
    // scans and seals each block of lines on every core, while this one
    // takes the block before in order and writes it.
    let (to_writer, parsed_blocks) = std::sync::mpsc::sync_channel::<ReadyBlock>(1);
    let mut taken: Result<()> = Ok(());
    let stop_sealing = &stop_sealing;
    let read = std::thread::scope(|s| {
        let reader = s.spawn(move || {
            // Once the writer is gone (it failed), the rest is only read.
            let mut writer_gone = false;
            let mut seen_content = HashMap::new();
            source.each_block(|block| {
                if writer_gone {
                    return Ok(());
                }
                let checked: Vec<Checked> =
                    veerkracht_core::rows::par_map(block, 64, |(_, line)| {
                        line.as_deref().map_err(Clone::clone).map(|line| {
                            parse(vault, line, cb, today).map(|p| {
                                let findings = p.encounter.note.as_deref().map(scan::scan);
                                (p, findings.unwrap_or_default())
                            })
                        })
                    });
                // Ids in file order (a line without one gets its content id).
                let with_ids: Vec<_> = checked
                    .into_iter()
                    .map(|c| {
                        c.map(|r| {
                            r.map(|(p, findings)| (with_id(vault, p, &mut seen_content), findings))
                        })
                    })
                    .collect();
                let seal = !stop_sealing.load(std::sync::atomic::Ordering::Relaxed);
                let ready = veerkracht_core::rows::par_map(&with_ids, 256, |c| {
                    c.as_ref().map_err(Clone::clone).map(|r| {
                        r.as_ref()
                            .map(|(e, findings)| Ready {
                                id: e.id,
                                sealed: seal.then(|| vault.seal_for_import(e)),
                                findings: findings.clone(),
                            })
                            .map_err(Clone::clone)
                    })
                });
                let numbered = block.iter().map(|(n, _)| *n).zip(ready).collect();
                writer_gone = to_writer.send(numbered).is_err();
                Ok(())
            })
        });
        for block in parsed_blocks.iter() {
            taken = take_block(block);
            if taken.is_err() {
                break;
            }
        }
        // The reader stops at its next block once this end is gone.
        drop(parsed_blocks);
        // A panic of the reader is the import's (nothing was committed).
        reader
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    });
    taken?;
    read?;
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
    let batch = batch.expect("nothing stopped the import");
    Ok(Imported {
        report: batch.commit_with_audit(&audit)?,
        accepted: found,
    })
}
