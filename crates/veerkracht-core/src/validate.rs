//! Validation: every rule an encounter must satisfy before it is stored.
//!
//! Errors are data: a field path and the rule it broke. The text is made
//! only when shown, in the reader's language, so the UI and the CLI can
//! place each error at its field and tests can match on the rule.

use crate::codebook::{Codebook, Kind, LIMITS, NEEDS, OUTCOME, THEMES, THEME_DETAILS};
use crate::encounter::{Answer, Encounter};
use crate::family::FamilyCodeProblem;
use chrono::NaiveDate;
use std::collections::HashSet;
use std::fmt;

/// The longest note accepted, in characters.
pub const NOTE_MAX_CHARS: usize = 4000;

/// The earliest date an encounter may carry.
pub fn earliest_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2000, 1, 1).expect("valid date")
}

/// The shape a field was expected to have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    Text,
    Boolean,
    Date,
    Uuid,
    Code,
    CodeList,
    StatusList,
    RoleList,
    ScoreMap,
    Number,
    /// A period: YYYY-MM, YYYY-Qn or YYYY.
    Period,
}

impl Expected {
    pub fn for_kind(kind: Kind) -> Expected {
        match kind {
            Kind::Single => Expected::Code,
            Kind::Multi => Expected::CodeList,
            Kind::MultiStatus => Expected::StatusList,
            Kind::MultiRole => Expected::RoleList,
            Kind::DomainScores => Expected::ScoreMap,
        }
    }

    /// A stable machine name (messages are worded from it at the edge).
    pub fn id(self) -> &'static str {
        match self {
            Expected::Text => "text",
            Expected::Boolean => "boolean",
            Expected::Date => "date",
            Expected::Uuid => "uuid",
            Expected::Code => "code",
            Expected::CodeList => "code_list",
            Expected::StatusList => "status_list",
            Expected::RoleList => "role_list",
            Expected::ScoreMap => "score_map",
            Expected::Number => "number",
            Expected::Period => "period",
        }
    }
}

/// A rule an encounter (or an exchange line) can break.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rule {
    /// The line is not valid JSON: what the parser met, and where (the
    /// character's position in the line, from 1).
    NotJson {
        problem: JsonProblem,
        column: usize,
    },
    /// A line longer than any encounter can be (read no further).
    LineTooLong {
        max_bytes: usize,
    },
    /// The line is JSON but not an object.
    NotAnObject,
    /// The line is not valid UTF-8.
    NotUtf8,
    Required,
    UnknownField,
    /// The same field twice in one line.
    DuplicateField,
    WrongShape {
        expected: Expected,
    },
    UnknownCode {
        code: String,
    },
    /// A status, role or domain value that the dimension does not define.
    UnknownQualifier {
        value: String,
        allowed: Vec<String>,
    },
    DuplicateCode {
        code: String,
    },
    FamilyCode(FamilyCodeProblem),
    /// A date after today: `date` is the one given, `today` the limit.
    DateInFuture {
        date: NaiveDate,
        today: NaiveDate,
    },
    DateTooEarly,
    /// Text longer than `max` characters.
    TooLong {
        max: usize,
        found: usize,
    },
    /// A number outside `min..=max`.
    OutOfRange {
        min: u64,
        max: u64,
        found: u64,
    },
    /// `outcome = no_solution_limits` needs at least one limit.
    LimitsRequired,
    /// An encounter records at least one of [`CONTENT_DIMENSIONS`]: one
    /// without a theme, a need or an outcome would inflate every count.
    EmptyEncounter,
    /// A date to come that lies before today (a follow-up).
    DateInPast {
        date: NaiveDate,
        today: NaiveDate,
    },
    CodebookVersion {
        found: String,
        supported: String,
    },
    /// The same id twice in one import, or already in the vault.
    DuplicateId {
        id: String,
    },
    /// The same id on an earlier line of the same file.
    DuplicateIdInFile {
        id: String,
        line: usize,
    },
    /// A family code the app did not make: only generated codes are accepted.
    UnknownFamily,
    /// Control characters (other than line breaks and tabs) in text.
    ControlCharacters,
}

