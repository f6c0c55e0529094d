//! `veerkracht-bench`: the figures behind `docs/PERFORMANCE.md` (`make bench`).
//!
//! For each caseload size it generates a seeded demo caseload of one year,
//! imports it with the real `veerkracht` CLI, then measures in a fresh
//! process what the app does with an unlocked vault (unlock, a filtered
//! list, a note search, saves, the yearly export), and asks DuckDB the same
//! yearly question over the same records in JSON Lines. With `--app` it
//! also starts the desktop app and a blank Tauri window.
//!
//! It prints figures and never fails because something is slow: speed
//! targets are read by people, not asserted (timed tests flake). It does
//! fail when a step breaks or when DuckDB and Veerkracht differ on a count.

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand};
use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use veerkracht_core::caseload::Filter;
use veerkracht_core::{Codebook, Encounter, Lang};
use veerkracht_usecases::{ExportRequest, Session};

/// The allocator the app and the CLI use, so the figures are theirs.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const PASSPHRASE: &str = "bench: lange zin om de kluis te openen";
/// The year every generated encounter falls in (a past year, so that no
/// date is in the future whatever day the bench runs).
const YEAR: i32 = 2025;

#[derive(Parser)]
#[command(name = "veerkracht-bench", about = "Veerkracht performance figures")]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Run the bench and print the table.
    Run(RunArgs),
    /// One unlocked session on a vault (run by `run` in a fresh process).
    #[command(hide = true)]
    Session(SessionArgs),
}

#[derive(Args)]
struct RunArgs {
    /// Caseload sizes (encounters in one year).
    #[arg(long, value_delimiter = ',', default_value = "10000,100000,1000000")]
    sizes: Vec<usize>,
    /// Working folder (default: a new folder under /var/tmp, removed after).
    #[arg(long)]
    work: Option<PathBuf>,
    /// The `veerkracht` CLI (default: next to this program).
    #[arg(long)]
    cli: Option<PathBuf>,
    /// A Python with the `duckdb` package.
    #[arg(long, default_value = "python3")]
    python: PathBuf,
    /// The DuckDB script (default: tests/bench/duckdb_year.py from here).
    #[arg(long)]
    duckdb_script: Option<PathBuf>,
    /// The release app binary: measure start-up and idle memory.
    #[arg(long)]
    app: Option<PathBuf>,
    /// A blank Tauri window binary, the baseline for idle memory.
    #[arg(long)]
    blank: Option<PathBuf>,
    /// The `.deb` bundle, for its size.
    #[arg(long)]
    deb: Option<PathBuf>,
    /// Saves timed per size.
    #[arg(long, default_value_t = 300)]
    saves: usize,
    /// App starts measured (the median is reported).
    #[arg(long, default_value_t = 3)]
    starts: usize,
    /// Also write the table as Markdown to this file.
    #[arg(long)]
    markdown: Option<PathBuf>,
}

#[derive(Args)]
struct SessionArgs {
    #[arg(long)]
    vault: PathBuf,
    #[arg(long)]
    saves: usize,
    /// Where to write the package.
    #[arg(long)]
    package: PathBuf,
    /// Where to write every cell's raw counts, for the DuckDB comparison.
    #[arg(long)]
    cells: PathBuf,
}

fn main() -> Result<()> {
    match Cli::parse().command {
        Cmd::Run(args) => run(args),
        Cmd::Session(args) => session(args),
    }
}

// ---------------------------------------------------------------- process tools

/// Peak resident memory of a process so far (VmHWM), in bytes.
fn peak_rss(pid: u32) -> Option<u64> {
    proc_status_kb(pid, "VmHWM:").map(|kb| kb * 1024)
}

fn proc_status_kb(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
}

/// A finished child: wall time, peak RSS and what it printed.
struct Ran {
    seconds: f64,
    peak: u64,
    stdout: String,
    stderr: String,
}

