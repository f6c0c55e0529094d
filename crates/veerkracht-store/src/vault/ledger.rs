//! The release ledger: what each signal package released, so that later
//! packages can never let subtraction reveal a cell an earlier one
//! suppressed.

use super::database::TREE_LEDGER;
use super::{transaction_error, Vault};
use crate::crypto;
use crate::error::{Error, IoOp, RecordDamage, RecordKind};
use crate::record;
use sled::Transactional;
use uuid::Uuid;
use veerkracht_signals::disclosure::Release;

fn aad(key: &[u8]) -> Vec<u8> {
    [TREE_LEDGER.as_bytes(), b"/", key].concat()
}

impl Vault {
    /// Remembers what a package released, with its audit entry in the same
    /// transaction. Durable on return.
    pub fn record_release(&self, package: &Uuid, release: &Release) -> Result<(), Error> {
        let db = self.db()?;
        let key = package.as_bytes();
        let sealed = crypto::seal(self.data_key(), &record::encode_release(release), &aad(key));
        let (audit_key, entry) = self.audit_entry(
            veerkracht_core::audit::Action::Exported,
            1,
            &release.period.to_string(),
        );
        (db.ledger(), db.audit())
            .transaction(|(ledger, audit)| {
                ledger.insert(&key[..], sealed.clone())?;
                audit.insert(&audit_key[..], entry.clone())?;
                Ok(())
            })
            .map_err(transaction_error(IoOp::WriteDatabase))?;
        self.make_durable()
    }

    /// Every release recorded in this vault.
    pub fn releases(&self) -> Result<Vec<Release>, Error> {
        let mut out = Vec::new();
        for item in self.db()?.ledger().iter() {
            let (key, sealed) = item.map_err(Error::sled(IoOp::ReadDatabase))?;
            let damaged = |reason| Error::DamagedRecord {
                kind: RecordKind::LedgerEntry,
                key: hex::encode(&key),
                reason,
            };
            let plain = crypto::open(self.data_key(), &sealed, &aad(&key))
                .ok_or_else(|| damaged(RecordDamage::Undecryptable))?;
            out.push(record::decode_release(&plain).map_err(damaged)?);
        }
        Ok(out)
    }
}
