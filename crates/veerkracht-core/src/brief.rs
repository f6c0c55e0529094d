//! What lists, filters, overviews and exports need of an encounter, and no
//! more: its id, family, date, demo mark and codes as rows (see [`Rows`]).
//! The store keeps one [`Brief`] per encounter in a compact index, so that
//! opening a vault, finding a family or counting a year never has to
//! decrypt notes and answers; the full record is read only when a screen
//! or command shows it.

use crate::encounter::Encounter;
use crate::rows::Rows;
use crate::FamilyCode;
use chrono::NaiveDate;
use uuid::Uuid;

/// An encounter as the index keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Brief {
    pub id: Uuid,
    pub family: FamilyCode,
    pub date: NaiveDate,
    pub demo: bool,
    /// Its rows in the embedded codebook's plan, sorted.
    pub rows: Box<[u16]>,
}

impl Brief {
    pub fn of(e: &Encounter, plan: &Rows) -> Brief {
        Brief {
            id: e.id,
            family: e.family.clone(),
            date: e.date,
            demo: e.demo,
            rows: plan.encode(e),
        }
    }

    pub fn sort_key(&self) -> (NaiveDate, Uuid) {
        (self.date, self.id)
    }

    /// The brief as a borrowed view (what filters take).
    pub fn view(&self) -> BriefRef<'_> {
        BriefRef {
            id: self.id,
            family: &self.family,
            date: self.date,
            demo: self.demo,
            rows: &self.rows,
        }
    }
}

/// A brief borrowed from wherever it is held: a [`Brief`], or a segment of
/// the store's index as it is decoded, so that a filter can drop most of a
/// million entries before anything of them is copied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BriefRef<'a> {
    pub id: Uuid,
    pub family: &'a FamilyCode,
    pub date: NaiveDate,
    pub demo: bool,
    /// Sorted, as in [`Brief::rows`].
    pub rows: &'a [u16],
}

impl BriefRef<'_> {
    pub fn sort_key(&self) -> (NaiveDate, Uuid) {
        (self.date, self.id)
    }

    /// An owned copy.
    pub fn to_brief(&self) -> Brief {
        Brief {
            id: self.id,
            family: self.family.clone(),
            date: self.date,
            demo: self.demo,
            rows: self.rows.into(),
        }
    }
}

/// What counting needs of an encounter, full or brief: the aggregate of a
/// signal package reads these four and the rows, nothing else.
pub trait Counted {
    fn id(&self) -> Uuid;
    fn family(&self) -> &FamilyCode;
    fn date(&self) -> NaiveDate;
    fn demo(&self) -> bool;
    fn sort_key(&self) -> (NaiveDate, Uuid) {
        (self.date(), self.id())
    }
}

/// Both shapes carry the four fields under the same names.
macro_rules! counted {
    ($($t:ty),*) => {$(
        impl Counted for $t {
            fn id(&self) -> Uuid {
                self.id
            }
            fn family(&self) -> &FamilyCode {
                &self.family
            }
            fn date(&self) -> NaiveDate {
                self.date
            }
            fn demo(&self) -> bool {
                self.demo
            }
        }
    )*};
}

counted!(Encounter, Brief);

impl Counted for BriefRef<'_> {
    fn id(&self) -> Uuid {
        self.id
    }
    fn family(&self) -> &FamilyCode {
        self.family
    }
    fn date(&self) -> NaiveDate {
        self.date
    }
    fn demo(&self) -> bool {
        self.demo
    }
}
