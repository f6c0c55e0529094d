//! Every failure in words, in nl/fr/en: the one place where the app and the
//! CLI get their error messages. Each library error variant maps to a
//! message of the catalogue (`veerkracht-i18n`) with its values as
//! arguments; plural forms are the catalogue's business.

use crate::error::{Error, LineError, LineFinding};
use std::path::Path;
use veerkracht_core::validate::Expected;
use veerkracht_core::{FieldError, Lang, Rule};
use veerkracht_i18n::{quote, t};

fn path(p: &Path) -> String {
    p.display().to_string()
}

/// A date as the reader's language writes it: day first (05-11-2026 in
/// Dutch, 05/11/2026 in French and English), never the ISO of the files.
pub fn date(lang: Lang, d: chrono::NaiveDate) -> String {
    match lang {
        Lang::Nl => d.format("%d-%m-%Y").to_string(),
        Lang::Fr | Lang::En => d.format("%d/%m/%Y").to_string(),
    }
}

/// Why a file operation failed, in words (the OS text only as a last resort).
pub fn io_reason(lang: Lang, e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let id = match e.kind() {
        K::NotFound => "io-not-found",
        K::PermissionDenied => "io-permission-denied",
        K::AlreadyExists => "io-already-exists",
        K::StorageFull => "io-storage-full",
        K::ReadOnlyFilesystem => "io-read-only",
        K::IsADirectory => "io-is-a-folder",
        K::NotADirectory => "io-not-a-folder",
        K::InvalidData => "io-invalid-data",
        // Worded here rather than in the system's English.
        _ => match e.raw_os_error() {
            Some(5) => "io-device-error",
            Some(9) => "io-bad-descriptor",
            Some(code) => return t!(lang, "io-system", code = code),
            None => return t!(lang, "io-other", detail = e.to_string()),
        },
    };
    t!(lang, id)
}

/// What a field was expected to hold.
pub fn expected(lang: Lang, e: Expected) -> String {
    t!(lang, &format!("expected-{}", e.id().replace('_', "-")))
}

/// A broken rule, in words (without the field).
pub fn rule(lang: Lang, r: &Rule) -> String {
    use veerkracht_core::family::FamilyCodeProblem as P;
    match r {
        Rule::NotJson { problem, column } => t!(
            lang,
            "rule-not-json",
            column = *column,
            problem = t!(lang, &format!("json-{}", problem.id()))
        ),
        Rule::LineTooLong { max_bytes } => {
            t!(lang, "rule-line-too-long", max = (*max_bytes >> 20).max(1))
        }
        Rule::NotAnObject => t!(lang, "rule-not-an-object"),
        Rule::NotUtf8 => t!(lang, "rule-not-utf8"),
        Rule::Required => t!(lang, "rule-required"),
        Rule::UnknownField => t!(lang, "rule-unknown-field"),
        Rule::DuplicateField => t!(lang, "rule-duplicate-field"),
        Rule::WrongShape { expected: e } => {
            t!(lang, "rule-wrong-shape", expected = expected(lang, *e))
        }
        Rule::UnknownCode { code } => t!(lang, "rule-unknown-code", code = quote(code)),
        Rule::UnknownQualifier { value, allowed } => t!(
            lang,
            "rule-unknown-qualifier",
            value = quote(value),
            allowed = allowed.join(", ")
        ),
        Rule::DuplicateCode { code } => t!(lang, "rule-duplicate-code", code = quote(code)),
        Rule::FamilyCode(P::Shape) => t!(lang, "rule-family-code-shape"),
        Rule::FamilyCode(P::Alphabet) => t!(lang, "rule-family-code-alphabet"),
        Rule::DateInFuture { date: d, today } => t!(
            lang,
            "rule-date-in-future",
            date = date(lang, *d),
            today = date(lang, *today)
        ),
        Rule::DateTooEarly => t!(
            lang,
            "rule-date-too-early",
            date = date(lang, veerkracht_core::validate::earliest_date())
        ),
        Rule::TooLong { max, found } => t!(lang, "rule-too-long", max = *max, found = *found),
        Rule::OutOfRange { min, max, found } => {
            t!(
                lang,
                "rule-out-of-range",
                min = *min,
                max = *max,
                found = *found
            )
        }
        Rule::LimitsRequired => t!(lang, "rule-limits-required"),
        Rule::EmptyEncounter => t!(lang, "rule-empty-encounter"),
        Rule::DateInPast { date: d, today } => t!(
            lang,
            "rule-date-in-past",
            date = date(lang, *d),
            today = date(lang, *today)
        ),
        Rule::CodebookVersion { found, supported } => t!(
            lang,
            "rule-codebook-version",
            found = quote(found),
            supported = supported.clone()
        ),
        Rule::DuplicateId { id } => t!(lang, "rule-duplicate-id", id = id.clone()),
        Rule::DuplicateIdInFile { id, line } => {
            t!(
                lang,
                "rule-duplicate-id-in-file",
                id = id.clone(),
                line = *line
            )
        }
        Rule::UnknownFamily => t!(lang, "rule-unknown-family"),
        Rule::ControlCharacters => t!(lang, "rule-control-characters"),
    }
}

