//! The index: for every encounter, what lists, filters, overviews and
//! exports need (a [`Brief`]: id, family, date, demo mark, codes as rows)
//! and how a release remembers it (its member hashes), so that none of
//! those has to decrypt notes and answers.
//!
//! Layout: the `index` tree holds a few thousand sealed segments; an
//! encounter's entry lives in the segment named by the first
//! [`SEGMENT_BITS`] bits of its storage key (a keyed hash: segments fill
//! evenly and their names say nothing). Reading the whole index is a few
//! thousand sled reads and large decryptions, not one per encounter.
//!
//! Kept exact: every change to the `encounters` tree (save, delete, delete
//! many, import, purge) changes the entries in the same sled transaction,
//! read-modify-write of the segments it touches. A vault without an index,
//! or with one made for another codebook, gets it rebuilt from the records
//! at open (`META_INDEX_PLAN` is written last); so does one whose segment
//! no longer opens.
//!
//! A segment's plain text is columnar (see `columns`): reading one fills a
//! few columns, with no allocation per entry, and a filter sees each entry
//! as a borrowed [`BriefRef`] before anything of it is copied.
//!
//! What an observer of the files sees: the number of segments and each
//! one's sealed size, which grows with the number of encounters in it.

use super::columns::{self, Columns};
use super::encounters::DamagedRecord;
use super::sealing;
use super::Vault;
use crate::crypto;
use crate::error::{Error, IoOp};
use serde::{Deserialize, Serialize};
use sled::transaction::{ConflictableTransactionResult, TransactionalTree};
use std::collections::BTreeMap;
use uuid::Uuid;
use veerkracht_core::brief::{Brief, BriefRef};
use veerkracht_core::{Encounter, FamilyCode};
use veerkracht_signals::disclosure::Member;

pub(crate) const TREE_INDEX: &str = "index";
/// In `meta`, plain: the plan the index was built with; absent while the
/// index is not complete.
pub(crate) const META_INDEX_PLAN: &[u8] = b"index_plan";
/// In `meta`, plain: set by a change that found a segment it could not
/// open; the next open rebuilds the index.
pub(crate) const META_INDEX_STALE: &[u8] = b"index_stale";
/// In `meta`, plain: the envelope every segment is written in (absent:
/// some may still be in envelope 1, converted at the next open).
pub(crate) const META_INDEX_ENVELOPE: &[u8] = b"index_envelope";

/// 2^15 segments: at a million encounters about 30 entries (~4.5 KB
/// sealed) each, so a save rewrites a few KB. sled keeps about 17
/// consecutive segments in one leaf, and a leaf over a quarter of sled's
/// segment goes to its blob folder, outside its log, where a power cut can
/// lose it (sled deletes the blob a page replaced before the replacing page
/// is synced). With sled's default segment (limit 128 KB) and 2^14, a new
/// demo vault of a million encounters had 4 such leaves (145–156 KB); with
/// 2^15 none, up to about 1.7 million. With this build's segments (limit
/// 1 MiB, see `database::SEGMENT_BYTES`) that is about 14 million. The cost:
/// commands at 100,000 encounters about 12% slower (`export` 0.29 s
/// instead of 0.26 s). Part of the plan tag: a vault indexed with another
/// number is rebuilt at its first open (a million: 18 s once).
const SEGMENT_BITS: u32 = 15;
/// Segments converted per sled batch (about 6 MB at a million encounters).
const CONVERT_BATCH: usize = 1024;

/// An encounter in the index, owned: what a change writes. Frozen: it is
/// also envelope 1's stored shape (see `columns`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct EntryV1 {
    pub(crate) key: [u8; 16],
    pub(crate) id: [u8; 16],
    /// A string in envelope 1's bytes (its serde form).
    pub(crate) family: FamilyCode,
    /// Days since 0001-01-01 (chrono's `num_days_from_ce`).
    pub(crate) date: i32,
    pub(crate) demo: bool,
    pub(crate) rows: Vec<u16>,
    pub(crate) member: [u8; 16],
}

/// What the index holds for one encounter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexEntry {
    pub brief: Brief,
    /// How a release remembers it (see [`Vault::member`]).
    pub member: Member,
}

/// The entries a change puts into one segment, and the keys it removes.
type SegmentChanges = (Vec<EntryV1>, Vec<[u8; 16]>);