/// What makes a line invalid JSON, in kinds a message can name in every
/// language (the parser's own sentence is English).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonProblem {
    /// The line ends inside a string, list or object.
    EndsTooSoon,
    ExpectedColon,
    /// Expected `,` or `]`.
    ExpectedCommaOrBracket,
    /// Expected `,` or `}`.
    ExpectedCommaOrBrace,
    ExpectedValue,
    ExpectedQuote,
    BadEscape,
    BadNumber,
    NumberTooLarge,
    ControlCharacter,
    KeyNotString,
    TrailingComma,
    TrailingCharacters,
    TooDeep,
    BadUnicode,
    Other,
}

impl JsonProblem {
    /// Sorts one of serde_json's messages (without its " at line L column
    /// C") into a kind.
    pub fn from_message(message: &str, eof: bool) -> JsonProblem {
        use JsonProblem as J;
        let table: [(&str, JsonProblem); 16] = [
            ("EOF while parsing", J::EndsTooSoon),
            ("expected `:`", J::ExpectedColon),
            ("expected `,` or `]`", J::ExpectedCommaOrBracket),
            ("expected `,` or `}`", J::ExpectedCommaOrBrace),
            ("expected ident", J::ExpectedValue),
            ("expected value", J::ExpectedValue),
            ("expected `\"`", J::ExpectedQuote),
            ("invalid escape", J::BadEscape),
            ("invalid number", J::BadNumber),
            ("number out of range", J::NumberTooLarge),
            ("control character", J::ControlCharacter),
            ("key must be a string", J::KeyNotString),
            ("trailing comma", J::TrailingComma),
            ("trailing characters", J::TrailingCharacters),
            ("recursion limit exceeded", J::TooDeep),
            ("invalid unicode code point", J::BadUnicode),
        ];
        if let Some((_, kind)) = table.iter().find(|(m, _)| message.starts_with(m)) {
            return *kind;
        }
        if message.contains("surrogate") || message.contains("hex escape") {
            return J::BadUnicode;
        }
        if eof {
            return J::EndsTooSoon;
        }
        J::Other
    }

    /// A stable machine name (for messages and tests).
    pub fn id(self) -> &'static str {
        use JsonProblem as J;
        match self {
            J::EndsTooSoon => "ends-too-soon",
            J::ExpectedColon => "expected-colon",
            J::ExpectedCommaOrBracket => "expected-comma-or-bracket",
            J::ExpectedCommaOrBrace => "expected-comma-or-brace",
            J::ExpectedValue => "expected-value",
            J::ExpectedQuote => "expected-quote",
            J::BadEscape => "bad-escape",
            J::BadNumber => "bad-number",
            J::NumberTooLarge => "number-too-large",
            J::ControlCharacter => "control-character",
            J::KeyNotString => "key-not-string",
            J::TrailingComma => "trailing-comma",
            J::TrailingCharacters => "trailing-characters",
            J::TooDeep => "too-deep",
            J::BadUnicode => "bad-unicode",
            J::Other => "other",
        }
    }
}

impl Rule {
    /// A stable machine name for the rule (for JSON output and tests).
    pub fn id(&self) -> &'static str {
        match self {
            Rule::NotJson { .. } => "not_json",
            Rule::LineTooLong { .. } => "line_too_long",
            Rule::NotAnObject => "not_an_object",
            Rule::NotUtf8 => "not_utf8",
            Rule::Required => "required",
            Rule::UnknownField => "unknown_field",
            Rule::DuplicateField => "duplicate_field",
            Rule::WrongShape { .. } => "wrong_shape",
            Rule::UnknownCode { .. } => "unknown_code",
            Rule::UnknownQualifier { .. } => "unknown_qualifier",
            Rule::DuplicateCode { .. } => "duplicate_code",
            Rule::FamilyCode(_) => "family_code",
            Rule::DateInFuture { .. } => "date_in_future",
            Rule::DateTooEarly => "date_too_early",
            Rule::TooLong { .. } => "too_long",
            Rule::OutOfRange { .. } => "out_of_range",
            Rule::LimitsRequired => "limits_required",
            Rule::EmptyEncounter => "empty_encounter",
            Rule::DateInPast { .. } => "date_in_past",
            Rule::CodebookVersion { .. } => "codebook_version",
            Rule::DuplicateId { .. } => "duplicate_id",
            Rule::DuplicateIdInFile { .. } => "duplicate_id_in_file",
            Rule::UnknownFamily => "unknown_family",
            Rule::ControlCharacters => "control_characters",
        }
    }
}

