//! A package's data files: `signals.csv`, `crosstabs.csv`, `codebook.csv`,
//! `bounds.csv` (merged packages) and the Frictionless descriptor
//! `datapackage.json`. Bytes out, no IO.

use super::labels;
use super::{cross_row_key, sha256, Package, SourceRef};
use super::{BOUNDS_CSV, CODEBOOK_CSV, CROSSTABS_CSV, SIGNALS_CSV};
use crate::aggregate::signal_key;
use crate::plan::{self, RESIDENCE_GROUPS};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use veerkracht_core::codebook::{Codebook, Kind, Sensitivity};
use veerkracht_core::Lang;

pub const SIGNALS_HEADER: [&str; 7] = [
    "period",
    "dimension",
    "code",
    "qualifier",
    "families",
    "encounters",
    "status",
];
pub const CROSSTABS_HEADER: [&str; 8] = [
    "period",
    "row_dimension",
    "row_code",
    "col_dimension",
    "col_code",
    "families",
    "encounters",
    "status",
];
/// The key columns of both CSVs, so that bounds join either file.
pub const BOUNDS_HEADER: [&str; 13] = [
    "file",
    "period",
    "dimension",
    "code",
    "qualifier",
    "row_dimension",
    "row_code",
    "col_dimension",
    "col_code",
    "families_min",
    "families_max",
    "encounters_min",
    "encounters_max",
];
pub const CODEBOOK_HEADER: [&str; 11] = [
    "dimension",
    "code",
    "qualifier",
    "kind",
    "section",
    "sensitivity",
    "counting",
    "label_nl",
    "label_fr",
    "label_en",
    "members",
];

