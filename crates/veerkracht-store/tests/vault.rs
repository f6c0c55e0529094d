//! The vault as its users rely on it: what is saved comes back, nothing is
//! readable without the passphrase, and every failure says what happened.
//! Each test uses a fresh temporary vault; nothing here mocks the store.

use chrono::NaiveDate;
use std::path::Path;
use veerkracht_core::demo::{self, DemoSpec};
use veerkracht_core::{Codebook, Encounter, FamilyCode};
use veerkracht_store::{Error, KdfParams, Vault};

mod common;
use common::{contains, walk};

const PASS: &str = "paars konijn fietst langs de vaart";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn caseload(encounters: usize) -> Vec<Encounter> {
    demo::generate(
        Codebook::embedded(),
        &DemoSpec {
            families: encounters / 4 + 1,
            encounters,
            seed: 42,
            until: today(),
            days: 365,
        },
    )
}

fn new_vault(dir: &Path) -> Vault {
    Vault::create(dir, PASS, KdfParams::insecure_for_tests()).expect("create vault")
}

/// Every file below `dir`, concatenated: what a thief of the laptop gets.
fn raw_bytes(dir: &Path) -> Vec<u8> {
    let mut out = Vec::new();
    for entry in walk(dir) {
        out.extend(std::fs::read(entry).unwrap());
    }
    out
}

#[test]
fn a_rich_caseload_round_trips_through_save_drop_and_reopen() {
    let tmp = tempfile::tempdir().unwrap();
    let all = caseload(300);
    {
        let vault = new_vault(tmp.path());
        let report = vault.import(&all[..200], false).unwrap();
        assert_eq!(report.inserted, 200);
        for e in &all[200..] {
            assert!(vault.save(e).unwrap(), "a new id is reported as new");
        }
    }
    let vault = Vault::open(tmp.path(), PASS).unwrap();
    let loaded = vault.load().unwrap();
    assert!(loaded.damaged.is_empty());
    assert_eq!(
        loaded.encounters, all,
        "every field of every encounter comes back, in (date, id) order"
    );
    assert_eq!(vault.get(&all[7].id).unwrap().as_ref(), Some(&all[7]));
}

#[test]
fn save_replaces_and_delete_removes() {
    let tmp = tempfile::tempdir().unwrap();
    let vault = new_vault(tmp.path());
    let mut e = caseload(1).remove(0);
    assert!(vault.save(&e).unwrap());
    e.note = Some("tweede versie".into());
    assert!(!vault.save(&e).unwrap(), "same id: a replacement");
    assert_eq!(
        vault.get(&e.id).unwrap().unwrap().note.as_deref(),
        Some("tweede versie")
    );
    assert!(vault.delete(&e.id).unwrap());
    assert!(!vault.delete(&e.id).unwrap());
    assert_eq!(vault.get(&e.id).unwrap(), None);
}

#[test]
fn a_wrong_passphrase_opens_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    drop(new_vault(tmp.path()));
    let err = Vault::open(tmp.path(), "niet de juiste zin").unwrap_err();
    assert!(matches!(err, Error::WrongPassphrase), "{err:?}");
}

#[test]
fn a_second_opener_is_told_the_vault_is_in_use() {
    let tmp = tempfile::tempdir().unwrap();
    let _first = new_vault(tmp.path());
    let err = Vault::open(tmp.path(), PASS).unwrap_err();
    assert!(matches!(err, Error::VaultInUse { .. }), "{err:?}");
}

#[test]
fn nothing_of_a_record_is_readable_in_the_files() {
    let tmp = tempfile::tempdir().unwrap();
    let note = "Zebrapaard-Onvindbaar-4711 sliep in het station";
    let mut e = caseload(1).remove(0);
    e.family = FamilyCode::parse("QX7W-K3ZD").unwrap();
    e.note = Some(note.into());
    {
        let vault = new_vault(tmp.path());
        vault.save(&e).unwrap();
    }
    let raw = raw_bytes(tmp.path());
    assert!(
        !contains(&raw, b"Zebrapaard"),
        "the note is not in the files"
    );
    assert!(
        !contains(&raw, b"QX7W-K3ZD"),
        "the family code is not in the files"
    );
    assert!(!contains(&raw, b"QX7WK3ZD"));
    assert!(!contains(&raw, e.id.as_bytes()), "not even the record id");
    assert!(
        !contains(&raw, b"housing_situation"),
        "nor any codebook field name"
    );
}