/// Runs a command to its end, sampling its peak RSS (VmHWM only grows, so
/// the last sample before exit is the peak up to a few milliseconds).
fn run_measured(cmd: &mut Command) -> Result<Ran> {
    let dir = std::env::temp_dir();
    let tag = format!(
        "veerkracht-bench-{}-{}",
        std::process::id(),
        uuid::Uuid::new_v4()
    );
    let (out_path, err_path) = (
        dir.join(format!("{tag}.out")),
        dir.join(format!("{tag}.err")),
    );
    let started = Instant::now();
    let mut child = cmd
        .stdout(std::fs::File::create(&out_path)?)
        .stderr(std::fs::File::create(&err_path)?)
        .spawn()
        .with_context(|| format!("start {cmd:?}"))?;
    let mut peak = 0;
    let status = loop {
        if let Some(p) = peak_rss(child.id()) {
            peak = peak.max(p);
        }
        if let Some(status) = child.try_wait()? {
            break status;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let seconds = started.elapsed().as_secs_f64();
    let stdout = std::fs::read_to_string(&out_path).unwrap_or_default();
    let stderr = std::fs::read_to_string(&err_path).unwrap_or_default();
    let _ = std::fs::remove_file(&out_path);
    let _ = std::fs::remove_file(&err_path);
    if !status.success() {
        bail!("{cmd:?} failed ({status}):\n{stdout}\n{stderr}");
    }
    Ok(Ran {
        seconds,
        peak,
        stdout,
        stderr,
    })
}

/// Bytes a folder takes on disk (allocated blocks, not apparent sizes).
fn disk_usage(path: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return 0;
    };
    let own = meta.blocks() * 512;
    if meta.is_dir() {
        own + std::fs::read_dir(path)
            .map(|d| d.flatten().map(|e| disk_usage(&e.path())).sum::<u64>())
            .unwrap_or(0)
    } else {
        own
    }
}

/// The process and all its descendants (WebKit runs its web and network
/// processes as children of the app).
fn process_tree(root: u32) -> Vec<u32> {
    let mut parents: Vec<(u32, u32)> = Vec::new();
    if let Ok(dir) = std::fs::read_dir("/proc") {
        for entry in dir.flatten() {
            let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
                continue;
            };
            let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
                continue;
            };
            // The command name is in parentheses and may hold spaces.
            let Some(after) = stat.rfind(')').map(|i| &stat[i + 1..]) else {
                continue;
            };
            if let Some(ppid) = after.split_whitespace().nth(1).and_then(|p| p.parse().ok()) {
                parents.push((pid, ppid));
            }
        }
    }
    let mut tree = vec![root];
    let mut i = 0;
    while i < tree.len() {
        let p = tree[i];
        tree.extend(parents.iter().filter(|(_, pp)| *pp == p).map(|(c, _)| *c));
        i += 1;
    }
    tree
}

/// Proportional set size summed over a process tree, in bytes: shared
/// libraries count once in total, not once per process.
fn pss_of_tree(root: u32) -> (u64, usize) {
    let tree = process_tree(root);
    let pss = tree
        .iter()
        .filter_map(|pid| {
            let text = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).ok()?;
            text.lines()
                .find(|l| l.starts_with("Pss:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<u64>().ok())
        })
        .sum::<u64>()
        * 1024;
    (pss, tree.len())
}

fn kill_tree(root: u32) {
    for pid in process_tree(root).into_iter().rev() {
        let _ = Command::new("kill")
            .arg("-KILL")
            .arg(pid.to_string())
            .stderr(Stdio::null())
            .status();
    }
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    if v.is_empty() {
        f64::NAN
    } else {
        v[v.len() / 2]
    }
}

fn percentile(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    if v.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * v.len() as f64).ceil() as usize;
    v[rank.clamp(1, v.len()) - 1]
}

// ---------------------------------------------------------------- session

#[derive(serde::Serialize, serde::Deserialize, Default, Clone)]
struct SessionFigures {
    encounters: usize,
    damaged: usize,
    /// Key derivation and opening the database, before any record is read.
    open_s: f64,
    unlock_s: f64,
    rss_unlock: u64,
    list_ms: f64,
    list_hits: usize,
    search_ms: f64,
    /// The session's first note search, which reads every note once.
    search_first_ms: f64,
    search_hits: usize,
    overview_ms: f64,
    families_ms: f64,
    timeline_ms: f64,
    save_p50_ms: f64,
    save_p99_ms: f64,
    save_max_ms: f64,
    rss_saves: u64,
    export_s: f64,
    export_cells: usize,
    export_suppressed: usize,
    rss_export: u64,
}

