//! Package folders on disk: writing a package's files, reading them back.
//! A folder that already holds a package is never overwritten.

use crate::durable;
use crate::error::{Error, IoOp};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use veerkracht_signals::package::{
    BOUNDS_CSV, CROSSTABS_CSV, DATAPACKAGE, REPORT, SIGNALS_CSV, XLSX,
};

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

/// Reads the files of the package in `dir`.
pub fn read(dir: &Path) -> Result<BTreeMap<String, Vec<u8>>, Error> {
    let mut files = BTreeMap::new();
    for name in [
        DATAPACKAGE,
        SIGNALS_CSV,
        CROSSTABS_CSV,
        BOUNDS_CSV,
        XLSX,
        REPORT,
    ] {
        match std::fs::read(dir.join(name)) {
            Ok(b) => {
                files.insert(name.to_string(), b);
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if matches!(name, DATAPACKAGE | SIGNALS_CSV | CROSSTABS_CSV) {
                    return Err(Error::NotAPackage {
                        path: dir.to_path_buf(),
                        missing: name.into(),
                    });
                }
            }
            Err(e) => return Err(Error::io(IoOp::ReadPackageFile)(e)),
        }
    }
    Ok(files)
}
