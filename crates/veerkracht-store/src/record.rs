//! The frozen storage shape of an encounter, version 1.
//!
//! This is deliberately a separate type from `veerkracht_core::Encounter`:
//! the domain type may grow and change, while bytes already written must
//! stay readable. A new layout gets a new type (`EncounterV2`) and a
//! migration; this one is never edited.

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
    type Error = String;
    fn try_from(r: EncounterV1) -> Result<Self, Self::Error> {
        let family = FamilyCode::parse(&r.family).map_err(|_| "bad family code".to_string())?;
        let date = epoch()
            .checked_add_signed(chrono::Duration::days(r.date as i64))
            .ok_or("bad date")?;
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

pub fn encode(e: &Encounter) -> Vec<u8> {
    let mut out = vec![ENVELOPE_V1];
    out.extend(postcard::to_allocvec(&EncounterV1::from(e)).expect("plain data serialises"));
    out
}

pub fn decode(bytes: &[u8]) -> Result<Encounter, String> {
    match bytes.split_first() {
        Some((&ENVELOPE_V1, rest)) => {
            let r: EncounterV1 = postcard::from_bytes(rest).map_err(|e| e.to_string())?;
            Encounter::try_from(r)
        }
        Some((v, _)) => Err(format!("unknown record version {v}")),
        None => Err("empty record".into()),
    }
}

/// The frozen storage shape of a release in the ledger, version 1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReleaseV1 {
    pub period: String,
    /// `(cell key, status, families, encounters)`; status 0 published,
    /// 1 suppressed primary, 2 suppressed secondary.
    pub cells: Vec<(String, u8, u64, u64)>,
}

pub fn encode_release(r: &veerkracht_core::disclosure::Release) -> Vec<u8> {
    use veerkracht_core::disclosure::Status;
    let rec = ReleaseV1 {
        period: r.period.to_string(),
        cells: r
            .cells
            .iter()
            .map(|(k, (s, f, e))| {
                let code = match s {
                    Status::Published => 0,
                    Status::SuppressedPrimary => 1,
                    Status::SuppressedSecondary => 2,
                };
                (k.clone(), code, *f, *e)
            })
            .collect(),
    };
    let mut out = vec![ENVELOPE_V1];
    out.extend(postcard::to_allocvec(&rec).expect("plain data serialises"));
    out
}

pub fn decode_release(bytes: &[u8]) -> Result<veerkracht_core::disclosure::Release, String> {
    use veerkracht_core::disclosure::Status;
    let Some((&ENVELOPE_V1, rest)) = bytes.split_first() else {
        return Err("unknown release version".into());
    };
    let r: ReleaseV1 = postcard::from_bytes(rest).map_err(|e| e.to_string())?;
    Ok(veerkracht_core::disclosure::Release {
        period: r.period.parse().map_err(|e: String| e)?,
        cells: r
            .cells
            .into_iter()
            .map(|(k, s, f, e)| {
                let status = match s {
                    0 => Status::Published,
                    1 => Status::SuppressedPrimary,
                    _ => Status::SuppressedSecondary,
                };
                (k, (status, f, e))
            })
            .collect(),
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

pub fn decode_audit(bytes: &[u8]) -> Result<veerkracht_core::audit::Entry, String> {
    let Some((&ENVELOPE_V1, rest)) = bytes.split_first() else {
        return Err("unknown audit entry version".into());
    };
    let r: AuditV1 = postcard::from_bytes(rest).map_err(|e| e.to_string())?;
    Ok(veerkracht_core::audit::Entry {
        at: r.at,
        action: veerkracht_core::audit::Action::from_code(r.action)
            .ok_or("unknown audit action")?,
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

pub fn decode_backup(bytes: &[u8]) -> Result<BackupV1, String> {
    postcard::from_bytes(bytes).map_err(|e| e.to_string())
}
