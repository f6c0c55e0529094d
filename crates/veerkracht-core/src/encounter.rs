//! The encounter: one contact with one family on one date, coded with the codebook.
//!
//! This is the domain shape. It is neither the storage record (the store has
//! its own frozen `EncounterV1`) nor the exchange line (see `exchange`) nor an
//! IPC DTO; the four change at different speeds.

use crate::codebook::{Codebook, Kind};
use crate::FamilyCode;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

/// A code with its qualifier: a need with its status, an actor with its
/// role, or a kansarmoede domain with its value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Qualified {
    pub code: String,
    pub qualifier: String,
}

impl Qualified {
    pub fn new(code: impl Into<String>, qualifier: impl Into<String>) -> Qualified {
        Qualified {
            code: code.into(),
            qualifier: qualifier.into(),
        }
    }
}

/// The value recorded for one dimension, shaped by the dimension's kind.
/// Lists keep the order they were given in, so a round trip is lossless.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Answer {
    Single(String),
    Multi(Vec<String>),
    MultiStatus(Vec<Qualified>),
    MultiRole(Vec<Qualified>),
    DomainScores(Vec<Qualified>),
}

impl Answer {
    pub fn kind(&self) -> Kind {
        match self {
            Answer::Single(_) => Kind::Single,
            Answer::Multi(_) => Kind::Multi,
            Answer::MultiStatus(_) => Kind::MultiStatus,
            Answer::MultiRole(_) => Kind::MultiRole,
            Answer::DomainScores(_) => Kind::DomainScores,
        }
    }

    /// Every code the answer names, whatever its kind.
    pub fn codes(&self) -> Vec<&str> {
        match self {
            Answer::Single(c) => vec![c.as_str()],
            Answer::Multi(cs) => cs.iter().map(String::as_str).collect(),
            Answer::MultiStatus(qs) | Answer::MultiRole(qs) | Answer::DomainScores(qs) => {
                qs.iter().map(|q| q.code.as_str()).collect()
            }
        }
    }

    pub fn qualified(&self) -> &[Qualified] {
        match self {
            Answer::MultiStatus(qs) | Answer::MultiRole(qs) | Answer::DomainScores(qs) => qs,
            Answer::Single(_) | Answer::Multi(_) => &[],
        }
    }

    /// True when the answer records nothing (an empty list or map); such
    /// answers are not kept, so "absent" has one representation.
    pub fn is_empty(&self) -> bool {
        match self {
            Answer::Single(_) => false,
            Answer::Multi(cs) => cs.is_empty(),
            Answer::MultiStatus(qs) | Answer::MultiRole(qs) | Answer::DomainScores(qs) => {
                qs.is_empty()
            }
        }
    }
}

/// One encounter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Encounter {
    pub id: Uuid,
    pub family: FamilyCode,
    pub date: NaiveDate,
    /// The codebook version the encounter was coded with.
    pub codebook: String,
    /// Answers by dimension id; absent dimensions are simply missing.
    pub answers: BTreeMap<String, Answer>,
    /// Free text. Stays on this machine: never exported, never logged.
    pub note: Option<String>,
    /// Synthetic demo data, made by `demo`, never a real family.
    pub demo: bool,
}

impl Encounter {
    /// An encounter with nothing but its required fields.
    pub fn new(id: Uuid, family: FamilyCode, date: NaiveDate, codebook: &Codebook) -> Encounter {
        Encounter {
            id,
            family,
            date,
            codebook: codebook.version.clone(),
            answers: BTreeMap::new(),
            note: None,
            demo: false,
        }
    }

    pub fn answer(&self, dimension: &str) -> Option<&Answer> {
        self.answers.get(dimension)
    }

    /// Sets or, with an empty answer, clears a dimension.
    pub fn set(&mut self, dimension: &str, answer: Answer) {
        if answer.is_empty() {
            self.answers.remove(dimension);
        } else {
            self.answers.insert(dimension.to_string(), answer);
        }
    }

    /// The code of a single dimension, if recorded.
    pub fn single(&self, dimension: &str) -> Option<&str> {
        match self.answers.get(dimension) {
            Some(Answer::Single(c)) => Some(c),
            _ => None,
        }
    }

    /// The code of a single dimension, or the codebook default (e.g.
    /// `not_asked`) when absent.
    pub fn single_or_default<'a>(
        &'a self,
        codebook: &'a Codebook,
        dimension: &str,
    ) -> Option<&'a str> {
        self.single(dimension).or_else(|| {
            codebook
                .dimension(dimension)
                .and_then(|d| d.default.as_deref())
        })
    }

    /// Every code recorded for a dimension (empty when absent).
    pub fn codes(&self, dimension: &str) -> Vec<&str> {
        self.answers
            .get(dimension)
            .map(Answer::codes)
            .unwrap_or_default()
    }

    pub fn has_code(&self, dimension: &str, code: &str) -> bool {
        self.codes(dimension).contains(&code)
    }

    /// The code/qualifier pairs of a qualified dimension (empty when absent).
    pub fn qualified(&self, dimension: &str) -> &[Qualified] {
        self.answers
            .get(dimension)
            .map(Answer::qualified)
            .unwrap_or(&[])
    }

    /// The order used wherever encounters are listed or written out:
    /// by date, then id, so that "latest" is the greatest `(date, id)`.
    pub fn sort_key(&self) -> (NaiveDate, Uuid) {
        (self.date, self.id)
    }
}
