//! The exchange format: JSON Lines, one encounter per line, field names are
//! the codebook's dimension ids and values are codes.
//!
//! It carries record-level data between a worker's own installations
//! (backup, migration). It is never for researchers: those get packages.
//! Unknown fields and codes are errors, never silently dropped.

use crate::codebook::{Codebook, Kind};
use crate::encounter::{Answer, Encounter, Qualified};
use crate::validate::{validate, Expected, FieldError, Rule};
use crate::FamilyCode;
use chrono::NaiveDate;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use uuid::Uuid;

/// Fields of a line that are not codebook dimensions.
const FIXED_FIELDS: [&str; 6] = ["id", "family", "date", "codebook", "note", "demo"];

/// The "field" of a problem with the line as a whole (not JSON, not an
/// object, not UTF-8, too long): messages name no field for it.
pub const WHOLE_LINE: &str = "line";

/// No encounter's line is longer: a note of `NOTE_MAX_CHARS` characters,
/// each written as a 12-byte escaped surrogate pair, is 48 KB, and the
/// codebook's lists are short. A longer line is refused unread (and an
/// import reads no further into it).
pub const LINE_MAX_BYTES: usize = 1 << 20;

/// Parses and validates one line. `new_id` supplies the id when the line has
/// none (ids are optional on import); `today` bounds the date.
pub fn parse_line(
    line: &str,
    cb: &Codebook,
    today: NaiveDate,
    new_id: impl FnOnce() -> Uuid,
) -> Result<Encounter, Vec<FieldError>> {
    // One pass: the JSON value, and the first key given twice in one
    // object at any depth (JSON allows it and keeps the last: a line that
    // says one thing and then another is refused rather than half read).
    let mut twice = None;
    if line.len() > LINE_MAX_BYTES {
        return Err(vec![FieldError::new(
            WHOLE_LINE,
            Rule::LineTooLong {
                max_bytes: LINE_MAX_BYTES,
            },
        )]);
    }
    let value = value_noting_duplicates(line, &mut twice).map_err(|e| {
        let text = e.to_string();
        let message = text.split(" at line ").next().unwrap_or(&text);
        let eof = e.classify() == serde_json::error::Category::Eof;
        // serde_json counts columns in bytes; people count characters.
        let at = line
            .char_indices()
            .take_while(|(i, _)| *i < e.column())
            .count()
            .max(1);
        vec![FieldError::new(
            WHOLE_LINE,
            Rule::NotJson {
                problem: crate::JsonProblem::from_message(message, eof),
                column: at,
            },
        )]
    })?;
    let Value::Object(obj) = value else {
        return Err(vec![FieldError::new(WHOLE_LINE, Rule::NotAnObject)]);
    };
    if let Some(key) = twice {
        return Err(vec![FieldError::new(key, Rule::DuplicateField)]);
    }
    from_object(&obj, cb, today, new_id)
}

/// `line` as a JSON value, like `serde_json::from_str`, noting in `twice`
/// the first key that appears twice in one object (the value keeps the
/// last, as serde_json does).
fn value_noting_duplicates(line: &str, twice: &mut Option<String>) -> serde_json::Result<Value> {
    use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
    struct Seed<'a>(&'a mut Option<String>);
    impl<'de> DeserializeSeed<'de> for Seed<'_> {
        type Value = Value;
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
            d.deserialize_any(self)
        }
    }
    impl<'de> Visitor<'de> for Seed<'_> {
        type Value = Value;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("any valid JSON value")
        }
        fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
            Ok(Value::Bool(v))
        }
        fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
            Ok(Value::Number(v.into()))
        }
        fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
            Ok(Value::Number(v.into()))
        }
        fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
            Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
        }
        fn visit_str<E>(self, v: &str) -> Result<Value, E> {
            Ok(Value::String(v.to_string()))
        }
        fn visit_string<E>(self, v: String) -> Result<Value, E> {
            Ok(Value::String(v))
        }
        fn visit_none<E>(self) -> Result<Value, E> {
            Ok(Value::Null)
        }
        fn visit_unit<E>(self) -> Result<Value, E> {
            Ok(Value::Null)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
            d.deserialize_any(self)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
            let mut out = Vec::new();
            while let Some(v) = seq.next_element_seed(Seed(&mut *self.0))? {
                out.push(v);
            }
            Ok(Value::Array(out))
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
            let mut out = Map::new();
            while let Some(key) = map.next_key::<String>()? {
                // Noted before the value's own keys, in the order of the line.
                if self.0.is_none() && out.contains_key(&key) {
                    *self.0 = Some(key.clone());
                }
                let v = map.next_value_seed(Seed(&mut *self.0))?;
                out.insert(key, v);
            }
            Ok(Value::Object(out))
        }
    }
    let mut de = serde_json::Deserializer::from_str(line);
    let value = Seed(twice).deserialize(&mut de)?;
    de.end()?;
    Ok(value)
}

