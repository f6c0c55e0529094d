use super::*;
use crate::aggregate::aggregate;
use crate::disclosure::{protect, Context, Status};
use chrono::NaiveDate;
use veerkracht_core::demo::{generate, DemoSpec};
use veerkracht_core::{Codebook, Encounter, Lang};

fn caseload(seed: u64, families: usize, encounters: usize) -> Vec<Encounter> {
    generate(
        Codebook::embedded(),
        &DemoSpec {
            families,
            encounters,
            seed,
            until: NaiveDate::from_ymd_opt(2026, 6, 30).unwrap(),
            days: 365,
        },
    )
}

fn meta(source: &str, created: &str) -> Meta {
    Meta {
        language: Lang::En,
        id: Uuid::new_v4(),
        created: created.into(),
        generator: "test".into(),
        thresholds: Thresholds::default(),
        source: source.into(),
    }
}

fn package_of(all: &[Encounter], period: &str, m: Meta) -> Package {
    let cb = Codebook::embedded();
    let agg = aggregate(all, cb, period.parse().unwrap());
    let now = |p: Period| aggregate(all, cb, p);
    let prot = protect(
        &agg,
        Thresholds::default(),
        &Context {
            history: &[],
            now: &now,
            members: &[],
            members_of: &|_| Vec::new(),
            stop: &std::sync::atomic::AtomicBool::new(false),
        },
    )
    .unwrap_or_else(|e| panic!("{e:?}"));
    build(&agg, &prot, m)
}

/// The data files and the descriptor (the report is another crate's).
fn files_of(p: &Package) -> BTreeMap<String, Vec<u8>> {
    let cb = Codebook::embedded();
    let mut out = vec![
        (SIGNALS_CSV, signals_csv(p).into_bytes()),
        (CROSSTABS_CSV, crosstabs_csv(p).into_bytes()),
        (CODEBOOK_CSV, codebook_csv(cb).into_bytes()),
    ];
    if !p.bounds.is_empty() {
        out.push((BOUNDS_CSV, bounds_csv(p, cb).into_bytes()));
    }
    let refs: Vec<(&str, &[u8])> = out.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    let descriptor = datapackage_json(p, cb, &refs);
    out.push((DATAPACKAGE, descriptor.into_bytes()));
    out.into_iter().map(|(n, b)| (n.to_string(), b)).collect()
}

fn reread(files: &BTreeMap<String, Vec<u8>>) -> Package {
    read(files).expect("reads back")
}

#[test]
fn a_package_reads_back_as_written_and_verifies() {
    let cb = Codebook::embedded();
    let p = package_of(
        &caseload(1, 90, 700),
        "2026-Q1",
        meta("src-1", "2026-04-01T00:00:00Z"),
    );
    let files = files_of(&p);
    let back = reread(&files);
    // The files say only "suppressed": why a cell is hidden stays inside.
    let one = |c: &mut Counts| {
        if c.status.is_suppressed() {
            c.status = Status::SuppressedSecondary;
        }
    };
    let mut signals = p.signals.clone();
    signals.iter_mut().for_each(|l| one(&mut l.counts));
    let mut crosstabs = p.crosstabs.clone();
    crosstabs.iter_mut().for_each(|l| one(&mut l.counts));
    assert_eq!(back.signals, signals);
    assert_eq!(back.crosstabs, crosstabs);
    assert_eq!(back.fingerprint, p.fingerprint);
    assert_eq!(back.format, FORMAT);
    assert_eq!(verify(&back, &files, cb), Vec::<Problem>::new());
    let text = String::from_utf8(files[SIGNALS_CSV].clone()).unwrap();
    assert!(
        text.lines()
            .skip(1)
            .all(|l| l.ends_with(",published") || l.ends_with(",,suppressed")),
        "one word for hidden cells, and no counts"
    );
}

#[test]
fn a_year_is_written_as_text_so_packages_stack() {
    let p = package_of(
        &caseload(2, 60, 500),
        "2026",
        meta("s", "2026-07-01T00:00:00Z"),
    );
    let text = signals_csv(&p);
    assert!(
        text.lines().nth(1).unwrap().starts_with("2026-A1,"),
        "{}",
        &text[..80]
    );
}

#[test]
fn verify_refuses_what_a_researcher_could_not_trust() {
    let cb = Codebook::embedded();
    let p = package_of(
        &caseload(3, 90, 700),
        "2026-Q1",
        meta("s", "2026-04-01T00:00:00Z"),
    );
    let files = files_of(&p);

    // A file the package does not list (a note slipped into the folder).
    let mut extra = files.clone();
    extra.insert("notes.txt".into(), b"mevrouw Janssens".to_vec());
    assert!(verify(&reread(&extra), &extra, cb)
        .iter()
        .any(|x| matches!(x, Problem::UnlistedFile { .. })));

    // A count changed and every hash recomputed: the figures give it away.
    let mut p2 = reread(&files);
    let i = p2
        .signals
        .iter()
        .position(|s| s.counts.families.is_some_and(|f| f >= 5) && s.dimension != "total")
        .unwrap();
    p2.signals[i].counts.families = Some(p2.signals[i].counts.families.unwrap() + 1);
    let forged = files_of(&p2);
    let problems = verify(&reread(&forged), &forged, cb);
    assert!(
        problems
            .iter()
            .any(|x| matches!(x, Problem::Fingerprint | Problem::Disagrees { .. })),
        "{problems:?}"
    );
}

