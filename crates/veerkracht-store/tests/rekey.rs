//! A passphrase change after a leak (SECURITY.md, "Changing the
//! passphrase"): whoever kept the old key file and knows the old passphrase
//! must read nothing written after the change, neither in the vault nor in
//! its automatic backups; and the vault itself must lose nothing.
//!
//! Written from the promise, as the attacker would go about it: keep a copy
//! of `vault.json` (or of a backup, which carries one), learn the old
//! passphrase, come back later.

use std::path::Path;
use veerkracht_store::{automatic_backups, restore, Error, KdfParams, Vault};

mod common;

const OLD: &str = "paars konijn fietst langs de vaart";
const NEW: &str = "groene reiger staat in de Zenne";

/// The wrapped data key inside a key file: what an attacker needs besides
/// the passphrase.
fn wrapped_key(key_file: &[u8]) -> String {
    let v: serde_json::Value = serde_json::from_slice(key_file).unwrap();
    v["key"]["sealed"].as_str().unwrap().to_string()
}

/// A backup file with another key file in its header (format 1:
/// magic, version, key-file length, key file, sealed contents).
fn splice(backup: &[u8], key_file: &[u8]) -> Vec<u8> {
    let klen = u32::from_be_bytes(backup[12..16].try_into().unwrap()) as usize;
    let mut out = backup[..12].to_vec();
    out.extend_from_slice(&(key_file.len() as u32).to_be_bytes());
    out.extend_from_slice(key_file);
    out.extend_from_slice(&backup[16 + klen..]);
    out
}

#[test]
fn after_a_passphrase_change_the_old_key_file_and_passphrase_open_nothing_new() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    let mut vault = Vault::create(&dir, OLD, KdfParams::insecure_for_tests()).unwrap();
    let before = common::demo_encounters(40, 3, 1, 300);
    for e in &before {
        vault.save(e).unwrap();
    }
    vault.backup_rotating(5).unwrap();
    // What leaked: the key file (and any backup, which carries it).
    let stolen = std::fs::read(dir.join("vault.json")).unwrap();
    let stolen_backup = std::fs::read(automatic_backups(&dir).pop().unwrap()).unwrap();

    vault
        .change_passphrase(NEW, KdfParams::insecure_for_tests())
        .unwrap();
    let mut later = common::demo_encounters(1, 3, 99, 300).pop().unwrap();
    later.id = uuid::Uuid::new_v4();
    later.note = Some("Na de wissel opgeschreven.".into());
    vault.save(&later).unwrap();
    vault.backup_rotating(5).unwrap();
    let backups = automatic_backups(&dir);
    assert!(backups.len() >= 2, "{backups:?}");
    drop(vault);

    // Nothing in the vault folder still holds the old wrapped key: no key
    // file set aside, no backup header.
    let old_key = wrapped_key(&stolen);
    for file in common::walk(&dir) {
        assert!(
            !common::contains(&std::fs::read(&file).unwrap(), old_key.as_bytes()),
            "{file:?} still holds the old wrapped key"
        );
    }

    // 1. The old key file put back: the old passphrase opens nothing.
    let current = std::fs::read(dir.join("vault.json")).unwrap();
    std::fs::write(dir.join("vault.json"), &stolen).unwrap();
    let err = Vault::open(&dir, OLD).expect_err("the old key file must not open the vault");
    assert!(
        !matches!(err, Error::WrongPassphrase),
        "the old passphrase does unwrap the old key file; the database must refuse that key: {err:?}"
    );
    std::fs::write(dir.join("vault.json"), &current).unwrap();

    // 2. Every automatic backup, the ones made before the change included:
    //    the old passphrase opens none, the new one opens each.
    for (i, b) in backups.iter().enumerate() {
        let err = restore(b, &tmp.path().join(format!("old{i}")), OLD)
            .expect_err("an automatic backup must not open with the old passphrase");
        assert!(matches!(err, Error::WrongPassphrase), "{b:?}: {err:?}");
        restore(b, &tmp.path().join(format!("new{i}")), NEW)
            .unwrap_or_else(|e| panic!("{b:?} with the new passphrase: {e:?}"));
    }

    // 3. The old key file spliced into a backup made after the change.
    let newest = std::fs::read(backups.last().unwrap()).unwrap();
    let forged = tmp.path().join("forged.vkbackup");
    std::fs::write(&forged, splice(&newest, &stolen)).unwrap();
    assert!(
        restore(&forged, &tmp.path().join("forged"), OLD).is_err(),
        "a backup made after the change must not open under the old key"
    );

    // What the leak still gives (documented): a copy taken before the
    // change, with what was in it then and nothing since.
    let copy = tmp.path().join("copy.vkbackup");
    std::fs::write(&copy, &stolen_backup).unwrap();
    let old_copy = restore(&copy, &tmp.path().join("copy"), OLD).unwrap();
    assert!(old_copy.get(&later.id).unwrap().is_none());
    drop(old_copy);

    // The vault itself lost nothing and says what happened.
    let vault = Vault::open(&dir, NEW).unwrap();
    let loaded = vault.load().unwrap();
    assert!(loaded.damaged.is_empty(), "{:?}", loaded.damaged);
    assert_eq!(loaded.encounters.len(), before.len() + 1);
    for e in &before {
        assert_eq!(vault.get(&e.id).unwrap().as_ref(), Some(e));
    }
    assert_eq!(vault.get(&later.id).unwrap().as_ref(), Some(&later));
    let log = vault.audit_log().unwrap();
    assert!(
        log.iter()
            .any(|e| e.action == veerkracht_core::audit::Action::PassphraseChanged),
        "the change is in the audit log"
    );
}