fn opt(n: Option<u64>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

/// CSV with CRLF line ends (RFC 4180); a cell that a spreadsheet would take
/// for a formula is never written (every cell here is a code, a label from
/// the codebook or a number).
fn csv_text(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(header).expect("in memory");
    for r in rows {
        w.write_record(&r).expect("in memory");
    }
    String::from_utf8(w.into_inner().expect("in memory")).expect("utf-8")
}

pub fn signals_csv(p: &Package) -> String {
    let period = p.period.code();
    csv_text(
        &SIGNALS_HEADER,
        p.signals.iter().map(|s| {
            vec![
                period.clone(),
                s.dimension.clone(),
                s.code.clone(),
                s.qualifier.clone(),
                opt(s.counts.families),
                opt(s.counts.encounters),
                s.counts.status.id().into(),
            ]
        }),
    )
}

pub fn crosstabs_csv(p: &Package) -> String {
    let period = p.period.code();
    csv_text(
        &CROSSTABS_HEADER,
        p.crosstabs.iter().map(|s| {
            vec![
                period.clone(),
                s.row_dimension.clone(),
                s.row_code.clone(),
                s.col_dimension.clone(),
                s.col_code.clone(),
                opt(s.counts.families),
                opt(s.counts.encounters),
                s.counts.status.id().into(),
            ]
        }),
    )
}

/// The bounds of every suppressed row of either CSV, with that file's key
/// columns (a crosstab margin shared with a signals row appears in both).
pub fn bounds_csv(p: &Package, cb: &Codebook) -> String {
    let period = p.period.code();
    let mut rows = Vec::new();
    let cells = |b: &super::Bounds| {
        [
            b.families.0.to_string(),
            b.families.1.to_string(),
            b.encounters.0.to_string(),
            b.encounters.1.to_string(),
        ]
    };
    for s in &p.signals {
        if let Some(b) = p
            .bounds
            .get(&signal_key(&s.dimension, &s.code, &s.qualifier))
            .filter(|_| s.counts.status.is_suppressed())
        {
            let mut r = vec![
                "signals".to_string(),
                period.clone(),
                s.dimension.clone(),
                s.code.clone(),
                s.qualifier.clone(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ];
            r.extend(cells(b));
            rows.push(r);
        }
    }
    for x in &p.crosstabs {
        if let Some(b) = p
            .bounds
            .get(&cross_row_key(cb, x))
            .filter(|_| x.counts.status.is_suppressed())
        {
            let mut r = vec![
                "crosstabs".to_string(),
                period.clone(),
                String::new(),
                String::new(),
                String::new(),
                x.row_dimension.clone(),
                x.row_code.clone(),
                x.col_dimension.clone(),
                x.col_code.clone(),
            ];
            r.extend(cells(b));
            rows.push(r);
        }
    }
    csv_text(&BOUNDS_HEADER, rows.into_iter())
}

fn kind_id(k: Kind) -> &'static str {
    k.id()
}

/// Every dimension and code a package shows, with labels in the three
/// languages: a researcher never needs the source code to read a file.
pub fn codebook_csv(cb: &Codebook) -> String {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let labels3 = |f: &dyn Fn(Lang) -> String| Lang::ALL.map(f);
    let counting = |dim: &str| {
        if dim == plan::TOTAL {
            "total"
        } else if plan::counts_latest(cb, dim) {
            "latest"
        } else {
            "any"
        }
    };
    let row = |dim: &str,
               code: &str,
               qual: &str,
               kind: &str,
               section: &str,
               high: bool,
               labels: [String; 3],
               members: String| {
        vec![
            dim.to_string(),
            code.to_string(),
            qual.to_string(),
            kind.to_string(),
            section.to_string(),
            if high { "high" } else { "normal" }.to_string(),
            counting(dim).to_string(),
            labels[0].clone(),
            labels[1].clone(),
            labels[2].clone(),
            members,
        ]
    };
    for d in &cb.dimensions {
        let high = d.sensitivity == Sensitivity::High;
        let section = d.section.id();
        rows.push(row(
            &d.id,
            "",
            "",
            kind_id(d.kind),
            section,
            high,
            labels3(&|l| d.label.get(l).to_string()),
            String::new(),
        ));
        for c in &d.codes {
            rows.push(row(
                &d.id,
                &c.code,
                "",
                kind_id(d.kind),
                section,
                d.code_sensitivity(&c.code) == Sensitivity::High,
                labels3(&|l| c.label.get(l).to_string()),
                c.parent.clone().unwrap_or_default(),
            ));
        }
        for q in &d.qualifiers {
            rows.push(row(
                &d.id,
                "",
                &q.code,
                kind_id(d.kind),
                section,
                high,
                labels3(&|l| q.label.get(l).to_string()),
                String::new(),
            ));
        }
    }
    let derived: [(&str, &str, Vec<String>); 5] = [
        (
            "themes_effective",
            "multi",
            cb.dimension(veerkracht_core::codebook::THEMES)
                .map(|d| d.codes.iter().map(|c| c.code.clone()).collect())
                .unwrap_or_default(),
        ),
        (
            "policy_signal",
            "single",
            vec!["true".into(), "false".into()],
        ),
        (
            "kansarm_indicator",
            "single",
            vec!["true".into(), "false".into(), "unknown".into()],
        ),
        (
            "needs_unmet",
            "multi",
            cb.dimension(veerkracht_core::codebook::NEEDS)
                .map(|d| d.codes.iter().map(|c| c.code.clone()).collect())
                .unwrap_or_default(),
        ),
        (
            "residence_group",
            "single",
            RESIDENCE_GROUPS
                .iter()
                .map(|(g, _)| g.to_string())
                .collect(),
        ),
    ];
    for (dim, kind, codes) in derived {
        let high = dim == "residence_group";
        rows.push(row(
            dim,
            "",
            "",
            kind,
            "derived",
            high,
            labels3(&|l| labels::dimension(cb, dim, l)),
            String::new(),
        ));
        for code in codes {
            let members = if dim == "residence_group" {
                RESIDENCE_GROUPS
                    .iter()
                    .find(|(g, _)| *g == code)
                    .map(|(_, m)| m.join(";"))
                    .unwrap_or_default()
            } else {
                String::new()
            };
            rows.push(row(
                dim,
                &code,
                "",
                kind,
                "derived",
                high,
                labels3(&|l| labels::code(cb, dim, &code, l)),
                members,
            ));
        }
    }
    rows.push(row(
        plan::TOTAL,
        plan::TOTAL_CODE,
        "",
        "total",
        "derived",
        false,
        labels3(&|l| labels::dimension(cb, plan::TOTAL, l)),
        String::new(),
    ));
    csv_text(&CODEBOOK_HEADER, rows.into_iter())
}

fn field(name: &str, kind: &str, description: &str) -> Value {
    json!({ "name": name, "type": kind, "description": description })
}

fn count_field(name: &str, description: &str) -> Value {
    let mut f = field(name, "integer", description);
    f["constraints"] = json!({ "minimum": 0 });
    f
}

fn tabular(name: &str, path: &str, title: &str, fields: Vec<Value>) -> Value {
    json!({
        "name": name,
        "path": path,
        "title": title,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": { "fields": fields, "missingValues": [""] },
    })
}

fn status_field() -> Value {
    let mut f = field(
        "status",
        "string",
        "published, or suppressed (the counts are then empty; the reason is not given)",
    );
    f["constraints"] = json!({ "required": true, "enum": ["published", "suppressed"] });
    f
}

fn period_field() -> Value {
    field(
        "period",
        "string",
        "Reporting period: YYYY-MM (a month), YYYY-Qn (a quarter) or YYYY-A1 (a year, SDMX notation); always text",
    )
}

/// The counting rules in plain words (the report says the same in nl/fr/en).
pub const COUNTING: [(&str, &str); 5] = [
    (
        "encounters",
        "encounters: the encounters of the period that carry the code (for a crosstab cell: both codes).",
    ),
    (
        "families_latest",
        "families, for household type, number of children, residence status, housing situation, income source, municipality and the kansarmoede indicator: each family counts once, under its latest value in the period (its situation at the end of it), so these counts add up to the total.",
    ),
    (
        "families_any",
        "families, for every other dimension (setting, language support, urgency, outcome, policy signal and every multiple-choice dimension): the families that had at least one encounter with the code in the period; a family can count under several codes.",
    ),
    (
        "crosstabs",
        "crosstabs: a cell counts the families with at least one encounter carrying both codes, so families never exceed encounters; a margin counts the same way over its row or column.",
    ),
    (
        "merged",
        "merged packages add up their sources: a family met by two workers counts twice (pseudonyms are per worker). A cell suppressed in any source is suppressed, with the interval the sources allow in bounds.csv.",
    ),
];

fn source_json(s: &SourceRef) -> Value {
    json!({
        "package_id": s.id.to_string(),
        "source_id": s.source,
        "fingerprint": s.fingerprint,
        "period": s.period.code(),
        "created": s.created,
    })
}

/// The Frictionless Data Package descriptor. `files` are the other files
/// of the package with their bytes, for the integrity hashes.
pub fn datapackage_json(p: &Package, cb: &Codebook, files: &[(&str, &[u8])]) -> String {
    let mut resources = vec![
        tabular(
            "signals",
            SIGNALS_CSV,
            "Signals per dimension and code",
            vec![
                period_field(),
                field("dimension", "string", "Codebook dimension id, a derived dimension, or total"),
                field("code", "string", "Code id (see codebook.csv)"),
                field(
                    "qualifier",
                    "string",
                    "Need status, actor role or domain value; empty otherwise",
                ),
                count_field("families", "Distinct families (see counting); empty when suppressed"),
                count_field("encounters", "Encounters carrying the code; empty when suppressed"),
                status_field(),
            ],
        ),
        tabular(
            "crosstabs",
            CROSSTABS_CSV,
            "Two-way tables answering the report's questions, with margins",
            vec![
                period_field(),
                field("row_dimension", "string", "Row dimension"),
                field("row_code", "string", "Row code, or total"),
                field("col_dimension", "string", "Column dimension"),
                field("col_code", "string", "Column code, or total"),
                count_field(
                    "families",
                    "Families with at least one encounter carrying both codes; empty when suppressed",
                ),
                count_field("encounters", "Encounters carrying both codes; empty when suppressed"),
                status_field(),
            ],
        ),
        tabular(
            "codebook",
            CODEBOOK_CSV,
            "Every dimension, code and qualifier of the package, labelled in Dutch, French and English",
            CODEBOOK_HEADER
                .iter()
                .map(|n| {
                    field(
                        n,
                        "string",
                        match *n {
                            "counting" => "How families are counted: latest (the family's latest value) or any (every value it had)",
                            "members" => "For a residence group: its residence statuses (;-separated); for a theme detail: its theme",
                            "sensitivity" => "high: the higher threshold k_high applies",
                            _ => "",
                        },
                    )
                })
                .collect(),
        ),
    ];
    if !p.bounds.is_empty() {
        let mut fields: Vec<Value> = BOUNDS_HEADER[..9]
            .iter()
            .map(|n| {
                field(
                    n,
                    "string",
                    if *n == "file" {
                        "signals or crosstabs: which file's row the interval belongs to"
                    } else {
                        "Key column, as in that file"
                    },
                )
            })
            .collect();
        fields[1] = period_field();
        for n in &BOUNDS_HEADER[9..] {
            fields.push(count_field(
                n,
                "Interval the sources allow for a suppressed cell",
            ));
        }
        resources.push(tabular(
            "bounds",
            BOUNDS_CSV,
            "Intervals known for the suppressed cells of a merged package",
            fields,
        ));
    }
    let hashes: BTreeMap<&str, String> = files.iter().map(|(n, b)| (*n, sha256(b))).collect();
    let groups: serde_json::Map<String, Value> = RESIDENCE_GROUPS
        .iter()
        .map(|(g, m)| (g.to_string(), json!(m)))
        .collect();
    let definitions: serde_json::Map<String, Value> = cb
        .derived
        .iter()
        .map(|d| (d.id.clone(), json!(d.rule)))
        .collect();
    let code = p.period.code();
    let descriptor = json!({
        "profile": "tabular-data-package",
        "name": format!("veerkracht-signals-{}", code.to_lowercase()),
        "id": format!("urn:uuid:{}", p.id),
        "title": format!("Veerkracht signals {}{}", p.period, if p.demo { " (DEMO DATA)" } else { "" }),
        "description": "Aggregated signals from frontline encounters with Brussels families in precarious conditions, \
            coded with the Veerkracht codebook (Kwetsbaarheid en veerkracht in Brussel). Aggregates only: a cell with \
            fewer than k families is suppressed, and so is every further cell that would let someone holding every \
            package of this source compute a suppressed value.",
        "created": p.created,
        "version": "2.0.0",
        "keywords": ["veerkracht", "resilience", "Brussels", "families", "precarity"],
        "resources": resources,
        "veerkracht": {
            "format": p.format,
            "language": p.language.code(),
            "package_id": p.id.to_string(),
            "source_id": p.source,
            "fingerprint": p.fingerprint,
            "codebook": p.codebook,
            "period": code,
            "period_start": p.period.start().to_string(),
            "period_end": p.period.end().to_string(),
            "thresholds": { "k": p.thresholds.k, "k_high": p.thresholds.k_high },
            "generator": p.generator,
            "sources": p.sources.iter().map(source_json).collect::<Vec<_>>(),
            "demo": p.demo,
            "demo_encounters": p.demo_encounters,
            "files": hashes,
            "counting": COUNTING.iter().map(|(k, v)| (k.to_string(), json!(v))).collect::<serde_json::Map<_, _>>(),
            "disclosure": format!(
                "A cell with 1 to {} families ({} for sensitive codes such as residence status) is suppressed; zero is \
                 published unless hiding it protects another cell. Further cells are suppressed until no suppressed \
                 value can be computed exactly from every package this source released. Municipality is never crossed \
                 with residence status.",
                p.thresholds.k - 1,
                p.thresholds.k_high - 1
            ),
            "residence_groups": groups,
            "definitions": definitions,
        },
    });
    serde_json::to_string_pretty(&descriptor).expect("plain data")
}