/// Builds and validates an encounter from a JSON object in the exchange format.
pub fn from_object(
    obj: &Map<String, Value>,
    cb: &Codebook,
    today: NaiveDate,
    new_id: impl FnOnce() -> Uuid,
) -> Result<Encounter, Vec<FieldError>> {
    let mut errors = Vec::new();
    let shape = |field: &str, expected| FieldError::new(field, Rule::WrongShape { expected });

    let id = match obj.get("id") {
        None | Some(Value::Null) => Some(new_id()),
        Some(Value::String(s)) => match Uuid::parse_str(s) {
            Ok(id) => Some(id),
            Err(_) => {
                errors.push(shape("id", Expected::Uuid));
                None
            }
        },
        Some(_) => {
            errors.push(shape("id", Expected::Uuid));
            None
        }
    };

    let family = match obj.get("family") {
        None | Some(Value::Null) => {
            errors.push(FieldError::new("family", Rule::Required));
            None
        }
        Some(Value::String(s)) => match FamilyCode::parse(s) {
            Ok(f) => Some(f),
            Err(p) => {
                errors.push(FieldError::new("family", Rule::FamilyCode(p)));
                None
            }
        },
        Some(_) => {
            errors.push(shape("family", Expected::Text));
            None
        }
    };

    let date = match obj.get("date") {
        None | Some(Value::Null) => {
            errors.push(FieldError::new("date", Rule::Required));
            None
        }
        Some(Value::String(s)) => match parse_iso_date(s) {
            Some(d) => Some(d),
            None => {
                errors.push(shape("date", Expected::Date));
                None
            }
        },
        Some(_) => {
            errors.push(shape("date", Expected::Date));
            None
        }
    };

    let codebook = match obj.get("codebook") {
        None | Some(Value::Null) => cb.version.clone(),
        Some(Value::String(s)) => s.clone(),
        Some(_) => {
            errors.push(shape("codebook", Expected::Text));
            cb.version.clone()
        }
    };

    let note = match obj.get("note") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.is_empty() => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => {
            errors.push(shape("note", Expected::Text));
            None
        }
    };

    let demo = match obj.get("demo") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            errors.push(shape("demo", Expected::Boolean));
            false
        }
    };

    let mut answers = BTreeMap::new();
    for (key, value) in obj {
        if FIXED_FIELDS.contains(&key.as_str()) {
            continue;
        }
        let Some(dim) = cb.dimension(key) else {
            errors.push(FieldError::new(key.clone(), Rule::UnknownField));
            continue;
        };
        if value.is_null() {
            continue;
        }
        match answer_from_json(key, dim.kind, dim.qualifier_key(), value) {
            Ok(a) if a.is_empty() => {}
            Ok(a) => {
                answers.insert(key.clone(), a);
            }
            Err(mut errs) => errors.append(&mut errs),
        }
    }

    // Family and date may be missing or malformed; stand-ins that pass let the
    // semantic rules still report on every other field of the line.
    let complete = id.is_some() && family.is_some() && date.is_some();
    let encounter = Encounter {
        id: id.unwrap_or(Uuid::nil()),
        family: family.unwrap_or_else(|| FamilyCode::parse("0000-0000").expect("valid")),
        date: date.unwrap_or(today),
        codebook,
        answers,
        note,
        demo,
    };
    if let Err(mut errs) = validate(&encounter, cb, today) {
        errors.append(&mut errs);
    }
    if errors.is_empty() && complete {
        Ok(encounter)
    } else {
        Err(errors)
    }
}

