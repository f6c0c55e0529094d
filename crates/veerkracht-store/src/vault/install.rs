//! Putting a whole vault in place, and finishing what a crash interrupted.
//!
//! A new vault (`init`), a restored backup and the restore of the latest
//! automatic backup are all first built completely in `vault.new/` inside
//! the vault folder: the database, its generation, the name of the folder
//! where whatever is there now will be set aside, and last the key file.
//! That key file, durable in `vault.new/`, is the commit point:
//!
//! - before it, `vault.new/` is unfinished and is removed at the next
//!   open, `init` or restore (it was never a vault: nothing of the user's
//!   is in it), and the folder holds what it held before;
//! - after it, the move into place runs to its end, now or at the next
//!   open: whatever vault files are in the folder move into
//!   `damaged-<time>/` (never deleted), then the new ones move in, the key
//!   file last, and `vault.new/` goes.
//!
//! Every step can be repeated after a cut at any point: a file still in
//! `vault.new/` tells that its namesake in the folder is the old one.
//! Every rename is made durable in its destination before its source (see
//! `durable::rename`).
//!
//! A passphrase change builds its vault the same way, with its automatic
//! backups (re-sealed under the new key) in `vault.new/backups/`, and
//! marks the staging so that the old files are removed rather than set
//! aside once the new ones are in place: they are sealed under the key the
//! change retires.
//!
//! The other operation a crash can interrupt half-way is a database
//! rewrite (purge), which swaps `db.rewrite/` in for `db/`; [`recover`]
//! finishes both.

use super::layout::{
    self, BACKUPS_DIR, DAMAGED_PREFIX, DB_DIR, DB_OLD, DB_REWRITE, GENERATION_FILE, KEY_FILE,
    STAGING_DIR,
};
use crate::durable;
use crate::error::{Error, IoOp};
use std::fs;
use std::path::{Path, PathBuf};

/// Inside `vault.new/`: the name of the folder that receives the old files.
const ASIDE_FILE: &str = "aside";
/// The prefix of the folder that receives the old files when they are to
/// be removed, not kept (a passphrase change): removed once the new files
/// are in place, and at every open should that have failed (a removal that
/// fails never keeps a vault shut).
const RETIRED_PREFIX: &str = ".retired-";

/// Files of a vault that a new one replaces, in the order they move aside:
/// the key file first, so that the folder stops being the old vault before
/// anything else of it goes. (The automatic backups only when the new vault
/// brings its own: see the loop in [`finish_install`].)
const OLD_FILES: [&str; 8] = [
    KEY_FILE,
    GENERATION_FILE,
    DB_DIR,
    DB_REWRITE,
    DB_OLD,
    ".vault.json.tmp",
    ".vault.generation.tmp",
    BACKUPS_DIR,
];

/// Files a staged vault brings, in the order they move in: the key file last.
const NEW_FILES: [&str; 4] = [GENERATION_FILE, DB_DIR, BACKUPS_DIR, KEY_FILE];

/// A vault being built in `vault.new/`.
pub(crate) struct Staging {
    dir: PathBuf,
}

impl Staging {
    /// Starts an empty `vault.new/` in `dir` (whose lock the caller holds),
    /// removing an unfinished one. Records now where old files will go.
    pub(crate) fn begin(dir: &Path) -> Result<Staging, Error> {
        let staging = dir.join(STAGING_DIR);
        durable::remove_dir_all(&staging, IoOp::CleanUpUnfinishedVault)?;
        durable::create_private_dir(&staging).map_err(Error::io(IoOp::StageVault))?;
        durable::sync_dir(dir)?;
        let staging = Staging { dir: staging };
        staging.set_aside_folder(DAMAGED_PREFIX)?;
        Ok(staging)
    }

