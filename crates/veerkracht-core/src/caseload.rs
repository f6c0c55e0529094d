//! A worker's own caseload: filtering encounters and following families.
//! Shared by the CLI and the app so that both find the same things.

use crate::brief::Brief;
use crate::codebook::{
    Codebook, Section, HOUSING_SITUATION, MUNICIPALITY, NEEDS, OUTCOME, RESIDENCE_STATUS,
};
use crate::derived::{policy_signal, themes_effective};
use crate::encounter::Encounter;
use crate::rows::Rows;
use crate::validate::{Expected, FieldError, Rule};
use crate::FamilyCode;
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};
use uuid::Uuid;

/// What to look for. Every field that is set must match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub family: Option<FamilyCode>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// A theme, recorded or implied by a theme detail.
    pub theme: Option<String>,
    pub need: Option<String>,
    /// With `need`: only that status (met, pending, unmet).
    pub need_status: Option<String>,
    pub outcome: Option<String>,
    pub municipality: Option<String>,
    /// Case-insensitive words that must all appear in the note or family code.
    pub text: Option<String>,
}

/// A filter as a person typed it: every field text, empty meaning "any".
/// [`Filter::parse`] turns it into a [`Filter`] with the same rules for the
/// CLI's flags and the app's filter bar.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilterInput {
    pub family: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub theme: Option<String>,
    pub need: Option<String>,
    pub need_status: Option<String>,
    pub outcome: Option<String>,
    pub municipality: Option<String>,
    pub text: Option<String>,
}

impl Filter {
    /// Checks every field of `input` against the codebook: an unknown
    /// code, status, family code or date is an error at its field (a
    /// filter that silently matches nothing would look like "no
    /// encounters"). Blank fields mean "any". Every problem is reported.
    pub fn parse(input: FilterInput, cb: &Codebook) -> Result<Filter, Vec<FieldError>> {
        let mut errors = Vec::new();
        let given = |v: Option<String>| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        let family = given(input.family).and_then(|s| {
            FamilyCode::parse(&s)
                .map_err(|p| errors.push(FieldError::new("family", Rule::FamilyCode(p))))
                .ok()
        });
        let mut date = |field: &str, v: Option<String>| {
            given(v).and_then(|s| {
                crate::exchange::parse_iso_date(&s).or_else(|| {
                    errors.push(FieldError::new(
                        field,
                        Rule::WrongShape {
                            expected: Expected::Date,
                        },
                    ));
                    None
                })
            })
        };
        let from = date("from", input.from);
        let to = date("to", input.to);
        let mut code = |field: &str, dim: &str, v: Option<String>| {
            given(v).and_then(|c| {
                if cb.dimension(dim).is_some_and(|d| d.has_code(&c)) {
                    Some(c)
                } else {
                    errors.push(FieldError::new(field, Rule::UnknownCode { code: c }));
                    None
                }
            })
        };
        let theme = code("theme", crate::codebook::THEMES, input.theme);
        let need = code("need", NEEDS, input.need);
        let outcome = code("outcome", OUTCOME, input.outcome);
        let municipality = code("municipality", MUNICIPALITY, input.municipality);
        let need_status = given(input.need_status).and_then(|s| {
            let dim = cb.dimension(NEEDS)?;
            if dim.qualifier(&s).is_some() {
                Some(s)
            } else {
                errors.push(FieldError::new(
                    "need_status",
                    Rule::UnknownQualifier {
                        value: s,
                        allowed: dim.qualifiers.iter().map(|q| q.code.clone()).collect(),
                    },
                ));
                None
            }
        });
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Filter {
            family,
            from,
            to,
            theme,
            need,
            need_status,
            outcome,
            municipality,
            text: given(input.text),
        })
    }
}

impl Filter {
    /// The rows each coded condition accepts (theme, need and status,
    /// outcome, municipality): an encounter matches when it carries one row
    /// of every set. Comparing these is what the caseload and the index do
    /// instead of reading answers.
    pub fn row_sets(&self, plan: &Rows) -> Vec<Vec<u16>> {
        let mut sets: Vec<Vec<u16>> = Vec::new();
        if let Some(theme) = &self.theme {
            sets.push(plan.theme_row(theme).into_iter().collect());
        }
        if self.need.is_some() || self.need_status.is_some() {
            sets.push(plan.rows_matching(NEEDS, self.need.as_deref(), self.need_status.as_deref()));
        }
        if let Some(o) = &self.outcome {
            sets.push(plan.rows_matching(OUTCOME, Some(o), None));
        }
        if let Some(m) = &self.municipality {
            sets.push(plan.rows_matching(MUNICIPALITY, Some(m), None));
        }
        sets
    }

    /// Whether a brief matches every condition but the text (which needs
    /// the note): the encounters that pass are the ones to read.
    pub fn matches_brief(&self, b: crate::brief::BriefRef<'_>, sets: &[Vec<u16>]) -> bool {
        self.family.as_ref().is_none_or(|f| f == b.family)
            && self.from.is_none_or(|d| b.date >= d)
            && self.to.is_none_or(|d| b.date <= d)
            && rows_match(sets, b.rows)
    }

    /// Whether the filter searches text (notes must then be read).
    pub fn has_text(&self) -> bool {
        !self.words().is_empty()
    }

    /// The filter's text, ready to check many encounters.
    pub fn text_match(&self) -> TextMatch {
        TextMatch {
            words: self.words(),
        }
    }
}

