//! What the vault leaves behind when something stops it half-way (a crash,
//! a power cut, a failed step) and how it recovers: a vault that existed
//! still opens with everything acknowledged, and a vault that never finished
//! being made is no vault at all, so `init` can simply run again.
//! Each test builds the leftover state a real interruption leaves.

mod common;
use std::path::Path;
use veerkracht_core::demo::{self, DemoSpec};
use veerkracht_core::{Codebook, Encounter};
use veerkracht_store::{Error, KdfParams, Vault};

const PASS: &str = "paars konijn fietst langs de vaart";

fn caseload(encounters: usize) -> Vec<Encounter> {
    demo::generate(
        Codebook::embedded(),
        &DemoSpec {
            families: encounters / 4 + 1,
            encounters,
            seed: 11,
            until: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            days: 365,
        },
    )
}

fn new_vault(dir: &Path) -> Vault {
    Vault::create(dir, PASS, KdfParams::insecure_for_tests()).expect("create vault")
}

fn snapshot_files(db: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(db)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with("snap."))
        .collect();
    names.sort();
    names
}

/// sled 0.34.7 writes a snapshot at every open that follows a write:
/// `snap.<lsn>.generating`, then fsync, then a rename to `snap.<lsn>`. Its
/// loader takes the newest `snap.*` file, `.generating` ones included, and
/// refuses to open when that one fails its checksum. A crash or power cut
/// between the file's creation and its fsync therefore left a vault that
/// would not open, with every record still intact in sled's log (sled
/// issues #1527, #1533). The same goes for a completed snapshot whose bytes
/// were damaged.
#[test]
fn a_leftover_or_damaged_sled_snapshot_never_locks_the_vault() {
    let all = caseload(20);
    let leftovers: [(&str, Vec<u8>); 4] = [
        ("snap.7FFFFFFFFFFFFFF0.generating", Vec::new()),
        ("snap.7FFFFFFFFFFFFFF0.generating", vec![0x42; 7]),
        ("snap.7FFFFFFFFFFFFFF0.generating", vec![0x42; 300]),
        ("snap.7FFFFFFFFFFFFFF0", vec![0x42; 300]),
    ];
    for (name, bytes) in leftovers {
        let tmp = tempfile::tempdir().unwrap();
        {
            let vault = new_vault(tmp.path());
            vault.import(&all, false).unwrap();
        }
        // An open after a write: sled snapshots now.
        drop(Vault::open(tmp.path(), PASS).unwrap());
        let db = tmp.path().join("db");
        std::fs::write(db.join(name), &bytes).unwrap();
        let vault = Vault::open(tmp.path(), PASS).unwrap_or_else(|e| {
            panic!(
                "a leftover {name} of {} bytes must not lock the vault: {e:?}",
                bytes.len()
            )
        });
        let loaded = vault.load().unwrap();
        assert!(loaded.damaged.is_empty());
        assert_eq!(loaded.encounters, all, "every record is still there");
        drop(vault);
        assert!(
            !snapshot_files(&db)
                .iter()
                .any(|n| n.starts_with("snap.7FFF")),
            "the leftover is gone: {:?}",
            snapshot_files(&db)
        );
    }
}

/// A creation that stops half-way (here: the key-derivation step fails
/// after the database was made, as a crash would stop it) must leave a
/// folder that is recognised as holding no vault, and that `init` accepts.
/// It used to leave `db/` without `vault.json`: "the key file is missing"
/// at open, "the folder is not empty" at init.
#[test]
fn a_creation_that_fails_half_way_leaves_no_vault_and_init_works_again() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    let impossible = KdfParams {
        memory_kib: 1,
        iterations: 1,
        parallelism: 1,
    };
    assert!(Vault::create(&dir, PASS, impossible).is_err());
    let err = Vault::open(&dir, PASS).unwrap_err();
    assert!(
        matches!(err, Error::NoVault { .. }),
        "nothing was created, so there is no vault: {err:?}"
    );
    assert!(!veerkracht_store::exists(&dir));
    let vault = Vault::create(&dir, PASS, KdfParams::insecure_for_tests())
        .expect("init accepts the folder a failed init left");
    vault.save(&caseload(1)[0]).unwrap();
    drop(vault);
    assert_eq!(
        Vault::open(&dir, PASS)
            .unwrap()
            .load()
            .unwrap()
            .encounters
            .len(),
        1
    );
}

