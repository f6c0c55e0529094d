//! Questions answered from the vault's index, reading only the records the
//! answer shows: the encounters a filter finds (one family's, a month's),
//! one encounter by id or prefix, every family's latest situation. The CLI
//! asks these without loading the caseload, so `list --family`, `show` and
//! `families` cost what they show, not what the vault holds. The answers
//! are the session's (see the tests): the index narrows, the records
//! decide.

use crate::error::{Error, Result};
use crate::session::MIN_PREFIX;
use std::ops::ControlFlow;
use uuid::Uuid;
use veerkracht_core::brief::{Brief, BriefRef};
use veerkracht_core::caseload::{self, FamilySummary, Filter};
use veerkracht_core::{Codebook, Encounter, FamilyCode};
use veerkracht_store::{DamagedRecord, Vault};

/// Every encounter `filter` finds, oldest first (`(date, id)` order), and
/// the candidates that could not be read. The index picks the candidates
/// by family, dates and codes; only those are read, and the full filter
/// (text included) decides.
pub fn matching(vault: &Vault, filter: &Filter) -> Result<(Vec<Encounter>, Vec<DamagedRecord>)> {
    let mut found = Vec::new();
    let damaged = matching_in_slices(vault, filter, usize::MAX, |slice| {
        found.extend(slice);
        Ok(ControlFlow::Continue(()))
    })?;
    Ok((found, damaged))
}

/// Like [`matching`], `slice` candidates read at a time and handed to
/// `each` in order, so that what a filter finds in a million encounters is
/// never all in memory at once; `each` may stop the reading. Returns the
/// candidates that could not be read (of the slices read).
pub fn matching_in_slices(
    vault: &Vault,
    filter: &Filter,
    slice: usize,
    mut each: impl FnMut(Vec<Encounter>) -> Result<ControlFlow<()>>,
) -> Result<Vec<DamagedRecord>> {
    let plan = caseload::rows();
    let sets = filter.row_sets(&plan);
    // In `(date, id)` order already: the index says each record's (kept
    // in the same durable step as the record).
    let mut keys: Vec<_> = vault
        .index_where(|b| filter.matches_brief(b, &sets))?
        .into_iter()
        .map(|e| e.brief.sort_key())
        .collect();
    keys.sort_unstable();
    let ids: Vec<Uuid> = keys.into_iter().map(|(_, id)| id).collect();
    let cb = Codebook::embedded();
    let mut damaged = Vec::new();
    for ids in ids.chunks(slice.max(1)) {
        let (read, bad) = vault.get_many(ids)?;
        damaged.extend(bad);
        let mut found: Vec<Encounter> =
            read.into_iter().filter(|e| filter.matches(e, cb)).collect();
        found.sort_unstable_by_key(Encounter::sort_key);
        if each(found)?.is_break() {
            break;
        }
    }
    Ok(damaged)
}

/// One encounter by its full id or a unique prefix of at least
/// [`MIN_PREFIX`] characters (the same rules as [`crate::Session::find`]).
pub fn find(vault: &Vault, id_or_prefix: &str) -> Result<Encounter> {
    let given = id_or_prefix.trim().to_string();
    let needle = given.to_ascii_lowercase();
    let missing = || Error::NoSuchEncounter { id: given.clone() };
    if let Ok(full) = Uuid::parse_str(&needle) {
        return vault.get(&full)?.ok_or_else(missing);
    }
    if needle.chars().count() < MIN_PREFIX {
        return Err(Error::PrefixTooShort {
            given,
            min: MIN_PREFIX,
        });
    }
    let hits: Vec<Uuid> = vault
        .index_where(|b| {
            let mut buf = Uuid::encode_buffer();
            b.id.hyphenated()
                .encode_lower(&mut buf)
                .starts_with(needle.as_str())
        })?
        .into_iter()
        .map(|e| e.brief.id)
        .collect();
    match hits.len() {
        1 => vault.get(&hits[0])?.ok_or_else(missing),
        0 => Err(missing()),
        count => Err(Error::AmbiguousPrefix {
            prefix: given,
            count,
        }),
    }
}

/// Every family's summary, most recently seen first, from the index
/// (the records that could not be read are returned too). The index is
/// folded segment by segment on every core and not kept: at a million
/// encounters holding it whole was 0.15 GB and a third of the time (page
/// faults of fresh memory).
pub fn families(vault: &Vault) -> Result<(Vec<FamilySummary>, Vec<DamagedRecord>)> {
    let maps = vault.fold_index(Families::default, add)?;
    let mut damaged = Vec::new();
    let out = finish(merged(maps), &caseload::rows(), |ids| {
        let (read, bad) = vault.get_many(ids)?;
        damaged.extend(bad);
        Ok(read)
    })?;
    Ok((out, damaged))
}

