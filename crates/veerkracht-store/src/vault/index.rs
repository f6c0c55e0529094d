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
//! What an observer of the files sees: the number of segments and each
//! one's sealed size, which grows with the number of encounters in it.

use super::encounters::DamagedRecord;
use super::sealing;
use super::Vault;
use crate::crypto;
use crate::error::{Error, IoOp};
use serde::{Deserialize, Serialize};
use sled::transaction::{ConflictableTransactionResult, TransactionalTree};
use std::collections::BTreeMap;
use uuid::Uuid;
use veerkracht_core::brief::Brief;
use veerkracht_core::{Encounter, FamilyCode};
use veerkracht_signals::disclosure::Member;

pub(crate) const TREE_INDEX: &str = "index";
/// In `meta`, plain: the plan the index was built with; absent while the
/// index is not complete.
pub(crate) const META_INDEX_PLAN: &[u8] = b"index_plan";
/// In `meta`, plain: set by a change that found a segment it could not
/// open; the next open rebuilds the index.
pub(crate) const META_INDEX_STALE: &[u8] = b"index_stale";

/// 2^14 segments: at a million encounters about 60 entries (~6 KB) each,
/// so a save rewrites a few KB; at ten thousand, fewer than one each.
const SEGMENT_BITS: u32 = 14;
const ENVELOPE_V1: u8 = 1;

/// An encounter in the index (frozen: the stored shape).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct EntryV1 {
    key: [u8; 16],
    id: [u8; 16],
    family: String,
    /// Days since 0001-01-01 (chrono's `num_days_from_ce`).
    date: i32,
    demo: bool,
    rows: Vec<u16>,
    member: [u8; 16],
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
}

fn segment_of(key: &[u8]) -> [u8; 2] {
    let v = u16::from_be_bytes([key[0], key[1]]) >> (16 - SEGMENT_BITS);
    v.to_be_bytes()
}

/// The plan (codebook and its rows) and segmentation an index is built
/// with: rows mean nothing under another plan.
fn plan_tag() -> Vec<u8> {
    let plan = veerkracht_core::caseload::rows();
    format!("v1 {} {} {SEGMENT_BITS}", plan.codebook(), plan.len()).into_bytes()
}

fn decode_entries(plain: &[u8]) -> Option<Vec<EntryV1>> {
    let (&version, body) = plain.split_first()?;
    if version != ENVELOPE_V1 {
        return None;
    }
    postcard::from_bytes(body).ok()
}

fn encode_entries(entries: &[EntryV1]) -> Vec<u8> {
    let mut out = vec![ENVELOPE_V1];
    out.extend(postcard::to_allocvec(entries).expect("plain data serialises"));
    out
}

impl EntryV1 {
    /// The entry as the domain knows it (its strings and rows moved, not
    /// copied: a million of them are read at every unlock).
    fn into_public(self) -> Option<IndexEntry> {
        let date = chrono::NaiveDate::from_num_days_from_ce_opt(self.date)?;
        let family = FamilyCode::parse_owned(self.family).ok()?;
        Some(IndexEntry {
            brief: Brief {
                id: Uuid::from_bytes(self.id),
                family,
                date,
                demo: self.demo,
                rows: self.rows.into_boxed_slice(),
            },
            member: (
                self.member[..8].try_into().expect("8 bytes"),
                self.member[8..].try_into().expect("8 bytes"),
            ),
        })
    }
}

impl Vault {
    /// The index entry of `e`, stored under `key`.
    pub(crate) fn index_entry(&self, key: &[u8; 16], e: &Encounter) -> EntryV1 {
        use chrono::Datelike;
        let (a, b) = self.member(e);
        let mut member = [0u8; 16];
        member[..8].copy_from_slice(&a);
        member[8..].copy_from_slice(&b);
        EntryV1 {
            key: *key,
            id: *e.id.as_bytes(),
            family: e.family.as_str().to_string(),
            date: e.date.num_days_from_ce(),
            demo: e.demo,
            rows: veerkracht_core::caseload::rows().encode(e).into_vec(),
            member,
        }
    }