/// A row left out, a row given twice and a row out of place are each named
/// as such, with the row (files and hashes redone, as a careless editor of
/// the CSV would not, so that only the rows are wrong).
#[test]
fn verify_names_a_missing_a_doubled_and_a_foreign_row() {
    let cb = Codebook::embedded();
    let p = package_of(
        &caseload(5, 90, 700),
        "2026-Q1",
        meta("s", "2026-04-01T00:00:00Z"),
    );
    let check = |edit: &dyn Fn(&mut Package)| {
        let mut q = p.clone();
        edit(&mut q);
        let files = files_of(&q);
        verify(&reread(&files), &files, cb)
    };
    let row = |l: &SignalLine| format!("{}/{}/{}", l.dimension, l.code, l.qualifier);
    let problems = check(&|q| {
        q.signals.remove(7);
    });
    assert!(
        problems.contains(&Problem::MissingRow {
            file: SIGNALS_CSV.into(),
            row: row(&p.signals[7]),
        }),
        "{problems:?}"
    );
    let problems = check(&|q| {
        let again = q.signals[7].clone();
        q.signals.insert(8, again);
    });
    assert!(
        problems.contains(&Problem::DuplicateRow {
            file: SIGNALS_CSV.into(),
            row: row(&p.signals[7]),
        }),
        "{problems:?}"
    );
    let problems = check(&|q| q.signals[7].code = "not_a_code".into());
    let mut foreign = p.signals[7].clone();
    foreign.code = "not_a_code".into();
    assert!(
        problems.contains(&Problem::UnexpectedRow {
            file: SIGNALS_CSV.into(),
            row: row(&foreign),
        }),
        "{problems:?}"
    );
    let problems = check(&|q| {
        q.crosstabs.remove(3);
    });
    assert!(
        problems
            .iter()
            .any(|x| matches!(x, Problem::MissingRow { file, .. } if file == CROSSTABS_CSV)),
        "{problems:?}"
    );
}

#[test]
fn merges_carry_demo_and_refuse_copies_and_second_exports() {
    let cb = Codebook::embedded();
    let demo = package_of(
        &caseload(4, 90, 700),
        "2026-Q1",
        meta("a", "2026-04-01T00:00:00Z"),
    );
    let mut real_data = caseload(5, 90, 700);
    for e in &mut real_data {
        e.demo = false;
    }
    let real = package_of(&real_data, "2026-Q1", meta("b", "2026-04-02T00:00:00Z"));
    let merged = merge(
        &[demo.clone(), real.clone()],
        cb,
        meta("", "2026-04-03T00:00:00Z"),
    )
    .unwrap();
    assert!(merged.demo, "a merge with a demo source is demo");
    assert!(merged.demo_encounters > 0);
    let files = files_of(&merged);
    assert_eq!(verify(&reread(&files), &files, cb), Vec::<Problem>::new());
    for (key, b) in &merged.bounds {
        assert!(
            b.families.0 < b.families.1 || b.encounters.0 < b.encounters.1,
            "{key}"
        );
    }

    // The same package twice; a copy with another id; two exports of one
    // period from one vault.
    assert!(matches!(
        merge(&[real.clone(), real.clone()], cb, meta("", "x")),
        Err(MergeError::SamePackage { .. })
    ));
    let mut copy = real.clone();
    copy.id = Uuid::new_v4();
    assert!(matches!(
        merge(&[real.clone(), copy], cb, meta("", "x")),
        Err(MergeError::SameContent { .. })
    ));
    let again = package_of(
        &caseload(6, 90, 700),
        "2026-Q1",
        meta("b", "2026-05-01T00:00:00Z"),
    );
    match merge(&[real.clone(), again.clone()], cb, meta("", "x")) {
        Err(MergeError::SameSource { keep, drop, .. }) => {
            assert_eq!((keep, drop), (again.id, real.id), "the newer one is kept");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_series_stacks_periods_and_refuses_two_of_one() {
    let all = caseload(7, 60, 500);
    let q = package_of(&all, "2026-Q1", meta("s", "2026-04-01T00:00:00Z"));
    let m = package_of(&all, "2026-01", meta("s", "2026-02-01T00:00:00Z"));
    let text = series::series_csv(&[q.clone(), m.clone()]).unwrap();
    let first = text.lines().nth(1).unwrap();
    assert!(
        first.starts_with("2026-01,2026-01-01,2026-01-31,"),
        "{first}"
    );
    assert!(matches!(
        series::series_csv(&[q.clone(), q]),
        Err(series::SeriesError::SamePeriod { .. })
    ));
}
