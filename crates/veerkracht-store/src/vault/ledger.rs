//! The release ledger: what each signal package released, so that later
//! packages can never let subtraction reveal a cell an earlier one
//! suppressed.

use super::database::{META_SOURCE, TREE_LEDGER, TREE_META};
use super::{transaction_error, Vault};
use crate::crypto;
use crate::error::{Error, IoOp, RecordDamage, RecordKind};
use crate::record;
use sled::Transactional;
use uuid::Uuid;
use veerkracht_core::Encounter;
use veerkracht_signals::disclosure::Release;

fn aad(key: &[u8]) -> Vec<u8> {
    super::sealing::bound(TREE_LEDGER, key)
}

/// What the ledger is keyed by: a keyed hash of the package id. Until
/// schema 3 it was the package id itself, which linked a seized vault to
/// the packages it had published; nothing reads the id back.
fn ledger_key(index_key: &crypto::Secret, package: &[u8]) -> [u8; 16] {
    let mut input = Vec::with_capacity(48);
    input.extend_from_slice(b"veerkracht/ledger/v1\0");
    input.extend_from_slice(package);
    let h = crypto::keyed_hash(index_key, &input);
    h[..16].try_into().expect("16 bytes")
}

impl Vault {
    /// The vault's source id: random, made once, identifying nothing but
    /// this vault among the packages a researcher merges.
    pub fn source_id(&self) -> Result<Uuid, Error> {
        let db = self.db()?;
        let damaged = |reason| Error::DamagedRecord {
            kind: RecordKind::SourceId,
            key: hex::encode(META_SOURCE),
            reason,
        };
        let aad = super::sealing::bound(TREE_META, META_SOURCE);
        if let Some(sealed) = db
            .meta()
            .get(META_SOURCE)
            .map_err(Error::sled(IoOp::ReadDatabase))?
        {
            let plain = crypto::open(self.data_key(), &sealed, &aad)
                .ok_or_else(|| damaged(RecordDamage::Undecryptable))?;
            return Uuid::from_slice(&plain).map_err(|_| damaged(RecordDamage::Undecodable));
        }
        let id = Uuid::new_v4();
        db.meta()
            .insert(
                META_SOURCE,
                crypto::seal(self.data_key(), id.as_bytes(), &aad),
            )
            .map_err(Error::sled(IoOp::WriteDatabase))?;
        self.make_durable()?;
        Ok(id)
    }

    /// An encounter as a release remembers it: keyed hashes of the
    /// encounter (id and content) and of its family, 8 bytes each.
    pub fn member(&self, e: &Encounter) -> ([u8; 8], [u8; 8]) {
        self.member_of(&record::encode(e), e)
    }

    /// [`Vault::member`] of an encounter whose record is encoded already
    /// (`content` is `record::encode(e)`: a save or an import encodes once).
    pub(crate) fn member_of(&self, content: &[u8], e: &Encounter) -> ([u8; 8], [u8; 8]) {
        let mut input = Vec::with_capacity(content.len() + 32);
        input.extend_from_slice(b"veerkracht/member/v1\0");
        input.extend_from_slice(content);
        let a = crypto::keyed_hash(self.index_key(), &input);
        let mut fam = Vec::with_capacity(32);
        fam.extend_from_slice(b"veerkracht/member-family/v1\0");
        fam.extend_from_slice(e.family.as_str().as_bytes());
        let b = crypto::keyed_hash(self.index_key(), &fam);
        (
            a[..8].try_into().expect("8 bytes"),
            b[..8].try_into().expect("8 bytes"),
        )
    }

    /// Remembers what a package released, with its audit entry in the same
    /// transaction. Durable on return.
    pub fn record_release(&self, package: &Uuid, release: &Release) -> Result<(), Error> {
        let db = self.db()?;
        let key = ledger_key(self.index_key(), package.as_bytes());
        let sealed = crypto::seal(
            self.data_key(),
            &record::encode_release(release),
            &aad(&key),
        );
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

impl Vault {
    /// Schema 2 → 3: every ledger entry moves from the package id in clear
    /// to [`ledger_key`] of it, sealed again for its new key, with the new
    /// schema number in the same transaction (a cut before it is durable
    /// leaves schema 2, migrated again at the next open). An entry that
    /// does not open moves as it is: it was damaged before and stays so,
    /// but no longer names its package. When entries moved, the old keys
    /// are still in sled's log: the same transaction marks a rewrite
    /// pending, and the caller rewrites (returns true).
    pub(super) fn migrate_ledger_keys(&self) -> Result<bool, Error> {
        let db = self.db()?;
        let mut moves = Vec::new();
        for item in db.ledger().iter() {
            let (old, sealed) = item.map_err(Error::sled(IoOp::ReadDatabase))?;
            let new = ledger_key(self.index_key(), &old);
            let value = match crypto::open(self.data_key(), &sealed, &aad(&old)) {
                Some(plain) => crypto::seal(self.data_key(), &plain, &aad(&new)),
                None => sealed.to_vec(),
            };
            moves.push((old, new, value));
        }
        (db.ledger(), db.meta())
            .transaction(|(ledger, meta)| {
                for (old, new, value) in &moves {
                    ledger.remove(old.as_ref())?;
                    ledger.insert(&new[..], value.clone())?;
                }
                meta.insert(super::database::META_SCHEMA, &3u32.to_be_bytes())?;
                if !moves.is_empty() {
                    meta.insert(super::database::META_REWRITE_PENDING, &[1u8][..])?;
                }
                Ok(())
            })
            .map_err(transaction_error(IoOp::WriteDatabase))?;
        self.make_durable()?;
        Ok(!moves.is_empty())
    }
}
