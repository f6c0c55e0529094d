//! What lists, filters, overviews and exports need of an encounter, and no
//! more: its id, family, date, demo mark and codes as rows (see [`Rows`]).
//! The store keeps one [`Brief`] per encounter in a compact index, so that
//! opening a vault, finding a family or counting a year never has to
//! decrypt notes and answers; the full record is read only when a screen
//! or command shows it.

use crate::encounter::Encounter;
use crate::rows::Rows;
use crate::FamilyCode;
use chrono::NaiveDate;
use uuid::Uuid;

/// An encounter as the index keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Brief {
    pub id: Uuid,
    pub family: FamilyCode,
    pub date: NaiveDate,
    pub demo: bool,
    /// Its rows in the embedded codebook's plan, sorted.
    pub rows: Box<[u16]>,
}

impl Brief {
    pub fn of(e: &Encounter, plan: &Rows) -> Brief {
        Brief {
            id: e.id,
            family: e.family.clone(),
            date: e.date,
            demo: e.demo,
            rows: plan.encode(e),
        }
    }

    pub fn sort_key(&self) -> (NaiveDate, Uuid) {
        (self.date, self.id)
    }

    /// The brief as a borrowed view (what filters take).
    pub fn view(&self) -> BriefRef<'_> {
        BriefRef {
            id: self.id,
            family: &self.family,
            date: self.date,
            demo: self.demo,
            rows: &self.rows,
        }
    }
}

/// A brief borrowed from wherever it is held: a [`Brief`], or a segment of
/// the store's index as it is decoded, so that a filter can drop most of a
/// million entries before anything of them is copied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BriefRef<'a> {
    pub id: Uuid,
    pub family: &'a FamilyCode,
    pub date: NaiveDate,
    pub demo: bool,
    /// Sorted, as in [`Brief::rows`].
    pub rows: &'a [u16],
}

impl BriefRef<'_> {
    pub fn sort_key(&self) -> (NaiveDate, Uuid) {
        (self.date, self.id)
    }

    /// An owned copy.
    pub fn to_brief(&self) -> Brief {
        Brief {
            id: self.id,
            family: self.family.clone(),
            date: self.date,
            demo: self.demo,
            rows: self.rows.into(),
        }
    }
}

/// Sorts `items` by date, then id, as `key` gives them: what lists,
/// exports and the caseload keep. A million entries of a year or two fall
/// into a few hundred days: they are placed day by day in one pass (a
/// counting sort) and only each day's few thousand are compared by id,
/// several times faster than comparing `(date, id)` pairs throughout.
/// Dates spread wider than there are items are sorted the plain way.
pub fn sort_by_date_and_id<T>(items: &mut [T], key: impl Fn(&T) -> (NaiveDate, Uuid)) {
    use chrono::Datelike;
    let n = items.len();
    let day = |t: &T| key(t).0.num_days_from_ce();
    let Some((lo, hi)) = items
        .iter()
        .map(day)
        .fold(None, |b: Option<(i32, i32)>, d| {
            Some(b.map_or((d, d), |(lo, hi)| (lo.min(d), hi.max(d))))
        })
    else {
        return;
    };
    let span = (hi - lo) as usize + 1;
    if n < 1024 || span > n {
        items.sort_unstable_by_key(key);
        return;
    }
    let mut start = vec![0usize; span + 1];
    for t in items.iter() {
        start[(day(t) - lo) as usize + 1] += 1;
    }
    for i in 0..span {
        start[i + 1] += start[i];
    }
    // In place (an American flag sort): each swap puts one item into its
    // day for good, at most n swaps; no second list of the items, which at
    // a million briefs held 48 MB more at the app's unlock.
    let mut next = start.clone();
    for d in 0..span {
        while next[d] < start[d + 1] {
            let to = (day(&items[next[d]]) - lo) as usize;
            if to == d {
                next[d] += 1;
            } else {
                items.swap(next[d], next[to]);
                next[to] += 1;
            }
        }
    }
    // (A uuid's order is its 128-bit big-endian integer's: one integer
    // comparison instead of comparing 16 bytes.)
    for day in start.windows(2) {
        items[day[0]..day[1]].sort_unstable_by_key(|t| key(t).1.as_u128());
    }
}