/// `field: reason`.
pub fn field_error(lang: Lang, e: &FieldError) -> String {
    // A problem with the whole line (or encounter) names no field (a
    // field may itself be called `line`: the rule decides).
    if matches!(
        e.rule,
        Rule::NotJson { .. }
            | Rule::NotAnObject
            | Rule::NotUtf8
            | Rule::LineTooLong { .. }
            | Rule::EmptyEncounter
    ) {
        return rule(lang, &e.rule);
    }
    if e.field.is_empty() {
        // `{"": 1}`: a key that is empty, shown as such.
        return t!(
            lang,
            "field-error",
            field = "\"\"".to_string(),
            reason = rule(lang, &e.rule)
        );
    }
    t!(
        lang,
        "field-error",
        field = e.field.clone(),
        reason = rule(lang, &e.rule)
    )
}

/// `line N: field: reason` (an import's problem).
pub fn line_error(lang: Lang, e: &LineError) -> String {
    t!(
        lang,
        "line-error",
        line = e.line,
        error = field_error(lang, &e.error)
    )
}

/// `line N: kind: text` (a possible identifier in an imported note).
pub fn line_finding(lang: Lang, f: &LineFinding) -> String {
    t!(
        lang,
        "line-finding",
        line = f.line,
        kind = finding_kind(lang, f.finding.kind),
        text = quote(&f.finding.text)
    )
}

/// The name of a kind of identifier.
pub fn finding_kind(lang: Lang, kind: veerkracht_core::scan::Kind) -> String {
    t!(lang, &format!("finding-{}", kind.id().replace('_', "-")))
}

fn core_error(lang: Lang, e: &veerkracht_core::Error) -> String {
    use veerkracht_core::Error as C;
    match e {
        C::UnknownLanguage { value } => t!(lang, "core-unknown-language", value = quote(value)),
        C::Codebook { detail } => t!(lang, "core-codebook", detail = detail.clone()),
        C::PassphraseTooWeak { min } => t!(lang, "core-passphrase-too-weak", min = *min),
        C::Invalid(errors) => invalid(lang, errors),
    }
}

fn invalid(lang: Lang, errors: &[FieldError]) -> String {
    let list: Vec<String> = errors.iter().map(|e| field_error(lang, e)).collect();
    t!(
        lang,
        "invalid",
        count = errors.len(),
        errors = list.join("; ")
    )
}