/// What the app does with an unlocked vault, timed the way the app runs it:
/// through the same service-layer calls behind its commands.
fn session(args: SessionArgs) -> Result<()> {
    let cb = Codebook::embedded();
    let me = std::process::id();
    let mut fig = SessionFigures::default();

    // Unlock: key derivation, then the index read into the caseload (no
    // record decrypted).
    let started = Instant::now();
    let vault = veerkracht_usecases::session::open_vault(&args.vault, PASSPHRASE)?;
    fig.open_s = started.elapsed().as_secs_f64();
    let mut session = Session::from_vault(vault, None)?;
    fig.unlock_s = started.elapsed().as_secs_f64();
    fig.encounters = session.caseload().len();
    fig.damaged = session.damaged().len();
    fig.rss_unlock = peak_rss(me).unwrap_or(0);

    // The encounter list with a filter, first page (200 rows, as the app asks).
    let list = Filter {
        need: Some("stable_housing".into()),
        need_status: Some("unmet".into()),
        from: chrono::NaiveDate::from_ymd_opt(YEAR, 4, 1),
        ..Filter::default()
    };
    let search = Filter {
        text: Some("vaccinations baby".into()),
        ..Filter::default()
    };
    for (filter, ms, hits) in [
        (&list, &mut fig.list_ms, &mut fig.list_hits),
        (&search, &mut fig.search_ms, &mut fig.search_hits),
    ] {
        let mut times = Vec::new();
        for _ in 0..15 {
            let t = Instant::now();
            let page = session.page(filter, 0, 200)?;
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            *hits = page.total;
        }
        if filter.text.is_some() {
            fig.search_first_ms = times[0];
        }
        *ms = median(&mut times);
    }

    // The other screens that read the whole caseload.
    let families = session.families()?;
    let busiest = families
        .iter()
        .max_by_key(|f| f.encounters)
        .map(|f| f.family.to_string());
    for (ms, what) in [
        (&mut fig.overview_ms, 0),
        (&mut fig.families_ms, 1),
        (&mut fig.timeline_ms, 2),
    ] {
        let mut times = Vec::new();
        for _ in 0..5 {
            let t = Instant::now();
            match what {
                0 => {
                    std::hint::black_box(session.overview(&Filter::default())?);
                }
                1 => {
                    std::hint::black_box(session.families()?);
                }
                _ => {
                    if let Some(f) = &busiest {
                        std::hint::black_box(session.timeline(f)?);
                    }
                }
            }
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        *ms = median(&mut times);
    }

    // The yearly export as `export_package` does it: aggregation,
    // disclosure control, the ledger entry and the package files.
    let started = Instant::now();
    let request = ExportRequest {
        period: YEAR.to_string(),
        k: None,
        k_high: None,
        lang: Lang::Nl,
    };
    let exported = session.export(&request, &args.package)?;
    fig.export_s = started.elapsed().as_secs_f64();
    let (published, suppressed) = veerkracht_usecases::export::status_counts(&exported.package);
    fig.export_cells = published + suppressed;
    fig.export_suppressed = suppressed;
    fig.rss_export = peak_rss(me).unwrap_or(0);

    // Every true count, for the comparison with DuckDB (not timed).
    let counted: Vec<(&veerkracht_core::brief::Brief, &[u16])> = session
        .caseload()
        .all()
        .iter()
        .map(|b| (b, &b.rows[..]))
        .collect();
    let agg = veerkracht_signals::aggregate::aggregate_encoded(
        veerkracht_signals::plan::plan(),
        cb,
        veerkracht_signals::Period::Year(YEAR),
        &counted,
    );
    let cells: BTreeMap<&str, (u64, u64)> = agg
        .cells
        .iter()
        .map(|c| (c.key.as_str(), (c.families, c.encounters)))
        .collect();
    std::fs::write(&args.cells, serde_json::to_vec(&cells)?)?;
    // Saves (after the export, which DuckDB checks against the records as
    // imported): validated, encrypted, durable, taken into the caseload.
    use rand::{Rng, SeedableRng};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    let today = chrono::Local::now().date_naive();
    let date = chrono::NaiveDate::from_ymd_opt(YEAR, 12, 31).expect("date");
    let mut times = Vec::with_capacity(args.saves);
    for _ in 0..args.saves {
        let n = session.caseload().len();
        if n == 0 {
            break;
        }
        let id = session.caseload().all()[rng.gen_range(0..n)].id;
        let mut e: Encounter = session.get(&id)?;
        e.id = uuid::Builder::from_random_bytes(rng.gen()).into_uuid();
        e.date = date;
        e.note = None;
        let t = Instant::now();
        session.save(e, &[], today)?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    fig.save_p50_ms = percentile(&mut times, 50.0);
    fig.save_p99_ms = percentile(&mut times, 99.0);
    fig.save_max_ms = percentile(&mut times, 100.0);
    fig.rss_saves = peak_rss(me).unwrap_or(0);

    println!("{}", serde_json::to_string(&fig)?);
    Ok(())
}

// ---------------------------------------------------------------- run

#[derive(Default, Clone)]
struct SizeFigures {
    size: usize,
    families: usize,
    jsonl_bytes: u64,
    import_s: f64,
    import_rss: u64,
    session: SessionFigures,
    disk_bytes: u64,
    /// Files in sled's blob folder after the session: pages over a quarter
    /// of sled's segment (1 MiB), written outside its log and not power-cut
    /// safe (with sled's default segment, an index leaf passed its 128 KB
    /// at about a million encounters with 2^14 index segments). Should
    /// stay 0.
    blob_files: usize,
    duck_s: f64,
    /// DuckDB as a user runs it: process start (Python, `import duckdb`)
    /// to exit.
    duck_e2e_s: f64,
    duck_rss: u64,
    duck_cells: usize,
    differences: usize,
    /// CLI commands as a user runs them (process start to exit, key
    /// derivation included): seconds and peak RSS.
    cli: Vec<(&'static str, f64, u64)>,
}

#[derive(serde::Deserialize)]
struct DuckOut {
    seconds: f64,
    rss: u64,
}

#[derive(Default)]
struct AppFigures {
    start_ms: Option<f64>,
    idle_pss: Option<u64>,
    idle_processes: usize,
    blank_pss: Option<u64>,
    blank_processes: usize,
    /// Both again with WebKit's DMA-BUF renderer off (an opt-in).
    idle_low_pss: Option<u64>,
    blank_low_pss: Option<u64>,
    binary: Option<u64>,
    deb: Option<u64>,
}

fn run(args: RunArgs) -> Result<()> {
    let here = std::env::current_exe()?;
    let bin_dir = here.parent().context("program folder")?;
    let cli = args
        .cli
        .clone()
        .unwrap_or_else(|| bin_dir.join("veerkracht"));
    let script = args
        .duckdb_script
        .clone()
        .unwrap_or_else(|| PathBuf::from("tests/bench/duckdb_year.py"));
    let (work, remove) = match &args.work {
        Some(w) => (w.clone(), false),
        None => (
            PathBuf::from("/var/tmp").join(format!("veerkracht-bench-{}", std::process::id())),
            true,
        ),
    };
    std::fs::create_dir_all(&work)?;
    let cb = Codebook::embedded();
    let mut rows = Vec::new();
    for &size in &args.sizes {
        eprintln!("== {size} encounters");
        let fig = bench_size(&args, &cli, &script, &work, cb, size)?;
        rows.push(fig);
        if remove {
            let _ = std::fs::remove_dir_all(work.join(size.to_string()));
        }
    }
    let app = bench_app(&args)?;
    if remove {
        let _ = std::fs::remove_dir_all(&work);
    }
    let table = render(&rows, &app);
    println!("{table}");
    if let Some(path) = &args.markdown {
        std::fs::write(path, &table)?;
    }
    // DuckDB counts by the contract's rules from the records, Veerkracht
    // from its index: a count they disagree on is a defect in one of them.
    let differences: usize = rows.iter().map(|r| r.differences).sum();
    if differences > 0 {
        bail!("DuckDB and Veerkracht differ on {differences} counts (listed above)");
    }
    Ok(())
}

fn bench_size(
    args: &RunArgs,
    cli: &Path,
    script: &Path,
    work: &Path,
    cb: &Codebook,
    size: usize,
) -> Result<SizeFigures> {
    let dir = work.join(size.to_string());
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    let jsonl = dir.join("records.jsonl");
    let vault = dir.join("vault");
    // About 8 encounters per family a year, as in the demo caseloads.
    let families = (size / 8).max(10);
    {
        let t = Instant::now();
        let encounters = veerkracht_core::demo::generate(
            cb,
            &veerkracht_core::demo::DemoSpec {
                families,
                encounters: size,
                seed: 2025,
                until: chrono::NaiveDate::from_ymd_opt(YEAR, 12, 31).expect("date"),
                days: 365,
            },
        );
        let mut out = std::io::BufWriter::new(std::fs::File::create(&jsonl)?);
        for e in &encounters {
            writeln!(out, "{}", veerkracht_core::exchange::to_line(e, cb))?;
        }
        out.flush()?;
        eprintln!("   generated in {:.1} s", t.elapsed().as_secs_f64());
    }
    let mut fig = SizeFigures {
        size,
        families,
        jsonl_bytes: std::fs::metadata(&jsonl)?.len(),
        ..Default::default()
    };
    let veerkracht = |sub: &[&str]| {
        let mut c = Command::new(cli);
        c.arg("--data-dir")
            .arg(&vault)
            .args(sub)
            .env("VEERKRACHT_PASSPHRASE", PASSPHRASE)
            .env("VEERKRACHT_LANG", "en");
        c
    };
    run_measured(&mut veerkracht(&["init"]))?;
    let jsonl_arg = jsonl.to_string_lossy().to_string();
    let import = run_measured(&mut veerkracht(&["import", &jsonl_arg]))?;
    fig.import_s = import.seconds;
    fig.import_rss = import.peak;
    eprintln!("   imported in {:.1} s", import.seconds);

    // The CLI's reading commands, each in a fresh process, before the
    // session below adds saves and a release to the vault.
    let (family, id) = {
        let first = std::fs::read_to_string(&jsonl)?
            .lines()
            .next()
            .map(str::to_string)
            .unwrap_or_default();
        let v: serde_json::Value = serde_json::from_str(&first)?;
        (
            v["family"].as_str().unwrap_or_default().to_string(),
            v["id"].as_str().unwrap_or_default()[..8].to_string(),
        )
    };
    let cli_package = dir.join("cli-package");
    let cli_package_arg = cli_package.to_string_lossy().to_string();
    let year = YEAR.to_string();
    for (name, sub) in [
        (
            "export --period YEAR",
            vec!["export", "--period", &year, "--out", &cli_package_arg],
        ),
        ("list --family F", vec!["list", "--family", &family]),
        ("show ID-PREFIX", vec!["show", &id]),
        ("families", vec!["families"]),
    ] {
        let ran = run_measured(&mut veerkracht(&sub))?;
        eprintln!("   cli {name}: {:.2} s", ran.seconds);
        fig.cli.push((name, ran.seconds, ran.peak));
    }
    let _ = std::fs::remove_dir_all(&cli_package);

    let cells_path = dir.join("veerkracht-cells.json");
    let mut session_cmd = Command::new(std::env::current_exe()?);
    // As the app runs: it starts itself again with this set unless it is
    // set already (see `veerkracht_app::with_prompt_purge`).
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        session_cmd.env("MIMALLOC_PURGE_DELAY", "0");
    }
    let session = run_measured(
        session_cmd
            .arg("session")
            .arg("--vault")
            .arg(&vault)
            .arg("--saves")
            .arg(args.saves.to_string())
            .arg("--package")
            .arg(dir.join("package"))
            .arg("--cells")
            .arg(&cells_path),
    )?;
    fig.session = serde_json::from_str(session.stdout.trim())
        .with_context(|| format!("session output: {}{}", session.stdout, session.stderr))?;
    fig.disk_bytes = disk_usage(&vault);
    fig.blob_files = std::fs::read_dir(vault.join("db").join("blobs"))
        .map(|d| d.count())
        .unwrap_or(0);
    eprintln!(
        "   session: unlock {:.2} s, export {:.2} s",
        fig.session.unlock_s, fig.session.export_s
    );

    let duck_cells = dir.join("duckdb-cells.json");
    let duck = run_measured(
        Command::new(&args.python)
            .arg(script)
            .arg("--codebook")
            .arg(codebook_path(script))
            .arg("--records")
            .arg(&jsonl)
            .arg("--year")
            .arg(YEAR.to_string())
            .arg("--out")
            .arg(&duck_cells),
    )?;
    let out: DuckOut = serde_json::from_str(duck.stdout.trim())
        .with_context(|| format!("duckdb output: {}{}", duck.stdout, duck.stderr))?;
    fig.duck_s = out.seconds;
    fig.duck_e2e_s = duck.seconds;
    fig.duck_rss = out.rss.max(duck.peak);
    let (compared, differences) = compare(&cells_path, &duck_cells)?;
    fig.duck_cells = compared;
    fig.differences = differences;
    eprintln!(
        "   duckdb {:.2} s; {compared} counts compared, {differences} differences",
        out.seconds
    );
    Ok(fig)
}

/// The codebook next to the DuckDB script's repository.
fn codebook_path(script: &Path) -> PathBuf {
    script
        .parent()
        .and_then(Path::parent)
        .and_then(Path::parent)
        .map(|root| root.join("crates/veerkracht-core/codebook/codebook.v1.json"))
        .unwrap_or_else(|| PathBuf::from("crates/veerkracht-core/codebook/codebook.v1.json"))
}

/// Compares every count DuckDB produced with Veerkracht's unsuppressed
/// count of the same cell, and every non-zero Veerkracht signals or
/// crosstab cell with DuckDB's. Returns (compared, differences).
fn compare(ours: &Path, theirs: &Path) -> Result<(usize, usize)> {
    let ours: BTreeMap<String, (u64, u64)> = serde_json::from_slice(&std::fs::read(ours)?)?;
    let theirs: BTreeMap<String, (u64, u64)> = serde_json::from_slice(&std::fs::read(theirs)?)?;
    let mut differences = 0;
    for (key, want) in &theirs {
        let got = ours.get(key).copied().unwrap_or((0, 0));
        if got != *want {
            differences += 1;
            if differences <= 10 {
                eprintln!("   DIFFERENCE {key}: veerkracht {got:?}, duckdb {want:?}");
            }
        }
    }
    for (key, got) in &ours {
        if *got != (0, 0) && !theirs.contains_key(key) && !key.ends_with("|total") {
            differences += 1;
            if differences <= 10 {
                eprintln!("   MISSING in duckdb {key}: veerkracht {got:?}");
            }
        }
    }
    Ok((theirs.len(), differences))
}

fn bench_app(args: &RunArgs) -> Result<AppFigures> {
    let mut fig = AppFigures {
        binary: args
            .app
            .as_ref()
            .and_then(|p| std::fs::metadata(p).ok())
            .map(|m| m.len()),
        deb: args
            .deb
            .as_ref()
            .and_then(|p| std::fs::metadata(p).ok())
            .map(|m| m.len()),
        ..Default::default()
    };
    if args.app.is_none() && args.blank.is_none() {
        return Ok(fig);
    }
    if std::env::var_os("DISPLAY").is_none() {
        bail!("--app and --blank need a display (run under Xvfb: tests/bench/run.sh does)");
    }
    if let Some(app) = &args.app {
        let mut starts = Vec::new();
        for n in 0..args.starts.max(1) {
            let data = tempdir("app")?;
            let (ms, pss, procs) = start_app(app, &data, true, &[])?;
            starts.push(ms);
            if n == 0 {
                fig.idle_pss = Some(pss);
                fig.idle_processes = procs;
            }
            let _ = std::fs::remove_dir_all(&data);
        }
        fig.start_ms = Some(median(&mut starts));
        let data = tempdir("app")?;
        let (_, pss, _) = start_app(app, &data, true, &[LOW_MEMORY])?;
        fig.idle_low_pss = Some(pss);
        let _ = std::fs::remove_dir_all(&data);
        eprintln!("== app: start {:.0} ms", fig.start_ms.unwrap_or(f64::NAN));
    }
    if let Some(blank) = &args.blank {
        let data = tempdir("blank")?;
        let (_, pss, procs) = start_app(blank, &data, false, &[])?;
        fig.blank_pss = Some(pss);
        fig.blank_processes = procs;
        let (_, pss, _) = start_app(blank, &data, false, &[LOW_MEMORY])?;
        fig.blank_low_pss = Some(pss);
        let _ = std::fs::remove_dir_all(&data);
    }
    Ok(fig)
}

/// WebKitGTK's older rendering path: about 80 MB less for any window
/// without a GPU, but WebKitWebDriver's screenshots can hang in it, so the
/// app does not choose it by itself (docs/PERFORMANCE.md).
const LOW_MEMORY: (&str, &str) = ("WEBKIT_DISABLE_DMABUF_RENDERER", "1");

fn tempdir(tag: &str) -> Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!(
        "veerkracht-bench-{tag}-{}",
        uuid::Uuid::new_v4().simple()
    ));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// Starts a window, waits until it is interactive (the app's ready mark, or
/// for the blank window its web process), lets it idle 5 s, and measures
/// PSS over its process tree. Returns (ms to interactive, PSS, processes).
fn start_app(
    bin: &Path,
    data: &Path,
    ready_mark: bool,
    env: &[(&str, &str)],
) -> Result<(f64, u64, usize)> {
    let started = Instant::now();
    let mut child = Command::new(bin)
        .envs(env.iter().copied())
        .env("VEERKRACHT_DATA_DIR", data)
        .env("XDG_DATA_HOME", data)
        .env("XDG_CONFIG_HOME", data)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("start {}", bin.display()))?;
    let pid = child.id();
    let stderr = child.stderr.take().context("stderr")?;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            if line.starts_with("veerkracht-ready") {
                let _ = tx.send(());
            }
        }
    });
    let deadline = started + Duration::from_secs(60);
    let ms = loop {
        if Instant::now() > deadline {
            kill_tree(pid);
            bail!("{} did not become interactive within 60 s", bin.display());
        }
        if let Some(status) = child.try_wait()? {
            bail!("{} exited early ({status})", bin.display());
        }
        let ready = if ready_mark {
            rx.recv_timeout(Duration::from_millis(2)).is_ok()
        } else {
            std::thread::sleep(Duration::from_millis(2));
            process_tree(pid).iter().any(|p| {
                std::fs::read_to_string(format!("/proc/{p}/comm"))
                    .is_ok_and(|c| c.trim().starts_with("WebKitWebProces"))
            })
        };
        if ready {
            break started.elapsed().as_secs_f64() * 1000.0;
        }
    };
    std::thread::sleep(Duration::from_secs(5));
    let (pss, procs) = pss_of_tree(pid);
    kill_tree(pid);
    let _ = child.wait();
    Ok((ms, pss, procs))
}