/// What [`summaries`] keeps per family while counting: how many
/// encounters, the first date, whether all are demo data, and the latest
/// (greatest `(date, id)`) as a brief of its own.
struct Seen {
    encounters: usize,
    first: chrono::NaiveDate,
    demo: bool,
    latest: Brief,
}

impl Seen {
    fn add(&mut self, other: Seen) {
        self.encounters += other.encounters;
        self.first = self.first.min(other.first);
        if other.latest.sort_key() > self.latest.sort_key() {
            self.latest = other.latest;
        }
        self.demo &= other.demo;
    }
}

/// Per family (see [`family_key`]).
type Families = rustc_hash::FxHashMap<u64, Seen>;

/// A family code as one integer: its eight characters without the dash
/// (a code is always `XXXX-XXXX`), so that the map compares keys in place.
fn family_key(f: &FamilyCode) -> u64 {
    let b = f.as_bytes();
    u64::from_le_bytes([b[0], b[1], b[2], b[3], b[5], b[6], b[7], b[8]])
}

/// Counts `b` in `m`; its rows are copied only while it is its family's
/// latest.
fn add(m: &mut Families, b: BriefRef<'_>) {
    use std::collections::hash_map::Entry;
    match m.entry(family_key(b.family)) {
        Entry::Occupied(o) => {
            let s = o.into_mut();
            s.encounters += 1;
            s.first = s.first.min(b.date);
            s.demo &= b.demo;
            if b.sort_key() > s.latest.sort_key() {
                s.latest = b.to_brief();
            }
        }
        Entry::Vacant(v) => {
            v.insert(Seen {
                encounters: 1,
                first: b.date,
                demo: b.demo,
                latest: b.to_brief(),
            });
        }
    }
}

/// One map of several counted apart (any order).
fn merged(mut maps: Vec<Families>) -> Families {
    maps.sort_by_key(|m| std::cmp::Reverse(m.len()));
    let mut rest = maps.into_iter();
    let mut all = rest.next().unwrap_or_default();
    for m in rest {
        for (k, seen) in m {
            match all.entry(k) {
                std::collections::hash_map::Entry::Occupied(mut o) => o.get_mut().add(seen),
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(seen);
                }
            }
        }
    }
    all
}

/// Every family's summary, most recently seen first: counted on the
/// briefs (in any order, `parts` on a thread each), the situation taken
/// from the latest brief's rows (the greatest `(date, id)`). Only a latest
/// encounter whose rows cannot say (a value outside the codebook) is read,
/// with `read`; a family whose latest record cannot be read is left out.
pub fn summaries<'a, P>(
    parts: Vec<P>,
    plan: &veerkracht_core::rows::Rows,
    read: impl FnOnce(&[Uuid]) -> Result<Vec<Encounter>>,
) -> Result<Vec<FamilySummary>>
where
    P: Iterator<Item = BriefRef<'a>> + Send,
{
    fn count<'a>(part: impl Iterator<Item = BriefRef<'a>>) -> Families {
        let mut m = Families::default();
        for b in part {
            add(&mut m, b);
        }
        m
    }
    let maps: Vec<Families> = if parts.len() <= 1 {
        parts.into_iter().map(count).collect()
    } else {
        std::thread::scope(|s| {
            let handles: Vec<_> = parts
                .into_iter()
                .map(|p| s.spawn(move || count(p)))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("counting does not panic"))
                .collect()
        })
    };
    finish(merged(maps), plan, read)
}

