//! `veerkracht`: the command line over the same use cases as the app.
//!
//! Glue only: parse arguments, call `veerkracht-usecases`, print. Every
//! subcommand is an adapter of a few lines in `commands`; every sentence
//! comes from the message catalogue (`veerkracht-i18n`), so the CLI speaks
//! nl, fr and en with the same words as the app.

mod commands;
mod help;
mod output;

/// mimalloc: decoding a vault allocates many small strings (see the app).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{FromArgMatches, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use veerkracht_core::Lang;
use veerkracht_i18n::t;

/// The command line. The doc comments below say what each command and
/// option is for; the words a person sees (`--help`, `help COMMAND`) come
/// from the catalogue in their language (`help`, keys `cli-help-*`).
#[derive(Parser)]
#[command(
    name = "veerkracht",
    version,
    about = "Veerkracht: anonymous case notes for frontline work with Brussels families",
    long_about = "Veerkracht: anonymous case notes for frontline work with Brussels families.\n\n\
                  The passphrase is asked on the terminal, or read from --passphrase-fd N, \
                  or taken from VEERKRACHT_PASSPHRASE (visible to other programs of the same \
                  user and kept in shell history: prefer the prompt or a file descriptor)."
)]
pub struct Cli {
    /// Vault folder (default: VEERKRACHT_DATA_DIR, else the platform data directory).
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Language of labels and messages: nl, fr or en (default: VEERKRACHT_LANG, else the locale).
    #[arg(long, global = true, value_name = "LANG")]
    lang: Option<String>,
    /// Read the passphrase (and, for `init` and `passphrase`, the new one on
    /// the next line) from this open file descriptor, e.g. `3< file`.
    // Negative numbers are bad values, not unknown options (here and below).
    #[arg(long, global = true, value_name = "N", allow_negative_numbers = true)]
    passphrase_fd: Option<u32>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Create a new, empty vault.
    Init,
    /// Import encounters from JSON Lines (exchange format); all or nothing.
    Import {
        /// The file to read, or - for standard input.
        file: PathBuf,
        /// Replace encounters whose id is already in the vault.
        #[arg(long)]
        replace: bool,
        /// Import notes even where the identifier scanner finds something
        /// (each finding is listed and audited by its kind).
        #[arg(long)]
        accept_findings: bool,
    },
    /// Write every encounter in the exchange format (JSON Lines, by date then id).
    /// This is plain text with every note: keep it encrypted; for a backup use `backup`.
    Records {
        /// Write to this file (new; made readable by you only) instead of standard output.
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
        #[arg(long, default_value_t = 50, allow_negative_numbers = true)]
        families: u64,
        #[arg(long, default_value_t = 300, allow_negative_numbers = true)]
        encounters: u64,
        #[arg(long, default_value_t = 1, allow_negative_numbers = true)]
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
    /// Change the vault's passphrase (new one from VEERKRACHT_NEW_PASSPHRASE, the fd, or a prompt).
    Passphrase,
    /// Make a signal package for researchers: aggregates only, small cells suppressed.
    Export {
        /// YYYY-MM, YYYY-Qn or YYYY.
        #[arg(long)]
        period: String,
        /// Folder to write the package into (new or empty).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Threshold for ordinary cells (at least 5).
        #[arg(long, allow_negative_numbers = true)]
        k: Option<u64>,
        /// Threshold for sensitive cells such as residence status (at least 10).
        #[arg(long, allow_negative_numbers = true)]
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
    /// Stack packages of different periods into one long CSV (a time series).
    Series {
        /// Package folders.
        #[arg(required = true, num_args = 1..)]
        packages: Vec<PathBuf>,
        /// The CSV to write (a new file).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Play the attacker over packages: every suppressed value's interval
    /// and whether any can be computed exactly.
    Audit {
        /// Package folders.
        #[arg(required = true, num_args = 1..)]
        packages: Vec<PathBuf>,
        /// How two versions of one period relate: additions (the default:
        /// changes are new encounters) or unrelated; packages are read in
        /// the order they were made, and a second package of a period
        /// begins a new state of the data.
        #[arg(long, value_name = "HOW", default_value = "additions")]
        versions: String,
        /// Print every interval (JSON).
        #[arg(long)]
        json: bool,
        /// Decide only which values are exact, without their intervals:
        /// much faster over many packages (a year of releases).
        #[arg(long)]
        verdict_only: bool,
    },
    /// Write an encrypted backup of the vault to FILE (new; only the passphrase opens it).
    Backup { file: PathBuf },
    /// Restore a backup FILE into a new vault folder (--data-dir, new or empty).
    Restore { file: PathBuf },
    /// Delete encounters dated before DATE and rewrite the vault so that nothing of them remains.
    Purge {
        #[arg(long, value_name = "YYYY-MM-DD")]
        before: String,
    },
    /// Show the audit log (what happened and when, never content).
    Log {
        #[arg(long)]
        json: bool,
    },
    /// Scan text on standard input for identifiers; prints JSON findings
    /// (kind, start, end, text; offsets in characters).
    ScanText,
    /// Print the help of the program or of a command.
    Help { command: Option<String> },
}

#[derive(clap::Args, Default)]
pub struct FilterArgs {
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
    /// Words that must all appear in the note or the family code (case-insensitive).
    #[arg(long)]
    text: Option<String>,
}

impl FilterArgs {
    fn input(self) -> veerkracht_core::caseload::FilterInput {
        veerkracht_core::caseload::FilterInput {
            family: self.family,
            from: self.from,
            to: self.to,
            theme: self.theme,
            need: self.need,
            need_status: self.need_status,
            outcome: self.outcome,
            municipality: self.municipality,
            text: self.text,
        }
    }
}

fn main() -> ExitCode {
    // Help and usage in the language asked for, before it is checked.
    let parsed = help::command(lang_of_args())
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => return usage_error(e),
    };
    let lang = match choose_lang(cli.lang.as_deref()) {
        Ok(lang) => lang,
        Err(code) => return code,
    };
    match commands::run(cli, lang) {
        Ok(code) => code,
        Err(e) => {
            // One line, then any details (each import problem, each finding).
            let (text, details) = e.words(lang);
            eprintln!("veerkracht: {}", text.replace('\n', " "));
            for d in details {
                eprintln!("  {d}");
            }
            ExitCode::FAILURE
        }
    }
}

/// The language of messages: `--lang`, else `VEERKRACHT_LANG`, else the
/// locale. An unknown `--lang` is a usage error and an unknown
/// `VEERKRACHT_LANG` a warning, both said in the language that follows.
fn choose_lang(flag: Option<&str>) -> Result<Lang, ExitCode> {
    let env = std::env::var("VEERKRACHT_LANG").ok();
    let from_env = env.as_deref().and_then(|l| l.parse().ok());
    let fallback = from_env.unwrap_or_else(veerkracht_store::preferences::system_lang);
    if let Some(flag) = flag {
        return flag.parse().map_err(|e| {
            let words = veerkracht_usecases::Error::from(e).message(fallback);
            eprintln!("veerkracht: {words}");
            ExitCode::from(2)
        });
    }
    if let (Some(value), None) = (&env, from_env) {
        let unknown = veerkracht_core::Error::UnknownLanguage {
            value: value.clone(),
        };
        let words = veerkracht_usecases::Error::from(unknown).message(fallback);
        eprintln!(
            "veerkracht: VEERKRACHT_LANG: {}",
            t!(fallback, "cli-warning", message = words)
        );
    }
    Ok(fallback)
}

/// A command line clap cannot read: help and version as clap prints them,
/// anything else one line in the person's language (clap's own sentences
/// are English), exit code 2.
fn usage_error(e: clap::Error) -> ExitCode {
    use clap::error::{ContextKind, ContextValue, ErrorKind as K};
    if matches!(
        e.kind(),
        K::DisplayHelp | K::DisplayVersion | K::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        // Help comes first, in the language that follows; an unknown
        // `--lang` is still said.
        let lang = lang_of_args();
        for value in lang_values()
            .into_iter()
            .filter(|l| l.parse::<Lang>().is_err())
        {
            let unknown = veerkracht_core::Error::UnknownLanguage { value };
            let words = veerkracht_usecases::Error::from(unknown).message(lang);
            eprintln!(
                "veerkracht: --lang: {}",
                t!(lang, "cli-warning", message = words)
            );
        }
        return match e.print() {
            Ok(()) if e.kind() != K::DisplayHelpOnMissingArgumentOrSubcommand => ExitCode::SUCCESS,
            _ => ExitCode::from(2),
        };
    }
    let lang = lang_of_args();
    let ctx = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let arg = ctx(ContextKind::InvalidArg);
    let message = match e.kind() {
        // An argument that is no option (`2025` after `--period T1`).
        K::UnknownArgument if !arg.starts_with('-') => {
            t!(lang, "cli-usage-unexpected", argument = arg)
        }
        K::UnknownArgument => t!(lang, "cli-usage-unknown-option", option = arg),
        K::InvalidSubcommand => t!(
            lang,
            "cli-usage-unknown-command",
            command = ctx(ContextKind::InvalidSubcommand)
        ),
        // `--period` as the last word: clap reports an empty value.
        K::InvalidValue if ctx(ContextKind::InvalidValue).is_empty() => {
            t!(lang, "cli-usage-needs-value", option = arg)
        }
        K::InvalidValue | K::ValueValidation => t!(
            lang,
            "cli-usage-invalid-value",
            option = arg,
            value = ctx(ContextKind::InvalidValue)
        ),
        K::MissingRequiredArgument => t!(lang, "cli-usage-missing", what = arg),
        K::MissingSubcommand => t!(lang, "cli-usage-missing-command"),
        // `--lang fr --lang nl`: clap reports the option against itself.
        K::ArgumentConflict if ctx(ContextKind::PriorArg) == arg => {
            t!(lang, "cli-usage-twice", option = arg)
        }
        K::ArgumentConflict => t!(
            lang,
            "cli-usage-conflict",
            option = arg,
            other = ctx(ContextKind::PriorArg)
        ),
        _ if !arg.is_empty() => t!(lang, "cli-usage-misused", option = arg),
        _ => t!(lang, "cli-usage-unreadable"),
    };
    let suggestion = [
        ContextKind::SuggestedArg,
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedValue,
    ]
    .into_iter()
    .map(ctx)
    .find(|s| !s.is_empty());
    eprintln!("veerkracht: {message}");
    if let Some(s) = suggestion {
        eprintln!("  {}", t!(lang, "cli-usage-did-you-mean", suggestion = s));
    }
    eprintln!("  {}", t!(lang, "cli-usage-help"));
    ExitCode::from(2)
}

/// Every value given to `--lang X` or `--lang=X` on the command line.
fn lang_values() -> Vec<String> {
    // Not `args()`: an argument that is not UTF-8 (a path) would panic.
    let args: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    args.iter()
        .enumerate()
        .filter_map(|(i, a)| {
            a.strip_prefix("--lang=")
                .map(str::to_string)
                .or_else(|| (a == "--lang").then(|| args.get(i + 1).cloned()).flatten())
        })
        .collect()
}

/// The language asked for on a command line clap could not read: a valid
/// `--lang X` or `--lang=X` among the arguments, else as `choose_lang`.
fn lang_of_args() -> Lang {
    // The last valid one, as clap takes the last of a global option given
    // before and after the command.
    let flag = lang_values()
        .into_iter()
        .filter_map(|l| l.parse::<Lang>().ok())
        .next_back();
    flag.or_else(|| {
        std::env::var("VEERKRACHT_LANG")
            .ok()
            .and_then(|l| l.parse().ok())
    })
    .unwrap_or_else(veerkracht_store::preferences::system_lang)
}