/// Changes to the index made with one change to the records.
#[derive(Default)]
pub(crate) struct IndexChanges {
    by_segment: BTreeMap<[u8; 2], SegmentChanges>,
}

impl IndexChanges {
    pub(crate) fn upsert(&mut self, entry: EntryV1) {
        self.by_segment
            .entry(segment_of(&entry.key))
            .or_default()
            .0
            .push(entry);
    }

    pub(crate) fn remove(&mut self, key: [u8; 16]) {
        self.by_segment
            .entry(segment_of(&key))
            .or_default()
            .1
            .push(key);
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.by_segment.is_empty()
    }

    /// The number of segments changed.
    #[cfg(test)]
    pub(crate) fn segments(&self) -> usize {
        self.by_segment.len()
    }

    /// Takes the changes to the first `segments` segments out (`None`
    /// once nothing is left): a large change applied a part at a time.
    pub(crate) fn take_first(&mut self, segments: usize) -> Option<IndexChanges> {
        if self.by_segment.is_empty() {
            return None;
        }
        let rest = match self.by_segment.keys().nth(segments.max(1)) {
            Some(&name) => self.by_segment.split_off(&name),
            None => BTreeMap::new(),
        };
        Some(IndexChanges {
            by_segment: std::mem::replace(&mut self.by_segment, rest),
        })
    }
}

fn segment_of(key: &[u8]) -> [u8; 2] {
    let v = u16::from_be_bytes([key[0], key[1]]) >> (16 - SEGMENT_BITS);
    v.to_be_bytes()
}

/// The plan (codebook and its rows) and segmentation an index is built
/// with: rows mean nothing under another plan.
fn plan_tag() -> Vec<u8> {
    let plan = veerkracht_core::caseload::rows();
    // "member-v3": members hash what is counted (see `Vault::member`); an
    // index of older members is rebuilt at the first open.
    format!(
        "v1 {} {} {SEGMENT_BITS} member-v3",
        plan.codebook(),
        plan.len()
    )
    .into_bytes()
}

/// The whole index, decoded: one [`Columns`] per segment, read in place.
pub struct IndexSegments {
    segments: Vec<Columns>,
}