/// The summaries of the families counted in `by_family` (see
/// [`summaries`]).
fn finish(
    by_family: Families,
    plan: &veerkracht_core::rows::Rows,
    read: impl FnOnce(&[Uuid]) -> Result<Vec<Encounter>>,
) -> Result<Vec<FamilySummary>> {
    let seen: Vec<&Seen> = by_family.values().collect();
    let made = veerkracht_core::rows::par_map(&seen, 4096, |s| {
        FamilySummary::of_brief(s.latest.view(), plan, s.encounters, s.first, s.demo)
            .ok_or(s.latest.id)
    });
    let mut out = Vec::with_capacity(made.len());
    let mut unread = Vec::new();
    for m in made {
        match m {
            Ok(summary) => out.push(summary),
            Err(id) => unread.push(id),
        }
    }
    if !unread.is_empty() {
        for e in read(&unread)? {
            if let Some(s) = by_family.get(&family_key(&e.family)) {
                out.push(FamilySummary::of(&e, s.encounters, s.first, s.demo));
            }
        }
    }
    drop(seen);
    // The map freed on another core while the summaries are sorted (at a
    // million encounters each took about 0.03 s).
    Ok(std::thread::scope(|s| {
        s.spawn(move || drop(by_family));
        caseload::sort_families(out)
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Session;
    use veerkracht_core::caseload::FilterInput;

    /// The index's answers, the CLI's and the session's (the app's), are
    /// what a full read of every record finds, over a caseload with
    /// deletions, for many filters.
    #[test]
    fn lookups_answer_what_the_session_answers() {
        let tmp = tempfile::tempdir().unwrap();
        let pass = "lange zin voor de opzoektest";
        let mut s = Session::create(tmp.path(), pass).unwrap();
        let until = chrono::NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
        let spec = crate::demo::spec(40, 300, 4, until).unwrap();
        s.add(veerkracht_core::demo::generate(Codebook::embedded(), &spec))
            .unwrap();
        let some: Vec<Encounter> = s.vault().load().unwrap().encounters[..30].to_vec();
        for e in &some[..10] {
            s.delete(&e.id).unwrap();
        }
        let cb = Codebook::embedded();
        let vault = s.vault();
        let all = vault.load().unwrap().encounters;
        let reference = caseload::families(&all);
        assert_eq!(families(vault).unwrap().0, reference);
        assert_eq!(s.families().unwrap(), reference);
        let fam = some[20].family.as_str().to_string();
        let inputs = [
            FilterInput::default(),
            FilterInput {
                family: Some(fam.clone()),
                ..Default::default()
            },
            FilterInput {
                from: Some("2026-03-01".into()),
                to: Some("2026-04-15".into()),
                ..Default::default()
            },
            FilterInput {
                theme: Some("housing".into()),
                need_status: Some("unmet".into()),
                ..Default::default()
            },
            FilterInput {
                text: Some("de".into()),
                municipality: Some("anderlecht".into()),
                ..Default::default()
            },
        ];
        let mut found = Vec::new();
        for input in inputs {
            let filter = Filter::parse(input.clone(), cb).unwrap();
            let want: Vec<Encounter> = filter.apply(&all, cb).into_iter().cloned().collect();
            assert_eq!(matching(vault, &filter).unwrap().0, want, "{input:?}");
            assert_eq!(s.matching(&filter).unwrap(), want, "{input:?}");
            let page = s.page(&filter, 1, 3).unwrap();
            assert_eq!(page.total, want.len());
            let newest: Vec<Encounter> = want.iter().rev().skip(1).take(3).cloned().collect();
            assert_eq!(page.rows, newest, "{input:?}");
            found.push(want.len());
        }
        assert!(
            found.iter().all(|&n| n > 0),
            "every filter finds something: {found:?}"
        );
        let e = &some[25];
        assert_eq!(&find(vault, &e.id.to_string()[..8]).unwrap(), e);
        assert_eq!(&find(vault, &e.id.to_string()).unwrap(), e);
        assert_eq!(&s.find(&e.id.to_string()[..8]).unwrap(), e);
        assert_eq!(
            &s.timeline(e.family.as_str()).unwrap(),
            &all.iter()
                .filter(|x| x.family == e.family)
                .cloned()
                .collect::<Vec<_>>()
        );
        let hits: Vec<&Encounter> = all.iter().collect();
        assert_eq!(
            s.overview(&Filter::default()).unwrap(),
            caseload::overview(&hits, cb)
        );
        assert!(matches!(
            find(vault, &some[0].id.to_string()),
            Err(Error::NoSuchEncounter { .. })
        ));
        assert!(matches!(
            find(vault, "abc"),
            Err(Error::PrefixTooShort { .. })
        ));

        // The notes a search read stay in step with saves and deletes.
        let word = |w: &str| Filter {
            text: Some(w.into()),
            ..Filter::default()
        };
        let mut edited = some[26].clone();
        edited.note = Some("Afspraak bij de tandarts verzet".into());
        s.save(edited.clone(), &[], crate::today()).unwrap();
        assert_eq!(s.matching(&word("tandarts")).unwrap(), vec![edited.clone()]);
        s.delete(&edited.id).unwrap();
        assert!(s.matching(&word("tandarts")).unwrap().is_empty());
    }
}
