//! The bad-input matrix: every command fed garbage — unknown codes, wrong
//! shapes, 10 MB strings, invalid UTF-8, control characters, future and
//! ancient dates, duplicate ids, a wrong codebook version, packages of
//! another period — must answer with a clear error and a non-zero exit, and
//! leave the vault exactly as it was (a digest of every record, and the
//! audit log's length, before and after).

use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const PASS: &str = "een lange geheime zin";

struct Case {
    name: &'static str,
    args: Vec<String>,
    stdin: Option<Vec<u8>>,
}

fn run(dir: &Path, args: &[String], stdin: Option<&[u8]>) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_veerkracht"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env("VEERKRACHT_PASSPHRASE", PASS)
        .env("LANG", "C.UTF-8")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(bytes) = stdin {
        child.stdin.take().unwrap().write_all(bytes).unwrap();
    }
    child.wait_with_output().unwrap()
}

fn digest(dir: &Path) -> (String, usize) {
    let records = run(dir, &["records".into()], None);
    assert!(records.status.success());
    let audit = run(dir, &["log".into(), "--json".into()], None);
    let entries: serde_json::Value = serde_json::from_slice(&audit.stdout).unwrap();
    (
        hex::encode(Sha256::digest(&records.stdout)),
        entries.as_array().unwrap().len(),
    )
}

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

