//! What an attacker who reads the app's memory after a lock finds (SECURITY.md,
//! "Memory after lock"). Written from the threat, not from the code: a vault
//! of 2,000 notes is made by another process, this process unlocks it over
//! IPC as the UI does (every family's timeline, the list, the overview,
//! each record), locks it, and a third process then reads this process's
//! memory through `/proc/PID/mem` — every readable region that is not a
//! mapped file: heap, thread stacks, anonymous maps — looking for any of the
//! notes, the data key (unwrapped by the probe itself from `vault.json`,
//! following the file format, not the store's code) and the passphrase.
//!
//! The same probe runs once while the vault is unlocked and the screens'
//! answers are still held, and must find the notes and the key there: a
//! probe that finds nothing anywhere proves nothing. (The session itself
//! holds no note: records are decrypted for a screen and dropped.) Reading another process's memory needs ptrace rights (root, or
//! `kernel.yama.ptrace_scope` 0); the test fails, saying so, without them.
//!
//! One test function plays three roles, chosen by `VK_MEMPROBE`: unset, it
//! is the app; `make` builds the vault; `scan` reads the app's memory.

use serde_json::{json, Value};
use std::io::{BufRead, Read, Seek, SeekFrom};
use std::path::Path;
use std::process::Command;
use tauri::test::{mock_builder, mock_context, noop_assets};
use tauri::WebviewWindowBuilder;
use veerkracht_app::state::AppState;
use veerkracht_core::Lang;

mod common;

const NOTES: usize = 2_000;
const FAMILIES: u64 = 150;
const TEST: &str = "nothing_of_the_caseload_key_or_passphrase_stays_in_memory_after_lock";

/// The passphrase, made at run time from the seed so that no copy of it
/// sits in the test binary's own (file-backed, unscanned) data.
fn passphrase(seed: u64) -> String {
    format!("geheugenproef {seed:016x} met een lange zin")
}

/// Note `i`: a marker no other program would hold, its number, then text.
fn note(seed: u64, i: usize) -> String {
    format!(
        "Gesprek {}{i:05} {:08x}: mama vertelt over de nacht in het station, \
         de kinderen slapen slecht en de afspraak bij het OCMW is verzet.",
        marker(seed),
        seed.wrapping_mul(i as u64 + 1) as u32
    )
}

fn marker(seed: u64) -> String {
    format!("vkMP{:06x}#", seed & 0xff_ffff)
}

#[test]
fn nothing_of_the_caseload_key_or_passphrase_stays_in_memory_after_lock() {
    match std::env::var("VK_MEMPROBE").as_deref() {
        Ok("make") => return make_vault(),
        Ok("scan") => return scan(),
        _ => {}
    }
    let seed: u64 = rand::random::<u64>() | 1;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    let made = child("make", seed, &dir, None);
    assert!(made.is_some(), "the vault was made");

    let state = AppState::new(dir.clone(), Lang::Nl);
    let app = veerkracht_app::build(mock_builder(), state)
        .build(mock_context(noop_assets()))
        .expect("app builds");
    let webview = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    let call = |cmd: &str, args: Value| -> Value {
        common::invoke(&webview, cmd, args).unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    };

    // What a worker does in a session: unlock, browse every family, open
    // records, look at the overview. The answers are kept (as a screen
    // holds them) until the probe has looked while unlocked.
    call("unlock_vault", json!({ "passphrase": passphrase(seed) }));
    let filter = json!({ "filter": {
        "family": null, "from": null, "to": null, "theme": null, "need": null,
        "need_status": null, "outcome": null, "municipality": null, "text": null,
        "limit": 500, "offset": 0
    }});
    let mut held = Vec::new();
    // A copy of the passphrase, as the unlock screen's field holds it: the
    // probe must find it while it is held.
    let typed = json!(passphrase(seed));
    let page = call("list_encounters", filter.clone());
    let families = call("list_families", json!({}));
    for f in families.as_array().expect("families") {
        let code = f["family"].as_str().expect("a family code");
        held.push(call("family_timeline", json!({ "family": code })));
    }
    for e in page["rows"].as_array().expect("a page").iter().take(200) {
        held.push(call("get_encounter", json!({ "id": e["id"] })));
    }
    held.push(call("own_overview", filter));
    // A note search: the session then keeps every note until the lock.
    held.push(call(
        "list_encounters",
        json!({ "filter": {
            "family": null, "from": null, "to": null, "theme": null, "need": null,
            "need_status": null, "outcome": null, "municipality": null, "text": "station",
            "limit": 50, "offset": 0
        }}),
    ));
    held.push(page);
    held.push(families);

    let open = child("scan", seed, &dir, Some(std::process::id())).expect("probe ran");
    println!("memory probe while unlocked: {open}");
    assert!(
        open["notes"].as_u64().unwrap() >= (NOTES / 2) as u64
            && open["key"] == json!(true)
            && open["kek"] == json!(false)
            && open["passphrase"] == json!(true)
            && open["unreadable_regions"] == json!(0)
            && open["scanned_mib"].as_u64().unwrap() >= 16,
        "while unlocked the probe must find the notes, the key and the passphrase held, or it is blind: {open}"
    );

    drop((held, typed));
    call("lock_vault", json!({ "draft": null }));

    let locked = child("scan", seed, &dir, Some(std::process::id())).expect("probe ran");
    println!("memory probe after lock: {locked}");
    assert_eq!(
        (
            &locked["notes"],
            &locked["key"],
            &locked["kek"],
            &locked["passphrase"],
            &locked["unreadable_regions"]
        ),
        (&json!(0), &json!(false), &json!(false), &json!(false), &json!(0)),
        "after the lock nothing of the caseload, the key or the passphrase may stay in memory: {locked}"
    );
    drop(app);
}

