//! An index segment's plain text, and its entries read in place.
//!
//! Envelope 2 (written since 2026-12-02) is columnar: every field of every
//! entry side by side, fixed width where it can be, so that reading a
//! segment fills a few columns entry by entry, with no allocation per
//! entry, and checks every value on the way (a family in canonical form, a
//! date, rows strictly increasing and inside the plan).
//! Little-endian throughout:
//!
//! ```text
//! u8 2 | u32 n | n × 16 key | n × 16 id | n × 9 family (canonical ASCII)
//!      | n × i32 date (days from CE) | n × u8 demo (0 or 1)
//!      | n × u16 row count | Σ counts × u16 row (sorted per entry)
//!      | n × 16 member
//! ```
//!
//! Envelope 1 (`postcard` of `Vec<EntryV1>`) is still read: a vault made
//! before is converted at its first open (see `Vault::ensure_index`), and
//! any segment a change rewrites is written as envelope 2.

use super::index::EntryV1;
use chrono::NaiveDate;
use uuid::Uuid;
use veerkracht_core::brief::BriefRef;
use veerkracht_core::FamilyCode;
use veerkracht_signals::disclosure::Member;

pub(crate) const ENVELOPE_V1: u8 = 1;
pub(crate) const ENVELOPE_V2: u8 = 2;

/// A segment's entries, column by column.
#[derive(Debug, Default)]
pub(crate) struct Columns {
    keys: Vec<[u8; 16]>,
    ids: Vec<Uuid>,
    families: Vec<FamilyCode>,
    dates: Vec<NaiveDate>,
    demo: Vec<bool>,
    /// Entry `i`'s rows are `rows[ends[i - 1]..ends[i]]` (from 0 for the first).
    ends: Vec<u32>,
    rows: Vec<u16>,
    members: Vec<Member>,
}

impl Columns {
    pub(crate) fn len(&self) -> usize {
        self.ids.len()
    }

    /// The version byte of a segment's plain text.
    pub(crate) fn envelope(plain: &[u8]) -> Option<u8> {
        plain.first().copied()
    }

    /// Reads either envelope; `None` when the text is not a well-formed
    /// segment (the index is then rebuilt from the records).
    pub(crate) fn decode(plain: &[u8]) -> Option<Columns> {
        let (&version, body) = plain.split_first()?;
        let c = match version {
            ENVELOPE_V1 => Columns::from_entries(postcard::from_bytes(body).ok()?)?,
            ENVELOPE_V2 => Columns::decode_v2(body)?,
            _ => return None,
        };
        // Rows out of order or outside the plan would mislead the filters
        // (a binary search) and the overview (an index): refused, so the
        // index is rebuilt from the records. (Envelope 2 checked them.)
        (version == ENVELOPE_V2 || rows_in_plan(&c.ends, &c.rows)).then_some(c)
    }

    /// Reads envelope 2's body column by column (each column a slice cut
    /// to its exact length first, then converted in one pass), checking
    /// every value on the way and each entry's rows against the plan.
    fn decode_v2(body: &[u8]) -> Option<Columns> {
        let (n, body) = body.split_first_chunk::<4>()?;
        let n = u32::from_le_bytes(*n) as usize;
        // Every entry takes at least 64 bytes: a count larger than the text
        // can hold is damage, not a reason to allocate.
        if n > body.len() / 64 {
            return None;
        }
        let mut r = Reader(body);
        let keys = r.column::<16>(n)?.to_vec();
        let ids = r
            .column::<16>(n)?
            .iter()
            .map(|b| Uuid::from_bytes(*b))
            .collect();
        let families = r
            .column::<9>(n)?
            .iter()
            .map(|b| FamilyCode::from_canonical(*b))
            .collect::<Option<Vec<_>>>()?;
        let dates = r
            .column::<4>(n)?
            .iter()
            .map(|b| NaiveDate::from_num_days_from_ce_opt(i32::from_le_bytes(*b)))
            .collect::<Option<Vec<_>>>()?;
        let demo = r
            .column::<1>(n)?
            .iter()
            .map(|b| match b {
                [0] => Some(false),
                [1] => Some(true),
                _ => None,
            })
            .collect::<Option<Vec<_>>>()?;
        let mut end = 0u32;
        let mut ends = Vec::with_capacity(n);
        for count in r.column::<2>(n)? {
            end = end.checked_add(u16::from_le_bytes(*count) as u32)?;
            ends.push(end);
        }
        let rows: Vec<u16> = r
            .column::<2>(end as usize)?
            .iter()
            .map(|b| u16::from_le_bytes(*b))
            .collect();
        let members = r
            .column::<16>(n)?
            .iter()
            .map(|m| {
                (
                    m[..8].try_into().expect("8 bytes"),
                    m[8..].try_into().expect("8 bytes"),
                )
            })
            .collect();
        if !r.0.is_empty() || !rows_in_plan(&ends, &rows) {
            return None;
        }
        Some(Columns {
            keys,
            ids,
            families,
            dates,
            demo,
            ends,
            rows,
            members,
        })
    }

