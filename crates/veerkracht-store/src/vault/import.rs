//! Import: many encounters at once, all or nothing, with its audit entry.
//!
//! Encounters are sealed and written in chunks of [`CHUNK`]. Before a
//! chunk's records are written, the `import_pending` tree remembers what
//! each of its keys held before: for the keys that held nothing (nearly
//! all), entries listing them ([`LIST_KEYS`] each), made durable before any of them is
//! written (so that a crash can never leave a record of the import that
//! no list names); for a key that held a record (`--replace`), an entry
//! with that sealed record, written in one sled transaction with the new
//! one. The new records themselves are one sled batch (no transaction:
//! sled's transactions keep an undo tree of every page they replace, the
//! larger part of an import's cost). The `import_pending` mark in `meta`
//! is set with the first chunk. The index entries of the import are kept
//! in memory (~170 bytes each), so that each segment is rewritten once,
//! not once per chunk; at the end they are written [`INDEX_PART`]
//! segments per transaction, the mark still set. The last transaction,
//! made durable, writes the last index part, the audit entries and removes
//! the mark. The import counts from there. Until then it is undone, by
//! dropping the batch or, after a crash, at the next open
//! (`undo_pending_import`): every key gets back what it held, index entry
//! and record. A crash can therefore leave the vault as it was or with the
//! whole import, never part of it.
//!
//! Memory: what grows with the file is small (the index entries, the set
//! of ids: about 200 bytes per encounter). What made the peak was sled: a
//! transaction keeps every page it replaces until it ends, so no
//! transaction here is large (at 50,000 records a chunk took 400 MB more,
//! and the whole index in one transaction 0.8 GB; see docs/PERFORMANCE.md).

use super::encounters::AuditNote;
use super::index::IndexChanges;
use super::{transaction_error, Vault};
use crate::error::{Error, IoOp};
use sled::Transactional;
use std::collections::HashSet;
use uuid::Uuid;
use veerkracht_core::audit::Action;
use veerkracht_core::Encounter;

/// Encounters sealed and written per chunk (see the module): 10,000 sealed
/// records are about 6 MB. Larger chunks are no faster and sled holds more
/// while each is written.
pub const CHUNK: usize = 10_000;
/// Storage keys per list of new keys in `import_pending` (4 KB). sled 0.34
/// writes a log message over a quarter of its segment (128 KB in a database
/// of an older build, 1 MiB now: `database::SEGMENT_BYTES`) to a file of
/// its own under `db/blobs/`, which it never fsyncs, and replays its log
/// past such a file when it is missing: a list there could vanish in a
/// power cut while the records it names stay. `Database::make_durable` now
/// syncs those files, but they also linger after the import (23 MB after a
/// million): the lists stay far below. A leaf holds at most 17 entries
/// (sled splits it beyond 16), 17 lists about 70 KB.
const LIST_KEYS: usize = 256;
/// Index segments written per transaction at the end of an import (of
/// 32,768; at a million encounters about 31,000 entries).
const INDEX_PART: usize = 1024;
/// Encounters sealed on every core at a time by [`ImportBatch::add_all`].
const SEAL_PIECE: usize = 4096;
pub(crate) const TREE_PENDING: &str = "import_pending";
/// In `meta`, plain: an import has written chunks and not finished.
pub(crate) const META_IMPORT_PENDING: &[u8] = b"import_pending";
/// In `import_pending`: the key held nothing before the import (one entry
/// per key; written by earlier versions, still undone).
const WAS_NEW: &[u8] = &[];
/// In `import_pending`, the start of the key of a list of storage keys that
/// held nothing before the import (then the list's number, big-endian): 12
/// bytes, never taken for a 16-byte storage key.
const NEW_KEYS: &[u8] = b"\0new";

/// The key of the `n`th list of new keys in `import_pending`.
fn new_keys_list(n: u64) -> Vec<u8> {
    let mut k = NEW_KEYS.to_vec();
    k.extend_from_slice(&n.to_be_bytes());
    k
}

