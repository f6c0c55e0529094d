//! Time series: many packages of different periods stacked into one long
//! table, each row with its period's first and last day, so that DuckDB,
//! pandas or R read one file. Packages of different codebook versions, or
//! two packages of the same period, are refused.

use super::*;

/// Why packages cannot be stacked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SeriesError {
    #[error("no packages to stack")]
    Nothing,
    #[error("codebook versions differ: {first} and {other}")]
    CodebooksDiffer { first: String, other: String },
    #[error("two packages of {period}: {first} and {other}")]
    SamePeriod {
        period: Period,
        first: Uuid,
        other: Uuid,
    },
}

pub const SERIES_HEADER: [&str; 15] = [
    "period",
    "period_start",
    "period_end",
    "table",
    "dimension",
    "code",
    "qualifier",
    "row_dimension",
    "row_code",
    "col_dimension",
    "col_code",
    "families",
    "encounters",
    "status",
    "demo",
];

/// The long table of `packages`, by period start (then length: a month
/// before the quarter that starts with it).
pub fn series_csv(packages: &[Package]) -> Result<String, SeriesError> {
    let first = packages.first().ok_or(SeriesError::Nothing)?;
    let mut seen: BTreeMap<Period, Uuid> = BTreeMap::new();
    for p in packages {
        if p.codebook != first.codebook {
            return Err(SeriesError::CodebooksDiffer {
                first: first.codebook.clone(),
                other: p.codebook.clone(),
            });
        }
        if let Some(other) = seen.insert(p.period, p.id) {
            return Err(SeriesError::SamePeriod {
                period: p.period,
                first: other,
                other: p.id,
            });
        }
    }
    let mut order: Vec<&Package> = packages.iter().collect();
    order.sort_by_key(|p| (p.period.start(), p.period.end()));
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(SERIES_HEADER).expect("in memory");
    let n = |v: Option<u64>| v.map(|x| x.to_string()).unwrap_or_default();
    for p in order {
        let head = [
            p.period.code(),
            p.period.start().to_string(),
            p.period.end().to_string(),
        ];
        let demo = if p.demo { "true" } else { "false" }.to_string();
        for s in &p.signals {
            let mut r: Vec<String> = head.to_vec();
            r.extend([
                "signals".into(),
                s.dimension.clone(),
                s.code.clone(),
                s.qualifier.clone(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                n(s.counts.families),
                n(s.counts.encounters),
                s.counts.status.id().into(),
                demo.clone(),
            ]);
            w.write_record(&r).expect("in memory");
        }
        for x in &p.crosstabs {
            let mut r: Vec<String> = head.to_vec();
            r.extend([
                "crosstabs".into(),
                String::new(),
                String::new(),
                String::new(),
                x.row_dimension.clone(),
                x.row_code.clone(),
                x.col_dimension.clone(),
                x.col_code.clone(),
                n(x.counts.families),
                n(x.counts.encounters),
                x.counts.status.id().into(),
                demo.clone(),
            ]);
            w.write_record(&r).expect("in memory");
        }
    }
    Ok(String::from_utf8(w.into_inner().expect("in memory")).expect("utf-8"))
}