/// Audit entries are keyed by an increasing number. A restored vault is a
/// fresh database whose number generator starts over, so its new entries
/// used to take keys the restored entries already had (overwriting them) or
/// sort before them.
#[test]
fn a_restored_vault_appends_to_its_audit_log_and_never_overwrites_it() {
    use veerkracht_core::audit::Action;
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a");
    {
        let vault = new_vault(&a);
        vault.import(&caseload(3), false).unwrap();
    }
    // Every reopen moves sled's id generator on by two million.
    for _ in 0..4 {
        let vault = Vault::open(&a, PASS).unwrap();
        vault
            .audit(Action::ConfirmedNotIdentifying, 1, "phone")
            .unwrap();
    }
    let file = tmp.path().join("a.vkbackup");
    let before = {
        let vault = Vault::open(&a, PASS).unwrap();
        vault.backup(&file).unwrap();
        vault.audit_log().unwrap()
    };
    let b = tmp.path().join("b");
    drop(veerkracht_store::restore(&file, &b, PASS).unwrap());
    for _ in 0..3 {
        let vault = Vault::open(&b, PASS).unwrap();
        vault
            .audit(Action::ConfirmedNotIdentifying, 1, "email")
            .unwrap();
    }
    let after = Vault::open(&b, PASS).unwrap().audit_log().unwrap();
    assert_eq!(
        after.len(),
        before.len() + 1 + 3,
        "the restored entries, the restore, three new ones: {:?}",
        after
            .iter()
            .map(|e| (e.action, e.detail.clone()))
            .collect::<Vec<_>>()
    );
    assert_eq!(
        &after[..before.len()],
        &before[..],
        "the restored log, unchanged, first"
    );
    assert_eq!(after[before.len()].action, Action::Restore);
    assert!(after[before.len() + 1..]
        .iter()
        .all(|e| e.detail == "email"));
}

