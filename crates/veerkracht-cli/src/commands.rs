//! One adapter per subcommand: read what the person typed, call the use
//! case, print its result in their language.

use crate::output::{self, out, say};
use crate::{Cli, Command};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use veerkracht_core::caseload::Filter;
use veerkracht_core::{exchange, Codebook, FieldError, Lang};
use veerkracht_i18n::t;
use veerkracht_store::DamagedRecord;
use veerkracht_usecases::import::{self, Findings, Source};
use veerkracht_usecases::lookup;
use veerkracht_usecases::session::{self, open_vault};
use veerkracht_usecases::{packages, ExportRequest, Session};

/// Exit codes: 0 success, 1 error, 2 usage (clap), 3 partial (damaged records).
const EXIT_PARTIAL: u8 = 3;
/// `audit`: some suppressed value can be computed exactly.
const EXIT_EXACT: u8 = 4;
/// `audit`: nothing shown exact, but some value left undecided (the solver
/// failed, or the packages contradict the rules as modelled): not safe.
const EXIT_UNDECIDED: u8 = 5;

/// What can go wrong in the CLI: a use case's failure, or something only a
/// terminal program meets (no passphrase to read).
#[derive(Debug)]
pub enum CliError {
    Usecase(veerkracht_usecases::Error),
    /// No passphrase: no terminal to ask on and none given.
    NoPassphrase {
        var: &'static str,
    },
    /// The two passphrases typed differ.
    PassphrasesDiffer,
    /// The passphrase file descriptor could not be read.
    PassphraseFd {
        fd: u32,
        source: std::io::Error,
    },
    /// Standard output failed (other than a closed pipe).
    Stdout(std::io::Error),
    /// The passphrase descriptor has no line `line` (1-based).
    PassphraseLineMissing {
        fd: u32,
        line: usize,
    },
}

impl<E: Into<veerkracht_usecases::Error>> From<E> for CliError {
    fn from(e: E) -> Self {
        CliError::Usecase(e.into())
    }
}

impl CliError {
    /// The message and the detail lines under it, in `lang`.
    pub fn words(&self, lang: Lang) -> (String, Vec<String>) {
        match self {
            CliError::Usecase(veerkracht_usecases::Error::Invalid(errors)) => {
                // Flags are named as typed: `--from`, `--need-status`.
                let list: Vec<String> = errors.iter().map(|e| flag_error(lang, e)).collect();
                // The codes a filter takes are the codebook's ids, not the
                // labels a table shows: say where to find them.
                let hint = errors
                    .iter()
                    .any(|e| matches!(e.rule, veerkracht_core::Rule::UnknownCode { .. }))
                    .then(|| t!(lang, "cli-filter-codes"));
                (list.join("; "), hint.into_iter().collect())
            }
            CliError::Usecase(e) => (e.message(lang), e.details(lang)),
            CliError::NoPassphrase { var } => (t!(lang, "cli-no-passphrase", var = *var), vec![]),
            CliError::PassphrasesDiffer => (t!(lang, "cli-passphrases-differ"), vec![]),
            CliError::PassphraseLineMissing { fd, line } => (
                t!(lang, "cli-passphrase-fd-line", fd = *fd, line = *line),
                vec![],
            ),
            CliError::Stdout(source) => (
                t!(
                    lang,
                    "cli-stdout",
                    reason = veerkracht_usecases::messages::io_reason(lang, source)
                ),
                vec![],
            ),
            // /dev/fd/N of a descriptor that is not open does not exist.
            CliError::PassphraseFd { fd, source }
                if source.kind() == std::io::ErrorKind::NotFound =>
            {
                (t!(lang, "cli-passphrase-fd-closed", fd = *fd), vec![])
            }
            CliError::PassphraseFd { fd, source } => (
                t!(
                    lang,
                    "cli-passphrase-fd",
                    fd = *fd,
                    reason = veerkracht_usecases::messages::io_reason(lang, source)
                ),
                vec![],
            ),
        }
    }
}

fn flag_error(lang: Lang, e: &FieldError) -> String {
    let field = FieldError::new(format!("--{}", e.field.replace('_', "-")), e.rule.clone());
    veerkracht_usecases::messages::field_error(lang, &field)
}

type Res = Result<ExitCode, CliError>;