#[test]
fn a_damaged_record_is_reported_and_the_others_still_read() {
    let tmp = tempfile::tempdir().unwrap();
    let all = caseload(20);
    {
        let vault = new_vault(tmp.path());
        vault.import(&all, false).unwrap();
    }
    {
        // Damage one value in place, as a bad sector would.
        let db = common::open_sled(&tmp.path().join("db"));
        let tree = db.open_tree("encounters").unwrap();
        let (key, value) = tree.iter().next().unwrap().unwrap();
        let mut bad = value.to_vec();
        bad[40] ^= 0x55;
        tree.insert(key, bad).unwrap();
        db.flush().unwrap();
    }
    let vault = Vault::open(tmp.path(), PASS).unwrap();
    let loaded = vault.load().unwrap();
    assert_eq!(
        loaded.damaged.len(),
        1,
        "exactly the damaged record is reported"
    );
    assert_eq!(loaded.encounters.len(), 19, "the other 19 read");
}

#[test]
fn a_damaged_or_missing_key_file_is_named_as_such() {
    let tmp = tempfile::tempdir().unwrap();
    drop(new_vault(tmp.path()));
    let key_file = tmp.path().join("vault.json");
    let original = std::fs::read_to_string(&key_file).unwrap();
    // Flip one hex digit of the wrapped key.
    let pos = original.find("\"sealed\": \"").unwrap() + 20;
    let mut bytes = original.clone().into_bytes();
    bytes[pos] = if bytes[pos] == b'0' { b'1' } else { b'0' };
    std::fs::write(&key_file, &bytes).unwrap();
    let err = Vault::open(tmp.path(), PASS).unwrap_err();
    assert!(
        matches!(err, Error::DamagedKeyFile { .. }),
        "not a wrong passphrase: {err:?}"
    );

    std::fs::write(&key_file, "{ not json").unwrap();
    assert!(matches!(
        Vault::open(tmp.path(), PASS).unwrap_err(),
        Error::DamagedKeyFile { .. }
    ));

    std::fs::remove_file(&key_file).unwrap();
    assert!(matches!(
        Vault::open(tmp.path(), PASS).unwrap_err(),
        Error::DamagedKeyFile { .. }
    ));
}

#[test]
fn folders_that_are_not_vaults_are_recognised() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("nowhere");
    assert!(matches!(
        Vault::open(&missing, PASS).unwrap_err(),
        Error::NoVault { .. }
    ));
    let docs = tmp.path().join("documents");
    std::fs::create_dir(&docs).unwrap();
    std::fs::write(docs.join("brief.txt"), "hallo").unwrap();
    assert!(matches!(
        Vault::open(&docs, PASS).unwrap_err(),
        Error::NotAVault { .. }
    ));
    assert!(
        matches!(
            Vault::create(&docs, PASS, KdfParams::insecure_for_tests()).unwrap_err(),
            Error::FolderNotEmpty { .. }
        ),
        "a vault is never created among other files"
    );
    let v = tmp.path().join("vault");
    drop(new_vault(&v));
    assert!(matches!(
        Vault::create(&v, PASS, KdfParams::insecure_for_tests()).unwrap_err(),
        Error::AlreadyExists { .. }
    ));
    assert!(matches!(
        Vault::create(
            &tmp.path().join("x"),
            "kort",
            KdfParams::insecure_for_tests()
        )
        .unwrap_err(),
        Error::Core(veerkracht_core::Error::PassphraseTooWeak { .. })
    ));
}