#[test]
fn every_command_refuses_garbage_and_leaves_the_vault_unchanged() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    let file = |name: &str, bytes: &[u8]| -> PathBuf {
        let p = tmp.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    };
    assert!(run(&dir, &s(&["init"]), None).status.success());
    assert!(run(
        &dir,
        &s(&[
            "demo",
            "--families",
            "8",
            "--encounters",
            "30",
            "--until",
            "2026-06-30"
        ]),
        None
    )
    .status
    .success());
    let records = String::from_utf8(run(&dir, &s(&["records"]), None).stdout).unwrap();
    let first_line = records.lines().next().unwrap().to_string();
    let first_id = serde_json::from_str::<serde_json::Value>(&first_line).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    // A package of another period, for merge.
    assert!(run(
        &dir,
        &s(&[
            "export",
            "--period",
            "2026-Q1",
            "--out",
            tmp.path().join("q1").to_str().unwrap()
        ]),
        None
    )
    .status
    .success());
    assert!(run(
        &dir,
        &s(&[
            "export",
            "--period",
            "2026-Q2",
            "--out",
            tmp.path().join("q2").to_str().unwrap()
        ]),
        None
    )
    .status
    .success());

    let good = r#"{"family":"AAAA-BBBB","date":"2026-01-02","outcome":"pending"}"#;
    let huge = format!(
        r#"{{"family":"AAAA-BBBB","date":"2026-01-02","note":"{}"}}"#,
        "x".repeat(10 * 1024 * 1024)
    );
    let huge_code = format!(
        r#"{{"family":"AAAA-BBBB","date":"2026-01-02","setting":"{}"}}"#,
        "y".repeat(10 * 1024 * 1024)
    );
    let path = |p: PathBuf| p.to_str().unwrap().to_string();
    let cases = vec![
        Case {
            name: "unknown code",
            args: vec![
                "import".into(),
                path(file(
                    "a.jsonl",
                    format!(
                        "{good}\n{}\n",
                        r#"{"family":"AAAA-BBBB","date":"2026-01-02","setting":"moon"}"#
                    )
                    .as_bytes(),
                )),
            ],
            stdin: None,
        },
        Case {
            name: "wrong value shape",
            args: vec![
                "import".into(),
                path(file(
                    "b.jsonl",
                    br#"{"family":"AAAA-BBBB","date":"2026-01-02","themes":"housing"}"#,
                )),
            ],
            stdin: None,
        },
        Case {
            name: "10 MB note",
            args: vec!["import".into(), path(file("c.jsonl", huge.as_bytes()))],
            stdin: None,
        },
        Case {
            name: "10 MB code",
            args: vec![
                "import".into(),
                path(file("c2.jsonl", huge_code.as_bytes())),
            ],
            stdin: None,
        },
        Case {
            name: "invalid UTF-8",
            args: vec![
                "import".into(),
                path(file(
                    "d.jsonl",
                    b"{\"family\":\"AAAA-BBBB\",\"date\":\"2026-01-02\",\"note\":\"\xc3\x28\"}\n",
                )),
            ],
            stdin: None,
        },
        Case {
            name: "control characters",
            args: vec![
                "import".into(),
                path(file(
                    "e.jsonl",
                    br#"{"family":"AAAA-BBBB","date":"2026-01-02","note":"bel\u0007mij"}"#,
                )),
            ],
            stdin: None,
        },
        Case {
            name: "raw control byte",
            args: vec![
                "import".into(),
                path(file(
                    "e2.jsonl",
                    b"{\"family\":\"AAAA-BBBB\",\"date\":\"2026-01-02\",\"note\":\"a\x01b\"}",
                )),
            ],
            stdin: None,
        },
        Case {
            name: "future date",
            args: vec![
                "import".into(),
                path(file(
                    "f.jsonl",
                    br#"{"family":"AAAA-BBBB","date":"2999-01-01"}"#,
                )),
            ],
            stdin: None,
        },
        Case {
            name: "ancient date",
            args: vec![
                "import".into(),
                path(file(
                    "g.jsonl",
                    br#"{"family":"AAAA-BBBB","date":"1899-01-01"}"#,
                )),
            ],
            stdin: None,
        },
        Case {
            name: "duplicate ids in one file",
            args: vec![
                "import".into(),
                path(file(
                    "h.jsonl",
                    format!("{first_line}\n{first_line}\n")
                        .replace(&first_id, "018f6f3e-8c4b-7c1a-9d2e-4b5a6c7d8e9f")
                        .as_bytes(),
                )),
            ],
            stdin: None,
        },
        Case {
            name: "id already in the vault",
            args: vec![
                "import".into(),
                path(file("i.jsonl", format!("{first_line}\n").as_bytes())),
            ],
            stdin: None,
        },
        Case {
            name: "wrong codebook version",
            args: vec![
                "import".into(),
                path(file(
                    "j.jsonl",
                    br#"{"family":"AAAA-BBBB","date":"2026-01-02","codebook":"1.0"}"#,
                )),
            ],
            stdin: None,
        },
        Case {
            name: "not JSON at all",
            args: vec![
                "import".into(),
                path(file("k.jsonl", &[0u8, 159, 146, 150, 10, 255])),
            ],
            stdin: None,
        },
        Case {
            name: "missing file",
            args: s(&["import", "/nonexistent/file.jsonl"]),
            stdin: None,
        },
        Case {
            name: "list: bad date",
            args: s(&["list", "--from", "yesterday"]),
            stdin: None,
        },
        Case {
            name: "list: bad family",
            args: s(&["list", "--family", "Jan Peeters"]),
            stdin: None,
        },
        Case {
            name: "list: unknown theme",
            args: s(&["list", "--theme", "weather"]),
            stdin: None,
        },
        Case {
            name: "show: unknown id",
            args: s(&["show", "00000000-0000-0000-0000-000000000000"]),
            stdin: None,
        },
        Case {
            name: "show: garbage id",
            args: s(&["show", "\u{7}\u{7}\u{7}\u{7}"]),
            stdin: None,
        },
        Case {
            name: "export: bad period",
            args: s(&["export", "--period", "2026-13", "--out", "/tmp/never"]),
            stdin: None,
        },
        Case {
            name: "export: k too low",
            args: s(&[
                "export",
                "--period",
                "2026",
                "--k",
                "2",
                "--out",
                "/tmp/never",
            ]),
            stdin: None,
        },
        Case {
            name: "export: folder holds a package",
            args: vec![
                "export".into(),
                "--period".into(),
                "2026-Q1".into(),
                "--out".into(),
                path(tmp.path().join("q1")),
            ],
            stdin: None,
        },
        Case {
            name: "merge: another period",
            args: vec![
                "merge".into(),
                path(tmp.path().join("q1")),
                path(tmp.path().join("q2")),
                "--out".into(),
                path(tmp.path().join("m")),
            ],
            stdin: None,
        },
        Case {
            name: "merge: same package twice",
            args: vec![
                "merge".into(),
                path(tmp.path().join("q1")),
                path(tmp.path().join("q1")),
                "--out".into(),
                path(tmp.path().join("m2")),
            ],
            stdin: None,
        },
        Case {
            name: "verify: not a package",
            args: vec!["verify".into(), path(tmp.path().to_path_buf())],
            stdin: None,
        },
        Case {
            name: "restore: garbage file",
            args: vec![
                "restore".into(),
                path(file("x.vkbackup", b"not a backup at all")),
            ],
            stdin: None,
        },
        Case {
            name: "purge: bad date",
            args: s(&["purge", "--before", "01/02/2026"]),
            stdin: None,
        },
        Case {
            name: "demo: bad --until",
            args: s(&["demo", "--until", "soon"]),
            stdin: None,
        },
        Case {
            name: "codebook: unknown language",
            args: s(&["codebook", "--lang", "xx"]),
            stdin: None,
        },
        Case {
            name: "scan-text: invalid UTF-8",
            args: s(&["scan-text"]),
            stdin: Some(vec![0xff, 0xfe, 0x41]),
        },
        Case {
            name: "unknown command",
            args: s(&["frobnicate"]),
            stdin: None,
        },
    ];
    let before = digest(&dir);
    let mut checked = 0;
    for case in &cases {
        let out = run(&dir, &case.args, case.stdin.as_deref());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            !out.status.success(),
            "{}: should fail, stdout: {}",
            case.name,
            String::from_utf8_lossy(&out.stdout)
        );
        assert!(!err.trim().is_empty(), "{}: says what is wrong", case.name);
        assert!(
            err.len() < 20_000,
            "{}: the error is short, not an echo of the input",
            case.name
        );
        assert!(!err.contains("panicked"), "{}: no panic: {err}", case.name);
        // The restore case targets a new folder: run it against a fresh one.
        assert_eq!(digest(&dir), before, "{}: the vault changed", case.name);
        checked += 1;
    }
    // Restoring garbage into a new folder leaves nothing behind either.
    let fresh = tmp.path().join("fresh");
    let out = run(
        &fresh,
        &[
            "restore".into(),
            tmp.path().join("x.vkbackup").to_str().unwrap().into(),
        ],
        None,
    );
    assert!(!out.status.success());
    assert!(
        !veerkracht_store_exists(&fresh),
        "a failed restore creates no vault"
    );
    println!("bad-input matrix: {checked} cases, vault unchanged after each");
}

fn veerkracht_store_exists(dir: &Path) -> bool {
    dir.join("vault.json").exists()
}
