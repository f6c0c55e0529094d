//! Files the use cases write for people: never over an existing file.

use crate::error::{Error, Result};
use std::io::Write;
use std::path::Path;

/// Writes a new file (refusing one that exists) and makes it durable.
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    let fail = |source| Error::WriteFile {
        path: path.to_path_buf(),
        source,
    };
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(fail)?;
    f.write_all(bytes).and_then(|_| f.sync_all()).map_err(fail)
}