#[test]
fn a_common_word_a_repetition_or_a_row_of_keys_never_guards_a_vault() {
    let tmp = tempfile::tempdir().unwrap();
    let weak = [
        "password",
        "wachtwoord123",
        "aaaaaaaaaaaaaaa",
        "azertyuiopqs",
    ];
    for (i, pass) in weak.iter().enumerate() {
        let dir = tmp.path().join(format!("v{i}"));
        assert!(
            matches!(
                Vault::create(&dir, pass, KdfParams::insecure_for_tests()).unwrap_err(),
                Error::Core(veerkracht_core::Error::PassphraseTooWeak { .. })
            ),
            "{pass:?} is among the first guesses: no vault may be made with it"
        );
    }
    let mut vault = new_vault(&tmp.path().join("vault"));
    for pass in weak {
        assert!(
            matches!(
                vault
                    .change_passphrase(pass, KdfParams::insecure_for_tests())
                    .unwrap_err(),
                Error::Core(veerkracht_core::Error::PassphraseTooWeak { .. })
            ),
            "{pass:?} may not replace a passphrase either"
        );
    }
    vault
        .change_passphrase(
            "correct horse battery staple",
            KdfParams::insecure_for_tests(),
        )
        .expect("a few unrelated words are accepted");
}

#[test]
fn a_vault_from_a_newer_schema_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    drop(new_vault(tmp.path()));
    {
        let db = common::open_sled(&tmp.path().join("db"));
        db.open_tree("meta")
            .unwrap()
            .insert("schema_version", &99u32.to_be_bytes())
            .unwrap();
        db.flush().unwrap();
    }
    let err = Vault::open(tmp.path(), PASS).unwrap_err();
    assert!(
        matches!(
            err,
            Error::SchemaTooNew {
                found: 99,
                supported: veerkracht_store::SCHEMA_VERSION
            }
        ),
        "{err:?}"
    );
}

#[test]
fn import_is_all_or_nothing_about_existing_ids() {
    let tmp = tempfile::tempdir().unwrap();
    let vault = new_vault(tmp.path());
    let all = caseload(10);
    vault.import(&all[..5], false).unwrap();
    let err = vault.import(&all[3..], false).unwrap_err();
    match err {
        Error::DuplicateIds { ids } => assert_eq!(ids.len(), 2, "ids 3 and 4 exist"),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        vault.load().unwrap().encounters.len(),
        5,
        "nothing of the refused import landed"
    );
    let report = vault.import(&all[3..], true).unwrap();
    assert_eq!((report.inserted, report.replaced), (5, 2));
    assert_eq!(vault.load().unwrap().encounters, all);
}

#[test]
fn changing_the_passphrase_keeps_the_records() {
    let tmp = tempfile::tempdir().unwrap();
    let all = caseload(10);
    {
        let mut vault = new_vault(tmp.path());
        vault.import(&all, false).unwrap();
        vault
            .change_passphrase("een heel andere lange zin", KdfParams::insecure_for_tests())
            .unwrap();
    }
    assert!(matches!(
        Vault::open(tmp.path(), PASS).unwrap_err(),
        Error::WrongPassphrase
    ));
    let vault = Vault::open(tmp.path(), "een heel andere lange zin").unwrap();
    assert_eq!(vault.load().unwrap().encounters, all);
}

#[test]
fn errors_are_data_with_english_for_logs() {
    use veerkracht_store::{DbDamage, IoOp};
    let e = Error::DamagedDatabase {
        cause: DbDamage::OlderThanLastSave {
            found: 3,
            expected: 5,
        },
        detail: None,
    };
    assert!(e.to_string().contains("generation 3 < 5"), "{e}");
    assert_eq!(DbDamage::SledCorruption.id(), "sled_corruption");
    assert_eq!(IoOp::WriteKeyFile.id(), "write_key_file");
    assert_eq!(Error::WrongPassphrase.to_string(), "wrong passphrase");
}

#[test]
fn the_release_ledger_survives_a_reopen_and_is_sealed() {
    use veerkracht_signals::disclosure::{Release, Status};
    let tmp = tempfile::tempdir().unwrap();
    let release = Release {
        period: "2026-Q1".parse().unwrap(),
        cells: [
            (
                "s|needs|shelter_tonight|unmet".to_string(),
                (Status::SuppressedPrimary, 3, 4),
            ),
            ("s|total|all|".to_string(), (Status::Published, 40, 90)),
        ]
        .into_iter()
        .collect(),
        format: 2,
        created: "2026-04-01T10:00:00Z".into(),
        members: vec![([1; 8], [2; 8]), ([3; 8], [2; 8])],
    };
    let id = uuid::Uuid::new_v4();
    {
        let vault = new_vault(tmp.path());
        vault.record_release(&id, &release).unwrap();
    }
    let vault = Vault::open(tmp.path(), PASS).unwrap();
    assert_eq!(vault.releases().unwrap(), vec![release]);
    drop(vault);
    assert!(
        !contains(&raw_bytes(tmp.path()), b"shelter_tonight"),
        "the ledger is sealed like the records"
    );
    assert!(
        !contains(&raw_bytes(tmp.path()), id.as_bytes()),
        "nor keyed by the package id: a seized vault does not name its packages"
    );
}