/// A filter's search words (lowercase), see [`Filter::text_match`].
#[derive(Debug, Clone)]
pub struct TextMatch {
    words: Vec<String>,
}

impl TextMatch {
    /// Whether every word is in the family code or the note (true without
    /// a text).
    pub fn matches(&self, family: &FamilyCode, note: Option<&str>) -> bool {
        words_in(&self.words, family.as_str(), note.unwrap_or(""))
    }
}

fn rows_match(sets: &[Vec<u16>], rows: &[u16]) -> bool {
    sets.iter()
        .all(|set| set.iter().any(|r| rows.binary_search(r).is_ok()))
}

/// Does `hay` contain `word` (already lowercase), ignoring case? Notes are
/// nearly always ASCII, and comparing bytes in place saves lowercasing
/// every note on every keystroke of a search.
fn contains_folded(hay: &str, word: &str) -> bool {
    if word.is_empty() {
        return true;
    }
    if hay.is_ascii() {
        word.is_ascii()
            && hay
                .as_bytes()
                .windows(word.len())
                .any(|w| w.eq_ignore_ascii_case(word.as_bytes()))
    } else {
        hay.to_lowercase().contains(word)
    }
}

/// Every word (lowercase) in the family code or the note.
fn text_matches(e: &Encounter, words: &[String]) -> bool {
    words_in(words, e.family.as_str(), e.note.as_deref().unwrap_or(""))
}

fn words_in(words: &[String], family: &str, note: &str) -> bool {
    words
        .iter()
        .all(|w| contains_folded(family, w) || contains_folded(note, w))
}

impl Filter {
    /// The search words, lowercase.
    fn words(&self) -> Vec<String> {
        self.text
            .as_deref()
            .map(|t| {
                t.to_lowercase()
                    .split_whitespace()
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn matches(&self, e: &Encounter, cb: &Codebook) -> bool {
        self.matches_words(e, cb, &self.words())
    }

    fn matches_words(&self, e: &Encounter, cb: &Codebook, words: &[String]) -> bool {
        if self.family.as_ref().is_some_and(|f| *f != e.family) {
            return false;
        }
        if self.from.is_some_and(|d| e.date < d) || self.to.is_some_and(|d| e.date > d) {
            return false;
        }
        if let Some(theme) = &self.theme {
            if !themes_effective(e, cb).contains(&theme.as_str()) {
                return false;
            }
        }
        if self.need.is_some() || self.need_status.is_some() {
            let hit = e.qualified(NEEDS).iter().any(|q| {
                self.need.as_ref().is_none_or(|n| *n == q.code)
                    && self.need_status.as_ref().is_none_or(|s| *s == q.qualifier)
            });
            if !hit {
                return false;
            }
        }
        if self
            .outcome
            .as_ref()
            .is_some_and(|o| e.single(OUTCOME) != Some(o.as_str()))
        {
            return false;
        }
        if self
            .municipality
            .as_ref()
            .is_some_and(|m| e.single(MUNICIPALITY) != Some(m.as_str()))
        {
            return false;
        }
        text_matches(e, words)
    }

    /// The encounters that match, in the order given.
    pub fn apply<'a>(&self, encounters: &'a [Encounter], cb: &Codebook) -> Vec<&'a Encounter> {
        let words = self.words();
        encounters
            .iter()
            .filter(|e| self.matches_words(e, cb, &words))
            .collect()
    }
}

/// One family as the caseload sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FamilySummary {
    pub family: FamilyCode,
    pub encounters: usize,
    pub first: NaiveDate,
    pub last: NaiveDate,
    /// Situation at the latest encounter (greatest `(date, id)`).
    pub housing: Option<String>,
    pub residence: Option<String>,
    pub municipality: Option<String>,
    /// Needs still unmet at the latest encounter.
    pub unmet_needs: Vec<String>,
    pub demo: bool,
}

/// Summaries of every family, most recently seen first. One pass over the
/// encounters in `(date, id)` order: a family's latest is its last.
pub fn families(encounters: &[Encounter]) -> Vec<FamilySummary> {
    let mut order: Vec<&Encounter> = encounters.iter().collect();
    if !order.is_sorted_by_key(|e| e.sort_key()) {
        order.sort_by_key(|e| e.sort_key());
    }
    // (first, latest, count, all demo) per family.
    let mut by_family: rustc_hash::FxHashMap<&FamilyCode, (&Encounter, &Encounter, usize, bool)> =
        Default::default();
    for e in order {
        by_family
            .entry(&e.family)
            .and_modify(|s| {
                s.1 = e;
                s.2 += 1;
                s.3 &= e.demo;
            })
            .or_insert((e, e, 1, e.demo));
    }
    let out: Vec<FamilySummary> = by_family
        .into_values()
        .map(|(first, latest, n, demo)| FamilySummary::of(latest, n, first.date, demo))
        .collect();
    sort_families(out)
}

/// Most recently seen first, then by code: the order of every families list
/// (a family once each, so that no two compare equal and an unstable sort,
/// faster, gives the one order).
pub fn sort_families(mut out: Vec<FamilySummary>) -> Vec<FamilySummary> {
    out.sort_unstable_by(|a, b| b.last.cmp(&a.last).then_with(|| a.family.cmp(&b.family)));
    out
}