impl IndexSegments {
    /// Every entry as a borrowed brief and its member hashes, in no
    /// particular order.
    pub fn iter(&self) -> impl Iterator<Item = (BriefRef<'_>, Member)> + '_ {
        self.segments
            .iter()
            .flat_map(|c| (0..c.len()).map(move |i| (c.view(i), c.member(i))))
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.segments.iter().map(Columns::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Vault {
    /// The index entry of `e`, stored under `key`.
    pub(crate) fn index_entry(&self, key: &[u8; 16], e: &Encounter) -> EntryV1 {
        use chrono::Datelike;
        let rows = veerkracht_core::caseload::rows().encode(e).into_vec();
        let date = e.date.num_days_from_ce();
        let (a, b) = self.member_of(e.id.as_bytes(), date, e.demo, &rows, &e.family);
        let mut member = [0u8; 16];
        member[..8].copy_from_slice(&a);
        member[8..].copy_from_slice(&b);
        EntryV1 {
            key: *key,
            id: *e.id.as_bytes(),
            family: e.family.clone(),
            date,
            demo: e.demo,
            rows,
            member,
        }
    }

    fn open_plain(&self, name: &[u8], sealed: &[u8]) -> Option<Vec<u8>> {
        let aad = sealing::bound(TREE_INDEX, name);
        crypto::open(self.data_key(), sealed, &aad)
    }

    fn open_segment(&self, name: &[u8], sealed: &[u8]) -> Option<Columns> {
        Columns::decode(&self.open_plain(name, sealed)?)
    }

    fn seal_segment(&self, name: &[u8], entries: &[EntryV1]) -> Vec<u8> {
        let aad = sealing::bound(TREE_INDEX, name);
        crypto::seal(self.data_key(), &columns::encode(entries), &aad)
    }

    /// Applies `changes` inside a transaction over the `index` and `meta`
    /// trees (no IO: sled reads and CPU only, so it may run again). A
    /// segment that does not open is replaced by the changes alone and the
    /// index marked stale: the next open rebuilds it.
    pub(crate) fn apply_index(
        &self,
        index: &TransactionalTree,
        meta: &TransactionalTree,
        changes: &IndexChanges,
    ) -> ConflictableTransactionResult<(), ()> {
        for (name, (upserts, removes)) in &changes.by_segment {
            let (mut entries, opened) = match index.get(name)? {
                None => (Vec::new(), true),
                Some(sealed) => match self.open_segment(name, &sealed) {
                    Some(columns) => (columns.into_entries(), true),
                    None => {
                        meta.insert(META_INDEX_STALE, &[1u8][..])?;
                        (Vec::new(), false)
                    }
                },
            };
            // A segment the changes leave as it is is not written again
            // (an undone import whose index was never written: removes of
            // keys that are not there).
            if opened
                && !entries.iter().any(|e| removes.contains(&e.key))
                && upserts.iter().all(|u| entries.contains(u))
            {
                continue;
            }
            entries
                .retain(|e| !removes.contains(&e.key) && !upserts.iter().any(|u| u.key == e.key));
            entries.extend(upserts.iter().cloned());
            if entries.is_empty() {
                index.remove(&name[..])?;
            } else {
                entries.sort_unstable_by_key(|e| e.key);
                index.insert(&name[..], self.seal_segment(name, &entries))?;
            }
        }
        Ok(())
    }

    /// Rebuilds the index when it is missing, stale or made for another
    /// plan (an older vault, a restored older backup, a new codebook).
    /// Runs at open, before anything else writes.
    pub(crate) fn ensure_index(&self) -> Result<(), Error> {
        let meta = self.db()?.meta();
        let read = || Error::sled(IoOp::ReadDatabase);
        let current = meta.get(META_INDEX_PLAN).map_err(read())?;
        let stale = meta.contains_key(META_INDEX_STALE).map_err(read())?;
        if stale || current.as_deref() != Some(&plan_tag()[..]) {
            return self.rebuild_index();
        }
        let envelope = meta.get(META_INDEX_ENVELOPE).map_err(read())?;
        if envelope.as_deref() != Some(&[columns::ENVELOPE_V2][..]) {
            // Both envelopes read: a conversion that cannot write (a full
            // disk) must not keep the vault shut; it runs again next open.
            let _ = self.convert_index();
            // But what it wrote is made durable here or the open fails: a
            // failed fsync is never ignored (see `database`).
            self.make_durable()?;
        }
        Ok(())
    }

    /// Rewrites every segment still in envelope 1 in envelope 2 (a vault
    /// indexed before 2026-12-02): the entries are moved, no record is
    /// read. Batches of [`CONVERT_BATCH`] segments (memory stays bounded),
    /// then the mark: a crash before the mark leaves segments of both
    /// envelopes, each readable, converted again at the next open. A
    /// segment that does not open marks the index stale (rebuilt from the
    /// records before it is read). The caller makes it durable.
    fn convert_index(&self) -> Result<(), Error> {
        let db = self.db()?;
        let write = || Error::sled(IoOp::WriteDatabase);
        let mut batch = sled::Batch::default();
        let mut in_batch = 0;
        for item in db.index().iter() {
            let (name, sealed) = item.map_err(Error::sled(IoOp::ReadDatabase))?;
            let plain = self.open_plain(&name, &sealed);
            if plain.as_deref().and_then(Columns::envelope) == Some(columns::ENVELOPE_V2) {
                continue;
            }
            let Some(columns) = plain.as_deref().and_then(Columns::decode) else {
                // Rebuilt from the records before the index is next read.
                db.meta()
                    .insert(META_INDEX_STALE, &[1u8][..])
                    .map_err(write())?;
                return Ok(());
            };
            batch.insert(
                name.clone(),
                self.seal_segment(&name, &columns.into_entries()),
            );
            in_batch += 1;
            if in_batch == CONVERT_BATCH {
                db.index()
                    .apply_batch(std::mem::take(&mut batch))
                    .map_err(write())?;
                in_batch = 0;
            }
        }
        db.index().apply_batch(batch).map_err(write())?;
        db.meta()
            .insert(META_INDEX_ENVELOPE, &[columns::ENVELOPE_V2][..])
            .map_err(write())?;
        Ok(())
    }

    /// Builds the index afresh from the records. Derived data: the plan
    /// tag is written only once every segment is, so a crash half-way is
    /// rebuilt again at the next open.
    pub(crate) fn rebuild_index(&self) -> Result<(), Error> {
        let db = self.db()?;
        let write = || Error::sled(IoOp::WriteDatabase);
        db.meta().remove(META_INDEX_PLAN).map_err(write())?;
        let (entries, damaged) = self.load_raw(|key, e| {
            let key: [u8; 16] = key.try_into().ok()?;
            Some(self.index_entry(&key, &e))
        })?;
        *self.unindexed.lock().unwrap_or_else(|p| p.into_inner()) = damaged;
        let mut segments: BTreeMap<[u8; 2], Vec<EntryV1>> = BTreeMap::new();
        for entry in entries.into_iter().flatten() {
            segments
                .entry(segment_of(&entry.key))
                .or_default()
                .push(entry);
        }
        let tree = db.index();
        tree.clear().map_err(write())?;
        // Batches of [`CONVERT_BATCH`] segments, as the conversion writes
        // them, not one batch of every segment (140 MB at a million
        // encounters, held whole in memory; a one-batch rebuild at a
        // million left two 16 MB files in sled's blob folder, outside its
        // log, where a power cut can lose them).
        let mut batch = sled::Batch::default();
        let mut in_batch = 0;
        for (name, mut entries) in segments {
            entries.sort_unstable_by_key(|e| e.key);
            batch.insert(&name[..], self.seal_segment(&name, &entries));
            in_batch += 1;
            if in_batch == CONVERT_BATCH {
                tree.apply_batch(std::mem::take(&mut batch))
                    .map_err(write())?;
                in_batch = 0;
            }
        }
        tree.apply_batch(batch).map_err(write())?;
        let mut meta = sled::Batch::default();
        meta.remove(META_INDEX_STALE);
        meta.insert(META_INDEX_ENVELOPE, &[columns::ENVELOPE_V2][..]);
        meta.insert(META_INDEX_PLAN, plan_tag());
        db.meta().apply_batch(meta).map_err(write())?;
        self.make_durable()
    }

    /// Every encounter in the index, in `(date, id)` order. Reads the
    /// segments (decrypted on every core), never a record. Should a
    /// segment not open, the index is rebuilt from the records first.
    pub fn index(&self) -> Result<Vec<IndexEntry>, Error> {
        self.index_where(|_| true)
    }

    /// The entries of the index whose brief `keep` accepts, sorted by date
    /// and id. The test runs on every core as the segments are decoded, on
    /// each entry borrowed, so a command that needs a few encounters of a
    /// million (one family, one id prefix) copies only those.
    pub fn index_where(
        &self,
        keep: impl Fn(BriefRef<'_>) -> bool + Sync,
    ) -> Result<Vec<IndexEntry>, Error> {
        let segments = self.read_segments(|c| {
            (0..c.len())
                .filter(|&i| keep(c.view(i)))
                .map(|i| IndexEntry {
                    brief: c.view(i).to_brief(),
                    member: c.member(i),
                })
                .collect::<Vec<_>>()
        })?;
        let mut all = Vec::with_capacity(segments.iter().map(Vec::len).sum());
        for entries in segments {
            all.extend(entries);
        }
        veerkracht_core::brief::sort_by_date_and_id(&mut all, |e| e.brief.sort_key());
        Ok(all)
    }

    /// Every entry of the index folded into one accumulator per core
    /// (made by `init`), segment by segment; the accumulators come back in
    /// no order, and nothing of the index is kept but what `f` keeps: for
    /// answers much smaller than the index (every family's summary).
    /// Should a segment not open, the index is rebuilt from the records
    /// and folded again.
    pub fn fold_index<A: Send>(
        &self,
        init: impl Fn() -> A + Sync,
        f: impl Fn(&mut A, BriefRef<'_>) + Sync,
    ) -> Result<Vec<A>, Error> {
        self.fold_segments(init, |acc, c| (0..c.len()).for_each(|i| f(acc, c.view(i))))
    }

    /// Every encounter's brief, in `(date, id)` order (the caseload of an
    /// unlocked session).
    pub(crate) fn briefs(&self) -> Result<Vec<Brief>, Error> {
        let segments = self.read_segments(|c| {
            (0..c.len())
                .map(|i| c.view(i).to_brief())
                .collect::<Vec<_>>()
        })?;
        Ok(veerkracht_core::brief::join_by_date_and_id(
            segments,
            Brief::sort_key,
        ))
    }

    /// The whole index, decoded but not copied into briefs: for a question
    /// over every encounter (an export) that only reads them.
    pub fn index_segments(&self) -> Result<IndexSegments, Error> {
        Ok(IndexSegments {
            segments: self.read_segments(|c| c)?,
        })
    }

    /// `f` of every segment, decoded on every core.
    fn read_segments<T: Send>(&self, f: impl Fn(Columns) -> T + Sync) -> Result<Vec<T>, Error> {
        let parts = self.fold_segments(Vec::new, |out, c| out.push(f(c)))?;
        let mut all = Vec::with_capacity(parts.iter().map(Vec::len).sum());
        for part in parts {
            all.extend(part);
        }
        Ok(all)
    }

    /// Every segment, decoded on every core, folded into one accumulator
    /// per core (made by `init`). A change that found a damaged segment
    /// marked the index stale: it is rebuilt before it is read, not only at
    /// the next open; so is one with a segment that does not open now (and
    /// the fold starts again).
    fn fold_segments<A: Send>(
        &self,
        init: impl Fn() -> A + Sync,
        f: impl Fn(&mut A, Columns) + Sync,
    ) -> Result<Vec<A>, Error> {
        if self
            .db()?
            .meta()
            .contains_key(META_INDEX_STALE)
            .map_err(Error::sled(IoOp::ReadDatabase))?
        {
            self.rebuild_index()?;
        }
        let fold = |vault: &Vault| -> Result<Option<Vec<A>>, Error> {
            let parts = super::parallel::fold_tree(
                vault.db()?.index(),
                64,
                || (init(), true),
                |(acc, whole), name, value| {
                    if !*whole {
                        return;
                    }
                    match vault.open_segment(name, value) {
                        Some(c) => f(acc, c),
                        None => *whole = false,
                    }
                },
            )?;
            Ok(parts
                .into_iter()
                .map(|(acc, whole)| whole.then_some(acc))
                .collect())
        };
        match fold(self)? {
            Some(parts) => Ok(parts),
            None => {
                self.rebuild_index()?;
                fold(self)?.ok_or(Error::db(crate::error::DbDamage::IndexKeyUnreadable))
            }
        }
    }

    /// The records the index has no brief of because the last rebuild
    /// could not read them (this open; empty when the index was whole).
    pub fn unindexed(&self) -> Vec<DamagedRecord> {
        self.unindexed
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// The encounters with these ids that exist, decrypted on every core,
    /// and those of them that could not be read.
    pub fn get_many(&self, ids: &[Uuid]) -> Result<(Vec<Encounter>, Vec<DamagedRecord>), Error> {
        let tree = self.db()?.encounters();
        let mut sealed = Vec::with_capacity(ids.len());
        for id in ids {
            let key = self.storage_key(id);
            if let Some(v) = tree.get(key).map_err(Error::sled(IoOp::ReadDatabase))? {
                sealed.push((key, v));
            }
        }
        let opened = veerkracht_core::rows::par_map(&sealed, 256, |(k, v)| {
            self.open_encounter(k, v).map_err(|reason| DamagedRecord {
                key: hex::encode(k),
                reason,
            })
        });
        let mut found = Vec::with_capacity(sealed.len());
        let mut damaged = Vec::new();
        for r in opened {
            match r {
                Ok(e) => found.push(e),
                Err(d) => damaged.push(d),
            }
        }
        Ok((found, damaged))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::KdfParams;

    #[test]
    fn changes_are_taken_a_few_segments_at_a_time_and_none_lost() {
        let mut changes = IndexChanges::default();
        for i in 0..10u8 {
            for j in 0..3u8 {
                let mut key = [0u8; 16];
                key[0] = i;
                key[15] = j;
                changes.remove(key);
            }
        }
        let whole = changes.by_segment.clone();
        let mut sizes = Vec::new();
        let mut again = BTreeMap::new();
        while let Some(part) = changes.take_first(4) {
            sizes.push(part.segments());
            again.extend(part.by_segment);
        }
        assert_eq!(sizes, [4, 4, 2]);
        assert!(again == whole);
        assert!(changes.take_first(4).is_none());
    }

    fn envelopes(vault: &Vault) -> Vec<u8> {
        let db = vault.db().unwrap();
        db.index()
            .iter()
            .map(|item| {
                let (name, sealed) = item.unwrap();
                Columns::envelope(&vault.open_plain(&name, &sealed).unwrap()).unwrap()
            })
            .collect()
    }

    /// A new vault holding `n` demo encounters of about `n / 8` families.
    fn demo_vault(dir: &std::path::Path, pass: &str, n: usize, seed: u64) -> Vault {
        let vault = Vault::create(dir, pass, KdfParams::insecure_for_tests()).unwrap();
        let all = crate::vault::demo_encounters(n, 8, seed, 400);
        for e in &all {
            vault.save(e).unwrap();
        }
        vault
    }

    /// After sled rebuilt a database from its log alone, a record the
    /// index names but the database lacks means the log lost writes: the
    /// check refuses the vault rather than open it with records missing.
    #[test]
    fn a_record_missing_after_a_rebuild_from_the_log_refuses_the_vault() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("vault");
        let vault = demo_vault(&dir, "een log zonder momentopname", 20, 3);
        vault.check_records_against_index().unwrap();
        let db = vault.db().unwrap();
        let (key, _) = db.encounters().iter().next().unwrap().unwrap();
        db.encounters().remove(key).unwrap();
        assert!(matches!(
            vault.check_records_against_index(),
            Err(Error::DamagedDatabase {
                cause: crate::error::DbDamage::LogIncomplete,
                ..
            })
        ));
    }

    /// A vault indexed before the columnar segments (envelope 1) reads the
    /// same, and its first open rewrites every segment in envelope 2
    /// without a rebuild from the records.
    #[test]
    fn an_index_of_envelope_1_is_converted_at_open() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("vault");
        const PASS: &str = "oude segmenten worden nieuw bij het openen";
        let vault = demo_vault(&dir, PASS, 300, 3);
        let before = vault.index().unwrap();
        assert_eq!(before.len(), 300);
        // Rewrite every segment as the previous version wrote it.
        let db = vault.db().unwrap();
        for item in db.index().iter() {
            let (name, sealed) = item.unwrap();
            let entries = vault.open_segment(&name, &sealed).unwrap().into_entries();
            let mut plain = vec![columns::ENVELOPE_V1];
            plain.extend(postcard::to_allocvec(&entries).unwrap());
            let aad = sealing::bound(TREE_INDEX, &name);
            db.index()
                .insert(&name, crypto::seal(vault.data_key(), &plain, &aad))
                .unwrap();
        }
        db.meta().remove(META_INDEX_ENVELOPE).unwrap();
        // A record that no longer opens: a rebuild from the records would
        // leave it out of the index, a conversion keeps its entry.
        let (key, _) = db.encounters().iter().next().unwrap().unwrap();
        db.encounters().insert(key, &b"damaged"[..]).unwrap();
        vault.make_durable().unwrap();
        assert!(envelopes(&vault).iter().all(|&v| v == columns::ENVELOPE_V1));
        // Still read as they are, then converted by the next open.
        assert_eq!(vault.index().unwrap(), before);
        drop(vault);
        let vault = Vault::open(&dir, PASS).unwrap();
        assert!(envelopes(&vault).iter().all(|&v| v == columns::ENVELOPE_V2));
        let after = vault.index().unwrap();
        assert_eq!(after.len(), before.len(), "converted, not rebuilt");
        assert!(after == before);
        assert!(vault.unindexed().is_empty(), "converted, not rebuilt");
        let db = vault.db().unwrap();
        assert_eq!(
            db.meta().get(META_INDEX_ENVELOPE).unwrap().as_deref(),
            Some(&[columns::ENVELOPE_V2][..])
        );
    }

    /// A segment that no longer opens, found while converting: the vault
    /// still opens, and the index is rebuilt from the records before it is
    /// read.
    #[test]
    fn a_damaged_segment_found_while_converting_gets_the_index_rebuilt() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("vault");
        const PASS: &str = "een kapot segment bij het omzetten";
        let vault = demo_vault(&dir, PASS, 120, 4);
        let before = vault.index().unwrap();
        let db = vault.db().unwrap();
        let (name, _) = db.index().iter().next().unwrap().unwrap();
        db.index()
            .insert(name, &b"not a sealed segment"[..])
            .unwrap();
        db.meta().remove(META_INDEX_ENVELOPE).unwrap();
        vault.make_durable().unwrap();
        drop(vault);
        let vault = Vault::open(&dir, PASS).unwrap();
        assert_eq!(vault.index().unwrap(), before);
        assert!(envelopes(&vault).iter().all(|&v| v == columns::ENVELOPE_V2));
    }
}
