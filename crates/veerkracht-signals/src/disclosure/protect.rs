//! Deciding a package's statuses: primary, re-export rules, then the
//! audit loop (see the module above).

use super::audit::{self, Depth, Layout, Sheet, Target};
use super::{primary, small, AuditFigures, Member, Protection, Refusal, Release, Status, Thresholds};
use crate::aggregate::Aggregate;
use crate::period::Period;
use std::collections::{BTreeSet, HashMap, HashSet};

/// What protecting a package needs besides the package.
pub struct Context<'a> {
    /// Every release of the vault (the ledger).
    pub history: &'a [Release],
    /// The true counts of any period now.
    pub now: &'a dyn Fn(Period) -> Aggregate,
    /// The encounters of the package's period now, as a release keeps them.
    pub members: &'a [Member],
}

/// How many families and encounters differ between two releases' members.
pub fn changes(before: &[Member], now: &[Member]) -> (usize, usize) {
    let a: HashSet<&Member> = before.iter().collect();
    let b: HashSet<&Member> = now.iter().collect();
    let changed: Vec<&&Member> = a.symmetric_difference(&b).collect();
    let families: HashSet<[u8; 8]> = changed.iter().map(|m| m.1).collect();
    (families.len(), changed.len())
}

fn truth_of(agg: &Aggregate) -> Vec<(u64, u64)> {
    agg.cells.iter().map(|c| (c.families, c.encounters)).collect()
}

fn release_truth(r: &Release, layout: &Layout) -> Vec<Option<(Status, u64, u64)>> {
    layout.keys.iter().map(|k| r.cells.get(k).copied()).collect()
}

/// Cells that appear together in a relation: where protection looks for a
/// cell to hide alongside an exact one.
fn neighbours(layout: &Layout) -> Vec<Vec<usize>> {
    let mut out: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); layout.keys.len()];
    for r in layout.relations.iter() {
        for a in &r.terms {
            for b in &r.terms {
                if a.cell != b.cell {
                    out[a.cell].insert(b.cell);
                }
            }
        }
    }
    out.into_iter().map(|s| s.into_iter().collect()).collect()
}

/// What format 1's `suppressed_primary` told readers: 1..k−1 families.
pub fn primary_known(k: u64) -> audit::Known {
    audit::Known {
        families: (1, k - 1),
        encounters: (1, u64::MAX),
    }
}