#[test]
fn every_action_leaves_an_audit_entry_without_content() {
    use veerkracht_core::audit::Action;
    let tmp = tempfile::tempdir().unwrap();
    let all = caseload(6);
    {
        let mut vault = new_vault(tmp.path());
        vault.import(&all[..3], false).unwrap();
        let mut e = all[3].clone();
        e.note = Some("Geheime-notitie-Walvis".into());
        assert!(vault.save(&e).unwrap());
        e.note = Some("Nog steeds geheim".into());
        assert!(!vault.save(&e).unwrap());
        vault.delete(&e.id).unwrap();
        vault
            .audit(Action::ConfirmedNotIdentifying, 1, "name")
            .unwrap();
        vault
            .change_passphrase("een heel andere lange zin", KdfParams::insecure_for_tests())
            .unwrap();
    }
    let vault = Vault::open(tmp.path(), "een heel andere lange zin").unwrap();
    let log = vault.audit_log().unwrap();
    let actions: Vec<Action> = log.iter().map(|e| e.action).collect();
    assert_eq!(
        actions,
        [
            Action::Imported,
            Action::Created,
            Action::Edited,
            Action::Deleted,
            Action::ConfirmedNotIdentifying,
            Action::PassphraseChanged
        ]
    );
    assert_eq!(log[0].count, 3);
    assert_eq!(log[0].detail, "demo", "the demo caseload is marked as such");
    assert_eq!(log[4].detail, "name", "the kind of finding, never its text");
    assert!(
        log.iter().all(|e| e.at > 1_700_000_000),
        "entries carry a time"
    );
    drop(vault);
    let raw = raw_bytes(tmp.path());
    assert!(
        !contains(&raw, b"confirmed_not_identifying") && !contains(&raw, b"Walvis"),
        "the log is sealed too"
    );
}

#[test]
fn a_purge_leaves_no_trace_of_the_deleted_records_in_the_files() {
    let tmp = tempfile::tempdir().unwrap();
    let all = caseload(40);
    let cutoff = all[20].date;
    let (old, kept): (Vec<Encounter>, Vec<Encounter>) =
        all.iter().cloned().partition(|e| e.date < cutoff);
    assert!(!old.is_empty() && !kept.is_empty());
    {
        let vault = new_vault(tmp.path());
        vault.import(&all, false).unwrap();
    }
    // The sealed bytes of the records about to be purged, as they sit on disk.
    let sealed: Vec<Vec<u8>> = {
        let all_values: Vec<Vec<u8>> = {
            let db = common::open_sled(&tmp.path().join("db"));
            let tree = db.open_tree("encounters").unwrap();
            let values = tree.iter().map(|kv| kv.unwrap().1.to_vec()).collect();
            // Every handle must be gone before the vault opens the database.
            drop(tree);
            drop(db);
            values
        };
        let vault = Vault::open(tmp.path(), PASS).unwrap();
        let loaded = vault.load().unwrap();
        assert_eq!(loaded.encounters.len(), 40);
        all_values
    };
    let mut vault = Vault::open(tmp.path(), PASS).unwrap();
    assert_eq!(vault.purge_before(cutoff).unwrap(), old.len());
    assert_eq!(
        vault.load().unwrap().encounters,
        kept,
        "the rest is untouched"
    );
    let log = vault.audit_log().unwrap();
    assert_eq!(
        log.last().unwrap().action,
        veerkracht_core::audit::Action::Purged
    );
    assert_eq!(log.last().unwrap().count, old.len() as u64);
    drop(vault);
    let raw = raw_bytes(tmp.path());
    let still_there = sealed.iter().filter(|v| contains(&raw, &v[..48])).count();
    assert_eq!(
        still_there,
        kept.len(),
        "only the kept records' bytes remain in the files"
    );
    let vault = Vault::open(tmp.path(), PASS).unwrap();
    assert_eq!(
        vault.load().unwrap().encounters,
        kept,
        "and the vault reopens"
    );
}

