//! The audit log: what happened and when, never content. Sealed like the
//! records; keyed by an increasing number so it reads oldest first.

use super::database::TREE_AUDIT;
use super::Vault;
use crate::crypto::{self, Secret};
use crate::error::{Error, IoOp, RecordKind};
use crate::record;
use std::sync::atomic::Ordering;
use veerkracht_core::audit::{Action, Entry};

/// The sealed value of audit entry `key`, stamped now.
pub(crate) fn seal_entry(
    data_key: &Secret,
    key: [u8; 8],
    action: Action,
    count: u64,
    detail: &str,
) -> Vec<u8> {
    let entry = Entry {
        at: chrono::Utc::now().timestamp(),
        action,
        count,
        detail: detail.to_string(),
    };
    crypto::seal(data_key, &record::encode_audit(&entry), &aad(&key))
}

fn aad(key: &[u8]) -> Vec<u8> {
    super::sealing::bound(TREE_AUDIT, key)
}

impl Vault {
    /// Reserves the keys of `n` new audit entries, in order.
    pub(crate) fn reserve_audit_keys(&self, n: usize) -> impl Iterator<Item = [u8; 8]> {
        let first = self.next_audit.fetch_add(n as u64, Ordering::SeqCst);
        (first..first + n as u64).map(u64::to_be_bytes)
    }

    /// The key and sealed value of a new audit entry.
    pub(crate) fn audit_entry(
        &self,
        action: Action,
        count: u64,
        detail: &str,
    ) -> ([u8; 8], Vec<u8>) {
        let key = self.reserve_audit_keys(1).next().expect("one key");
        (key, seal_entry(self.data_key(), key, action, count, detail))
    }

    /// Appends an entry to the audit log; durable on return.
    pub fn audit(&self, action: Action, count: u64, detail: &str) -> Result<(), Error> {
        let db = self.db()?;
        let (key, value) = self.audit_entry(action, count, detail);
        db.audit()
            .insert(key, value)
            .map_err(Error::sled(IoOp::WriteDatabase))?;
        self.make_durable()
    }

    /// The whole audit log, oldest first.
    pub fn audit_log(&self) -> Result<Vec<Entry>, Error> {
        let mut out = Vec::new();
        for item in self.db()?.audit().iter() {
            let (key, sealed) = item.map_err(Error::sled(IoOp::ReadDatabase))?;
            let damaged = |reason| Error::DamagedRecord {
                kind: RecordKind::AuditEntry,
                key: hex::encode(&key),
                reason,
            };
            let plain = crypto::open(self.data_key(), &sealed, &aad(&key))
                .ok_or_else(|| damaged(crate::error::RecordDamage::Undecryptable))?;
            out.push(record::decode_audit(&plain).map_err(damaged)?);
        }
        Ok(out)
    }
}