/// Decides the status of every cell of `agg`, or refuses the release.
pub fn protect(agg: &Aggregate, th: Thresholds, ctx: &Context<'_>) -> Result<Protection, Refusal> {
    let layout = Layout::of(agg);
    let n = agg.cells.len();
    let k_of = |c: usize| th.for_cell(agg.cells[c].high);
    let mut status = primary(agg, th);
    let mut ledger_cells = vec![false; n];
    let truth_now = truth_of(agg);

    // Re-exports: the same period released before.
    let mut same: Vec<&Release> = ctx
        .history
        .iter()
        .filter(|r| r.period == agg.period)
        .collect();
    same.sort_by(|a, b| a.created.cmp(&b.created));
    if let Some(latest) = same.last() {
        let before = release_truth(latest, &layout);
        let changed = if latest.members.is_empty() {
            // A release from before format 2: only counts to compare.
            let moved = before
                .iter()
                .zip(&truth_now)
                .filter_map(|(b, t)| b.map(|(_, f, _)| f.abs_diff(t.0)))
                .max()
                .unwrap_or(0) as usize;
            let any = before
                .iter()
                .zip(&truth_now)
                .any(|(b, t)| b.is_some_and(|(_, f, e)| (f, e) != *t));
            if any {
                moved.max(1)
            } else {
                0
            }
        } else {
            changes(&latest.members, ctx.members).0
        };
        if changed > 0 && (changed as u64) < th.k {
            return Err(Refusal::TooFewChanges {
                period: agg.period,
                since: latest.created.clone(),
                changed,
                k: th.k,
            });
        }
        // A cell published before that moved by fewer than k families.
        for r in &same {
            for (c, b) in release_truth(r, &layout).iter().enumerate() {
                if let Some((Status::Published, f, e)) = *b {
                    let moved = (f, e) != truth_now[c];
                    if moved && f.abs_diff(truth_now[c].0) < k_of(c) && !status[c].is_suppressed() {
                        status[c] = Status::SuppressedSecondary;
                        ledger_cells[c] = true;
                    }
                }
            }
        }
        decoys(agg, &layout, &before, &mut status, &mut ledger_cells);
    }

    // The sheets: this package's period and, when the year holds other
    // releases, every period of the year.
    let year: Vec<Period> = Period::family_of_year(agg.period.year());
    let others = ctx
        .history
        .iter()
        .any(|r| r.period.year() == agg.period.year() && r.period != agg.period);
    let periods: Vec<Period> = if others { year } else { vec![agg.period] };
    let mut sheets: Vec<Sheet> = Vec::new();
    let mut candidate = 0;
    for p in periods {
        let now = if p == agg.period {
            agg.clone()
        } else {
            (ctx.now)(p)
        };
        let truth = truth_of(&now);
        let mut sheet = Sheet {
            period: p,
            label: format!("{p}"),
            shown: vec![None; n],
            truth: Some(truth.clone()),
            known: vec![None; n],
            older: None,
            targets: vec![false; n],
        };
        let mut released_here = false;
        for r in ctx.history.iter().filter(|r| r.period == p) {
            let cells = release_truth(r, &layout);
            let equal = cells
                .iter()
                .zip(&truth)
                .all(|(c, t)| c.is_none_or(|(_, f, e)| (f, e) == *t));
            if equal {
                released_here = true;
                for (c, x) in cells.iter().enumerate() {
                    match x {
                        Some((Status::Published, f, e)) => sheet.shown[c] = Some((*f, *e)),
                        Some((s, _, _)) => {
                            sheet.targets[c] = true;
                            if r.format == 1 && *s == Status::SuppressedPrimary {
                                sheet.known[c] = Some(primary_known(k_of(c)));
                            }
                        }
                        None => {}
                    }
                }
            } else {
                let (df, de) = if r.members.is_empty() {
                    let diff = |i: usize| {
                        cells
                            .iter()
                            .zip(&truth)
                            .filter_map(|(c, t)| {
                                c.map(|(_, f, e)| if i == 0 { f.abs_diff(t.0) } else { e.abs_diff(t.1) })
                            })
                            .max()
                            .unwrap_or(0)
                    };
                    (diff(0), diff(1))
                } else {
                    let m = if p == agg.period {
                        changes(&r.members, ctx.members)
                    } else {
                        (truth.len(), truth.len())
                    };
                    (m.0 as u64, m.1 as u64)
                };
                sheets.push(Sheet {
                    period: p,
                    label: r.created.clone(),
                    shown: cells
                        .iter()
                        .map(|c| match c {
                            Some((Status::Published, f, e)) => Some((*f, *e)),
                            _ => None,
                        })
                        .collect(),
                    truth: Some(
                        cells
                            .iter()
                            .zip(&truth)
                            .map(|(c, t)| c.map(|(_, f, e)| (f, e)).unwrap_or(*t))
                            .collect(),
                    ),
                    known: cells
                        .iter()
                        .enumerate()
                        .map(|(i, c)| match c {
                            Some((Status::SuppressedPrimary, _, _)) if r.format == 1 => {
                                Some(primary_known(k_of(i)))
                            }
                            _ => None,
                        })
                        .collect(),
                    older: Some((df, de)),
                    targets: cells
                        .iter()
                        .map(|c| c.is_some_and(|(s, _, _)| s.is_suppressed()))
                        .collect(),
                });
            }
        }
        if p == agg.period {
            candidate = sheets.len();
            for c in 0..n {
                if sheet.shown[c].is_some() {
                    // Published before with the same counts: public already,
                    // whatever this package shows.
                } else if status[c].is_suppressed() {
                    sheet.targets[c] = true;
                } else if sheet.targets[c] {
                    // Hidden before with the same count: must stay hidden.
                    status[c] = Status::SuppressedSecondary;
                    ledger_cells[c] = true;
                } else {
                    sheet.shown[c] = Some(truth[c]);
                }
            }
        } else if !released_here {
            for (c, t) in truth.iter().enumerate() {
                sheet.targets[c] = small(t.0, k_of(c));
            }
        }
        sheets.push(sheet);
    }

    let near = neighbours(&layout);
    let mut derivable: BTreeSet<String> = BTreeSet::new();
    let mut figures = AuditFigures::default();
    let mut hopeless: HashSet<Target> = HashSet::new();
    // Cells this loop hid to protect others, and cells it gave up on.
    let mut chosen: BTreeSet<usize> = BTreeSet::new();
    let mut tried: BTreeSet<usize> = BTreeSet::new();
    // After the first round only the components holding a newly hidden
    // cell can change.
    let mut focus: Option<HashSet<(usize, usize)>> = None;
    loop {
        let out = audit::audit_focused(&layout, &sheets, Depth::Exactness, focus.as_ref());
        figures.rounds += 1;
        figures.targets = out.targets;
        figures.programmes += out.programmes;
        figures.seconds += out.seconds;
        let exact: Vec<Target> = out
            .exact
            .into_iter()
            .filter(|t| !hopeless.contains(t))
            .collect();
        if std::env::var_os("VEERKRACHT_AUDIT_TRACE").is_some() {
            eprintln!(
                "audit round {}: {} targets, {} components, {} programmes, {:.2}s, {} exact",
                figures.rounds,
                out.targets,
                out.components,
                out.programmes,
                out.seconds,
                exact.len()
            );
        }
        if exact.is_empty() {
            break;
        }
        // A cell hidden here only to protect another, whose counts anyone
        // can compute anyway, protects nothing: publish it again (its value
        // is known, so this tells nobody anything) and never pick it again.
        let mut reverted: BTreeSet<usize> = BTreeSet::new();
        for t in exact.iter().filter(|t| t.sheet == candidate) {
            let both = exact
                .iter()
                .filter(|u| u.sheet == candidate && u.cell == t.cell)
                .count()
                == 2;
            if both && chosen.contains(&t.cell) {
                reverted.insert(t.cell);
            }
        }
        for &c in &reverted {
            chosen.remove(&c);
            tried.insert(c);
            status[c] = Status::Published;
            ledger_cells[c] = false;
            sheets[candidate].shown[c] = Some(truth_now[c]);
            sheets[candidate].targets[c] = false;
        }
        let mut picks: BTreeSet<usize> = BTreeSet::new();
        for t in exact.iter().filter(|t| !reverted.contains(&t.cell) || t.sheet != candidate) {
            match pick(agg, &sheets[candidate], &near, t, candidate, &tried) {
                Some(c) => {
                    picks.insert(c);
                }
                None => {
                    hopeless.insert(*t);
                    derivable.insert(format!("{} {}", sheets[t.sheet].period, layout.keys[t.cell]));
                }
            }
        }
        if picks.is_empty() && reverted.is_empty() {
            break;
        }
        let mut touched: HashSet<(usize, usize)> =
            reverted.iter().map(|&c| (candidate, c)).collect();
        for &c in &picks {
            touched.insert((candidate, c));
            chosen.insert(c);
            status[c] = Status::SuppressedSecondary;
            ledger_cells[c] |= exact
                .iter()
                .any(|t| t.sheet != candidate && (t.cell == c || near[t.cell].contains(&c)));
            sheets[candidate].shown[c] = None;
            sheets[candidate].targets[c] = true;
        }
        focus = Some(touched);
    }
    Ok(Protection {
        by_ledger: ledger_cells.iter().filter(|&&b| b).count(),
        status,
        already_derivable: derivable.into_iter().collect(),
        ledger_cells,
        audit: figures,
    })
}