/// A broken rule at a field. `field` is a path such as `needs[1].status`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub rule: Rule,
}

impl FieldError {
    pub fn new(field: impl Into<String>, rule: Rule) -> FieldError {
        FieldError {
            field: field.into(),
            rule,
        }
    }
}

/// For logs and tests: `field: rule` (people read the worded message).
impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.rule.id())
    }
}

/// Checks an encounter against the codebook. `today` is passed in: core
/// reads no clock. Returns every problem, not just the first, so a form can
/// mark all its fields at once.
pub fn validate(e: &Encounter, cb: &Codebook, today: NaiveDate) -> Result<(), Vec<FieldError>> {
    let mut errors = Vec::new();

    if e.codebook != cb.version {
        errors.push(FieldError::new(
            "codebook",
            Rule::CodebookVersion {
                found: e.codebook.clone(),
                supported: cb.version.clone(),
            },
        ));
    }
    if e.date > today {
        errors.push(FieldError::new(
            "date",
            Rule::DateInFuture {
                date: e.date,
                today,
            },
        ));
    }
    if e.date < earliest_date() {
        errors.push(FieldError::new("date", Rule::DateTooEarly));
    }
    if let Some(note) = &e.note {
        if note
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        {
            errors.push(FieldError::new("note", Rule::ControlCharacters));
        }
        let found = note.chars().count();
        if found > NOTE_MAX_CHARS {
            errors.push(FieldError::new(
                "note",
                Rule::TooLong {
                    max: NOTE_MAX_CHARS,
                    found,
                },
            ));
        }
    }

    for (dim_id, answer) in &e.answers {
        let Some(dim) = cb.dimension(dim_id) else {
            errors.push(FieldError::new(dim_id.clone(), Rule::UnknownField));
            continue;
        };
        if answer.kind() != dim.kind {
            errors.push(FieldError::new(
                dim_id.clone(),
                Rule::WrongShape {
                    expected: Expected::for_kind(dim.kind),
                },
            ));
            continue;
        }
        let allowed = || dim.qualifiers.iter().map(|q| q.code.clone()).collect();
        let mut seen = HashSet::new();
        match answer {
            Answer::Single(code) => {
                if !dim.has_code(code) {
                    errors.push(FieldError::new(
                        dim_id.clone(),
                        Rule::UnknownCode { code: code.clone() },
                    ));
                }
            }
            Answer::Multi(codes) => {
                for (i, code) in codes.iter().enumerate() {
                    let field = format!("{dim_id}[{i}]");
                    if !dim.has_code(code) {
                        errors.push(FieldError::new(
                            field,
                            Rule::UnknownCode { code: code.clone() },
                        ));
                    } else if !seen.insert(code.as_str()) {
                        errors.push(FieldError::new(
                            field,
                            Rule::DuplicateCode { code: code.clone() },
                        ));
                    }
                }
            }
            Answer::MultiStatus(qs) | Answer::MultiRole(qs) | Answer::DomainScores(qs) => {
                let key = dim.qualifier_key().unwrap_or("qualifier");
                for (i, q) in qs.iter().enumerate() {
                    let at = if dim.kind == Kind::DomainScores {
                        format!("{dim_id}.{}", q.code)
                    } else {
                        format!("{dim_id}[{i}]")
                    };
                    if !dim.has_code(&q.code) {
                        let field = if dim.kind == Kind::DomainScores {
                            at.clone()
                        } else {
                            format!("{at}.code")
                        };
                        errors.push(FieldError::new(
                            field,
                            Rule::UnknownCode {
                                code: q.code.clone(),
                            },
                        ));
                    } else if !seen.insert(q.code.as_str()) {
                        errors.push(FieldError::new(
                            at.clone(),
                            Rule::DuplicateCode {
                                code: q.code.clone(),
                            },
                        ));
                    }
                    if dim.qualifier(&q.qualifier).is_none() {
                        let field = if dim.kind == Kind::DomainScores {
                            at
                        } else {
                            format!("{at}.{key}")
                        };
                        errors.push(FieldError::new(
                            field,
                            Rule::UnknownQualifier {
                                value: q.qualifier.clone(),
                                allowed: allowed(),
                            },
                        ));
                    }
                }
            }
        }
    }

    if e.single(OUTCOME) == Some(NO_SOLUTION_LIMITS) && e.codes(LIMITS).is_empty() {
        errors.push(FieldError::new(LIMITS, Rule::LimitsRequired));
    }
    if !has_content(e) {
        errors.push(FieldError::new(CONTENT_FIELD, Rule::EmptyEncounter));
    }

    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// The outcome that records "botsen op grenzen".
pub const NO_SOLUTION_LIMITS: &str = "no_solution_limits";

/// What an encounter must record at least one of: what it was about (a
/// theme or a theme detail), what the family needed, or how it ended. A
/// setting, a municipality or a situation alone is carried over or
/// incidental; counted as an encounter it would inflate every figure.
pub const CONTENT_DIMENSIONS: [&str; 4] = [THEMES, THEME_DETAILS, NEEDS, OUTCOME];

/// The field an [`Rule::EmptyEncounter`] error is reported at.
pub const CONTENT_FIELD: &str = "content";

/// Whether the encounter records any of [`CONTENT_DIMENSIONS`].
pub fn has_content(e: &Encounter) -> bool {
    CONTENT_DIMENSIONS
        .iter()
        .any(|d| e.answer(d).is_some_and(|a| !a.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encounter::Qualified;
    use crate::FamilyCode;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    /// The smallest valid encounter: a date, a family and one theme.
    fn base() -> Encounter {
        let mut e = empty();
        e.set(THEMES, Answer::Multi(vec!["housing".into()]));
        e
    }

    fn empty() -> Encounter {
        let cb = Codebook::embedded();
        Encounter::new(
            uuid::Uuid::nil(),
            FamilyCode::parse("7K3M-9QZD").unwrap(),
            NaiveDate::from_ymd_opt(2026, 3, 14).unwrap(),
            cb,
        )
    }

    fn rules(e: &Encounter) -> Vec<(String, &'static str)> {
        match validate(e, Codebook::embedded(), today()) {
            Ok(()) => vec![],
            Err(errs) => errs.into_iter().map(|f| (f.field, f.rule.id())).collect(),
        }
    }

    #[test]
    fn a_minimal_encounter_is_valid() {
        assert_eq!(rules(&base()), vec![]);
    }

    #[test]
    fn an_encounter_needs_a_theme_a_need_or_an_outcome() {
        let mut e = empty();
        assert_eq!(rules(&e), vec![("content".into(), "empty_encounter")]);
        e.set("setting", Answer::Single("home_visit".into()));
        e.set("housing_situation", Answer::Single("street".into()));
        assert_eq!(
            rules(&e),
            vec![("content".into(), "empty_encounter")],
            "a setting and a situation alone are no content"
        );
        e.set(THEMES, Answer::Multi(vec![]));
        assert_eq!(
            rules(&e),
            vec![("content".into(), "empty_encounter")],
            "an empty list is nothing"
        );
        for (dim, answer) in [
            (THEMES, Answer::Multi(vec!["housing".into()])),
            (
                THEME_DETAILS,
                Answer::Multi(vec!["t4_no_housing_solution".into()]),
            ),
            (
                NEEDS,
                Answer::MultiStatus(vec![Qualified::new("shelter_tonight", "unmet")]),
            ),
            (OUTCOME, Answer::Single("pending".into())),
        ] {
            let mut e = empty();
            e.set(dim, answer);
            assert_eq!(rules(&e), vec![], "{dim} alone is enough");
        }
    }

    #[test]
    fn each_rule_has_a_failing_example() {
        let mut e = base();
        e.set("setting", Answer::Single("moon".into()));
        assert_eq!(rules(&e), vec![("setting".into(), "unknown_code")]);

        let mut e = base();
        e.set("setting", Answer::Multi(vec!["home_visit".into()]));
        assert_eq!(rules(&e), vec![("setting".into(), "wrong_shape")]);

        let mut e = base();
        e.set(
            "themes",
            Answer::Multi(vec!["housing".into(), "housing".into()]),
        );
        assert_eq!(rules(&e), vec![("themes[1]".into(), "duplicate_code")]);

        let mut e = base();
        e.set(
            "needs",
            Answer::MultiStatus(vec![Qualified::new("shelter_tonight", "urgent")]),
        );
        assert_eq!(
            rules(&e),
            vec![("needs[0].status".into(), "unknown_qualifier")]
        );

        let mut e = base();
        e.set(
            "actors",
            Answer::MultiRole(vec![Qualified::new("caw", "boss")]),
        );
        assert_eq!(
            rules(&e),
            vec![("actors[0].role".into(), "unknown_qualifier")]
        );

        let mut e = base();
        e.set(
            "kansarmoede",
            Answer::DomainScores(vec![Qualified::new("kg_housing", "bad")]),
        );
        assert_eq!(
            rules(&e),
            vec![("kansarmoede.kg_housing".into(), "unknown_qualifier")]
        );

        let mut e = base();
        e.set(
            "kansarmoede",
            Answer::DomainScores(vec![Qualified::new("kg_luck", "weak")]),
        );
        assert_eq!(
            rules(&e),
            vec![("kansarmoede.kg_luck".into(), "unknown_code")]
        );

        let mut e = empty();
        e.set("outcome", Answer::Single(NO_SOLUTION_LIMITS.into()));
        assert_eq!(rules(&e), vec![("limits".into(), "limits_required")]);
        e.set("limits", Answer::Multi(vec!["no_capacity".into()]));
        assert_eq!(rules(&e), vec![], "one limit satisfies the rule");

        let mut e = base();
        e.date = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        assert_eq!(rules(&e), vec![("date".into(), "date_in_future")]);
        e.date = today();
        assert_eq!(rules(&e), vec![], "today is not the future");
        e.date = NaiveDate::from_ymd_opt(1999, 12, 31).unwrap();
        assert_eq!(rules(&e), vec![("date".into(), "date_too_early")]);

        let mut e = base();
        e.note = Some("é".repeat(NOTE_MAX_CHARS));
        assert_eq!(rules(&e), vec![], "the limit counts characters, not bytes");
        e.note = Some("x".repeat(NOTE_MAX_CHARS + 1));
        assert_eq!(rules(&e), vec![("note".into(), "too_long")]);

        let mut e = base();
        e.note = Some("bel\u{7}mij\u{0}".into());
        assert_eq!(rules(&e), vec![("note".into(), "control_characters")]);
        e.note = Some("regel een\nregel twee\ttab".into());
        assert_eq!(rules(&e), vec![], "line breaks and tabs are fine");

        let mut e = base();
        e.codebook = "1999.9".into();
        assert_eq!(rules(&e), vec![("codebook".into(), "codebook_version")]);

        let mut e = base();
        e.answers
            .insert("nationality".into(), Answer::Single("x".into()));
        assert_eq!(rules(&e), vec![("nationality".into(), "unknown_field")]);
    }
}