/// Whether an `import_pending` key is a list of new keys.
pub(crate) fn is_new_keys_list(k: &[u8]) -> bool {
    k.len() == NEW_KEYS.len() + 8 && k.starts_with(NEW_KEYS)
}

/// An encounter sealed for an import: its storage key, its sealed record
/// and its index entry (what [`ImportBatch::add_sealed`] writes). Sealing is
/// the costly part of adding; it needs no batch and runs on any thread.
pub struct SealedForImport {
    id: Uuid,
    demo: bool,
    key: [u8; 16],
    sealed: Vec<u8>,
    entry: super::index::EntryV1,
}

impl SealedForImport {
    /// The encounter's id.
    pub fn id(&self) -> Uuid {
        self.id
    }
}

/// What an import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportReport {
    pub inserted: usize,
    pub replaced: usize,
    /// The vault held no encounter when the import began (known when the
    /// import asked, see [`ImportBatch::vault_was_empty`]): what it stored
    /// is then the whole vault.
    pub into_empty: bool,
}

/// An import being put together; see [`Vault::begin_import`]. Dropping it
/// before [`ImportBatch::commit`] undoes whatever it wrote.
pub struct ImportBatch<'v> {
    vault: &'v Vault,
    replace: bool,
    chunk_size: usize,
    /// Index segments written per transaction at the end.
    index_part: usize,
    seen: HashSet<Uuid>,
    replaced: usize,
    /// Sealed records waiting, and whether each key held a record before.
    chunk: Vec<([u8; 16], Vec<u8>, bool)>,
    /// Lists of new keys written (see the module).
    lists: u64,
    /// Whether the vault held no encounter when the import began, for the
    /// caller (see [`ImportBatch::vault_was_empty`]); `None` until asked.
    empty_before: Option<bool>,
    index: IndexChanges,
    count: usize,
    demo: bool,
    /// Whether a chunk was written (and must be undone if not committed).
    written: bool,
    finished: bool,
}

