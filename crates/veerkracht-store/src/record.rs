//! The frozen storage shape of an encounter, version 1.
//!
//! This is deliberately a separate type from `veerkracht_core::Encounter`:
//! the domain type may grow and change, while bytes already written must
//! stay readable. A new layout gets a new type (`EncounterV2`) and a
//! migration; this one is never edited.

use crate::error::RecordDamage;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use veerkracht_core::{Answer, Encounter, FamilyCode, Qualified};

/// Envelope tag of a record: postcard-encoded [`EncounterV1`], sealed.
pub const ENVELOPE_V1: u8 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EncounterV1 {
    pub id: [u8; 16],
    pub family: String,
    /// Days since 1970-01-01.
    pub date: i32,
    pub codebook: String,
    pub answers: Vec<AnswerV1>,
    pub note: Option<String>,
    pub demo: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnswerV1 {
    pub dimension: String,
    pub value: ValueV1,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ValueV1 {
    Single(String),
    Multi(Vec<String>),
    MultiStatus(Vec<(String, String)>),
    MultiRole(Vec<(String, String)>),
    DomainScores(Vec<(String, String)>),
}

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date")
}

fn pairs(qs: &[Qualified]) -> Vec<(String, String)> {
    qs.iter()
        .map(|q| (q.code.clone(), q.qualifier.clone()))
        .collect()
}

fn qualified(ps: Vec<(String, String)>) -> Vec<Qualified> {
    ps.into_iter().map(|(c, q)| Qualified::new(c, q)).collect()
}

impl From<&Encounter> for EncounterV1 {
    fn from(e: &Encounter) -> Self {
        EncounterV1 {
            id: *e.id.as_bytes(),
            family: e.family.to_string(),
            date: (e.date - epoch()).num_days() as i32,
            codebook: e.codebook.clone(),
            answers: e
                .answers
                .iter()
                .map(|(dim, a)| AnswerV1 {
                    dimension: dim.clone(),
                    value: match a {
                        Answer::Single(c) => ValueV1::Single(c.clone()),
                        Answer::Multi(cs) => ValueV1::Multi(cs.clone()),
                        Answer::MultiStatus(qs) => ValueV1::MultiStatus(pairs(qs)),
                        Answer::MultiRole(qs) => ValueV1::MultiRole(pairs(qs)),
                        Answer::DomainScores(qs) => ValueV1::DomainScores(pairs(qs)),
                    },
                })
                .collect(),
            note: e.note.clone(),
            demo: e.demo,
        }
    }
}

impl TryFrom<EncounterV1> for Encounter {
    type Error = RecordDamage;
    fn try_from(r: EncounterV1) -> Result<Self, Self::Error> {
        let family = FamilyCode::parse(&r.family).map_err(|_| RecordDamage::InvalidFamilyCode)?;
        let date = epoch()
            .checked_add_signed(chrono::Duration::days(r.date as i64))
            .ok_or(RecordDamage::InvalidDate)?;
        Ok(Encounter {
            id: Uuid::from_bytes(r.id),
            family,
            date,
            codebook: r.codebook,
            answers: r
                .answers
                .into_iter()
                .map(|a| {
                    let value = match a.value {
                        ValueV1::Single(c) => Answer::Single(c),
                        ValueV1::Multi(cs) => Answer::Multi(cs),
                        ValueV1::MultiStatus(ps) => Answer::MultiStatus(qualified(ps)),
                        ValueV1::MultiRole(ps) => Answer::MultiRole(qualified(ps)),
                        ValueV1::DomainScores(ps) => Answer::DomainScores(qualified(ps)),
                    };
                    (a.dimension, value)
                })
                .collect(),
            note: r.note,
            demo: r.demo,
        })
    }
}

/// Envelope tag of a record: postcard-encoded [`EncounterV1`], compressed
/// with LZ4 against [`RECORD_DICTIONARY_V2`], then sealed. What is written now.
pub const ENVELOPE_V2: u8 = 2;

/// The LZ4 dictionary of envelope v2: every dimension id and code of
/// codebook 2026.1 and a few synthetic records, as postcard bytes. A record
/// is mostly those strings, so it shrinks to about a third (a 800-byte
/// record to some 250), which is what keeps a vault under 2 KB per
/// encounter on disk and makes unlocking read less. Frozen like the
/// record layout: bytes written with it must stay readable, so a better
/// dictionary is a new envelope, never an edit of this file (a test pins
/// its hash).
pub static RECORD_DICTIONARY_V2: &[u8] = include_bytes!("record-dictionary-v2.bin");

/// No record comes near this; a larger size prefix means damage.
const MAX_RECORD_BYTES: usize = 1 << 20;

pub fn encode(e: &Encounter) -> Vec<u8> {
    let plain = postcard::to_allocvec(&EncounterV1::from(e)).expect("plain data serialises");
    let mut out = vec![ENVELOPE_V2];
    out.extend(lz4_flex::block::compress_prepend_size_with_dict(
        &plain,
        RECORD_DICTIONARY_V2,
    ));
    out
}

pub fn decode(bytes: &[u8]) -> Result<Encounter, RecordDamage> {
    let undecodable = |_| RecordDamage::Undecodable;
    match bytes.split_first() {
        Some((&ENVELOPE_V1, rest)) => {
            let r: EncounterV1 = postcard::from_bytes(rest).map_err(undecodable)?;
            Encounter::try_from(r)
        }
        Some((&ENVELOPE_V2, rest)) => {
            let size = rest
                .get(..4)
                .map(|b| u32::from_le_bytes(b.try_into().expect("4 bytes")) as usize)
                .ok_or(RecordDamage::Undecodable)?;
            if size > MAX_RECORD_BYTES {
                return Err(RecordDamage::ImplausibleSize {
                    claimed: size as u64,
                });
            }
            let plain =
                lz4_flex::block::decompress_size_prepended_with_dict(rest, RECORD_DICTIONARY_V2)
                    .map_err(|_| RecordDamage::Undecodable)?;
            let r: EncounterV1 = postcard::from_bytes(&plain).map_err(undecodable)?;
            Encounter::try_from(r)
        }
        Some((&version, _)) => Err(RecordDamage::UnknownEnvelope { version }),
        None => Err(RecordDamage::Empty),
    }
}

/// How the dictionary was made (kept to explain it, not to remake it: the
/// committed file is the contract).
#[cfg(test)]
pub(crate) fn make_dictionary_v2() -> Vec<u8> {
    use veerkracht_core::demo::{generate, DemoSpec};
    let cb = veerkracht_core::Codebook::embedded();
    let mut dict = Vec::new();
    for d in &cb.dimensions {
        dict.extend(postcard::to_allocvec(&d.id).expect("string"));
        for c in &d.codes {
            dict.extend(postcard::to_allocvec(&c.code).expect("string"));
        }
        for q in &d.qualifiers {
            dict.extend(postcard::to_allocvec(&q.code).expect("string"));
        }
    }
    // Whole records last: LZ4 prefers the nearest match, and these hold
    // the usual sequences (a dimension, its kind's tag, its codes).
    let sample = generate(
        cb,
        &DemoSpec {
            families: 12,
            encounters: 24,
            seed: 20_261_123,
            until: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("date"),
            days: 365,
        },
    );
    for e in &sample {
        let mut r = EncounterV1::from(e);
        r.note = None;
        dict.extend(postcard::to_allocvec(&r).expect("record"));
    }
    dict
}

/// The frozen storage shape of a release in the ledger, version 1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReleaseV1 {
    pub period: String,
    /// `(cell key, status, families, encounters)`; status 0 published,
    /// 1 suppressed primary, 2 suppressed secondary.
    pub cells: Vec<(String, u8, u64, u64)>,
}