    fn from_entries(entries: Vec<EntryV1>) -> Option<Columns> {
        let mut c = Columns::default();
        for e in entries {
            c.push(e)?;
        }
        Some(c)
    }

    fn push(&mut self, e: EntryV1) -> Option<()> {
        let date = NaiveDate::from_num_days_from_ce_opt(e.date)?;
        let count = u16::try_from(e.rows.len()).ok()?;
        let end = self
            .ends
            .last()
            .copied()
            .unwrap_or(0)
            .checked_add(count as u32)?;
        self.keys.push(e.key);
        self.ids.push(Uuid::from_bytes(e.id));
        self.families.push(e.family);
        self.dates.push(date);
        self.demo.push(e.demo);
        self.ends.push(end);
        self.rows.extend(e.rows);
        self.members.push((
            e.member[..8].try_into().expect("8 bytes"),
            e.member[8..].try_into().expect("8 bytes"),
        ));
        Some(())
    }

    fn rows_of(&self, i: usize) -> &[u16] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.rows[start..self.ends[i] as usize]
    }

    /// Entry `i` as a brief, borrowed.
    pub(crate) fn view(&self, i: usize) -> BriefRef<'_> {
        BriefRef {
            id: self.ids[i],
            family: &self.families[i],
            date: self.dates[i],
            demo: self.demo[i],
            rows: self.rows_of(i),
        }
    }

    pub(crate) fn member(&self, i: usize) -> Member {
        self.members[i]
    }

    /// The entries, owned (a change rewrites a segment from these).
    pub(crate) fn into_entries(self) -> Vec<EntryV1> {
        use chrono::Datelike;
        (0..self.len())
            .map(|i| {
                let (a, b) = self.members[i];
                let mut member = [0u8; 16];
                member[..8].copy_from_slice(&a);
                member[8..].copy_from_slice(&b);
                EntryV1 {
                    key: self.keys[i],
                    id: *self.ids[i].as_bytes(),
                    family: self.families[i].clone(),
                    date: self.dates[i].num_days_from_ce(),
                    demo: self.demo[i],
                    rows: self.rows_of(i).to_vec(),
                    member,
                }
            })
            .collect()
    }
}

/// The plain text (envelope 2) of a segment holding `entries`. Each
/// entry's rows are fewer than 65,536: that holds for every entry the
/// vault makes ([`super::Vault::index_entry`]).
pub(crate) fn encode(entries: &[EntryV1]) -> Vec<u8> {
    let rows: usize = entries.iter().map(|e| e.rows.len()).sum();
    let mut out = Vec::with_capacity(5 + entries.len() * 64 + rows * 2);
    out.push(ENVELOPE_V2);
    out.extend((entries.len() as u32).to_le_bytes());
    for e in entries {
        out.extend(e.key);
    }
    for e in entries {
        out.extend(e.id);
    }
    for e in entries {
        out.extend(e.family.as_bytes());
    }
    for e in entries {
        out.extend(e.date.to_le_bytes());
    }
    for e in entries {
        out.push(e.demo as u8);
    }
    for e in entries {
        let count = u16::try_from(e.rows.len()).expect("fewer rows than the plan has");
        out.extend(count.to_le_bytes());
    }
    for e in entries {
        for r in &e.rows {
            out.extend(r.to_le_bytes());
        }
    }
    for e in entries {
        out.extend(e.member);
    }
    out
}

