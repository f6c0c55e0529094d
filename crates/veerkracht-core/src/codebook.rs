//! The codebook: the contract that names every dimension and code.
//!
//! The project keeps its own copy of `shared/domain/codebook.v1.json` under
//! `codebook/` and embeds it at compile time, so a build can never run with a
//! codebook other than the one it was tested with. Ids are stable and never
//! reused; this module only reads them, it never invents one.

use crate::Lang;
use rustc_hash::FxHashMap;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The raw contract, byte for byte as shipped.
pub const CODEBOOK_JSON: &str = include_str!("../codebook/codebook.v1.json");

/// The three labels of a dimension, code or qualifier.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Labels {
    pub nl: String,
    pub fr: String,
    pub en: String,
}

impl Labels {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nl => &self.nl,
            Lang::Fr => &self.fr,
            Lang::En => &self.en,
        }
    }
}

/// How a dimension's value is shaped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// One code, or absent.
    Single,
    /// A set of codes.
    Multi,
    /// A set of `{code, status}`.
    MultiStatus,
    /// A set of `{code, role}`.
    MultiRole,
    /// A map from domain code to value.
    DomainScores,
}

impl Kind {
    pub fn id(self) -> &'static str {
        match self {
            Kind::Single => "single",
            Kind::Multi => "multi",
            Kind::MultiStatus => "multi_status",
            Kind::MultiRole => "multi_role",
            Kind::DomainScores => "domain_scores",
        }
    }
}

/// Export threshold class: `high` cells need more families before publication.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sensitivity {
    #[default]
    Normal,
    High,
}

/// The part of the encounter form a dimension belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    Context,
    Situation,
    Needs,
    Actors,
    Themes,
    Response,
}

impl Section {
    pub const ALL: [Section; 6] = [
        Section::Context,
        Section::Situation,
        Section::Needs,
        Section::Actors,
        Section::Themes,
        Section::Response,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Section::Context => "context",
            Section::Situation => "situation",
            Section::Needs => "needs",
            Section::Actors => "actors",
            Section::Themes => "themes",
            Section::Response => "response",
        }
    }
}

/// One code of a dimension, with the attributes some dimensions give their codes.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Code {
    pub code: String,
    pub label: Labels,
    #[serde(default)]
    pub definition: Option<String>,
    /// Overrides the dimension's sensitivity for this code only.
    #[serde(default)]
    pub sensitivity: Option<Sensitivity>,
    /// For theme details: the theme the detail belongs to.
    #[serde(default)]
    pub parent: Option<String>,
    /// For actors: the theme the actor embodies, if any.
    #[serde(default)]
    pub theme: Option<String>,
    /// For actors: `formal` or `informal`.
    #[serde(default)]
    pub kind: Option<String>,
    /// For themes: the theme's number in the report.
    #[serde(default)]
    pub theme_no: Option<u8>,
    /// For municipalities: the NIS code.
    #[serde(default)]
    pub nis: Option<String>,
    /// For municipalities: their postcodes.
    #[serde(default)]
    pub postcodes: Vec<String>,
}

/// A status, role or domain value: the qualifier a `multi_status`,
/// `multi_role` or `domain_scores` dimension attaches to each code.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Qualifier {
    pub code: String,
    pub label: Labels,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDimension {
    id: String,
    kind: Kind,
    label: Labels,
    section: Section,
    sensitivity: Sensitivity,
    #[serde(default)]
    default: Option<String>,
    #[serde(default)]
    definition: Option<String>,
    codes: Vec<Code>,
    #[serde(default)]
    statuses: Vec<Qualifier>,
    #[serde(default)]
    roles: Vec<Qualifier>,
    #[serde(default)]
    values: Vec<Qualifier>,
}

/// One question of the encounter form.
#[derive(Debug, Clone)]
pub struct Dimension {
    pub id: String,
    pub kind: Kind,
    pub label: Labels,
    pub section: Section,
    pub sensitivity: Sensitivity,
    /// The code an absent single value stands for (e.g. `not_asked`).
    pub default: Option<String>,
    pub definition: Option<String>,
    pub codes: Vec<Code>,
    /// Statuses, roles or values, by kind; empty for `single` and `multi`.
    pub qualifiers: Vec<Qualifier>,
    /// Fx, not SipHash: labels are looked up per row of every table
    /// (5% of `families` at a million encounters went to SipHash).
    code_index: FxHashMap<String, usize>,
}

impl Dimension {
    pub fn code(&self, code: &str) -> Option<&Code> {
        self.code_index.get(code).map(|&i| &self.codes[i])
    }

    /// Position of a code in the codebook order, used to sort stably.
    pub fn code_position(&self, code: &str) -> Option<usize> {
        self.code_index.get(code).copied()
    }

    pub fn has_code(&self, code: &str) -> bool {
        self.code_index.contains_key(code)
    }

