//! Import: many encounters at once, all or nothing, with its audit entry
//! in the same transaction.

use super::encounters::AuditNote;
use super::index::IndexChanges;
use super::{transaction_error, Vault};
use crate::error::{Error, IoOp};
use sled::Transactional;
use std::collections::HashSet;
use uuid::Uuid;
use veerkracht_core::audit::Action;
use veerkracht_core::Encounter;

/// What an import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportReport {
    pub inserted: usize,
    pub replaced: usize,
}

/// An import being put together; see [`Vault::begin_import`].
pub struct ImportBatch<'v> {
    vault: &'v Vault,
    seen: HashSet<Uuid>,
    existing: Vec<Uuid>,
    batch: sled::Batch,
    index: IndexChanges,
    count: usize,
    demo: bool,
}

impl ImportBatch<'_> {
    /// Seals one encounter into the batch.
    pub fn add(&mut self, e: &Encounter) -> Result<(), Error> {
        if !self.seen.insert(e.id) {
            return Err(Error::DuplicateIds { ids: vec![e.id] });
        }
        let v = self.vault;
        let key = v.storage_key(&e.id);
        if v.db()?
            .encounters()
            .contains_key(key)
            .map_err(Error::sled(IoOp::ReadDatabase))?
        {
            self.existing.push(e.id);
        }
        self.batch.insert(&key[..], v.seal_encounter(&key, e));
        self.index.upsert(v.index_entry(&key, e));
        self.count += 1;
        self.demo &= e.demo;
        Ok(())
    }

    /// Writes the batch atomically with its audit entry; durable on return.
    pub fn commit(self, replace: bool) -> Result<ImportReport, Error> {
        self.commit_with_audit(replace, &[])
    }

    /// Like [`ImportBatch::commit`], with more audit entries (such as
    /// confirmed scanner findings) in the same transaction.
    pub fn commit_with_audit(
        self,
        replace: bool,
        extra: &[AuditNote],
    ) -> Result<ImportReport, Error> {
        if !self.existing.is_empty() && !replace {
            return Err(Error::DuplicateIds { ids: self.existing });
        }
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
        let batch = self.batch;
        let index_changes = self.index;
        (db.encounters(), db.audit(), db.index(), db.meta())
            .transaction(|(enc, audit, index, meta)| {
                enc.apply_batch(&batch)?;
                v.apply_index(index, meta, &index_changes)?;
                for (key, value) in &entries {
                    audit.insert(&key[..], value.clone())?;
                }
                Ok(())
            })
            .map_err(transaction_error(IoOp::WriteDatabase))?;
        v.make_durable()?;
        Ok(ImportReport {
            inserted: self.count - self.existing.len(),
            replaced: self.existing.len(),
        })
    }
}

impl Vault {
    /// Stores many encounters at once, all or nothing (one transaction).
    /// Ids already in the vault are refused unless `replace` is set; an id
    /// given twice is refused (the second would silently win).
    pub fn import(&self, encounters: &[Encounter], replace: bool) -> Result<ImportReport, Error> {
        let mut batch = self.begin_import();
        for e in encounters {
            batch.add(e)?;
        }
        batch.commit(replace)
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
    /// a large file never holds every encounter: only sealed records (a
    /// few hundred bytes each) wait for the batch. Nothing is written until
    /// [`ImportBatch::commit`]; dropping the batch writes nothing.
    pub fn begin_import(&self) -> ImportBatch<'_> {
        ImportBatch {
            vault: self,
            seen: HashSet::new(),
            existing: Vec::new(),
            batch: sled::Batch::default(),
            index: IndexChanges::default(),
            count: 0,
            demo: true,
        }
    }
}