#[test]
fn a_passphrase_change_keeps_everything_keyed_to_the_vault() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    let mut vault = Vault::create(&dir, OLD, KdfParams::insecure_for_tests()).unwrap();
    let source = vault.source_id().unwrap();
    let e = common::demo_encounters(1, 3, 3, 300).pop().unwrap();
    vault.save(&e).unwrap();
    let member = vault.member(&e);
    let content_id = vault.content_id(b"een regel", 0);
    let audit_before = vault.audit_log().unwrap().len();

    vault
        .change_passphrase(NEW, KdfParams::insecure_for_tests())
        .unwrap();
    assert_eq!(
        vault.source_id().unwrap(),
        source,
        "packages still name this vault"
    );
    assert_eq!(
        vault.member(&e),
        member,
        "the ledger still recognises members"
    );
    assert_eq!(
        vault.content_id(b"een regel", 0),
        content_id,
        "a re-import finds the same ids"
    );
    assert_eq!(vault.get(&e.id).unwrap().as_ref(), Some(&e));
    assert_eq!(vault.audit_log().unwrap().len(), audit_before + 1);
    // Twice in a row, then closed and opened again.
    vault
        .change_passphrase(OLD, KdfParams::insecure_for_tests())
        .unwrap();
    drop(vault);
    assert!(matches!(
        Vault::open(&dir, NEW).unwrap_err(),
        Error::WrongPassphrase
    ));
    let vault = Vault::open(&dir, OLD).unwrap();
    assert_eq!(vault.source_id().unwrap(), source);
    assert_eq!(vault.member(&e), member);
    assert_eq!(vault.get(&e.id).unwrap().as_ref(), Some(&e));
    assert_eq!(vault.audit_log().unwrap().len(), audit_before + 2);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The passphrase of the schema-1 fixture below.
const PASS_1: &str = "oude kluis van schema een";

/// A copy of the schema-1 fixture (see below) in `dir`; the ids of its
/// records.
fn schema_1_fixture(dir: &Path) -> Vec<uuid::Uuid> {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema-1");
    copy_dir(&fixture.join("vault"), dir);
    std::fs::read_to_string(fixture.join("records.jsonl"))
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["id"].as_str().unwrap().parse().unwrap()
        })
        .collect()
}

