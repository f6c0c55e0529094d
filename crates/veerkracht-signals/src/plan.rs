//! What a package counts, decided once per codebook: every signals row (the
//! codebook's rows in `veerkracht_core::rows`, derived dimensions included),
//! the fixed crosstabs and, for each row, its places in them; and, per
//! dimension, the counting rule of the contract (a family under its latest
//! value, or under every value it had).

use std::sync::Arc;
use veerkracht_core::codebook::{Codebook, Kind, Section, Sensitivity};
use veerkracht_core::rows::Rows;

/// Residence status grouped for crosstabs (the status itself is too fine to cross).
pub const RESIDENCE_GROUPS: [(&str, &[&str]); 5] = [
    (
        "secure",
        &[
            "belgian_or_registered_eu",
            "legal_resident_non_eu",
            "protection_granted",
        ],
    ),
    ("in_procedure", &["asylum_applicant", "procedure_pending"]),
    ("undocumented", &["undocumented", "eu_unregistered"]),
    ("mixed", &["mixed_household"]),
    ("unknown", &["unknown", "not_asked"]),
];

/// The fixed two-way tables, each answering a question of the report.
/// Municipality is never crossed with residence status (nor its group).
pub const CROSSTABS: [(&str, &str); 6] = [
    ("themes_effective", "housing_situation"),
    ("needs_unmet", "residence_group"),
    ("limits", "needs"),
    ("themes_effective", "setting"),
    ("urgency", "housing_situation"),
    ("limits", "residence_group"),
];

/// The code that names a margin in `crosstabs.csv`, and the dimension and
/// code of the period total in `signals.csv`.
pub const TOTAL: &str = "total";
pub const TOTAL_CODE: &str = "all";

/// Dimensions whose family count follows the family's latest value in the
/// period (its situation at the end of it): the single-choice situation
/// dimensions and the municipality, and the derived kansarmoede indicator.
/// Every other dimension counts a family under each code it had.
pub fn counts_latest(cb: &Codebook, dim: &str) -> bool {
    match dim {
        "kansarm_indicator" => true,
        "municipality" => true,
        _ => cb
            .dimension(dim)
            .is_some_and(|d| d.kind == Kind::Single && d.section == Section::Situation),
    }
}

/// How the encounters of a dimension carry its codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// At most one code per encounter.
    Single,
    /// Exactly one code per encounter (a single dimension with a default,
    /// or a derived indicator every encounter has).
    AlwaysOne,
    /// Any number of codes per encounter.
    Many,
    /// Codes with a qualifier (status, role, value): at most one qualifier
    /// per code and encounter.
    Qualified,
}

/// The shape of a signals or crosstab dimension.
pub fn shape(cb: &Codebook, dim: &str) -> Shape {
    match dim {
        "policy_signal" | "kansarm_indicator" | "residence_group" => Shape::AlwaysOne,
        "themes_effective" | "needs_unmet" => Shape::Many,
        _ => match cb.dimension(dim) {
            Some(d) if d.kind == Kind::Single && d.default.is_some() => Shape::AlwaysOne,
            Some(d) if d.kind == Kind::Single => Shape::Single,
            Some(d) if d.kind == Kind::Multi => Shape::Many,
            Some(_) => Shape::Qualified,
            None => Shape::Many,
        },
    }
}

/// The shape of a crosstab side: a need of any status is a plain code.
pub fn crosstab_shape(cb: &Codebook, dim: &str) -> Shape {
    match dim {
        "needs" => Shape::Many,
        _ => shape(cb, dim),
    }
}

/// The codes of one side of a crosstab.
pub fn crosstab_codes(cb: &Codebook, dim: &str) -> Vec<String> {
    let codes_of = |d: &str| {
        cb.dimension(d)
            .map(|d| d.codes.iter().map(|c| c.code.clone()).collect())
            .unwrap_or_default()
    };
    match dim {
        "themes_effective" => codes_of(veerkracht_core::codebook::THEMES),
        "needs_unmet" => codes_of(veerkracht_core::codebook::NEEDS),
        "residence_group" => RESIDENCE_GROUPS
            .iter()
            .map(|(g, _)| g.to_string())
            .collect(),
        _ => codes_of(dim),
    }
}

