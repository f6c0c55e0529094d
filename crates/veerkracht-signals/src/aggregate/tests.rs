use super::reference::*;
use super::*;
use chrono::NaiveDate;
use std::collections::BTreeMap;
use veerkracht_core::demo::{generate, DemoSpec};

fn data(seed: u64) -> Vec<Encounter> {
    generate(
        Codebook::embedded(),
        &DemoSpec {
            families: 80,
            encounters: 600,
            seed,
            until: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
            days: 365,
        },
    )
}

fn in_period(all: &[Encounter], period: Period) -> Vec<&Encounter> {
    let mut v: Vec<&Encounter> = all.iter().filter(|e| period.contains(e.date)).collect();
    v.sort_by_key(|e| e.sort_key());
    v
}

fn by_family<'a>(inp: &[&'a Encounter]) -> BTreeMap<&'a FamilyCode, Vec<&'a Encounter>> {
    let mut m: BTreeMap<&FamilyCode, Vec<&Encounter>> = BTreeMap::new();
    for e in inp {
        m.entry(&e.family).or_default().push(e);
    }
    m
}

/// Every signals row and every crosstab cell and margin of the integer
/// counting equals the string-by-string reference.
#[test]
fn every_cell_follows_the_contract_rules() {
    let cb = Codebook::embedded();
    for (seed, period) in [(11, "2026-Q3"), (12, "2026"), (13, "2026-05")] {
        let all = data(seed);
        let period: Period = period.parse().unwrap();
        let agg = aggregate(&all, cb, period);
        let inp = in_period(&all, period);
        let fams = by_family(&inp);
        for row in &agg.signals {
            let cell = &agg.cells[row.cell];
            if row.dimension == TOTAL {
                assert_eq!(
                    (cell.families, cell.encounters),
                    (fams.len() as u64, inp.len() as u64)
                );
                continue;
            }
            let key = (row.code.clone(), row.qualifier.clone());
            let enc = inp
                .iter()
                .filter(|e| encounter_pairs(e, cb, &row.dimension).contains(&key))
                .count() as u64;
            let fam = fams
                .values()
                .filter(|es| family_pairs(es, cb, &row.dimension).contains(&key))
                .count() as u64;
            assert_eq!(
                (cell.families, cell.encounters),
                (fam, enc),
                "{} {}/{}/{}",
                period,
                row.dimension,
                row.code,
                row.qualifier
            );
            // Contributors: families with any encounter carrying the code.
            let contributors = fams
                .values()
                .filter(|es| {
                    es.iter()
                        .any(|e| encounter_pairs(e, cb, &row.dimension).contains(&key))
                })
                .count() as u64;
            assert_eq!(
                cell.contributors, contributors,
                "{} {}/{}/{} contributors",
                period, row.dimension, row.code, row.qualifier
            );
        }
        for x in &agg.crosstabs {
            let cell = &agg.cells[x.cell];
            let carries = |e: &Encounter| {
                (x.row_code == TOTAL || side_codes(e, cb, &x.row_dimension).contains(&x.row_code))
                    && (x.col_code == TOTAL
                        || side_codes(e, cb, &x.col_dimension).contains(&x.col_code))
            };
            let enc = inp.iter().filter(|e| carries(e)).count() as u64;
            // A family counts when one of its encounters carries both codes.
            let fam = fams
                .values()
                .filter(|es| es.iter().any(|e| carries(e)))
                .count() as u64;
            assert_eq!(
                (cell.families, cell.encounters),
                (fam, enc),
                "{} {}={} × {}={}",
                period,
                x.row_dimension,
                x.row_code,
                x.col_dimension,
                x.col_code
            );
            assert!(cell.families <= cell.encounters);
        }
    }
}

/// The relations an attacker is assumed to know hold on true counts: a
/// relation that is false would make the audit's model wrong.
#[test]
fn every_relation_holds_on_true_counts() {
    let cb = Codebook::embedded();
    for seed in 1..=6 {
        let all = data(seed);
        for period in ["2026", "2026-Q2", "2026-11"] {
            let agg = aggregate(&all, cb, period.parse().unwrap());
            for (i, r) in agg.relations.iter().enumerate() {
                let lhs: i64 = r
                    .terms
                    .iter()
                    .map(|t| {
                        let c = &agg.cells[t.cell];
                        let v = match t.measure {
                            Measure::F => c.families,
                            Measure::E => c.encounters,
                        } as i64;
                        v * i64::from(t.coef)
                    })
                    .sum();
                let ok = match r.sense {
                    Sense::Eq => lhs == 0,
                    Sense::Le => lhs <= 0,
                    Sense::Ge => lhs >= 0,
                };
                let named: Vec<String> = r
                    .terms
                    .iter()
                    .map(|t| format!("{}·{:?}({})", t.coef, t.measure, agg.cells[t.cell].key))
                    .collect();
                assert!(
                    ok,
                    "relation {i} fails ({:?}): {} = {lhs}",
                    r.sense,
                    named.join(" + ")
                );
            }
        }
    }
}

#[test]
fn a_family_counts_once_per_crosstab_cell_and_never_across_encounters() {
    // Two encounters of one family: one with theme 1 in a squat, one with
    // theme 4 in a hotel. The family is in (theme 1, squat) and (theme 4,
    // hotel), never in (theme 1, hotel).
    let cb = Codebook::embedded();
    let mut all = data(3);
    all.retain(|_| false);
    let family = FamilyCode::parse("AAAA-BBBB").unwrap();
    let date = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let mut a = Encounter::new(uuid::Uuid::from_u128(1), family.clone(), date, cb);
    a.set(
        "themes",
        veerkracht_core::Answer::Multi(vec!["bridge_figures_low_threshold".into()]),
    );
    a.set(
        "housing_situation",
        veerkracht_core::Answer::Single("squat_or_occupation".into()),
    );
    let mut b = Encounter::new(uuid::Uuid::from_u128(2), family, date, cb);
    b.set(
        "themes",
        veerkracht_core::Answer::Multi(vec!["housing".into()]),
    );
    b.set(
        "housing_situation",
        veerkracht_core::Answer::Single("emergency_shelter".into()),
    );
    all.push(a);
    all.push(b);
    let agg = aggregate(&all, cb, "2026-03".parse().unwrap());
    let idx = agg.index();
    let fam = |rc: &str, cc: &str| {
        idx.get(cross_key("themes_effective", rc, "housing_situation", cc).as_str())
            .map(|&i| agg.cells[i].families)
    };
    assert_eq!(
        fam("bridge_figures_low_threshold", "squat_or_occupation"),
        Some(1)
    );
    assert_eq!(fam("housing", "emergency_shelter"), Some(1));
    assert_eq!(
        fam("bridge_figures_low_threshold", "emergency_shelter"),
        Some(0),
        "codes of different encounters never make a cell"
    );
    // Housing is a situation: the family counts once, under its latest value.
    let latest = agg
        .signals
        .iter()
        .filter(|s| s.dimension == "housing_situation");
    let total: u64 = latest.map(|s| agg.cells[s.cell].families).sum();
    assert_eq!(total, 1);
}