    /// Records the folder, `<prefix><time>` and free in the vault folder,
    /// that will receive the files this vault replaces.
    fn set_aside_folder(&self, prefix: &str) -> Result<(), Error> {
        let dir = durable::parent_of(&self.dir);
        let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S").to_string();
        let aside = layout::free_name(dir, &format!("{prefix}{stamp}"))
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| format!("{prefix}{stamp}"));
        durable::write_atomically(&self.dir, ASIDE_FILE, aside.as_bytes(), IoOp::StageVault)
    }

    pub(crate) fn db_path(&self) -> PathBuf {
        self.dir.join(DB_DIR)
    }

    /// The staged vault's own automatic backups (made on first call).
    pub(crate) fn backups_path(&self) -> Result<PathBuf, Error> {
        let path = self.dir.join(BACKUPS_DIR);
        if !path.is_dir() {
            durable::create_private_dir(&path).map_err(Error::io(IoOp::StageVault))?;
            durable::sync_dir(&self.dir)?;
        }
        Ok(path)
    }

    /// Once this vault is in place, remove the files it replaces instead
    /// of keeping them in `damaged-<time>/`: they go to `.retired-<time>/`.
    pub(crate) fn discard_old_files(&self) -> Result<(), Error> {
        self.set_aside_folder(RETIRED_PREFIX)
    }

    pub(crate) fn write_generation(&self, generation: u64) -> Result<(), Error> {
        durable::write_atomically(
            &self.dir,
            GENERATION_FILE,
            &generation.to_be_bytes(),
            IoOp::StageVault,
        )
    }

    /// Gives up: removes `vault.new/` (what a later `recover` would do).
    pub(crate) fn abandon(self) {
        Staging::abandon_in(durable::parent_of(&self.dir));
    }

    /// Removes the `vault.new/` of `dir`, committed or not.
    pub(crate) fn abandon_in(dir: &Path) {
        let _ = durable::remove_dir_all(&dir.join(STAGING_DIR), IoOp::CleanUpUnfinishedVault);
    }

    /// The commit point: the key file, durable. From here on the new vault
    /// is what the folder holds (see [`finish_install`]).
    pub(crate) fn commit(self, key_file: &[u8]) -> Result<(), Error> {
        durable::write_atomically(&self.dir, KEY_FILE, key_file, IoOp::StageVault)
    }
}

/// Whether `vault.new/` in `dir` is committed (holds its key file): the
/// next [`recover`] moves it in.
pub(crate) fn is_committed(dir: &Path) -> bool {
    dir.join(STAGING_DIR).join(KEY_FILE).is_file()
}

/// Finishes an interrupted install or rewrite in `dir` (whose lock the
/// caller holds). Run before anything else looks at the folder.
pub(crate) fn recover(dir: &Path) -> Result<(), Error> {
    finish_install(dir)?;
    super::rewrite::finish_interrupted(dir)?;
    remove_retired(dir);
    Ok(())
}

/// Removes the old files a passphrase change retired, as far as it can:
/// what cannot be removed now is tried again at the next open.
fn remove_retired(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut removed = false;
    for entry in entries.flatten() {
        if entry
            .file_name()
            .to_string_lossy()
            .starts_with(RETIRED_PREFIX)
        {
            removed |= fs::remove_dir_all(entry.path()).is_ok();
        }
    }
    if removed {
        let _ = durable::sync_dir(dir);
    }
}

