//! Signal packages on disk, for anyone holding them (no vault needed):
//! open and check one, verify, merge several of one period, stack many
//! periods into a series, and audit a set as the attacker would.

use crate::error::{Error, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use veerkracht_core::{Codebook, Lang};
use veerkracht_signals::aggregate::Measure;
use veerkracht_signals::disclosure::audit::{self, Depth, Known, Layout, Seen};
use veerkracht_signals::disclosure::{primary_known, Thresholds};
use veerkracht_signals::package::{self, Package, Problem};
use veerkracht_signals::Period;

/// A package read from a folder, with what `verify` found wrong with it.
#[derive(Debug, Clone)]
pub struct Opened {
    pub folder: PathBuf,
    pub package: Package,
    pub problems: Vec<Problem>,
}

fn read(folder: &Path) -> Result<(Package, BTreeMap<String, Vec<u8>>)> {
    let files = veerkracht_store::package_dir::read(folder)?;
    let package = package::read(&files).map_err(|error| Error::PackageUnreadable {
        path: folder.to_path_buf(),
        error,
    })?;
    Ok((package, files))
}

/// The report, the workbook, the codebook and the descriptor must be
/// exactly what the package's own figures produce: a package whose report
/// holds anything else (a script, a form), whose workbook holds a formula,
/// whose labels were edited, or whose descriptor says anything else (a
/// title, a description of its disclosure control, a field's meaning: the
/// parts its fingerprint and file hashes do not cover) is refused. The
/// descriptor is compared as JSON and the CSVs row by row, so that only
/// their content counts, not their layout; the first field of the
/// descriptor that differs is named, and a key given twice is refused.
fn rendering_problems(p: &Package, files: &BTreeMap<String, Vec<u8>>) -> Vec<Problem> {
    let cb = Codebook::embedded();
    let mut out = Vec::new();
    let expected = veerkracht_report::rendered(p, cb);
    for name in [package::REPORT, package::XLSX] {
        match (
            files.get(name),
            expected.as_ref().ok().and_then(|e| e.get(name)),
        ) {
            (Some(got), Some(want)) if got == want => {}
            (None, _) => out.push(Problem::MissingFile { name: name.into() }),
            _ => out.push(Problem::Rendering { file: name.into() }),
        }
    }
    // The CSVs compared row by row: line ends and quoting are layout.
    let csvs = [
        (package::CODEBOOK_CSV, package::codebook_csv(cb)),
        (package::BOUNDS_CSV, package::bounds_csv(p, cb)),
    ];
    for (name, want) in csvs {
        if files
            .get(name)
            .is_some_and(|got| !package::same_csv(got, want.as_bytes()))
        {
            out.push(Problem::Rendering { file: name.into() });
        }
    }
    if let Some(got) = files.get(package::DATAPACKAGE) {
        if let Some(key) = duplicate_key(got) {
            out.push(Problem::DuplicateKey { key });
        }
        let others: Vec<(&str, &[u8])> = files
            .iter()
            .filter(|(name, _)| name.as_str() != package::DATAPACKAGE && p.listed.contains(*name))
            .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
            .collect();
        let want = package::datapackage_json(p, cb, &others);
        let json = |bytes: &[u8]| serde_json::from_slice::<serde_json::Value>(bytes).ok();
        match (json(got), json(want.as_bytes())) {
            (Some(got), Some(want)) => {
                if let Some(field) = first_difference(&got, &want, String::new()) {
                    out.push(Problem::DescriptorField { field });
                }
            }
            _ => out.push(Problem::Rendering {
                file: package::DATAPACKAGE.into(),
            }),
        }
    }
    out
}

/// The path (`veerkracht.thresholds.k`, `resources[2].title`) of the first
/// place where JSON `got` differs from `want`; `None` when they are equal.
fn first_difference(
    got: &serde_json::Value,
    want: &serde_json::Value,
    path: String,
) -> Option<String> {
    use serde_json::Value as V;
    let at = |key: &str| {
        if path.is_empty() {
            key.to_string()
        } else {
            format!("{path}.{key}")
        }
    };
    match (got, want) {
        (V::Object(g), V::Object(w)) => {
            let keys: std::collections::BTreeSet<&String> = g.keys().chain(w.keys()).collect();
            keys.into_iter().find_map(|k| match (g.get(k), w.get(k)) {
                (Some(a), Some(b)) => first_difference(a, b, at(k)),
                _ => Some(at(k)),
            })
        }
        (V::Array(g), V::Array(w)) if g.len() == w.len() => g
            .iter()
            .zip(w)
            .enumerate()
            .find_map(|(i, (a, b))| first_difference(a, b, format!("{path}[{i}]"))),
        _ if got == want => None,
        _ => Some(if path.is_empty() { "/".into() } else { path }),
    }
}

/// The first key given twice in one object of JSON `bytes` (serde_json
/// keeps the last, other readers the first), if any.
fn duplicate_key(bytes: &[u8]) -> Option<String> {
    use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
    struct Find;
    impl<'de> DeserializeSeed<'de> for Find {
        type Value = Option<String>;
        fn deserialize<D: Deserializer<'de>>(
            self,
            d: D,
        ) -> std::result::Result<Self::Value, D::Error> {
            d.deserialize_any(Find)
        }
    }
    impl<'de> Visitor<'de> for Find {
        type Value = Option<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("JSON")
        }
        fn visit_map<A: MapAccess<'de>>(
            self,
            mut map: A,
        ) -> std::result::Result<Self::Value, A::Error> {
            let mut seen = std::collections::HashSet::new();
            let mut found = None;
            while let Some(key) = map.next_key::<String>()? {
                let inner = map.next_value_seed(Find)?;
                if found.is_none() {
                    found = if seen.contains(&key) {
                        Some(key.clone())
                    } else {
                        inner
                    };
                }
                seen.insert(key);
            }
            Ok(found)
        }
        fn visit_seq<A: SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> std::result::Result<Self::Value, A::Error> {
            let mut found = None;
            while let Some(inner) = seq.next_element_seed(Find)? {
                found = found.or(inner);
            }
            Ok(found)
        }
        fn visit_bool<E>(self, _: bool) -> std::result::Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_i64<E>(self, _: i64) -> std::result::Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_u64<E>(self, _: u64) -> std::result::Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_f64<E>(self, _: f64) -> std::result::Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_str<E>(self, _: &str) -> std::result::Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E>(self) -> std::result::Result<Self::Value, E> {
            Ok(None)
        }
    }
    let mut d = serde_json::Deserializer::from_slice(bytes);
    Find.deserialize(&mut d).ok().flatten()
}