impl FamilySummary {
    /// A family's summary from its latest encounter, how many it has, the
    /// date of its first and whether all are demo data.
    /// A dimension's value at the latest encounter, where its default
    /// (what an encounter without an answer counts as) is no value.
    fn situation(latest: &Encounter, dim: &str) -> Option<String> {
        let cb = Codebook::embedded();
        let default = cb.dimension(dim).and_then(|d| d.default.as_deref());
        latest
            .single(dim)
            .filter(|c| Some(*c) != default)
            .map(str::to_string)
    }

    pub fn of(latest: &Encounter, encounters: usize, first: NaiveDate, demo: bool) -> Self {
        let cb = Codebook::embedded();
        let mut unmet: Vec<&str> = latest
            .qualified(NEEDS)
            .iter()
            .filter(|q| q.qualifier == "unmet")
            .map(|q| q.code.as_str())
            .collect();
        // Codebook order, as the rows give them.
        if let Some(d) = cb.dimension(NEEDS) {
            unmet.sort_by_key(|c| d.codes.iter().position(|x| x.code == *c));
        }
        FamilySummary {
            family: latest.family.clone(),
            encounters,
            first,
            last: latest.date,
            housing: Self::situation(latest, HOUSING_SITUATION),
            residence: Self::situation(latest, RESIDENCE_STATUS),
            municipality: Self::situation(latest, MUNICIPALITY),
            unmet_needs: unmet.into_iter().map(String::from).collect(),
            demo,
        }
    }

    /// The same from the latest encounter's brief, without reading the
    /// record; `None` when its rows cannot say (a value outside the
    /// codebook): the record must then be read.
    pub fn of_brief(
        latest: crate::brief::BriefRef<'_>,
        plan: &Rows,
        encounters: usize,
        first: NaiveDate,
        demo: bool,
    ) -> Option<Self> {
        let single = |dim: &str| -> Option<Option<String>> {
            let Some(i) = plan.dim_index(dim) else {
                return Some(None);
            };
            let Some(&row) = latest.rows.iter().find(|&&r| plan.dim_of(r) == i) else {
                return Some(None);
            };
            if plan.default_row(i) == Some(row) {
                return Some(None);
            }
            plan.code_of(row).map(|(code, _)| Some(code.to_string()))
        };
        let needs = plan.dim_index(NEEDS);
        let unmet_needs = latest
            .rows
            .iter()
            .filter(|&&r| Some(plan.dim_of(r)) == needs)
            .filter_map(|&r| plan.code_of(r))
            .filter(|(_, q)| *q == "unmet")
            .map(|(c, _)| c.to_string())
            .collect();
        Some(FamilySummary {
            family: latest.family.clone(),
            encounters,
            first,
            last: latest.date,
            housing: single(HOUSING_SITUATION)?,
            residence: single(RESIDENCE_STATUS)?,
            municipality: single(MUNICIPALITY)?,
            unmet_needs,
            demo,
        })
    }
}

/// The family's latest encounter: where a new encounter starts from.
pub fn latest_for<'a>(encounters: &'a [Encounter], family: &FamilyCode) -> Option<&'a Encounter> {
    encounters
        .iter()
        .filter(|e| e.family == *family)
        .max_by_key(|e| e.sort_key())
}

/// Dimensions a new encounter takes over from the family's previous one:
/// the family's situation (the `situation` section) and where it stays now.
pub fn carried_over(cb: &Codebook) -> Vec<&str> {
    cb.dimensions
        .iter()
        .filter(|d| d.section == Section::Situation || d.id == MUNICIPALITY)
        .map(|d| d.id.as_str())
        .collect()
}

/// A new encounter for `family` on `date`. When the family was seen before,
/// it starts from that latest encounter's situation, so the worker only
/// changes what changed; needs still open then (unmet or pending) come
/// along with their status, so that a follow-up asks about them instead of
/// forgetting them (the worker sets what became of each).
pub fn start_encounter(
    cb: &Codebook,
    id: Uuid,
    family: FamilyCode,
    date: NaiveDate,
    previous: Option<&Encounter>,
) -> Encounter {
    let mut e = Encounter::new(id, family, date, cb);
    if let Some(prev) = previous {
        for dim in carried_over(cb) {
            if let Some(a) = prev.answer(dim) {
                e.set(dim, a.clone());
            }
        }
        let open: Vec<_> = prev
            .qualified(NEEDS)
            .iter()
            .filter(|q| crate::follow::is_open(&q.qualifier))
            .cloned()
            .collect();
        if !open.is_empty() {
            e.set(NEEDS, crate::encounter::Answer::MultiStatus(open));
        }
    }
    e
}

/// The dimensions a new encounter took from `previous` (what
/// [`start_encounter`] carried), for the form to mark them.
pub fn carried_from<'a>(cb: &'a Codebook, previous: &Encounter) -> Vec<&'a str> {
    let mut out: Vec<&str> = carried_over(cb)
        .into_iter()
        .filter(|d| previous.answer(d).is_some())
        .collect();
    if previous
        .qualified(NEEDS)
        .iter()
        .any(|q| crate::follow::is_open(&q.qualifier))
    {
        out.push(NEEDS);
    }
    out
}

/// The rows of the embedded codebook, made once (see [`Rows`]).
pub fn rows() -> Arc<Rows> {
    static ROWS: OnceLock<Arc<Rows>> = OnceLock::new();
    ROWS.get_or_init(|| Arc::new(Rows::new(Codebook::embedded())))
        .clone()
}

