//! Helpers shared by the store's integration tests (each test file uses
//! some of them).
#![allow(dead_code)]

use chrono::NaiveDate;
use std::path::{Path, PathBuf};
use veerkracht_core::demo::{self, DemoSpec};
use veerkracht_core::{Codebook, Encounter};

/// A seeded demo caseload of `n` encounters, about `per_family` per
/// family, over the `days` before 2026-11-20.
pub fn demo_encounters(n: usize, per_family: usize, seed: u64, days: i64) -> Vec<Encounter> {
    demo::generate(
        Codebook::embedded(),
        &DemoSpec {
            families: n / per_family + 1,
            encounters: n,
            seed,
            until: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
            days,
        },
    )
}

/// Every file below `dir`.
pub fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let p = entry.path();
        if p.is_dir() {
            files.extend(walk(&p));
        } else {
            files.push(p);
        }
    }
    files
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Opens a vault's sled database directly, as an attacker or a bad sector
/// test does. A vault just dropped may still hold sled's file lock for a
/// moment (sled's flusher thread lets go asynchronously), so this waits
/// for it as `Vault::open` does.
pub fn open_sled(path: &Path) -> sled::Db {
    // sled refuses to open a database with a segment size other than its
    // own (the vault's is not sled's default): read from its config.
    let conf = std::fs::read(path.join("conf")).unwrap();
    let segment_size: usize = String::from_utf8_lossy(&conf)
        .lines()
        .find_map(|l| l.strip_prefix("segment_size: "))
        .and_then(|n| n.trim().parse().ok())
        .expect("sled's config names its segment size");
    for _ in 0..250 {
        match sled::Config::new()
            .path(path)
            .segment_size(segment_size)
            .open()
        {
            Ok(db) => return db,
            Err(e) if e.to_string().contains("could not acquire lock") => {
                std::thread::sleep(std::time::Duration::from_millis(20))
            }
            Err(e) => panic!("open {}: {e}", path.display()),
        }
    }
    panic!("{} stayed locked", path.display())
}
