//! Signal packages on disk, for anyone holding them (no vault needed):
//! open and check one, verify, merge several of one period.

use crate::error::{Error, Mismatch, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use veerkracht_core::{Codebook, Lang};
use veerkracht_signals::disclosure::Thresholds;
use veerkracht_signals::package::{self, Package, Problem};

/// A package read from a folder, with what `verify` found wrong with it.
#[derive(Debug, Clone)]
pub struct Opened {
    pub folder: PathBuf,
    pub package: Package,
    pub problems: Vec<Problem>,
}

fn read(folder: &Path) -> Result<(Package, BTreeMap<String, Vec<u8>>)> {
    let files = veerkracht_store::package_dir::read(folder)?;
    let package = package::read(&files).map_err(|error| Error::PackageUnreadable {
        path: folder.to_path_buf(),
        error,
    })?;
    Ok((package, files))
}

/// Reads and checks the package in `folder`; problems are reported, not
/// raised (the Packages view shows them).
pub fn open(folder: &Path) -> Result<Opened> {
    let (package, files) = read(folder)?;
    let problems = package::verify(&package, &files, Codebook::embedded());
    Ok(Opened {
        folder: folder.to_path_buf(),
        package,
        problems,
    })
}

/// The package in `folder` if it is sound; otherwise every problem.
pub fn verify(folder: &Path) -> Result<Package> {
    let opened = open(folder)?;
    if opened.problems.is_empty() {
        Ok(opened.package)
    } else {
        Err(Error::PackageUnsound {
            path: opened.folder,
            problems: opened.problems,
        })
    }
}

/// Merges the packages in `folders` (each verified first; the first
/// unsound one stops the merge) into a new package in `out`.
pub fn merge(folders: &[PathBuf], out: &Path, lang: Lang) -> Result<crate::Exported> {
    let cb = Codebook::embedded();
    let mut sources = Vec::with_capacity(folders.len());
    for folder in folders {
        sources.push(verify(folder)?);
    }
    // Said here, as data, so the refusal reads in the user's language.
    if let Some(first) = sources.first() {
        for p in &sources[1..] {
            for (what, a, b) in [
                (
                    Mismatch::Periods,
                    first.period.to_string(),
                    p.period.to_string(),
                ),
                (
                    Mismatch::Codebooks,
                    first.codebook.clone(),
                    p.codebook.clone(),
                ),
            ] {
                if a != b {
                    return Err(Error::MergeMismatch {
                        what,
                        first: a,
                        other: b,
                    });
                }
            }
        }
    }
    let merged = package::merge(&sources, cb, crate::export::meta(Thresholds::default()))
        .map_err(veerkracht_signals::Error::from)?;
    let files = veerkracht_report::files(&merged, cb, lang)?;
    let written = veerkracht_store::package_dir::write(out, &files)?;
    Ok(crate::Exported {
        folder: out.to_path_buf(),
        files: written,
        by_ledger: 0,
        already_derivable: 0,
        encounters: 0,
        package: merged,
    })
}
