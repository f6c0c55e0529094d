//! Crash safety: a writer process saves, edits and deletes encounters and
//! acknowledges each one once `save` returned; it is killed with SIGKILL at
//! a random moment; the vault must then open, hold every acknowledged save
//! exactly as acknowledged, none of the acknowledged deletes, nothing
//! damaged, and an audit log that agrees. `CRASH_CYCLES` sets the number of
//! cycles (20 here by default; `make crash-test` runs 200).

use rand::{Rng, SeedableRng};
use std::collections::HashMap;
use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use veerkracht_core::audit::Action;
use veerkracht_core::{exchange, Codebook};
use veerkracht_store::Vault;

#[test]
fn acknowledged_saves_survive_sigkill() {
    let cycles: usize = std::env::var("CRASH_CYCLES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(20);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    let cb = Codebook::embedded();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    let mut expected: HashMap<String, Option<String>> = HashMap::new(); // id -> digest, None = deleted
    let mut acked_saves = 0usize;
    let mut acked_deletes = 0usize;
    for cycle in 0..cycles {
        let mut child = Command::new(env!("CARGO_BIN_EXE_crash-writer"))
            .arg(&dir)
            .arg((cycle as u64 + 1).to_string())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start the writer");
        // Every other cycle the kill falls at any moment (also while the
        // vault opens); the others wait for the first acknowledgement, so
        // that a slow start cannot keep the kills away from the saves.
        let mut stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            let mut text = String::new();
            let mut byte = [0u8; 1];
            let mut first = None;
            while let Ok(1) = stdout.read(&mut byte) {
                text.push(byte[0] as char);
                if byte[0] == b'\n' && first.is_none() {
                    first = Some(Instant::now());
                }
            }
            text
        });
        let started = Instant::now();
        let wait = Duration::from_millis(rng.gen_range(30..400));
        if cycle % 2 == 1 {
            let acked = dir.join("vault.generation");
            // The first durable save writes the generation file anew.
            let before = std::fs::metadata(&acked).and_then(|m| m.modified()).ok();
            while started.elapsed() < Duration::from_secs(20)
                && std::fs::metadata(&acked).and_then(|m| m.modified()).ok() == before
            {
                std::thread::sleep(Duration::from_millis(2));
            }
        }
        let from = Instant::now();
        while from.elapsed() < wait {
            std::thread::sleep(Duration::from_millis(5));
        }
        child.kill().expect("SIGKILL");
        child.wait().unwrap();
        let text = reader.join().unwrap();
        // Only complete lines are acknowledgements.
        let complete = match text.rfind('\n') {
            Some(i) => &text[..=i],
            None => "",
        };
        for line in complete.lines() {
            let parts: Vec<&str> = line.split_whitespace().collect();
            match parts.as_slice() {
                ["SAVE", id, digest] => {
                    expected.insert(id.to_string(), Some(digest.to_string()));
                    acked_saves += 1;
                }
                ["DEL", id] => {
                    expected.insert(id.to_string(), None);
                    acked_deletes += 1;
                }
                _ => panic!("garbled acknowledgement {line:?}"),
            }
        }
        if !veerkracht_store::exists(&dir) {
            continue; // killed before the vault was even created
        }
        let vault = Vault::open(&dir, "crash test passphrase")
            .unwrap_or_else(|e| panic!("cycle {cycle}: the vault does not open: {e}"));
        let loaded = vault.load().unwrap();
        assert!(
            loaded.damaged.is_empty(),
            "cycle {cycle}: nothing half-written is visible"
        );
        let present: HashMap<String, String> = loaded
            .encounters
            .iter()
            .map(|e| {
                (
                    e.id.to_string(),
                    veerkracht_signals::package::sha256(exchange::to_line(e, cb).as_bytes()),
                )
            })
            .collect();
        // Each kill can leave one operation in flight: durable but not yet
        // acknowledged (an edit, a delete or a new save). Everything else
        // must be exactly as acknowledged.
        let mut in_flight = 0;
        for (id, want) in &expected {
            let ok = match want {
                Some(digest) => present.get(id) == Some(digest),
                None => !present.contains_key(id),
            };
            if !ok {
                in_flight += 1;
            }
        }
        assert!(
            in_flight <= 1,
            "cycle {cycle}: {in_flight} records differ from what was acknowledged"
        );
        // From here on the reopened vault is the truth to compare with.
        expected = present
            .iter()
            .map(|(id, d)| (id.clone(), Some(d.clone())))
            .collect();
        let log = vault.audit_log().unwrap();
        let saves = log
            .iter()
            .filter(|e| matches!(e.action, Action::Created | Action::Edited))
            .count();
        let deletes = log.iter().filter(|e| e.action == Action::Deleted).count();
        assert!(
            saves >= acked_saves,
            "cycle {cycle}: the audit log lists {saves} saves, {acked_saves} were acknowledged"
        );
        assert!(
            deletes >= acked_deletes,
            "cycle {cycle}: the audit log lists {deletes} deletes, {acked_deletes} acknowledged"
        );
        // The writer saves and audits in one transaction: at most the one
        // in flight when it was killed can be in the log unacknowledged.
        assert!(
            saves <= acked_saves + cycle + 1,
            "cycle {cycle}: audit entries without their save"
        );
        // Every save carries one confirmed finding, in the same transaction.
        let confirmations = log
            .iter()
            .filter(|e| e.action == Action::ConfirmedNotIdentifying)
            .count();
        assert_eq!(
            confirmations, saves,
            "cycle {cycle}: a save and its confirmed finding are written together"
        );
    }
    println!("crash test: {cycles} cycles, {acked_saves} acknowledged saves, {acked_deletes} acknowledged deletes, 0 losses");
}