/// The cheapest published cell of the package to hide so that `t` is no
/// longer exact: the same cell when `t` is in another period, else one that
/// shares a relation with it (then one two relations away). A zero costs
/// nothing to hide; otherwise the fewest families; the total last.
fn pick(
    agg: &Aggregate,
    sheet: &Sheet,
    near: &[Vec<usize>],
    t: &Target,
    candidate: usize,
    tried: &BTreeSet<usize>,
) -> Option<usize> {
    let open = |c: &usize| sheet.shown[*c].is_some() && !tried.contains(c);
    let cost = |c: &usize| {
        let cell = &agg.cells[*c];
        (cell.key.starts_with("s|total|"), cell.families)
    };
    if t.sheet != candidate && open(&t.cell) {
        return Some(t.cell);
    }
    let first: Vec<usize> = near[t.cell].iter().copied().filter(open).collect();
    if let Some(c) = first.iter().min_by_key(|c| cost(c)) {
        return Some(*c);
    }
    let second: BTreeSet<usize> = near[t.cell]
        .iter()
        .flat_map(|m| near[*m].iter().copied())
        .filter(|c| *c != t.cell)
        .filter(open)
        .collect();
    second.into_iter().min_by_key(cost)
}

/// A hidden cell must not point at what changed: in a dimension where a
/// single cell published before is hidden now, hide one more.
fn decoys(
    agg: &Aggregate,
    layout: &Layout,
    before: &[Option<(Status, u64, u64)>],
    status: &mut [Status],
    ledger: &mut [bool],
) {
    let mut by_dim: HashMap<&str, Vec<usize>> = HashMap::new();
    for row in &agg.signals {
        by_dim.entry(row.dimension.as_str()).or_default().push(row.cell);
    }
    for cells in by_dim.values() {
        let was_open = |c: &usize| matches!(before[*c], Some((Status::Published, _, _)));
        let flipped: Vec<usize> = cells
            .iter()
            .copied()
            .filter(|c| was_open(c) && ledger[*c] && status[*c].is_suppressed())
            .collect();
        if flipped.len() == 1 {
            let decoy = cells
                .iter()
                .copied()
                .filter(|c| was_open(c) && !status[*c].is_suppressed())
                .filter(|c| !layout.keys[*c].starts_with("s|total|"))
                .min_by_key(|c| agg.cells[*c].families);
            if let Some(d) = decoy {
                status[d] = Status::SuppressedSecondary;
                ledger[d] = true;
            }
        }
    }
}