impl ImportBatch<'_> {
    /// Seals one encounter into the batch; writes the chunk when full. An
    /// id given twice, or (without `replace`) already in the vault, is
    /// refused, and everything the batch wrote is undone.
    pub fn add(&mut self, e: &Encounter) -> Result<(), Error> {
        let result = self.try_add(e);
        if result.is_err() {
            self.undo();
        }
        result
    }

    /// [`ImportBatch::add`] of many encounters: sealed on every core a
    /// few thousand at a time (so that no more than those wait sealed),
    /// each piece then taken in order (the same checks, the same undo on a
    /// refusal).
    pub fn add_all(&mut self, es: &[Encounter]) -> Result<(), Error> {
        let v = self.vault;
        for piece in es.chunks(SEAL_PIECE) {
            let sealed = veerkracht_core::rows::par_map(piece, 256, |e| v.seal_for_import(e));
            self.add_sealed(sealed)?;
        }
        Ok(())
    }

    /// [`ImportBatch::add`] of encounters sealed already (by
    /// [`Vault::seal_for_import`], on any thread), taken in order: the same
    /// checks, the same undo on a refusal.
    pub fn add_sealed(&mut self, sealed: Vec<SealedForImport>) -> Result<(), Error> {
        let mut result = Ok(());
        for s in sealed {
            result = self.take(s);
            if result.is_err() {
                break;
            }
        }
        if result.is_err() {
            self.undo();
        }
        result
    }

    fn try_add(&mut self, e: &Encounter) -> Result<(), Error> {
        let sealed = self.vault.seal_for_import(e);
        self.take(sealed)
    }

    /// Takes one sealed encounter into the batch; writes the chunk when full.
    fn take(&mut self, s: SealedForImport) -> Result<(), Error> {
        let SealedForImport {
            id,
            demo,
            key,
            sealed,
            entry,
        } = s;
        if !self.seen.insert(id) {
            return Err(Error::DuplicateIds { ids: vec![id] });
        }
        // Looked up even in a vault that was empty: sled 0.34 seems to
        // evict pages from its cache only as they are read (measured, not
        // read in its source): pages only written stay
        // (a million encounters into an empty vault without this lookup
        // peaked at 6 GB, with it 0.7 GB).
        let there = self
            .vault
            .db()?
            .encounters()
            .contains_key(key)
            .map_err(Error::sled(IoOp::ReadDatabase))?;
        if there {
            if !self.replace {
                return Err(Error::DuplicateIds { ids: vec![id] });
            }
            self.replaced += 1;
        }
        self.chunk.push((key, sealed, there));
        self.index.upsert(entry);
        self.count += 1;
        self.demo &= demo;
        if self.chunk.len() >= self.chunk_size {
            self.write_chunk()?;
        }
        Ok(())
    }

    /// Whether the vault held no encounter when this import began (asked
    /// once, before the import wrote anything): then no id of the import
    /// can be in the vault but the import's own, which `seen` catches.
    pub fn vault_was_empty(&mut self) -> Result<bool, Error> {
        if let Some(empty) = self.empty_before {
            return Ok(empty);
        }
        // Asked once something was taken, the answer would not be about
        // the vault as the import found it: not empty, the safe side.
        let empty = self.count == 0 && !self.written && self.vault.db()?.encounters().is_empty();
        self.empty_before = Some(empty);
        Ok(empty)
    }

    /// Writes the chunk (see the module for the order), remembering what
    /// each key held; marks the import pending (no IO in the closures).
    fn write_chunk(&mut self) -> Result<(), Error> {
        if self.chunk.is_empty() {
            return Ok(());
        }
        let v = self.vault;
        let db = v.db()?;
        if !self.written {
            // What an earlier import left (an undo that failed, a clear
            // that failed) must not be taken for this one's.
            v.settle_import()?;
            db.meta()
                .insert(META_IMPORT_PENDING, &[1u8][..])
                .map_err(Error::sled(IoOp::WriteDatabase))?;
            self.written = true;
        }
        let pending = db
            .sled()
            .open_tree(TREE_PENDING)
            .map_err(Error::sled(IoOp::OpenDatabase))?;
        let chunk = std::mem::take(&mut self.chunk);
        let (replacing, new): (Vec<_>, Vec<_>) = chunk.into_iter().partition(|c| c.2);
        if !new.is_empty() {
            for part in new.chunks(LIST_KEYS) {
                let mut list = Vec::with_capacity(part.len() * 16);
                for (key, _, _) in part {
                    list.extend_from_slice(key);
                }
                pending
                    .insert(new_keys_list(self.lists), list)
                    .map_err(Error::sled(IoOp::WriteDatabase))?;
                self.lists += 1;
            }
            // The lists (and the mark) on disk before any key they name.
            db.make_durable()?;
            let mut batch = sled::Batch::default();
            for (key, sealed, _) in new {
                batch.insert(&key[..], sealed);
            }
            db.encounters()
                .apply_batch(batch)
                .map_err(Error::sled(IoOp::WriteDatabase))?;
        }
        if !replacing.is_empty() {
            let replacing: Vec<([u8; 16], sled::IVec)> = replacing
                .into_iter()
                .map(|(key, sealed, _)| (key, sealed.into()))
                .collect();
            (db.encounters(), &pending)
                .transaction(|(enc, pending)| {
                    for (key, sealed) in &replacing {
                        let before = enc.insert(&key[..], sealed.clone())?;
                        if pending.get(&key[..])?.is_none() {
                            let was = before.as_ref().map_or(WAS_NEW, |b| b.as_ref());
                            pending.insert(&key[..], was)?;
                        }
                    }
                    Ok(())
                })
                .map_err(transaction_error(IoOp::WriteDatabase))?;
        }
        Ok(())
    }

    /// Writes what is left and finishes the import with its audit entry;
    /// durable on return.
    pub fn commit(self) -> Result<ImportReport, Error> {
        self.commit_with_audit(&[])
    }

    /// Like [`ImportBatch::commit`], with more audit entries (such as
    /// confirmed scanner findings) in the last, deciding transaction.
    pub fn commit_with_audit(mut self, extra: &[AuditNote]) -> Result<ImportReport, Error> {
        let result = self.finish(extra);
        if result.is_err() {
            self.undo();
        }
        result
    }

    fn finish(&mut self, extra: &[AuditNote]) -> Result<ImportReport, Error> {
        let last = self.write_index_but_last()?;
        let v = self.vault;
        let db = v.db()?;
        let detail = if self.demo && self.count > 0 {
            "demo"
        } else {
            ""
        };
        let mut entries = vec![v.audit_entry(Action::Imported, self.count as u64, detail)];
        for (action, count, detail) in extra {
            entries.push(v.audit_entry(*action, *count, detail));
        }
        (db.audit(), db.meta(), db.index())
            .transaction(|(audit, meta, index)| {
                for (key, value) in &entries {
                    audit.insert(&key[..], value.clone())?;
                }
                v.apply_index(index, meta, &last)?;
                meta.remove(META_IMPORT_PENDING)?;
                Ok(())
            })
            .map_err(transaction_error(IoOp::WriteDatabase))?;
        // Decided: from here nothing is undone, even if making it durable
        // fails below (the error is reported; the import may or may not
        // survive a power cut, like any change whose fsync failed).
        self.finished = true;
        v.make_durable()?;
        // Decided: what each key held before is no longer needed (a
        // leftover without the mark is cleared at the next open).
        let _ = v.clear_pending_import();
        Ok(ImportReport {
            inserted: self.count - self.replaced,
            replaced: self.replaced,
            into_empty: self.empty_before == Some(true),
        })
    }

    /// Writes the chunk left and the import's index entries, a part at a
    /// time, the mark still set: should the import stop here, the undo
    /// puts back every key's entry, as for a chunk. Each part is freed once
    /// written. Returns the last part, for the deciding transaction.
    fn write_index_but_last(&mut self) -> Result<IndexChanges, Error> {
        self.write_chunk()?;
        let v = self.vault;
        let db = v.db()?;
        let mut index = std::mem::take(&mut self.index);
        while let Some(part) = index.take_first(self.index_part) {
            if index.is_empty() {
                return Ok(part);
            }
            // Entries come only with records: the chunks set the mark.
            debug_assert!(self.written);
            (db.meta(), db.index())
                .transaction(|(meta, tree)| v.apply_index(tree, meta, &part))
                .map_err(transaction_error(IoOp::WriteDatabase))?;
        }
        Ok(IndexChanges::default())
    }

    fn undo(&mut self) {
        // Freed first: the undo reads and writes a lot.
        self.chunk = Vec::new();
        self.index = IndexChanges::default();
        if self.written && !self.finished {
            // Should this fail, the mark stays and the next open undoes it.
            if self.vault.undo_pending_import().is_ok() {
                self.written = false;
            }
        }
    }
}