/// sled's config file in the database of the vault in `dir`: its
/// `segment_size: N` line.
fn segment_size(dir: &Path) -> String {
    let conf = std::fs::read(dir.join("db").join("conf")).unwrap();
    String::from_utf8_lossy(&conf)
        .lines()
        .find(|l| l.starts_with("segment_size"))
        .unwrap()
        .to_string()
}

/// The fixture below was made with sled's default segment (512 KB), in
/// which a page over 128 KB went to a blob file a power cut could lose: the
/// first open copies it into a database of 4 MiB segments, losing nothing,
/// and later opens leave it be.
#[test]
fn a_vault_of_an_older_build_moves_to_larger_segments_at_open() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    let expected = schema_1_fixture(&dir);
    assert_eq!(segment_size(&dir), "segment_size: 524288");

    let vault = Vault::open(&dir, PASS_1).unwrap();
    assert_eq!(segment_size(&dir), "segment_size: 4194304");
    assert_eq!(vault.load().unwrap().encounters.len(), expected.len());
    for id in &expected {
        assert!(vault.get(id).unwrap().is_some(), "{id} found by its key");
    }
    assert_eq!(vault.releases().unwrap().len(), 1);
    drop(vault);
    assert!(
        !dir.join("db.rewrite").exists() && !dir.join("db.old").exists(),
        "nothing of the copy left"
    );
    let vault = Vault::open(&dir, PASS_1).unwrap();
    assert_eq!(vault.load().unwrap().encounters.len(), expected.len());
    drop(vault);
    assert_eq!(segment_size(&dir), "segment_size: 4194304");
}

/// A vault of schema 1, made by the CLI of commit eea99de (`init`, `demo
/// --families 8 --encounters 30 --until 2026-10-31 --seed 7`, an export of
/// 2026, a backup into `backups/`; `records.jsonl` is its `records`). Its
/// index key came from the data key. Opening moves it to schema 2 with the
/// same index key, so record keys, release members and content ids stay
/// valid, and a passphrase change afterwards loses nothing, its backup
/// included.
#[test]
fn a_schema_1_vault_is_migrated_and_can_then_be_rekeyed() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    let expected = schema_1_fixture(&dir);
    assert_eq!(expected.len(), 30);

    let mut vault = Vault::open(&dir, PASS_1).unwrap();
    let loaded = vault.load().unwrap();
    assert!(loaded.damaged.is_empty());
    assert_eq!(loaded.encounters.len(), expected.len());
    for id in &expected {
        assert!(vault.get(id).unwrap().is_some(), "{id} found by its key");
    }
    let one = loaded.encounters[0].clone();
    let member = vault.member(&one);
    assert_eq!(vault.releases().unwrap().len(), 1);
    let source = vault.source_id().unwrap();

    vault
        .change_passphrase(NEW, KdfParams::insecure_for_tests())
        .unwrap();
    drop(vault);
    let vault = Vault::open(&dir, NEW).unwrap();
    for id in &expected {
        assert!(vault.get(id).unwrap().is_some(), "{id} after the change");
    }
    assert_eq!(vault.member(&one), member);
    assert_eq!(vault.source_id().unwrap(), source);
    assert_eq!(vault.releases().unwrap().len(), 1);
    drop(vault);
    // Its schema-1 backup, re-sealed: restores with the new passphrase
    // only, every record found by id.
    let backup = automatic_backups(&dir).pop().unwrap();
    assert!(matches!(
        restore(&backup, &tmp.path().join("old"), PASS_1).unwrap_err(),
        Error::WrongPassphrase
    ));
    let restored = restore(&backup, &tmp.path().join("restored"), NEW).unwrap();
    for id in &expected {
        assert!(restored.get(id).unwrap().is_some(), "{id} in the backup");
    }
    assert_eq!(restored.member(&one), member);
}

