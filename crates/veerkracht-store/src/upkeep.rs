//! Looking after a vault from the app: deleting many encounters in one
//! step (the demo caseload), and checking a passphrase without opening the
//! vault a second time.

use crate::{keyfile, Error, Vault};
use uuid::Uuid;
use veerkracht_core::audit::Action;

impl Vault {
    /// Deletes these encounters in one batch with one audit entry
    /// (`deleted`, their count, `detail`); durable on return. Returns how
    /// many were there.
    pub fn delete_many(&self, ids: &[Uuid], detail: &str) -> Result<usize, Error> {
        let mut batch = sled::Batch::default();
        let mut found = 0;
        for id in ids {
            let key = self.storage_key(id);
            if self
                .encounters
                .contains_key(key)
                .map_err(Error::from_sled)?
            {
                batch.remove(&key[..]);
                found += 1;
            }
        }
        if found == 0 {
            return Ok(0);
        }
        self.encounters
            .apply_batch(batch)
            .map_err(Error::from_sled)?;
        let (key, value) = self.audit_entry(Action::Deleted, found as u64, detail)?;
        self.audit.insert(key, value).map_err(Error::from_sled)?;
        self.make_durable()?;
        Ok(found)
    }

    /// Whether `passphrase` unwraps this vault's key: `Ok` when it does,
    /// [`Error::WrongPassphrase`] when not. Touches nothing.
    pub fn check_passphrase(&self, passphrase: &str) -> Result<(), Error> {
        keyfile::unlock(self.dir(), passphrase).map(|_| ())
    }
}