    pub fn qualifier(&self, code: &str) -> Option<&Qualifier> {
        self.qualifiers.iter().find(|q| q.code == code)
    }

    /// The JSON key that names a qualifier in the exchange format.
    pub fn qualifier_key(&self) -> Option<&'static str> {
        match self.kind {
            Kind::MultiStatus => Some("status"),
            Kind::MultiRole => Some("role"),
            Kind::DomainScores => Some("value"),
            Kind::Single | Kind::Multi => None,
        }
    }

    /// A code's sensitivity: its own if it has one, else its dimension's.
    pub fn code_sensitivity(&self, code: &str) -> Sensitivity {
        self.code(code)
            .and_then(|c| c.sensitivity)
            .unwrap_or(self.sensitivity)
    }
}

/// A derived field: computed from an encounter, never typed in.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DerivedRule {
    pub id: String,
    pub rule: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCodebook {
    codebook: String,
    version: String,
    languages: Vec<String>,
    source: String,
    kinds: HashMap<String, String>,
    sensitivity: HashMap<String, String>,
    dimensions: Vec<RawDimension>,
    derived: Vec<DerivedRule>,
}

/// The whole codebook with typed, indexed access.
#[derive(Debug, Clone)]
pub struct Codebook {
    pub name: String,
    /// The codebook version every encounter records (e.g. `2026.1`).
    pub version: String,
    pub source: String,
    pub dimensions: Vec<Dimension>,
    pub derived: Vec<DerivedRule>,
    dim_index: FxHashMap<String, usize>,
}

impl Codebook {
    /// The codebook this build embeds, parsed once.
    pub fn embedded() -> &'static Codebook {
        static CODEBOOK: OnceLock<Codebook> = OnceLock::new();
        CODEBOOK.get_or_init(|| {
            Codebook::from_json(CODEBOOK_JSON)
                .expect("the embedded codebook is checked by the test suite")
        })
    }

    /// Parses a codebook document and checks its internal references.
    pub fn from_json(json: &str) -> Result<Codebook, crate::Error> {
        let raw: RawCodebook = serde_json::from_str(json).map_err(|e| crate::Error::Codebook {
            detail: e.to_string(),
        })?;
        let _ = (&raw.languages, &raw.kinds, &raw.sensitivity);
        let mut dimensions = Vec::with_capacity(raw.dimensions.len());
        for d in raw.dimensions {
            let qualifiers = match d.kind {
                Kind::MultiStatus => d.statuses,
                Kind::MultiRole => d.roles,
                Kind::DomainScores => d.values,
                Kind::Single | Kind::Multi => Vec::new(),
            };
            let mut code_index = FxHashMap::default();
            for (i, c) in d.codes.iter().enumerate() {
                if code_index.insert(c.code.clone(), i).is_some() {
                    return Err(crate::Error::Codebook {
                        detail: format!("duplicate code {} in {}", c.code, d.id),
                    });
                }
            }
            dimensions.push(Dimension {
                id: d.id,
                kind: d.kind,
                label: d.label,
                section: d.section,
                sensitivity: d.sensitivity,
                default: d.default,
                definition: d.definition,
                codes: d.codes,
                qualifiers,
                code_index,
            });
        }
        let mut dim_index = FxHashMap::default();
        for (i, d) in dimensions.iter().enumerate() {
            if dim_index.insert(d.id.clone(), i).is_some() {
                return Err(crate::Error::Codebook {
                    detail: format!("duplicate dimension {}", d.id),
                });
            }
        }
        let cb = Codebook {
            name: raw.codebook,
            version: raw.version,
            source: raw.source,
            dimensions,
            derived: raw.derived,
            dim_index,
        };
        cb.check_references()?;
        Ok(cb)
    }

    fn check_references(&self) -> Result<(), crate::Error> {
        let themes = self
            .dimension(THEMES)
            .ok_or_else(|| crate::Error::Codebook {
                detail: "no themes dimension".into(),
            })?;
        for d in &self.dimensions {
            if let Some(default) = &d.default {
                if !d.has_code(default) {
                    return Err(crate::Error::Codebook {
                        detail: format!("default {default} of {} is not one of its codes", d.id),
                    });
                }
            }
            for c in &d.codes {
                for theme in c.parent.iter().chain(c.theme.iter()) {
                    if !themes.has_code(theme) {
                        return Err(crate::Error::Codebook {
                            detail: format!("{}.{} names unknown theme {theme}", d.id, c.code),
                        });
                    }
                }
            }
        }
        for required in [
            NEEDS,
            LIMITS,
            OUTCOME,
            URGENCY,
            THEME_DETAILS,
            KANSARMOEDE,
            RESIDENCE_STATUS,
        ] {
            if self.dimension(required).is_none() {
                return Err(crate::Error::Codebook {
                    detail: format!("dimension {required} is missing"),
                });
            }
        }
        Ok(())
    }

    pub fn dimension(&self, id: &str) -> Option<&Dimension> {
        self.dim_index.get(id).map(|&i| &self.dimensions[i])
    }

    /// Position of a dimension in the codebook order.
    pub fn dimension_position(&self, id: &str) -> Option<usize> {
        self.dim_index.get(id).copied()
    }

    /// The label of a code, or the code itself when it is unknown.
    pub fn code_label<'a>(&'a self, dimension: &str, code: &'a str, lang: Lang) -> &'a str {
        self.dimension(dimension)
            .and_then(|d| d.code(code))
            .map(|c| c.label.get(lang))
            .unwrap_or(code)
    }

    /// The label of a status, role or value, or the code itself when unknown.
    pub fn qualifier_label<'a>(&'a self, dimension: &str, code: &'a str, lang: Lang) -> &'a str {
        self.dimension(dimension)
            .and_then(|d| d.qualifier(code))
            .map(|q| q.label.get(lang))
            .unwrap_or(code)
    }
}