#[test]
fn a_backup_restores_only_with_the_passphrase_and_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let all = caseload(30);
    let file = tmp.path().join("out/vault.vkbackup");
    {
        let vault = new_vault(&tmp.path().join("a"));
        vault.import(&all, false).unwrap();
        vault.backup(&file).unwrap();
    }
    let raw = std::fs::read(&file).unwrap();
    assert!(
        !contains(&raw, all[0].family.as_str().as_bytes()),
        "the backup is sealed"
    );
    assert!(matches!(
        veerkracht_store::restore(&file, &tmp.path().join("b"), "verkeerde lange zin").unwrap_err(),
        Error::WrongPassphrase
    ));
    let mut tampered = raw.clone();
    let n = tampered.len();
    tampered[n - 10] ^= 1;
    std::fs::write(tmp.path().join("bad.vkbackup"), &tampered).unwrap();
    assert!(matches!(
        veerkracht_store::restore(
            &tmp.path().join("bad.vkbackup"),
            &tmp.path().join("c"),
            PASS
        )
        .unwrap_err(),
        Error::DamagedBackup { .. }
    ));
    assert!(
        matches!(
            veerkracht_store::restore(&file, &tmp.path().join("a"), PASS).unwrap_err(),
            Error::AlreadyExists { .. }
        ),
        "never over an existing vault"
    );
    let restored = veerkracht_store::restore(&file, &tmp.path().join("b"), PASS).unwrap();
    assert_eq!(
        restored.load().unwrap().encounters,
        all,
        "every record comes back equal"
    );
    let actions: Vec<_> = restored
        .audit_log()
        .unwrap()
        .iter()
        .map(|e| e.action)
        .collect();
    use veerkracht_core::audit::Action;
    assert_eq!(
        actions,
        [Action::Imported, Action::Backup, Action::Restore],
        "the audit log came along"
    );
}

#[test]
fn automatic_backups_keep_the_newest_few() {
    let tmp = tempfile::tempdir().unwrap();
    let vault = new_vault(tmp.path());
    vault.import(&caseload(3), false).unwrap();
    for _ in 0..5 {
        vault.backup_rotating(3).unwrap();
    }
    let kept = veerkracht_store::automatic_backups(tmp.path());
    assert_eq!(kept.len(), 3);
    let newest = kept.last().unwrap().clone();
    drop(vault);
    let restored = veerkracht_store::restore(&newest, &tmp.path().join("restored"), PASS).unwrap();
    assert_eq!(restored.load().unwrap().encounters.len(), 3);
}

/// What opening and reading a vault gives after its files were damaged:
/// either the records (some possibly reported damaged) or a clear error,
/// never a panic and never a record that changed silently.
fn open_after_damage(dir: &Path, all: &[Encounter]) -> Result<usize, Error> {
    let outcome = std::panic::catch_unwind(|| match Vault::open(dir, PASS) {
        Ok(v) => match v.load() {
            Ok(loaded) => {
                for e in &loaded.encounters {
                    let original = all
                        .iter()
                        .find(|o| o.id == e.id)
                        .expect("no invented record");
                    assert_eq!(
                        e, original,
                        "a record read back must be exactly what was saved"
                    );
                }
                Ok(loaded.encounters.len())
            }
            Err(e) => Err(e),
        },
        Err(e) => Err(e),
    });
    let outcome = outcome.unwrap_or_else(|_| panic!("damage must not make the vault panic"));
    println!("after damage: {outcome:?}");
    outcome
}