fn store_error(lang: Lang, e: &veerkracht_store::Error) -> String {
    use veerkracht_store::Error as S;
    match e {
        S::NoVault { path: p } => t!(lang, "store-no-vault", path = path(p)),
        S::NotAVault { path: p } => t!(lang, "store-not-a-vault", path = path(p)),
        S::FolderNotEmpty { path: p } => t!(lang, "store-folder-not-empty", path = path(p)),
        S::PackageExists { path: p } => t!(lang, "store-package-exists", path = path(p)),
        S::NotAPackage { path: p, missing } => t!(
            lang,
            "store-not-a-package",
            path = path(p),
            missing = missing.clone()
        ),
        S::AlreadyExists { path: p } => t!(lang, "store-already-exists", path = path(p)),
        S::WrongPassphrase => t!(lang, "store-wrong-passphrase"),
        S::VaultInUse { .. } => t!(lang, "store-vault-in-use"),
        S::SchemaTooNew { found, supported } => t!(
            lang,
            "store-schema-too-new",
            found = *found,
            supported = *supported
        ),
        S::DamagedKeyFile {
            cause: veerkracht_store::KeyFileDamage::ImplausibleParameters,
            ..
        } => t!(lang, "store-key-file-implausible-costs"),
        S::DamagedKeyFile { .. } => t!(lang, "store-damaged-key-file"),
        S::DamagedDatabase { .. } => t!(lang, "store-damaged-database"),
        S::DamagedBackup { .. } => t!(lang, "store-damaged-backup"),
        S::DamagedRecord { key, .. } => t!(lang, "store-damaged-record", key = key.clone()),
        S::NoAutomaticBackup { .. } => t!(lang, "no-automatic-backup"),
        S::NeedsReopen => t!(lang, "store-needs-reopen"),
        S::DuplicateIds { ids } => t!(
            lang,
            "store-duplicate-ids",
            count = ids.len(),
            first = ids
                .iter()
                .take(3)
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        S::PackageFile {
            path: p,
            name,
            problem,
        } => {
            use veerkracht_store::PackageFileProblem as F;
            let why = match problem {
                F::Link => "package-file-link",
                F::Folder => "package-file-folder",
                F::Special => "package-file-special",
                F::TooLarge => "package-file-too-large",
                F::TooMany => "package-file-too-many",
            };
            t!(
                lang,
                "store-package-file",
                path = path(p),
                name = quote(name),
                reason = t!(lang, why)
            )
        }
        S::Core(e) => core_error(lang, e),
        S::Io { source, .. } => t!(lang, "store-io", reason = io_reason(lang, source)),
    }
}

fn signals_error(lang: Lang, e: &veerkracht_signals::Error) -> String {
    use veerkracht_signals::disclosure::Refusal;
    use veerkracht_signals::package::series::SeriesError as X;
    use veerkracht_signals::package::MergeError as M;
    use veerkracht_signals::Error as G;
    match e {
        G::ThresholdTooLow {
            k,
            k_high,
            min_k,
            min_k_high,
        } => t!(
            lang,
            "signals-threshold-too-low",
            k = *k,
            k_high = *k_high,
            min_k = *min_k,
            min_k_high = *min_k_high
        ),
        G::Render { detail } => t!(lang, "signals-render", detail = detail.clone()),
        G::Read(r) => read_error(lang, r),
        G::Merge(M::Nothing) => t!(lang, "merge-nothing"),
        G::Merge(M::SamePackage { id }) => t!(lang, "merge-duplicate", id = id.to_string()),
        G::Merge(M::SameContent { first, other }) => t!(
            lang,
            "merge-same-content",
            first = first.to_string(),
            other = other.to_string()
        ),
        G::Merge(M::SameSource { period, keep, drop }) => t!(
            lang,
            "merge-same-source",
            period = period.to_string(),
            keep = keep.to_string(),
            drop = drop.to_string()
        ),
        G::Merge(M::PeriodsDiffer { first, other }) => t!(
            lang,
            "merge-periods-differ",
            first = first.to_string(),
            other = other.to_string()
        ),
        G::Merge(M::CodebooksDiffer { first, other })
        | G::Series(X::CodebooksDiffer { first, other }) => t!(
            lang,
            "codebooks-differ",
            first = quote(first),
            other = quote(other)
        ),
        G::Merge(M::Layout { id }) => t!(lang, "merge-layout", id = id.to_string()),
        G::Series(X::Nothing) => t!(lang, "series-nothing"),
        G::Series(X::SamePeriod {
            period,
            first,
            other,
        }) => t!(
            lang,
            "series-same-period",
            period = period.to_string(),
            first = first.to_string(),
            other = other.to_string()
        ),
        G::Refused(Refusal::TooFewChanges {
            period,
            since,
            changed,
            k,
        }) => t!(
            lang,
            "refused-too-few-changes",
            period = period.to_string(),
            since = since.get(..10).unwrap_or(since).to_string(),
            changed = *changed,
            k = *k
        ),
        G::Refused(Refusal::Unprotectable { period, cells }) => t!(
            lang,
            "refused-unprotectable",
            period = period.to_string(),
            count = cells.len(),
            first = period_cell_label(lang, &cells[0])
        ),
        G::Refused(Refusal::GivenAway { period, cells, by }) => t!(
            lang,
            "refused-given-away",
            period = period.to_string(),
            by = by
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join(", "),
            count = cells.len(),
            first = period_cell_label(lang, &cells[0])
        ),
        G::Refused(Refusal::Stopped) => t!(lang, "export-stopped"),
    }
}

/// A cell as a worker knows it, in `lang`: the codebook's (or the
/// package's) labels of its dimension and code, `dimension: code`, a
/// crosstab cell as two of them joined by `×`. The key is internal (a
/// refusal named `s|kansarm_indicator|false|` before; found by an
/// outsider). Any other text is returned as it is.
pub fn cell_label(lang: Lang, key: &str) -> String {
    use veerkracht_signals::package::labels;
    let cb = veerkracht_core::Codebook::embedded();
    let one = |dim: &str, code: &str| {
        if dim == "total" {
            labels::dimension(cb, dim, lang)
        } else {
            format!(
                "{}: {}",
                labels::dimension(cb, dim, lang),
                labels::code(cb, dim, code, lang)
            )
        }
    };
    let parts: Vec<&str> = key.split('|').collect();
    match parts.as_slice() {
        ["s", dim, code, ""] | ["a", dim, code] => one(dim, code),
        ["s", dim, code, qualifier] => format!(
            "{} ({})",
            one(dim, code),
            labels::qualifier(cb, dim, qualifier, lang)
        ),
        ["x", rd, rc, cd, cc] => format!("{} × {}", one(rd, rc), one(cd, cc)),
        _ => key.to_string(),
    }
}

/// A refusal's cell, `period key`, as `period, label` (see [`cell_label`]).
fn period_cell_label(lang: Lang, cell: &str) -> String {
    match cell.split_once(' ') {
        Some((period, key)) => format!("{period}, {}", cell_label(lang, key)),
        None => cell_label(lang, cell),
    }
}

/// Why a package cannot be read.
pub fn read_error(lang: Lang, e: &veerkracht_signals::package::ReadError) -> String {
    use veerkracht_signals::package::ReadError as R;
    match e {
        R::Missing { file } => t!(lang, "read-missing", file = file.clone()),
        R::Json {
            file,
            problem,
            line,
            column,
        } => t!(
            lang,
            "read-json",
            file = file.clone(),
            line = *line,
            column = *column,
            problem = t!(lang, &format!("json-{}", problem.id()))
        ),
        R::NotVeerkracht => t!(lang, "read-not-veerkracht"),
        R::Field { field } => t!(lang, "read-field", field = field.clone()),
        R::ThresholdsTooLow { k, k_high } => t!(
            lang,
            "read-thresholds-too-low",
            k = *k,
            k_high = *k_high,
            min_k = veerkracht_signals::disclosure::Thresholds::MIN_K,
            min_k_high = veerkracht_signals::disclosure::Thresholds::MIN_K_HIGH
        ),
        R::UnknownFormat { found } => t!(lang, "read-format", found = *found),
        R::HashMismatch { file } => t!(lang, "read-hash", file = file.clone()),
        R::Columns { file, expected } => t!(
            lang,
            "read-columns",
            file = file.clone(),
            expected = expected.clone()
        ),
        R::Csv {
            file,
            line,
            problem,
        } => {
            use veerkracht_signals::package::CsvProblem as C;
            let problem = match problem {
                C::NotUtf8 => t!(lang, "rule-not-utf8"),
                C::FieldCount { found, expected } => t!(
                    lang,
                    "read-csv-field-count",
                    found = *found,
                    expected = *expected
                ),
                C::Other => t!(lang, "read-csv-other"),
            };
            t!(
                lang,
                "read-csv",
                file = file.clone(),
                line = *line,
                problem = problem
            )
        }
        R::Count { file, line, value } => t!(
            lang,
            "read-count",
            file = file.clone(),
            line = *line,
            value = quote(value)
        ),
        R::Status { file, line, value } => t!(
            lang,
            "read-status",
            file = file.clone(),
            line = *line,
            value = quote(value)
        ),
        R::StatusCounts { file, line } => {
            t!(
                lang,
                "read-status-counts",
                file = file.clone(),
                line = *line
            )
        }
        R::Period {
            file,
            line,
            found,
            expected,
        } => t!(
            lang,
            "read-period",
            file = file.clone(),
            line = *line,
            found = quote(found),
            expected = expected.clone()
        ),
    }
}

impl Error {
    /// The failure in the reader's language, one paragraph.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Error::Core(e) => core_error(lang, e),
            Error::Store(e) => store_error(lang, e),
            Error::Signals(e) => signals_error(lang, e),
            Error::Invalid(errors) => invalid(lang, errors),
            Error::Identifiers(findings) => t!(lang, "identifiers", count = findings.len()),
            Error::Locked => t!(lang, "locked"),
            Error::NotFound => t!(lang, "not-found"),
            Error::NoSuchEncounter { id } => t!(lang, "no-such-encounter", id = quote(id)),
            Error::PrefixTooShort { given, min } => {
                t!(lang, "prefix-too-short", given = quote(given), min = *min)
            }
            Error::AmbiguousPrefix { prefix, count } => t!(
                lang,
                "ambiguous-prefix",
                prefix = quote(prefix),
                count = *count
            ),
            Error::NoAutomaticBackup => t!(lang, "no-automatic-backup"),
            Error::ImportRejected { total, lines, .. } => {
                t!(lang, "import-rejected", errors = *total, lines = *lines)
            }
            Error::ImportFindings { findings } => {
                let lines: std::collections::BTreeSet<usize> =
                    findings.iter().map(|f| f.line).collect();
                t!(
                    lang,
                    "import-findings",
                    count = findings.len(),
                    lines = lines.len()
                )
            }
            Error::ReadFile { path: p, source } => t!(
                lang,
                "read-file",
                path = path(p),
                reason = io_reason(lang, source)
            ),
            Error::WriteFile { path: p, source } => t!(
                lang,
                "write-file",
                path = path(p),
                reason = io_reason(lang, source)
            ),
            Error::PackageUnsound { path: p, problems } => t!(
                lang,
                "package-unsound",
                path = path(p),
                count = problems.len()
            ),
            Error::MergeMismatch { what, first, other } => t!(
                lang,
                match what {
                    crate::error::Mismatch::Periods => "merge-periods-differ",
                    crate::error::Mismatch::Codebooks => "merge-codebooks-differ",
                },
                first = quote(first),
                other = quote(other)
            ),
            Error::PackageUnreadable { path: p, error } => t!(
                lang,
                "package-unreadable",
                path = path(p),
                detail = read_error(lang, error)
            ),
        }
    }

    /// Lines that belong under the message (each import problem, each
    /// finding, each package problem), already in words.
    pub fn details(&self, lang: Lang) -> Vec<String> {
        match self {
            Error::ImportRejected { errors, total, .. } => {
                let mut out: Vec<String> = errors.iter().map(|e| line_error(lang, e)).collect();
                if *total > errors.len() {
                    out.push(t!(lang, "and-more", count = total - errors.len()));
                }
                out
            }
            Error::ImportFindings { findings } => {
                findings.iter().map(|f| line_finding(lang, f)).collect()
            }
            Error::PackageUnsound { problems, .. } => {
                problems.iter().map(|p| problem(lang, p)).collect()
            }
            _ => Vec::new(),
        }
    }
}

