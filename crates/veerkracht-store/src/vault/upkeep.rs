//! Looking after a vault from the app: deleting many encounters in one
//! step (the demo caseload), and checking a passphrase without opening the
//! vault a second time.

use crate::error::IoOp;
use crate::{keyfile, Error, Vault};
use sled::Transactional;
use uuid::Uuid;
use veerkracht_core::audit::Action;

impl Vault {
    /// Deletes these encounters in one batch with one audit entry
    /// (`deleted`, their count, `detail`); durable on return. Returns how
    /// many were there.
    pub fn delete_many(&self, ids: &[Uuid], detail: &str) -> Result<usize, Error> {
        let db = self.db()?;
        let keys: Vec<[u8; 16]> = ids.iter().map(|id| self.storage_key(id)).collect();
        let audit_key = self.reserve_audit_keys(1).next().expect("one key");
        // The count is known only inside the transaction, so the entry is
        // sealed there (sealing is computation, not IO).
        let mut changes = super::index::IndexChanges::default();
        for key in &keys {
            changes.remove(*key);
        }
        let found = (db.encounters(), db.audit(), db.index(), db.meta())
            .transaction(|(enc, audit, index, meta)| {
                let mut found = 0u64;
                for key in &keys {
                    if enc.remove(&key[..])?.is_some() {
                        found += 1;
                    }
                }
                if found > 0 {
                    self.apply_index(index, meta, &changes)?;
                    audit.insert(
                        &audit_key[..],
                        super::audit::seal_entry(
                            self.data_key(),
                            audit_key,
                            Action::Deleted,
                            found,
                            detail,
                        ),
                    )?;
                }
                Ok(found)
            })
            .map_err(super::transaction_error(IoOp::WriteDatabase))?;
        if found > 0 {
            self.make_durable()?;
        }
        Ok(found as usize)
    }

    /// Whether `passphrase` unwraps this vault's key: `Ok` when it does,
    /// [`Error::WrongPassphrase`] when not. Touches nothing.
    pub fn check_passphrase(&self, passphrase: &str) -> Result<(), Error> {
        keyfile::unlock(self.dir(), passphrase).map(|_| ())
    }
}