/// The worker's caseload while the vault is open: one [`Brief`] per
/// encounter (id, family, date, demo mark and codes as integer rows, see
/// [`Rows`]), kept in `(date, id)` order and updated on every save and
/// delete. Lists, filters, the overview and family counts are answered from
/// it; notes and answers stay sealed in the vault until a screen shows
/// them, which the caller reads by id. Unlocking reads the vault's index,
/// not its records, and holds a hundred-odd bytes per encounter.
#[derive(Debug, Clone)]
pub struct Caseload {
    briefs: Vec<Brief>,
    plan: Arc<Rows>,
    /// The ids present and how many encounters each family has: a save of
    /// a new encounter, and the question whether a family is known, must
    /// not walk a million encounters.
    ids: IdSet,
    families: rustc_hash::FxHashMap<FamilyCode, usize>,
}

/// The ids a caseload holds, as the sorted first 8 bytes of each: whether
/// an id may be there without walking the briefs. 8 MB at a million, where
/// a hash set of the ids took 34 MB (the app's unlock peak). Two ids may
/// share a prefix: `may_contain` can say yes for an id that is not there,
/// never no for one that is; the caller then looks at the briefs.
#[derive(Debug, Clone, Default)]
struct IdSet(Vec<u64>);

impl IdSet {
    fn prefix(id: &Uuid) -> u64 {
        (id.as_u128() >> 64) as u64
    }

    fn of(ids: impl Iterator<Item = Uuid>) -> IdSet {
        let mut v: Vec<u64> = ids.map(|id| Self::prefix(&id)).collect();
        v.sort_unstable();
        IdSet(v)
    }

    fn may_contain(&self, id: &Uuid) -> bool {
        self.0.binary_search(&Self::prefix(id)).is_ok()
    }

    fn insert(&mut self, id: &Uuid) {
        let p = Self::prefix(id);
        let at = self.0.partition_point(|&x| x < p);
        self.0.insert(at, p);
    }

    /// Removes one instance of `id`'s prefix (the caller found the id).
    fn remove(&mut self, id: &Uuid) {
        if let Ok(at) = self.0.binary_search(&Self::prefix(id)) {
            self.0.remove(at);
        }
    }
}

impl Default for Caseload {
    fn default() -> Caseload {
        Caseload::from_briefs(Vec::new())
    }
}