/// The items of `parts` in one list sorted as [`sort_by_date_and_id`]
/// sorts. Each part is moved into the list and dropped before the next,
/// then the list is sorted in place: the list's pages are used only as it
/// fills and the parts' are freed as they empty, so with an allocator that
/// hands freed memory back the items are not resident twice.
pub fn join_by_date_and_id<T>(parts: Vec<Vec<T>>, key: impl Fn(&T) -> (NaiveDate, Uuid)) -> Vec<T> {
    let n: usize = parts.iter().map(Vec::len).sum();
    let mut all = Vec::with_capacity(n);
    for part in parts {
        all.extend(part);
    }
    sort_by_date_and_id(&mut all, key);
    all
}

/// What counting needs of an encounter, full or brief: the aggregate of a
/// signal package reads these four and the rows, nothing else.
pub trait Counted {
    fn id(&self) -> Uuid;
    fn family(&self) -> &FamilyCode;
    fn date(&self) -> NaiveDate;
    fn demo(&self) -> bool;
    fn sort_key(&self) -> (NaiveDate, Uuid) {
        (self.date(), self.id())
    }
}

/// Both shapes carry the four fields under the same names.
macro_rules! counted {
    ($($t:ty),*) => {$(
        impl Counted for $t {
            fn id(&self) -> Uuid {
                self.id
            }
            fn family(&self) -> &FamilyCode {
                &self.family
            }
            fn date(&self) -> NaiveDate {
                self.date
            }
            fn demo(&self) -> bool {
                self.demo
            }
        }
    )*};
}

counted!(Encounter, Brief);

impl Counted for BriefRef<'_> {
    fn id(&self) -> Uuid {
        self.id
    }
    fn family(&self) -> &FamilyCode {
        self.family
    }
    fn date(&self) -> NaiveDate {
        self.date
    }
    fn demo(&self) -> bool {
        self.demo
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The day-by-day sort gives exactly the plain sort's order: dates
    /// dense and sparse, many on a day, the small-input path too.
    #[test]
    fn sorting_by_date_and_id_matches_the_plain_sort() {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for (n, days) in [
            (0, 1),
            (5, 3),
            (3000, 1),
            (5000, 400),
            (20_000, 730),
            // Empty days between full ones on the in-place path, and its
            // edges (1,024 items; as many days as items).
            (3000, 2900),
            (1024, 1024),
            (1024, 2),
            (2000, 100_000),
        ] {
            let base = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
            let mut items: Vec<(NaiveDate, Uuid, usize)> = (0..n)
                .map(|i| {
                    let d = base + chrono::Days::new(next() % days);
                    (d, Uuid::from_u128(u128::from(next() % 1000)), i)
                })
                .collect();
            let mut expected = items.clone();
            expected.sort_by_key(|t| (t.0, t.1, t.2));
            let parts: Vec<Vec<_>> = items.chunks(700).map(<[_]>::to_vec).collect();
            let mut joined = join_by_date_and_id(parts, |t| (t.0, t.1));
            sort_by_date_and_id(&mut items, |t| (t.0, t.1));
            let keys: Vec<_> = items.iter().map(|t| (t.0, t.1)).collect();
            let joined_keys: Vec<_> = joined.iter().map(|t| (t.0, t.1)).collect();
            assert_eq!(joined_keys, keys, "joined: {n} items over {days} days");
            joined.sort_by_key(|t| (t.0, t.1, t.2));
            assert_eq!(joined, expected, "joined: {n} items over {days} days");
            assert!(keys.is_sorted(), "{n} items over {days} days");
            // The same items (equal keys may come in any order).
            items.sort_by_key(|t| (t.0, t.1, t.2));
            assert_eq!(items, expected, "{n} items over {days} days");
        }
    }
}
