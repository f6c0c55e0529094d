//! What the vault leaves behind when something stops it half-way (a crash,
//! a power cut, a failed step) and how it recovers: a vault that existed
//! still opens with everything acknowledged, and a vault that never finished
//! being made is no vault at all, so `init` can simply run again.
//! Each test builds the leftover state a real interruption leaves.

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