impl Caseload {
    /// The caseload of these encounters (the embedded codebook's rows).
    pub fn new(encounters: &[Encounter]) -> Caseload {
        let plan = rows();
        let threads = crate::rows::threads();
        let chunk = encounters.len().div_ceil(threads).max(4096);
        let briefs: Vec<Brief> = std::thread::scope(|s| {
            let handles: Vec<_> = encounters
                .chunks(chunk)
                .map(|part| {
                    let plan = &plan;
                    s.spawn(move || part.iter().map(|e| Brief::of(e, plan)).collect::<Vec<_>>())
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().expect("encoding does not panic"))
                .collect()
        });
        Caseload::from_briefs(briefs)
    }

    /// The caseload of briefs the vault's index kept (rows of [`rows`]).
    pub fn from_briefs(mut briefs: Vec<Brief>) -> Caseload {
        if !briefs.is_sorted_by_key(Brief::sort_key) {
            crate::brief::sort_by_date_and_id(&mut briefs, Brief::sort_key);
        }
        let ids = IdSet::of(briefs.iter().map(|b| b.id));
        let mut families: rustc_hash::FxHashMap<FamilyCode, usize> = Default::default();
        for b in &briefs {
            *families.entry(b.family.clone()).or_default() += 1;
        }
        Caseload {
            briefs,
            plan: rows(),
            ids,
            families,
        }
    }

    /// Whether the caseload holds an encounter of `family` (no walk).
    pub fn has_family(&self, family: &FamilyCode) -> bool {
        self.families.contains_key(family)
    }

    /// Every encounter's brief, in `(date, id)` order.
    pub fn all(&self) -> &[Brief] {
        &self.briefs
    }

    /// The plan the rows were made with.
    pub fn plan(&self) -> &Rows {
        &self.plan
    }

    pub fn len(&self) -> usize {
        self.briefs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.briefs.is_empty()
    }

    /// How many families the caseload holds.
    pub fn family_count(&self) -> usize {
        self.families.len()
    }

    pub fn get(&self, id: &Uuid) -> Option<&Brief> {
        if !self.ids.may_contain(id) {
            return None;
        }
        self.briefs.iter().find(|b| b.id == *id)
    }

    /// Inserts or replaces (by id) a saved encounter, keeping the order.
    pub fn upsert(&mut self, e: &Encounter) {
        let brief = Brief::of(e, &self.plan);
        self.upsert_brief(brief);
    }

    /// Inserts or replaces (by id), keeping the order.
    pub fn upsert_brief(&mut self, b: Brief) {
        self.remove(&b.id);
        let at = self.briefs.partition_point(|x| x.sort_key() < b.sort_key());
        self.ids.insert(&b.id);
        *self.families.entry(b.family.clone()).or_default() += 1;
        self.briefs.insert(at, b);
    }

    pub fn remove(&mut self, id: &Uuid) -> Option<Brief> {
        if !self.ids.may_contain(id) {
            return None;
        }
        let at = self.briefs.iter().position(|b| b.id == *id)?;
        self.ids.remove(id);
        let b = self.briefs.remove(at);
        if let Some(n) = self.families.get_mut(&b.family) {
            *n -= 1;
            if *n == 0 {
                self.families.remove(&b.family);
            }
        }
        Some(b)
    }

    /// Removes every encounter of `ids` in one pass (a removal one at a
    /// time shifts the whole list each time).
    pub fn remove_all(&mut self, ids: &std::collections::HashSet<Uuid>) {
        self.briefs.retain(|b| !ids.contains(&b.id));
        self.ids = IdSet::of(self.briefs.iter().map(|b| b.id));
        self.families.clear();
        for b in &self.briefs {
            *self.families.entry(b.family.clone()).or_default() += 1;
        }
    }

    /// Every encounter that matches every condition but the text, oldest
    /// first. The rows decide: a date range is a binary search, a theme or
    /// need a lookup among a few dozen integers. With no text this is what
    /// [`Filter::apply`] finds; a text is then checked on each candidate's
    /// family code and note ([`Filter::matches_text`]).
    pub fn candidates(&self, filter: &Filter) -> Vec<&Brief> {
        self.candidates_at(filter)
            .into_iter()
            .map(|i| &self.briefs[i])
            .collect()
    }

    /// The overview screen over these encounters (from [`Caseload::candidates`]):
    /// the same as [`overview`], counted on the rows.
    pub fn overview(&self, hits: &[&Brief], cb: &Codebook) -> Overview {
        use chrono::Datelike;
        let plan = &self.plan;
        let mut counts = vec![0usize; plan.len()];
        let mut ids: rustc_hash::FxHashMap<&FamilyCode, usize> = Default::default();
        let mut seen_in_month: Vec<usize> = Vec::new();
        let mut per_month: Vec<(String, usize, usize)> = Vec::new();
        let mut month = None;
        for b in hits {
            let next = ids.len();
            let f = *ids.entry(&b.family).or_insert(next);
            if f == seen_in_month.len() {
                seen_in_month.push(usize::MAX);
            }
            let ym = (b.date.year(), b.date.month());
            if month != Some(ym) {
                month = Some(ym);
                per_month.push((format!("{:04}-{:02}", ym.0, ym.1), 0, 0));
            }
            let m = per_month.len() - 1;
            per_month[m].1 += 1;
            if seen_in_month[f] != m {
                seen_in_month[f] = m;
                per_month[m].2 += 1;
            }
            for &r in b.rows.iter() {
                counts[r as usize] += 1;
            }
        }
        let count = |row: Option<u16>| row.map(|r| counts[r as usize]).unwrap_or(0);
        let ranked = |dim: &str, qual: &str| {
            let mut v: Vec<(String, usize)> = cb
                .dimension(dim)
                .map(|d| {
                    d.codes
                        .iter()
                        .map(|c| (c.code.clone(), count(plan.row(dim, &c.code, qual))))
                        .filter(|(_, n)| *n > 0)
                        .collect()
                })
                .unwrap_or_default();
            v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            v
        };
        Overview {
            encounters: hits.len(),
            families: ids.len(),
            per_month,
            themes: cb
                .dimension(crate::codebook::THEMES)
                .map(|d| {
                    d.codes
                        .iter()
                        .map(|c| (c.code.clone(), count(plan.theme_row(&c.code))))
                        .collect()
                })
                .unwrap_or_default(),
            unmet_needs: ranked(NEEDS, "unmet"),
            limits: ranked(crate::codebook::LIMITS, ""),
            policy_signals: count(Some(plan.policy_row(true))),
        }
    }

    /// Positions of the encounters that match every condition but the
    /// text, in order.
    fn candidates_at(&self, filter: &Filter) -> Vec<usize> {
        let sets = filter.row_sets(&self.plan);
        let from = filter
            .from
            .map(|d| self.briefs.partition_point(|b| b.date < d))
            .unwrap_or(0);
        let to = filter
            .to
            .map(|d| self.briefs.partition_point(|b| b.date <= d))
            .unwrap_or(self.briefs.len())
            .max(from);
        (from..to)
            .filter(|&i| {
                let b = &self.briefs[i];
                filter.family.as_ref().is_none_or(|f| *f == b.family) && rows_match(&sets, &b.rows)
            })
            .collect()
    }

    /// The family's latest encounter, where a new one starts from.
    pub fn latest_for(&self, family: &FamilyCode) -> Option<&Brief> {
        if !self.has_family(family) {
            return None;
        }
        self.briefs.iter().rev().find(|b| b.family == *family)
    }

    /// The family's encounters, oldest first.
    pub fn timeline(&self, family: &FamilyCode) -> Vec<&Brief> {
        if !self.has_family(family) {
            return Vec::new();
        }
        self.briefs.iter().filter(|b| b.family == *family).collect()
    }
}

/// What changed between two consecutive encounters of a family, for the
/// timeline: the situation dimensions that the report cares most about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A single-choice dimension moved from one code to another (or from/to absent).
    Moved {
        dimension: String,
        from: Option<String>,
        to: Option<String>,
    },
    /// A need became unmet.
    NeedUnmet { need: String },
    /// A need that was unmet is not any more (met, pending or dropped).
    NeedNoLongerUnmet { need: String, now: Option<String> },
}