/// Runs this test again as `role`; returns the JSON line it printed.
fn child(role: &str, seed: u64, dir: &Path, pid: Option<u32>) -> Option<Value> {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args(["--exact", TEST, "--nocapture", "--test-threads=1"])
        .env("VK_MEMPROBE", role)
        .env("VK_MEMPROBE_SEED", seed.to_string())
        .env("VK_MEMPROBE_DIR", dir);
    if let Some(pid) = pid {
        cmd.env("VK_MEMPROBE_PID", pid.to_string());
    }
    let out = cmd.output().expect("run the probe");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{role} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
        .lines()
        .find_map(|l| l.split_once("MEMPROBE ").map(|(_, json)| json))
        .map(|l| serde_json::from_str(l).unwrap())
}

fn env_seed() -> u64 {
    std::env::var("VK_MEMPROBE_SEED").unwrap().parse().unwrap()
}

fn make_vault() {
    let seed = env_seed();
    let dir = std::path::PathBuf::from(std::env::var("VK_MEMPROBE_DIR").unwrap());
    let today = veerkracht_usecases::today();
    let spec = veerkracht_usecases::demo::spec(FAMILIES, NOTES as u64, seed, today).unwrap();
    let mut encounters =
        veerkracht_core::demo::generate(veerkracht_core::Codebook::embedded(), &spec);
    for (i, e) in encounters.iter_mut().enumerate() {
        e.note = Some(note(seed, i));
    }
    let mut session = veerkracht_usecases::Session::create(&dir, &passphrase(seed)).unwrap();
    assert_eq!(session.add(encounters).unwrap(), NOTES);
    session.lock(1).unwrap();
    println!("MEMPROBE {}", json!({ "made": NOTES }));
}

/// The data key, unwrapped from `vault.json` as its format says: Argon2id
/// over the passphrase and salt with the stored costs, then
/// XChaCha20-Poly1305 (nonce ‖ ciphertext) with the purpose as AAD.
fn keys(dir: &Path, passphrase: &str) -> (Vec<u8>, Vec<u8>) {
    use chacha20poly1305::aead::{Aead, KeyInit, Payload};
    let file: Value =
        serde_json::from_slice(&std::fs::read(dir.join("vault.json")).unwrap()).unwrap();
    let kdf = &file["kdf"];
    let n = |f: &str| kdf[f].as_u64().unwrap() as u32;
    let params =
        argon2::Params::new(n("memory_kib"), n("iterations"), n("parallelism"), Some(32)).unwrap();
    let salt = hex::decode(kdf["salt"].as_str().unwrap()).unwrap();
    let mut kek = [0u8; 32];
    argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
        .hash_password_into(passphrase.as_bytes(), &salt, &mut kek)
        .unwrap();
    let sealed = hex::decode(file["key"]["sealed"].as_str().unwrap()).unwrap();
    let (nonce, ct) = sealed.split_at(24);
    let aad = match file["version"].as_u64() {
        Some(1) => b"veerkracht/vault-key/v1".to_vec(),
        _ => key_aad_v2(kdf),
    };
    let key = chacha20poly1305::XChaCha20Poly1305::new((&kek).into())
        .decrypt(nonce.into(), Payload { msg: ct, aad: &aad })
        .expect("the probe unwraps the key with the passphrase");
    (key, kek.to_vec())
}

/// Version 2 of the key file binds its costs and salt to the wrapped key.
fn key_aad_v2(kdf: &Value) -> Vec<u8> {
    format!(
        "veerkracht/vault-key/v2 argon2id m={} t={} p={} salt={}",
        kdf["memory_kib"],
        kdf["iterations"],
        kdf["parallelism"],
        kdf["salt"].as_str().unwrap()
    )
    .into_bytes()
}