#[test]
fn damaged_sled_files_give_clear_errors_or_intact_records() {
    let all = caseload(60);
    let make = || {
        let tmp = tempfile::tempdir().unwrap();
        let vault = new_vault(tmp.path());
        vault.import(&all, false).unwrap();
        drop(vault);
        tmp
    };
    let db_file = |dir: &Path| dir.join("db").join("db");
    // Flipped bytes at several places of sled's log.
    for at in [0.02, 0.3, 0.6, 0.95] {
        let tmp = make();
        let path = db_file(tmp.path());
        let mut bytes = std::fs::read(&path).unwrap();
        let i = ((bytes.len() as f64) * at) as usize;
        let end = (i + 16).min(bytes.len());
        for b in &mut bytes[i..end] {
            *b ^= 0xA5;
        }
        std::fs::write(&path, &bytes).unwrap();
        match open_after_damage(tmp.path(), &all) {
            Ok(n) => assert!(n <= all.len()),
            Err(e) => assert!(
                matches!(
                    e,
                    Error::DamagedDatabase { .. } | Error::DamagedRecord { .. }
                ),
                "a named failure: {e:?}"
            ),
        }
    }
    // A truncated log.
    let tmp = make();
    let path = db_file(tmp.path());
    let len = std::fs::metadata(&path).unwrap().len();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .unwrap()
        .set_len(len / 2)
        .unwrap();
    if let Err(e) = open_after_damage(tmp.path(), &all) {
        assert!(matches!(e, Error::DamagedDatabase { .. }), "{e:?}");
    }
    // Missing files: sled's config, the whole database, the key file.
    let tmp = make();
    std::fs::remove_file(tmp.path().join("db").join("conf")).unwrap();
    if let Err(e) = open_after_damage(tmp.path(), &all) {
        assert!(matches!(e, Error::DamagedDatabase { .. }), "{e:?}");
    }
    let tmp = make();
    std::fs::remove_dir_all(tmp.path().join("db")).unwrap();
    let e = open_after_damage(tmp.path(), &all).unwrap_err();
    assert!(
        matches!(
            e,
            Error::DamagedDatabase {
                cause: veerkracht_store::DbDamage::FolderMissing,
                ..
            }
        ),
        "{e:?}"
    );
    let tmp = make();
    std::fs::remove_file(tmp.path().join("vault.json")).unwrap();
    let e = open_after_damage(tmp.path(), &all).unwrap_err();
    assert!(
        matches!(
            e,
            Error::DamagedKeyFile {
                cause: veerkracht_store::KeyFileDamage::Missing,
                ..
            }
        ),
        "{e:?}"
    );
}

/// Unmounts the small filesystem at the end of the test, however it ends.
struct Mount(std::path::PathBuf);

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(&self.0)
            .status();
    }
}

#[test]
fn a_full_disk_fails_cleanly_and_loses_nothing_saved() {
    let tmp = tempfile::tempdir().unwrap();
    let mnt = tmp.path().join("small");
    std::fs::create_dir(&mnt).unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=12m", "tmpfs"])
        .arg(&mnt)
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        // Mounting needs root; CI here runs as root, so this runs there.
        println!("full-disk test not run: this machine does not allow a small tmpfs mount");
        return;
    }
    let _guard = Mount(mnt.clone());
    let dir = mnt.join("vault");
    // Enough saves to outgrow the log segment sled has already laid out.
    let all = caseload(4000);
    let mut acknowledged = Vec::new();
    let mut failure = None;
    {
        let vault = new_vault(&dir);
        // Fill the disk, then keep saving until a save is refused.
        let filler = mnt.join("filler");
        let mut f = std::fs::File::create(&filler).unwrap();
        let chunk = vec![0u8; 64 * 1024];
        while std::io::Write::write_all(&mut f, &chunk).is_ok() {}
        // Leave a little room: some saves fit, then the disk is full.
        let len = f.metadata().unwrap().len();
        f.set_len(len.saturating_sub(192 * 1024)).unwrap();
        drop(f);
        for e in &all {
            match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| vault.save(e))) {
                Ok(Ok(_)) => acknowledged.push(e.clone()),
                Ok(Err(err)) => {
                    failure = Some(err);
                    break;
                }
                Err(_) => panic!("a full disk must not make the vault panic"),
            }
        }
        std::fs::remove_file(&filler).unwrap();
    }
    let err = failure.expect("a save into a full filesystem must fail");
    assert!(
        matches!(err, Error::Io { .. } | Error::DamagedDatabase { .. }),
        "a named failure: {err:?}"
    );
    println!(
        "full disk: {} saves acknowledged before: {err}",
        acknowledged.len()
    );
    let vault = Vault::open(&dir, PASS).expect("the vault opens once there is room again");
    let loaded = vault.load().unwrap();
    for e in &acknowledged {
        assert_eq!(
            loaded.encounters.iter().find(|x| x.id == e.id),
            Some(e),
            "an acknowledged save was lost"
        );
    }
}

