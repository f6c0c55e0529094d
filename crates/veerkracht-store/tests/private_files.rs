//! Shared computers: everything a vault holds on disk is for the worker's
//! account only. Folders are made 0700 and files 0600 as they are created,
//! and a vault whose folder or key file was loosened is tightened at open.
#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use veerkracht_store::{KdfParams, Vault};

const PASS: &str = "correct horse battery staple";

fn mode(path: &Path) -> u32 {
    std::fs::symlink_metadata(path)
        .unwrap()
        .permissions()
        .mode()
        & 0o777
}

/// Every file and folder under `dir`, `dir` itself included, but not what
/// sled makes inside `db/`: sled chooses those modes itself, and the 0700
/// `db/` folder is what keeps other users out of them.
fn everything_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut all = vec![dir.to_path_buf()];
    let mut i = 0;
    while i < all.len() {
        if all[i].is_dir() && all[i].file_name() != Some("db".as_ref()) {
            for entry in std::fs::read_dir(&all[i]).unwrap() {
                all.push(entry.unwrap().path());
            }
        }
        i += 1;
    }
    all
}

fn assert_private(dir: &Path) {
    for path in everything_under(dir) {
        let want = if path.is_dir() { 0o700 } else { 0o600 };
        assert_eq!(
            mode(&path),
            want,
            "{} must be open to its owner only (another user of the machine could read it)",
            path.display()
        );
    }
}

#[test]
fn a_vault_and_its_backups_are_private() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    let vault = Vault::create(&dir, PASS, KdfParams::insecure_for_tests()).unwrap();
    vault.backup_rotating(5).unwrap();
    vault
        .backup(&dir.join("backups").join("manual.vkbackup"))
        .unwrap();
    vault.close().unwrap();
    assert!(dir.join("backups").is_dir(), "the backups folder was made");
    assert!(dir.join("db").is_dir(), "the database folder was made");
    assert_private(&dir);
    // Opening again (sled writes more files) keeps it so.
    Vault::open(&dir, PASS).unwrap().close().unwrap();
    assert_private(&dir);
}

#[test]
fn a_loosened_vault_is_tightened_at_open() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    Vault::create(&dir, PASS, KdfParams::insecure_for_tests())
        .unwrap()
        .close()
        .unwrap();
    let loosen =
        |p: &Path, m: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
    loosen(&dir, 0o755);
    loosen(&dir.join("vault.json"), 0o644);
    loosen(&dir.join("db"), 0o755);
    Vault::open(&dir, PASS).unwrap().close().unwrap();
    assert_eq!(mode(&dir), 0o700, "the vault folder is private again");
    assert_eq!(
        mode(&dir.join("vault.json")),
        0o600,
        "the key file is private again"
    );
    assert_eq!(
        mode(&dir.join("db")),
        0o700,
        "the database folder is private again"
    );
}

#[test]
fn an_existing_empty_folder_becomes_private_when_a_vault_is_made_in_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("chosen");
    std::fs::create_dir(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    Vault::create(&dir, PASS, KdfParams::insecure_for_tests())
        .unwrap()
        .close()
        .unwrap();
    assert_private(&dir);
}
