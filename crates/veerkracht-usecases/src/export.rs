//! Export: from the caseload to a signal package on disk, with the ledger
//! recorded and the release audited, in one place for the app and the CLI.

use crate::error::{Error, Result};
use crate::session::Session;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, Weak};
use uuid::Uuid;
use veerkracht_core::brief::BriefRef;
use veerkracht_core::validate::Expected;
use veerkracht_core::{Codebook, FieldError, Lang, Rule};
use veerkracht_signals::disclosure::{AuditFigures, Member, Status, Thresholds};
use veerkracht_signals::package::{self, Meta, Package};
use veerkracht_signals::prepare::Prepared;
use veerkracht_signals::Period;
use veerkracht_store::Vault;

/// An export as a person asks for it: the period as typed, thresholds if
/// raised, and the language of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportRequest {
    pub period: String,
    pub k: Option<u64>,
    pub k_high: Option<u64>,
    pub lang: Lang,
}

impl ExportRequest {
    /// The period and thresholds, or every field that is wrong.
    pub fn parse(&self) -> Result<(Period, Thresholds)> {
        let mut errors = Vec::new();
        let period = normalise_period(&self.period)
            .parse::<Period>()
            .map_err(|_| {
                errors.push(FieldError::new(
                    "period",
                    Rule::WrongShape {
                        expected: Expected::Period,
                    },
                ))
            });
        let defaults = Thresholds::default();
        let k = self.k.unwrap_or(defaults.k);
        let k_high = self.k_high.unwrap_or(defaults.k_high);
        for (field, value, min) in [
            ("k", k, Thresholds::MIN_K),
            ("k_high", k_high, Thresholds::MIN_K_HIGH),
        ] {
            if !(min..=Thresholds::MAX).contains(&value) {
                errors.push(FieldError::new(
                    field,
                    Rule::OutOfRange {
                        min,
                        max: Thresholds::MAX,
                        found: value,
                    },
                ));
            }
        }
        match period {
            Ok(period) if errors.is_empty() => {
                Ok((period, Thresholds::new(Some(k), Some(k_high))?))
            }
            _ => Err(Error::Invalid(errors)),
        }
    }
}

/// A period as people type it, in the form `Period` reads: `Q3 2026`,
/// `2026 q3`, `K3 2026` (kwartaal), `T3 2026` (trimestre) become `2026-Q3`;
/// `3-2026`, `03/2026`, `2026/03` become `2026-03`. Anything else is left
/// as typed (and refused by the parser with the usual message).
pub fn normalise_period(typed: &str) -> String {
    let upper = typed.trim().to_uppercase();
    // Tokens: runs of digits, a quarter mark with its digit (Q3, K3, T3),
    // runs of other letters.
    let mut tokens: Vec<&str> = Vec::new();
    for part in upper
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
    {
        let b = part.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let start = i;
            if matches!(b[i], b'Q' | b'K' | b'T') && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
                i += 2;
            } else if b[i].is_ascii_digit() {
                while i < b.len() && b[i].is_ascii_digit() {
                    i += 1;
                }
            } else {
                while i < b.len() && !b[i].is_ascii_digit() {
                    i += 1;
                }
            }
            tokens.push(&part[start..i]);
        }
    }
    let year = |t: &str| t.len() == 4 && t.chars().all(|c| c.is_ascii_digit());
    let quarter = |t: &str| {
        let mut cs = t.chars();
        matches!(cs.next(), Some('Q' | 'K' | 'T'))
            && matches!(cs.next(), Some('1'..='4'))
            && cs.next().is_none()
    };
    let month = |t: &str| {
        (1..=2).contains(&t.len())
            && t.chars().all(|c| c.is_ascii_digit())
            && (1..=12).contains(&t.parse::<u32>().unwrap_or(0))
    };
    match tokens.as_slice() {
        [y] if year(y) => y.to_string(),
        [y, q] | [q, y] if year(y) && quarter(q) => format!("{y}-Q{}", &q[1..]),
        [y, m] | [m, y] if year(y) && month(m) => {
            format!("{y}-{:02}", m.parse::<u32>().unwrap_or(0))
        }
        _ => typed.trim().to_string(),
    }
}

/// Why a cell of the worker's own preview is hidden. Never written into a
/// package: a reader must not learn why a cell is hidden.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    Published,
    /// Fewer than k families.
    Small,
    /// Hidden so that a small cell cannot be computed from the others.
    Complement,
    /// Hidden because of packages released before.
    Ledger,
}

/// What a package for the period would publish and suppress, before
/// anything is written or recorded.
#[derive(Debug, Clone)]
pub struct ExportPreview {
    pub period: Period,
    pub package: Package,
    /// Cells suppressed because of what this vault released before.
    pub by_ledger: usize,
    /// Suppressed cells an attacker could already derive from earlier
    /// releases (nothing this package can do about them).
    pub already_derivable: usize,
    /// Encounters of the period.
    pub encounters: u64,
    /// A folder beside the user's documents for this period's package.
    pub default_folder: PathBuf,
    /// Why each signals row is hidden, in the package's order.
    pub reasons: Vec<Reason>,
    /// What the disclosure audit did: rounds, values checked, time.
    pub audit: AuditFigures,
}