/// The frozen storage shape of a release, version 2: what version 1 had,
/// the package format, when it was made, and the encounters it counted
/// (keyed hashes, so that a re-export can tell which families changed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReleaseV2 {
    pub period: String,
    pub cells: Vec<(String, u8, u64, u64)>,
    pub format: u8,
    pub created: String,
    pub members: Vec<([u8; 8], [u8; 8])>,
}

fn status_code(s: veerkracht_signals::disclosure::Status) -> u8 {
    use veerkracht_signals::disclosure::Status;
    match s {
        Status::Published => 0,
        Status::SuppressedPrimary => 1,
        Status::SuppressedSecondary => 2,
    }
}

fn status_of(code: u8) -> veerkracht_signals::disclosure::Status {
    use veerkracht_signals::disclosure::Status;
    match code {
        0 => Status::Published,
        1 => Status::SuppressedPrimary,
        _ => Status::SuppressedSecondary,
    }
}

/// Envelope tag of a release whose members hash what is counted (see
/// `Vault::member`): [`ReleaseV2`]'s shape. Envelope 2 releases (written
/// before 2026-12-05) hashed the whole record; `Vault::open` carries them
/// over. Envelope 3 (builds of the morning of 2026-12-05) hashed rows by
/// their numbers in the plan: read as members that compare with nothing.
pub const RELEASE_COUNTED: u8 = 4;
const RELEASE_ROW_NUMBERS: u8 = 3;

