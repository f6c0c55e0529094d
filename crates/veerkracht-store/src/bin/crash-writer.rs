//! Test helper for the crash harnesses (`tests/crash.rs`, `tests/powercut`,
//! `make crash-test`): does one kind of work in a vault and prints one
//! acknowledgement line per completed (durable) step, until it is killed.
//! Not part of the product.
//!
//! Usage:
//! - `crash-writer DIR SEED`: saves, edits and deletes encounters as fast as
//!   it can. Every save carries one confirmed scanner finding, written with
//!   it. Lines: `SAVE <id> <sha256 of the exchange line>` or `DEL <id>`.
//! - `crash-writer init DIR`: creates a vault; prints `INIT`.
//! - `crash-writer restore-latest DIR`: restores the vault's latest
//!   automatic backup in its place; prints `RESTORED <encounters>`.

use std::io::Write;
use veerkracht_core::audit::Action;
use veerkracht_core::demo::{generate, DemoSpec};
use veerkracht_core::{exchange, Codebook};
use veerkracht_store::{KdfParams, Vault};

const PASS: &str = "crash test passphrase";

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mut out = std::io::stdout().lock();
    match args.get(1).map(String::as_str) {
        // These two report a failure as the product would: an error line
        // and a non-zero exit, so that a harness can tell it from a panic.
        Some("init") => {
            let dir = std::path::PathBuf::from(&args[2]);
            let made =
                Vault::create(&dir, PASS, KdfParams::insecure_for_tests()).and_then(Vault::close);
            if let Err(e) = made {
                fail(&e);
            }
            writeln!(out, "INIT").expect("stdout");
        }
        Some("restore-latest") => {
            let dir = std::path::PathBuf::from(&args[2]);
            let restored = veerkracht_store::restore_latest_backup(&dir, PASS).and_then(|v| {
                let n = v.load()?.encounters.len();
                v.close().map(|()| n)
            });
            match restored {
                Ok(n) => writeln!(out, "RESTORED {n}").expect("stdout"),
                Err(e) => fail(&e),
            }
        }
        _ => write_and_delete(&args, &mut out),
    }
    out.flush().expect("stdout");
}

fn fail(e: &veerkracht_store::Error) -> ! {
    eprintln!("crash-writer: {e}");
    std::process::exit(1)
}

fn write_and_delete(args: &[String], out: &mut impl Write) {
    let dir = std::path::PathBuf::from(&args[1]);
    let seed: u64 = args[2].parse().expect("seed");
    let vault = if veerkracht_store::exists(&dir) {
        Vault::open(&dir, PASS).expect("the vault reopens after a crash")
    } else {
        Vault::create(&dir, PASS, KdfParams::insecure_for_tests()).expect("create")
    };
    let cb = Codebook::embedded();
    let until = chrono::NaiveDate::from_ymd_opt(2026, 6, 30).expect("date");
    let pool = generate(
        cb,
        &DemoSpec {
            families: 50,
            encounters: 2000,
            seed,
            until,
            days: 180,
        },
    );
    let mut saved: Vec<usize> = Vec::new();
    let confirmed = [(Action::ConfirmedNotIdentifying, 1, "name".to_string())];
    for (n, e) in pool.iter().enumerate() {
        let mut e = e.clone();
        if n % 7 == 3 && !saved.is_empty() {
            // Edit an earlier one: a new note, same id.
            let i = saved[n % saved.len()];
            e = pool[i].clone();
            e.note = Some(format!("bewerkt {n}"));
        }
        if n % 11 == 5 && saved.len() > 2 {
            let i = saved.remove(n % saved.len());
            vault.delete(&pool[i].id).expect("delete");
            writeln!(out, "DEL {}", pool[i].id).expect("stdout");
            out.flush().expect("stdout");
            continue;
        }
        vault.save_with_audit(&e, &confirmed).expect("save");
        let line = exchange::to_line(&e, cb);
        let digest = veerkracht_signals::package::sha256(line.as_bytes());
        // Printed only after `save` returned: the save is durable now.
        writeln!(out, "SAVE {} {digest}", e.id).expect("stdout");
        out.flush().expect("stdout");
        if let Some(i) = pool.iter().position(|p| p.id == e.id) {
            if !saved.contains(&i) {
                saved.push(i);
            }
        }
    }
}
