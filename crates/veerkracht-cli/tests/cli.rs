//! The `veerkracht` binary as a user or a script drives it: real processes,
//! a fresh temporary vault per test, no mocks.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const PASS: &str = "een lange geheime zin";

const EXAMPLE: &str = r#"{"id":"018f6f3e-8c4b-7c1a-9d2e-4b5a6c7d8e9f","family":"7K3M-9QZD","date":"2026-03-14","codebook":"2026.1","setting":"home_visit","municipality":"molenbeek","household_type":"single_mother","children_count":"n2","child_ages":["age_0_1","age_3_6"],"residence_status":"undocumented","housing_situation":"squat_or_occupation","needs":[{"code":"shelter_tonight","status":"unmet"}],"actors":[{"code":"bridge_figure","role":"already_involved"}],"themes":["housing"],"theme_details":["t4_no_housing_solution"],"urgency":"within_24h","outcome":"no_solution_limits","limits":["no_capacity"],"kansarmoede":{"kg_housing":"weak","kg_monthly_income":"weak"},"note":"free text, stays on this machine"}"#;

struct Vk {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
}

impl Vk {
    /// A new temporary folder; `init` is up to the test.
    fn empty() -> Vk {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("vault");
        Vk { _tmp: tmp, dir }
    }

    fn new() -> Vk {
        let vk = Vk::empty();
        vk.ok(&["init"]);
        vk
    }

    /// A new vault with a demo caseload of 3 families, 5 encounters.
    fn with_small_demo() -> Vk {
        let vk = Vk::new();
        vk.ok(&[
            "demo",
            "--families",
            "3",
            "--encounters",
            "5",
            "--until",
            "2026-06-30",
        ]);
        vk
    }

    fn file(&self, name: &str, text: &str) -> PathBuf {
        let p = self._tmp.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_veerkracht"));
        c.arg("--data-dir")
            .arg(&self.dir)
            .args(args)
            .env("VEERKRACHT_PASSPHRASE", PASS)
            .env_remove("VEERKRACHT_LANG")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", "C.UTF-8")
            .stdin(Stdio::null());
        c
    }

    fn run(&self, args: &[&str]) -> Output {
        self.cmd(args).output().unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        succeeded(args, self.run(args))
    }

    /// Like `ok`, with one more environment variable.
    fn ok_with_env(&self, args: &[&str], key: &str, value: &str) -> String {
        succeeded(args, self.cmd(args).env(key, value).output().unwrap())
    }

    fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(!out.status.success(), "veerkracht {args:?} should fail");
        String::from_utf8(out.stderr).unwrap()
    }
}

/// The standard output of a command that must have succeeded.
fn succeeded(args: &[&str], out: Output) -> String {
    assert!(
        out.status.success(),
        "veerkracht {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn lines_as_json(text: &str) -> Vec<serde_json::Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn walk(dir: &Path) -> Vec<u8> {
    let mut all = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        if e.path().is_dir() {
            all.extend(walk(&e.path()));
        } else {
            all.extend(std::fs::read(e.path()).unwrap());
        }
    }
    all
}

#[test]
fn the_contract_example_round_trips_losslessly() {
    let vk = Vk::new();
    let input = vk.file("in.jsonl", &format!("{EXAMPLE}\n"));
    let out = vk.ok(&["import", input.to_str().unwrap()]);
    assert!(
        out.starts_with("1 "),
        "prints how many were imported: {out}"
    );
    assert!(out.ends_with(")\n"), "as a line of its own: {out:?}");
    let records = vk.ok(&["records"]);
    assert_eq!(lines_as_json(&records), lines_as_json(EXAMPLE));
}

#[test]
fn a_rich_demo_caseload_round_trips_between_vaults() {
    let a = Vk::new();
    a.ok(&[
        "demo",
        "--families",
        "40",
        "--encounters",
        "250",
        "--seed",
        "9",
        "--until",
        "2026-11-01",
    ]);
    let exported = a.ok(&["records"]);
    assert_eq!(exported.lines().count(), 250);
    let b = Vk::new();
    let file = b.file("move.jsonl", &exported);
    b.ok(&["import", file.to_str().unwrap()]);
    assert_eq!(
        b.ok(&["records"]),
        exported,
        "byte for byte the same after a move"
    );
}