// ---------------------------------------------------------------- output

fn mb(bytes: u64) -> String {
    format!("{:.0} MB", bytes as f64 / 1_048_576.0)
}

fn secs(s: f64) -> String {
    if s < 1.0 {
        format!("{:.0} ms", s * 1000.0)
    } else {
        format!("{s:.2} s")
    }
}

fn render(rows: &[SizeFigures], app: &AppFigures) -> String {
    let mut lines: Vec<(String, Vec<String>)> = Vec::new();
    let mut add = |name: &str, f: &dyn Fn(&SizeFigures) -> String| {
        lines.push((name.to_string(), rows.iter().map(f).collect()));
    };
    add("families", &|r| r.families.to_string());
    add("records as JSON Lines", &|r| mb(r.jsonl_bytes));
    add("import (CLI, all or nothing)", &|r| {
        format!("{} ({:.0}/s)", secs(r.import_s), r.size as f64 / r.import_s)
    });
    add("  peak RSS", &|r| mb(r.import_rss));
    add("unlock (key + read the index)", &|r| {
        secs(r.session.unlock_s)
    });
    add("  of which key derivation + open", &|r| {
        secs(r.session.open_s)
    });
    add("  peak RSS", &|r| mb(r.session.rss_unlock));
    add("filtered list, first page", &|r| {
        format!("{:.1} ms ({} hits)", r.session.list_ms, r.session.list_hits)
    });
    add("note search, first page", &|r| {
        format!(
            "{:.1} ms ({} hits)",
            r.session.search_ms, r.session.search_hits
        )
    });
    add("  the session's first (reads every note)", &|r| {
        format!("{:.1} ms", r.session.search_first_ms)
    });
    add("overview screen (whole caseload)", &|r| {
        format!("{:.1} ms", r.session.overview_ms)
    });
    add("families screen", &|r| {
        format!("{:.1} ms", r.session.families_ms)
    });
    add("one family's timeline", &|r| {
        format!("{:.1} ms", r.session.timeline_ms)
    });
    add("save p50 / p99 (max)", &|r| {
        format!(
            "{:.1} / {:.1} ms ({:.1})",
            r.session.save_p50_ms, r.session.save_p99_ms, r.session.save_max_ms
        )
    });
    add("  peak RSS", &|r| mb(r.session.rss_saves));
    add("yearly export", &|r| secs(r.session.export_s));
    add("  peak RSS", &|r| mb(r.session.rss_export));
    add("DuckDB, same question on JSON Lines", &|r| secs(r.duck_s));
    add("  peak RSS", &|r| mb(r.duck_rss));
    add("export ratio Veerkracht / DuckDB", &|r| {
        format!("{:.2}", r.session.export_s / r.duck_s)
    });
    add("**CLI, process start to exit**", &|_| String::new());
    for (i, name) in [
        "export --period YEAR",
        "list --family F",
        "show ID-PREFIX",
        "families",
    ]
    .iter()
    .enumerate()
    {
        let label = format!("`veerkracht {name}` (peak RSS)");
        lines.push((
            label,
            rows.iter()
                .map(|r| {
                    r.cli
                        .get(i)
                        .map(|(_, s, rss)| format!("{} ({})", secs(*s), mb(*rss)))
                        .unwrap_or_default()
                })
                .collect(),
        ));
    }
    let mut add = |name: &str, f: &dyn Fn(&SizeFigures) -> String| {
        lines.push((name.to_string(), rows.iter().map(f).collect()));
    };
    add(
        "DuckDB, same yearly question, process start to exit",
        &|r| secs(r.duck_e2e_s),
    );
    add("CLI export ÷ DuckDB, both end to end", &|r| {
        r.cli
            .first()
            .map(|(_, s, _)| format!("{:.2} (DuckDB ÷ {:.1})", s / r.duck_e2e_s, r.duck_e2e_s / s))
            .unwrap_or_default()
    });
    add("counts compared with DuckDB", &|r| {
        format!("{} ({} differ)", r.duck_cells, r.differences)
    });
    add(
        "sled blob files (pages outside the log; should be 0)",
        &|r| r.blob_files.to_string(),
    );
    add("on disk per encounter", &|r| {
        format!(
            "{:.0} B",
            r.disk_bytes as f64 / (r.session.encounters.max(1)) as f64
        )
    });
    let mut out = String::new();
    out.push_str("| step |");
    for r in rows {
        out.push_str(&format!(" {} |", r.size));
    }
    out.push_str("\n|---|");
    for _ in rows {
        out.push_str("---|");
    }
    out.push('\n');
    for (name, cells) in &lines {
        out.push_str(&format!("| {name} |"));
        for c in cells {
            out.push_str(&format!(" {c} |"));
        }
        out.push('\n');
    }
    let opt = |v: Option<u64>| v.map(mb).unwrap_or_else(|| "not measured".into());
    out.push_str("\n| desktop app | |\n|---|---|\n");
    out.push_str(&format!(
        "| start to first interactive screen (median) | {} |\n",
        app.start_ms
            .map(|ms| format!("{ms:.0} ms"))
            .unwrap_or_else(|| "not measured".into())
    ));
    out.push_str(&format!(
        "| idle PSS, app ({} processes) | {} |\n",
        app.idle_processes,
        opt(app.idle_pss)
    ));
    out.push_str(&format!(
        "| idle PSS, blank Tauri window ({} processes) | {} |\n",
        app.blank_processes,
        opt(app.blank_pss)
    ));
    if let (Some(a), Some(b)) = (app.idle_pss, app.blank_pss) {
        out.push_str(&format!(
            "| app above blank window | {:+.0} MB |\n",
            (a as f64 - b as f64) / 1_048_576.0
        ));
    }
    out.push_str(&format!(
        "| idle PSS with `WEBKIT_DISABLE_DMABUF_RENDERER=1`: app / blank window | {} / {} |\n",
        opt(app.idle_low_pss),
        opt(app.blank_low_pss)
    ));
    out.push_str(&format!(
        "| app binary (stripped release in `make bench`) | {} |\n",
        opt(app.binary)
    ));
    out.push_str(&format!("| .deb bundle | {} |\n", opt(app.deb)));
    out
}