// Dimension ids that rules in code refer to by name. They are part of the
// contract; `check_references` fails loudly if a codebook lacks one.
pub const SETTING: &str = "setting";
pub const MUNICIPALITY: &str = "municipality";
pub const RESIDENCE_STATUS: &str = "residence_status";
pub const HOUSING_SITUATION: &str = "housing_situation";
pub const NEEDS: &str = "needs";
pub const ACTORS: &str = "actors";
pub const THEMES: &str = "themes";
pub const THEME_DETAILS: &str = "theme_details";
pub const URGENCY: &str = "urgency";
pub const OUTCOME: &str = "outcome";
pub const LIMITS: &str = "limits";
pub const KANSARMOEDE: &str = "kansarmoede";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_codebook_parses_with_every_dimension_and_label() {
        let cb = Codebook::embedded();
        assert_eq!(cb.version, "2026.1");
        assert_eq!(cb.dimensions.len(), 25, "the v1 contract has 25 dimensions");
        for d in &cb.dimensions {
            assert!(!d.codes.is_empty(), "{} has codes", d.id);
            for lang in Lang::ALL {
                assert!(!d.label.get(lang).is_empty(), "{} label in {lang}", d.id);
                for c in &d.codes {
                    assert!(
                        !c.label.get(lang).is_empty(),
                        "{}.{} in {lang}",
                        d.id,
                        c.code
                    );
                }
            }
            let needs_qualifiers = matches!(
                d.kind,
                Kind::MultiStatus | Kind::MultiRole | Kind::DomainScores
            );
            assert_eq!(!d.qualifiers.is_empty(), needs_qualifiers, "{}", d.id);
        }
    }

    #[test]
    fn typed_access_reaches_codes_and_attributes() {
        let cb = Codebook::embedded();
        let details = cb.dimension(THEME_DETAILS).unwrap();
        assert_eq!(
            details
                .code("t4_no_housing_solution")
                .unwrap()
                .parent
                .as_deref(),
            Some("housing")
        );
        let res = cb.dimension(RESIDENCE_STATUS).unwrap();
        assert_eq!(res.sensitivity, Sensitivity::High);
        assert_eq!(res.default.as_deref(), Some("not_asked"));
        let child = cb.dimension("child_perspective").unwrap();
        assert_eq!(child.code_sensitivity("safety_concern"), Sensitivity::High);
        assert_eq!(child.code_sensitivity("child_present"), Sensitivity::Normal);
        assert_eq!(
            cb.code_label(MUNICIPALITY, "molenbeek", Lang::Fr),
            "Molenbeek-Saint-Jean"
        );
        assert_eq!(
            cb.qualifier_label(NEEDS, "unmet", Lang::Nl),
            "Niet beantwoord"
        );
    }

    #[test]
    fn project_copy_equals_the_shared_contract_when_it_is_beside_the_checkout() {
        // The shared folder is beside the repository in development and CI; a
        // drift between our copy and the contract must not go unnoticed.
        let shared = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/domain/codebook.v1.json"
        );
        if let Ok(text) = std::fs::read_to_string(shared) {
            let ours: serde_json::Value = serde_json::from_str(CODEBOOK_JSON).unwrap();
            let theirs: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(
                ours, theirs,
                "crates/veerkracht-core/codebook differs from shared/domain"
            );
        }
    }

    #[test]
    fn a_codebook_with_a_dangling_parent_is_refused() {
        let broken = CODEBOOK_JSON.replace("\"parent\": \"housing\"", "\"parent\": \"nowhere\"");
        assert_ne!(
            broken, CODEBOOK_JSON,
            "the fixture must actually change something"
        );
        assert!(Codebook::from_json(&broken).is_err());
    }
}