/// Takes fixed-size pieces off the front of a byte string.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    /// The next `n` pieces of `N` bytes, or `None` when the text is shorter.
    fn column<const N: usize>(&mut self, n: usize) -> Option<&'a [[u8; N]]> {
        let (head, rest) = self.0.split_at_checked(n.checked_mul(N)?)?;
        self.0 = rest;
        let (pieces, left) = head.as_chunks::<N>();
        debug_assert!(left.is_empty());
        Some(pieces)
    }
}

/// Whether every entry's rows (entry `i`: `rows[ends[i - 1]..ends[i]]`)
/// are strictly increasing and inside the embedded codebook's plan.
fn rows_in_plan(ends: &[u32], rows: &[u16]) -> bool {
    let plan_rows = veerkracht_core::caseload::rows().len();
    if rows.iter().any(|&r| r as usize >= plan_rows) {
        return false;
    }
    let mut start = 0usize;
    for &end in ends {
        let Some(entry) = rows.get(start..end as usize) else {
            return false;
        };
        if !entry.windows(2).all(|w| w[0] < w[1]) {
            return false;
        }
        start = end as usize;
    }
    start == rows.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(n: u8, rows: Vec<u16>) -> EntryV1 {
        EntryV1 {
            key: [n; 16],
            id: [n.wrapping_add(1); 16],
            family: FamilyCode::parse("7K3M-9QZD").unwrap(),
            date: 739_000 + n as i32,
            demo: n.is_multiple_of(2),
            rows,
            member: [n.wrapping_add(2); 16],
        }
    }

    fn v1(entries: &[EntryV1]) -> Vec<u8> {
        let mut out = vec![ENVELOPE_V1];
        out.extend(postcard::to_allocvec(entries).unwrap());
        out
    }

    #[test]
    fn both_envelopes_read_back_the_same_entries() {
        let entries = vec![
            entry(1, vec![3, 70, 400]),
            entry(2, vec![]),
            entry(3, vec![5]),
        ];
        let new = Columns::decode(&encode(&entries)).unwrap();
        let old = Columns::decode(&v1(&entries)).unwrap();
        assert_eq!(new.view(0).rows, &[3, 70, 400]);
        assert_eq!(new.view(1).rows, &[] as &[u16]);
        assert_eq!(new.view(2).family.as_str(), "7K3M-9QZD");
        assert_eq!(new.member(2), ([5; 8], [5; 8]));
        for i in 0..3 {
            assert_eq!(new.view(i), old.view(i));
        }
        assert_eq!(new.into_entries(), entries);
        assert_eq!(old.into_entries(), entries);
    }

    #[test]
    fn an_empty_segment_reads_as_empty() {
        assert_eq!(Columns::decode(&encode(&[])).unwrap().len(), 0);
    }

    #[test]
    fn damaged_text_is_refused_not_misread() {
        let good = encode(&[entry(1, vec![3, 70]), entry(2, vec![8])]);
        // Every truncation, and one byte too many.
        for cut in 0..good.len() {
            assert!(Columns::decode(&good[..cut]).is_none(), "cut at {cut}");
        }
        let mut long = good.clone();
        long.push(0);
        assert!(Columns::decode(&long).is_none());
        // A family that is not canonical, a demo byte that is not 0 or 1,
        // an unknown envelope, a count no text could hold.
        let family_at = 1 + 4 + 2 * 32;
        let mut bad = good.clone();
        bad[family_at] = b'i';
        assert!(Columns::decode(&bad).is_none());
        let demo_at = family_at + 2 * 9 + 2 * 4;
        let mut bad = good.clone();
        bad[demo_at] = 2;
        assert!(Columns::decode(&bad).is_none());
        let mut bad = good.clone();
        bad[0] = 3;
        assert!(Columns::decode(&bad).is_none());
        let mut bad = good;
        bad[1..5].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(Columns::decode(&bad).is_none());
        // Rows out of order, repeated, or outside the plan.
        let plan = veerkracht_core::caseload::rows().len() as u16;
        for rows in [vec![70, 3], vec![3, 3], vec![3, plan]] {
            assert!(
                Columns::decode(&encode(&[entry(1, rows.clone())])).is_none(),
                "{rows:?}"
            );
            assert!(
                Columns::decode(&v1(&[entry(1, rows.clone())])).is_none(),
                "{rows:?}"
            );
        }
    }
}
