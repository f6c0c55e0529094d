//! Merging packages of one period from several workers. Counts add up (a
//! family met by two workers counts twice: pseudonyms are per worker); a
//! cell hidden in any source stays hidden, with the interval the sources
//! allow (each source's own audit gives its hidden values' intervals). A
//! merge with any demo source is demo. The same content or the same source
//! and period given twice is refused, saying which package to keep.

use super::verify::cells_of;
use super::*;
use crate::aggregate::Measure;
use crate::disclosure::audit::{self, Depth, Known, Layout, Sheet};
use crate::disclosure::{primary_known, Protection};

/// Why packages cannot be merged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    #[error("no packages to merge")]
    Nothing,
    #[error("periods differ: {first} and {other}")]
    PeriodsDiffer { first: Period, other: Period },
    #[error("codebook versions differ: {first} and {other}")]
    CodebooksDiffer { first: String, other: String },
    #[error("package {id} is given twice (or is already part of another)")]
    SamePackage { id: Uuid },
    #[error("packages {first} and {other} hold the same figures (a copy)")]
    SameContent { first: Uuid, other: Uuid },
    #[error("packages {keep} and {drop} are two exports of {period} from one source: keep {keep}, the newer")]
    SameSource {
        period: Period,
        keep: Uuid,
        drop: Uuid,
    },
    #[error("package {id} does not have the layout of its codebook")]
    Layout { id: Uuid },
}

/// Each hidden value's interval, from what the package itself shows.
fn intervals(p: &Package, sk: &Aggregate, cells: &[Counts]) -> Vec<((u64, u64), (u64, u64))> {
    let layout = Layout::of(sk);
    let known: Vec<Option<Known>> = cells
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if !c.status.is_suppressed() {
                return None;
            }
            p.bounds
                .get(&sk.cells[i].key)
                .map(|b| Known {
                    families: b.families,
                    encounters: b.encounters,
                })
                .or_else(|| {
                    (p.format == 1 && c.status == Status::SuppressedPrimary)
                        .then(|| primary_known(p.thresholds.for_cell(sk.cells[i].high)))
                })
        })
        .collect();
    let sheet = Sheet {
        period: p.period,
        label: p.id.to_string(),
        shown: cells.iter().map(|c| c.families.zip(c.encounters)).collect(),
        truth: None,
        known,
        older: None,
        targets: cells.iter().map(|c| c.status.is_suppressed()).collect(),
        parts: Vec::new(),
    };
    let out = audit::audit(&layout, std::slice::from_ref(&sheet), Depth::Intervals);
    let mut iv: Vec<((u64, u64), (u64, u64))> = cells
        .iter()
        .map(|c| {
            let f = c.families.unwrap_or(0);
            let e = c.encounters.unwrap_or(0);
            ((f, f), (e, e))
        })
        .collect();
    let total = cells[sk.signals.last().expect("total").cell];
    let cap = (
        total.families.unwrap_or(u64::MAX / 4),
        total.encounters.unwrap_or(u64::MAX / 4),
    );
    for (i, c) in cells.iter().enumerate() {
        if c.status.is_suppressed() {
            iv[i] = ((0, cap.0), (0, cap.1));
        }
    }
    for (t, lo, hi) in out.intervals {
        let slot = match t.measure {
            Measure::F => &mut iv[t.cell].0,
            Measure::E => &mut iv[t.cell].1,
        };
        *slot = (lo, hi.min(slot.1));
    }
    iv
}

