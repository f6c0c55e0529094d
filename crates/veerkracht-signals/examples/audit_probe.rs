//! Times the disclosure audit on a demo caseload (a development probe).
use veerkracht_core::demo::{generate, DemoSpec};
use veerkracht_core::Codebook;
use veerkracht_signals::aggregate::aggregate;
use veerkracht_signals::disclosure::audit::{audit, Depth, Layout, Sheet};
use veerkracht_signals::disclosure::{primary, Thresholds};

fn main() {
    let cb = Codebook::embedded();
    let all = generate(
        cb,
        &DemoSpec {
            families: 300,
            encounters: 3000,
            seed: 3,
            until: chrono::NaiveDate::from_ymd_opt(2025, 12, 31).unwrap(),
            days: 365,
        },
    );
    let agg = aggregate(&all, cb, "2025-Q1".parse().unwrap());
    let status = primary(&agg, Thresholds::default());
    let layout = Layout::of(&agg);
    let n = agg.cells.len();
    let truth: Vec<(u64, u64)> = agg
        .cells
        .iter()
        .map(|c| (c.families, c.encounters))
        .collect();
    let hidden = status.iter().filter(|s| s.is_suppressed()).count();
    println!(
        "cells {n}, hidden {hidden}, relations {}",
        layout.relations.len()
    );
    let sheet = Sheet {
        period: agg.period,
        label: "q1".into(),
        shown: (0..n)
            .map(|i| (!status[i].is_suppressed()).then_some(truth[i]))
            .collect(),
        truth: Some(truth.clone()),
        known: vec![None; n],
        older: None,
        targets: status.iter().map(|s| s.is_suppressed()).collect(),
        parts: Vec::new(),
    };
    let t = std::time::Instant::now();
    let out = audit(&layout, &[sheet], Depth::Exactness);
    println!(
        "exactness: {} targets, {} components, {} programmes, {:?}, {} exact",
        out.targets,
        out.components,
        out.programmes,
        t.elapsed(),
        out.exact.len()
    );
    let now = |p: veerkracht_signals::Period| aggregate(&all, cb, p);
    let t = std::time::Instant::now();
    let prot = veerkracht_signals::disclosure::protect(
        &agg,
        Thresholds::default(),
        &veerkracht_signals::disclosure::Context {
            history: &[],
            now: &now,
            members: &[],
            members_of: &|_| Vec::new(),
            stop: &std::sync::atomic::AtomicBool::new(false),
        },
    )
    .unwrap();
    println!(
        "protect: {:?}, {} suppressed, {:?}",
        t.elapsed(),
        prot.status.iter().filter(|s| s.is_suppressed()).count(),
        prot.audit
    );
}