/// Dimensions whose change the timeline highlights.
pub const WATCHED: [&str; 4] = [
    HOUSING_SITUATION,
    RESIDENCE_STATUS,
    MUNICIPALITY,
    "household_type",
];

pub fn changes(prev: &Encounter, next: &Encounter) -> Vec<Change> {
    let mut out = Vec::new();
    for dim in WATCHED {
        let (a, b) = (prev.single(dim), next.single(dim));
        if a != b {
            out.push(Change::Moved {
                dimension: dim.to_string(),
                from: a.map(str::to_string),
                to: b.map(str::to_string),
            });
        }
    }
    let status = |e: &Encounter, need: &str| {
        e.qualified(NEEDS)
            .iter()
            .find(|q| q.code == need)
            .map(|q| q.qualifier.clone())
    };
    for q in next.qualified(NEEDS) {
        if q.qualifier == "unmet" && status(prev, &q.code).as_deref() != Some("unmet") {
            out.push(Change::NeedUnmet {
                need: q.code.clone(),
            });
        }
    }
    for q in prev.qualified(NEEDS) {
        if q.qualifier == "unmet" {
            let now = status(next, &q.code);
            if now.as_deref() != Some("unmet") {
                out.push(Change::NeedNoLongerUnmet {
                    need: q.code.clone(),
                    now,
                });
            }
        }
    }
    out
}

/// Counts over the worker's own caseload, for the overview screen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overview {
    pub encounters: usize,
    pub families: usize,
    /// `(YYYY-MM, encounters, distinct families)`, oldest first.
    pub per_month: Vec<(String, usize, usize)>,
    /// Encounters per effective theme, in codebook order.
    pub themes: Vec<(String, usize)>,
    /// Encounters with the need unmet, most frequent first.
    pub unmet_needs: Vec<(String, usize)>,
    /// Encounters per limit hit, most frequent first.
    pub limits: Vec<(String, usize)>,
    pub policy_signals: usize,
}