/// Every file below `dir` with its bytes, for "nothing changed" checks.
fn snapshot_of(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            let rel = p.strip_prefix(dir).unwrap().to_string_lossy().to_string();
            if p.is_dir() {
                stack.push(p);
                out.insert(rel + "/", Vec::new());
            } else {
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The app's way out when a vault will not open: the newest automatic
/// backup goes in its place. A wrong passphrase changes nothing at all;
/// the right one sets the damaged files aside (never deletes them) and
/// opens the restored vault, with the restore in its audit log.
#[test]
fn the_latest_automatic_backup_replaces_a_vault_that_will_not_open() {
    use veerkracht_core::audit::Action;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    let all = caseload(12);
    {
        let vault = new_vault(&dir);
        assert!(matches!(
            veerkracht_store::restore_latest_backup(&dir, PASS).unwrap_err(),
            Error::VaultInUse { .. }
        ));
        vault.import(&all[..6], false).unwrap();
        vault.backup_rotating(3).unwrap();
        vault.import(&all[6..10], false).unwrap();
        vault.backup_rotating(3).unwrap();
        // Saved after the last backup: kept only in the damaged copy.
        vault.import(&all[10..], false).unwrap();
    }
    // The database breaks: a sled file with a torn header.
    let log = dir.join("db").join("db");
    let mut bytes = std::fs::read(&log).unwrap();
    for b in bytes.iter_mut().take(64) {
        *b ^= 0x5A;
    }
    std::fs::write(&log, &bytes).unwrap();
    assert!(Vault::open(&dir, PASS).is_err(), "the vault does not open");

    let before = snapshot_of(&dir);
    let err =
        veerkracht_store::restore_latest_backup(&dir, "niet de juiste lange zin").unwrap_err();
    assert!(matches!(err, Error::WrongPassphrase), "{err:?}");
    let mut after = snapshot_of(&dir);
    after.remove("vault.lock");
    let mut before_no_lock = before.clone();
    before_no_lock.remove("vault.lock");
    assert_eq!(after, before_no_lock, "a wrong passphrase touches nothing");

    let vault = veerkracht_store::restore_latest_backup(&dir, PASS).unwrap();
    assert_eq!(
        vault.load().unwrap().encounters.len(),
        10,
        "the newest backup: the first ten"
    );
    let log_entries = vault.audit_log().unwrap();
    let last = log_entries.last().unwrap();
    assert_eq!(
        (last.action, last.detail.as_str()),
        (Action::Restore, "automatic")
    );
    drop(vault);
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
    assert_eq!(aside.len(), 1, "one folder with what was there");
    let kept = snapshot_of(&aside[0]);
    for name in ["vault.json", "vault.generation", "db/db", "db/conf"] {
        assert_eq!(
            kept.get(name),
            before.get(name),
            "{name} is kept aside unchanged"
        );
    }
    assert!(!dir.join("vault.new").exists());
    assert_eq!(
        Vault::open(&dir, PASS)
            .unwrap()
            .load()
            .unwrap()
            .encounters
            .len(),
        10,
        "and the restored vault opens again"
    );
}

#[test]
fn restoring_the_latest_backup_needs_one_and_survives_a_missing_key_file() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    drop(new_vault(&dir));
    assert!(matches!(
        veerkracht_store::restore_latest_backup(&dir, PASS).unwrap_err(),
        Error::NoAutomaticBackup { .. }
    ));
    {
        let vault = Vault::open(&dir, PASS).unwrap();
        vault.import(&caseload(4), false).unwrap();
        vault.backup_rotating(2).unwrap();
    }
    std::fs::remove_file(dir.join("vault.json")).unwrap();
    assert!(
        veerkracht_store::exists(&dir),
        "a vault without its key file is a damaged vault, not no vault: the app asks for \
         the passphrase and then offers the backup"
    );
    assert!(matches!(
        Vault::open(&dir, PASS).unwrap_err(),
        Error::DamagedKeyFile { .. }
    ));
    assert!(matches!(
        Vault::create(&dir, PASS, KdfParams::insecure_for_tests()).unwrap_err(),
        Error::FolderNotEmpty { .. }
    ));
    let vault = veerkracht_store::restore_latest_backup(&dir, PASS).unwrap();
    assert_eq!(vault.load().unwrap().encounters.len(), 4);
}

/// A save and the confirmations of the scanner's findings are one
/// transaction and one durable step (the app used to write the
/// confirmations after the save: a failure between them left a saved
/// record the worker was told was not saved).
#[test]
fn a_save_and_its_confirmed_findings_are_written_together() {
    use veerkracht_core::audit::Action;
    let tmp = tempfile::tempdir().unwrap();
    let all = caseload(2);
    {
        let vault = new_vault(tmp.path());
        let confirmations = vec![
            (Action::ConfirmedNotIdentifying, 1, "name".to_string()),
            (Action::ConfirmedNotIdentifying, 1, "place".to_string()),
        ];
        assert!(vault.save_with_audit(&all[0], &confirmations).unwrap());
        assert!(!vault.save_with_audit(&all[0], &confirmations[..1]).unwrap());
        vault.close().unwrap();
    }
    let vault = Vault::open(tmp.path(), PASS).unwrap();
    let log: Vec<(Action, String)> = vault
        .audit_log()
        .unwrap()
        .into_iter()
        .map(|e| (e.action, e.detail))
        .collect();
    assert_eq!(
        log,
        [
            (Action::Created, String::new()),
            (Action::ConfirmedNotIdentifying, "name".into()),
            (Action::ConfirmedNotIdentifying, "place".into()),
            (Action::Edited, String::new()),
            (Action::ConfirmedNotIdentifying, "name".into()),
        ]
    );
}

/// A purge deletes, then rewrites the database so that the deleted
/// records' sealed bytes leave the files. A crash between the two used to
/// leave those bytes in sled's log for good; now the deletion marks the
/// rewrite as pending, in the same transaction, and the next open does it.
#[test]
fn a_purge_cut_before_its_rewrite_is_finished_at_the_next_open() {
    let tmp = tempfile::tempdir().unwrap();
    let all = caseload(30);
    {
        let vault = new_vault(tmp.path());
        vault.import(&all, false).unwrap();
    }
    // The state a crash right after the purge's transaction leaves.
    let gone: Vec<Vec<u8>> = {
        let db = common::open_sled(&tmp.path().join("db"));
        let enc = db.open_tree("encounters").unwrap();
        let victims: Vec<(sled::IVec, sled::IVec)> =
            enc.iter().take(10).map(|kv| kv.unwrap()).collect();
        for (k, _) in &victims {
            enc.remove(k).unwrap();
        }
        db.open_tree("meta")
            .unwrap()
            .insert("rewrite_pending", &[1u8])
            .unwrap();
        db.flush().unwrap();
        victims.into_iter().map(|(_, v)| v.to_vec()).collect()
    };
    let raw = |dir: &Path| {
        snapshot_of(dir)
            .into_values()
            .flatten()
            .collect::<Vec<u8>>()
    };
    assert!(gone.iter().any(|v| contains(&raw(tmp.path()), &v[..48])));
    let vault = Vault::open(tmp.path(), PASS).unwrap();
    assert_eq!(vault.load().unwrap().encounters.len(), 20);
    vault.close().unwrap();
    let raw = raw(tmp.path());
    let left = gone.iter().filter(|v| contains(&raw, &v[..48])).count();
    assert_eq!(left, 0, "the deleted records' bytes left the files at open");
    let db = common::open_sled(&tmp.path().join("db"));
    assert!(
        !db.open_tree("meta")
            .unwrap()
            .contains_key("rewrite_pending")
            .unwrap(),
        "and the mark is gone"
    );
}

/// Issue 19, finding 4, after a crash: a purge whose deletions are durable
/// but whose automatic backups still hold the purged records (the crash
/// came before they were purged) purges them at the next open.
#[test]
fn a_purge_cut_before_its_backups_are_purged_finishes_them_at_the_next_open() {
    let tmp = tempfile::tempdir().unwrap();
    let all = caseload(30);
    let cutoff = {
        let mut dates: Vec<_> = all.iter().map(|e| e.date).collect();
        dates.sort();
        dates[15]
    };
    let aside = tmp.path().join("aside");
    {
        let mut vault = new_vault(tmp.path());
        vault.import(&all, false).unwrap();
        vault.backup_rotating(5).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(5)); // another name
        vault.backup_rotating(5).unwrap();
        // The backups as they were before the purge...
        std::fs::create_dir(&aside).unwrap();
        for b in veerkracht_store::automatic_backups(tmp.path()) {
            std::fs::copy(&b, aside.join(b.file_name().unwrap())).unwrap();
        }
        vault.purge_before(cutoff).unwrap();
    }
    // ...put back, with the mark the purge's transaction sets: the state a
    // crash right after that transaction leaves.
    for b in std::fs::read_dir(&aside).unwrap().flatten() {
        std::fs::copy(b.path(), tmp.path().join("backups").join(b.file_name())).unwrap();
    }
    {
        let db = common::open_sled(&tmp.path().join("db"));
        db.open_tree("meta")
            .unwrap()
            .insert("backups_stale", cutoff.to_string().as_bytes())
            .unwrap();
        db.flush().unwrap();
    }
    let kept = all.iter().filter(|e| e.date >= cutoff).count();
    let vault = Vault::open(tmp.path(), PASS).unwrap();
    assert_eq!(vault.load().unwrap().encounters.len(), kept);
    vault.close().unwrap();
    let backups = veerkracht_store::automatic_backups(tmp.path());
    assert!(backups.len() >= 2, "every restore point stays");
    for (i, backup) in backups.iter().enumerate() {
        let target = tmp.path().join(format!("restored-{i}"));
        let restored = veerkracht_store::restore(backup, &target, PASS).unwrap();
        let found = restored.load().unwrap().encounters;
        assert!(
            found.iter().all(|e| e.date >= cutoff),
            "no purged record in {}",
            backup.display()
        );
        assert_eq!(found.len(), kept, "and every kept one");
    }
}
