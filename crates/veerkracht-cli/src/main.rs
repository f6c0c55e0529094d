//! `veerkracht`: the command line over the same core and store as the app.
//!
//! Glue only: parse arguments, call `veerkracht-core` / `veerkracht-store`,
//! print. Any logic a user relies on lives in those crates, so the app and
//! the CLI can never disagree.

mod output;
mod store_text;

/// mimalloc: decoding a vault allocates many small strings (see the app).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use anyhow::{anyhow, bail, Result};
use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use std::collections::HashMap;
use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use uuid::Uuid;
use veerkracht_core::caseload::{self, Filter};
use veerkracht_core::demo::{self, DemoSpec};
use veerkracht_core::exchange;
use veerkracht_core::{Codebook, FamilyCode, FieldError, Lang, Rule};
use veerkracht_store::{KdfParams, Vault};

#[derive(Parser)]
#[command(
    name = "veerkracht",
    version,
    about = "Veerkracht: anonymous case notes for frontline work with Brussels families",
    long_about = "Veerkracht: anonymous case notes for frontline work with Brussels families.\n\n\
                  The passphrase comes from VEERKRACHT_PASSPHRASE, or is asked on the terminal."
)]
struct Cli {
    /// Vault folder (default: VEERKRACHT_DATA_DIR, else the platform data directory).
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Language of labels and messages: nl, fr or en (default: VEERKRACHT_LANG, else the locale).
    #[arg(long, global = true, value_name = "LANG")]
    lang: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create a new, empty vault.
    Init,
    /// Import encounters from JSON Lines (exchange format); all or nothing.
    Import {
        /// The file to read, or - for standard input.
        file: PathBuf,
        /// Replace encounters whose id is already in the vault.
        #[arg(long)]
        replace: bool,
    },
    /// Write every encounter in the exchange format (JSON Lines, by date then id).
    Records {
        /// Write to this file instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// List encounters, by date.
    List {
        #[command(flatten)]
        filter: FilterArgs,
        /// Print JSON (an array of exchange-format objects).
        #[arg(long)]
        json: bool,
    },
    /// Show one encounter (full id, or a unique prefix of at least 4 characters).
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// List families with their latest situation.
    Families {
        #[arg(long)]
        json: bool,
    },
    /// Add a realistic synthetic caseload, marked as demo data.
    Demo {
        #[arg(long, default_value_t = 50)]
        families: usize,
        #[arg(long, default_value_t = 300)]
        encounters: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Last date of the caseload (default: today); with the seed it fixes the output.
        #[arg(long, value_name = "YYYY-MM-DD")]
        until: Option<String>,
        /// Write JSON Lines to this file instead of adding to the vault (no vault needed).
        #[arg(long, value_name = "FILE")]
        jsonl: Option<PathBuf>,
    },
    /// Print the codebook.
    Codebook {
        /// Print the codebook contract as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Change the vault's passphrase (new one from VEERKRACHT_NEW_PASSPHRASE or a prompt).
    Passphrase,
    /// Make a signal package for researchers: aggregates only, small cells suppressed.
    Export {
        /// YYYY-MM, YYYY-Qn or YYYY.
        #[arg(long)]
        period: String,
        /// Folder to write the package into (created; must not hold a package).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Threshold for ordinary cells (at least 5).
        #[arg(long)]
        k: Option<u64>,
        /// Threshold for sensitive cells such as residence status (at least 10).
        #[arg(long)]
        k_high: Option<u64>,
    },
    /// Merge packages of the same period from several workers into one.
    Merge {
        /// Package folders.
        #[arg(required = true, num_args = 1..)]
        packages: Vec<PathBuf>,
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Check a package's integrity and its disclosure rules.
    Verify { package: PathBuf },
    /// Write an encrypted backup of the vault to FILE (only the passphrase opens it).
    Backup { file: PathBuf },
    /// Restore a backup FILE into a new vault folder (--data-dir, new or empty).
    Restore { file: PathBuf },
    /// Delete encounters dated before DATE and rewrite the vault so that nothing of them remains.
    Purge {
        #[arg(long, value_name = "YYYY-MM-DD")]
        before: String,
    },
    /// Show the audit log (what happened and when, never content).
    Audit {
        #[arg(long)]
        json: bool,
    },
    /// Scan text on standard input for identifiers; prints JSON findings
    /// (kind, start, end, text; offsets in characters).
    ScanText,
}

#[derive(clap::Args, Default)]
struct FilterArgs {
    /// Only this family (XXXX-XXXX).
    #[arg(long)]
    family: Option<String>,
    /// From this date on (YYYY-MM-DD).
    #[arg(long)]
    from: Option<String>,
    /// Up to and including this date (YYYY-MM-DD).
    #[arg(long)]
    to: Option<String>,
    /// Only encounters with this theme (recorded or implied).
    #[arg(long)]
    theme: Option<String>,
    /// Only encounters with this need.
    #[arg(long)]
    need: Option<String>,
    /// With --need or alone: only this need status (met, pending, unmet).
    #[arg(long)]
    need_status: Option<String>,
    #[arg(long)]
    outcome: Option<String>,
    #[arg(long)]
    municipality: Option<String>,
    /// Words that must all appear in the note.
    #[arg(long)]
    text: Option<String>,
}

/// Exit codes: 0 success, 1 error, 2 usage (clap), 3 partial (damaged records).
const EXIT_PARTIAL: u8 = 3;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang = choose_lang(cli.lang.as_deref());
    match run(cli, lang) {
        Ok(code) => code,
        Err(e) => {
            // One line, in the user's language where the error is ours.
            let text = if let Some(store) = e.downcast_ref::<veerkracht_store::Error>() {
                store_text::store_error(store, lang)
            } else if let Some(core) = e.downcast_ref::<veerkracht_core::Error>() {
                core.message(lang)
            } else {
                format!("{e:#}")
            };
            eprintln!("veerkracht: {}", text.replace('\n', " "));
            ExitCode::FAILURE
        }
    }
}

fn choose_lang(flag: Option<&str>) -> Lang {
    if let Some(l) = flag.and_then(|l| l.parse().ok()) {
        return l;
    }
    if let Some(l) = std::env::var("VEERKRACHT_LANG")
        .ok()
        .and_then(|l| l.parse().ok())
    {
        return l;
    }
    veerkracht_store::preferences::system_lang()
}

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

fn run(cli: Cli, lang: Lang) -> Result<ExitCode> {
    if let Some(l) = &cli.lang {
        l.parse::<Lang>()?;
    }
    let dir = cli
        .data_dir
        .clone()
        .unwrap_or_else(veerkracht_store::default_dir);
    let cb = Codebook::embedded();
    match cli.command {
        Command::Init => {
            let pass = new_passphrase("VEERKRACHT_PASSPHRASE", lang)?;
            Vault::create(&dir, &pass, KdfParams::default())?;
            println!(
                "{} {}",
                lang.pick(
                    "Nieuwe kluis gemaakt in",
                    "Nouveau coffre créé dans",
                    "New vault created in"
                ),
                dir.display()
            );
            eprintln!(
                "{}",
                lang.pick(
                    "Let op: wie de wachtwoordzin verliest, verliest de gegevens. Niemand kan hem herstellen.",
                    "Attention : perdre la phrase secrète, c'est perdre les données. Personne ne peut la récupérer.",
                    "Note: losing the passphrase means losing the data. Nobody can recover it."
                )
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Import { file, replace } => import(&dir, &file, replace, cb, lang),
        Command::Records { out } => {
            let vault = open(&dir, lang)?;
            let loaded = vault.load()?;
            let mut text = String::new();
            for e in &loaded.encounters {
                text.push_str(&exchange::to_line(e, cb));
                text.push('\n');
            }
            match out {
                Some(path) => {
                    std::fs::write(&path, text).map_err(|e| file_error(lang, false, &path, e))?
                }
                None => write_stdout(&text)?,
            }
            Ok(report_damaged(&loaded.damaged, lang))
        }
        Command::List { filter, json } => {
            let filter = filter.into_filter(cb, lang)?;
            let vault = open(&dir, lang)?;
            let loaded = vault.load()?;
            let hits = filter.apply(&loaded.encounters, cb);
            if json {
                let arr: Vec<_> = hits
                    .iter()
                    .map(|e| serde_json::Value::Object(exchange::to_object(e, cb)))
                    .collect();
                write_stdout(&format!("{}\n", serde_json::to_string_pretty(&arr)?))?;
            } else {
                write_stdout(&output::encounter_table(&hits, cb, lang))?;
            }
            Ok(report_damaged(&loaded.damaged, lang))
        }
        Command::Show { id, json } => {
            let vault = open(&dir, lang)?;
            let loaded = vault.load()?;
            let e = find_by_id(&loaded.encounters, &id, lang)?;
            if json {
                let mut obj = exchange::to_object(e, cb);
                obj.insert("derived".into(), output::derived_json(e, cb));
                write_stdout(&format!("{}\n", serde_json::to_string_pretty(&obj)?))?;
            } else {
                write_stdout(&output::encounter_detail(e, cb, lang))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Families { json } => {
            let vault = open(&dir, lang)?;
            let loaded = vault.load()?;
            let fams = caseload::families(&loaded.encounters);
            if json {
                write_stdout(&format!(
                    "{}\n",
                    serde_json::to_string_pretty(&output::families_json(&fams))?
                ))?;
            } else {
                write_stdout(&output::family_table(&fams, cb, lang))?;
            }
            Ok(report_damaged(&loaded.damaged, lang))
        }
        Command::Demo {
            families,
            encounters,
            seed,
            until,
            jsonl,
        } => {
            let until = match until {
                Some(s) => parse_date_arg("--until", &s, lang)?,
                None => today(),
            };
            let spec = DemoSpec {
                families,
                encounters,
                seed,
                until,
                days: 365,
            };
            let caseload = demo::generate(cb, &spec);
            let family_count = caseload::families(&caseload).len();
            if let Some(path) = jsonl {
                let mut f = std::io::BufWriter::new(
                    std::fs::File::create(&path).map_err(|e| file_error(lang, false, &path, e))?,
                );
                for e in &caseload {
                    writeln!(f, "{}", exchange::to_line(e, cb))?;
                }
                f.flush()?;
            } else {
                let vault = open(&dir, lang)?;
                vault.import(&caseload, false)?;
            }
            println!(
                "{} {} {} {} (seed {seed}, {} {until})",
                caseload.len(),
                lang.pick(
                    "demo-contacten voor",
                    "rencontres de démonstration pour",
                    "demo encounters for"
                ),
                family_count,
                lang.pick("gezinnen", "familles", "families"),
                lang.pick("tot", "jusqu'au", "until"),
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Codebook { json } => {
            if json {
                write_stdout(veerkracht_core::codebook::CODEBOOK_JSON)?;
            } else {
                write_stdout(&output::codebook_text(cb, lang))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Export {
            period,
            out,
            k,
            k_high,
        } => export(&dir, &period, &out, k, k_high, cb, lang),
        Command::Merge { packages, out } => {
            let started = std::time::Instant::now();
            let mut sources = Vec::new();
            for path in &packages {
                let (p, files) = read_package(path)?;
                let problems = veerkracht_signals::package::verify(&p, &files, cb);
                if let Some(first) = problems.first() {
                    bail!(
                        "{}: {} ({})",
                        path.display(),
                        first.0,
                        lang.pick(
                            "niet samengevoegd",
                            "rien n'a été fusionné",
                            "nothing merged"
                        )
                    );
                }
                sources.push(p);
            }
            let merged = veerkracht_signals::package::merge(
                &sources,
                cb,
                package_meta(veerkracht_signals::disclosure::Thresholds::default()),
            )
            .map_err(|e| anyhow!("{e}"))?;
            let written = write_package(&merged, &out, cb, lang)?;
            print_package_summary(&merged, &written, started, lang);
            Ok(ExitCode::SUCCESS)
        }
        Command::Verify { package } => {
            let (p, files) = read_package(&package)?;
            let problems = veerkracht_signals::package::verify(&p, &files, cb);
            if problems.is_empty() {
                let published = p
                    .signals
                    .iter()
                    .filter(|s| !s.counts.status.is_suppressed())
                    .count();
                println!(
                    "{}: {} {} ({} {}, {}/{} {})",
                    package.display(),
                    lang.pick("in orde", "conforme", "sound"),
                    p.period,
                    p.id,
                    lang.pick("pakket", "paquet", "package"),
                    published,
                    p.signals.len(),
                    lang.pick(
                        "signaalrijen gepubliceerd",
                        "lignes de signaux publiées",
                        "signal rows published"
                    ),
                );
                Ok(ExitCode::SUCCESS)
            } else {
                for problem in &problems {
                    eprintln!("{}: {}", package.display(), problem.0);
                }
                bail!(
                    "{} {}",
                    problems.len(),
                    lang.pick("problemen gevonden", "problèmes trouvés", "problems found")
                );
            }
        }
        Command::Backup { file } => {
            let vault = open(&dir, lang)?;
            let size = vault.backup(&file)?;
            println!(
                "{} {} ({size} bytes)",
                lang.pick(
                    "Back-up geschreven naar",
                    "Sauvegarde écrite dans",
                    "Backup written to"
                ),
                file.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Restore { file } => {
            let pass = passphrase(lang)?;
            let vault = veerkracht_store::restore(&file, &dir, &pass)?;
            let n = vault.load()?.encounters.len();
            println!(
                "{} {} ({n} {})",
                lang.pick("Teruggezet in", "Restauré dans", "Restored into"),
                dir.display(),
                lang.pick("contacten", "rencontres", "encounters")
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Purge { before } => {
            let cutoff = parse_date_arg("--before", &before, lang)?;
            let mut vault = open(&dir, lang)?;
            let n = vault.purge_before(cutoff)?;
            println!(
                "{n} {} {cutoff}",
                lang.pick(
                    "contacten verwijderd van vóór",
                    "rencontres supprimées d'avant le",
                    "encounters deleted from before"
                )
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Audit { json } => {
            let vault = open(&dir, lang)?;
            let log = vault.audit_log()?;
            if json {
                write_stdout(&format!("{}\n", serde_json::to_string_pretty(&log)?))?;
            } else {
                let mut text = String::new();
                for e in &log {
                    let at = chrono::DateTime::from_timestamp(e.at, 0)
                        .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
                        .unwrap_or_default();
                    text.push_str(&format!(
                        "{at}  {:<26} {:>6}  {}\n",
                        e.action.id(),
                        e.count,
                        e.detail
                    ));
                }
                write_stdout(&text)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::ScanText => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .map_err(|_| anyhow!("{}", Rule::NotUtf8.message(lang)))?;
            let findings = veerkracht_core::scan::scan(&text);
            write_stdout(&format!("{}\n", serde_json::to_string(&findings)?))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Passphrase => {
            let vault = open(&dir, lang)?;
            let new = new_passphrase("VEERKRACHT_NEW_PASSPHRASE", lang)?;
            vault.change_passphrase(&new, KdfParams::default())?;
            println!(
                "{}",
                lang.pick(
                    "Wachtwoordzin gewijzigd.",
                    "Phrase secrète modifiée.",
                    "Passphrase changed."
                )
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Writes to stdout; a closed pipe (`veerkracht records | head`) is not an error.
fn write_stdout(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

/// A file that cannot be read or written, said in the user's language.
fn file_error(
    lang: Lang,
    reading: bool,
    path: &std::path::Path,
    e: std::io::Error,
) -> anyhow::Error {
    let what = if reading {
        lang.pick("kan niet lezen:", "impossible de lire :", "cannot read")
    } else {
        lang.pick(
            "kan niet schrijven:",
            "impossible d'écrire :",
            "cannot write",
        )
    };
    let why = match e.kind() {
        std::io::ErrorKind::NotFound => lang
            .pick(
                "bestand of map bestaat niet",
                "fichier ou dossier introuvable",
                "no such file or folder",
            )
            .to_string(),
        std::io::ErrorKind::PermissionDenied => lang
            .pick("geen toegang", "accès refusé", "permission denied")
            .to_string(),
        _ => e.to_string(),
    };
    anyhow!("{what} {} ({why})", path.display())
}

fn report_damaged(damaged: &[veerkracht_store::DamagedRecord], lang: Lang) -> ExitCode {
    if damaged.is_empty() {
        return ExitCode::SUCCESS;
    }
    for d in damaged {
        eprintln!(
            "veerkracht: {} {} ({})",
            lang.pick(
                "beschadigd record",
                "enregistrement endommagé",
                "damaged record"
            ),
            d.key,
            d.reason
        );
    }
    eprintln!(
        "veerkracht: {} {}",
        damaged.len(),
        lang.pick(
            "record(s) konden niet gelezen worden; de andere wel. Herstel een back-up.",
            "enregistrement(s) illisible(s) ; les autres ont été lus. Restaurez une sauvegarde.",
            "record(s) could not be read; the others were. Restore a backup."
        )
    );
    ExitCode::from(EXIT_PARTIAL)
}

fn passphrase(lang: Lang) -> Result<String> {
    if let Ok(p) = std::env::var("VEERKRACHT_PASSPHRASE") {
        return Ok(p);
    }
    if std::io::stdin().is_terminal() {
        return Ok(rpassword::prompt_password(lang.pick(
            "Wachtwoordzin: ",
            "Phrase secrète : ",
            "Passphrase: ",
        ))?);
    }
    bail!(
        "{}",
        lang.pick(
            "geen wachtwoordzin: zet VEERKRACHT_PASSPHRASE of start in een terminal",
            "pas de phrase secrète : définissez VEERKRACHT_PASSPHRASE ou lancez dans un terminal",
            "no passphrase: set VEERKRACHT_PASSPHRASE or run in a terminal"
        )
    )
}

fn new_passphrase(var: &str, lang: Lang) -> Result<String> {
    let pass = if let Ok(p) = std::env::var(var) {
        p
    } else if std::io::stdin().is_terminal() {
        let a = rpassword::prompt_password(lang.pick(
            "Nieuwe wachtwoordzin: ",
            "Nouvelle phrase secrète : ",
            "New passphrase: ",
        ))?;
        let b = rpassword::prompt_password(lang.pick(
            "Nog eens: ",
            "Encore une fois : ",
            "Once more: ",
        ))?;
        if a != b {
            bail!(
                "{}",
                lang.pick(
                    "de twee wachtwoordzinnen verschillen",
                    "les deux phrases secrètes diffèrent",
                    "the two passphrases differ"
                )
            );
        }
        eprintln!("{}", veerkracht_core::passphrase::strength(&a).hint(lang));
        a
    } else {
        bail!(
            "{} {var} {}",
            lang.pick(
                "geen wachtwoordzin: zet",
                "pas de phrase secrète : définissez",
                "no passphrase: set"
            ),
            lang.pick(
                "of start in een terminal",
                "ou lancez dans un terminal",
                "or run in a terminal"
            )
        );
    };
    veerkracht_core::passphrase::check_new(&pass)?;
    Ok(pass)
}

fn open(dir: &std::path::Path, lang: Lang) -> Result<Vault> {
    if !veerkracht_store::exists(dir) {
        // Say so before asking for a passphrase that could not help.
        return Err(Vault::open(dir, "").unwrap_err().into());
    }
    let pass = passphrase(lang)?;
    Ok(Vault::open(dir, &pass)?)
}

fn parse_date_arg(flag: &str, value: &str, lang: Lang) -> Result<NaiveDate> {
    exchange::parse_iso_date(value).ok_or_else(|| {
        anyhow!(
            "{flag}: {}",
            Rule::WrongShape {
                expected: veerkracht_core::validate::Expected::Date
            }
            .message(lang)
        )
    })
}

fn find_by_id<'a>(
    all: &'a [veerkracht_core::Encounter],
    id: &str,
    lang: Lang,
) -> Result<&'a veerkracht_core::Encounter> {
    let needle = id.trim().to_ascii_lowercase();
    if let Ok(full) = Uuid::parse_str(&needle) {
        if let Some(e) = all.iter().find(|e| e.id == full) {
            return Ok(e);
        }
    } else if needle.len() >= 4 {
        let hits: Vec<_> = all
            .iter()
            .filter(|e| e.id.to_string().starts_with(&needle))
            .collect();
        if hits.len() == 1 {
            return Ok(hits[0]);
        }
        if hits.len() > 1 {
            bail!(
                "{} '{id}' ({})",
                lang.pick(
                    "meerdere contacten beginnen met",
                    "plusieurs rencontres commencent par",
                    "several encounters start with"
                ),
                hits.len()
            );
        }
    }
    bail!(
        "{} '{id}'",
        lang.pick(
            "geen contact met id",
            "aucune rencontre avec l'identifiant",
            "no encounter with id"
        )
    )
}

impl FilterArgs {
    fn into_filter(self, cb: &Codebook, lang: Lang) -> Result<Filter> {
        let check = |flag: &str, dim: &str, code: &Option<String>| -> Result<()> {
            if let Some(c) = code {
                let known = cb.dimension(dim).is_some_and(|d| d.has_code(c));
                if !known {
                    bail!(
                        "--{flag}: {}",
                        Rule::UnknownCode { code: c.clone() }.message(lang)
                    );
                }
            }
            Ok(())
        };
        check("theme", "themes", &self.theme)?;
        check("need", "needs", &self.need)?;
        check("outcome", "outcome", &self.outcome)?;
        check("municipality", "municipality", &self.municipality)?;
        if let Some(s) = &self.need_status {
            let dim = cb.dimension("needs").expect("codebook has needs");
            if dim.qualifier(s).is_none() {
                bail!(
                    "--need-status: {}",
                    Rule::UnknownQualifier {
                        value: s.clone(),
                        allowed: dim.qualifiers.iter().map(|q| q.code.clone()).collect()
                    }
                    .message(lang)
                );
            }
        }
        let family = match &self.family {
            Some(f) => Some(
                FamilyCode::parse(f)
                    .map_err(|p| anyhow!("--family: {}", Rule::FamilyCode(p).message(lang)))?,
            ),
            None => None,
        };
        Ok(Filter {
            family,
            from: self
                .from
                .as_deref()
                .map(|d| parse_date_arg("--from", d, lang))
                .transpose()?,
            to: self
                .to
                .as_deref()
                .map(|d| parse_date_arg("--to", d, lang))
                .transpose()?,
            theme: self.theme,
            need: self.need,
            need_status: self.need_status,
            outcome: self.outcome,
            municipality: self.municipality,
            text: self.text,
        })
    }
}

fn package_meta(
    thresholds: veerkracht_signals::disclosure::Thresholds,
) -> veerkracht_signals::package::Meta {
    veerkracht_signals::package::Meta {
        id: Uuid::new_v4(),
        created: chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        generator: format!("veerkracht {}", env!("CARGO_PKG_VERSION")),
        thresholds,
    }
}

fn export(
    dir: &std::path::Path,
    period: &str,
    out: &std::path::Path,
    k: Option<u64>,
    k_high: Option<u64>,
    cb: &Codebook,
    lang: Lang,
) -> Result<ExitCode> {
    use veerkracht_signals::{disclosure, package};
    let started = std::time::Instant::now();
    let period: veerkracht_signals::period::Period = period.parse().map_err(|_| {
        anyhow!(
            "--period: {} '{period}' (YYYY-MM, YYYY-Qn, YYYY)",
            lang.pick(
                "geen geldige periode",
                "période invalide",
                "not a valid period"
            )
        )
    })?;
    let th = disclosure::Thresholds::new(k, k_high)?;
    if out.join(veerkracht_signals::package::DATAPACKAGE).exists() {
        return Err(veerkracht_store::Error::PackageExists {
            path: out.to_path_buf(),
        }
        .into());
    }
    let vault = open(dir, lang)?;
    let (caseload, damaged) = vault.load_caseload()?;
    let history = vault.releases()?;
    let prepared = package::prepare_caseload(&caseload, cb, period, &history, package_meta(th));
    let (agg, prot, pkg) = (&prepared.aggregate, &prepared.protection, &prepared.package);
    // The ledger first: a release recorded but never shared only makes later
    // packages more careful; the other order could leave one unrecorded.
    vault.record_release(&pkg.id, &package::release(agg, prot))?;
    let written = write_package(pkg, out, cb, lang)?;
    print_package_summary(pkg, &written, started, lang);
    if prot.by_ledger > 0 {
        println!(
            "{} {}",
            prot.by_ledger,
            lang.pick(
                "cellen extra onderdrukt omdat eerdere pakketten ze anders zouden verraden",
                "cellules masquées en plus car des paquets antérieurs les trahiraient",
                "cells also suppressed because earlier packages would otherwise give them away"
            )
        );
    }
    if !prot.already_derivable.is_empty() {
        eprintln!(
            "veerkracht: {} {}",
            prot.already_derivable.len(),
            lang.pick(
                "onderdrukte cellen waren al af te leiden uit eerder vrijgegeven pakketten",
                "cellules masquées étaient déjà déductibles de paquets publiés avant",
                "suppressed cells could already be derived from packages released before"
            )
        );
    }
    if agg.cells[agg.signals.last().expect("total").cell].encounters == 0 {
        eprintln!(
            "veerkracht: {} {period}",
            lang.pick(
                "geen contacten in",
                "aucune rencontre en",
                "no encounters in"
            )
        );
    }
    Ok(report_damaged(&damaged, lang))
}

fn write_package(
    p: &veerkracht_signals::package::Package,
    out: &std::path::Path,
    cb: &Codebook,
    lang: Lang,
) -> Result<Vec<(String, usize)>> {
    let files = veerkracht_signals::package::files(p, cb, lang).map_err(|e| anyhow!("{e}"))?;
    Ok(veerkracht_store::package_dir::write(out, &files)?)
}

fn read_package(
    path: &std::path::Path,
) -> Result<(
    veerkracht_signals::package::Package,
    std::collections::BTreeMap<String, Vec<u8>>,
)> {
    let files = veerkracht_store::package_dir::read(path)?;
    let package = veerkracht_signals::package::read(&files)
        .map_err(|e| anyhow!("{}: {e}", path.display()))?;
    Ok((package, files))
}

fn print_package_summary(
    p: &veerkracht_signals::package::Package,
    written: &[(String, usize)],
    started: std::time::Instant,
    lang: Lang,
) {
    use veerkracht_signals::disclosure::Status;
    let count = |s: Status| {
        p.signals.iter().filter(|r| r.counts.status == s).count()
            + p.crosstabs.iter().filter(|r| r.counts.status == s).count()
    };
    println!(
        "{} {} {} ({} {}, k={}, k_high={})",
        lang.pick("Pakket", "Paquet", "Package"),
        p.period,
        p.id,
        lang.pick("codeboek", "livre de codes", "codebook"),
        p.codebook,
        p.thresholds.k,
        p.thresholds.k_high
    );
    println!(
        "  {}: {}  {}: {}  {}: {}",
        lang.pick("gepubliceerd", "publiées", "published"),
        count(Status::Published),
        lang.pick(
            "primair onderdrukt",
            "masquées (primaire)",
            "suppressed (primary)"
        ),
        count(Status::SuppressedPrimary),
        lang.pick(
            "secundair onderdrukt",
            "masquées (secondaire)",
            "suppressed (secondary)"
        ),
        count(Status::SuppressedSecondary)
    );
    for (name, size) in written {
        println!("  {name:<18} {size:>9} bytes");
    }
    println!(
        "  {} {} ms",
        lang.pick("tijd:", "durée :", "time:"),
        started.elapsed().as_millis()
    );
    if p.demo_encounters > 0 {
        println!(
            "  {} {}",
            p.demo_encounters,
            lang.pick(
                "demo-contacten in dit pakket: geen veldgegevens",
                "rencontres de démonstration dans ce paquet : pas des données de terrain",
                "demo encounters in this package: not field data"
            )
        );
    }
}

/// The most errors printed for one import; the count of the rest follows.
const MAX_REPORTED_ERRORS: usize = 200;

/// Where import lines come from. A file is read twice, streaming (once to
/// check every line, once to store them), so a million encounters never
/// sit in memory at once; standard input can only be read once and is kept.
enum Input {
    File(std::path::PathBuf),
    Bytes(Vec<u8>),
}

impl Input {
    /// Calls `f(line number, line)` for every non-blank line (a BOM and a
    /// CR stripped); `None` for a line that is not UTF-8.
    fn each_line(
        &self,
        lang: Lang,
        mut f: impl FnMut(usize, Option<&str>) -> Result<()>,
    ) -> Result<()> {
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
            Input::Bytes(bytes) => {
                for (i, raw) in bytes.split(|&b| b == b'\n').enumerate() {
                    one(i, raw)?;
                }
            }
            Input::File(path) => {
                use std::io::BufRead;
                let file =
                    std::fs::File::open(path).map_err(|e| file_error(lang, true, path, e))?;
                let mut reader = std::io::BufReader::with_capacity(1 << 20, file);
                let mut buf = Vec::new();
                for i in 0.. {
                    buf.clear();
                    let n = reader
                        .read_until(b'\n', &mut buf)
                        .map_err(|e| file_error(lang, true, path, e))?;
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

fn import(
    dir: &std::path::Path,
    file: &std::path::Path,
    replace: bool,
    cb: &Codebook,
    lang: Lang,
) -> Result<ExitCode> {
    let input = if file.as_os_str() == "-" {
        let mut b = Vec::new();
        std::io::stdin().read_to_end(&mut b)?;
        Input::Bytes(b)
    } else {
        // Fail on a missing or unreadable file before asking for the vault.
        std::fs::File::open(file).map_err(|e| file_error(lang, true, file, e))?;
        Input::File(file.to_path_buf())
    };
    let vault = open(dir, lang)?;
    let today = today();
    let mut errors: Vec<(usize, FieldError)> = Vec::new();
    let mut first_line_of: HashMap<Uuid, usize> = HashMap::new();
    // First pass: every line parsed and checked; nothing kept but ids.
    input.each_line(lang, |n, line| {
        let Some(line) = line else {
            errors.push((n, FieldError::new("line", Rule::NotUtf8)));
            return Ok(());
        };
        match exchange::parse_line(line, cb, today, Uuid::now_v7) {
            Ok(e) => {
                if let Some(&earlier) = first_line_of.get(&e.id) {
                    errors.push((
                        n,
                        FieldError::new(
                            "id",
                            Rule::DuplicateId {
                                id: format!("{} (line {earlier})", e.id),
                            },
                        ),
                    ));
                    return Ok(());
                }
                if !replace && vault.contains(&e.id)? {
                    errors.push((
                        n,
                        FieldError::new(
                            "id",
                            Rule::DuplicateId {
                                id: e.id.to_string(),
                            },
                        ),
                    ));
                }
                first_line_of.insert(e.id, n);
            }
            Err(errs) => errors.extend(errs.into_iter().map(|f| (n, f))),
        }
        Ok(())
    })?;
    if !errors.is_empty() {
        let lines: std::collections::BTreeSet<usize> = errors.iter().map(|(n, _)| *n).collect();
        let mut stderr = std::io::stderr().lock();
        for (n, err) in errors.iter().take(MAX_REPORTED_ERRORS) {
            writeln!(
                stderr,
                "{} {n}: {}",
                lang.pick("regel", "ligne", "line"),
                err.message(lang)
            )?;
        }
        if errors.len() > MAX_REPORTED_ERRORS {
            writeln!(stderr, "… (+{})", errors.len() - MAX_REPORTED_ERRORS)?;
        }
        bail!(
            "{} ({} {} {} {})",
            lang.pick(
                "niets geïmporteerd",
                "rien n'a été importé",
                "nothing imported"
            ),
            errors.len(),
            lang.pick("fouten op", "erreurs sur", "errors on"),
            lines.len(),
            lang.pick("regels", "lignes", "lines"),
        );
    }
    drop(first_line_of);
    // Second pass: the same lines again, each sealed as it is parsed, then
    // stored in one atomic batch. Lines without an id get a new one now.
    let mut batch = vault.begin_import();
    input.each_line(lang, |n, line| {
        let e = line
            .ok_or(())
            .and_then(|l| exchange::parse_line(l, cb, today, Uuid::now_v7).map_err(|_| ()))
            .map_err(|()| {
                anyhow!(
                    "{} {n}: {}",
                    lang.pick("regel", "ligne", "line"),
                    lang.pick(
                        "het bestand veranderde tijdens het importeren; niets geïmporteerd",
                        "le fichier a changé pendant l'import ; rien n'a été importé",
                        "the file changed while importing; nothing imported"
                    )
                )
            })?;
        batch.add(&e)?;
        Ok(())
    })?;
    let report = batch.commit(replace)?;
    println!(
        "{} {} ({} {})",
        report.inserted + report.replaced,
        lang.pick(
            "contacten geïmporteerd",
            "rencontres importées",
            "encounters imported"
        ),
        report.replaced,
        lang.pick("vervangen", "remplacées", "replaced"),
    );
    Ok(ExitCode::SUCCESS)
}
