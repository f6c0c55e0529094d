//! IPC shapes: what the UI sends and receives. Kept apart from the domain
//! types (they change for the screen's sake) and from the store's records
//! (which are frozen). Conversions live here and nowhere else.

use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::BTreeMap;
use veerkracht_core::caseload::{Change, FamilySummary, Overview};
use veerkracht_core::codebook::{Codebook, Kind, Labels};
use veerkracht_core::derived::{kansarm_indicator, policy_signal, themes_effective};
use veerkracht_core::exchange::parse_iso_date;
use veerkracht_core::validate::Expected;
use veerkracht_core::{Answer, Encounter, FamilyCode, FieldError, Qualified, Rule};

/// Declares an IPC enum: serialised as its snake_case name, a union of
/// string literals in the generated TypeScript, with a conversion from the
/// domain enum it mirrors.
macro_rules! ipc_enum {
    ($(#[$m:meta])* $name:ident from $domain:path { $($variant:ident),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl From<$domain> for $name {
            fn from(d: $domain) -> Self {
                use $domain as D;
                match d { $(D::$variant => $name::$variant),+ }
            }
        }
    };
}

ipc_enum!(
    /// The shape of a dimension's answers.
    KindDto from Kind { Single, Multi, MultiStatus, MultiRole, DomainScores }
);
ipc_enum!(
    /// The part of the form a dimension belongs to.
    SectionDto from veerkracht_core::codebook::Section {
        Context, Situation, Needs, Actors, Themes, Response
    }
);
ipc_enum!(
    /// A kind of identifier the scanner finds.
    FindingKindDto from veerkracht_core::scan::Kind {
        Email, Iban, NationalNumber, Phone, Plate, Handle, Address, DateOfBirth, Age, Name, Place
    }
);
ipc_enum!(
    /// What an audit entry records.
    AuditActionDto from veerkracht_core::audit::Action {
        Created, Edited, Deleted, Imported, Exported, Purged, Backup, Restore,
        ConfirmedNotIdentifying, PassphraseChanged
    }
);
ipc_enum!(
    /// How strong a passphrase looks.
    StrengthLevelDto from veerkracht_core::passphrase::Strength { TooShort, Weak, Fair, Strong }
);
ipc_enum!(
    /// A three-valued derived indicator.
    TriDto from veerkracht_core::derived::Tri { True, False, Unknown }
);
ipc_enum!(
    /// A language of the interface.
    LangDto from veerkracht_core::Lang { Nl, Fr, En }
);

impl From<LangDto> for veerkracht_core::Lang {
    fn from(l: LangDto) -> Self {
        match l {
            LangDto::Nl => veerkracht_core::Lang::Nl,
            LangDto::Fr => veerkracht_core::Lang::Fr,
            LangDto::En => veerkracht_core::Lang::En,
        }
    }
}

/// A change between two encounters of a family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKindDto {
    Moved,
    NeedUnmet,
    NeedNoLongerUnmet,
}

/// The status of a package cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum CellStatusDto {
    Published,
    Suppressed,
}

/// Why a cell of the worker's own preview is hidden (never in a package).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ReasonDto {
    /// Published: no reason.
    None,
    /// Fewer than k families.
    Small,
    /// Hidden so that a small cell cannot be computed from the others.
    Complement,
    /// Hidden because of packages released before.
    Ledger,
}

/// A possible identifier in a note (offsets in characters).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct FindingDto {
    pub kind: FindingKindDto,
    pub start: u32,
    pub end: u32,
    pub text: String,
}

impl From<&veerkracht_core::scan::Finding> for FindingDto {
    fn from(f: &veerkracht_core::scan::Finding) -> Self {
        FindingDto {
            kind: f.kind.into(),
            start: f.start as u32,
            end: f.end as u32,
            text: f.text.clone(),
        }
    }
}