/// A release as stored, and whether its members are of an older kind
/// (envelope 2 or 3) that today's members cannot be compared with.
pub struct StoredRelease {
    pub release: veerkracht_signals::disclosure::Release,
    pub old_members: bool,
}

pub fn encode_release(r: &veerkracht_signals::disclosure::Release) -> Vec<u8> {
    let rec = ReleaseV2 {
        period: r.period.to_string(),
        cells: r
            .cells
            .iter()
            .map(|(k, (s, f, e))| (k.clone(), status_code(*s), *f, *e))
            .collect(),
        format: r.format,
        created: r.created.clone(),
        members: r.members.clone(),
    };
    let mut out = vec![RELEASE_COUNTED];
    out.extend(postcard::to_allocvec(&rec).expect("plain data serialises"));
    out
}

pub fn decode_release(bytes: &[u8]) -> Result<StoredRelease, RecordDamage> {
    let (period, cells, format, created, members) = match bytes.split_first() {
        // Releases made before format 2: format 1 packages, no members.
        Some((&ENVELOPE_V1, rest)) => {
            let r: ReleaseV1 = postcard::from_bytes(rest).map_err(|_| RecordDamage::Undecodable)?;
            (r.period, r.cells, 1, String::new(), Vec::new())
        }
        Some((&(ENVELOPE_V2 | RELEASE_ROW_NUMBERS | RELEASE_COUNTED), rest)) => {
            let r: ReleaseV2 = postcard::from_bytes(rest).map_err(|_| RecordDamage::Undecodable)?;
            (r.period, r.cells, r.format, r.created, r.members)
        }
        Some((&version, _)) => return Err(RecordDamage::UnknownEnvelope { version }),
        None => return Err(RecordDamage::Empty),
    };
    let release = veerkracht_signals::disclosure::Release {
        period: period
            .parse()
            .map_err(|_: String| RecordDamage::InvalidPeriod)?,
        cells: cells
            .into_iter()
            .map(|(k, s, f, e)| (k, (status_of(s), f, e)))
            .collect(),
        format,
        created,
        members,
    };
    Ok(StoredRelease {
        old_members: bytes[0] != RELEASE_COUNTED && !release.members.is_empty(),
        release,
    })
}

/// The frozen storage shape of an audit entry, version 1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditV1 {
    pub at: i64,
    pub action: u8,
    pub count: u64,
    pub detail: String,
}

