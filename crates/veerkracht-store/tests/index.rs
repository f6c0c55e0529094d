//! The index (what lists and exports read instead of the records) must say
//! exactly what the records say, after any sequence of changes, reopenings,
//! restores, purges and passphrase changes; and a vault without one, or
//! with a damaged one, must get it back from the records.
//!
//! The truth is computed from the records alone (`load`), never from the
//! index's own code.

use chrono::NaiveDate;
use rand::{Rng, SeedableRng};
use veerkracht_core::brief::Brief;
use veerkracht_core::Encounter;
use veerkracht_store::{automatic_backups, restore, KdfParams, Vault};

mod common;

const PASS: &str = "paars konijn fietst langs de vaart";
const OTHER: &str = "groene reiger staat in de Zenne";

/// What the index must hold: one entry per readable record.
type Entry = (Brief, ([u8; 8], [u8; 8]));

fn truth(vault: &Vault) -> Vec<Entry> {
    let plan = veerkracht_core::caseload::rows();
    let mut v: Vec<_> = vault
        .load()
        .unwrap()
        .encounters
        .iter()
        .map(|e| (Brief::of(e, &plan), vault.member(e)))
        .collect();
    v.sort_by_key(|(b, _)| b.sort_key());
    v
}

/// What the index holds.
fn indexed(vault: &Vault) -> Vec<Entry> {
    vault
        .index()
        .unwrap()
        .into_iter()
        .map(|e| (e.brief, e.member))
        .collect()
}

fn check(vault: &Vault, step: &str) {
    let index = indexed(vault);
    let want = truth(vault);
    assert_eq!(index.len(), want.len(), "{step}: entries");
    assert!(index == want, "{step}: the index differs from the records");
}

#[test]
fn the_index_follows_every_change() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    let mut vault = Vault::create(&dir, PASS, KdfParams::insecure_for_tests()).unwrap();
    let mut pass = PASS;
    let all = common::demo_encounters(400, 4, 11, 700);
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(5);
    let mut saved: Vec<Encounter> = Vec::new();
    for step in 0..120 {
        let what = rng.gen_range(0..100);
        let name = match what {
            0..=44 => {
                let e = all[rng.gen_range(0..all.len())].clone();
                vault.save(&e).unwrap();
                saved.push(e);
                "save"
            }
            45..=59 if !saved.is_empty() => {
                // An edit: another family, another date, other answers.
                let mut e = saved[rng.gen_range(0..saved.len())].clone();
                let donor = &all[rng.gen_range(0..all.len())];
                e.family = donor.family.clone();
                e.date = donor.date;
                e.answers = donor.answers.clone();
                e.demo = !e.demo;
                vault.save(&e).unwrap();
                "edit"
            }
            60..=69 if !saved.is_empty() => {
                let e = &saved[rng.gen_range(0..saved.len())];
                vault.delete(&e.id).unwrap();
                "delete"
            }
            70..=74 => {
                let ids: Vec<_> = saved.iter().take(5).map(|e| e.id).collect();
                vault.delete_many(&ids, "").unwrap();
                "delete many"
            }
            75..=84 => {
                let start = rng.gen_range(0..all.len() - 30);
                vault.import(&all[start..start + 30], true).unwrap();
                saved.extend_from_slice(&all[start..start + 30]);
                "import"
            }
            85..=88 => {
                let cutoff = NaiveDate::from_ymd_opt(2025, rng.gen_range(1..=12), 1).unwrap();
                vault.purge_before(cutoff).unwrap();
                "purge"
            }
            89..=92 => {
                drop(vault);
                vault = Vault::open(&dir, pass).unwrap();
                "reopen"
            }
            93..=95 => {
                pass = if pass == PASS { OTHER } else { PASS };
                vault
                    .change_passphrase(pass, KdfParams::insecure_for_tests())
                    .unwrap();
                "passphrase"
            }
            _ => {
                vault.backup_rotating(3).unwrap();
                let b = automatic_backups(&dir).pop().unwrap();
                let r = restore(&b, &tmp.path().join(format!("r{step}")), pass).unwrap();
                check(&r, &format!("step {step}: restored backup"));
                "backup"
            }
        };
        check(&vault, &format!("step {step}: {name}"));
    }
    assert!(!vault.index().unwrap().is_empty());
}

#[test]
fn a_damaged_or_missing_index_is_rebuilt_from_the_records() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let vault = Vault::create(dir, PASS, KdfParams::insecure_for_tests()).unwrap();
    vault
        .import(&common::demo_encounters(200, 4, 3, 700), false)
        .unwrap();
    let want = truth(&vault);
    drop(vault);
    let edit = |f: &dyn Fn(&sled::Db)| {
        let db = common::open_sled(&dir.join("db"));
        f(&db);
        db.flush().unwrap();
    };
    // A segment altered on disk.
    edit(&|db| {
        let index = db.open_tree("index").unwrap();
        let (k, mut v) = index
            .iter()
            .next()
            .unwrap()
            .map(|(k, v)| (k, v.to_vec()))
            .unwrap();
        v[30] ^= 1;
        index.insert(k, v).unwrap();
    });
    let vault = Vault::open(dir, PASS).unwrap();
    let got = indexed(&vault);
    assert!(got == want, "rebuilt after a damaged segment");
    drop(vault);
    // No index at all (a vault of an older build).
    edit(&|db| {
        db.drop_tree("index").unwrap();
        db.open_tree("meta").unwrap().remove("index_plan").unwrap();
    });
    let vault = Vault::open(dir, PASS).unwrap();
    let got = indexed(&vault);
    assert!(got == want, "rebuilt when missing");
}

/// A purge takes the purged encounters out of the index too: nothing of
/// them (family, date, codes) is left in the vault's index or in an
/// automatic backup's.
#[test]
fn a_purge_leaves_nothing_of_its_encounters_in_the_index() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    let mut vault = Vault::create(&dir, PASS, KdfParams::insecure_for_tests()).unwrap();
    vault
        .import(&common::demo_encounters(200, 4, 9, 700), false)
        .unwrap();
    vault.backup_rotating(3).unwrap();
    let cutoff = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    assert!(vault.purge_before(cutoff).unwrap() > 0);
    assert!(vault
        .index()
        .unwrap()
        .iter()
        .all(|e| e.brief.date >= cutoff));
    check(&vault, "after the purge");
    let b = automatic_backups(&dir).pop().unwrap();
    let r = restore(&b, &tmp.path().join("r"), PASS).unwrap();
    assert!(r.index().unwrap().iter().all(|e| e.brief.date >= cutoff));
    check(&r, "restored purged backup");
}
