//! The sled database of a vault: its fixed trees, opened, made durable and
//! closed in one place.

use crate::durable;
use crate::error::{Error, IoOp};
use std::path::{Path, PathBuf};

/// sled's page cache. Its default (1 GiB) is far more than a caseload needs.
const CACHE_BYTES: u64 = 64 * 1024 * 1024;

pub(crate) const TREE_ENCOUNTERS: &str = "encounters";
pub(crate) const TREE_META: &str = "meta";
pub(crate) const TREE_LEDGER: &str = "ledger";
pub(crate) const TREE_AUDIT: &str = "audit";

/// Keys in the `meta` tree.
pub(crate) const META_SCHEMA: &[u8] = b"schema_version";
pub(crate) const META_KEY_CHECK: &[u8] = b"key_check";
pub(crate) const META_GENERATION: &[u8] = b"generation";

/// An open sled database with the vault's fixed trees.
pub(crate) struct Database {
    path: PathBuf,
    /// `None` only once closed, which consumes the `Database`.
    open: Option<Handles>,
}

struct Handles {
    db: sled::Db,
    encounters: sled::Tree,
    audit: sled::Tree,
    meta: sled::Tree,
    ledger: sled::Tree,
}

impl Database {
    /// Opens (or creates) the database in folder `path`.
    pub(crate) fn open(path: &Path) -> Result<Database, Error> {
        let db = open_sled(path)?;
        let tree = |name: &str| db.open_tree(name).map_err(Error::sled(IoOp::OpenDatabase));
        let handles = Handles {
            encounters: tree(TREE_ENCOUNTERS)?,
            audit: tree(TREE_AUDIT)?,
            meta: tree(TREE_META)?,
            ledger: tree(TREE_LEDGER)?,
            db,
        };
        Ok(Database {
            path: path.to_path_buf(),
            open: Some(handles),
        })
    }

    fn handles(&self) -> &Handles {
        self.open
            .as_ref()
            .expect("a Database is open until consumed")
    }

    pub(crate) fn sled(&self) -> &sled::Db {
        &self.handles().db
    }

    pub(crate) fn encounters(&self) -> &sled::Tree {
        &self.handles().encounters
    }

    pub(crate) fn audit(&self) -> &sled::Tree {
        &self.handles().audit
    }

    pub(crate) fn meta(&self) -> &sled::Tree {
        &self.handles().meta
    }

    pub(crate) fn ledger(&self) -> &sled::Tree {
        &self.handles().ledger
    }

    /// Makes every write so far durable: sled's `flush` (which on Linux
    /// ends in `sync_file_range`: enough against a killed process, not
    /// against a power cut), then a real fsync of its files.
    pub(crate) fn make_durable(&self) -> Result<(), Error> {
        self.sled()
            .flush()
            .map_err(Error::sled(IoOp::SyncDatabase))?;
        for name in ["db", "conf"] {
            let file = self.path.join(name);
            if file.is_file() {
                durable::sync_file(&file, IoOp::SyncDatabase)?;
            }
        }
        Ok(())
    }

    /// Flushes and closes.
    pub(crate) fn close(mut self) -> Result<(), Error> {
        match self.open.take() {
            Some(handles) => close(handles, &self.path),
            None => Ok(()),
        }
    }
}

fn close(handles: Handles, _path: &Path) -> Result<(), Error> {
    handles
        .db
        .flush()
        .map_err(Error::sled(IoOp::CloseDatabase))?;
    drop(handles);
    Ok(())
}

/// Opens sled, waiting a moment if its file lock is still held: sled lets
/// go of it shortly after the last handle is dropped, and our own
/// `vault.lock` already guarantees no other process owns the vault.
fn open_sled(path: &Path) -> Result<sled::Db, Error> {
    let mut tries = 0;
    loop {
        let opened = sled::Config::new()
            .path(path)
            .cache_capacity(CACHE_BYTES)
            .open();
        match opened {
            Err(sled::Error::Io(e))
                if e.to_string().contains("could not acquire lock") && tries < 100 =>
            {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            other => return other.map_err(Error::sled(IoOp::OpenDatabase)),
        }
    }
}
