//! Encounters: save (with its audit entries, in one transaction), get,
//! delete, and load (all of them, decrypted on every core).

use super::database::TREE_ENCOUNTERS;
use super::index::IndexChanges;
use super::{transaction_error, Vault};
use crate::crypto;
use crate::error::{Error, IoOp, RecordDamage, RecordKind};
use crate::record;
use sled::Transactional;
use uuid::Uuid;
use veerkracht_core::audit::Action;
use veerkracht_core::caseload::Caseload;
use veerkracht_core::Encounter;

/// A record that could not be read back. The others still are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DamagedRecord {
    /// The storage key, hex: the only handle on a record we cannot decrypt.
    pub key: String,
    pub reason: RecordDamage,
}

/// Each encounter's id and note (see [`Vault::notes`]).
pub type Notes = Vec<(Uuid, String)>;

/// Everything readable in the vault, and what was not.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Sorted by `(date, id)`.
    pub encounters: Vec<Encounter>,
    pub damaged: Vec<DamagedRecord>,
}

/// An audit entry to write with a change: action, count, detail (never
/// content: for a confirmed scanner finding, its kind).
pub type AuditNote = (Action, u64, String);

fn aad(key: &[u8]) -> Vec<u8> {
    super::sealing::bound(TREE_ENCOUNTERS, key)
}

impl Vault {
    /// The sealed record of `e` under `key` and its index entry.
    pub(crate) fn seal_with_entry(
        &self,
        key: &[u8; 16],
        e: &Encounter,
    ) -> (Vec<u8>, super::index::EntryV1) {
        let content = record::encode(e);
        let entry = self.index_entry(key, e);
        (crypto::seal(self.data_key(), &content, &aad(key)), entry)
    }

    pub(crate) fn open_encounter(
        &self,
        key: &[u8],
        sealed: &[u8],
    ) -> Result<Encounter, RecordDamage> {
        let plain =
            crypto::open(self.data_key(), sealed, &aad(key)).ok_or(RecordDamage::Undecryptable)?;
        record::decode(&plain)
    }

    /// Saves (creates or replaces) one encounter, with its audit entry in
    /// the same transaction. Returns once it is durable: the caller may then
    /// tell the user it is saved. Returns whether it was new.
    pub fn save(&self, e: &Encounter) -> Result<bool, Error> {
        self.save_with_audit(e, &[])
    }

    /// Like [`Vault::save`], with more audit entries (such as one
    /// `ConfirmedNotIdentifying` per scanner finding the worker confirmed,
    /// detail = the finding's kind) in the same transaction and the same
    /// durable step: a save is never on disk without its entries, nor the
    /// entries without the save.
    pub fn save_with_audit(&self, e: &Encounter, extra: &[AuditNote]) -> Result<bool, Error> {
        let db = self.db()?;
        let key = self.storage_key(&e.id);
        let (sealed, entry) = self.seal_with_entry(&key, e);
        let mut keys = self.reserve_audit_keys(1 + extra.len());
        let first = keys.next().expect("one key at least");
        let created_entry =
            super::audit::seal_entry(self.data_key(), first, Action::Created, 1, "");
        let edited_entry = super::audit::seal_entry(self.data_key(), first, Action::Edited, 1, "");
        let extra: Vec<([u8; 8], Vec<u8>)> = keys
            .zip(extra)
            .map(|(k, (action, count, detail))| {
                (
                    k,
                    super::audit::seal_entry(self.data_key(), k, *action, *count, detail),
                )
            })
            .collect();
        let mut changes = IndexChanges::default();
        changes.upsert(entry);
        // No IO in the closure: it may run more than once.
        let created = (db.encounters(), db.audit(), db.index(), db.meta())
            .transaction(|(enc, audit, index, meta)| {
                self.apply_index(index, meta, &changes)?;
                let previous = enc.insert(&key[..], sealed.clone())?;
                let entry = if previous.is_none() {
                    &created_entry
                } else {
                    &edited_entry
                };
                audit.insert(&first[..], entry.clone())?;
                for (k, v) in &extra {
                    audit.insert(&k[..], v.clone())?;
                }
                Ok(previous.is_none())
            })
            .map_err(transaction_error(IoOp::WriteDatabase))?;
        self.make_durable()?;
        Ok(created)
    }