/// A package written to disk.
#[derive(Debug, Clone)]
pub struct Exported {
    pub folder: PathBuf,
    pub package: Package,
    /// File names and sizes, in the order written.
    pub files: Vec<(String, usize)>,
    pub by_ledger: usize,
    pub already_derivable: usize,
    pub encounters: u64,
    pub audit: AuditFigures,
}

/// Metadata of a new package made now.
pub(crate) fn meta(thresholds: Thresholds, source: String, language: Lang) -> Meta {
    Meta {
        language,
        id: Uuid::new_v4(),
        created: crate::now_stamp(),
        generator: generator(),
        thresholds,
        source,
    }
}

/// The program that made a package: one version for app, CLI and packages.
pub fn generator() -> String {
    format!("veerkracht {}", crate::VERSION)
}

/// The package of the request, protected against every earlier release,
/// with the encounters it counts as the ledger will remember them. Read
/// from the vault's index: no record is decrypted.
fn prepare(vault: &Vault, request: &ExportRequest) -> Result<(Period, Prepared, Vec<Member>)> {
    Ok(read(vault, request, 0)?
        .work(&AtomicBool::new(false))?
        .prepared)
}

/// What a package is worked out from, read from the vault (the releases
/// in its ledger and its index; no record decrypted). Working it out
/// needs no vault: the app does it without holding the session, which
/// stays free for the worker's other screens (and the auto-lock) during
/// an audit that can take minutes.
pub struct ExportInput {
    request: ExportRequest,
    period: Period,
    thresholds: Thresholds,
    history: Vec<veerkracht_signals::disclosure::Release>,
    index: veerkracht_store::IndexSegments,
    source: String,
    /// The session it was read in, and its vault's `changes` then.
    session: u64,
    changes: u64,
}

fn read(vault: &Vault, request: &ExportRequest, session: u64) -> Result<ExportInput> {
    let (period, thresholds) = request.parse()?;
    let history = vault.releases()?;
    let index = vault.index_segments()?;
    // The first package of a vault records its source id: read before
    // `changes`.
    let source = vault.source_id()?.to_string();
    Ok(ExportInput {
        request: request.clone(),
        period,
        thresholds,
        history,
        index,
        source,
        session,
        changes: vault.changes(),
    })
}