/// Rewrites the key file's Argon2id costs, with a checksum that matches
/// again: what someone who can edit the file can do.
fn set_key_file_costs(dir: &Path, memory_kib: u64, iterations: u64, parallelism: u64) {
    use sha2::Digest;
    let path = dir.join("vault.json");
    let file: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let text = |v: &serde_json::Value| v.as_str().unwrap().to_string();
    // The body in the order the store serialises it, the checksum over it.
    let body = format!(
        r#"{{"format":{},"version":{},"kdf":{{"algorithm":"argon2id","memory_kib":{memory_kib},"iterations":{iterations},"parallelism":{parallelism},"salt":"{}"}},"key":{{"algorithm":"xchacha20poly1305","sealed":"{}"}}}}"#,
        file["format"],
        file["version"],
        text(&file["kdf"]["salt"]),
        text(&file["key"]["sealed"]),
    );
    let check = hex::encode(sha2::Sha256::digest(body.as_bytes()));
    let mut edited: serde_json::Value = serde_json::from_str(&body).unwrap();
    edited["check"] = serde_json::Value::String(check);
    std::fs::write(&path, serde_json::to_vec(&edited).unwrap()).unwrap();
}

#[test]
fn a_key_file_asking_for_absurd_or_cheap_costs_is_refused_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    drop(new_vault(tmp.path()));
    // The edit itself is sound: with the same costs back, the vault opens.
    let floor = KdfParams::FLOOR;
    set_key_file_costs(
        tmp.path(),
        floor.memory_kib.into(),
        floor.iterations.into(),
        floor.parallelism.into(),
    );
    drop(Vault::open(tmp.path(), PASS).expect("the rewritten key file is well formed"));
    for (memory_kib, iterations, lanes, why) in [
        (
            4 * 1024 * 1024,
            64,
            1,
            "4 GiB and 64 passes would stall the app",
        ),
        (2 * 1024 * 1024, 3, 1, "2 GiB is above the ceiling"),
        (64 * 1024, 3, 64, "64 lanes are above the ceiling"),
        (1024, 1, 1, "1 MiB and one pass would make guessing cheap"),
        (64 * 1024, 1, 1, "one pass is below the floor"),
    ] {
        set_key_file_costs(tmp.path(), memory_kib, iterations, lanes);
        let started = std::time::Instant::now();
        let err = Vault::open(tmp.path(), PASS).unwrap_err();
        assert!(
            matches!(
                err,
                Error::DamagedKeyFile {
                    cause: veerkracht_store::KeyFileDamage::ImplausibleParameters,
                    ..
                }
            ),
            "{why}: refused as implausible, got {err:?}"
        );
        assert!(
            started.elapsed() < std::time::Duration::from_secs(1),
            "{why}: refused before any key derivation"
        );
    }
}

/// Issue 19, finding 4: records past retention came back from an automatic
/// backup made before the purge. After a purge no automatic backup holds a
/// purged record, every restore point stays, and each still restores
/// everything that was kept.
#[test]
fn a_purge_reaches_the_automatic_backups() {
    let tmp = tempfile::tempdir().unwrap();
    let all = caseload(40);
    let cutoff = all[20].date;
    let kept: Vec<Encounter> = all.iter().filter(|e| e.date >= cutoff).cloned().collect();
    let mut vault = new_vault(tmp.path());
    vault.import(&all, false).unwrap();
    vault.backup_rotating(5).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(5)); // another name
    vault.backup_rotating(5).unwrap();
    assert_eq!(veerkracht_store::automatic_backups(tmp.path()).len(), 2);
    vault.purge_before(cutoff).unwrap();
    drop(vault);
    let backups = veerkracht_store::automatic_backups(tmp.path());
    assert_eq!(backups.len(), 2, "every restore point stays");
    for (i, backup) in backups.iter().enumerate() {
        let target = tmp.path().join(format!("restored-{i}"));
        let restored = veerkracht_store::restore(backup, &target, PASS).unwrap();
        let mut found = restored.load().unwrap().encounters;
        found.sort_by_key(|e| e.id);
        let mut want = kept.clone();
        want.sort_by_key(|e| e.id);
        assert_eq!(
            found,
            want,
            "{} holds exactly the kept records",
            backup.display()
        );
    }
}
