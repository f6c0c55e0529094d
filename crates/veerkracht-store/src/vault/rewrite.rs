//! Copying the database afresh and swapping the copy in: sled keeps removed
//! values in its log until it happens to reclaim the space, so a purge ends
//! with a rewrite that leaves none of their bytes in the files.
//!
//! The copy is complete in `db.rewrite/` before `db/` moves to `db.old/`;
//! a crash is finished by [`finish_interrupted`] at the next open.

use super::database::Database;
use super::layout::{DB_DIR, DB_OLD, DB_REWRITE};
use crate::durable;
use crate::error::{Error, IoOp};
use std::fs;
use std::path::Path;

/// Rewrites the database in `dir` whose open handle is in `slot`. The
/// handle is closed for the swap and reopened after; when reopening fails
/// the slot stays empty (the vault then refuses further calls).
pub(crate) fn rewrite(dir: &Path, slot: &mut Option<Database>) -> Result<(), Error> {
    let (db_path, new_path, old_path) = (dir.join(DB_DIR), dir.join(DB_REWRITE), dir.join(DB_OLD));
    let Some(current) = slot.as_ref() else {
        return Err(Error::NeedsReopen);
    };
    if new_path.exists() {
        fs::remove_dir_all(&new_path).map_err(Error::io(IoOp::RewriteDatabase))?;
    }
    if let Err(e) = copy(current, &new_path) {
        let _ = fs::remove_dir_all(&new_path);
        return Err(e);
    }
    // Let go of the old files before they move.
    let closed = slot.take().map_or(Ok(()), Database::close);
    let swap = Error::io(IoOp::SwapRewrittenDatabase);
    fs::rename(&db_path, &old_path).map_err(swap)?;
    fs::rename(&new_path, &db_path).map_err(Error::io(IoOp::SwapRewrittenDatabase))?;
    durable::sync_dir(dir)?;
    fs::remove_dir_all(&old_path).map_err(Error::io(IoOp::SwapRewrittenDatabase))?;
    *slot = Some(Database::open(&db_path)?);
    closed
}

fn copy(from: &Database, to: &Path) -> Result<(), Error> {
    let fresh = Database::open(to)?;
    let read = || Error::sled(IoOp::ReadDatabase);
    let write = || Error::sled(IoOp::RewriteDatabase);
    for name in from.sled().tree_names() {
        let source = from.sled().open_tree(&name).map_err(read())?;
        let target = fresh.sled().open_tree(&name).map_err(write())?;
        for item in source.iter() {
            let (k, v) = item.map_err(read())?;
            target.insert(k, v).map_err(write())?;
        }
    }
    fresh.close()
}

/// Finishes a swap a crash interrupted: with `db/` gone the complete copy
/// is the one to keep; with `db/` there the copy never got swapped in and
/// goes.
pub(crate) fn finish_interrupted(dir: &Path) -> Result<(), Error> {
    let (db, new, old) = (dir.join(DB_DIR), dir.join(DB_REWRITE), dir.join(DB_OLD));
    let fail = || Error::io(IoOp::FinishInterruptedRewrite);
    if !db.exists() && new.is_dir() {
        fs::rename(&new, &db).map_err(fail())?;
    } else if new.exists() && db.is_dir() {
        fs::remove_dir_all(&new).map_err(fail())?;
    }
    if old.exists() {
        fs::remove_dir_all(&old).map_err(fail())?;
    }
    Ok(())
}