/// A strict ISO date: exactly `YYYY-MM-DD`.
pub fn parse_iso_date(s: &str) -> Option<NaiveDate> {
    if s.len() != 10 || s.as_bytes()[4] != b'-' || s.as_bytes()[7] != b'-' {
        return None;
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

fn answer_from_json(
    field: &str,
    kind: Kind,
    qualifier_key: Option<&'static str>,
    value: &Value,
) -> Result<Answer, Vec<FieldError>> {
    let wrong = || {
        vec![FieldError::new(
            field,
            Rule::WrongShape {
                expected: Expected::for_kind(kind),
            },
        )]
    };
    match kind {
        Kind::Single => match value {
            Value::String(s) => Ok(Answer::Single(s.clone())),
            _ => Err(wrong()),
        },
        Kind::Multi => {
            let Value::Array(items) = value else {
                return Err(wrong());
            };
            let mut codes = Vec::with_capacity(items.len());
            let mut errors = Vec::new();
            for (i, item) in items.iter().enumerate() {
                match item {
                    Value::String(s) => codes.push(s.clone()),
                    _ => errors.push(FieldError::new(
                        format!("{field}[{i}]"),
                        Rule::WrongShape {
                            expected: Expected::Code,
                        },
                    )),
                }
            }
            if errors.is_empty() {
                Ok(Answer::Multi(codes))
            } else {
                Err(errors)
            }
        }
        Kind::MultiStatus | Kind::MultiRole => {
            let key = qualifier_key.expect("qualified kinds have a key");
            let Value::Array(items) = value else {
                return Err(wrong());
            };
            let mut pairs = Vec::with_capacity(items.len());
            let mut errors = Vec::new();
            for (i, item) in items.iter().enumerate() {
                let at = format!("{field}[{i}]");
                let Value::Object(o) = item else {
                    errors.push(FieldError::new(
                        at,
                        Rule::WrongShape {
                            expected: Expected::for_kind(kind),
                        },
                    ));
                    continue;
                };
                for k in o.keys() {
                    if k != "code" && k != key {
                        errors.push(FieldError::new(format!("{at}.{k}"), Rule::UnknownField));
                    }
                }
                let code = text_member(o, "code", &at, &mut errors);
                let qualifier = text_member(o, key, &at, &mut errors);
                if let (Some(code), Some(qualifier)) = (code, qualifier) {
                    pairs.push(Qualified { code, qualifier });
                }
            }
            if !errors.is_empty() {
                Err(errors)
            } else if kind == Kind::MultiStatus {
                Ok(Answer::MultiStatus(pairs))
            } else {
                Ok(Answer::MultiRole(pairs))
            }
        }
        Kind::DomainScores => {
            let Value::Object(o) = value else {
                return Err(wrong());
            };
            let mut pairs = Vec::with_capacity(o.len());
            let mut errors = Vec::new();
            for (code, v) in o {
                match v {
                    Value::String(s) => pairs.push(Qualified::new(code.clone(), s.clone())),
                    _ => errors.push(FieldError::new(
                        format!("{field}.{code}"),
                        Rule::WrongShape {
                            expected: Expected::Text,
                        },
                    )),
                }
            }
            if errors.is_empty() {
                Ok(Answer::DomainScores(pairs))
            } else {
                Err(errors)
            }
        }
    }
}

fn text_member(
    o: &Map<String, Value>,
    key: &str,
    at: &str,
    errors: &mut Vec<FieldError>,
) -> Option<String> {
    match o.get(key) {
        Some(Value::String(s)) => Some(s.clone()),
        None | Some(Value::Null) => {
            errors.push(FieldError::new(format!("{at}.{key}"), Rule::Required));
            None
        }
        Some(_) => {
            errors.push(FieldError::new(
                format!("{at}.{key}"),
                Rule::WrongShape {
                    expected: Expected::Text,
                },
            ));
            None
        }
    }
}

/// The encounter as an exchange-format object, fields in a fixed order:
/// id, family, date, codebook, the dimensions in codebook order, note, and
/// `demo` only for synthetic data.
pub fn to_object(e: &Encounter, cb: &Codebook) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("id".into(), Value::String(e.id.to_string()));
    m.insert("family".into(), Value::String(e.family.to_string()));
    m.insert(
        "date".into(),
        Value::String(e.date.format("%Y-%m-%d").to_string()),
    );
    m.insert("codebook".into(), Value::String(e.codebook.clone()));
    let mut ordered: Vec<(&String, &Answer)> = e.answers.iter().collect();
    ordered.sort_by_key(|(id, _)| cb.dimension_position(id).unwrap_or(usize::MAX));
    for (dim, answer) in ordered {
        m.insert(dim.clone(), answer_to_json(cb, dim, answer));
    }
    if let Some(note) = &e.note {
        m.insert("note".into(), Value::String(note.clone()));
    }
    if e.demo {
        m.insert("demo".into(), Value::Bool(true));
    }
    m
}

/// One line of JSON (no trailing newline).
pub fn to_line(e: &Encounter, cb: &Codebook) -> String {
    Value::Object(to_object(e, cb)).to_string()
}

fn answer_to_json(cb: &Codebook, dim: &str, answer: &Answer) -> Value {
    let key = cb
        .dimension(dim)
        .and_then(|d| d.qualifier_key())
        .unwrap_or("qualifier");
    match answer {
        Answer::Single(c) => Value::String(c.clone()),
        Answer::Multi(cs) => Value::Array(cs.iter().cloned().map(Value::String).collect()),
        Answer::MultiStatus(qs) | Answer::MultiRole(qs) => Value::Array(
            qs.iter()
                .map(|q| {
                    let mut o = Map::new();
                    o.insert("code".into(), Value::String(q.code.clone()));
                    o.insert(key.into(), Value::String(q.qualifier.clone()));
                    Value::Object(o)
                })
                .collect(),
        ),
        Answer::DomainScores(qs) => Value::Object(
            qs.iter()
                .map(|q| (q.code.clone(), Value::String(q.qualifier.clone())))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = r#"{"id":"018f6f3e-8c4b-7c1a-9d2e-4b5a6c7d8e9f","family":"7K3M-9QZD","date":"2026-03-14",
 "codebook":"2026.1","setting":"home_visit","municipality":"molenbeek",
 "household_type":"single_mother","children_count":"n2","child_ages":["age_0_1","age_3_6"],
 "residence_status":"undocumented","housing_situation":"squat_or_occupation",
 "needs":[{"code":"shelter_tonight","status":"unmet"}],
 "actors":[{"code":"bridge_figure","role":"already_involved"}],
 "themes":["housing"],"theme_details":["t4_no_housing_solution"],
 "urgency":"within_24h","outcome":"no_solution_limits","limits":["no_capacity"],
 "kansarmoede":{"kg_housing":"weak","kg_monthly_income":"weak"},
 "note":"free text, stays on this machine"}"#;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn parse(line: &str) -> Result<Encounter, Vec<(String, &'static str)>> {
        parse_line(line, Codebook::embedded(), today(), Uuid::new_v4)
            .map_err(|errs| errs.into_iter().map(|e| (e.field, e.rule.id())).collect())
    }

    #[test]
    fn one_pass_reads_what_serde_json_reads_and_names_the_first_key_given_twice() {
        let same = [
            EXAMPLE,
            r#"{"a":1,"b":[1,2.5,-3,1e400,null,true,"x\u00e9"],"c":{"d":{}}}"#,
            r#"[1,2]"#,
            r#""text""#,
            r#"{"a":1} trailing"#,
            r#"{"a":1"#,
            r#"{"a":01}"#,
            r#"{"a":18446744073709551616}"#,
            "",
            &format!("{}{}", "[".repeat(200), "]".repeat(200)),
        ];
        for line in same {
            let mut twice = None;
            let ours = value_noting_duplicates(line, &mut twice).map_err(|e| e.to_string());
            let theirs = serde_json::from_str::<Value>(line).map_err(|e| e.to_string());
            assert_eq!(ours, theirs, "{line}");
            assert_eq!(twice, None, "{line}");
        }
        let twice_in = [
            (r#"{"a":1,"a":2}"#, "a"),
            (r#"{"a":1,"b":{"x":1,"x":2},"a":2}"#, "x"),
            (r#"{"a":1,"a":{"x":1,"x":2}}"#, "a"),
            (r#"[{"n":[{"k":1,"k":1}]}]"#, "k"),
        ];
        for (line, key) in twice_in {
            let mut twice = None;
            let ours = value_noting_duplicates(line, &mut twice).unwrap();
            assert_eq!(ours, serde_json::from_str::<Value>(line).unwrap(), "{line}");
            assert_eq!(twice.as_deref(), Some(key), "{line}");
        }
        let line = EXAMPLE.replacen(
            r#""setting":"home_visit","#,
            r#""setting":"home_visit","setting":"street","#,
            1,
        );
        assert_eq!(
            parse(&line).unwrap_err(),
            vec![("setting".to_string(), "duplicate_field")]
        );
    }

    #[test]
    fn the_contract_example_parses_and_round_trips_exactly() {
        let cb = Codebook::embedded();
        let e = parse(EXAMPLE).expect("the README example is valid");
        assert_eq!(e.single("housing_situation"), Some("squat_or_occupation"));
        assert_eq!(
            e.qualified("needs")[0],
            Qualified::new("shelter_tonight", "unmet")
        );
        let line = to_line(&e, cb);
        let again: Value = serde_json::from_str(&line).unwrap();
        let original: Value = serde_json::from_str(EXAMPLE).unwrap();
        assert_eq!(again, original, "every field survives a round trip");
        assert_eq!(parse(&line).unwrap(), e);
    }

    #[test]
    fn id_is_made_when_absent_and_family_and_date_are_required() {
        let e = parse(r#"{"family":"7K3M-9QZD","date":"2026-03-14","outcome":"pending"}"#).unwrap();
        assert_ne!(e.id, Uuid::nil());
        assert_eq!(
            e.codebook, "2026.1",
            "the codebook version defaults to the current one"
        );
        assert_eq!(
            parse(r#"{"setting":"home_visit","outcome":"pending"}"#).unwrap_err(),
            vec![("family".into(), "required"), ("date".into(), "required")]
        );
    }

    #[test]
    fn a_line_without_a_theme_a_need_or_an_outcome_is_refused() {
        assert_eq!(
            parse(r#"{"family":"7K3M-9QZD","date":"2026-03-14","setting":"home_visit"}"#)
                .unwrap_err(),
            vec![("content".into(), "empty_encounter")],
            "the import follows the app's rule"
        );
    }

    #[test]
    fn shape_and_code_errors_name_their_field() {
        let errs = parse(
            r#"{"family":"7K3M-9QZO","date":"14/03/2026","setting":["home_visit"],
                "needs":[{"code":"shelter_tonight"}],"actors":[{"code":"caw","role":"x","extra":1}],
                "kansarmoede":{"kg_housing":3},"name":"Fatima","child_ages":["age_99"],"id":"nope"}"#,
        )
        .unwrap_err();
        for expected in [
            ("id", "wrong_shape"),
            ("family", "family_code"),
            ("date", "wrong_shape"),
            ("setting", "wrong_shape"),
            ("needs[0].status", "required"),
            ("actors[0].extra", "unknown_field"),
            ("kansarmoede.kg_housing", "wrong_shape"),
            ("name", "unknown_field"),
            ("child_ages[0]", "unknown_code"),
        ] {
            assert!(
                errs.contains(&(expected.0.to_string(), expected.1)),
                "expected {expected:?} in {errs:?}"
            );
        }
    }

    #[test]
    fn not_json_and_not_an_object_are_reported() {
        assert_eq!(parse("{oops").unwrap_err()[0].1, "not_json");
        assert_eq!(parse("[1,2]").unwrap_err()[0].1, "not_an_object");
        let long = format!("{{\"note\":\"{}\"}}", "a".repeat(LINE_MAX_BYTES));
        assert_eq!(parse(&long).unwrap_err()[0].1, "line_too_long");
    }

    /// Every way a line can fail to be JSON is sorted into a kind a message
    /// names in every language (none left as the parser's English), at the
    /// character where it happened.
    #[test]
    fn a_line_that_is_not_json_says_what_and_where() {
        use crate::JsonProblem as J;
        let cb = Codebook::embedded();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        for (line, want, column) in [
            ("{\"a\":1", J::EndsTooSoon, 6),
            ("{\"note\":\"abc", J::EndsTooSoon, 12),
            ("{\"a\" 1}", J::ExpectedColon, 6),
            ("{\"a\":[1 2]}", J::ExpectedCommaOrBracket, 9),
            ("{\"a\":1 \"b\":2}", J::ExpectedCommaOrBrace, 8),
            ("{\"a\":}", J::ExpectedValue, 6),
            ("{\"a\":tru}", J::ExpectedValue, 9),
            ("{\"a\":\"\\q\"}", J::BadEscape, 8),
            ("{\"a\":01}", J::BadNumber, 7),
            ("{\"a\":1e999}", J::NumberTooLarge, 10),
            ("{\"a\":\"\u{1}\"}", J::ControlCharacter, 7),
            ("{1:2}", J::KeyNotString, 2),
            ("{\"a\":1,}", J::TrailingComma, 8),
            ("{\"a\":1} x", J::TrailingCharacters, 9),
            ("{\"a\":\"\\ud800\"}", J::BadUnicode, 13),
            ("{\"é\":1 x}", J::ExpectedCommaOrBrace, 8),
        ] {
            let e = parse_line(line, cb, today, Uuid::nil).unwrap_err();
            match &e[0].rule {
                Rule::NotJson {
                    problem,
                    column: at,
                } => {
                    assert_eq!((*problem, *at), (want, column), "{line}");
                }
                other => panic!("{line}: {other:?}"),
            }
        }
        let e = parse_line(&deep, cb, today, Uuid::nil).unwrap_err();
        assert!(matches!(
            e[0].rule,
            Rule::NotJson {
                problem: J::TooDeep,
                ..
            }
        ));
    }

    #[test]
    fn empty_lists_and_nulls_mean_absent() {
        let e = parse(
            r#"{"family":"7K3M-9QZD","date":"2026-03-14","themes":[],"setting":null,"note":"","outcome":"pending"}"#,
        )
        .unwrap();
        assert_eq!(e.answers.len(), 1, "only the outcome is there");
        assert_eq!(e.note, None);
    }

    #[test]
    fn dates_must_be_strict_iso() {
        assert!(parse_iso_date("2026-03-14").is_some());
        assert!(parse_iso_date("2026-3-14").is_none());
        assert!(parse_iso_date("2026-02-30").is_none());
        assert!(parse_iso_date("+2026-03-14").is_none());
    }
}