/// A cell of a package as a reader finds it in the CSV files (its key is
/// internal): `signals.csv dimension/code[/qualifier]`, `crosstabs.csv
/// row_dimension=code × column_dimension=code`, and a crosstab margin of
/// its own as `crosstabs.csv dimension=code × total`. Any other text is
/// returned as it is.
pub fn cell_name(key: &str) -> String {
    let parts: Vec<&str> = key.split('|').collect();
    match parts.as_slice() {
        ["s", dim, code, ""] => format!("signals.csv {dim}/{code}"),
        ["s", dim, code, qualifier] => format!("signals.csv {dim}/{code}/{qualifier}"),
        ["x", rd, rc, cd, cc] => format!("crosstabs.csv {rd}={rc} × {cd}={cc}"),
        ["a", dim, code] => format!("crosstabs.csv {dim}={code} × total"),
        _ => key.to_string(),
    }
}

/// A problem `verify` found in a package.
pub fn problem(lang: Lang, p: &veerkracht_signals::package::Problem) -> String {
    use veerkracht_signals::package::Problem as P;
    match p {
        P::UnlistedFile { name } => t!(lang, "problem-unlisted-file", name = quote(name)),
        P::Codebook { found, supported } => t!(
            lang,
            "codebooks-differ",
            first = quote(found),
            other = supported.clone()
        ),
        P::Rows {
            file,
            found,
            expected,
        } => t!(
            lang,
            "problem-rows",
            file = file.clone(),
            found = *found,
            expected = *expected
        ),
        P::UnexpectedRow { file, row } => {
            t!(
                lang,
                "problem-unexpected-row",
                file = file.clone(),
                row = quote(row)
            )
        }
        P::ForeignFile { name } => t!(lang, "problem-foreign-file", name = quote(name)),
        P::MissingFile { name } => t!(lang, "problem-missing-file", name = name.clone()),
        P::DescriptorField { field } => {
            // A path of a few keys, cut where a forged key would make it long.
            let field = if field.chars().count() > 80 {
                field.chars().take(79).chain(['…']).collect()
            } else {
                field.clone()
            };
            t!(lang, "problem-descriptor-field", field = field)
        }
        P::DuplicateKey { key } => t!(lang, "problem-duplicate-key", key = quote(key)),
        P::MissingRow { file, row } => {
            t!(
                lang,
                "problem-missing-row",
                file = file.clone(),
                row = quote(row)
            )
        }
        P::DuplicateRow { file, row } => {
            t!(
                lang,
                "problem-duplicate-row",
                file = file.clone(),
                row = quote(row)
            )
        }
        P::Disagrees { key } => t!(lang, "problem-disagrees", key = cell_name(key)),
        P::SmallPublished { key, families, k } => t!(
            lang,
            "problem-small-published",
            key = cell_name(key),
            families = *families,
            k = *k
        ),
        P::Recomputable { key, families } => t!(
            lang,
            if *families {
                "problem-recomputable-families"
            } else {
                "problem-recomputable-encounters"
            },
            key = cell_name(key)
        ),
        P::Undecided { key, families } => t!(
            lang,
            if *families {
                "problem-undecided-families"
            } else {
                "problem-undecided-encounters"
            },
            key = cell_name(key)
        ),
        P::Contradiction { keys } => t!(
            lang,
            "problem-contradiction",
            keys = keys
                .iter()
                .map(|k| cell_name(k))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        P::Fingerprint => t!(lang, "problem-fingerprint"),
        P::BoundsMissing { key } => t!(lang, "problem-bounds-missing", key = cell_name(key)),
        P::BoundsExact { key } => t!(lang, "problem-bounds-exact", key = cell_name(key)),
        P::BoundsImpossible { key } => t!(lang, "problem-bounds-impossible", key = cell_name(key)),
        P::MunicipalityCrossed => t!(lang, "problem-municipality-crossed"),
        P::RecordLevel { file, text } => t!(
            lang,
            "problem-record-level",
            file = file.clone(),
            text = quote(text)
        ),
        P::DemoUnmarked => t!(lang, "problem-demo-unmarked"),
        P::Rendering { file } => t!(lang, "problem-rendering", file = file.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A worker reads labels, never a cell key.
    #[test]
    fn a_refused_cell_is_named_in_the_workers_words() {
        let cases = [
            (
                Lang::En,
                "2025-Q4 s|kansarm_indicator|false|",
                "2025-Q4, Deprivation indicator (Kansarmoede): not deprived",
            ),
            (
                Lang::Nl,
                "2025-Q4 s|kansarm_indicator|false|",
                "2025-Q4, Kansarmoede-indicator: niet kansarm",
            ),
            (Lang::Fr, "2025 s|total|all|", "2025, Total"),
        ];
        for (lang, cell, want) in cases {
            assert_eq!(period_cell_label(lang, cell), want);
        }
        let cross = period_cell_label(
            Lang::Nl,
            "2025 x|themes_effective|child_perspective_expressive_resilience|setting|hospital_maternity",
        );
        let need = period_cell_label(Lang::Fr, "2025-05 s|needs|shelter_tonight|unmet");
        for text in [&cross, &need] {
            assert!(!text.contains('|') && !text.contains('_'), "{text}");
        }
        assert!(cross.contains(" × "), "{cross}");
        let message = signals_error(
            Lang::En,
            &veerkracht_signals::Error::Refused(
                veerkracht_signals::disclosure::Refusal::GivenAway {
                    period: "2025-Q4".parse().unwrap(),
                    cells: vec!["2025-Q4 s|kansarm_indicator|false|".into()],
                    by: vec!["2025".parse().unwrap()],
                },
            ),
        );
        assert!(message.contains("Deprivation indicator"), "{message}");
        assert!(!message.contains('|'), "{message}");
    }
}