/// Reads and checks the package in `folder`; problems are reported, not
/// raised (the Packages view shows them).
pub fn open(folder: &Path) -> Result<Opened> {
    let (package, files) = read(folder)?;
    let mut problems = package::verify(&package, &files, Codebook::embedded());
    if package.format == package::FORMAT {
        problems.extend(rendering_problems(&package, &files));
    }
    Ok(Opened {
        folder: folder.to_path_buf(),
        package,
        problems,
    })
}

/// The package in `folder` if it is sound; otherwise every problem.
pub fn verify(folder: &Path) -> Result<Package> {
    let opened = open(folder)?;
    if opened.problems.is_empty() {
        Ok(opened.package)
    } else {
        Err(Error::PackageUnsound {
            path: opened.folder,
            problems: opened.problems,
        })
    }
}

/// Merges the packages in `folders` (each verified first; the first
/// unsound one stops the merge) into a new package in `out`.
pub fn merge(folders: &[PathBuf], out: &Path, lang: Lang) -> Result<crate::Exported> {
    let cb = Codebook::embedded();
    let mut sources = Vec::with_capacity(folders.len());
    for folder in folders {
        sources.push(verify(folder)?);
    }
    let merged = package::merge(
        &sources,
        cb,
        crate::export::meta(Thresholds::default(), String::new(), lang),
    )
    .map_err(veerkracht_signals::Error::from)?;
    let files = veerkracht_report::files(&merged, cb, lang)?;
    let written =
        veerkracht_store::package_dir::write(out, &files).map_err(crate::export::at(out))?;
    Ok(crate::Exported {
        folder: out.to_path_buf(),
        files: written,
        by_ledger: 0,
        already_derivable: 0,
        encounters: 0,
        audit: Default::default(),
        package: merged,
    })
}

/// Stacks the packages in `folders` (each verified) into one long CSV in
/// `out` (a new file). Returns how many packages and rows.
pub fn series(folders: &[PathBuf], out: &Path) -> Result<(usize, usize)> {
    let mut packages = Vec::with_capacity(folders.len());
    for folder in folders {
        packages.push(verify(folder)?);
    }
    let text = package::series::series_csv(&packages).map_err(veerkracht_signals::Error::from)?;
    let rows = text.lines().count().saturating_sub(1);
    crate::files::write_new(out, text.as_bytes())?;
    Ok((packages.len(), rows))
}

/// How the audit links two versions of one period.
pub use veerkracht_signals::disclosure::audit::Versions;

/// How much `audit` computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Thoroughness {
    /// Every hidden value's interval.
    Intervals,
    /// Only which values are exact (a feasible point that shows a value at
    /// two integers settles it): much faster over many packages.
    VerdictOnly,
}

/// One hidden value, without its interval.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HiddenValue {
    pub package: String,
    pub period: Period,
    pub key: String,
    pub families: bool,
}

/// One hidden value as the attacker sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interval {
    pub package: String,
    pub period: Period,
    pub key: String,
    pub families: bool,
    pub min: u64,
    pub max: u64,
}