#[test]
fn demo_is_deterministic_for_a_seed() {
    let vk = Vk::empty();
    // New files: the CLI never overwrites one.
    let one = vk._tmp.path().join("a.jsonl");
    let two = vk._tmp.path().join("b.jsonl");
    let args = |p: &Path| {
        vec![
            "demo",
            "--families",
            "10",
            "--encounters",
            "30",
            "--seed",
            "4",
            "--until",
            "2026-06-30",
            "--jsonl",
            p.to_str().unwrap(),
        ]
        .into_iter()
        .map(String::from)
        .collect::<Vec<_>>()
    };
    for p in [&one, &two] {
        let a = args(p);
        vk.ok(&a.iter().map(String::as_str).collect::<Vec<_>>());
    }
    let a = std::fs::read_to_string(&one).unwrap();
    assert_eq!(a, std::fs::read_to_string(&two).unwrap());
    assert!(
        lines_as_json(&a).iter().all(|v| v["demo"] == true),
        "demo data is marked"
    );
}

#[test]
fn one_bad_line_in_the_middle_imports_nothing_and_names_every_error() {
    let vk = Vk::with_small_demo();
    let before = vk.ok(&["records"]);
    let text = format!(
        "{}\n{}\n{}\n",
        r#"{"family":"AAAA-BBBB","date":"2026-01-02","outcome":"pending"}"#,
        r#"{"family":"AAAA-BBBB","date":"2999-01-02","setting":"moon","needs":[{"code":"shelter_tonight","status":"soon"}]}"#,
        r#"{"family":"AAAA-BBBB","date":"2026-01-03","themes":["housing"]}"#
    );
    let file = vk.file("bad.jsonl", &text);
    let err = vk.fails(&["import", file.to_str().unwrap(), "--lang", "en"]);
    assert!(
        err.contains("line 2: date: the date 02/01/2999 is in the future"),
        "the error names the bad date: {err}"
    );
    assert!(
        err.contains("line 2: setting: unknown code for this field: 'moon'"),
        "{err}"
    );
    assert!(
        err.contains("line 2: needs[0].status: invalid value 'soon'"),
        "{err}"
    );
    assert!(
        !err.contains("line 1:") && !err.contains("line 3:"),
        "good lines raise nothing: {err}"
    );
    assert!(
        err.contains("Nothing imported: 3 errors on 1 line."),
        "{err}"
    );
    assert_eq!(vk.ok(&["records"]), before, "the vault is unchanged");
}

/// Lines an import checks and writes a block at a time (more than one
/// block: 4,096 lines each), then one that stops it: nothing of the blocks
/// already written stays, and the same good lines import afterwards.
#[test]
fn a_late_bad_line_or_identifier_undoes_the_blocks_already_written() {
    let vk = Vk::with_small_demo();
    let before = vk.ok(&["records"]);
    let good: String =
        r#"{"family":"AAAA-BBBB","date":"2026-01-02","outcome":"pending"}"#.to_string() + "\n";
    let good = good.repeat(9000);
    let late = [
        (
            r#"{"family":"AAAA-BBBB","date":"2026-01-02","setting":"moon"}"#,
            "line 9001: setting: unknown code for this field: 'moon'",
        ),
        (
            r#"{"family":"AAAA-BBBB","date":"2026-01-02","note":"Bel mevrouw Fatou Diallo op 0470 12 34 56"}"#,
            "line 9001",
        ),
    ];
    for (i, (line, said)) in late.iter().enumerate() {
        let file = vk.file(&format!("late-{i}.jsonl"), &format!("{good}{line}\n"));
        let out = vk
            .cmd(&["import", file.to_str().unwrap(), "--lang", "en"])
            // Chunks of 1,000: the first blocks are written before the
            // last line is read.
            .env("VEERKRACHT_IMPORT_CHUNK", "1000")
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "the import is refused");
        assert!(err.contains(said), "{err}");
        assert!(err.contains("Nothing imported"), "{err}");
        assert_eq!(vk.ok(&["records"]), before, "the vault is unchanged");
    }
    let file = vk.file("good.jsonl", &good);
    vk.ok_with_env(
        &["import", file.to_str().unwrap(), "--lang", "en"],
        "VEERKRACHT_IMPORT_CHUNK",
        "1000",
    );
    assert_eq!(
        vk.ok(&["records"]).lines().count(),
        before.lines().count() + 9000
    );
}

