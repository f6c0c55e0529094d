//! The retention purge: encounters dated before a cutoff go, the database
//! is rewritten so that their sealed bytes leave the files too, and the
//! same encounters are taken out of every automatic backup (a restore point
//! would otherwise bring them back).

use super::database::{META_BACKUPS_STALE, META_REWRITE_PENDING};
use super::{transaction_error, Vault};
use crate::error::{Error, IoOp};
use sled::Transactional;
use veerkracht_core::audit::Action;

impl Vault {
    /// Deletes every encounter dated before `cutoff`, then rewrites the
    /// database so that their (sealed) bytes leave the files too. The
    /// deletions, their audit entry (with the count) and the "rewrite
    /// pending" and "backups stale" marks are one transaction; should a
    /// crash stop the rewrite or the replacement of the automatic backups,
    /// the next open finishes them. Returns how many were deleted.
    pub fn purge_before(&mut self, cutoff: chrono::NaiveDate) -> Result<usize, Error> {
        // An import left undecided is undone first: its undo tree holds
        // records as they were, which a purge must not leave behind.
        self.settle_import()?;
        // The index says which encounters are old: nothing is decrypted.
        let old: Vec<uuid::Uuid> = self
            .index_where(|b| b.date < cutoff)?
            .iter()
            .map(|e| e.brief.id)
            .collect();
        if old.is_empty() {
            return Ok(0);
        }
        let db = self.db()?;
        let mut batch = sled::Batch::default();
        let mut changes = super::index::IndexChanges::default();
        for id in &old {
            let key = self.storage_key(id);
            batch.remove(&key[..]);
            changes.remove(key);
        }
        let (key, entry) = self.audit_entry(Action::Purged, old.len() as u64, &cutoff.to_string());
        // The cutoff the backups still need, the later one should an
        // earlier purge's backups be pending too.
        let stale = match stale_backups_cutoff(db.meta()) {
            Some(pending) if pending > cutoff => pending,
            _ => cutoff,
        }
        .to_string();
        (db.encounters(), db.audit(), db.meta(), db.index())
            .transaction(|(enc, audit, meta, index)| {
                enc.apply_batch(&batch)?;
                self.apply_index(index, meta, &changes)?;
                audit.insert(&key[..], entry.clone())?;
                meta.insert(META_REWRITE_PENDING, &[1u8][..])?;
                meta.insert(META_BACKUPS_STALE, stale.as_bytes())?;
                Ok(())
            })
            .map_err(transaction_error(IoOp::WriteDatabase))?;
        self.make_durable()?;
        self.rewrite()?;
        // The deletions are durable and the mark is set: a failure here
        // (a full disk) is finished at the next open, not reported as a
        // failed purge.
        let _ = self.purge_automatic_backups(cutoff.max(stale_cutoff(&stale)));
        Ok(old.len())
    }
}

fn stale_cutoff(text: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or(chrono::NaiveDate::MIN)
}

/// The cutoff of a purge whose automatic backups are still to be purged
/// (the "backups stale" mark), if any.
pub(crate) fn stale_backups_cutoff(meta: &sled::Tree) -> Option<chrono::NaiveDate> {
    let value = meta.get(META_BACKUPS_STALE).ok()??;
    let text = std::str::from_utf8(&value).ok()?;
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}
