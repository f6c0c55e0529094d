//! Package folders on disk: writing a package's files, reading them back.
//! A folder that already holds a package is never overwritten.

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

/// Writes the files into `dir` (created if needed); `datapackage.json` is
/// written last, so a folder with it is always complete.
pub fn write(dir: &Path, files: &[(&'static str, Vec<u8>)]) -> Result<Vec<(String, usize)>, Error> {
    if dir.join(DATAPACKAGE).exists() {
        return Err(Error::PackageExists {
            path: dir.to_path_buf(),
        });
    }
    std::fs::create_dir_all(dir).map_err(Error::io(IoOp::CreatePackageFolder))?;
    let mut written = Vec::new();
    for (name, bytes) in files {
        let tmp = dir.join(format!(".{name}.tmp"));
        std::fs::write(&tmp, bytes).map_err(Error::io(IoOp::WritePackageFile))?;
        std::fs::rename(&tmp, dir.join(name)).map_err(Error::io(IoOp::WritePackageFile))?;
        written.push((name.to_string(), bytes.len()));
    }
    Ok(written)
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
