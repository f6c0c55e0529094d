//! Planning data, sealed like every record: the one encounter a worker was
//! typing when the vault locked (tree `drafts`, one entry), and the dates
//! to see families again (tree `follow_ups`, keyed by a keyed hash of the
//! family code, so the files show neither codes nor dates).
//!
//! Neither ever leaves the vault except in its encrypted backups: no
//! package, no exchange line holds them.

use crate::error::{IoOp, RecordDamage, RecordKind};
use crate::{crypto, record, Error, Vault};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use veerkracht_core::follow::{Draft, FollowUp};
use veerkracht_core::FamilyCode;

const TREE_DRAFTS: &str = "drafts";
const TREE_FOLLOW_UPS: &str = "follow_ups";
/// The drafts tree holds one entry: a worker types one encounter at a time.
const DRAFT_KEY: &[u8] = b"current";
const ENVELOPE_V1: u8 = 1;

/// The frozen storage shape of a draft, version 1.
#[derive(Debug, Serialize, Deserialize)]
struct DraftV1 {
    /// The encounter as a record is stored (envelope and all).
    encounter: Vec<u8>,
    dated: bool,
    is_new: bool,
}

/// The frozen storage shape of a follow-up, version 1.
#[derive(Debug, Serialize, Deserialize)]
struct FollowUpV1 {
    family: String,
    /// Days since 0001-01-01 (chrono's `num_days_from_ce`).
    date: i32,
}

fn aad(tree: &str, key: &[u8]) -> Vec<u8> {
    super::sealing::bound(tree, key)
}

fn versioned<T: Serialize>(value: &T) -> Vec<u8> {
    let mut out = vec![ENVELOPE_V1];
    out.extend(postcard::to_allocvec(value).expect("plain data serialises"));
    out
}

fn unversioned<'a, T: Deserialize<'a>>(bytes: &'a [u8]) -> Result<T, RecordDamage> {
    match bytes.split_first() {
        Some((&ENVELOPE_V1, rest)) => {
            postcard::from_bytes(rest).map_err(|_| RecordDamage::Undecodable)
        }
        Some((&version, _)) => Err(RecordDamage::UnknownEnvelope { version }),
        None => Err(RecordDamage::Empty),
    }
}

impl Vault {
    fn open_sealed(
        &self,
        kind: RecordKind,
        tree: &str,
        key: &[u8],
        sealed: &[u8],
    ) -> Result<Vec<u8>, Error> {
        crypto::open(self.data_key(), sealed, &aad(tree, key)).ok_or_else(|| Error::DamagedRecord {
            kind,
            key: hex::encode(key),
            reason: RecordDamage::Undecryptable,
        })
    }

    fn tree(&self, name: &str) -> Result<sled::Tree, Error> {
        self.db()?
            .sled()
            .open_tree(name)
            .map_err(Error::sled(IoOp::OpenDatabase))
    }

    /// Seals `draft` into the vault in place of any earlier one; durable on
    /// return (a lock that follows must not lose it).
    pub fn keep_draft(&self, draft: &Draft) -> Result<(), Error> {
        let tree = self.tree(TREE_DRAFTS)?;
        let plain = versioned(&DraftV1 {
            encounter: record::encode(&draft.encounter),
            dated: draft.dated,
            is_new: draft.is_new,
        });
        let sealed = crypto::seal(self.data_key(), &plain, &aad(TREE_DRAFTS, DRAFT_KEY));
        tree.insert(DRAFT_KEY, sealed)
            .map_err(Error::sled(IoOp::WriteDatabase))?;
        self.make_durable()
    }

    /// The draft kept at the last lock, if any.
    pub fn draft(&self) -> Result<Option<Draft>, Error> {
        let tree = self.tree(TREE_DRAFTS)?;
        let Some(sealed) = tree
            .get(DRAFT_KEY)
            .map_err(Error::sled(IoOp::ReadDatabase))?
        else {
            return Ok(None);
        };
        let plain = self.open_sealed(RecordKind::Draft, TREE_DRAFTS, DRAFT_KEY, &sealed)?;
        let damaged = |reason: RecordDamage| Error::DamagedRecord {
            kind: RecordKind::Draft,
            key: hex::encode(DRAFT_KEY),
            reason,
        };
        let d: DraftV1 = unversioned(&plain).map_err(damaged)?;
        Ok(Some(Draft {
            encounter: record::decode(&d.encounter).map_err(damaged)?,
            dated: d.dated,
            is_new: d.is_new,
        }))
    }

    /// Removes the kept draft (saved or thrown away); durable on return.
    pub fn clear_draft(&self) -> Result<(), Error> {
        let tree = self.tree(TREE_DRAFTS)?;
        if tree
            .remove(DRAFT_KEY)
            .map_err(Error::sled(IoOp::WriteDatabase))?
            .is_some()
        {
            self.make_durable()?;
        }
        Ok(())
    }

    fn follow_up_key(&self, family: &FamilyCode) -> [u8; 16] {
        let h = crypto::keyed_hash(
            self.index_key(),
            &[b"veerkracht/follow-up/v1\0", family.as_str().as_bytes()].concat(),
        );
        h[..16].try_into().expect("16 bytes")
    }

    /// Sets (or with `None`, clears) the date to see `family` again;
    /// durable on return.
    pub fn set_follow_up(&self, family: &FamilyCode, date: Option<NaiveDate>) -> Result<(), Error> {
        use chrono::Datelike;
        let tree = self.tree(TREE_FOLLOW_UPS)?;
        let key = self.follow_up_key(family);
        match date {
            Some(date) => {
                let plain = versioned(&FollowUpV1 {
                    family: family.to_string(),
                    date: date.num_days_from_ce(),
                });
                let sealed = crypto::seal(self.data_key(), &plain, &aad(TREE_FOLLOW_UPS, &key));
                tree.insert(key, sealed)
                    .map_err(Error::sled(IoOp::WriteDatabase))?;
            }
            None => {
                tree.remove(key).map_err(Error::sled(IoOp::WriteDatabase))?;
            }
        }
        self.make_durable()
    }

    /// Every follow-up, soonest first.
    pub fn follow_ups(&self) -> Result<Vec<FollowUp>, Error> {
        let tree = self.tree(TREE_FOLLOW_UPS)?;
        let mut out = Vec::new();
        for item in tree.iter() {
            let (key, sealed) = item.map_err(Error::sled(IoOp::ReadDatabase))?;
            let plain = self.open_sealed(RecordKind::FollowUp, TREE_FOLLOW_UPS, &key, &sealed)?;
            let damaged = |reason: RecordDamage| Error::DamagedRecord {
                kind: RecordKind::FollowUp,
                key: hex::encode(&key),
                reason,
            };
            let f: FollowUpV1 = unversioned(&plain).map_err(damaged)?;
            out.push(FollowUp {
                family: FamilyCode::parse(&f.family)
                    .map_err(|_| damaged(RecordDamage::InvalidFamilyCode))?,
                date: NaiveDate::from_num_days_from_ce_opt(f.date)
                    .ok_or_else(|| damaged(RecordDamage::InvalidDate))?,
            });
        }
        out.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.family.cmp(&b.family)));
        Ok(out)
    }
}