/// `lang`: the language `main` chose (an unknown `--lang` stopped it).
pub fn run(cli: Cli, lang: Lang) -> Res {
    let dir = cli
        .data_dir
        .clone()
        .unwrap_or_else(veerkracht_store::default_dir);
    let keys = Keys {
        fd: cli.passphrase_fd,
        lang,
    };
    match cli.command {
        Command::Init => init(&dir, &keys, lang),
        Command::Help { command } => match crate::help::text(lang, command.as_deref()) {
            Some(help) => {
                out(&help)?;
                Ok(ExitCode::SUCCESS)
            }
            None => {
                let name = command.unwrap_or_default();
                eprintln!(
                    "veerkracht: {}",
                    t!(lang, "cli-usage-unknown-command", command = name)
                );
                eprintln!("  {}", t!(lang, "cli-usage-help"));
                Ok(ExitCode::from(2))
            }
        },
        Command::Import {
            file,
            replace,
            accept_findings,
        } => import(&dir, &file, replace, accept_findings, &keys, lang),
        Command::Records { out } => records(&dir, out.as_deref(), &keys, lang),
        Command::List { filter, json } => list(&dir, filter, json, &keys, lang),
        Command::Show { id, json } => show(&dir, &id, json, &keys, lang),
        Command::Families { json } => families(&dir, json, &keys, lang),
        Command::Demo {
            families,
            encounters,
            seed,
            until,
            jsonl,
        } => demo(&dir, families, encounters, seed, until, jsonl, &keys, lang),
        Command::Codebook { json } => {
            if json {
                out(veerkracht_core::codebook::CODEBOOK_JSON)?;
            } else {
                out(&output::codebook_text(Codebook::embedded(), lang))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Export {
            period,
            out: folder,
            k,
            k_high,
        } => export(&dir, period, &folder, k, k_high, &keys, lang),
        Command::Merge {
            packages,
            out: folder,
        } => {
            let started = std::time::Instant::now();
            let merged = packages::merge(&packages, &folder, lang)?;
            out(&output::package_summary(&merged, started, lang))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Verify { package } => verify(&package, lang),
        Command::Series {
            packages,
            out: file,
        } => {
            let (n, rows) = packages::series(&packages, &file)?;
            say(&t!(
                lang,
                "cli-series",
                packages = n,
                rows = rows,
                path = file.display().to_string()
            ))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Audit {
            packages,
            versions,
            json,
            verdict_only,
        } => audit(&packages, &versions, json, verdict_only, lang),
        Command::Backup { file } => {
            let vault = open_vault(&dir, &keys.current(&dir)?)?;
            let size = session::backup(&vault, &file)?;
            say(&t!(
                lang,
                "cli-backup-written",
                path = file.display().to_string(),
                size = size
            ))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Restore { file } => {
            let pass = keys.ask()?;
            let vault = veerkracht_usecases::recovery::restore_backup(&file, &dir, &pass)?;
            let n = Session::from_vault(vault, None)?.caseload().len();
            say(&t!(
                lang,
                "cli-restored",
                path = dir.display().to_string(),
                count = n
            ))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Purge { before } => {
            let cutoff = parse_date("before", &before)?;
            let mut vault = open_vault(&dir, &keys.current(&dir)?)?;
            let n = vault.purge_before(cutoff)?;
            say(&t!(
                lang,
                "cli-purged",
                count = n,
                cutoff = cutoff.to_string()
            ))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Log { json } => {
            let vault = open_vault(&dir, &keys.current(&dir)?)?;
            let log = vault.audit_log()?;
            out(&output::audit(&log, json, lang))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::ScanText => {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut text).map_err(|_| {
                veerkracht_usecases::Error::invalid("stdin", veerkracht_core::Rule::NotUtf8)
            })?;
            let findings = veerkracht_core::scan::scan(&text);
            out(&format!(
                "{}\n",
                serde_json::to_string(&findings).expect("plain data")
            ))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Passphrase => {
            let mut vault = open_vault(&dir, &keys.current(&dir)?)?;
            let new = keys.new_one("VEERKRACHT_NEW_PASSPHRASE")?;
            session::change_passphrase(&mut vault, &new)?;
            say(&t!(lang, "cli-passphrase-changed"))?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn parse_date(field: &str, value: &str) -> Result<chrono::NaiveDate, CliError> {
    exchange::parse_iso_date(value.trim()).ok_or_else(|| {
        CliError::from(veerkracht_usecases::Error::invalid(
            field,
            veerkracht_core::Rule::WrongShape {
                expected: veerkracht_core::validate::Expected::Date,
            },
        ))
    })
}

fn init(dir: &Path, keys: &Keys, lang: Lang) -> Res {
    let pass = keys.new_one("VEERKRACHT_PASSPHRASE")?;
    Session::create(dir, &pass)?;
    say(&t!(lang, "cli-init-done", path = dir.display().to_string()))?;
    eprintln!("{}", t!(lang, "cli-init-warning"));
    Ok(ExitCode::SUCCESS)
}

fn import(dir: &Path, file: &Path, replace: bool, accept: bool, keys: &Keys, lang: Lang) -> Res {
    let source = Source::open(file)?;
    let mut vault = open_vault(dir, &keys.current(dir)?)?;
    let findings = if accept {
        Findings::Accept
    } else {
        Findings::Refuse
    };
    let import::Imported { report, accepted } = import::import(
        &vault,
        &source,
        replace,
        findings,
        veerkracht_usecases::today(),
    )?;
    // The files settled where a wait is expected (a large import: the
    // database rewritten without what sled kept of it; a small one: sled's
    // recovery of its log), not by the next command. The import is durable
    // already; should this fail, nothing is lost.
    let _ = vault.after_import(&report);
    say(&t!(
        lang,
        "cli-imported",
        count = report.inserted + report.replaced,
        replaced = report.replaced
    ))?;
    if !accepted.is_empty() {
        let lines: std::collections::BTreeSet<usize> = accepted.iter().map(|f| f.line).collect();
        let mut text = t!(
            lang,
            "cli-import-accepted",
            count = accepted.len(),
            lines = lines.len()
        );
        for f in &accepted {
            text.push_str("\n  ");
            text.push_str(&veerkracht_usecases::messages::line_finding(lang, f));
        }
        say(&text)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn records(dir: &Path, to: Option<&Path>, keys: &Keys, lang: Lang) -> Res {
    let vault = veerkracht_usecases::session::open_vault(dir, &keys.current(dir)?)?;
    let loaded = vault.load()?;
    let cb = Codebook::embedded();
    let mut text = String::new();
    for e in &loaded.encounters {
        text.push_str(&exchange::to_line(e, cb));
        text.push('\n');
    }
    match to {
        Some(path) => write_private(path, text.as_bytes())?,
        None => out(&text)?,
    }
    Ok(report_damaged(&loaded.damaged, lang))
}

/// Writes a new file readable by its owner only (it holds every note).
fn write_private(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    let write_error = |source| veerkracht_usecases::Error::WriteFile {
        path: path.to_path_buf(),
        source,
    };
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut f = options.open(path).map_err(write_error)?;
    f.write_all(bytes)
        .and_then(|_| f.sync_all())
        .map_err(write_error)?;
    Ok(())
}

/// Records `list` reads at a time (see `lookup::matching_in_slices`).
const LIST_SLICE: usize = 8192;

fn list(dir: &Path, filter: crate::FilterArgs, json: bool, keys: &Keys, lang: Lang) -> Res {
    let filter = Filter::parse(filter.input(), Codebook::embedded())
        .map_err(veerkracht_usecases::Error::Invalid)?;
    let vault = open_vault(dir, &keys.current(dir)?)?;
    // A slice of the records at a time: what a million would take in
    // memory is only the table's cells, or nothing for JSON (written as it
    // comes, from the first slice read: a failure to read the index
    // writes nothing; one after it leaves the array unfinished).
    let cb = Codebook::embedded();
    let mut written = 0;
    let mut opened = false;
    let mut rows = Vec::new();
    // Standard output failing (not a closed pipe, which `out` ignores)
    // stops the reading.
    let mut stdout_failed = None;
    let damaged = lookup::matching_in_slices(&vault, &filter, LIST_SLICE, |slice| {
        if json {
            let mut text = String::new();
            if !opened {
                text.push('[');
                opened = true;
            }
            text.push_str(&output::encounters_json_elements(&slice, written));
            if let Err(e) = out(&text) {
                stdout_failed = Some(e);
                return Ok(std::ops::ControlFlow::Break(()));
            }
        } else {
            let hits: Vec<&veerkracht_core::Encounter> = slice.iter().collect();
            rows.extend(output::encounter_rows(&hits, cb, lang));
        }
        written += slice.len();
        Ok(std::ops::ControlFlow::Continue(()))
    })?;
    if let Some(e) = stdout_failed {
        return Err(e);
    }
    if json {
        if !opened {
            out("[")?;
        }
        out(output::array_end(written))?;
    } else {
        out(&output::encounter_table_of(&rows, lang))?;
    }
    Ok(report_damaged(&damaged, lang))
}

fn show(dir: &Path, id: &str, json: bool, keys: &Keys, lang: Lang) -> Res {
    let vault = open_vault(dir, &keys.current(dir)?)?;
    let e = lookup::find(&vault, id)?;
    if json {
        out(&output::encounter_json(&e))?;
    } else {
        out(&output::encounter_detail(&e, Codebook::embedded(), lang))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn families(dir: &Path, json: bool, keys: &Keys, lang: Lang) -> Res {
    let vault = open_vault(dir, &keys.current(dir)?)?;
    let (fams, damaged) = lookup::families(&vault)?;
    if json {
        out(&format!(
            "{}\n",
            serde_json::to_string_pretty(&output::families_json(&fams)).expect("plain data")
        ))?;
    } else {
        out(&output::family_table(&fams, Codebook::embedded(), lang))?;
    }
    Ok(report_damaged(&damaged, lang))
}

#[allow(clippy::too_many_arguments)]
fn demo(
    dir: &Path,
    families: u64,
    encounters: u64,
    seed: u64,
    until: Option<String>,
    jsonl: Option<PathBuf>,
    keys: &Keys,
    lang: Lang,
) -> Res {
    let until = match until {
        Some(s) => parse_date("until", &s)?,
        None => veerkracht_usecases::today(),
    };
    let spec = veerkracht_usecases::demo::spec(families, encounters, seed, until)?;
    let caseload = veerkracht_core::demo::generate(Codebook::embedded(), &spec);
    let family_count = veerkracht_core::caseload::families(&caseload).len();
    if let Some(path) = jsonl {
        let cb = Codebook::embedded();
        let mut text = String::new();
        for e in &caseload {
            text.push_str(&exchange::to_line(e, cb));
            text.push('\n');
        }
        write_private(&path, text.as_bytes())?;
    } else {
        let vault = open_vault(dir, &keys.current(dir)?)?;
        vault
            .import(&caseload, false)
            .map_err(veerkracht_usecases::Error::from)?;
    }
    say(&t!(
        lang,
        "cli-demo",
        encounters = caseload.len(),
        families = family_count,
        seed = seed,
        until = until.to_string()
    ))?;
    Ok(ExitCode::SUCCESS)
}

fn export(
    dir: &Path,
    period: String,
    folder: &Path,
    k: Option<u64>,
    k_high: Option<u64>,
    keys: &Keys,
    lang: Lang,
) -> Res {
    let started = std::time::Instant::now();
    let request = ExportRequest {
        period,
        k,
        k_high,
        lang,
    };
    // Check what was typed before asking for the passphrase.
    request.parse()?;
    let vault = open_vault(dir, &keys.current(dir)?)?;
    let exported = veerkracht_usecases::export::export(&vault, &request, folder)?;
    out(&output::package_summary(&exported, started, lang))?;
    if exported.by_ledger > 0 {
        say(&t!(
            lang,
            "cli-export-by-ledger",
            count = exported.by_ledger
        ))?;
    }
    if exported.already_derivable > 0 {
        eprintln!(
            "veerkracht: {}",
            t!(
                lang,
                "cli-export-derivable",
                count = exported.already_derivable
            )
        );
    }
    if exported.encounters == 0 {
        eprintln!(
            "veerkracht: {}",
            t!(
                lang,
                "cli-export-empty",
                period = exported.package.period.to_string()
            )
        );
    }
    // Counted from the index: a record that no longer decrypts is not
    // in it (`records` and the app's unlock report such records).
    Ok(ExitCode::SUCCESS)
}

fn verify(folder: &Path, lang: Lang) -> Res {
    let p = packages::verify(folder)?;
    let (published, suppressed) = veerkracht_usecases::export::status_counts(&p);
    say(&t!(
        lang,
        "cli-verify-sound",
        path = folder.display().to_string(),
        period = p.period.to_string(),
        id = p.id.to_string(),
        published = published,
        total = published + suppressed
    ))?;
    Ok(ExitCode::SUCCESS)
}

fn audit(folders: &[PathBuf], versions: &str, json: bool, verdict_only: bool, lang: Lang) -> Res {
    let versions = match versions {
        "additions" => packages::Versions::Additions,
        "unrelated" => packages::Versions::Unrelated,
        other => {
            return Err(veerkracht_usecases::Error::invalid(
                "versions",
                veerkracht_core::Rule::UnknownQualifier {
                    value: other.to_string(),
                    allowed: vec!["additions".into(), "unrelated".into()],
                },
            )
            .into())
        }
    };
    let thoroughness = if verdict_only {
        packages::Thoroughness::VerdictOnly
    } else {
        packages::Thoroughness::Intervals
    };
    let report = packages::audit(folders, versions, thoroughness)?;
    out(&output::audit_report(&report, json, lang))?;
    Ok(match output::verdict(&report) {
        "exact" => ExitCode::from(EXIT_EXACT),
        "undecided" => ExitCode::from(EXIT_UNDECIDED),
        _ => ExitCode::SUCCESS,
    })
}

fn report_damaged(damaged: &[DamagedRecord], lang: Lang) -> ExitCode {
    if damaged.is_empty() {
        return ExitCode::SUCCESS;
    }
    for d in damaged {
        eprintln!(
            "veerkracht: {}",
            t!(lang, "cli-damaged-record", key = d.key.clone())
        );
    }
    eprintln!(
        "veerkracht: {}",
        t!(lang, "cli-damaged-summary", count = damaged.len())
    );
    ExitCode::from(EXIT_PARTIAL)
}

/// Where passphrases come from: a file descriptor given with
/// `--passphrase-fd` (one per line), the environment, or the terminal.
struct Keys {
    fd: Option<u32>,
    lang: Lang,
}

impl Keys {
    /// Lines of the passphrase descriptor, read once.
    fn fd_lines(&self) -> Result<Option<Vec<String>>, CliError> {
        // The error kept as its OS code (or kind), so that it is worded in
        // the person's language each time it is reported.
        type Read = Result<Vec<String>, (Option<i32>, std::io::ErrorKind)>;
        static LINES: std::sync::OnceLock<Read> = std::sync::OnceLock::new();
        let Some(fd) = self.fd else { return Ok(None) };
        let read = LINES.get_or_init(|| {
            std::fs::read_to_string(format!("/dev/fd/{fd}"))
                .map(|t| t.lines().map(str::to_string).collect())
                .map_err(|e| (e.raw_os_error(), e.kind()))
        });
        match read {
            Ok(lines) => Ok(Some(lines.clone())),
            Err((code, kind)) => Err(CliError::PassphraseFd {
                fd,
                source: code
                    .map(std::io::Error::from_raw_os_error)
                    .unwrap_or_else(|| std::io::Error::from(*kind)),
            }),
        }
    }

    /// The current passphrase of the vault in `dir`; a missing vault is
    /// reported before asking for a passphrase that could not help.
    fn current(&self, dir: &Path) -> Result<String, CliError> {
        if !veerkracht_store::exists(dir) {
            return Err(veerkracht_store::Error::NoVault {
                path: dir.to_path_buf(),
            }
            .into());
        }
        self.ask()
    }

    fn ask(&self) -> Result<String, CliError> {
        if let Some(lines) = self.fd_lines()? {
            return Ok(lines.first().cloned().unwrap_or_default());
        }
        if let Ok(p) = std::env::var("VEERKRACHT_PASSPHRASE") {
            return Ok(p);
        }
        if std::io::stdin().is_terminal() {
            return rpassword::prompt_password(t!(self.lang, "cli-passphrase-prompt"))
                .map_err(|source| CliError::PassphraseFd { fd: 0, source });
        }
        Err(CliError::NoPassphrase {
            var: "VEERKRACHT_PASSPHRASE",
        })
    }

    /// A new passphrase (for `init`, from the first line of the descriptor;
    /// for `passphrase`, from the second), checked against the rule.
    fn new_one(&self, var: &'static str) -> Result<String, CliError> {
        let pass = if let Some(lines) = self.fd_lines()? {
            let at = usize::from(var != "VEERKRACHT_PASSPHRASE");
            match lines.get(at) {
                Some(line) => line.clone(),
                // Missing, not weak: say which line the descriptor lacks.
                None => {
                    return Err(CliError::PassphraseLineMissing {
                        fd: self.fd.unwrap_or_default(),
                        line: at + 1,
                    })
                }
            }
        } else if let Ok(p) = std::env::var(var) {
            p
        } else if std::io::stdin().is_terminal() {
            let prompt = |id: &str| {
                rpassword::prompt_password(t!(self.lang, id))
                    .map_err(|source| CliError::PassphraseFd { fd: 0, source })
            };
            let a = prompt("cli-new-passphrase-prompt")?;
            let b = prompt("cli-passphrase-again-prompt")?;
            if a != b {
                return Err(CliError::PassphrasesDiffer);
            }
            let id = format!(
                "strength-{}",
                veerkracht_core::passphrase::strength(&a)
                    .id()
                    .replace('_', "-")
            );
            eprintln!("{}", t!(self.lang, &id));
            a
        } else {
            return Err(CliError::NoPassphrase { var });
        };
        veerkracht_core::passphrase::check_new(&pass)?;
        Ok(pass)
    }
}
