//! Copying the database afresh and swapping the copy in: sled keeps removed
//! values in its log until it happens to reclaim the space, so a purge ends
//! with a rewrite that leaves none of their bytes in the files.
//!
//! The copy is complete and durable in `db.rewrite/` before `db/` moves to
//! `db.old/`; a crash at any point is finished by [`finish_interrupted`] at
//! the next open.

use super::database::{Database, META_REWRITE_PENDING, TREE_META};
use super::layout::{DB_DIR, DB_OLD, DB_REWRITE};
use crate::durable;
use crate::error::{Error, IoOp};
use std::path::Path;

/// Rewrites the database in `dir` whose open handle is in `slot`. The
/// handle is closed for the swap and reopened after; when reopening fails
/// the slot stays empty (the vault then refuses further calls).
pub(crate) fn rewrite(dir: &Path, slot: &mut Option<Database>) -> Result<(), Error> {
    let (db_path, new_path, old_path) = (dir.join(DB_DIR), dir.join(DB_REWRITE), dir.join(DB_OLD));
    let Some(current) = slot.as_ref() else {
        return Err(Error::NeedsReopen);
    };
    durable::remove_dir_all(&new_path, IoOp::RewriteDatabase)?;
    if let Err(e) = copy(current, &new_path) {
        let _ = std::fs::remove_dir_all(&new_path);
        return Err(e);
    }
    // The copy is durable, and so is its name in the vault folder (synced
    // when it was opened). Let go of the old files before they move.
    let closed = slot.take().map_or(Ok(()), Database::close);
    // A swap that fails half way leaves the vault open on whichever
    // database is whole (`finish_interrupted` picks it, as after a crash),
    // and says so.
    let swapped = durable::rename(&db_path, &old_path, IoOp::SwapRewrittenDatabase)
        .and_then(|()| durable::rename(&new_path, &db_path, IoOp::SwapRewrittenDatabase));
    if let Err(e) = swapped {
        *slot = finish_interrupted(dir)
            .and_then(|()| Database::open(&db_path))
            .ok();
        return Err(e);
    }
    *slot = Some(Database::open(&db_path)?);
    // The old files go once the new database is open; should that fail,
    // the next open removes them (`finish_interrupted`).
    durable::remove_dir_all(&old_path, IoOp::SwapRewrittenDatabase)?;
    closed
}

/// Keys copied per sled batch (one `insert` per key took 4.9 s of the 1M
/// import's rewrite), and bytes: a batch is held whole until applied.
const COPY_BATCH: usize = 4096;
const COPY_BATCH_BYTES: usize = 16 << 20;

/// Copies every tree of `from` into `to` in sled batches, leaving out each
/// key `skip(is_meta, key)` names and writing `value(tree, key, value)`
/// for the others (the same bytes, or resealed); errors writing are `op`'s.
pub(crate) fn copy_trees(
    from: &Database,
    to: &Database,
    op: IoOp,
    skip: impl Fn(bool, &[u8]) -> bool,
    value: impl Fn(&[u8], &[u8], sled::IVec) -> sled::IVec,
) -> Result<(), Error> {
    let read = || Error::sled(IoOp::ReadDatabase);
    let write = || Error::sled(op);
    for name in from.sled().tree_names() {
        let source = from.sled().open_tree(&name).map_err(read())?;
        let target = to.sled().open_tree(&name).map_err(write())?;
        let is_meta = name == TREE_META.as_bytes();
        let mut batch = sled::Batch::default();
        let (mut in_batch, mut bytes) = (0, 0);
        for item in source.iter() {
            let (k, v) = item.map_err(read())?;
            if skip(is_meta, &k) {
                continue;
            }
            let v = value(&name, &k, v);
            bytes += k.len() + v.len();
            batch.insert(k, v);
            in_batch += 1;
            if in_batch == COPY_BATCH || bytes >= COPY_BATCH_BYTES {
                target
                    .apply_batch(std::mem::take(&mut batch))
                    .map_err(write())?;
                (in_batch, bytes) = (0, 0);
            }
        }
        target.apply_batch(batch).map_err(write())?;
    }
    Ok(())
}

fn copy(from: &Database, to: &Path) -> Result<(), Error> {
    let fresh = Database::open(to)?;
    copy_trees(
        from,
        &fresh,
        IoOp::RewriteDatabase,
        |is_meta, k| is_meta && k == META_REWRITE_PENDING,
        |_, _, v| v,
    )?;
    fresh.make_all_durable()?;
    fresh.close()
}

/// Finishes a swap a crash interrupted: with `db/` gone the complete copy
/// is the one to keep; with `db/` there the copy never got swapped in and
/// goes; `db.old/` goes once `db/` is in place.
pub(crate) fn finish_interrupted(dir: &Path) -> Result<(), Error> {
    let (db, new, old) = (dir.join(DB_DIR), dir.join(DB_REWRITE), dir.join(DB_OLD));
    if !db.exists() && new.is_dir() {
        durable::rename(&new, &db, IoOp::FinishInterruptedRewrite)?;
    } else if new.exists() && db.is_dir() {
        durable::remove_dir_all(&new, IoOp::FinishInterruptedRewrite)?;
    } else if !db.exists() && old.is_dir() {
        // Not a state a rewrite leaves; should it be found, the old
        // database is the one to keep rather than no database at all.
        durable::rename(&old, &db, IoOp::FinishInterruptedRewrite)?;
    }
    if old.exists() && db.is_dir() {
        durable::remove_dir_all(&old, IoOp::FinishInterruptedRewrite)?;
    }
    Ok(())
}