/// What `audit` found over a set of packages.
#[derive(Debug, Clone, Default)]
pub struct AuditReport {
    pub packages: usize,
    pub intervals: Vec<Interval>,
    /// How many values are exact, families and encounters.
    pub exact_families: usize,
    pub exact_encounters: usize,
    pub programmes: usize,
    pub seconds: f64,
    /// The packages contradict each other (the model has no solution).
    pub inconsistent: bool,
    /// Hidden values the solver could not settle: the verdict is then
    /// "undecided", never "sound".
    pub undecided: Vec<HiddenValue>,
    /// How many hidden values were audited.
    pub values: usize,
    /// `Thoroughness::VerdictOnly`: no intervals, the exact values here.
    pub verdict_only: bool,
    pub exact: Vec<HiddenValue>,
    /// Two versions of a period were read as additions: when they
    /// contradict each other, a correction between them is the likely
    /// cause (and `Versions::Unrelated` the reading that fits).
    pub versions_as_additions: bool,
}

impl AuditReport {
    /// Interval widths and how many values have each (0 = exact).
    pub fn widths(&self) -> BTreeMap<u64, usize> {
        let mut w = BTreeMap::new();
        for i in &self.intervals {
            *w.entry(i.max.saturating_sub(i.min)).or_insert(0) += 1;
        }
        w
    }
}

/// Plays the attacker of docs/PRIVACY.md over the packages in `folders`:
/// every hidden value's interval, given everything they show together.
pub fn audit(
    folders: &[PathBuf],
    versions: Versions,
    thoroughness: Thoroughness,
) -> Result<AuditReport> {
    let cb = Codebook::embedded();
    let mut packages = Vec::new();
    for folder in folders {
        let (p, _) = read(folder)?;
        if p.codebook != cb.version {
            return Err(Error::PackageUnsound {
                path: folder.clone(),
                problems: vec![Problem::Codebook {
                    found: p.codebook,
                    supported: cb.version.clone(),
                }],
            });
        }
        packages.push((folder.clone(), p));
    }
    // Newest last within a period.
    packages.sort_by(|a, b| (a.1.period, &a.1.created).cmp(&(b.1.period, &b.1.created)));
    let skeleton = package::skeleton(
        cb,
        packages
            .first()
            .map(|p| p.1.period)
            .unwrap_or(Period::Year(2000)),
    );
    let layout = Layout::of(&skeleton);
    let n = layout.keys.len();
    let mut seen: Vec<Seen> = Vec::new();
    for (folder, p) in &packages {
        let sk = package::skeleton(cb, p.period);
        let mut problems = Vec::new();
        let Some(cells) = package::verify::cells_of(p, &sk, &mut problems) else {
            return Err(Error::PackageUnsound {
                path: folder.clone(),
                problems,
            });
        };
        let known: Vec<Option<Known>> = cells
            .iter()
            .enumerate()
            .map(|(c, x)| {
                if !x.status.is_suppressed() {
                    return None;
                }
                p.bounds
                    .get(&sk.cells[c].key)
                    .map(|b| Known {
                        families: b.families,
                        encounters: b.encounters,
                    })
                    .or_else(|| {
                        (p.format == 1
                            && x.status
                                == veerkracht_signals::disclosure::Status::SuppressedPrimary)
                            .then(|| primary_known(p.thresholds.for_cell(sk.cells[c].high)))
                    })
            })
            .collect();
        let total = p
            .signals
            .last()
            .and_then(|s| s.counts.families.zip(s.counts.encounters));
        seen.push(Seen {
            period: p.period,
            label: p.id.to_string(),
            created: p.created.clone(),
            shown: cells.iter().map(|c| c.families.zip(c.encounters)).collect(),
            known,
            targets: cells.iter().map(|c| c.status.is_suppressed()).collect(),
            total,
        });
    }
    let sheets = audit::holder_sheets(&seen, versions, n);
    let depth = match thoroughness {
        Thoroughness::Intervals => Depth::Intervals,
        Thoroughness::VerdictOnly => Depth::Exactness,
    };
    let out = audit::audit(&layout, &sheets, depth);
    let mut report = AuditReport {
        packages: packages.len(),
        programmes: out.programmes,
        seconds: out.seconds,
        inconsistent: out.inconsistent,
        values: out.targets,
        verdict_only: thoroughness == Thoroughness::VerdictOnly,
        versions_as_additions: versions == Versions::Additions
            && packages.windows(2).any(|w| w[0].1.period == w[1].1.period),
        ..Default::default()
    };
    let value = |t: &audit::Target| HiddenValue {
        package: sheets[t.sheet].label.clone(),
        period: sheets[t.sheet].period,
        key: layout.keys[t.cell].clone(),
        families: t.measure == Measure::F,
    };
    report.undecided = out.undecided.iter().map(value).collect();
    if report.verdict_only {
        report.exact = out.exact.iter().map(value).collect();
        report.exact_families = report.exact.iter().filter(|v| v.families).count();
        report.exact_encounters = report.exact.len() - report.exact_families;
    }
    for (t, min, max) in out.intervals {
        let families = t.measure == Measure::F;
        if min == max {
            if families {
                report.exact_families += 1;
            } else {
                report.exact_encounters += 1;
            }
        }
        report.intervals.push(Interval {
            package: sheets[t.sheet].label.clone(),
            period: sheets[t.sheet].period,
            key: layout.keys[t.cell].clone(),
            families,
            min,
            max,
        });
    }
    Ok(report)
}