impl Drop for ImportBatch<'_> {
    fn drop(&mut self) {
        self.undo();
    }
}

impl Vault {
    /// `e` sealed for [`ImportBatch::add_sealed`].
    pub fn seal_for_import(&self, e: &Encounter) -> SealedForImport {
        let key = self.storage_key(&e.id);
        let (sealed, entry) = self.seal_with_entry(&key, e);
        SealedForImport {
            id: e.id,
            demo: e.demo,
            key,
            sealed,
            entry,
        }
    }

    /// Stores many encounters at once, all or nothing (see the module).
    /// Ids already in the vault are refused unless `replace` is set; an id
    /// given twice is refused (the second would silently win).
    pub fn import(&self, encounters: &[Encounter], replace: bool) -> Result<ImportReport, Error> {
        if !replace {
            // Every id already there, named before anything is written.
            let mut there = Vec::new();
            for e in encounters {
                if self.contains(&e.id)? {
                    there.push(e.id);
                }
            }
            if !there.is_empty() {
                return Err(Error::DuplicateIds { ids: there });
            }
        }
        let mut batch = self.begin_import(replace);
        batch.add_all(encounters)?;
        batch.commit()
    }

    /// An id for an imported encounter that has none, derived from its
    /// content and its occurrence in the file with the vault's keyed hash
    /// (so it says nothing about the content to anyone without the key):
    /// the same file imported twice gives the same ids.
    pub fn content_id(&self, content: &[u8], occurrence: u32) -> Uuid {
        let mut input = Vec::with_capacity(content.len() + 24);
        input.extend_from_slice(b"veerkracht/content-id/v1\0");
        input.extend_from_slice(&occurrence.to_be_bytes());
        input.extend_from_slice(content);
        let h = crate::crypto::keyed_hash(&self.index_key, &input);
        let bytes: [u8; 16] = h[..16].try_into().expect("16 bytes");
        uuid::Builder::from_custom_bytes(bytes).into_uuid()
    }

