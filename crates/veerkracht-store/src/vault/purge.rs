//! The retention purge: encounters dated before a cutoff go, and the
//! database is rewritten so that their sealed bytes leave the files too.

use super::Vault;
use crate::error::{Error, IoOp};
use veerkracht_core::audit::Action;
use veerkracht_core::Encounter;

impl Vault {
    /// Deletes every encounter dated before `cutoff`, then rewrites the
    /// database so that their (sealed) bytes leave the files too. Audited
    /// with the count. Returns how many were deleted.
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
        let write = || Error::sled(IoOp::WriteDatabase);
        db.encounters().apply_batch(batch).map_err(write())?;
        let (key, entry) = self.audit_entry(Action::Purged, old.len() as u64, &cutoff.to_string());
        db.audit().insert(key, entry).map_err(write())?;
        self.make_durable()?;
        self.rewrite()?;
        Ok(old.len())
    }
}