/// Reads every readable, non-file-backed region of process `pid`.
fn scan() {
    let seed = env_seed();
    let dir = std::path::PathBuf::from(std::env::var("VK_MEMPROBE_DIR").unwrap());
    let pid: u32 = std::env::var("VK_MEMPROBE_PID").unwrap().parse().unwrap();
    let pass = passphrase(seed);
    let (key, kek) = keys(&dir, &pass);
    let marker = marker(seed);
    let maps = std::fs::File::open(format!("/proc/{pid}/maps")).unwrap();
    let mut mem = std::fs::File::open(format!("/proc/{pid}/mem")).unwrap_or_else(|e| {
        panic!("cannot read /proc/{pid}/mem ({e}): the memory probe needs ptrace rights (root, or kernel.yama.ptrace_scope = 0)")
    });
    let mut found = vec![false; NOTES];
    let (mut key_hits, mut kek_hits, mut pass_hits, mut bytes) = (0usize, 0usize, 0usize, 0u64);
    let mut unreadable = 0usize;
    let mut where_found = std::collections::BTreeMap::<String, usize>::new();
    let finder = memchr::memmem::Finder::new(marker.as_bytes());
    let key_finder = memchr::memmem::Finder::new(&key);
    let kek_finder = memchr::memmem::Finder::new(&kek);
    let pass_finder = memchr::memmem::Finder::new(pass.as_bytes());
    let mut pagemap = std::fs::File::open(format!("/proc/{pid}/pagemap")).unwrap();
    const CHUNK: u64 = 8 << 20;
    const OVERLAP: u64 = 256;
    for line in std::io::BufReader::new(maps).lines() {
        let line = line.unwrap();
        let mut parts = line.split_whitespace();
        let range = parts.next().unwrap();
        let perms = parts.next().unwrap();
        let path = parts.skip(3).collect::<Vec<_>>().join(" ");
        let path = path.as_str();
        // Files on disk are skipped (the program, libraries); memory that
        // only looks like a file is read: memfd, shared memory, a deleted
        // file or /dev/zero mapped shared.
        let on_disk = path.starts_with('/')
            && !path.starts_with("/memfd:")
            && !path.starts_with("/SYSV")
            && !path.starts_with("/dev/zero")
            && !path.ends_with("(deleted)");
        if !perms.starts_with('r') || on_disk || path.starts_with("[v") {
            continue;
        }
        let (lo, hi) = range.split_once('-').unwrap();
        let (lo, hi) = (
            u64::from_str_radix(lo, 16).unwrap(),
            u64::from_str_radix(hi, 16).unwrap(),
        );
        let region = if path.is_empty() { "anonymous" } else { path };
        // Only the pages in memory or swap: a reserved but untouched arena
        // (mimalloc keeps one of 1 GiB) holds nothing and is slow to read.
        for (lo, hi) in present_runs(&mut pagemap, lo, hi) {
            let mut at = lo;
            let mut buf = Vec::new();
            while at < hi {
                let len = CHUNK.min(hi - at);
                buf.resize(len as usize, 0);
                if mem.seek(SeekFrom::Start(at)).is_err() || mem.read_exact(&mut buf).is_err() {
                    unreadable += 1;
                    break;
                }
                bytes += len;
                for hit in finder.find_iter(&buf) {
                    let digits = buf.get(hit + marker.len()..hit + marker.len() + 5);
                    let i = digits
                        .and_then(|d| std::str::from_utf8(d).ok())
                        .and_then(|d| d.parse::<usize>().ok());
                    if let Some(i) = i.filter(|i| *i < NOTES) {
                        if !found[i] {
                            found[i] = true;
                            *where_found.entry(region.to_string()).or_default() += 1;
                        }
                    }
                }
                key_hits += key_finder.find_iter(&buf).count();
                kek_hits += kek_finder.find_iter(&buf).count();
                pass_hits += pass_finder.find_iter(&buf).count();
                if at + len >= hi {
                    break;
                }
                at += len - OVERLAP;
            }
        }
    }
    let notes = found.iter().filter(|f| **f).count();
    println!(
        "MEMPROBE {}",
        json!({
            "notes": notes,
            "of": NOTES,
            "key": key_hits > 0,
            "key_copies": key_hits,
            "kek": kek_hits > 0,
            "passphrase": pass_hits > 0,
            "passphrase_copies": pass_hits,
            "scanned_mib": bytes >> 20,
            "unreadable_regions": unreadable,
            "notes_by_region": where_found,
        })
    );
}

/// The runs of pages of `lo..hi` that are present in memory or swapped out,
/// from `/proc/PID/pagemap` (bit 63: present, bit 62: swapped).
fn present_runs(pagemap: &mut std::fs::File, lo: u64, hi: u64) -> Vec<(u64, u64)> {
    const PAGE: u64 = 4096;
    let mut runs: Vec<(u64, u64)> = Vec::new();
    let mut entries = vec![0u8; ((hi - lo) / PAGE * 8) as usize];
    if pagemap.seek(SeekFrom::Start(lo / PAGE * 8)).is_err()
        || pagemap.read_exact(&mut entries).is_err()
    {
        return vec![(lo, hi)];
    }
    for (n, e) in entries.chunks_exact(8).enumerate() {
        let e = u64::from_le_bytes(e.try_into().unwrap());
        if e >> 62 == 0 {
            continue;
        }
        let page = lo + n as u64 * PAGE;
        match runs.last_mut() {
            Some((_, end)) if *end == page => *end = page + PAGE,
            _ => runs.push((page, page + PAGE)),
        }
    }
    runs
}
