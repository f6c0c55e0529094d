//! Writing files so that a power cut leaves the old state or the new one.
//!
//! POSIX makes a file's data durable at its `fsync`, and a directory's
//! entries (a created, renamed or removed name) only at an `fsync` of that
//! directory. Most Linux filesystems forgive a missing directory sync; these
//! helpers do not count on it. Every function here names the operation it
//! serves ([`IoOp`]) so a failure says what could not be done.
//!
//! Everything made here is private on unix: folders 0700, files 0600, set
//! when the name is created (never a chmod afterwards, which would leave a
//! moment in which another user could open the file). A vault, its backups
//! and its preferences are for the worker's account only.

use crate::error::{Error, IoOp};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `name` in `dir` so that readers see the old or the new content,
/// never a mix, even across a power cut: a temporary file, fsync, rename,
/// fsync of the folder.
pub(crate) fn write_atomically(
    dir: &Path,
    name: &str,
    bytes: &[u8],
    op: IoOp,
) -> Result<(), Error> {
    let tmp = temp_name(dir, name);
    let written = (|| {
        let mut f = private_file_options().open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, dir.join(name))
    })();
    if let Err(e) = written {
        // Never leave a half-written temporary behind (a full disk, say).
        let _ = fs::remove_file(&tmp);
        return Err(Error::io(op)(e));
    }
    sync_dir(dir)
}

/// Options that create (or truncate) a file readable by its owner only.
pub(crate) fn private_file_options() -> fs::OpenOptions {
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, PRIVATE_FILE_MODE);
    options
}

/// Mode of every file the store writes (unix).
pub(crate) const PRIVATE_FILE_MODE: u32 = 0o600;
/// Mode of every folder the store makes (unix).
pub(crate) const PRIVATE_DIR_MODE: u32 = 0o700;

/// Creates one folder open to its owner only (its parent must exist).
pub(crate) fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, PRIVATE_DIR_MODE);
    builder.create(dir)
}

/// Takes group and other permissions away from an existing file or folder
/// (unix; nothing elsewhere). Used at open on a vault made by an older
/// build or loosened by hand: the vault stays usable, and private.
pub(crate) fn tighten(path: &Path, op: IoOp) -> Result<(), Error> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let meta = match fs::symlink_metadata(path) {
            Ok(meta) => meta,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(Error::io(op)(e)),
        };
        let mode = meta.permissions().mode();
        if meta.file_type().is_symlink() || mode & 0o077 == 0 {
            return Ok(());
        }
        let wanted = if meta.is_dir() {
            PRIVATE_DIR_MODE
        } else {
            PRIVATE_FILE_MODE
        };
        fs::set_permissions(path, fs::Permissions::from_mode(wanted)).map_err(Error::io(op))?;
    }
    #[cfg(not(unix))]
    let _ = (path, op);
    Ok(())
}

/// The temporary a [`write_atomically`] of `name` uses.
pub(crate) fn temp_name(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!(".{name}.tmp"))
}

/// Makes the entries of `dir` durable (names created, renamed, removed).
pub(crate) fn sync_dir(dir: &Path) -> Result<(), Error> {
    fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(Error::io(IoOp::SyncFolder))
}

/// Makes a file's data durable.
pub(crate) fn sync_file(path: &Path, op: IoOp) -> Result<(), Error> {
    fs::File::open(path)
        .and_then(|f| f.sync_all())
        .map_err(Error::io(op))
}

/// The folder a path lives in (`.` for a bare name).
pub(crate) fn parent_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Creates `dir` and any missing folders above it, each one durable in its
/// parent before the next is made inside it.
/// Copies the folder `from` to `to` (new) with everything below it, each
/// file written atomically and synced, each folder private and synced.
/// Links and special files are skipped.
pub(crate) fn copy_dir(from: &Path, to: &Path, op: IoOp) -> Result<(), Error> {
    create_private_dir(to).map_err(Error::io(op))?;
    for entry in fs::read_dir(from).map_err(Error::io(op))?.flatten() {
        let kind = entry.file_type().map_err(Error::io(op))?;
        let name = entry.file_name();
        if kind.is_dir() {
            copy_dir(&entry.path(), &to.join(&name), op)?;
        } else if kind.is_file() {
            let bytes = fs::read(entry.path()).map_err(Error::io(op))?;
            write_atomically(to, &name.to_string_lossy(), &bytes, op)?;
        }
    }
    sync_dir(to)?;
    sync_dir(parent_of(to))
}

pub(crate) fn create_dir_all(dir: &Path, op: IoOp) -> Result<(), Error> {
    let mut missing = Vec::new();
    let mut at = dir;
    while !at.exists() {
        missing.push(at.to_path_buf());
        match at.parent().filter(|p| !p.as_os_str().is_empty()) {
            Some(p) => at = p,
            None => break,
        }
    }
    for folder in missing.iter().rev() {
        match create_private_dir(folder) {
            Ok(()) => {}
            // Made meanwhile by someone else: fine, it exists.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && folder.is_dir() => {}
            Err(e) => return Err(Error::io(op)(e)),
        }
        sync_dir(parent_of(folder))?;
    }
    Ok(())
}

/// Renames `from` to `to` (files or folders) and makes both folders'
/// entries durable: the destination first, so that a cut between the two
/// syncs can leave the name in both places, never in neither.
pub(crate) fn rename(from: &Path, to: &Path, op: IoOp) -> Result<(), Error> {
    fs::rename(from, to).map_err(Error::io(op))?;
    sync_dir(parent_of(to))?;
    if parent_of(from) != parent_of(to) {
        sync_dir(parent_of(from))?;
    }
    Ok(())
}

/// Removes a folder with everything in it, and the removal durably.
pub(crate) fn remove_dir_all(dir: &Path, op: IoOp) -> Result<(), Error> {
    match fs::remove_dir_all(dir) {
        Ok(()) => sync_dir(parent_of(dir)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io(op)(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_made_one_by_one_and_files_replaced_whole() {
        let tmp = tempfile::tempdir().unwrap();
        let deep = tmp.path().join("a/b/c");
        create_dir_all(&deep, IoOp::CreateVaultFolder).unwrap();
        assert!(deep.is_dir());
        create_dir_all(&deep, IoOp::CreateVaultFolder).unwrap();
        write_atomically(&deep, "f", b"one", IoOp::WriteKeyFile).unwrap();
        write_atomically(&deep, "f", b"two", IoOp::WriteKeyFile).unwrap();
        assert_eq!(fs::read(deep.join("f")).unwrap(), b"two");
        assert!(!temp_name(&deep, "f").exists(), "no temporary left");
        rename(&deep.join("f"), &tmp.path().join("g"), IoOp::InstallVault).unwrap();
        assert_eq!(fs::read(tmp.path().join("g")).unwrap(), b"two");
    }
}