/// What else lies in `backups/` is the user's: a change re-seals its own
/// backups and keeps every other file and folder as it was (another
/// vault's backup still opens with that vault's passphrase).
#[test]
fn a_passphrase_change_keeps_what_else_is_in_the_backups_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let other_dir = tmp.path().join("other");
    let other = Vault::create(&other_dir, NEW, KdfParams::insecure_for_tests()).unwrap();
    let e = common::demo_encounters(1, 3, 8, 300).pop().unwrap();
    other.save(&e).unwrap();
    let other_backup = tmp.path().join("other.vkbackup");
    other.backup(&other_backup).unwrap();
    drop(other);

    let dir = tmp.path().join("vault");
    let mut vault = Vault::create(&dir, OLD, KdfParams::insecure_for_tests()).unwrap();
    vault.backup_rotating(5).unwrap();
    let backups = dir.join("backups");
    std::fs::copy(&other_backup, backups.join("van-een-collega.vkbackup")).unwrap();
    std::fs::write(backups.join("lees-mij.txt"), "notities").unwrap();
    std::fs::create_dir(backups.join("oud")).unwrap();
    std::fs::write(backups.join("oud").join("x.txt"), "x").unwrap();

    vault
        .change_passphrase(
            "zeven zwanen zwemmen zacht",
            KdfParams::insecure_for_tests(),
        )
        .unwrap();
    drop(vault);
    assert_eq!(
        std::fs::read(backups.join("van-een-collega.vkbackup")).unwrap(),
        std::fs::read(&other_backup).unwrap()
    );
    assert_eq!(
        std::fs::read_to_string(backups.join("lees-mij.txt")).unwrap(),
        "notities"
    );
    assert_eq!(
        std::fs::read_to_string(backups.join("oud").join("x.txt")).unwrap(),
        "x"
    );
    let restored = restore(
        &backups.join("van-een-collega.vkbackup"),
        &tmp.path().join("r"),
        NEW,
    )
    .unwrap();
    assert!(restored.get(&e.id).unwrap().is_some());
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    assert!(
        names
            .iter()
            .all(|n| !n.starts_with(".retired-") && !n.starts_with("damaged-")),
        "{names:?}"
    );
}

/// A seized vault must not name the packages it published (SECURITY.md,
/// "Stolen or lost laptop"). Until schema 3 the release ledger was keyed by
/// the package id in clear: the schema-1 fixture (made by the eea99de CLI)
/// holds one such key. Once opened by this build, no file of the vault
/// holds that id, and the release still reads.
#[test]
fn an_old_vault_stops_naming_its_packages_once_opened() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema-1");
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    copy_dir(&fixture.join("vault"), &dir);
    // What the attacker reads: the ledger's keys, straight from sled.
    let ids: Vec<Vec<u8>> = {
        let db = common::open_sled(&dir.join("db"));
        let ledger = db.open_tree("ledger").unwrap();
        ledger.iter().keys().map(|k| k.unwrap().to_vec()).collect()
    };
    assert_eq!(ids.len(), 1, "the fixture released one package");
    let id = uuid::Uuid::from_slice(&ids[0]).expect("a package id in clear");
    assert_eq!(id.get_version_num(), 4);
    let in_files = |dir: &Path| {
        common::walk(dir)
            .into_iter()
            .filter(|f| common::contains(&std::fs::read(f).unwrap(), id.as_bytes()))
            .collect::<Vec<_>>()
    };
    assert!(!in_files(&dir).is_empty(), "the old layout names it");

    let vault = Vault::open(&dir, PASS_1).unwrap();
    assert_eq!(
        vault.releases().unwrap().len(),
        1,
        "the release still reads"
    );
    drop(vault);
    assert_eq!(
        in_files(&dir),
        Vec::<std::path::PathBuf>::new(),
        "no file names the package any more"
    );
    let vault = Vault::open(&dir, PASS_1).unwrap();
    assert_eq!(
        vault.releases().unwrap().len(),
        1,
        "and again after a second open"
    );
}