    /// Reads one encounter.
    pub fn get(&self, id: &Uuid) -> Result<Option<Encounter>, Error> {
        let key = self.storage_key(id);
        match self
            .db()?
            .encounters()
            .get(key)
            .map_err(Error::sled(IoOp::ReadDatabase))?
        {
            None => Ok(None),
            Some(sealed) => self
                .open_encounter(&key, &sealed)
                .map(Some)
                .map_err(|reason| Error::DamagedRecord {
                    kind: RecordKind::Encounter,
                    key: hex::encode(key),
                    reason,
                }),
        }
    }

    pub fn contains(&self, id: &Uuid) -> Result<bool, Error> {
        self.db()?
            .encounters()
            .contains_key(self.storage_key(id))
            .map_err(Error::sled(IoOp::ReadDatabase))
    }

    /// Deletes one encounter, with its audit entry in the same transaction;
    /// durable on return. Returns whether it existed.
    pub fn delete(&self, id: &Uuid) -> Result<bool, Error> {
        let db = self.db()?;
        let key = self.storage_key(id);
        let (audit_key, entry) = self.audit_entry(Action::Deleted, 1, "");
        let mut changes = IndexChanges::default();
        changes.remove(key);
        let existed = (db.encounters(), db.audit(), db.index(), db.meta())
            .transaction(|(enc, audit, index, meta)| {
                let existed = enc.remove(&key[..])?.is_some();
                if existed {
                    audit.insert(&audit_key[..], entry.clone())?;
                    self.apply_index(index, meta, &changes)?;
                }
                Ok(existed)
            })
            .map_err(transaction_error(IoOp::WriteDatabase))?;
        self.make_durable()?;
        Ok(existed)
    }

    /// Reads every encounter. A record that cannot be read is reported in
    /// `damaged` and does not stop the others.
    pub fn load(&self) -> Result<Loaded, Error> {
        let (mut encounters, damaged) = self.load_raw(|_, e| e)?;
        encounters.sort_unstable_by_key(Encounter::sort_key);
        Ok(Loaded {
            encounters,
            damaged,
        })
    }

    /// Every encounter's note (those with one), for a text search: each
    /// record is decrypted and dropped but for its note.
    pub fn notes(&self) -> Result<(Notes, Vec<DamagedRecord>), Error> {
        let (found, damaged) = self.load_raw(|_, e| e.note.map(|n| (e.id, n)))?;
        Ok((found.into_iter().flatten().collect(), damaged))
    }

    /// The caseload from the index: one brief per encounter, no record
    /// decrypted. This is what unlocking costs.
    pub fn caseload(&self) -> Result<Caseload, Error> {
        Ok(Caseload::from_briefs(self.briefs()?))
    }

    /// Every record decoded on every core (see `parallel`), `f` of each
    /// that opens, and those that do not.
    pub(crate) fn load_raw<T: Send>(
        &self,
        f: impl Fn(&[u8], Encounter) -> T + Sync,
    ) -> Result<(Vec<T>, Vec<DamagedRecord>), Error> {
        let read =
            super::parallel::map_tree(self.db()?.encounters(), 2048, |key, value| {
                match self.open_encounter(key, value) {
                    Ok(e) => Ok(f(key, e)),
                    Err(reason) => Err(DamagedRecord {
                        key: hex::encode(key),
                        reason,
                    }),
                }
            })?;
        let mut items = Vec::with_capacity(read.len());
        let mut damaged = Vec::new();
        for r in read {
            match r {
                Ok(item) => items.push(item),
                Err(d) => damaged.push(d),
            }
        }
        Ok((items, damaged))
    }
}