/// Whether a crosstab code is sensitive (the higher threshold applies).
pub fn crosstab_high(cb: &Codebook, dim: &str, code: &str) -> bool {
    match dim {
        "residence_group" => true,
        "needs_unmet" | "themes_effective" => false,
        _ => cb
            .dimension(dim)
            .is_some_and(|d| d.code_sensitivity(code) == Sensitivity::High),
    }
}

/// One two-way table of [`CROSSTABS`] with its codes.
#[derive(Debug)]
pub struct TablePlan {
    pub rd: &'static str,
    pub cd: &'static str,
    pub rcodes: Vec<String>,
    pub ccodes: Vec<String>,
}

/// Where a signals row takes part in the crosstabs: table, side (0 row,
/// 1 column) and code index.
type Membership = (u8, u8, u16);

/// The codebook's rows with, for each row, its places in the fixed
/// crosstabs and its dimension's counting rule: what counting a period needs.
#[derive(Debug)]
pub struct Plan {
    rows: Arc<Rows>,
    pub(crate) tables: Vec<TablePlan>,
    /// Global row → its places in the crosstabs.
    pub(crate) members: Vec<Vec<Membership>>,
    /// Dimension (index in `rows.dims()`) → counts the latest value.
    pub(crate) latest: Vec<bool>,
}

/// The plan of the embedded codebook, made once, over the same rows the
/// caseload keeps (`veerkracht_core::caseload::rows`).
pub fn plan() -> &'static Plan {
    static PLAN: std::sync::OnceLock<Plan> = std::sync::OnceLock::new();
    PLAN.get_or_init(|| Plan::new(veerkracht_core::caseload::rows(), Codebook::embedded()))
}

impl Plan {
    pub fn new(rows: Arc<Rows>, cb: &Codebook) -> Plan {
        let mut members = vec![Vec::new(); rows.len()];
        let mut tables = Vec::new();
        for (t, (rd, cd)) in CROSSTABS.into_iter().enumerate() {
            let table = TablePlan {
                rd,
                cd,
                rcodes: crosstab_codes(cb, rd),
                ccodes: crosstab_codes(cb, cd),
            };
            for (side, dim, codes) in [(0u8, rd, &table.rcodes), (1u8, cd, &table.ccodes)] {
                for (n, code) in codes.iter().enumerate() {
                    for r in crosstab_rows(&rows, cb, dim, code) {
                        members[r as usize].push((t as u8, side, n as u16));
                    }
                }
            }
            tables.push(table);
        }
        let latest = rows
            .dims()
            .iter()
            .map(|d| counts_latest(cb, &d.id))
            .collect();
        Plan {
            rows,
            tables,
            members,
            latest,
        }
    }

    pub fn rows(&self) -> &Rows {
        &self.rows
    }
}

/// The global rows a crosstab code stands for.
fn crosstab_rows(rows: &Rows, cb: &Codebook, dim: &str, code: &str) -> Vec<u16> {
    use veerkracht_core::codebook::{NEEDS, RESIDENCE_STATUS};
    match dim {
        "themes_effective" => rows.theme_row(code).into_iter().collect(),
        "needs_unmet" => rows.row(NEEDS, code, "unmet").into_iter().collect(),
        "residence_group" => RESIDENCE_GROUPS
            .iter()
            .filter(|(g, _)| *g == code)
            .flat_map(|(_, members)| members.iter())
            .filter_map(|s| rows.row(RESIDENCE_STATUS, s, ""))
            .collect(),
        _ => match cb.dimension(dim) {
            Some(d) if !d.qualifiers.is_empty() => rows
                .qualifiers(dim)
                .iter()
                .filter_map(|q| rows.row(dim, code, q))
                .collect(),
            Some(_) => rows.row(dim, code, "").into_iter().collect(),
            None => Vec::new(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_contract_lists_which_dimensions_count_the_latest_value() {
        let cb = Codebook::embedded();
        let latest: Vec<&str> = cb
            .dimensions
            .iter()
            .map(|d| d.id.as_str())
            .chain(["themes_effective", "policy_signal", "kansarm_indicator"])
            .filter(|d| counts_latest(cb, d))
            .collect();
        assert_eq!(
            latest,
            [
                "municipality",
                "household_type",
                "children_count",
                "residence_status",
                "housing_situation",
                "income_source",
                "kansarm_indicator"
            ],
            "shared/domain/README.md, Counting rules"
        );
    }
}
