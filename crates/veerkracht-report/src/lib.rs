//! # veerkracht-report
//!
//! The readable side of a signal package: `report.html` (self-contained,
//! charts as inline SVG, no script, no external resource, prints on A4 with
//! the crosstabs on landscape pages) and `signals.xlsx` (a sheet per table,
//! labelled, numbers as numbers, with a notes sheet), in one language, and
//! [`files`]: every file of a package, its descriptor last.
//!
//! Both renderings are a pure function of the package (no clock, no
//! randomness), so that `verify` can render them again and refuse a package
//! whose report or workbook is anything else.
//!
//! What this crate must not do: compute or protect figures (signals does),
//! or write files (the store does).

mod html;
mod xlsx;

use std::collections::BTreeMap;
use veerkracht_core::{Codebook, Lang};
use veerkracht_signals::package::{self, Counts, Package};

pub use html::report_html;
pub use xlsx::workbook;

/// A count as shown to people: the number, the interval a merge knows
/// (`76–79`), or `·` for a suppressed cell.
pub(crate) fn shown(p: &Package, key: &str, c: &Counts, families: bool) -> String {
    let v = if families { c.families } else { c.encounters };
    match v {
        Some(n) => n.to_string(),
        None => match p.bounds.get(key) {
            Some(b) => {
                let (lo, hi) = if families { b.families } else { b.encounters };
                format!("{lo}–{hi}")
            }
            None => "·".into(),
        },
    }
}

/// Every file of the package, `datapackage.json` last (it holds the others'
/// hashes): the CSVs, `codebook.csv`, `bounds.csv` (merged packages only),
/// `signals.xlsx` and `report.html` in the package's language.
pub fn files(
    p: &Package,
    cb: &Codebook,
    lang: Lang,
) -> Result<Vec<(&'static str, Vec<u8>)>, veerkracht_signals::Error> {
    let mut p = p.clone();
    p.language = lang;
    let mut out: Vec<(&'static str, Vec<u8>)> = vec![
        (package::SIGNALS_CSV, package::signals_csv(&p).into_bytes()),
        (
            package::CROSSTABS_CSV,
            package::crosstabs_csv(&p).into_bytes(),
        ),
        (
            package::CODEBOOK_CSV,
            package::codebook_csv(cb).into_bytes(),
        ),
    ];
    if !p.bounds.is_empty() {
        out.push((
            package::BOUNDS_CSV,
            package::bounds_csv(&p, cb).into_bytes(),
        ));
    }
    for (name, bytes) in rendered(&p, cb)? {
        out.push((name, bytes));
    }
    let refs: Vec<(&str, &[u8])> = out.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    let descriptor = package::datapackage_json(&p, cb, &refs);
    out.push((package::DATAPACKAGE, descriptor.into_bytes()));
    Ok(out)
}

/// The workbook and the report of a package, as `files` makes them.
pub fn rendered(
    p: &Package,
    cb: &Codebook,
) -> Result<BTreeMap<&'static str, Vec<u8>>, veerkracht_signals::Error> {
    let mut out = BTreeMap::new();
    out.insert(
        package::XLSX,
        workbook(p, cb, p.language)
            .map_err(|detail| veerkracht_signals::Error::Render { detail })?,
    );
    out.insert(package::REPORT, report_html(p, cb, p.language).into_bytes());
    Ok(out)
}