/// Moves a committed `vault.new/` into place, or removes an unfinished one.
pub(crate) fn finish_install(dir: &Path) -> Result<(), Error> {
    let staging = dir.join(STAGING_DIR);
    if staging.symlink_metadata().is_err() {
        return Ok(());
    }
    let named_aside = fs::read_to_string(staging.join(ASIDE_FILE))
        .ok()
        .filter(|n| {
            (n.starts_with(DAMAGED_PREFIX) || n.starts_with(RETIRED_PREFIX))
                && !n.contains(['/', '\\'])
        });
    if !staging.join(KEY_FILE).is_file() {
        // Never committed, or already moved in (the key file goes last;
        // retired old files are removed by `recover`).
        return durable::remove_dir_all(&staging, IoOp::CleanUpUnfinishedVault);
    }
    let aside = dir.join(named_aside.unwrap_or_else(|| {
        format!(
            "{DAMAGED_PREFIX}{}",
            chrono::Local::now().format("%Y%m%d-%H%M%S")
        )
    }));
    for name in OLD_FILES {
        let here = dir.join(name);
        if here.symlink_metadata().is_err() {
            continue;
        }
        // A file the new vault brings and has not moved in yet: the one
        // here is the old one. One it brought already: it is the new one.
        let still_staged = staging.join(name).symlink_metadata().is_ok();
        let replaced = NEW_FILES.contains(&name);
        if replaced && !still_staged {
            continue;
        }
        if aside.symlink_metadata().is_err() {
            durable::create_private_dir(&aside).map_err(Error::io(IoOp::MoveDamagedAside))?;
            durable::sync_dir(dir)?;
        }
        durable::rename(
            &here,
            &layout::free_name(&aside, name),
            IoOp::MoveDamagedAside,
        )?;
    }
    for name in NEW_FILES {
        let staged = staging.join(name);
        if staged.symlink_metadata().is_ok() {
            durable::rename(&staged, &dir.join(name), IoOp::InstallVault)?;
        }
    }
    durable::remove_dir_all(&staging, IoOp::InstallVault)?;
    remove_retired(dir);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(dir: &Path) -> Vec<String> {
        let mut out = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in fs::read_dir(&d).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p.clone());
                }
                out.push(p.strip_prefix(dir).unwrap().to_string_lossy().to_string());
            }
        }
        out.sort();
        out
    }

    /// A staged vault over an old one, install cut after every step and
    /// finished by a later `recover`: always the new files in place, and
    /// every old file set aside (a restore: nothing lost), or, for a
    /// passphrase change, the old files and backups gone and the new
    /// backups in place.
    #[test]
    fn an_install_finishes_from_any_step_and_keeps_or_discards_the_old_files() {
        for discard in [false, true] {
            let moves = if discard { 8 } else { 6 };
            // Every rename, then (discarding) the removal of the old files.
            for stop_after in 0..=moves + 1 {
                install_cut_after(discard, stop_after);
            }
        }
    }

    fn install_cut_after(discard: bool, stop_after: usize) {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        for (name, text) in [(KEY_FILE, "old key"), (GENERATION_FILE, "old gen")] {
            fs::write(dir.join(name), text).unwrap();
        }
        fs::create_dir(dir.join(DB_DIR)).unwrap();
        fs::write(dir.join(DB_DIR).join("db"), "old log").unwrap();
        fs::create_dir(dir.join(BACKUPS_DIR)).unwrap();
        fs::write(dir.join(BACKUPS_DIR).join("auto-1.vkbackup"), "old backup").unwrap();
        let staging = Staging::begin(dir).unwrap();
        fs::create_dir(staging.db_path()).unwrap();
        fs::write(staging.db_path().join("db"), "new log").unwrap();
        if discard {
            let b = staging.backups_path().unwrap();
            fs::write(b.join("auto-1.vkbackup"), "new backup").unwrap();
            staging.discard_old_files().unwrap();
        }
        staging.write_generation(7).unwrap();
        staging.commit(b"new key").unwrap();
        // Do the install by hand, one step at a time, then stop.
        let staged = dir.join(STAGING_DIR);
        let aside_name = fs::read_to_string(staged.join(ASIDE_FILE)).unwrap();
        let aside = dir.join(&aside_name);
        let mut steps: Vec<(PathBuf, Option<PathBuf>)> = vec![];
        for name in OLD_FILES {
            if dir.join(name).exists() && (name != BACKUPS_DIR || discard) {
                steps.push((dir.join(name), Some(aside.join(name))));
            }
        }
        for name in NEW_FILES {
            if staged.join(name).exists() {
                steps.push((staged.join(name), Some(dir.join(name))));
            }
        }
        if discard {
            steps.push((aside.clone(), None));
        }
        let expected = if discard { 9 } else { 6 };
        assert_eq!(steps.len(), expected);
        fs::create_dir(&aside).unwrap();
        for (from, to) in steps.iter().take(stop_after) {
            match to {
                Some(to) => fs::rename(from, to).unwrap(),
                None => fs::remove_dir_all(from).unwrap(),
            }
        }
        recover(dir).unwrap();
        let at = format!("discard {discard}, step {stop_after}: {:?}", files(dir));
        assert_eq!(fs::read(dir.join(KEY_FILE)).unwrap(), b"new key", "{at}");
        assert_eq!(fs::read(dir.join(DB_DIR).join("db")).unwrap(), b"new log");
        assert_eq!(
            fs::read(dir.join(GENERATION_FILE)).unwrap(),
            7u64.to_be_bytes()
        );
        let backup = fs::read(dir.join(BACKUPS_DIR).join("auto-1.vkbackup")).unwrap();
        if discard {
            assert_eq!(backup, b"new backup", "{at}");
            assert!(!aside.exists(), "{at}");
            let names = files(dir);
            assert!(
                names
                    .iter()
                    .all(|n| !n.starts_with(DAMAGED_PREFIX) && !n.starts_with(RETIRED_PREFIX)),
                "{at}"
            );
        } else {
            assert_eq!(backup, b"old backup", "a restore keeps the backups: {at}");
            assert_eq!(fs::read(aside.join(KEY_FILE)).unwrap(), b"old key");
            assert_eq!(fs::read(aside.join(GENERATION_FILE)).unwrap(), b"old gen");
            assert_eq!(fs::read(aside.join(DB_DIR).join("db")).unwrap(), b"old log");
        }
        assert!(!staged.exists(), "{at}");
    }

    #[test]
    fn an_unfinished_staging_is_removed_and_touches_nothing_else() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        fs::write(dir.join(KEY_FILE), "old key").unwrap();
        let staging = Staging::begin(dir).unwrap();
        fs::create_dir(staging.db_path()).unwrap();
        drop(staging);
        recover(dir).unwrap();
        assert_eq!(files(dir), vec![KEY_FILE.to_string()]);
    }
}