    fn open_segment(&self, name: &[u8], sealed: &[u8]) -> Option<Vec<EntryV1>> {
        let aad = sealing::bound(TREE_INDEX, name);
        decode_entries(&crypto::open(self.data_key(), sealed, &aad)?)
    }

    fn seal_segment(&self, name: &[u8], entries: &[EntryV1]) -> Vec<u8> {
        let aad = sealing::bound(TREE_INDEX, name);
        crypto::seal(self.data_key(), &encode_entries(entries), &aad)
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
            let mut entries = match index.get(name)? {
                None => Vec::new(),
                Some(sealed) => match self.open_segment(name, &sealed) {
                    Some(entries) => entries,
                    None => {
                        meta.insert(META_INDEX_STALE, &[1u8][..])?;
                        Vec::new()
                    }
                },
            };
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
        if !stale && current.as_deref() == Some(&plan_tag()[..]) {
            return Ok(());
        }
        self.rebuild_index()
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
        let mut batch = sled::Batch::default();
        for (name, mut entries) in segments {
            entries.sort_unstable_by_key(|e| e.key);
            batch.insert(&name[..], self.seal_segment(&name, &entries));
        }
        tree.apply_batch(batch).map_err(write())?;
        let mut meta = sled::Batch::default();
        meta.remove(META_INDEX_STALE);
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
    /// and id. The test runs on every core as the segments are decoded, so
    /// a command that needs a few encounters of a million (one family, one
    /// id prefix) never holds the others.
    pub fn index_where(
        &self,
        keep: impl Fn(&Brief) -> bool + Sync,
    ) -> Result<Vec<IndexEntry>, Error> {
        // A change that found a damaged segment marked the index stale:
        // rebuilt before it is read, not only at the next open.
        if self
            .db()?
            .meta()
            .contains_key(META_INDEX_STALE)
            .map_err(Error::sled(IoOp::ReadDatabase))?
        {
            self.rebuild_index()?;
        }
        match self.read_index(&keep)? {
            Some(entries) => Ok(entries),
            None => {
                self.rebuild_index()?;
                self.read_index(&keep)?
                    .ok_or(Error::db(crate::error::DbDamage::IndexKeyUnreadable))
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

    fn read_index(
        &self,
        keep: &(impl Fn(&Brief) -> bool + Sync),
    ) -> Result<Option<Vec<IndexEntry>>, Error> {
        let segments = super::parallel::map_tree(self.db()?.index(), 64, |name, value| {
            let mut kept = Vec::new();
            for e in self.open_segment(name, value)? {
                let e = e.into_public()?;
                if keep(&e.brief) {
                    kept.push(e);
                }
            }
            Some(kept)
        })?;
        let mut all = Vec::with_capacity(segments.iter().flatten().map(Vec::len).sum());
        for segment in segments {
            let Some(entries) = segment else {
                return Ok(None);
            };
            all.extend(entries);
        }
        all.sort_unstable_by_key(|e| e.brief.sort_key());
        Ok(Some(all))
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
        let threads = veerkracht_core::rows::threads();
        let chunk = sealed.len().div_ceil(threads).max(256);
        let parts: Vec<_> = std::thread::scope(|s| {
            let handles: Vec<_> = sealed
                .chunks(chunk)
                .map(|part| {
                    s.spawn(move || {
                        let mut found = Vec::with_capacity(part.len());
                        let mut damaged = Vec::new();
                        for (k, v) in part {
                            match self.open_encounter(k, v) {
                                Ok(e) => found.push(e),
                                Err(reason) => damaged.push(DamagedRecord {
                                    key: hex::encode(k),
                                    reason,
                                }),
                            }
                        }
                        (found, damaged)
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("decoding does not panic"))
                .collect()
        });
        let mut found = Vec::with_capacity(sealed.len());
        let mut damaged = Vec::new();
        for (f, d) in parts {
            found.extend(f);
            damaged.extend(d);
        }
        Ok((found, damaged))
    }
}