#[test]
fn errors_are_localised() {
    let vk = Vk::new();
    let file = vk.file("bad.jsonl", "{\"family\":\"x\",\"date\":\"2026-01-01\"}\n");
    let nl = vk.fails(&["import", file.to_str().unwrap()]);
    assert!(
        nl.contains("regel 1: family: een gezinscode heeft de vorm XXXX-XXXX"),
        "{nl}"
    );
    let fr = vk.fails(&["import", file.to_str().unwrap(), "--lang", "fr"]);
    assert!(
        fr.contains("ligne 1 : family : un code famille a la forme XXXX-XXXX"),
        "{fr}"
    );
}

#[test]
fn reimporting_the_same_ids_needs_replace() {
    let vk = Vk::new();
    let file = vk.file("one.jsonl", &format!("{EXAMPLE}\n"));
    vk.ok(&["import", file.to_str().unwrap()]);
    let err = vk.fails(&["import", file.to_str().unwrap(), "--lang", "en"]);
    assert!(
        err.contains("line 1: id: this id is already in the vault"),
        "{err}"
    );
    let changed = EXAMPLE.replace("home_visit", "remote");
    let file = vk.file("two.jsonl", &format!("{changed}\n"));
    let out = vk.ok(&[
        "import",
        "--replace",
        file.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    assert!(out.contains("1 replaced"), "{out}");
    assert!(vk.ok(&["records"]).contains("\"setting\":\"remote\""));
    let twice = vk.file("twice.jsonl", &format!("{changed}\n{changed}\n"));
    let err = vk.fails(&[
        "import",
        "--replace",
        twice.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    assert!(
        err.contains("line 2: id:"),
        "an id twice in one file is refused: {err}"
    );
}

#[test]
fn garbage_input_is_refused_line_by_line() {
    let vk = Vk::new();
    let mut bytes = b"not json\n[1]\n".to_vec();
    bytes.extend_from_slice(
        b"{\"family\":\"AAAA-BBBB\",\"date\":\"2026-01-01\",\"note\":\"\xff\xfe\"}\n",
    );
    let p = vk._tmp.path().join("garbage.jsonl");
    std::fs::write(&p, bytes).unwrap();
    let err = vk.fails(&["import", p.to_str().unwrap(), "--lang", "en"]);
    assert!(
        err.contains("line 1: not valid JSON at character 2: expected a value"),
        "{err}"
    );
    assert!(
        err.contains("line 2: each line must be one JSON object"),
        "{err}"
    );
    assert!(err.contains("line 3: not valid UTF-8"), "{err}");
}

/// Every word of an import's refusal is in the language asked for: the
/// JSON parser's English is not passed on, a problem with the whole line
/// names no field, and a line longer than any encounter is called that
/// (and not read into memory whole).
#[test]
fn a_bad_line_is_explained_in_the_language_asked_for() {
    let vk = Vk::new();
    let huge = format!("{{\"note\":\"{}\"}}", "x".repeat(3 << 20));
    let text = format!(
        "{}\n{}\n{}\n",
        r#"{"family":"AAAA-BBBB","date":"2026-01-02","outcome":"pending""#,
        huge,
        r#"{"family":"AAAA-BBBB" "date":"2026-01-02"}"#
    );
    let file = vk.file("bad.jsonl", &text);
    let said = |lang: &str| vk.fails(&["import", file.to_str().unwrap(), "--lang", lang]);
    let nl = said("nl");
    assert!(
        nl.contains("regel 1: geen geldige JSON bij teken 61: de regel eindigt"),
        "{nl}"
    );
    assert!(nl.contains("regel 2: langer dan 1 MB"), "{nl}");
    assert!(
        nl.contains("regel 3: geen geldige JSON bij teken 23: ',' of '}' verwacht"),
        "{nl}"
    );
    let fr = said("fr");
    assert!(fr.contains("ligne 2 : plus de 1 Mo"), "{fr}");
    assert!(
        fr.contains("ligne 3 : JSON invalide au caractère 23"),
        "{fr}"
    );
    for text in [&nl, &fr] {
        for english in ["EOF", "expected", "line:", "column", "trailing"] {
            assert!(!text.contains(english), "'{english}' in {text}");
        }
        assert!(text.len() < 2_000, "no echo of the long line: {text}");
    }
}

/// A package that cannot be read is explained in the language asked for,
/// naming the file and where in it (never the JSON or CSV reader's English),
/// and a file given for a package folder is named.
#[test]
fn an_unreadable_package_is_explained_in_the_language_asked_for() {
    let vk = Vk::with_small_demo();
    let dir = vk._tmp.path().join("pkg");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(
        dir.join("datapackage.json"),
        "{\n  \"name\": \"x\",\n  \"veerkracht\" {}\n}\n",
    )
    .unwrap();
    for csv in ["signals.csv", "crosstabs.csv"] {
        std::fs::write(dir.join(csv), "period\n").unwrap();
    }
    let fr = vk.fails(&["verify", dir.to_str().unwrap(), "--lang", "fr"]);
    assert!(
        fr.contains(
            "datapackage.json n'est pas du JSON valide à la ligne 3, caractère 16 : ':' attendu"
        ),
        "{fr}"
    );
    assert!(!fr.contains("expected") && !fr.contains("column"), "{fr}");
    let file = vk.file("not-a-folder", "x");
    let sub = file.join("sub");
    let en = vk.fails(&[
        "export",
        "--period",
        "2026",
        "--out",
        sub.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    assert!(en.contains("not-a-folder"), "the path is named: {en}");
    // Thresholds below the contract's minimum are said to be so.
    let pkg = vk._tmp.path().join("pkg-2026");
    vk.ok(&["export", "--period", "2026", "--out", pkg.to_str().unwrap()]);
    let desc = pkg.join("datapackage.json");
    let text = std::fs::read_to_string(&desc).unwrap();
    assert!(text.contains("\"k\": 5,"), "{text}");
    std::fs::write(&desc, text.replace("\"k\": 5,", "\"k\": 3,")).unwrap();
    let nl = vk.fails(&["verify", pkg.to_str().unwrap(), "--lang", "nl"]);
    assert!(
        nl.contains("de drempels k = 3 en k_high = 10 liggen onder het minimum"),
        "{nl}"
    );
    let en = vk.fails(&["audit", file.to_str().unwrap(), "--lang", "en"]);
    assert!(
        en.contains("not-a-folder is not a signal package"),
        "the path is named: {en}"
    );
}

/// A language that does not exist is said so, never silently replaced:
/// `--lang` stops the command (usage, exit 2), `VEERKRACHT_LANG` warns.
/// Command lines clap cannot read are explained in the language asked for.
#[test]
fn an_unknown_language_or_option_is_said_in_the_persons_language() {
    let vk = Vk::new();
    let out = vk.run(&["families", "--lang", "xx"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("onbekende taal 'xx'"), "{err}");
    let out = vk
        .cmd(&["families"])
        .env("VEERKRACHT_LANG", "xx")
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("VEERKRACHT_LANG: waarschuwing: onbekende taal 'xx'"),
        "{err}"
    );
    for (args, said) in [
        (
            vec!["families", "--frobnicate", "--lang", "fr"],
            "option inconnue « --frobnicate »",
        ),
        (
            vec!["--lang=fr", "frobnicate"],
            "commande inconnue « frobnicate »",
        ),
        (
            vec!["list", "--lang", "nl", "--passphrase-fd", "three"],
            "ongeldige waarde 'three' voor --passphrase-fd",
        ),
        (vec!["--lang", "en", "import"], "missing: <FILE>"),
        (
            vec!["demo", "--families", "-3", "--lang", "en"],
            "invalid value '-3' for --families",
        ),
        (
            vec!["export", "--period", "2025", "2026", "--lang", "en"],
            "unexpected argument '2026'",
        ),
        (
            vec!["--lang", "nl", "export", "--out", "x", "--period"],
            "--period <PERIODE> heeft een waarde nodig",
        ),
        (
            vec!["--lang", "fr", "list", "--json", "--json"],
            "--json est donné plus d'une fois",
        ),
    ] {
        let out = vk.run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(said), "{args:?}: {err}");
        assert!(!err.contains("error:"), "clap's English: {err}");
    }
    let help = vk.run(&["--help", "--lang", "en"]);
    assert!(help.status.success());
    assert!(String::from_utf8_lossy(&help.stdout).contains("Usage"));
}

/// `--help` and `help COMMAND` speak the language asked for, like every
/// other message: descriptions, headings and placeholders; a missing
/// argument is named by its placeholder in that language.
#[test]
fn help_speaks_the_language_asked_for() {
    let vk = Vk::new();
    let nl = vk.ok(&["--lang", "nl", "--help"]);
    for said in [
        "Gebruik: veerkracht [OPTIES] <OPDRACHT>",
        "Opdrachten:",
        "Maak een nieuwe, lege kluis",
        "--data-dir <MAP>",
        "Toon de hulp",
    ] {
        assert!(nl.contains(said), "{said} in:\n{nl}");
    }
    for english in [
        "Usage",
        "Commands:",
        "Options:",
        "Print help",
        "Create a new",
    ] {
        assert!(!nl.contains(english), "{english} in:\n{nl}");
    }
    let fr = vk.ok(&["export", "--help", "--lang", "fr"]);
    for said in [
        "Utilisation\u{a0}: veerkracht export [OPTIONS] --period <PÉRIODE> --out <DOSSIER>",
        "Créer un paquet de signaux",
        "Seuil des cellules ordinaires (au moins 5)",
    ] {
        assert!(fr.contains(said), "{said} in:\n{fr}");
    }
    assert_eq!(vk.ok(&["--lang", "fr", "help", "export"]), fr);
    let demo = vk.ok(&["--lang", "en", "demo", "--help"]);
    assert!(demo.contains("Number of families (default 50)"), "{demo}");
    assert!(!demo.contains("[default"), "{demo}");
    let out = vk.run(&["--lang", "nl", "import"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("<BESTAND>"), "{err}");
    let out = vk.run(&["--lang", "nl", "help", "frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("onbekende opdracht 'frobnicate'"), "{err}");
    // Help with an unknown --lang: the help, and a warning.
    let out = vk.run(&["--lang", "xx", "--help"]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--lang") && err.contains("'xx'"), "{err}");
    // The last --lang counts, as for the command itself.
    let out = vk.run(&["--lang", "fr", "verify", "--lang", "nl"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("ontbreekt: <PAKKET>"), "{err}");
    // A label where a code is expected: where the codes are.
    let out = vk.run(&["--lang", "en", "list", "--theme", "T4"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("'veerkracht codebook' lists them"), "{err}");
}

/// `--accept-findings` imports the notes and lists every possible
/// identifier it took in, as its help says.
#[test]
fn an_accepted_import_lists_each_finding() {
    let vk = Vk::new();
    let text = format!(
        "{}\n{}\n",
        r#"{"family":"AAAA-BBBB","date":"2026-01-02","outcome":"pending","note":"Bel mevrouw Fatou Diallo op 0470 12 34 56"}"#,
        r#"{"family":"AAAA-BBBB","date":"2026-01-03","outcome":"pending","note":"rustig gesprek"}"#
    );
    let file = vk.file("found.jsonl", &text);
    let refused = vk.fails(&["import", file.to_str().unwrap(), "--lang", "en"]);
    let out = vk.ok(&[
        "import",
        file.to_str().unwrap(),
        "--accept-findings",
        "--lang",
        "en",
    ]);
    assert!(out.contains("2 encounters imported"), "{out}");
    assert!(out.contains("--accept-findings"), "{out}");
    let listed: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("  line 1: "))
        .collect();
    assert!(listed.len() >= 2, "a name and a phone number: {out}");
    for l in &listed {
        assert!(
            refused.contains(l.trim()),
            "the same words as the refusal: {l} / {refused}"
        );
    }
    assert!(!out.contains("line 2:"), "{out}");
    // The log names each kind in the person's language, as the listing
    // does (never the internal id).
    let log = vk.ok(&["log", "--lang", "en"]);
    for l in &listed {
        let kind = l.trim().split(": ").nth(1).unwrap();
        assert!(log.contains(kind), "{kind} in {log}");
    }
    assert!(!log.contains("  phone\n"), "the id, not the words: {log}");
}

/// Whole-encounter rules name no made-up field, an empty key is shown as
/// such, and a passphrase descriptor that is not open is said so.
#[test]
fn odd_fields_and_closed_descriptors_are_named_plainly() {
    let vk = Vk::new();
    let file = vk.file(
        "odd.jsonl",
        "{\"family\":\"AAAA-BBBB\",\"date\":\"2026-01-02\"}\n{\"\":1,\"family\":\"AAAA-BBBB\",\"date\":\"2026-01-02\",\"outcome\":\"pending\"}\n",
    );
    let err = vk.fails(&["import", file.to_str().unwrap(), "--lang", "en"]);
    assert!(
        err.contains("line 1: an encounter has at least a theme"),
        "{err}"
    );
    assert!(!err.contains("content"), "{err}");
    assert!(err.contains("line 2: \"\": unknown field"), "{err}");
    let err = vk.fails(&["list", "--passphrase-fd", "9", "--lang", "nl"]);
    assert!(err.contains("bestandsdescriptor 9 is niet open"), "{err}");
    assert!(!err.contains("os error"), "{err}");
    // A passphrase change given only the current passphrase: the second
    // line is missing, which is not a weak passphrase.
    let one = vk.file("one-line.txt", &format!("{PASS}\n"));
    let out = Command::new("bash")
        .arg("-c")
        .arg("exec \"$0\" --data-dir \"$1\" --lang en passphrase --passphrase-fd 3 3< \"$2\"")
        .arg(env!("CARGO_BIN_EXE_veerkracht"))
        .arg(&vk.dir)
        .arg(&one)
        .env_remove("VEERKRACHT_PASSPHRASE")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(err.contains("file descriptor 3 has no line 2"), "{err}");
}

#[test]
fn wrong_passphrase_and_missing_vault_give_one_clear_line() {
    let vk = Vk::new();
    let out = vk
        .cmd(&["list", "--lang", "en"])
        .env("VEERKRACHT_PASSPHRASE", "wrong wrong wrong")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "veerkracht: Wrong passphrase.\n"
    );
    let none = Vk::empty();
    let err = none.fails(&["list", "--lang", "en"]);
    assert!(
        err.contains("No vault in") && err.contains("veerkracht init"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);
    let out = vk
        .cmd(&["list"])
        .env_remove("VEERKRACHT_PASSPHRASE")
        .output()
        .unwrap();
    assert!(
        !out.status.success(),
        "no passphrase and no terminal: refuse, never hang"
    );
}

#[test]
fn init_refuses_a_short_passphrase_and_an_existing_vault() {
    let vk = Vk::empty();
    let out = vk
        .cmd(&["init", "--lang", "en"])
        .env("VEERKRACHT_PASSPHRASE", "short")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("at least 12"));
    vk.ok(&["init"]);
    assert!(vk
        .fails(&["init", "--lang", "en"])
        .contains("already exists"));
}

#[test]
fn a_vault_in_use_is_reported_at_once() {
    let vk = Vk::new();
    let _held = veerkracht_store::Vault::open(&vk.dir, PASS).unwrap();
    let start = std::time::Instant::now();
    let err = vk.fails(&["list", "--lang", "en"]);
    assert!(err.contains("in use by another program"), "{err}");
    // Not a timing test: a generous bound that only a blocking wait would break.
    assert!(
        start.elapsed().as_secs() < 30,
        "the CLI never waits for the lock"
    );
}

#[test]
fn list_filters_and_json_agree() {
    let vk = Vk::new();
    vk.ok(&[
        "demo",
        "--families",
        "12",
        "--encounters",
        "60",
        "--seed",
        "2",
        "--until",
        "2026-09-30",
    ]);
    let all: Vec<serde_json::Value> = serde_json::from_str(&vk.ok(&["list", "--json"])).unwrap();
    assert_eq!(all.len(), 60);
    let family = all[0]["family"].as_str().unwrap().to_string();
    let mine: Vec<serde_json::Value> =
        serde_json::from_str(&vk.ok(&["list", "--json", "--family", &family])).unwrap();
    assert_eq!(
        mine.len(),
        all.iter()
            .filter(|e| e["family"] == family.as_str())
            .count()
    );
    let summer: Vec<serde_json::Value> = serde_json::from_str(&vk.ok(&[
        "list",
        "--json",
        "--from",
        "2026-06-01",
        "--to",
        "2026-08-31",
    ]))
    .unwrap();
    let expected = all
        .iter()
        .filter(|e| {
            let d = e["date"].as_str().unwrap();
            ("2026-06-01".."2026-09-01").contains(&d)
        })
        .count();
    assert_eq!(summer.len(), expected);
    let table = vk.ok(&["list", "--family", &family, "--lang", "en"]);
    assert!(table.starts_with("DATE"), "{table}");
    assert!(table.contains(&family));
    let bad = vk.fails(&["list", "--from", "yesterday", "--lang", "en"]);
    assert!(bad.contains("--from: expected a date YYYY-MM-DD"), "{bad}");
    let bad = vk.fails(&["list", "--theme", "weather", "--lang", "en"]);
    assert!(bad.contains("--theme: unknown code"), "{bad}");
}

#[test]
fn show_and_families_describe_the_caseload() {
    let vk = Vk::new();
    let input = vk.file("in.jsonl", &format!("{EXAMPLE}\n"));
    vk.ok(&["import", input.to_str().unwrap()]);
    let text = vk.ok(&["show", "018f6f3e", "--lang", "fr"]);
    assert!(
        text.contains("Squat ou occupation") || text.contains("Squat"),
        "{text}"
    );
    assert!(text.contains("Signal politique: oui"), "{text}");
    let json: serde_json::Value =
        serde_json::from_str(&vk.ok(&["show", "018f6f3e-8c4b-7c1a-9d2e-4b5a6c7d8e9f", "--json"]))
            .unwrap();
    assert_eq!(json["derived"]["policy_signal"], true);
    assert_eq!(
        json["derived"]["themes_effective"],
        serde_json::json!(["housing"])
    );
    assert!(vk
        .fails(&["show", "ffffffff", "--lang", "en"])
        .contains("No encounter with id"));
    let fams: serde_json::Value = serde_json::from_str(&vk.ok(&["families", "--json"])).unwrap();
    assert_eq!(fams[0]["family"], "7K3M-9QZD");
    assert_eq!(
        fams[0]["unmet_needs"],
        serde_json::json!(["shelter_tonight"])
    );
}

#[test]
fn codebook_prints_the_contract_and_labels() {
    let vk = Vk::empty();
    let json: serde_json::Value = serde_json::from_str(&vk.ok(&["codebook", "--json"])).unwrap();
    let contract: serde_json::Value =
        serde_json::from_str(veerkracht_core::codebook::CODEBOOK_JSON).unwrap();
    assert_eq!(json, contract);
    let fr = vk.ok(&["codebook", "--lang", "fr"]);
    assert!(fr.contains("Lieu de la rencontre"));
    let nl = vk.ok(&["codebook"]);
    assert!(
        nl.contains("Plaats van het contact"),
        "Dutch is the default"
    );
    assert!(vk.fails(&["codebook", "--lang", "de"]).contains("de"));
}

#[test]
fn imported_content_never_shows_in_the_vault_files() {
    let vk = Vk::new();
    let line = EXAMPLE.replace(
        "free text, stays on this machine",
        "Kameleon-Uniek-9182 kwam langs",
    );
    let mut child = vk
        .cmd(&["import", "-"])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(line.as_bytes())
        .unwrap();
    assert!(child.wait().unwrap().success());
    let raw = walk(&vk.dir);
    for needle in [
        "Kameleon-Uniek-9182",
        "7K3M-9QZD",
        "squat_or_occupation",
        "molenbeek",
    ] {
        assert!(
            !raw.windows(needle.len()).any(|w| w == needle.as_bytes()),
            "{needle} is readable in the vault files"
        );
    }
}

#[test]
fn passphrase_change_through_the_cli() {
    let vk = Vk::new();
    vk.ok(&["demo", "--families", "2", "--encounters", "4"]);
    vk.ok_with_env(
        &["passphrase"],
        "VEERKRACHT_NEW_PASSPHRASE",
        "nog een andere lange zin",
    );
    assert!(
        !vk.run(&["list"]).status.success(),
        "the old passphrase no longer opens it"
    );
    let out = vk
        .cmd(&["list", "--json"])
        .env("VEERKRACHT_PASSPHRASE", "nog een andere lange zin")
        .output()
        .unwrap();
    assert!(out.status.success());
}

#[test]
fn scan_text_reports_identifiers_with_character_offsets() {
    let vk = Vk::empty();
    let mut child = vk
        .cmd(&["scan-text"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all("Één vraag: bel mevrouw Diallo op 0478 12 34 56.".as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let findings: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(findings[0]["kind"], "name");
    assert_eq!(findings[0]["text"], "Diallo");
    assert_eq!(findings[1]["kind"], "phone");
    assert_eq!(
        findings[1]["start"], 33,
        "offsets count characters, not bytes"
    );
    assert_eq!(findings[1]["end"], 46);
}

#[test]
fn the_audit_log_lists_actions_without_content() {
    let vk = Vk::new();
    let input = vk.file("in.jsonl", &format!("{EXAMPLE}\n"));
    vk.ok(&["import", input.to_str().unwrap()]);
    vk.ok(&[
        "export",
        "--period",
        "2026-Q1",
        "--out",
        vk._tmp.path().join("p").to_str().unwrap(),
    ]);
    let log: serde_json::Value = serde_json::from_str(&vk.ok(&["log", "--json"])).unwrap();
    assert_eq!(log[0]["action"], "imported");
    assert_eq!(log[0]["count"], 1);
    assert_eq!(log[1]["action"], "exported");
    assert_eq!(log[1]["detail"], "2026-Q1");
    let text = vk.ok(&["log"]);
    assert!(
        !text.contains("7K3M-9QZD") && !text.contains("free text"),
        "no content in the log"
    );
}

#[test]
fn backup_restore_and_purge_through_the_cli() {
    let vk = Vk::new();
    vk.ok(&[
        "demo",
        "--families",
        "10",
        "--encounters",
        "40",
        "--seed",
        "3",
        "--until",
        "2026-06-30",
    ]);
    let before = vk.ok(&["records"]);
    let file = vk._tmp.path().join("backup.vkbackup");
    vk.ok(&["backup", file.to_str().unwrap()]);
    let other = Vk::empty();
    let out = other
        .cmd(&["restore", file.to_str().unwrap()])
        .env("VEERKRACHT_PASSPHRASE", "niet de juiste")
        .output()
        .unwrap();
    assert!(!out.status.success(), "a wrong passphrase restores nothing");
    other.ok(&["restore", file.to_str().unwrap()]);
    assert_eq!(
        other.ok(&["records"]),
        before,
        "the restored vault holds the same encounters"
    );
    let out = vk.ok(&["purge", "--before", "2026-03-01", "--lang", "en"]);
    let deleted: usize = out.split_whitespace().next().unwrap().parse().unwrap();
    let after = vk.ok(&["records"]);
    assert_eq!(after.lines().count() + deleted, before.lines().count());
    assert!(
        lines_as_json(&after)
            .iter()
            .all(|e| e["date"].as_str().unwrap() >= "2026-03-01"),
        "nothing from before the cutoff is left"
    );
    let audit: serde_json::Value = serde_json::from_str(&vk.ok(&["log", "--json"])).unwrap();
    assert!(audit
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["action"] == "purged" && e["count"] == deleted));
}