pub fn encode_audit(e: &veerkracht_core::audit::Entry) -> Vec<u8> {
    let rec = AuditV1 {
        at: e.at,
        action: e.action.code(),
        count: e.count,
        detail: e.detail.clone(),
    };
    let mut out = vec![ENVELOPE_V1];
    out.extend(postcard::to_allocvec(&rec).expect("plain data serialises"));
    out
}

/// What follows the envelope byte of a value that has only version 1.
fn envelope_v1(bytes: &[u8]) -> Result<&[u8], RecordDamage> {
    match bytes.split_first() {
        Some((&ENVELOPE_V1, rest)) => Ok(rest),
        Some((&version, _)) => Err(RecordDamage::UnknownEnvelope { version }),
        None => Err(RecordDamage::Empty),
    }
}

pub fn decode_audit(bytes: &[u8]) -> Result<veerkracht_core::audit::Entry, RecordDamage> {
    let rest = envelope_v1(bytes)?;
    let r: AuditV1 = postcard::from_bytes(rest).map_err(|_| RecordDamage::Undecodable)?;
    Ok(veerkracht_core::audit::Entry {
        at: r.at,
        action: veerkracht_core::audit::Action::from_code(r.action)
            .ok_or(RecordDamage::UnknownAuditAction { code: r.action })?,
        count: r.count,
        detail: r.detail,
    })
}

/// One tree of a backup: its name and its (key, still sealed value) pairs.
pub type TreeDump = (String, Vec<(Vec<u8>, Vec<u8>)>);

/// The frozen shape of a backup's contents, version 1: every tree with its
/// keys and (still sealed) values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BackupV1 {
    pub schema: u32,
    pub created: i64,
    pub trees: Vec<TreeDump>,
}

pub fn encode_backup(b: &BackupV1) -> Vec<u8> {
    postcard::to_allocvec(b).expect("plain data serialises")
}

pub fn decode_backup(bytes: &[u8]) -> Result<BackupV1, postcard::Error> {
    postcard::from_bytes(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::Digest;

    #[test]
    fn the_record_dictionary_is_frozen() {
        if std::env::var_os("VEERKRACHT_WRITE_DICTIONARY").is_some() {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/record-dictionary-v2.bin");
            std::fs::write(path, make_dictionary_v2()).unwrap();
        }
        assert_eq!(
            hex::encode(sha2::Sha256::digest(RECORD_DICTIONARY_V2)),
            "b4847fb5937f0a730bff1da7e111a7180100e38be3d614b0288f88379f8f84ae",
            "records written with envelope v2 need exactly this dictionary"
        );
    }

    #[test]
    fn both_envelopes_read_and_v2_is_small() {
        use veerkracht_core::demo::{generate, DemoSpec};
        let cb = veerkracht_core::Codebook::embedded();
        let sample = generate(
            cb,
            &DemoSpec {
                families: 50,
                encounters: 400,
                seed: 3,
                until: chrono::NaiveDate::from_ymd_opt(2025, 6, 30).unwrap(),
                days: 180,
            },
        );
        let (mut plain, mut packed) = (0, 0);
        for e in &sample {
            let v2 = encode(e);
            assert_eq!(v2[0], ENVELOPE_V2);
            assert_eq!(decode(&v2).unwrap(), *e);
            let mut v1 = vec![ENVELOPE_V1];
            v1.extend(postcard::to_allocvec(&EncounterV1::from(e)).unwrap());
            assert_eq!(decode(&v1).unwrap(), *e);
            plain += v1.len();
            packed += v2.len();
        }
        eprintln!(
            "v1 {plain} bytes, v2 {packed} bytes for {} records",
            sample.len()
        );
        assert!(packed * 2 < plain, "v2 {packed} bytes vs v1 {plain}");
        // Damage is an error, never a panic or a huge allocation.
        let mut bad = encode(&sample[0]);
        bad[1..5].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(decode(&bad).is_err());
        assert!(decode(&[ENVELOPE_V2, 1]).is_err());
        assert!(decode(&[9]).is_err());
    }
}