pub fn overview(encounters: &[&Encounter], cb: &Codebook) -> Overview {
    use std::collections::{HashMap, HashSet};
    let mut months: BTreeMap<String, (usize, HashSet<&FamilyCode>)> = BTreeMap::new();
    let mut themes: HashMap<&str, usize> = HashMap::new();
    let mut unmet: HashMap<&str, usize> = HashMap::new();
    let mut limits: HashMap<&str, usize> = HashMap::new();
    let mut families = HashSet::new();
    let mut policy = 0;
    for e in encounters {
        families.insert(&e.family);
        let m = months
            .entry(e.date.format("%Y-%m").to_string())
            .or_default();
        m.0 += 1;
        m.1.insert(&e.family);
        for t in themes_effective(e, cb) {
            *themes.entry(t).or_default() += 1;
        }
        for q in e.qualified(NEEDS) {
            if q.qualifier == "unmet" {
                *unmet.entry(q.code.as_str()).or_default() += 1;
            }
        }
        for l in e.codes(crate::codebook::LIMITS) {
            *limits.entry(l).or_default() += 1;
        }
        if policy_signal(e) {
            policy += 1;
        }
    }
    let ranked = |m: HashMap<&str, usize>| {
        let mut v: Vec<(String, usize)> = m.into_iter().map(|(k, n)| (k.to_string(), n)).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        v
    };
    let theme_order = cb
        .dimension(crate::codebook::THEMES)
        .map(|d| d.codes.as_slice())
        .unwrap_or(&[]);
    Overview {
        encounters: encounters.len(),
        families: families.len(),
        per_month: months
            .into_iter()
            .map(|(k, (n, f))| (k, n, f.len()))
            .collect(),
        themes: theme_order
            .iter()
            .map(|c| {
                (
                    c.code.clone(),
                    themes.get(c.code.as_str()).copied().unwrap_or(0),
                )
            })
            .collect(),
        unmet_needs: ranked(unmet),
        limits: ranked(limits),
        policy_signals: policy,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{generate, DemoSpec};

    fn data() -> Vec<Encounter> {
        generate(
            Codebook::embedded(),
            &DemoSpec {
                families: 30,
                encounters: 200,
                seed: 5,
                until: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
                days: 365,
            },
        )
    }

    #[test]
    fn filters_combine_and_agree_with_a_direct_check() {
        let cb = Codebook::embedded();
        let all = data();
        let f = Filter {
            need: Some("shelter_tonight".into()),
            need_status: Some("unmet".into()),
            from: NaiveDate::from_ymd_opt(2026, 6, 1),
            ..Filter::default()
        };
        let hits = f.apply(&all, cb);
        let expected = all
            .iter()
            .filter(|e| {
                e.date >= NaiveDate::from_ymd_opt(2026, 6, 1).unwrap()
                    && e.qualified("needs")
                        .iter()
                        .any(|q| q.code == "shelter_tonight" && q.qualifier == "unmet")
            })
            .count();
        assert_eq!(hits.len(), expected);
        assert!(expected > 0, "the demo data has such encounters");
        let fam = all[0].family.clone();
        let f = Filter {
            family: Some(fam.clone()),
            ..Filter::default()
        };
        assert!(f.apply(&all, cb).iter().all(|e| e.family == fam));
    }

    #[test]
    fn text_search_is_case_insensitive_over_notes() {
        let cb = Codebook::embedded();
        let all = data();
        let f = Filter {
            text: Some("DEMO".into()),
            ..Filter::default()
        };
        assert_eq!(
            f.apply(&all, cb).len(),
            all.iter()
                .filter(|e| e
                    .note
                    .as_deref()
                    .is_some_and(|n| n.to_lowercase().contains("demo")))
                .count()
        );
    }

    #[test]
    fn text_search_folds_case_in_any_script_and_finds_family_codes() {
        let cb = Codebook::embedded();
        let mut all = data();
        all[0].note = Some("Rendez-vous À l'ÉCOLE, maman très fatiguée".into());
        all[1].note = Some("Plain ASCII note about the school".into());
        let hits = |text: &str| {
            Filter {
                text: Some(text.into()),
                ..Filter::default()
            }
            .apply(&all, cb)
            .iter()
            .map(|e| e.id)
            .collect::<Vec<_>>()
        };
        assert_eq!(hits("école à"), vec![all[0].id]);
        assert_eq!(hits("TRÈS Fatiguée"), vec![all[0].id]);
        assert!(hits("SCHOOL ascii").contains(&all[1].id));
        assert!(hits("école").iter().all(|id| *id != all[1].id));
        let code = all[5].family.as_str().to_lowercase();
        assert!(hits(&code).contains(&all[5].id));
        assert!(hits("zzzz-nothing").is_empty());
    }

    #[test]
    fn a_page_finds_what_the_filter_finds_also_after_edits() {
        let cb = Codebook::embedded();
        let all = data();
        let mut caseload = Caseload::new(&all);
        let mut edited = all[7].clone();
        edited.answers.remove(NEEDS);
        edited.note = Some("Nieuwe afspraak".into());
        caseload.upsert(&edited);
        caseload.remove(&all[9].id);
        let mut reference: Vec<Encounter> = all.clone();
        reference[7] = edited;
        reference.remove(9);
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        let filters = [
            Filter::default(),
            Filter {
                theme: Some("housing".into()),
                ..Filter::default()
            },
            Filter {
                need: Some("stable_housing".into()),
                need_status: Some("unmet".into()),
                from: d("2026-02-01"),
                ..Filter::default()
            },
            Filter {
                need_status: Some("pending".into()),
                to: d("2026-03-15"),
                ..Filter::default()
            },
            Filter {
                need: Some("no_such_need".into()),
                ..Filter::default()
            },
            Filter {
                outcome: Some("pending".into()),
                municipality: Some("anderlecht".into()),
                ..Filter::default()
            },
            Filter {
                family: Some(all[3].family.clone()),
                text: Some("demo".into()),
                ..Filter::default()
            },
            Filter {
                text: Some("afspraak".into()),
                ..Filter::default()
            },
            Filter {
                from: d("2026-05-01"),
                to: d("2026-04-01"),
                ..Filter::default()
            },
        ];
        let notes: std::collections::HashMap<Uuid, &str> = reference
            .iter()
            .filter_map(|e| Some((e.id, e.note.as_deref()?)))
            .collect();
        for f in &filters {
            let want: Vec<Uuid> = f.apply(&reference, cb).iter().map(|e| e.id).collect();
            let got: Vec<Uuid> = caseload
                .candidates(f)
                .into_iter()
                .filter(|b| f.text_match().matches(&b.family, notes.get(&b.id).copied()))
                .map(|b| b.id)
                .collect();
            assert_eq!(got, want, "{f:?}");
        }
        assert!(filters[1..4]
            .iter()
            .all(|f| !caseload.candidates(f).is_empty()));
    }

    #[test]
    fn the_overview_on_rows_equals_the_overview_on_strings() {
        let cb = Codebook::embedded();
        let all = data();
        let caseload = Caseload::new(&all);
        for f in [
            Filter::default(),
            Filter {
                theme: Some("housing".into()),
                ..Filter::default()
            },
            Filter {
                from: NaiveDate::from_ymd_opt(2026, 3, 1),
                to: NaiveDate::from_ymd_opt(2026, 6, 30),
                ..Filter::default()
            },
        ] {
            let reference = overview(&f.apply(&all, cb), cb);
            assert!(reference.encounters > 0);
            assert_eq!(
                caseload.overview(&caseload.candidates(&f), cb),
                reference,
                "{f:?}"
            );
        }
    }

    #[test]
    fn family_summaries_take_the_latest_situation() {
        let all = data();
        let fams = families(&all);
        assert_eq!(fams.len(), 30);
        assert_eq!(fams.iter().map(|f| f.encounters).sum::<usize>(), 200);
        for f in &fams {
            let latest = latest_for(&all, &f.family).unwrap();
            assert_eq!(f.last, latest.date);
            assert_eq!(f.housing.as_deref(), latest.single("housing_situation"));
        }
        assert!(
            fams.windows(2).all(|w| w[0].last >= w[1].last),
            "most recent first"
        );
    }

    #[test]
    fn a_summary_from_the_rows_is_the_summary_from_the_record() {
        let plan = rows();
        let mut all = data();
        // An explicit default, no residence status at all, a value outside
        // the codebook.
        all[0].answers.insert(
            RESIDENCE_STATUS.into(),
            crate::encounter::Answer::Single("not_asked".into()),
        );
        all[1].answers.remove(RESIDENCE_STATUS);
        all[2].answers.insert(
            HOUSING_SITUATION.into(),
            crate::encounter::Answer::Single("castle".into()),
        );
        for (i, e) in all.iter().enumerate() {
            let from_rows =
                FamilySummary::of_brief(Brief::of(e, &plan).view(), &plan, 3, e.date, e.demo);
            if i == 2 {
                assert_eq!(
                    from_rows, None,
                    "the rows cannot name a code outside the codebook"
                );
            } else {
                assert_eq!(
                    from_rows,
                    Some(FamilySummary::of(e, 3, e.date, e.demo)),
                    "{i}"
                );
            }
        }
        assert_eq!(
            FamilySummary::of(&all[0], 1, all[0].date, false).residence,
            None
        );
        assert!(all.iter().any(|e| !FamilySummary::of(e, 1, e.date, false)
            .unmet_needs
            .is_empty()));
    }

    #[test]
    fn a_new_encounter_starts_from_the_family_situation_but_not_its_response() {
        let cb = Codebook::embedded();
        let all = data();
        let prev = all
            .iter()
            .rev()
            .find(|e| e.answer("outcome").is_some())
            .unwrap();
        let next = start_encounter(cb, Uuid::nil(), prev.family.clone(), prev.date, Some(prev));
        assert_eq!(
            next.single("housing_situation"),
            prev.single("housing_situation")
        );
        assert_eq!(next.answer("kansarmoede"), prev.answer("kansarmoede"));
        assert_eq!(next.single("municipality"), prev.single("municipality"));
        let open: Vec<_> = prev
            .qualified("needs")
            .iter()
            .filter(|q| q.qualifier != "met")
            .cloned()
            .collect();
        assert_eq!(
            next.qualified("needs"),
            &open[..],
            "needs still open come along with their status; met ones stay behind"
        );
        let carried = carried_from(cb, prev);
        assert!(carried.contains(&"housing_situation"));
        assert_eq!(carried.contains(&"needs"), !open.is_empty());
        assert!(!carried.contains(&"outcome"));
        assert_eq!(
            next.answer("outcome"),
            None,
            "the response is per encounter"
        );
        assert_eq!(next.answer("setting"), None);
        assert_eq!(next.note, None, "the note never carries over");
        let fresh = start_encounter(cb, Uuid::nil(), prev.family.clone(), prev.date, None);
        assert!(fresh.answers.is_empty());
    }

    #[test]
    fn the_caseload_stays_sorted_through_upserts_and_removals() {
        let all = data();
        let mut c = Caseload::new(&all[10..]);
        for e in all[..10].iter().rev() {
            c.upsert(e);
        }
        let plan = rows();
        let briefs: Vec<Brief> = all.iter().map(|e| Brief::of(e, &plan)).collect();
        assert_eq!(c.all(), &briefs[..], "same order as a full sort");
        let mut moved = all[3].clone();
        moved.date = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        c.upsert(&moved);
        assert_eq!(
            c.len(),
            all.len(),
            "an upsert of an existing id replaces it"
        );
        assert_eq!(c.all().last().unwrap().id, moved.id);
        assert_eq!(c.latest_for(&moved.family).unwrap().id, moved.id);
        assert!(c.remove(&moved.id).is_some());
        assert!(c.get(&moved.id).is_none());
    }

    #[test]
    fn changes_highlight_housing_status_and_unmet_needs() {
        use crate::encounter::{Answer, Qualified};
        let cb = Codebook::embedded();
        let fam = FamilyCode::parse("7K3M-9QZD").unwrap();
        let d = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let mut a = Encounter::new(Uuid::nil(), fam.clone(), d, cb);
        a.set("housing_situation", Answer::Single("street".into()));
        a.set(
            "needs",
            Answer::MultiStatus(vec![Qualified::new("shelter_tonight", "unmet")]),
        );
        let mut b = start_encounter(cb, Uuid::max(), fam, d, Some(&a));
        b.set(
            "housing_situation",
            Answer::Single("emergency_shelter".into()),
        );
        b.set(
            "needs",
            Answer::MultiStatus(vec![
                Qualified::new("shelter_tonight", "met"),
                Qualified::new("school_enrolment", "unmet"),
            ]),
        );
        let got = changes(&a, &b);
        assert!(got.contains(&Change::Moved {
            dimension: "housing_situation".into(),
            from: Some("street".into()),
            to: Some("emergency_shelter".into())
        }));
        assert!(got.contains(&Change::NeedUnmet {
            need: "school_enrolment".into()
        }));
        assert!(got.contains(&Change::NeedNoLongerUnmet {
            need: "shelter_tonight".into(),
            now: Some("met".into())
        }));
        assert_eq!(got.len(), 3, "nothing else changed: {got:?}");
    }

    #[test]
    fn overview_counts_agree_with_direct_counts() {
        let cb = Codebook::embedded();
        let all = data();
        let refs: Vec<&Encounter> = all.iter().collect();
        let o = overview(&refs, cb);
        assert_eq!(o.encounters, 200);
        assert_eq!(o.families, 30);
        assert_eq!(o.per_month.iter().map(|m| m.1).sum::<usize>(), 200);
        let housing = all
            .iter()
            .filter(|e| themes_effective(e, cb).contains(&"housing"))
            .count();
        assert_eq!(
            o.themes.iter().find(|t| t.0 == "housing").unwrap().1,
            housing
        );
        let policy = all.iter().filter(|e| policy_signal(e)).count();
        assert_eq!(o.policy_signals, policy);
        assert!(o.unmet_needs.windows(2).all(|w| w[0].1 >= w[1].1), "ranked");
    }
}