impl ExportInput {
    /// The package, protected against every release read (the long part).
    /// `stop`, set by another thread, gives it up: the signals error
    /// `Refusal::Stopped` at the audit's next programme (see [`Stops`]).
    pub fn work(self, stop: &AtomicBool) -> Result<Worked> {
        let ExportInput {
            request,
            period,
            thresholds,
            history,
            index,
            source,
            session,
            changes,
        } = self;
        let in_year = year_entries(&index, period);
        let digest = digest(&in_year);
        let counted: Vec<(&BriefRef<'_>, &[u16])> =
            in_year.iter().map(|(b, _)| (b, b.rows)).collect();
        let year_members: Vec<Member> = in_year.iter().map(|(_, m)| *m).collect();
        let members: Vec<Member> = in_year
            .iter()
            .filter(|(b, _)| period.contains(b.date))
            .map(|(_, m)| *m)
            .collect();
        let meta = meta(thresholds, source, request.lang);
        let prepared = veerkracht_signals::prepare::prepare(
            &counted,
            Codebook::embedded(),
            period,
            &history,
            &year_members,
            meta,
            stop,
        )
        .map_err(veerkracht_signals::Error::from)?;
        Ok(Worked {
            request,
            session,
            changes,
            history,
            digest,
            prepared: (period, prepared, members),
        })
    }
}

/// The index's entries of `period`'s year, in `(date, id)` order: what a
/// package of the period counts.
fn year_entries(
    index: &veerkracht_store::IndexSegments,
    period: Period,
) -> Vec<(BriefRef<'_>, Member)> {
    let year = Period::Year(period.year());
    // Sized for all: a vault's encounters are mostly of one year or two,
    // and growing a vector of a million entries copies it many times.
    let mut in_year: Vec<(BriefRef<'_>, Member)> = Vec::with_capacity(index.len());
    in_year.extend(index.iter().filter(|(b, _)| year.contains(b.date)));
    veerkracht_core::brief::sort_by_date_and_id(&mut in_year, |(b, _)| b.sort_key());
    in_year
}

/// A digest of everything of `in_year` a package counts or the ledger
/// keeps: the same entries give the same package.
fn digest(in_year: &[(BriefRef<'_>, Member)]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    in_year.len().hash(&mut h);
    for (b, m) in in_year {
        (b.date, b.id, b.family.as_str(), b.demo, b.rows, m).hash(&mut h);
    }
    h.finish()
}

fn total_encounters(p: &Prepared) -> u64 {
    let total = p.aggregate.signals.last().expect("the total row").cell;
    p.aggregate.cells[total].encounters
}

/// A package worked out from an [`ExportInput`]. A session keeps the one
/// of its last preview for the export that usually follows (in the app,
/// "make the package" after looking at it), so that the audit does not
/// run twice. It is written only by the session it was read in, for the
/// same request, while what it was worked out from is what the vault
/// holds: nothing changed since it was read (`Vault::changes`), or, when
/// something did (a draft kept, a follow-up, a backup, or a save), the
/// same ledger and the same entries of the year (a release in between must
/// be audited against, a save counted).
pub struct Worked {
    request: ExportRequest,
    session: u64,
    changes: u64,
    history: Vec<veerkracht_signals::disclosure::Release>,
    digest: u64,
    prepared: (Period, Prepared, Vec<Member>),
}

/// Whether a package worked out can be written in a session.
enum Fresh {
    Yes,
    /// The vault changed what it counts or its ledger: work it out again.
    No,
    /// Read in another session (the vault was locked meanwhile).
    Elsewhere,
}

/// An export in the app, under the session's lock: the package previewed,
/// written, or what a package is to be worked out from.
pub enum ExportStep {
    Written(Box<Exported>),
    Input(ExportInput),
}

impl Session {
    /// Whether `w` can be written here; when the ledger and the year's
    /// entries are found unchanged, `w` is marked current again (so that
    /// the next check does not read them again).
    fn fresh(&self, w: &mut Worked) -> Result<Fresh> {
        if w.session != self.id {
            return Ok(Fresh::Elsewhere);
        }
        let changes = self.vault.changes();
        if w.changes == changes {
            return Ok(Fresh::Yes);
        }
        // Something was written since it was read; perhaps nothing that
        // the package depends on.
        if self.vault.releases()? != w.history {
            return Ok(Fresh::No);
        }
        let index = self.vault.index_segments()?;
        if digest(&year_entries(&index, w.prepared.0)) != w.digest {
            return Ok(Fresh::No);
        }
        w.changes = changes;
        Ok(Fresh::Yes)
    }

    fn current(&self, w: &mut Worked) -> Result<bool> {
        Ok(matches!(self.fresh(w)?, Fresh::Yes))
    }

    /// What a package for the request is worked out from (see
    /// [`ExportInput::work`]).
    pub fn export_input(&self, request: &ExportRequest) -> Result<ExportInput> {
        read(&self.vault, request, self.id)
    }

    /// The preview of a package worked out; kept for an export of the same
    /// request while the vault does not change.
    /// A package read in another session (the vault was locked meanwhile)
    /// is `Error::Locked`: its screen is gone.
    pub fn keep_preview(&self, mut worked: Worked) -> Result<ExportPreview> {
        let preview = preview_of(&worked.prepared, worked.request.lang);
        // A vault that cannot be read now: the preview is shown, not kept.
        let keep = match self.fresh(&mut worked).unwrap_or(Fresh::No) {
            Fresh::Yes => true,
            Fresh::No => false,
            Fresh::Elsewhere => return Err(Error::Locked),
        };
        self.previewed.replace(keep.then_some(worked));
        Ok(preview)
    }

    /// What a package for the request would hold (see [`preview_export`]);
    /// kept for an [`Session::export`] of the same request. The kept
    /// preview, when it answers the request now, is shown again.
    pub fn preview_export(&self, request: &ExportRequest) -> Result<ExportPreview> {
        if let Some(shown) = self.kept_preview(request)? {
            return Ok(shown);
        }
        self.keep_preview(self.export_input(request)?.work(&AtomicBool::new(false))?)
    }

    /// The preview kept by this session, when it answers `request` now
    /// (same request, and nothing it depends on changed): the worker left
    /// the export screen and asks again, and the audit of minutes is not
    /// run a second time. Any other kept preview is dropped.
    fn kept_preview(&self, request: &ExportRequest) -> Result<Option<ExportPreview>> {
        Ok(self.take_preview(request)?.map(|worked| {
            let shown = preview_of(&worked.prepared, worked.request.lang);
            self.previewed.replace(Some(worked));
            shown
        }))
    }

    /// The kept preview, when it answers `request` now.
    fn take_preview(&self, request: &ExportRequest) -> Result<Option<Worked>> {
        match self.previewed.take() {
            Some(mut p) if p.request == *request => Ok(self.current(&mut p)?.then_some(p)),
            _ => Ok(None),
        }
    }

    /// Makes the package (see [`export`]): the one the last preview worked
    /// out, under a new id and time, when it answered the same request
    /// and the vault has not changed since; worked out afresh otherwise.
    pub fn export(&self, request: &ExportRequest, folder: &Path) -> Result<Exported> {
        match self.take_preview(request)? {
            Some(p) => self.write_worked(p, folder),
            None => export(&self.vault, request, folder),
        }
    }

    /// The first step of [`export_lent`].
    pub fn export_step(&self, request: &ExportRequest, folder: &Path) -> Result<ExportStep> {
        Ok(match self.take_preview(request)? {
            Some(p) => ExportStep::Written(Box::new(self.write_worked(p, folder)?)),
            None => ExportStep::Input(self.export_input(request)?),
        })
    }

    /// Writes a package worked out in this session, if what it was worked
    /// out from is what the vault holds (`None`: work it out again). One
    /// read in another session is `Error::Locked`.
    pub fn write_current(&self, mut worked: Worked, folder: &Path) -> Result<Option<Exported>> {
        match self.fresh(&mut worked)? {
            Fresh::Yes => self.write_worked(worked, folder).map(Some),
            Fresh::No => Ok(None),
            Fresh::Elsewhere => Err(Error::Locked),
        }
    }

    fn write_worked(&self, mut worked: Worked, folder: &Path) -> Result<Exported> {
        let package = &mut worked.prepared.1.package;
        package.id = Uuid::new_v4();
        package.created = crate::now_stamp();
        let written = write(&self.vault, &worked.request, folder, &worked.prepared);
        // Nothing recorded (a folder that is not empty, say): the worker
        // picks another folder and the package still need not be redone.
        if written.is_err() && self.current(&mut worked).unwrap_or(false) {
            self.previewed.replace(Some(worked));
        }
        written
    }
}

/// Lends the open session for a moment: the app's lock around it.
pub trait Lend {
    /// `f` on the open session; [`Error::Locked`] when there is none.
    fn lend<T>(&self, f: impl FnOnce(&Session) -> Result<T>) -> Result<T>;
}

/// The exports being worked out in the app, so that one call gives them
/// all up: the export screen's stop button, leaving that screen, and
/// locking the vault (the index read for an audit then leaves memory at
/// the audit's next programme, not minutes later). The app begins an
/// export's stop when its command arrives, before it waits for a thread,
/// so that a stop sent right after the command is not lost.
#[derive(Debug, Default)]
pub struct Stops {
    running: Mutex<Vec<Weak<AtomicBool>>>,
}

impl Stops {
    /// The stop of an export starting now; [`Stops::stop_all`] sets it
    /// until it is dropped.
    pub fn begin(&self) -> Arc<AtomicBool> {
        let stop = Arc::new(AtomicBool::new(false));
        let mut running = self.running.lock().unwrap_or_else(|p| p.into_inner());
        running.retain(|w| w.strong_count() > 0);
        running.push(Arc::downgrade(&stop));
        stop
    }

    /// Gives up every export being worked out; one started later runs.
    pub fn stop_all(&self) {
        let mut running = self.running.lock().unwrap_or_else(|p| p.into_inner());
        for stop in running.drain(..).filter_map(|w| w.upgrade()) {
            stop.store(true, Ordering::Relaxed);
        }
    }
}

/// Whether `stop` was set: the export ends there, having written nothing.
fn given_up(stop: &AtomicBool) -> Result<()> {
    if stop.load(Ordering::Relaxed) {
        return Err(veerkracht_signals::Error::from(
            veerkracht_signals::disclosure::Refusal::Stopped,
        )
        .into());
    }
    Ok(())
}

/// [`Session::preview_export`] holding the session only to read the vault
/// and to keep the result: the audit runs between, without it. Given up
/// when `stop` is set (see [`Stops`]): then nothing is kept. Checked again
/// under the session, so that a lock, which stops before it takes the
/// session, is never followed by a preview kept.
pub fn preview_lent(
    lender: &impl Lend,
    request: &ExportRequest,
    stop: &AtomicBool,
) -> Result<ExportPreview> {
    /// Shown again from the session, or to be worked out.
    enum First {
        Shown(Box<ExportPreview>),
        Input(ExportInput),
    }
    let first = lender.lend(|s| {
        given_up(stop)?;
        Ok(match s.kept_preview(request)? {
            Some(shown) => First::Shown(Box::new(shown)),
            None => First::Input(s.export_input(request)?),
        })
    })?;
    let input = match first {
        First::Shown(shown) => return Ok(*shown),
        First::Input(input) => input,
    };
    let worked = input.work(stop)?;
    lender.lend(|s| {
        given_up(stop)?;
        s.keep_preview(worked)
    })
}

/// [`Session::export`] holding the session only to read the vault and to
/// write: the audit, when the preview cannot be written, runs between.
/// Should what the package counts or the ledger change meanwhile, it is
/// worked out again (three times; then under the session, so that saves
/// cannot keep it from ever being written).
pub fn export_lent(
    lender: &impl Lend,
    request: &ExportRequest,
    folder: &Path,
    stop: &AtomicBool,
) -> Result<Exported> {
    let mut input = match lender.lend(|s| {
        given_up(stop)?;
        s.export_step(request, folder)
    })? {
        ExportStep::Written(done) => return Ok(*done),
        ExportStep::Input(input) => input,
    };
    for _ in 0..3 {
        let session = input.session;
        let worked = input.work(stop)?;
        let written = lender.lend(|s| {
            given_up(stop)?;
            s.write_current(worked, folder)
        })?;
        if let Some(done) = written {
            return Ok(done);
        }
        input = lender.lend(|s| {
            // Locked and opened again since: not this export's session.
            if s.id != session {
                return Err(Error::Locked);
            }
            s.export_input(request)
        })?;
    }
    let session = input.session;
    drop(input);
    lender.lend(|s| {
        if s.id != session {
            return Err(Error::Locked);
        }
        let worked = s.export_input(request)?.work(stop)?;
        given_up(stop)?;
        write(&s.vault, request, folder, &worked.prepared)
    })
}

/// What a package for the request would hold, without writing or
/// recording anything.
pub fn preview_export(vault: &Vault, request: &ExportRequest) -> Result<ExportPreview> {
    Ok(preview_of(&prepare(vault, request)?, request.lang))
}

fn preview_of((period, p, _): &(Period, Prepared, Vec<Member>), lang: Lang) -> ExportPreview {
    let reasons = p
        .aggregate
        .signals
        .iter()
        .map(|row| match p.protection.status[row.cell] {
            Status::Published => Reason::Published,
            Status::SuppressedPrimary => Reason::Small,
            Status::SuppressedSecondary if p.protection.ledger_cells[row.cell] => Reason::Ledger,
            Status::SuppressedSecondary => Reason::Complement,
        })
        .collect();
    ExportPreview {
        audit: p.protection.audit,
        reasons,
        period: *period,
        by_ledger: p.protection.by_ledger,
        already_derivable: p.protection.already_derivable.len(),
        encounters: total_encounters(p),
        default_folder: default_folder(*period, lang),
        package: p.package.clone(),
    }
}

/// Makes the package, records it in the ledger and writes it into
/// `folder` (new or empty). The files are written completely into a
/// hidden sibling first; the release is recorded next (a recorded
/// release that never got out only makes later packages more careful);
/// the folder is renamed into place last. A failure leaves no partial
/// package and no "exported" entry.
pub fn export(vault: &Vault, request: &ExportRequest, folder: &Path) -> Result<Exported> {
    write(vault, request, folder, &prepare(vault, request)?)
}

fn write(
    vault: &Vault,
    request: &ExportRequest,
    folder: &Path,
    (_, p, members): &(Period, Prepared, Vec<Member>),
) -> Result<Exported> {
    let files = veerkracht_report::files(&p.package, Codebook::embedded(), request.lang)?;
    let staged = veerkracht_store::package_dir::stage(folder, &files).map_err(at(folder))?;
    let release = package::release(
        &p.aggregate,
        &p.protection,
        &p.package.created,
        members.clone(),
    );
    vault.record_release(&p.package.id, &release)?;
    let written = staged.commit().map_err(at(folder))?;
    Ok(Exported {
        folder: folder.to_path_buf(),
        files: written,
        by_ledger: p.protection.by_ledger,
        already_derivable: p.protection.already_derivable.len(),
        encounters: total_encounters(p),
        audit: p.protection.audit,
        package: p.package.clone(),
    })
}

/// A disk error while writing the package folder names the folder (the
/// store's own error names only the operation).
pub(crate) fn at(folder: &Path) -> impl Fn(veerkracht_store::Error) -> Error + '_ {
    move |e| match e {
        veerkracht_store::Error::Io { source, .. } => Error::WriteFile {
            path: folder.to_path_buf(),
            source,
        },
        other => other.into(),
    }
}

/// Where a package for `period` goes unless the user picks another folder:
/// the store's place for packages, named in the user's language
/// (`signalen-2026-Q1`, `signaux-2026-Q1`, `signals-2026-Q1`).
pub fn default_folder(period: Period, lang: Lang) -> PathBuf {
    let name = format!(
        "{}-{period}",
        veerkracht_i18n::t!(lang, "package-folder-name")
    );
    veerkracht_store::package_dir::default_folder(&period.to_string()).with_file_name(name)
}

/// Cells of a package with each status: (published, suppressed).
pub fn status_counts(p: &Package) -> (usize, usize) {
    let all = p
        .signals
        .iter()
        .map(|s| s.counts.status)
        .chain(p.crosstabs.iter().map(|c| c.counts.status));
    let mut published = 0;
    let mut suppressed = 0;
    for s in all {
        if s == Status::Published {
            published += 1;
        } else {
            suppressed += 1;
        }
    }
    (published, suppressed)
}

#[cfg(test)]
mod tests {
    use super::normalise_period;
    use super::ExportRequest;
    use crate::Session;
    use std::sync::atomic::{AtomicBool, Ordering};
    use veerkracht_core::{Codebook, Lang};

    fn session_with_demo(dir: &std::path::Path) -> Session {
        let mut s = Session::create(dir, "lange zin voor de exporttest").unwrap();
        let until = chrono::NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
        let spec = crate::demo::spec(40, 300, 5, until).unwrap();
        s.add(veerkracht_core::demo::generate(Codebook::embedded(), &spec))
            .unwrap();
        s
    }

    fn asked(period: &str) -> ExportRequest {
        ExportRequest {
            period: period.into(),
            k: None,
            k_high: None,
            lang: Lang::En,
        }
    }

    /// The app previews a package, then writes it: the second step writes
    /// what the first worked out (a disclosure audit can take a minute)
    /// under a new id and time, unless the vault changed in between.
    #[test]
    fn an_export_after_its_preview_writes_the_previewed_package() {
        let tmp = tempfile::tempdir().unwrap();
        let s = session_with_demo(&tmp.path().join("vault"));
        let preview = s.preview_export(&asked("2026-Q1")).unwrap();
        let out = tmp.path().join("package");
        let done = s.export(&asked("2026-Q1"), &out).unwrap();
        // Solving again never takes exactly as long.
        assert_eq!(
            done.audit.seconds, preview.audit.seconds,
            "not solved again"
        );
        assert_eq!(done.package.signals, preview.package.signals);
        assert_eq!(done.package.crosstabs, preview.package.crosstabs);
        assert_ne!(done.package.id, preview.package.id);
        assert!(done.package.created >= preview.package.created);
        // Written once: the next export of the period is worked out afresh
        // (against the release just recorded).
        let again = s
            .export(&asked("2026-Q1"), &tmp.path().join("again"))
            .unwrap();
        assert_ne!(again.audit.seconds, preview.audit.seconds);
        // A folder that cannot take it records nothing: the next folder
        // gets the package previewed.
        let preview = s.preview_export(&asked("2026-03")).unwrap();
        let full = tmp.path().join("full");
        std::fs::create_dir_all(&full).unwrap();
        std::fs::write(full.join("other.txt"), "x").unwrap();
        assert!(s.export(&asked("2026-03"), &full).is_err());
        let done = s
            .export(&asked("2026-03"), &tmp.path().join("empty"))
            .unwrap();
        assert_eq!(done.audit.seconds, preview.audit.seconds);
        // Another request is not answered with the preview's package.
        s.preview_export(&asked("2026-Q2")).unwrap();
        let k = s
            .export(
                &ExportRequest {
                    k: Some(8),
                    ..asked("2026-Q2")
                },
                &tmp.path().join("k8"),
            )
            .unwrap();
        assert_eq!(k.package.thresholds.k, 8);
    }

    /// The app's session, behind a lock as in `src-tauri`, with its
    /// exports' stops; while the flag is set, every export is stopped
    /// right after the session was lent (as the stop button, leaving the
    /// export screen or a lock do while the audit runs).
    struct Lender(std::sync::Mutex<Option<Session>>, super::Stops, AtomicBool);

    fn preview_lent(
        lender: &Lender,
        request: &ExportRequest,
    ) -> crate::error::Result<super::ExportPreview> {
        super::preview_lent(lender, request, &lender.1.begin())
    }

    fn export_lent(
        lender: &Lender,
        request: &ExportRequest,
        folder: &std::path::Path,
    ) -> crate::error::Result<super::Exported> {
        super::export_lent(lender, request, folder, &lender.1.begin())
    }

    impl Lender {
        fn new(s: Session) -> Lender {
            Lender(
                std::sync::Mutex::new(Some(s)),
                Default::default(),
                AtomicBool::new(false),
            )
        }
    }

    impl super::Lend for Lender {
        fn lend<T>(
            &self,
            f: impl FnOnce(&Session) -> crate::error::Result<T>,
        ) -> crate::error::Result<T> {
            let lent = match self.0.lock().unwrap().as_ref() {
                Some(s) => f(s),
                None => Err(crate::Error::Locked),
            };
            if self.2.load(Ordering::Relaxed) {
                self.1.stop_all();
            }
            lent
        }
    }

    impl Lender {
        /// `f` on the open session, mutably (a save between two steps).
        fn with<T>(&self, f: impl FnOnce(&mut Session) -> T) -> T {
            f(self.0.lock().unwrap().as_mut().unwrap())
        }

        /// A new encounter of May 2026, else like the vault's first.
        fn new_encounter(&self) -> veerkracht_core::Encounter {
            let mut e = self.with(|s| s.vault().load().unwrap().encounters[0].clone());
            e.id = uuid::Uuid::new_v4();
            e.date = chrono::NaiveDate::from_ymd_opt(2026, 5, 10).unwrap();
            e
        }
    }

    fn stopped<T>(r: crate::error::Result<T>) -> bool {
        matches!(
            r,
            Err(crate::Error::Signals(veerkracht_signals::Error::Refused(
                veerkracht_signals::disclosure::Refusal::Stopped
            )))
        )
    }

    /// An export given up while its package is worked out (the stop
    /// button, the export screen left, a lock) ends "stopped": nothing
    /// written, recorded or kept. Exports started after it run.
    #[test]
    fn an_export_given_up_writes_records_and_keeps_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let lender = Lender::new(session_with_demo(&tmp.path().join("vault")));
        let releases = || super::Lend::lend(&lender, |s| Ok(s.vault().releases()?.len())).unwrap();
        lender.2.store(true, Ordering::Relaxed);
        assert!(stopped(preview_lent(&lender, &asked("2026-Q1"))));
        let kept = super::Lend::lend(&lender, |s| Ok(s.previewed.take().is_some())).unwrap();
        assert!(!kept, "a preview given up is not kept");
        let out = tmp.path().join("q1");
        assert!(stopped(export_lent(&lender, &asked("2026-Q1"), &out)));
        assert!(!out.exists(), "nothing written");
        assert_eq!(releases(), 0, "nothing recorded");

        // Stopped after a preview that was kept: the kept package is
        // written at once (nothing left to give up).
        lender.2.store(false, Ordering::Relaxed);
        let preview = preview_lent(&lender, &asked("2026-Q1")).unwrap();
        lender.2.store(true, Ordering::Relaxed);
        let done = export_lent(&lender, &asked("2026-Q1"), &out).unwrap();
        assert_eq!(done.audit.seconds, preview.audit.seconds);
        assert_eq!(releases(), 1);

        // A stop reaches only the exports running then.
        lender.2.store(false, Ordering::Relaxed);
        lender.1.stop_all();
        let out = tmp.path().join("q2");
        export_lent(&lender, &asked("2026-Q2"), &out).unwrap();
        assert!(out.join("datapackage.json").exists());
        assert_eq!(releases(), 2);

        // Stopped before it began (the button pressed right after "make
        // the package"): not written, even from a kept preview.
        preview_lent(&lender, &asked("2026-Q1")).unwrap();
        let out = tmp.path().join("q1-again");
        let stop = AtomicBool::new(true);
        assert!(stopped(super::export_lent(
            &lender,
            &asked("2026-Q1"),
            &out,
            &stop
        )));
        assert!(!out.exists());
        assert_eq!(releases(), 2);
    }

    /// The app reads the vault under the session's lock, works the package
    /// out without it, and writes (or keeps the preview) under it again:
    /// only if the vault has not changed since it was read, in the same
    /// session.
    #[test]
    fn the_app_works_a_package_out_without_the_session_and_writes_it_only_if_nothing_changed() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("vault");
        let lender = Lender::new(session_with_demo(&dir));
        let preview = preview_lent(&lender, &asked("2026-Q1")).unwrap();
        let done = export_lent(&lender, &asked("2026-Q1"), &tmp.path().join("a")).unwrap();
        assert_eq!(
            done.audit.seconds, preview.audit.seconds,
            "the preview written"
        );

        // A save while the package is worked out: not written, worked out
        // again, and counted.
        let input = super::Lend::lend(&lender, |s| s.export_input(&asked("2026-Q2"))).unwrap();
        let e = lender.new_encounter();
        lender.with(|s| s.add(vec![e.clone()]).unwrap());
        let worked = input.work(&AtomicBool::new(false)).unwrap();
        let out = tmp.path().join("b");
        let written = super::Lend::lend(&lender, |s| s.write_current(worked, &out)).unwrap();
        assert!(written.is_none(), "read before the save: not written");
        assert!(!out.exists());
        let preview = preview_lent(&lender, &asked("2026-Q2")).unwrap();
        let done = export_lent(&lender, &asked("2026-Q2"), &out).unwrap();
        assert_eq!(done.encounters, preview.encounters);
        assert_eq!(done.audit.seconds, preview.audit.seconds);

        // A release while it is worked out: not written (audited against
        // the ledger without it), worked out again.
        let input = super::Lend::lend(&lender, |s| s.export_input(&asked("2026-Q2"))).unwrap();
        lender.with(|s| {
            s.export(&asked("2026-06"), &tmp.path().join("june"))
                .unwrap()
        });
        let worked = input.work(&AtomicBool::new(false)).unwrap();
        let out = tmp.path().join("e");
        let written = super::Lend::lend(&lender, |s| s.write_current(worked, &out)).unwrap();
        assert!(written.is_none(), "read before a release: not written");
        assert!(!out.exists());

        // A draft kept while it is worked out (the form keeps one every few
        // seconds) changes nothing a package counts: written as worked out.
        let input = super::Lend::lend(&lender, |s| s.export_input(&asked("2026-03"))).unwrap();
        lender.with(|s| {
            let mut d = e.clone();
            d.id = uuid::Uuid::new_v4();
            let draft = veerkracht_core::follow::Draft {
                encounter: d,
                dated: true,
                is_new: true,
            };
            s.keep_draft(&draft).unwrap();
        });
        let worked = input.work(&AtomicBool::new(false)).unwrap();
        let seconds = worked.prepared.1.protection.audit.seconds;
        let out = tmp.path().join("d");
        let written = super::Lend::lend(&lender, |s| s.write_current(worked, &out)).unwrap();
        assert_eq!(written.expect("written").audit.seconds, seconds);

        // Worked out in one session, offered to the next (the vault locked
        // and opened again, perhaps restored in between): not written,
        // although both counted as many changes.
        let open = || Session::open(&dir, "lange zin voor de exporttest", None).unwrap();
        *lender.0.lock().unwrap() = None;
        *lender.0.lock().unwrap() = Some(open());
        let input = super::Lend::lend(&lender, |s| s.export_input(&asked("2026-Q1"))).unwrap();
        *lender.0.lock().unwrap() = None;
        let next = open();
        let worked = input.work(&AtomicBool::new(false)).unwrap();
        assert_eq!(next.vault().changes(), 0);
        assert_eq!(worked.changes, 0, "as many changes in both sessions");
        *lender.0.lock().unwrap() = Some(next);
        let out = tmp.path().join("c");
        let written = super::Lend::lend(&lender, |s| s.write_current(worked, &out));
        assert!(
            matches!(written, Err(crate::Error::Locked)),
            "another session: its screen is gone"
        );
        assert!(!out.exists());
        // Locked: nothing lent.
        *lender.0.lock().unwrap() = None;
        assert!(matches!(
            preview_lent(&lender, &asked("2026-Q1")),
            Err(crate::Error::Locked)
        ));
    }

    /// The export screen left and opened again: the same preview asked
    /// again is shown from the session, not audited a second time; asked
    /// after a save, for another period, or in another session, it is
    /// worked out afresh.
    #[test]
    fn a_preview_asked_again_is_shown_again_until_the_vault_changes() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("vault");
        let lender = Lender::new(session_with_demo(&dir));
        let first = preview_lent(&lender, &asked("2026-Q1")).unwrap();
        let again = preview_lent(&lender, &asked("2026-Q1")).unwrap();
        assert_eq!(again.audit.seconds, first.audit.seconds, "not solved again");
        assert_eq!(again.package.signals, first.package.signals);
        let done = export_lent(&lender, &asked("2026-Q1"), &tmp.path().join("a")).unwrap();
        assert_eq!(done.audit.seconds, first.audit.seconds, "and written");

        // A draft kept meanwhile changes nothing it counts.
        let first = preview_lent(&lender, &asked("2026-Q2")).unwrap();
        let e = lender.new_encounter();
        lender.with(|s| {
            let draft = veerkracht_core::follow::Draft {
                encounter: e.clone(),
                dated: true,
                is_new: true,
            };
            s.keep_draft(&draft).unwrap();
        });
        let again = preview_lent(&lender, &asked("2026-Q2")).unwrap();
        assert_eq!(
            again.audit.seconds, first.audit.seconds,
            "a draft changes nothing"
        );

        // A save: counted.
        lender.with(|s| s.add(vec![e.clone()]).unwrap());
        let after = preview_lent(&lender, &asked("2026-Q2")).unwrap();
        assert_eq!(after.encounters, first.encounters + 1);

        // Another request, then this one again: worked out afresh.
        let other = preview_lent(&lender, &asked("2026-04")).unwrap();
        let back = preview_lent(&lender, &asked("2026-Q2")).unwrap();
        assert_ne!(back.audit.seconds, after.audit.seconds);
        assert_ne!(other.audit.seconds, back.audit.seconds);

        // Another session (locked and opened again): worked out afresh.
        *lender.0.lock().unwrap() = None;
        *lender.0.lock().unwrap() =
            Some(Session::open(&dir, "lange zin voor de exporttest", None).unwrap());
        let reopened = preview_lent(&lender, &asked("2026-Q2")).unwrap();
        assert_ne!(reopened.audit.seconds, back.audit.seconds);
        assert_eq!(reopened.encounters, back.encounters);
    }