impl FindingDto {
    /// The finding the worker confirmed, as the service layer compares it.
    pub fn into_domain(self) -> veerkracht_core::scan::Finding {
        use veerkracht_core::scan::Kind as K;
        let kind = match self.kind {
            FindingKindDto::Email => K::Email,
            FindingKindDto::Iban => K::Iban,
            FindingKindDto::NationalNumber => K::NationalNumber,
            FindingKindDto::Phone => K::Phone,
            FindingKindDto::Address => K::Address,
            FindingKindDto::Plate => K::Plate,
            FindingKindDto::Handle => K::Handle,
            FindingKindDto::DateOfBirth => K::DateOfBirth,
            FindingKindDto::Age => K::Age,
            FindingKindDto::Name => K::Name,
            FindingKindDto::Place => K::Place,
        };
        veerkracht_core::scan::Finding {
            kind,
            start: self.start as usize,
            end: self.end as usize,
            text: self.text,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct LabelsDto {
    pub nl: String,
    pub fr: String,
    pub en: String,
}

impl From<&Labels> for LabelsDto {
    fn from(l: &Labels) -> Self {
        LabelsDto {
            nl: l.nl.clone(),
            fr: l.fr.clone(),
            en: l.en.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct CodeDto {
    pub code: String,
    pub label: LabelsDto,
    pub definition: Option<String>,
    /// For theme details: their theme.
    pub parent: Option<String>,
    /// For actors: the theme they embody.
    pub theme: Option<String>,
    pub sensitive: bool,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct DimensionDto {
    pub id: String,
    pub kind: KindDto,
    pub section: SectionDto,
    pub label: LabelsDto,
    pub definition: Option<String>,
    pub default: Option<String>,
    pub sensitive: bool,
    pub codes: Vec<CodeDto>,
    /// Statuses, roles or values.
    pub qualifiers: Vec<QualifierDto>,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct QualifierDto {
    pub code: String,
    pub label: LabelsDto,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct CodebookDto {
    pub version: String,
    pub dimensions: Vec<DimensionDto>,
    /// The rules the form shows before the backend enforces them.
    pub limits: LimitsDto,
}

/// Limits that core and the store enforce, sent so the UI never keeps a
/// copy of a rule of its own.
#[derive(Debug, Clone, Serialize, Type)]
pub struct LimitsDto {
    pub note_max_chars: u32,
    pub organisation_max_chars: u32,
    pub auto_lock_minutes: RangeDto,
    pub retention_months: RangeDto,
    pub backups_keep: RangeDto,
    pub passphrase_min_chars: u32,
    /// The lowest thresholds of a package (k, and k for sensitive data).
    pub k_min: u32,
    pub k_high_min: u32,
    /// The outcome that requires at least one limit.
    pub limits_required_by_outcome: String,
    /// An encounter records at least one of these dimensions.
    pub content_any_of: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct RangeDto {
    pub min: u32,
    pub max: u32,
}

impl From<std::ops::RangeInclusive<u32>> for RangeDto {
    fn from(r: std::ops::RangeInclusive<u32>) -> Self {
        RangeDto {
            min: *r.start(),
            max: *r.end(),
        }
    }
}

impl From<&Codebook> for CodebookDto {
    fn from(cb: &Codebook) -> Self {
        CodebookDto {
            version: cb.version.clone(),
            dimensions: cb
                .dimensions
                .iter()
                .map(|d| DimensionDto {
                    id: d.id.clone(),
                    kind: d.kind.into(),
                    section: d.section.into(),
                    label: (&d.label).into(),
                    definition: d.definition.clone(),
                    default: d.default.clone(),
                    sensitive: d.sensitivity == veerkracht_core::Sensitivity::High,
                    codes: d
                        .codes
                        .iter()
                        .map(|c| CodeDto {
                            code: c.code.clone(),
                            label: (&c.label).into(),
                            definition: c.definition.clone(),
                            parent: c.parent.clone(),
                            theme: c.theme.clone(),
                            sensitive: d.code_sensitivity(&c.code)
                                == veerkracht_core::Sensitivity::High,
                        })
                        .collect(),
                    qualifiers: d
                        .qualifiers
                        .iter()
                        .map(|q| QualifierDto {
                            code: q.code.clone(),
                            label: (&q.label).into(),
                        })
                        .collect(),
                })
                .collect(),
            limits: {
                use veerkracht_store::preferences as p;
                LimitsDto {
                    note_max_chars: veerkracht_core::validate::NOTE_MAX_CHARS as u32,
                    organisation_max_chars: p::ORGANISATION_MAX_CHARS as u32,
                    auto_lock_minutes: p::AUTO_LOCK_RANGE.into(),
                    retention_months: p::RETENTION_RANGE.into(),
                    backups_keep: p::BACKUPS_RANGE.into(),
                    passphrase_min_chars: veerkracht_core::passphrase::MIN_CHARS as u32,
                    k_min: veerkracht_signals::disclosure::Thresholds::MIN_K as u32,
                    k_high_min: veerkracht_signals::disclosure::Thresholds::MIN_K_HIGH as u32,
                    limits_required_by_outcome: veerkracht_core::validate::NO_SOLUTION_LIMITS
                        .into(),
                    content_any_of: veerkracht_core::validate::CONTENT_DIMENSIONS
                        .iter()
                        .map(|d| d.to_string())
                        .collect(),
                }
            },
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct QualifiedDto {
    pub code: String,
    /// The status, role or value.
    pub qualifier: String,
}

/// An encounter as the form edits it: answers grouped by shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct EncounterDto {
    pub id: String,
    pub family: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Single-choice dimensions: dimension id → code.
    pub single: BTreeMap<String, String>,
    /// Multi-choice dimensions: dimension id → codes.
    pub multi: BTreeMap<String, Vec<String>>,
    /// Needs, actors, kansarmoede: dimension id → code + status/role/value.
    pub qualified: BTreeMap<String, Vec<QualifiedDto>>,
    pub note: Option<String>,
    pub demo: bool,
}

impl EncounterDto {
    pub fn from_domain(e: &Encounter) -> EncounterDto {
        let mut dto = EncounterDto {
            id: e.id.to_string(),
            family: e.family.to_string(),
            date: e.date.to_string(),
            single: BTreeMap::new(),
            multi: BTreeMap::new(),
            qualified: BTreeMap::new(),
            note: e.note.clone(),
            demo: e.demo,
        };
        for (dim, a) in &e.answers {
            match a {
                Answer::Single(c) => {
                    dto.single.insert(dim.clone(), c.clone());
                }
                Answer::Multi(cs) => {
                    dto.multi.insert(dim.clone(), cs.clone());
                }
                Answer::MultiStatus(qs) | Answer::MultiRole(qs) | Answer::DomainScores(qs) => {
                    dto.qualified.insert(
                        dim.clone(),
                        qs.iter()
                            .map(|q| QualifiedDto {
                                code: q.code.clone(),
                                qualifier: q.qualifier.clone(),
                            })
                            .collect(),
                    );
                }
            }
        }
        dto
    }

    /// Builds the domain encounter; shape errors are reported per field.
    /// Semantic validation is core's `validate`, called by the command.
    pub fn into_domain(self, cb: &Codebook) -> Result<Encounter, Vec<FieldError>> {
        let mut errors = Vec::new();
        let shape = |field: &str, expected| FieldError::new(field, Rule::WrongShape { expected });
        let id = uuid::Uuid::parse_str(&self.id)
            .map_err(|_| errors.push(shape("id", Expected::Uuid)))
            .ok();
        let family = FamilyCode::parse(self.family.trim())
            .map_err(|p| errors.push(FieldError::new("family", Rule::FamilyCode(p))))
            .ok();
        let date = if self.date.trim().is_empty() {
            errors.push(FieldError::new("date", Rule::Required));
            None
        } else {
            parse_iso_date(self.date.trim()).or_else(|| {
                errors.push(shape("date", Expected::Date));
                None
            })
        };
        let mut answers = BTreeMap::new();
        let mut put =
            |dim: String, kinds: &[Kind], make: &dyn Fn(Kind) -> Answer| match cb.dimension(&dim) {
                None => errors.push(FieldError::new(dim, Rule::UnknownField)),
                Some(d) if !kinds.contains(&d.kind) => errors.push(FieldError::new(
                    dim,
                    Rule::WrongShape {
                        expected: Expected::for_kind(d.kind),
                    },
                )),
                Some(d) => {
                    let a = make(d.kind);
                    if !a.is_empty() {
                        answers.insert(dim, a);
                    }
                }
            };
        for (dim, code) in self.single {
            if !code.is_empty() {
                put(dim, &[Kind::Single], &|_| Answer::Single(code.clone()));
            }
        }
        for (dim, codes) in self.multi {
            put(dim, &[Kind::Multi], &|_| Answer::Multi(codes.clone()));
        }
        for (dim, pairs) in self.qualified {
            let qs: Vec<Qualified> = pairs
                .into_iter()
                .map(|p| Qualified::new(p.code, p.qualifier))
                .collect();
            put(
                dim,
                &[Kind::MultiStatus, Kind::MultiRole, Kind::DomainScores],
                &|k| match k {
                    Kind::MultiStatus => Answer::MultiStatus(qs.clone()),
                    Kind::MultiRole => Answer::MultiRole(qs.clone()),
                    _ => Answer::DomainScores(qs.clone()),
                },
            );
        }
        let note = self.note.filter(|n| !n.trim().is_empty());
        match (id, family, date) {
            (Some(id), Some(family), Some(date)) if errors.is_empty() => Ok(Encounter {
                id,
                family,
                date,
                codebook: cb.version.clone(),
                answers,
                note,
                demo: self.demo,
            }),
            _ => Err(errors),
        }
    }
}

/// One line of the encounter list.
#[derive(Debug, Clone, Serialize, Type)]
pub struct EncounterRowDto {
    pub id: String,
    pub family: String,
    pub date: String,
    pub setting: Option<String>,
    pub municipality: Option<String>,
    pub themes: Vec<String>,
    pub needs: Vec<QualifiedDto>,
    pub outcome: Option<String>,
    pub policy_signal: bool,
    pub has_note: bool,
    pub demo: bool,
}

impl EncounterRowDto {
    pub fn from_domain(e: &Encounter, cb: &Codebook) -> EncounterRowDto {
        EncounterRowDto {
            id: e.id.to_string(),
            family: e.family.to_string(),
            date: e.date.to_string(),
            setting: e.single("setting").map(str::to_string),
            municipality: e.single("municipality").map(str::to_string),
            themes: themes_effective(e, cb)
                .into_iter()
                .map(str::to_string)
                .collect(),
            needs: e
                .qualified("needs")
                .iter()
                .map(|q| QualifiedDto {
                    code: q.code.clone(),
                    qualifier: q.qualifier.clone(),
                })
                .collect(),
            outcome: e.single("outcome").map(str::to_string),
            policy_signal: policy_signal(e),
            has_note: e.note.is_some(),
            demo: e.demo,
        }
    }
}

/// A page of the encounter list, newest first.
#[derive(Debug, Clone, Serialize, Type)]
pub struct EncounterPageDto {
    pub rows: Vec<EncounterRowDto>,
    /// How many match in all (the page may hold fewer).
    pub total: u32,
}

#[derive(Debug, Clone, Default, Deserialize, Type)]
pub struct FilterDto {
    pub family: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub theme: Option<String>,
    pub need: Option<String>,
    pub need_status: Option<String>,
    pub outcome: Option<String>,
    pub municipality: Option<String>,
    pub text: Option<String>,
    /// Page size (default 200).
    pub limit: Option<u32>,
    pub offset: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct FamilyDto {
    pub family: String,
    pub encounters: u32,
    pub first: String,
    pub last: String,
    pub housing_situation: Option<String>,
    pub residence_status: Option<String>,
    pub municipality: Option<String>,
    pub unmet_needs: Vec<String>,
    pub demo: bool,
    /// The date to see the family again, if one is planned.
    pub follow_up: Option<String>,
    /// That date is today or past.
    pub due: bool,
}

impl FamilyDto {
    /// A family with its follow-up (from the list of planned ones).
    pub fn of(f: &FamilySummary, planned: &[veerkracht_usecases::PlannedFollowUp]) -> FamilyDto {
        let follow = planned.iter().find(|p| p.follow_up.family == f.family);
        FamilyDto {
            follow_up: follow.map(|p| p.follow_up.date.to_string()),
            due: follow.is_some_and(|p| p.due),
            ..FamilyDto::from(f)
        }
    }
}

impl From<&FamilySummary> for FamilyDto {
    fn from(f: &FamilySummary) -> Self {
        FamilyDto {
            follow_up: None,
            due: false,
            family: f.family.to_string(),
            encounters: f.encounters as u32,
            first: f.first.to_string(),
            last: f.last.to_string(),
            housing_situation: f.housing.clone(),
            residence_status: f.residence.clone(),
            municipality: f.municipality.clone(),
            unmet_needs: f.unmet_needs.clone(),
            demo: f.demo,
        }
    }
}

/// One change between consecutive encounters of a family.
#[derive(Debug, Clone, Serialize, Type)]
pub struct ChangeDto {
    pub kind: ChangeKindDto,
    /// The dimension (for `moved`) or `needs`.
    pub dimension: String,
    /// The need code, for need changes.
    pub code: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
}

impl From<Change> for ChangeDto {
    fn from(c: Change) -> Self {
        match c {
            Change::Moved {
                dimension,
                from,
                to,
            } => ChangeDto {
                kind: ChangeKindDto::Moved,
                dimension,
                code: None,
                from,
                to,
            },
            Change::NeedUnmet { need } => ChangeDto {
                kind: ChangeKindDto::NeedUnmet,
                dimension: "needs".into(),
                code: Some(need),
                from: None,
                to: Some("unmet".into()),
            },
            Change::NeedNoLongerUnmet { need, now } => ChangeDto {
                kind: ChangeKindDto::NeedNoLongerUnmet,
                dimension: "needs".into(),
                code: Some(need),
                from: Some("unmet".into()),
                to: now,
            },
        }
    }
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct TimelineEntryDto {
    pub encounter: EncounterDto,
    /// The family's first encounter.
    pub first: bool,
    /// What changed since the previous encounter (empty for the first).
    pub changes: Vec<ChangeDto>,
    pub policy_signal: bool,
    pub kansarm: TriDto,
    pub themes: Vec<String>,
}

/// A need still open at the family's latest encounter.
#[derive(Debug, Clone, Serialize, Type)]
pub struct OpenNeedDto {
    pub code: String,
    /// `unmet` or `pending`.
    pub status: String,
    /// `YYYY-MM-DD`: open without a break since this encounter.
    pub since: String,
}

/// A situation dimension at the latest encounter and its code(s).
#[derive(Debug, Clone, Serialize, Type)]
pub struct SituationDto {
    pub dimension: String,
    pub codes: Vec<String>,
}

/// How a family is now: what the top of its page answers at a glance.
#[derive(Debug, Clone, Serialize, Type)]
pub struct FamilyNowDto {
    pub encounters: u32,
    pub first: String,
    pub last: String,
    pub situation: Vec<SituationDto>,
    pub open_needs: Vec<OpenNeedDto>,
    /// Situation moves between the first and the latest encounter.
    pub since_first: Vec<ChangeDto>,
    pub policy_signals: u32,
    pub kansarm: TriDto,
    /// The date to see the family again, if one is planned.
    pub follow_up: Option<String>,
    pub due: bool,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct TimelineDto {
    pub family: String,
    pub now: FamilyNowDto,
    /// Newest first.
    pub entries: Vec<TimelineEntryDto>,
}

pub fn timeline_entry(e: &Encounter, prev: Option<&Encounter>, cb: &Codebook) -> TimelineEntryDto {
    TimelineEntryDto {
        encounter: EncounterDto::from_domain(e),
        first: prev.is_none(),
        changes: prev
            .map(|p| {
                veerkracht_core::caseload::changes(p, e)
                    .into_iter()
                    .map(ChangeDto::from)
                    .collect()
            })
            .unwrap_or_default(),
        policy_signal: policy_signal(e),
        kansarm: kansarm_indicator(e, cb).into(),
        themes: themes_effective(e, cb)
            .into_iter()
            .map(str::to_string)
            .collect(),
    }
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct CountDto {
    pub code: String,
    pub count: u32,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct MonthDto {
    /// `YYYY-MM`.
    pub month: String,
    pub encounters: u32,
    pub families: u32,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct OverviewDto {
    pub encounters: u32,
    pub families: u32,
    pub policy_signals: u32,
    pub per_month: Vec<MonthDto>,
    pub themes: Vec<CountDto>,
    pub unmet_needs: Vec<CountDto>,
    pub limits: Vec<CountDto>,
}

impl From<Overview> for OverviewDto {
    fn from(o: Overview) -> Self {
        let counts = |v: Vec<(String, usize)>| {
            v.into_iter()
                .map(|(code, n)| CountDto {
                    code,
                    count: n as u32,
                })
                .collect()
        };
        OverviewDto {
            encounters: o.encounters as u32,
            families: o.families as u32,
            policy_signals: o.policy_signals as u32,
            per_month: o
                .per_month
                .into_iter()
                .map(|(month, e, f)| MonthDto {
                    month,
                    encounters: e as u32,
                    families: f as u32,
                })
                .collect(),
            themes: counts(o.themes),
            unmet_needs: counts(o.unmet_needs),
            limits: counts(o.limits),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct PreferencesDto {
    /// The language in effect.
    pub language: LangDto,
    pub organisation: String,
    pub auto_lock_minutes: u32,
    /// Encounters older than this are purged (1–120, default 24).
    pub retention_months: u32,
    /// Automatic backups kept (1–50, default 5).
    pub backups_keep: u32,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct AppStatusDto {
    pub version: String,
    pub codebook_version: String,
    /// The vault layout this build reads and writes.
    pub schema_version: u32,
    /// The project's licence (SPDX id).
    pub licence: String,
    pub vault_dir: String,
    /// A vault exists in the folder (unlock), or not yet (create).
    pub vault_exists: bool,
    pub unlocked: bool,
    pub preferences: PreferencesDto,
    /// Records that could not be read at unlock.
    pub damaged_records: u32,
    /// Automatic backups available (offered when the vault cannot be opened).
    pub automatic_backups: u32,
    /// Encounters purged at the last unlock because they passed retention.
    pub purged_at_unlock: u32,
    /// Synthetic demo encounters in the caseload (a banner says so).
    pub demo_encounters: u32,
    /// Why the backend locked the vault by itself, when it did (the unlock
    /// screen says so); absent after an unlock or a lock the worker asked.
    pub locked_by: Option<LockCauseDto>,
}

#[derive(Debug, Clone, Copy, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum LockCauseDto {
    /// Idle longer than the auto-lock delay.
    Idle,
    /// The computer went to sleep or its screen was locked.
    System,
}

impl From<crate::state::LockCause> for LockCauseDto {
    fn from(c: crate::state::LockCause) -> Self {
        match c {
            crate::state::LockCause::Idle => LockCauseDto::Idle,
            crate::state::LockCause::System => LockCauseDto::System,
        }
    }
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct StrengthDto {
    pub level: StrengthLevelDto,
    pub hint: String,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct SavedDto {
    pub id: String,
    /// `true` for a new encounter, `false` for an edit.
    pub created: bool,
}

#[derive(Debug, Clone, Deserialize, Type)]
pub struct ExportRequestDto {
    /// `YYYY-MM`, `YYYY-Qn` or `YYYY`.
    pub period: String,
    /// Thresholds; empty means the defaults (5 and 10). Only higher is allowed.
    pub k: Option<u32>,
    pub k_high: Option<u32>,
}

/// One row of a package as the app shows it.
#[derive(Debug, Clone, Serialize, Type)]
pub struct PackageRowDto {
    pub dimension: String,
    pub code: String,
    pub qualifier: String,
    pub families: Option<u32>,
    pub encounters: Option<u32>,
    pub status: CellStatusDto,
    /// Why a cell is hidden (the worker's own preview only).
    pub reason: ReasonDto,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct CrossRowDto {
    pub row_dimension: String,
    pub row_code: String,
    pub col_dimension: String,
    pub col_code: String,
    pub families: Option<u32>,
    pub status: CellStatusDto,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct PackageSummaryDto {
    pub id: String,
    pub period: String,
    pub codebook: String,
    pub k: u32,
    pub k_high: u32,
    pub created: String,
    pub generator: String,
    /// Packages merged into this one (0 for a worker's own).
    pub sources: u32,
    pub published: u32,
    pub suppressed: u32,
    /// Synthetic demo encounters in the package (0 for field data).
    pub demo_encounters: u32,
    pub signals: Vec<PackageRowDto>,
    /// The theme × housing situation table.
    pub themes_by_housing: Vec<CrossRowDto>,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct PackagePreviewDto {
    pub summary: PackageSummaryDto,
    /// Cells suppressed because of packages released before.
    pub by_ledger: u32,
    /// Suppressed cells that packages released before already give away.
    pub already_derivable: u32,
    /// Where the package goes unless the user picks another folder.
    pub default_folder: String,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct FileDto {
    pub name: String,
    pub bytes: u32,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct ExportedDto {
    pub folder: String,
    pub package_id: String,
    pub files: Vec<FileDto>,
    pub millis: u32,
}

impl ExportedDto {
    pub fn new(x: &veerkracht_usecases::Exported, started: std::time::Instant) -> ExportedDto {
        ExportedDto {
            folder: x.folder.display().to_string(),
            package_id: x.package.id.to_string(),
            files: x
                .files
                .iter()
                .map(|(name, bytes)| FileDto {
                    name: name.clone(),
                    bytes: *bytes as u32,
                })
                .collect(),
            millis: started.elapsed().as_millis() as u32,
        }
    }
}

fn status(s: veerkracht_signals::disclosure::Status) -> CellStatusDto {
    if s.is_suppressed() {
        CellStatusDto::Suppressed
    } else {
        CellStatusDto::Published
    }
}

/// A package as the app shows it; `reasons` (one per signals row) only
/// for the worker's own preview.
pub fn package_summary(
    p: &veerkracht_signals::package::Package,
    reasons: Option<&[veerkracht_usecases::export::Reason]>,
) -> PackageSummaryDto {
    use veerkracht_usecases::export::Reason;
    let n = |v: Option<u64>| v.map(|x| x as u32);
    let (published, suppressed) = veerkracht_usecases::export::status_counts(p);
    PackageSummaryDto {
        id: p.id.to_string(),
        period: p.period.to_string(),
        codebook: p.codebook.clone(),
        k: p.thresholds.k as u32,
        k_high: p.thresholds.k_high as u32,
        created: p.created.clone(),
        generator: p.generator.clone(),
        sources: p.sources.len() as u32,
        published: published as u32,
        suppressed: suppressed as u32,
        demo_encounters: p.demo_encounters as u32,
        signals: p
            .signals
            .iter()
            .enumerate()
            .map(|(i, r)| PackageRowDto {
                dimension: r.dimension.clone(),
                code: r.code.clone(),
                qualifier: r.qualifier.clone(),
                families: n(r.counts.families),
                encounters: n(r.counts.encounters),
                status: status(r.counts.status),
                reason: match reasons.and_then(|r| r.get(i)) {
                    None | Some(Reason::Published) => ReasonDto::None,
                    Some(Reason::Small) => ReasonDto::Small,
                    Some(Reason::Complement) => ReasonDto::Complement,
                    Some(Reason::Ledger) => ReasonDto::Ledger,
                },
            })
            .collect(),
        themes_by_housing: p
            .crosstabs
            .iter()
            .filter(|r| {
                r.row_dimension == "themes_effective" && r.col_dimension == "housing_situation"
            })
            .map(|r| CrossRowDto {
                row_dimension: r.row_dimension.clone(),
                row_code: r.row_code.clone(),
                col_dimension: r.col_dimension.clone(),
                col_code: r.col_code.clone(),
                families: n(r.counts.families),
                status: status(r.counts.status),
            })
            .collect(),
    }
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct AuditEntryDto {
    /// RFC 3339, UTC.
    pub at: String,
    pub action: AuditActionDto,
    pub count: u32,
    pub detail: String,
}

impl From<&veerkracht_core::audit::Entry> for AuditEntryDto {
    fn from(e: &veerkracht_core::audit::Entry) -> Self {
        AuditEntryDto {
            at: rfc3339(e.at),
            action: e.action.into(),
            count: e.count as u32,
            detail: e.detail.clone(),
        }
    }
}

impl From<veerkracht_usecases::ExportPreview> for PackagePreviewDto {
    fn from(p: veerkracht_usecases::ExportPreview) -> Self {
        PackagePreviewDto {
            summary: package_summary(&p.package, Some(&p.reasons)),
            by_ledger: p.by_ledger as u32,
            already_derivable: p.already_derivable as u32,
            default_folder: p.default_folder.display().to_string(),
        }
    }
}

/// A package opened from a folder, with what `verify` found.
#[derive(Debug, Clone, Serialize, Type)]
pub struct OpenedPackageDto {
    pub folder: String,
    pub summary: PackageSummaryDto,
    /// In the user's language; empty when the package is sound.
    pub problems: Vec<String>,
}

impl OpenedPackageDto {
    pub fn of(o: veerkracht_usecases::packages::Opened, lang: veerkracht_core::Lang) -> Self {
        OpenedPackageDto {
            folder: o.folder.display().to_string(),
            summary: package_summary(&o.package, None),
            problems: o
                .problems
                .iter()
                .map(|p| veerkracht_usecases::messages::problem(lang, p))
                .collect(),
        }
    }
}

impl AppStatusDto {
    /// What the app knows now: vault, session, preferences.
    pub fn of(state: &crate::state::AppState) -> AppStatusDto {
        let p = state.preferences();
        let (damaged, purged, demo) = state
            .with_session(|s, _| {
                Ok((
                    s.damaged().len() as u32,
                    s.purged_at_open() as u32,
                    s.demo_encounters() as u32,
                ))
            })
            .unwrap_or((0, 0, 0));
        AppStatusDto {
            version: veerkracht_usecases::VERSION.into(),
            codebook_version: Codebook::embedded().version.clone(),
            schema_version: veerkracht_store::SCHEMA_VERSION,
            licence: veerkracht_usecases::about::LICENCE.into(),
            vault_dir: state.vault_dir.display().to_string(),
            vault_exists: veerkracht_store::exists(&state.vault_dir),
            unlocked: state.is_unlocked(),
            damaged_records: damaged,
            automatic_backups: veerkracht_store::automatic_backups(&state.vault_dir).len() as u32,
            purged_at_unlock: purged,
            demo_encounters: demo,
            locked_by: state.locked_by().map(Into::into),
            preferences: PreferencesDto {
                language: state.lang().into(),
                organisation: p.organisation,
                auto_lock_minutes: p.auto_lock_minutes,
                retention_months: p.retention_months,
                backups_keep: p.backups_keep,
            },
        }
    }
}

impl PreferencesDto {
    pub fn into_domain(self) -> veerkracht_store::Preferences {
        veerkracht_store::Preferences {
            language: Some(self.language.into()),
            organisation: self.organisation,
            auto_lock_minutes: self.auto_lock_minutes,
            retention_months: self.retention_months,
            backups_keep: self.backups_keep,
        }
    }
}

impl StrengthDto {
    pub fn of(passphrase: &str, lang: veerkracht_core::Lang) -> StrengthDto {
        let level = veerkracht_core::passphrase::strength(passphrase);
        StrengthDto {
            level: level.into(),
            hint: veerkracht_i18n::t!(lang, &format!("strength-{}", level.id().replace('_', "-"))),
        }
    }
}

impl FilterDto {
    /// The filter as typed, for `Filter::parse`.
    pub fn input(&self) -> veerkracht_core::caseload::FilterInput {
        veerkracht_core::caseload::FilterInput {
            family: self.family.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
            theme: self.theme.clone(),
            need: self.need.clone(),
            need_status: self.need_status.clone(),
            outcome: self.outcome.clone(),
            municipality: self.municipality.clone(),
            text: self.text.clone(),
        }
    }
}

impl EncounterPageDto {
    pub fn of(page: &veerkracht_usecases::Page) -> EncounterPageDto {
        let cb = Codebook::embedded();
        EncounterPageDto {
            total: page.total as u32,
            rows: page
                .rows
                .iter()
                .map(|e| EncounterRowDto::from_domain(e, cb))
                .collect(),
        }
    }
}

impl TimelineDto {
    /// A family at a glance and its encounters, newest first, each with
    /// what changed since the one before it.
    pub fn of(view: &veerkracht_usecases::FamilyView, today: chrono::NaiveDate) -> TimelineDto {
        let cb = Codebook::embedded();
        let list = &view.timeline;
        let now = &view.now();
        let mut entries: Vec<TimelineEntryDto> = list
            .iter()
            .enumerate()
            .map(|(i, e)| timeline_entry(e, i.checked_sub(1).map(|p| &list[p]), cb))
            .collect();
        entries.reverse();
        TimelineDto {
            family: now.latest.family.to_string(),
            now: FamilyNowDto {
                encounters: now.encounters as u32,
                first: now.first.to_string(),
                last: now.latest.date.to_string(),
                situation: now
                    .situation
                    .iter()
                    .map(|(dimension, codes)| SituationDto {
                        dimension: dimension.to_string(),
                        codes: codes.clone(),
                    })
                    .collect(),
                open_needs: now
                    .open_needs
                    .iter()
                    .map(|n| OpenNeedDto {
                        code: n.code.clone(),
                        status: n.status.clone(),
                        since: n.since.to_string(),
                    })
                    .collect(),
                since_first: now
                    .since_first
                    .iter()
                    .cloned()
                    .map(ChangeDto::from)
                    .collect(),
                policy_signals: now.policy_signals as u32,
                kansarm: now.kansarm.into(),
                follow_up: view.follow_up.map(|d| d.to_string()),
                due: view.follow_up.is_some_and(|d| d <= today),
            },
            entries,
        }
    }
}

/// A new encounter and what it took from the family's previous one.
#[derive(Debug, Clone, Serialize, Type)]
pub struct StartedDto {
    pub encounter: EncounterDto,
    /// `YYYY-MM-DD` of the encounter the situation came from.
    pub carried_from: Option<String>,
    /// Dimensions whose answers came from it (situation, municipality, open needs).
    pub carried: Vec<String>,
}

impl From<veerkracht_usecases::Started> for StartedDto {
    fn from(s: veerkracht_usecases::Started) -> Self {
        StartedDto {
            encounter: EncounterDto::from_domain(&s.encounter),
            carried_from: s.carried_from.map(|d| d.to_string()),
            carried: s.carried,
        }
    }
}

/// The encounter being typed, handed to the app to keep sealed (at a lock,
/// and a few seconds after each change) and handed back after unlocking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct DraftDto {
    /// As the form holds it; `date` is empty when the form has no valid date.
    pub encounter: EncounterDto,
    /// A new encounter, not an edit of a saved one.
    pub is_new: bool,
}

impl DraftDto {
    /// The draft as the vault keeps it. A missing date stands in as `today`
    /// (and comes back empty); every other field must be well-formed.
    pub fn into_domain(
        self,
        cb: &Codebook,
        today: chrono::NaiveDate,
    ) -> Result<veerkracht_core::follow::Draft, Vec<FieldError>> {
        let mut e = self.encounter;
        let dated = parse_iso_date(e.date.trim()).is_some();
        if !dated {
            e.date = today.to_string();
        }
        Ok(veerkracht_core::follow::Draft {
            encounter: e.into_domain(cb)?,
            dated,
            is_new: self.is_new,
        })
    }

    pub fn from_domain(d: &veerkracht_core::follow::Draft) -> DraftDto {
        let mut encounter = EncounterDto::from_domain(&d.encounter);
        if !d.dated {
            encounter.date = String::new();
        }
        DraftDto {
            encounter,
            is_new: d.is_new,
        }
    }
}

/// A date to see a family again.
#[derive(Debug, Clone, Serialize, Type)]
pub struct FollowUpDto {
    pub family: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Today or past.
    pub due: bool,
}

impl From<&veerkracht_usecases::PlannedFollowUp> for FollowUpDto {
    fn from(p: &veerkracht_usecases::PlannedFollowUp) -> Self {
        FollowUpDto {
            family: p.follow_up.family.to_string(),
            date: p.follow_up.date.to_string(),
            due: p.due,
        }
    }
}

/// A package this vault released.
#[derive(Debug, Clone, Serialize, Type)]
pub struct ExportRecordDto {
    /// RFC 3339, UTC.
    pub at: String,
    pub period: String,
    /// The ledger holds a release of this period.
    pub in_ledger: bool,
}

impl From<&veerkracht_usecases::ExportRecord> for ExportRecordDto {
    fn from(r: &veerkracht_usecases::ExportRecord) -> Self {
        ExportRecordDto {
            at: rfc3339(r.at),
            period: r.period.clone(),
            in_ledger: r.in_ledger,
        }
    }
}

fn rfc3339(at: i64) -> String {
    chrono::DateTime::from_timestamp(at, 0)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

impl From<veerkracht_usecases::Saved> for SavedDto {
    fn from(s: veerkracht_usecases::Saved) -> Self {
        SavedDto {
            id: s.id.to_string(),
            created: s.created,
        }
    }
}

/// The licences of the About screen: the project's own text and every
/// third-party component that ships in the app.
#[derive(Debug, Clone, Serialize, Type)]
pub struct LicencesDto {
    pub licence: String,
    pub licence_text: String,
    /// Sources and licences of the scanner's word lists (Markdown text).
    pub data_attribution: String,
    pub components: Vec<ComponentDto>,
    pub texts: Vec<LicenceTextDto>,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct ComponentDto {
    /// `crate` or `npm`.
    pub ecosystem: String,
    pub name: String,
    pub version: String,
    /// SPDX licence expression.
    pub licence: String,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct LicenceTextDto {
    pub licence: String,
    pub text: String,
    /// `name version` of each component the text covers.
    pub used_by: Vec<String>,
}

impl LicencesDto {
    pub fn of(about: veerkracht_usecases::about::About) -> LicencesDto {
        LicencesDto {
            licence: about.licence.into(),
            licence_text: about.licence_text.into(),
            data_attribution: about.third_party.data_attribution,
            components: about
                .third_party
                .components
                .into_iter()
                .map(|c| ComponentDto {
                    ecosystem: c.ecosystem,
                    name: c.name,
                    version: c.version,
                    licence: c.licence,
                })
                .collect(),
            texts: about
                .third_party
                .texts
                .into_iter()
                .map(|t| LicenceTextDto {
                    licence: t.licence,
                    text: t.text,
                    used_by: t.used_by,
                })
                .collect(),
        }
    }
}