/// Runs `crash-writer ARGS…` and kills it after `wait`; returns its output.
fn run_and_kill(args: &[&std::ffi::OsStr], wait: Duration) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_crash-writer"))
        .args(args)
        .stdout(Stdio::piped())
        .spawn()
        .expect("start crash-writer");
    let started = Instant::now();
    while started.elapsed() < wait {
        if let Ok(Some(_)) = child.try_wait() {
            break;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    let _ = child.kill();
    child.wait().unwrap();
    let mut text = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// How long `crash-writer ARGS…` takes when left alone (after `prepare`
/// made its folder; the longest of three runs): kills are then spread over
/// that time.
fn calibrate(
    prepare: impl Fn(&std::path::Path),
    args: impl Fn(&std::path::Path) -> Vec<std::ffi::OsString>,
    scratch: &std::path::Path,
) -> Duration {
    (0..3)
        .map(|i| {
            let dir = scratch.join(i.to_string());
            prepare(&dir);
            let started = Instant::now();
            let out = run_and_kill(
                &args(&dir).iter().map(|a| a.as_os_str()).collect::<Vec<_>>(),
                Duration::from_secs(60),
            );
            assert!(
                !out.is_empty(),
                "crash-writer finished its work when left alone"
            );
            started.elapsed()
        })
        .max()
        .expect("three runs")
}

fn cycles(default: usize) -> usize {
    std::env::var("CRASH_CYCLES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(default)
}

/// `init` killed at any moment leaves a whole vault, or a folder that is
/// no vault and where `init` works again. It used to leave a database
/// without its key file: "the key file is missing" at open, "the folder is
/// not empty" at the next init.
#[test]
fn an_init_killed_at_any_moment_leaves_a_whole_vault_or_none() {
    let tmp = tempfile::tempdir().unwrap();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(15);
    let (mut whole, mut none) = (0, 0);
    let args = |d: &std::path::Path| vec!["init".into(), d.as_os_str().to_owned()];
    let full = calibrate(|_| {}, args, &tmp.path().join("calibration"));
    for cycle in 0..cycles(20) * 2 {
        let dir = tmp.path().join(format!("v{cycle}"));
        let wait = full.mul_f64(rng.gen_range(0.0..1.1));
        let out = run_and_kill(&["init".as_ref(), dir.as_os_str()], wait);
        match Vault::open(&dir, "crash test passphrase") {
            Ok(v) => {
                assert!(v.load().unwrap().encounters.is_empty());
                whole += 1;
            }
            Err(e) => {
                assert!(
                    !out.contains("INIT"),
                    "cycle {cycle}: init was acknowledged, the vault does not open: {e:?}"
                );
                assert!(
                    matches!(e, veerkracht_store::Error::NoVault { .. }),
                    "cycle {cycle}: a half-made vault is no vault: {e:?}"
                );
                Vault::create(
                    &dir,
                    "crash test passphrase",
                    veerkracht_store::KdfParams::insecure_for_tests(),
                )
                .unwrap_or_else(|e| panic!("cycle {cycle}: init again: {e:?}"));
                none += 1;
            }
        }
    }
    println!(
        "init killed ({full:?} when left alone): {whole} whole vaults, {none} folders with no vault (init ran again)"
    );
}

/// The restore of the latest automatic backup killed at any moment: the
/// folder holds either what it held (byte for byte) or the restored vault,
/// which opens, with the damaged files kept aside.
#[test]
fn a_restore_of_the_latest_backup_killed_at_any_moment_keeps_old_or_new() {
    const PASS: &str = "crash test passphrase";
    let tmp = tempfile::tempdir().unwrap();
    let template = tmp.path().join("template");
    {
        let vault = Vault::create(
            &template,
            PASS,
            veerkracht_store::KdfParams::insecure_for_tests(),
        )
        .unwrap();
        let cb = Codebook::embedded();
        let all = veerkracht_core::demo::generate(
            cb,
            &veerkracht_core::demo::DemoSpec {
                families: 5,
                encounters: 30,
                seed: 4,
                until: chrono::NaiveDate::from_ymd_opt(2026, 6, 30).unwrap(),
                days: 90,
            },
        );
        vault.import(&all[..20], false).unwrap();
        vault.backup_rotating(3).unwrap();
        vault.import(&all[20..], false).unwrap();
    }
    // Damaged: the key file is gone (the database without it cannot open).
    std::fs::rename(template.join("vault.json"), tmp.path().join("old-key")).unwrap();
    let old_db = std::fs::read(template.join("db").join("db")).unwrap();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(16);
    let (mut old, mut new) = (0, 0);
    let args = |d: &std::path::Path| vec!["restore-latest".into(), d.as_os_str().to_owned()];
    let full = calibrate(
        |d| copy_dir(&template, d),
        args,
        &tmp.path().join("calibration"),
    );
    for cycle in 0..cycles(20) * 2 {
        let dir = tmp.path().join(format!("r{cycle}"));
        copy_dir(&template, &dir);
        let wait = full.mul_f64(rng.gen_range(0.0..1.1));
        let out = run_and_kill(&["restore-latest".as_ref(), dir.as_os_str()], wait);
        match Vault::open(&dir, PASS) {
            Ok(v) => {
                assert_eq!(v.load().unwrap().encounters.len(), 20, "cycle {cycle}");
                let aside: Vec<_> = std::fs::read_dir(&dir)
                    .unwrap()
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| {
                        p.file_name()
                            .unwrap()
                            .to_string_lossy()
                            .starts_with("damaged-")
                    })
                    .collect();
                assert_eq!(aside.len(), 1, "cycle {cycle}: the damaged files are kept");
                assert_eq!(
                    std::fs::read(aside[0].join("db").join("db")).unwrap(),
                    old_db,
                    "cycle {cycle}: unchanged"
                );
                new += 1;
            }
            Err(e) => {
                assert!(
                    !out.contains("RESTORED"),
                    "cycle {cycle}: acknowledged, then {e:?}"
                );
                assert!(
                    matches!(e, veerkracht_store::Error::DamagedKeyFile { .. }),
                    "cycle {cycle}: still the old, damaged vault: {e:?}"
                );
                assert_eq!(
                    std::fs::read(dir.join("db").join("db")).unwrap(),
                    old_db,
                    "cycle {cycle}: the old database untouched"
                );
                let v = veerkracht_store::restore_latest_backup(&dir, PASS)
                    .unwrap_or_else(|e| panic!("cycle {cycle}: restore again: {e:?}"));
                assert_eq!(v.load().unwrap().encounters.len(), 20);
                old += 1;
            }
        }
    }
    println!("restore killed ({full:?} when left alone): {old} times before its commit point, {new} after");
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}
