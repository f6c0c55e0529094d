//! The retention purge: encounters dated before a cutoff go, the database
//! is rewritten so that their sealed bytes leave the files too, and every
//! automatic backup is replaced by one of the purged vault (an older
//! restore point would bring the purged records back).

use super::database::{META_BACKUPS_STALE, META_REWRITE_PENDING};
use super::{transaction_error, Vault};
use crate::error::{Error, IoOp};
use sled::Transactional;
use veerkracht_core::audit::Action;
use veerkracht_core::Encounter;

impl Vault {
    /// Deletes every encounter dated before `cutoff`, then rewrites the
    /// database so that their (sealed) bytes leave the files too. The
    /// deletions, their audit entry (with the count) and the "rewrite
    /// pending" and "backups stale" marks are one transaction; should a
    /// crash stop the rewrite or the replacement of the automatic backups,
    /// the next open finishes them. Returns how many were deleted.
    pub fn purge_before(&mut self, cutoff: chrono::NaiveDate) -> Result<usize, Error> {
        let loaded = self.load()?;
        let old: Vec<&Encounter> = loaded
            .encounters
            .iter()
            .filter(|e| e.date < cutoff)
            .collect();
        if old.is_empty() {
            return Ok(0);
        }
        let db = self.db()?;
        let mut batch = sled::Batch::default();
        for e in &old {
            batch.remove(&self.storage_key(&e.id)[..]);
        }
        let (key, entry) = self.audit_entry(Action::Purged, old.len() as u64, &cutoff.to_string());
        (db.encounters(), db.audit(), db.meta())
            .transaction(|(enc, audit, meta)| {
                enc.apply_batch(&batch)?;
                audit.insert(&key[..], entry.clone())?;
                meta.insert(META_REWRITE_PENDING, &[1u8][..])?;
                meta.insert(META_BACKUPS_STALE, &[1u8][..])?;
                Ok(())
            })
            .map_err(transaction_error(IoOp::WriteDatabase))?;
        self.make_durable()?;
        self.rewrite()?;
        self.replace_automatic_backups()?;
        Ok(old.len())
    }
}