    /// An import built one encounter at a time, so that a caller streaming
    /// a large file never holds every encounter: at most a chunk of sealed
    /// records waits. Chunks are written as they fill, and count only once
    /// [`ImportBatch::commit`] returns; dropping the batch undoes them.
    pub fn begin_import(&self, replace: bool) -> ImportBatch<'_> {
        self.begin_import_in_chunks(replace, CHUNK)
    }

    /// [`Vault::begin_import`] with another chunk size (tests: many chunks
    /// from a few lines). The index is then also written in parts of at
    /// most `chunk_size` segments, so that a power cut can fall between
    /// those too.
    pub fn begin_import_in_chunks(&self, replace: bool, chunk_size: usize) -> ImportBatch<'_> {
        ImportBatch {
            vault: self,
            replace,
            chunk_size: chunk_size.max(1),
            index_part: INDEX_PART.min(chunk_size.max(1)),
            seen: HashSet::new(),
            replaced: 0,
            chunk: Vec::new(),
            lists: 0,
            empty_before: None,
            index: IndexChanges::default(),
            count: 0,
            demo: true,
            written: false,
            finished: false,
        }
    }

    /// Undoes an import that wrote chunks and did not finish (dropped, or
    /// cut by a crash: run at open): every key gets back what it held,
    /// index entry first, then record; the mark goes last. Durable on
    /// return.
    ///
    /// The index entries are worked out from `import_pending` alone (the
    /// entry of what each key held, or none) and written [`INDEX_PART`]
    /// segments at a time; a segment they leave as it is (the import's
    /// index never written) is not written at all. Then the records, a
    /// chunk at a time, each key leaving `import_pending` with its record.
    /// A crash anywhere leaves the mark and the keys not yet put back, and
    /// the next open does the same again: putting back an index entry
    /// twice changes nothing.
    pub(crate) fn undo_pending_import(&self) -> Result<(), Error> {
        // No generation (see below), but what the vault holds changes.
        self.changed();
        let db = self.db()?;
        let pending = db
            .sled()
            .open_tree(TREE_PENDING)
            .map_err(Error::sled(IoOp::OpenDatabase))?;
        let mut changes = IndexChanges::default();
        for item in pending.iter() {
            let (k, was) = item.map_err(Error::sled(IoOp::ReadDatabase))?;
            if is_new_keys_list(&k) {
                for key in was.chunks_exact(16) {
                    changes.remove(key.try_into().expect("16 bytes"));
                }
                continue;
            }
            let Ok(key) = <[u8; 16]>::try_from(k.as_ref()) else {
                continue;
            };
            match self.open_encounter(&key, &was) {
                Ok(e) if !was.is_empty() => changes.upsert(self.index_entry(&key, &e)),
                _ => changes.remove(key),
            }
        }
        while let Some(part) = changes.take_first(INDEX_PART) {
            (db.index(), db.meta())
                .transaction(|(index, meta)| self.apply_index(index, meta, &part))
                .map_err(transaction_error(IoOp::WriteDatabase))?;
        }
        loop {
            // About a chunk's keys per transaction (a list names many).
            let mut part = Vec::new();
            let mut keys = 0;
            for item in pending.iter() {
                let (k, was) = item.map_err(Error::sled(IoOp::ReadDatabase))?;
                keys += if is_new_keys_list(&k) {
                    was.len() / 16
                } else {
                    1
                };
                part.push((k, was));
                if keys >= CHUNK {
                    break;
                }
            }
            if part.is_empty() {
                break;
            }
            (db.encounters(), &pending)
                .transaction(|(enc, pending)| {
                    for (k, was) in &part {
                        if is_new_keys_list(k) {
                            for key in was.chunks_exact(16) {
                                enc.remove(key)?;
                            }
                        } else if was.is_empty() {
                            enc.remove(k)?;
                        } else {
                            enc.insert(k, was.clone())?;
                        }
                        pending.remove(k)?;
                    }
                    Ok(())
                })
                .map_err(transaction_error(IoOp::WriteDatabase))?;
        }
        db.meta()
            .remove(META_IMPORT_PENDING)
            .map_err(Error::sled(IoOp::WriteDatabase))?;
        // Durable, without a new generation: an undo that sled rolls back
        // leaves the mark, and the next open undoes again, so no rollback
        // of it needs catching. And an undo often follows a failed fsync
        // of a chunk (the kernel dropped those pages: sled's log now has a
        // hole it will roll back to); a generation recorded past that hole
        // would make the vault unopenable after a power cut.
        db.make_durable()
    }

    /// After an open: an import a crash cut is undone; what a finished
    /// import left in `import_pending` is cleared.
    pub(crate) fn settle_import(&self) -> Result<(), Error> {
        let meta = self.db()?.meta();
        if meta
            .contains_key(META_IMPORT_PENDING)
            .map_err(Error::sled(IoOp::ReadDatabase))?
        {
            return self.undo_pending_import();
        }
        self.clear_pending_import()
    }

    fn clear_pending_import(&self) -> Result<(), Error> {
        let db = self.db()?;
        if db
            .sled()
            .tree_names()
            .iter()
            .any(|n| n == TREE_PENDING.as_bytes())
        {
            let pending = db
                .sled()
                .open_tree(TREE_PENDING)
                .map_err(Error::sled(IoOp::OpenDatabase))?;
            if !pending.is_empty() {
                pending.clear().map_err(Error::sled(IoOp::WriteDatabase))?;
            }
        }
        Ok(())
    }
}

