//! Disclosure control: which cells of a package may be published.
//!
//! 1. **Primary**: a cell whose `families` is between 1 and k−1 is
//!    suppressed (k for normal cells, k_high for sensitive ones). Zero is
//!    published: it reveals nobody (unless hiding it protects another cell).
//! 2. **Re-exports**: a period released before may be released again only
//!    when at least k families changed since; a cell published before whose
//!    counts moved by fewer than k families is hidden, and never alone in
//!    its dimension (so a hidden cell does not point at what changed). A
//!    period released again with nothing changed shows what it showed.
//! 3. **Secondary, against the attacker of [`audit`]**: with every package
//!    the vault released (the ledger) and the periods not released yet, the
//!    audit computes what a linear-programming attacker can pin down; while
//!    any hidden value is exact, the cheapest cell that feeds it (a zero
//!    first, then the fewest families) is suppressed too.
//!
//! Suppression hides both counts of a cell. More suppression never undoes
//! protection, so the loop ends.

pub mod audit;
mod protect;
#[cfg(test)]
mod tests;

use crate::aggregate::Aggregate;
use crate::period::Period;
use std::collections::HashMap;
use std::fmt;

pub use protect::{changes, in_span, primary_known, protect, Context};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    Published,
    /// Fewer than k families (format 1 said so in the package; format 2
    /// writes every hidden cell as `suppressed`).
    SuppressedPrimary,
    /// Hidden to protect another cell.
    SuppressedSecondary,
}

impl Status {
    /// The status as format 1 wrote it.
    pub fn format1_id(self) -> &'static str {
        match self {
            Status::Published => "published",
            Status::SuppressedPrimary => "suppressed_primary",
            Status::SuppressedSecondary => "suppressed_secondary",
        }
    }

    /// The status as format 2 writes it: a reader must not learn why.
    pub fn id(self) -> &'static str {
        match self {
            Status::Published => "published",
            _ => "suppressed",
        }
    }

    pub fn is_suppressed(self) -> bool {
        self != Status::Published
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// Cell thresholds. They can be raised, never lowered below the defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Thresholds {
    pub k: u64,
    pub k_high: u64,
}

impl Thresholds {
    pub const MIN_K: u64 = 5;
    pub const MIN_K_HIGH: u64 = 10;
    /// The highest threshold accepted (higher would hide everything).
    pub const MAX: u64 = 1_000;

    pub fn new(k: Option<u64>, k_high: Option<u64>) -> Result<Thresholds, crate::Error> {
        let k = k.unwrap_or(Self::MIN_K);
        let k_high = k_high.unwrap_or(Self::MIN_K_HIGH).max(k);
        if k < Self::MIN_K || k_high < Self::MIN_K_HIGH {
            return Err(crate::Error::ThresholdTooLow {
                k,
                k_high,
                min_k: Self::MIN_K,
                min_k_high: Self::MIN_K_HIGH,
            });
        }
        Ok(Thresholds { k, k_high })
    }

    pub fn for_cell(&self, high: bool) -> u64 {
        if high {
            self.k_high
        } else {
            self.k
        }
    }
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            k: Self::MIN_K,
            k_high: Self::MIN_K_HIGH,
        }
    }
}

/// One encounter as a release remembers it: keyed hashes (made by the
/// vault) of the encounter with its content, and of its family. Two
/// releases of a period compared by these say which families changed.
pub type Member = ([u8; 8], [u8; 8]);

/// What an earlier package released, per cell key: its status and true
/// counts. Kept (encrypted) in the vault's ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release {
    pub period: Period,
    pub cells: HashMap<String, (Status, u64, u64)>,
    /// The package format: format 1 told readers which cells were primary.
    pub format: u8,
    /// When it was made (RFC 3339): the order of releases.
    pub created: String,
    /// The encounters counted (empty for releases made before format 2).
    pub members: Vec<Member>,
}

/// What disclosure control decided, with what explains it.
#[derive(Debug, Clone, PartialEq)]
pub struct Protection {
    pub status: Vec<Status>,
    /// Keys of cells hidden here that earlier releases already let anyone
    /// compute: nothing this package can do about them.
    pub already_derivable: Vec<String>,
    /// Cells suppressed because of what was released before.
    pub by_ledger: usize,
    /// Per cell: suppressed because of what was released before.
    pub ledger_cells: Vec<bool>,
    /// The last audit: targets checked, programmes, seconds.
    pub audit: AuditFigures,
}

/// The audit's own figures, for the person exporting and the bench.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct AuditFigures {
    pub rounds: usize,
    pub targets: usize,
    pub programmes: usize,
    pub seconds: f64,
}

impl Protection {
    pub fn count(&self, s: Status) -> usize {
        self.status.iter().filter(|&&x| x == s).count()
    }
}

/// The primary status of every cell: suppressed when 1..k−1 families.
pub fn primary(agg: &Aggregate, th: Thresholds) -> Vec<Status> {
    agg.cells
        .iter()
        .map(|c| {
            if small_cell(c, th.for_cell(c.high)) {
                Status::SuppressedPrimary
            } else {
                Status::Published
            }
        })
        .collect()
}

/// 1..k−1 families.
pub fn small(families: u64, k: u64) -> bool {
    families > 0 && families < k
}

/// A cell to hide for its own sake: 1..k−1 families, or, in a dimension
/// counted by the latest value, no family now but the encounters of 1..k−1
/// families that moved on (a municipality of 0 families and 1 encounter is
/// one family's visit before it moved; an outsider found such rows
/// published). The contract hides cells of 1..k−1 families; these hold as
/// few, only counted elsewhere.
pub fn small_cell(c: &crate::aggregate::Cell, k: u64) -> bool {
    small(c.families, k) || (c.families == 0 && small(c.contributors, k))
}

/// Why no package can be made now.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// The period was released before and too few families changed since:
    /// any difference would single them out.
    #[error("{period} was released on {since}; only {changed} families changed since (at least {k} needed)")]
    TooFewChanges {
        period: Period,
        since: String,
        changed: usize,
        k: u64,
    },
    /// No choice of hidden cells keeps every hidden value from being
    /// worked out (typically: very few families, all alike). `cells` names
    /// the values (period and cell key) that would be given away.
    #[error("{period} cannot be released safely: {} hidden values could be worked out, first {}", .cells.len(), .cells[0])]
    Unprotectable { period: Period, cells: Vec<String> },
    /// The packages released before (`by`, periods of the same year)
    /// already let anyone work out values this package would have to hide:
    /// hiding more cannot help (a year released before its quarters can
    /// pin the last quarter's hidden 0). `cells` as for `Unprotectable`.
    #[error("{period} cannot be released: the packages released before give away {} of its hidden values, first {}", .cells.len(), .cells[0])]
    GivenAway {
        period: Period,
        cells: Vec<String>,
        by: Vec<Period>,
    },
    /// Not a verdict: the caller gave the package up before its audit
    /// ended (`Context::stop`). Nothing was decided.
    #[error("stopped before the package was worked out")]
    Stopped,
}