    /// Anything saved or released between the preview and the export is
    /// in the export: the preview is not reused then.
    #[test]
    fn a_change_between_preview_and_export_is_counted() {
        let tmp = tempfile::tempdir().unwrap();
        let mut s = session_with_demo(&tmp.path().join("vault"));
        let preview = s.preview_export(&asked("2026-Q1")).unwrap();
        let mut e = s.vault().load().unwrap().encounters[0].clone();
        e.id = uuid::Uuid::new_v4();
        e.date = chrono::NaiveDate::from_ymd_opt(2026, 2, 10).unwrap();
        s.add(vec![e]).unwrap();
        let done = s.export(&asked("2026-Q1"), &tmp.path().join("p")).unwrap();
        assert_eq!(done.encounters, preview.encounters + 1);

        // A release of another period in between: the export is audited
        // against it too (worked out afresh).
        let preview = s.preview_export(&asked("2026-Q2")).unwrap();
        s.export(&asked("2026-04"), &tmp.path().join("april"))
            .unwrap();
        let done = s.export(&asked("2026-Q2"), &tmp.path().join("q2")).unwrap();
        assert_ne!(done.audit.seconds, preview.audit.seconds);
    }

    #[test]
    fn periods_are_read_as_people_type_them() {
        for (typed, read) in [
            ("2026", "2026"),
            (" 2026-Q3 ", "2026-Q3"),
            ("Q3 2026", "2026-Q3"),
            ("q3-2026", "2026-Q3"),
            ("2026 q3", "2026-Q3"),
            ("2026Q3", "2026-Q3"),
            ("K3 2026", "2026-Q3"),
            ("T1 2026", "2026-Q1"),
            ("2026-T4", "2026-Q4"),
            ("3-2026", "2026-03"),
            ("03/2026", "2026-03"),
            ("2026/11", "2026-11"),
            ("2026-03", "2026-03"),
        ] {
            assert_eq!(normalise_period(typed), read, "{typed}");
        }
        for nonsense in ["Q5 2026", "13-2026", "hier", "2026-Q3-1", ""] {
            assert_eq!(
                normalise_period(nonsense),
                nonsense.trim(),
                "{nonsense} is left for the parser to refuse"
            );
        }
    }
}
