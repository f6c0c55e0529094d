//! The whole export decision for one period, pure: aggregate, protect
//! against everything released before, build the package. The caller
//! records the release and writes the files.

use crate::aggregate::{aggregate_encoded, Aggregate};
use crate::disclosure::{protect, Context, Member, Protection, Refusal, Release};
use crate::package::{build, Meta, Package};
use crate::period::Period;
use std::sync::atomic::AtomicBool;
use veerkracht_core::brief::Counted;
use veerkracht_core::Codebook;

/// A package ready to write, with what decided its cells.
pub struct Prepared {
    pub aggregate: Aggregate,
    pub protection: Protection,
    pub package: Package,
}

/// Prepares the package of `period` from the encounters of its year (with
/// their rows), full or brief. `members` are those encounters as a release
/// remembers them, in the same order. `stop`, set by another thread, gives
/// it up ([`Refusal::Stopped`], see [`Context::stop`]).
pub fn prepare<E: Counted + Sync>(
    in_year: &[(&E, &[u16])],
    cb: &Codebook,
    period: Period,
    history: &[Release],
    members: &[Member],
    meta: Meta,
    stop: &AtomicBool,
) -> Result<Prepared, Refusal> {
    let plan = crate::plan::plan();
    let aggregate = aggregate_encoded(plan, cb, period, in_year);
    let now = |p: Period| aggregate_encoded(plan, cb, p, in_year);
    let members_of = |p: Period| -> Vec<Member> {
        in_year
            .iter()
            .zip(members)
            .filter(|((e, _), _)| p.contains(e.date()))
            .map(|(_, m)| *m)
            .collect()
    };
    let protection = protect(
        &aggregate,
        meta.thresholds,
        &Context {
            history,
            now: &now,
            members: &members_of(period),
            members_of: &members_of,
            stop,
        },
    )?;
    let package = build(&aggregate, &protection, meta);
    Ok(Prepared {
        aggregate,
        protection,
        package,
    })
}
