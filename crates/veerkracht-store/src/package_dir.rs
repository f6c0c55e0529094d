//! Package folders on disk: writing a package's files, reading them back.
//! A folder that already holds a package is never overwritten.

use crate::durable;
use crate::error::{Error, IoOp};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use veerkracht_signals::package::{CROSSTABS_CSV, DATAPACKAGE, SIGNALS_CSV};

/// A folder next to the user's documents for a new package of `period`.
pub fn default_folder(period: &str) -> PathBuf {
    dirs::document_dir()
        .or_else(dirs::home_dir)
        .unwrap_or_else(|| PathBuf::from("."))
        .join("Veerkracht")
        .join(format!("signalen-{period}"))
}

/// A package written completely into a hidden folder beside its
/// destination, waiting to be renamed into place ([`Staged::commit`]).
/// Dropped without a commit, it removes itself: a failed export leaves no
/// partial package.
#[derive(Debug)]
pub struct Staged {
    temp: PathBuf,
    dir: PathBuf,
    written: Vec<(String, usize)>,
    done: bool,
}

fn folder_taken(dir: &Path) -> Option<Error> {
    if dir.join(DATAPACKAGE).exists() {
        return Some(Error::PackageExists {
            path: dir.to_path_buf(),
        });
    }
    match std::fs::read_dir(dir) {
        Ok(mut entries) => entries.next().map(|_| Error::FolderNotEmpty {
            path: dir.to_path_buf(),
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => Some(Error::io(IoOp::CreatePackageFolder)(e)),
    }
}

/// Writes `files` into a fresh hidden sibling of `dir` and makes them
/// durable. `dir` must be new or an empty folder; nothing in it, and no
/// file a link points to, is ever overwritten.
pub fn stage(dir: &Path, files: &[(&'static str, Vec<u8>)]) -> Result<Staged, Error> {
    if let Some(e) = folder_taken(dir) {
        return Err(e);
    }
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    durable::create_dir_all(parent, IoOp::CreatePackageFolder)?;
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "package".into());
    let temp = parent.join(format!(".{name}.partial-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir(&temp).map_err(Error::io(IoOp::CreatePackageFolder))?;
    let mut staged = Staged {
        temp,
        dir: dir.to_path_buf(),
        written: Vec::new(),
        done: false,
    };
    for (name, bytes) in files {
        use std::io::Write;
        let path = staged.temp.join(name);
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(Error::io(IoOp::WritePackageFile))?;
        f.write_all(bytes)
            .and_then(|_| f.sync_all())
            .map_err(Error::io(IoOp::WritePackageFile))?;
        staged.written.push((name.to_string(), bytes.len()));
    }
    durable::sync_dir(&staged.temp)?;
    Ok(staged)
}

impl Staged {
    /// Renames the package into place (an empty destination folder is
    /// replaced) and makes the rename durable. Returns names and sizes.
    pub fn commit(mut self) -> Result<Vec<(String, usize)>, Error> {
        if let Some(e) = folder_taken(&self.dir) {
            return Err(e);
        }
        if self.dir.is_dir() {
            std::fs::remove_dir(&self.dir).map_err(Error::io(IoOp::CreatePackageFolder))?;
        }
        std::fs::rename(&self.temp, &self.dir).map_err(Error::io(IoOp::WritePackageFile))?;
        self.done = true;
        if let Some(parent) = self.dir.parent().filter(|p| !p.as_os_str().is_empty()) {
            durable::sync_dir(parent)?;
        }
        Ok(std::mem::take(&mut self.written))
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.done {
            // Best effort: a leftover hidden folder holds only aggregates.
            let _ = std::fs::remove_dir_all(&self.temp);
        }
    }
}

/// Writes a package into `dir` (new or empty) in one step: [`stage`] then
/// [`Staged::commit`].
pub fn write(dir: &Path, files: &[(&'static str, Vec<u8>)]) -> Result<Vec<(String, usize)>, Error> {
    stage(dir, files)?.commit()
}

/// The largest file a package may hold (the biggest real one is a few MB).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// The most files a package folder may hold.
pub const MAX_FILES: usize = 32;

/// Reads every file in the package folder `dir` (so that `verify` sees a
/// file its descriptor does not list). A link, a folder, a device, a FIFO
/// or an oversized file is refused without being opened for reading.
pub fn read(dir: &Path) -> Result<BTreeMap<String, Vec<u8>>, Error> {
    use crate::PackageFileProblem as P;
    let entries = std::fs::read_dir(dir).map_err(|e| match e.kind() {
        // A file given where a package folder is expected is named too.
        std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory => Error::NotAPackage {
            path: dir.to_path_buf(),
            missing: DATAPACKAGE.into(),
        },
        _ => Error::io(IoOp::ReadPackageFile)(e),
    })?;
    // A folder without a descriptor is not a package, whatever else it holds.
    if std::fs::symlink_metadata(dir.join(DATAPACKAGE)).is_err() {
        return Err(Error::NotAPackage {
            path: dir.to_path_buf(),
            missing: DATAPACKAGE.into(),
        });
    }
    let mut files = BTreeMap::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(IoOp::ReadPackageFile)(e))?;
        let name = entry.file_name().to_string_lossy().to_string();
        let refuse = |problem| Error::PackageFile {
            path: dir.to_path_buf(),
            name: name.clone(),
            problem,
        };
        // symlink_metadata: the entry itself, never what a link points to.
        let meta = std::fs::symlink_metadata(entry.path())
            .map_err(|e| Error::io(IoOp::ReadPackageFile)(e))?;
        let kind = meta.file_type();
        if kind.is_symlink() {
            return Err(refuse(P::Link));
        }
        if kind.is_dir() {
            return Err(refuse(P::Folder));
        }
        if !kind.is_file() {
            return Err(refuse(P::Special));
        }
        if meta.len() > MAX_FILE_BYTES {
            return Err(refuse(P::TooLarge));
        }
        if files.len() == MAX_FILES {
            return Err(refuse(P::TooMany));
        }
        let mut f = std::fs::OpenOptions::new()
            .read(true)
            .open(entry.path())
            .map_err(|e| Error::io(IoOp::ReadPackageFile)(e))?;
        let mut bytes = Vec::with_capacity(meta.len() as usize);
        use std::io::Read;
        (&mut f)
            .take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io(IoOp::ReadPackageFile)(e))?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(refuse(P::TooLarge));
        }
        files.insert(name, bytes);
    }
    for name in [DATAPACKAGE, SIGNALS_CSV, CROSSTABS_CSV] {
        if !files.contains_key(name) {
            return Err(Error::NotAPackage {
                path: dir.to_path_buf(),
                missing: name.into(),
            });
        }
    }
    Ok(files)
}