/// An import of at least this many encounters ends with the database
/// rewritten (see [`Vault::after_import`]), if it is also at least
/// [`REWRITE_SHARE`] of the vault's encounters.
pub const REWRITE_AFTER_IMPORT: usize = 10_000;
/// ... a quarter: a rewrite copies the whole vault, which is worth it when
/// the import wrote a good part of it.
const REWRITE_SHARE: usize = 4;

/// What [`Vault::after_import`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterImport {
    /// Closed and opened again: sled recovered the import's log.
    Reopened,
    /// Copied afresh and swapped in (see `rewrite`).
    Rewritten,
}

impl Vault {
    /// Settles the files after a committed import (its `report`), where the person importing expects a wait. sled keeps
    /// what a large import replaced (its pages as they were before each
    /// insert, the undo tree) in its log until it happens to reclaim the
    /// space, and at every open it rewrites each free segment of the file:
    /// after a million encounters about 1.34 KB on disk per encounter and
    /// 0.2 s more at every open. A large import therefore ends with the
    /// database copied afresh (about 0.8 KB per encounter; 12 s at a
    /// million); a smaller one with a reopen, so that sled's recovery of
    /// the import's log is paid here rather than by the next command.
    ///
    /// The import is durable before this: should it fail, nothing is lost
    /// (a copy a crash interrupts is removed at the next open), and when
    /// the database could not be opened again every later call says so.
    pub fn after_import(&mut self, report: &ImportReport) -> Result<AfterImport, Error> {
        let imported = report.inserted + report.replaced;
        if imported >= REWRITE_AFTER_IMPORT {
            // Into a vault that was empty the import is the whole vault:
            // no count of its keys (a walk of every record, about 3 s of
            // CPU at a million).
            let total = if report.into_empty {
                imported
            } else {
                self.db()?.encounters().len()
            };
            if imported.saturating_mul(REWRITE_SHARE) >= total {
                self.rewrite()?;
                return Ok(AfterImport::Rewritten);
            }
        }
        self.reopen()?;
        Ok(AfterImport::Reopened)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::KdfParams;

    const PASS: &str = "paars konijn fietst langs de vaart";

    fn encounters(n: usize, seed: u64) -> Vec<Encounter> {
        crate::vault::demo_encounters(n, 4, seed, 300)
    }

    type State = (Vec<Encounter>, Vec<crate::IndexEntry>, usize);

    fn state(v: &Vault) -> State {
        let mut index = v.index().unwrap();
        index.sort_by_key(|e| e.brief.id);
        (
            v.load().unwrap().encounters,
            index,
            v.audit_log().unwrap().len(),
        )
    }

    /// 50 encounters; an import of 40 (8 of them edits) in chunks of 4, so
    /// that its index is written in parts of 4 segments.
    fn cut_after_the_index_parts(dir: &std::path::Path) -> (Vault, State) {
        let vault = Vault::create(dir, PASS, KdfParams::insecure_for_tests()).unwrap();
        let old = encounters(50, 1);
        vault.import(&old, false).unwrap();
        let before = state(&vault);
        let mut batch = encounters(32, 2);
        for e in &old[..8] {
            let mut edited = e.clone();
            edited.note = Some("Vervangen door de import.".into());
            batch.push(edited);
        }
        let mut import = vault.begin_import_in_chunks(true, 4);
        import.add_all(&batch).unwrap();
        let last = import.write_index_but_last().unwrap();
        assert!(!last.is_empty());
        let written = vault.index().unwrap().len();
        assert!(written > 50, "index parts were written: {written}");
        std::mem::forget(import);
        (vault, before)
    }

    #[test]
    fn an_import_cut_between_its_index_parts_is_undone_at_the_next_open() {
        let tmp = tempfile::tempdir().unwrap();
        let (vault, before) = cut_after_the_index_parts(tmp.path());
        drop(vault);
        let vault = Vault::open(tmp.path(), PASS).unwrap();
        assert!(state(&vault) == before, "the vault is as it was");
    }

    #[test]
    fn an_import_in_index_parts_leaves_every_entry_as_its_record_says() {
        let tmp = tempfile::tempdir().unwrap();
        let vault = Vault::create(tmp.path(), PASS, KdfParams::insecure_for_tests()).unwrap();
        let old = encounters(50, 1);
        vault.import(&old, false).unwrap();
        let mut batch = encounters(32, 2);
        for e in &old[..8] {
            let mut edited = e.clone();
            edited.date = edited.date.pred_opt().unwrap();
            edited.family = old[20].family.clone();
            batch.push(edited);
        }
        let mut import = vault.begin_import_in_chunks(true, 4);
        import.add_all(&batch).unwrap();
        assert_eq!(
            import.commit().unwrap(),
            ImportReport {
                inserted: 32,
                replaced: 8,
                into_empty: false,
            }
        );
        let plan = veerkracht_core::caseload::rows();
        let mut want: Vec<_> = vault
            .load()
            .unwrap()
            .encounters
            .iter()
            .map(|e| veerkracht_core::brief::Brief::of(e, &plan))
            .collect();
        want.sort_by_key(|b| b.id);
        let mut got: Vec<_> = vault
            .index()
            .unwrap()
            .into_iter()
            .map(|e| e.brief)
            .collect();
        got.sort_by_key(|b| b.id);
        assert_eq!(got.len(), 82);
        assert!(got == want, "the index says what the records say");
    }
}