fn check_sources(sources: &[Package], cb: &veerkracht_core::Codebook) -> Result<(), MergeError> {
    let first = sources.first().ok_or(MergeError::Nothing)?;
    let mut ids = std::collections::HashSet::new();
    let mut contents: BTreeMap<&str, Uuid> = BTreeMap::new();
    let mut by_source: BTreeMap<(&str, Period), &Package> = BTreeMap::new();
    for p in sources {
        if p.period != first.period {
            return Err(MergeError::PeriodsDiffer {
                first: first.period,
                other: p.period,
            });
        }
        if p.codebook != first.codebook || p.codebook != cb.version {
            return Err(MergeError::CodebooksDiffer {
                first: first.codebook.clone(),
                other: p.codebook.clone(),
            });
        }
        for id in std::iter::once(&p.id).chain(p.sources.iter().map(|s| &s.id)) {
            if !ids.insert(*id) {
                return Err(MergeError::SamePackage { id: *id });
            }
        }
        let prints = std::iter::once(p.fingerprint.as_str())
            .chain(p.sources.iter().map(|s| s.fingerprint.as_str()))
            .filter(|f| !f.is_empty());
        for f in prints {
            if let Some(other) = contents.insert(f, p.id) {
                return Err(MergeError::SameContent {
                    first: other,
                    other: p.id,
                });
            }
        }
        let mine = std::iter::once((p.source.as_str(), p.period, p.created.as_str(), p.id))
            .chain(
                p.sources
                    .iter()
                    .map(|s| (s.source.as_str(), s.period, s.created.as_str(), s.id)),
            )
            .filter(|(s, ..)| !s.is_empty());
        for (source, period, created, id) in mine {
            if let Some(other) = by_source.get(&(source, period)) {
                let (keep, drop) = if created >= other.created.as_str() {
                    (id, other.id)
                } else {
                    (other.id, id)
                };
                return Err(MergeError::SameSource { period, keep, drop });
            }
            by_source.insert((source, period), p);
        }
    }
    Ok(())
}

/// Merges packages of the same period and codebook from different workers.
pub fn merge(
    sources: &[Package],
    cb: &veerkracht_core::Codebook,
    meta: Meta,
) -> Result<Package, MergeError> {
    check_sources(sources, cb)?;
    let first = &sources[0];
    let th = Thresholds {
        k: sources
            .iter()
            .map(|p| p.thresholds.k)
            .max()
            .unwrap_or(5)
            .max(meta.thresholds.k),
        k_high: sources
            .iter()
            .map(|p| p.thresholds.k_high)
            .max()
            .unwrap_or(10)
            .max(meta.thresholds.k_high),
    };
    let mut sk = skeleton(cb, first.period);
    let n = sk.cells.len();
    let mut lo = vec![(0u64, 0u64); n];
    let mut hi = vec![(0u64, 0u64); n];
    for p in sources {
        let mut problems = Vec::new();
        let cells = cells_of(p, &sk, &mut problems).ok_or(MergeError::Layout { id: p.id })?;
        for (i, (f, e)) in intervals(p, &sk, &cells).into_iter().enumerate() {
            lo[i].0 += f.0;
            hi[i].0 = hi[i].0.saturating_add(f.1);
            lo[i].1 += e.0;
            hi[i].1 = hi[i].1.saturating_add(e.1);
        }
    }
    let mut status = Vec::with_capacity(n);
    for (i, c) in sk.cells.iter_mut().enumerate() {
        c.families = lo[i].0;
        c.encounters = lo[i].1;
        let exact = lo[i] == hi[i];
        let k = th.for_cell(c.high);
        status.push(if exact && !crate::disclosure::small(lo[i].0, k) {
            Status::Published
        } else {
            Status::SuppressedSecondary
        });
    }
    let prot = Protection {
        ledger_cells: vec![false; n],
        status,
        already_derivable: Vec::new(),
        by_ledger: 0,
        audit: Default::default(),
    };
    let mut merged = build(
        &sk,
        &prot,
        Meta {
            thresholds: th,
            source: String::new(),
            ..meta
        },
    );
    merged.sources = sources
        .iter()
        .flat_map(|p| {
            if p.sources.is_empty() {
                vec![SourceRef {
                    id: p.id,
                    source: p.source.clone(),
                    fingerprint: p.fingerprint.clone(),
                    period: p.period,
                    created: p.created.clone(),
                }]
            } else {
                p.sources.clone()
            }
        })
        .collect();
    merged.demo = sources.iter().any(|p| p.demo || p.demo_encounters > 0);
    merged.demo_encounters = sources.iter().map(|p| p.demo_encounters).sum();
    for (i, c) in sk.cells.iter().enumerate() {
        if prot.status[i].is_suppressed() {
            merged.bounds.insert(
                c.key.clone(),
                Bounds {
                    families: (lo[i].0, hi[i].0),
                    encounters: (lo[i].1, hi[i].1),
                },
            );
        }
    }
    merged.fingerprint = fingerprint(&merged);
    Ok(merged)
}
