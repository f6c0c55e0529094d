//! The release ledger: what each signal package released, so that later
//! packages can never let subtraction reveal a cell an earlier one
//! suppressed.

use super::database::{META_SOURCE, TREE_LEDGER, TREE_META};
use super::{transaction_error, Vault};
use crate::crypto;
use crate::error::{Error, IoOp, RecordDamage, RecordKind};
use crate::record;
use sled::Transactional;
use uuid::Uuid;
use veerkracht_core::Encounter;
use veerkracht_signals::disclosure::Release;

/// What a row of the embedded plan stands for: dimension, code, qualifier.
fn meaning(plan: &veerkracht_core::rows::Rows, r: u16) -> [&str; 3] {
    let dim = plan.dims()[plan.dim_of(r)].id.as_str();
    match plan.code_of(r) {
        Some((code, qualifier)) => [dim, code, qualifier],
        // A value outside the codebook: its dimension's one hidden row.
        None => [dim, "\u{1}", ""],
    }
}

/// Every row of the embedded plan with the bytes of what it stands for
/// (each part followed by a 0), and its rank among those meanings sorted:
/// made once, so that hashing an encounter sorts integers, not strings
/// (the sort compared strings at every import line).
struct Meanings {
    bytes: Vec<Vec<u8>>,
    rank: Vec<u32>,
}

fn meanings() -> &'static Meanings {
    static MEANINGS: std::sync::OnceLock<Meanings> = std::sync::OnceLock::new();
    MEANINGS.get_or_init(|| {
        let plan = veerkracht_core::caseload::rows();
        let n = u16::try_from(plan.len()).expect("rows are u16");
        let all: Vec<[&str; 3]> = (0..n).map(|r| meaning(&plan, r)).collect();
        let mut order: Vec<usize> = (0..all.len()).collect();
        order.sort_by_key(|&r| all[r]);
        let mut rank = vec![0u32; all.len()];
        for (at, &r) in order.iter().enumerate() {
            rank[r] = at as u32;
        }
        let bytes = all
            .iter()
            .map(|parts| {
                let mut b = Vec::new();
                for part in parts {
                    b.extend_from_slice(part.as_bytes());
                    b.push(0);
                }
                b
            })
            .collect();
        Meanings { bytes, rank }
    })
}

/// Appends what `rows` stand for, sorted by meaning, each part followed by
/// a 0: the member hash's view of an encounter's rows (see
/// [`Vault::member`]).
fn meanings_in_order(rows: &[u16], out: &mut Vec<u8>) {
    let m = meanings();
    if rows.iter().all(|&r| usize::from(r) < m.rank.len()) {
        let mut sorted = rows.to_vec();
        sorted.sort_unstable_by_key(|&r| m.rank[usize::from(r)]);
        for r in sorted {
            out.extend_from_slice(&m.bytes[usize::from(r)]);
        }
    } else {
        meanings_in_order_by_text(rows, out);
    }
}

/// [`meanings_in_order`] comparing the meanings' text (rows outside the
/// plan; and the reference the ranks are checked against).
fn meanings_in_order_by_text(rows: &[u16], out: &mut Vec<u8>) {
    let plan = veerkracht_core::caseload::rows();
    let mut meant: Vec<[&str; 3]> = rows.iter().map(|&r| meaning(&plan, r)).collect();
    meant.sort_unstable();
    for parts in meant {
        for part in parts {
            out.extend_from_slice(part.as_bytes());
            out.push(0);
        }
    }
}

fn aad(key: &[u8]) -> Vec<u8> {
    super::sealing::bound(TREE_LEDGER, key)
}

/// What the ledger is keyed by: a keyed hash of the package id. Until
/// schema 3 it was the package id itself, which linked a seized vault to
/// the packages it had published; nothing reads the id back.
fn ledger_key(index_key: &crypto::Secret, package: &[u8]) -> [u8; 16] {
    let mut input = Vec::with_capacity(48);
    input.extend_from_slice(b"veerkracht/ledger/v1\0");
    input.extend_from_slice(package);
    let h = crypto::keyed_hash(index_key, &input);
    h[..16].try_into().expect("16 bytes")
}

impl Vault {
    /// The vault's source id: random, made once, identifying nothing but
    /// this vault among the packages a researcher merges.
    pub fn source_id(&self) -> Result<Uuid, Error> {
        let db = self.db()?;
        let damaged = |reason| Error::DamagedRecord {
            kind: RecordKind::SourceId,
            key: hex::encode(META_SOURCE),
            reason,
        };
        let aad = super::sealing::bound(TREE_META, META_SOURCE);
        if let Some(sealed) = db
            .meta()
            .get(META_SOURCE)
            .map_err(Error::sled(IoOp::ReadDatabase))?
        {
            let plain = crypto::open(self.data_key(), &sealed, &aad)
                .ok_or_else(|| damaged(RecordDamage::Undecryptable))?;
            return Uuid::from_slice(&plain).map_err(|_| damaged(RecordDamage::Undecodable));
        }
        let id = Uuid::new_v4();
        db.meta()
            .insert(
                META_SOURCE,
                crypto::seal(self.data_key(), id.as_bytes(), &aad),
            )
            .map_err(Error::sled(IoOp::WriteDatabase))?;
        self.make_durable()?;
        Ok(id)
    }

    /// An encounter as a release remembers it: keyed hashes of what the
    /// counts read of it (id, date, demo flag and what its rows stand for:
    /// not its note, not answers no cell counts) and of its family, 8 bytes
    /// each. A re-export's gate counts families whose counted content
    /// changed: with the whole record hashed (before 2026-12-05), five
    /// edited notes and one family's move passed as six families changed
    /// (an outsider's test). Rows are hashed by what they stand for
    /// (dimension, code, qualifier), sorted, not by their numbers in the
    /// plan: a codebook that adds a code numbers the rows after it anew,
    /// and every family would look changed (found by review).
    pub fn member(&self, e: &Encounter) -> ([u8; 8], [u8; 8]) {
        use chrono::Datelike;
        let rows = veerkracht_core::caseload::rows().encode(e);
        self.member_of(
            e.id.as_bytes(),
            e.date.num_days_from_ce(),
            e.demo,
            &rows,
            &e.family,
        )
    }

    /// [`Vault::member`] from an index entry's fields (`date` in days
    /// from CE, `rows` the embedded plan's rows).
    pub(crate) fn member_of(
        &self,
        id: &[u8; 16],
        date: i32,
        demo: bool,
        rows: &[u16],
        family: &veerkracht_core::FamilyCode,
    ) -> ([u8; 8], [u8; 8]) {
        let mut input = Vec::with_capacity(48 + 40 * rows.len());
        input.extend_from_slice(b"veerkracht/member/v3\0");
        input.extend_from_slice(id);
        input.extend_from_slice(&date.to_le_bytes());
        input.push(demo as u8);
        meanings_in_order(rows, &mut input);
        let a = crypto::keyed_hash(self.index_key(), &input);
        let mut fam = Vec::with_capacity(32);
        fam.extend_from_slice(b"veerkracht/member-family/v1\0");
        fam.extend_from_slice(family.as_str().as_bytes());
        let b = crypto::keyed_hash(self.index_key(), &fam);
        (
            a[..8].try_into().expect("8 bytes"),
            b[..8].try_into().expect("8 bytes"),
        )
    }

    /// What [`Vault::member`] was before 2026-12-05: the whole record
    /// hashed. Only to carry releases of that time over (see
    /// [`Vault::upgrade_release_members`]).
    fn member_v1(&self, e: &Encounter) -> [u8; 8] {
        let content = record::encode(e);
        let mut input = Vec::with_capacity(content.len() + 32);
        input.extend_from_slice(b"veerkracht/member/v1\0");
        input.extend_from_slice(&content);
        crypto::keyed_hash(self.index_key(), &input)[..8]
            .try_into()
            .expect("8 bytes")
    }

    /// Remembers what a package released, with its audit entry in the same
    /// transaction. Durable on return.
    pub fn record_release(&self, package: &Uuid, release: &Release) -> Result<(), Error> {
        let db = self.db()?;
        let key = ledger_key(self.index_key(), package.as_bytes());
        let sealed = crypto::seal(
            self.data_key(),
            &record::encode_release(release),
            &aad(&key),
        );
        let (audit_key, entry) = self.audit_entry(
            veerkracht_core::audit::Action::Exported,
            1,
            &release.period.to_string(),
        );
        (db.ledger(), db.audit())
            .transaction(|(ledger, audit)| {
                ledger.insert(&key[..], sealed.clone())?;
                audit.insert(&audit_key[..], entry.clone())?;
                Ok(())
            })
            .map_err(transaction_error(IoOp::WriteDatabase))?;
        self.make_durable()
    }

    /// Every release recorded in this vault.
    pub fn releases(&self) -> Result<Vec<Release>, Error> {
        let mut out = Vec::new();
        for item in self.db()?.ledger().iter() {
            let (key, sealed) = item.map_err(Error::sled(IoOp::ReadDatabase))?;
            let damaged = |reason| Error::DamagedRecord {
                kind: RecordKind::LedgerEntry,
                key: hex::encode(&key),
                reason,
            };
            let plain = crypto::open(self.data_key(), &sealed, &aad(&key))
                .ok_or_else(|| damaged(RecordDamage::Undecryptable))?;
            let mut stored = record::decode_release(&plain).map_err(damaged)?;
            if stored.old_members {
                // Not carried over yet (see `upgrade_release_members`):
                // compared with today's members, every encounter would look
                // changed. Without members, a re-export is judged by its
                // counts alone, which never takes a small change for a big
                // one.
                stored.release.members.clear();
            }
            out.push(stored.release);
        }
        Ok(out)
    }

    /// Releases written before 2026-12-05 remember encounters by a hash of
    /// the whole record (see [`Vault::member`]). Carried over at the first
    /// open: when every encounter a release counted is still there
    /// unchanged, each gets its hash of today. When one was edited or
    /// deleted since, nobody can tell whether what it counted changed (a
    /// note, or a move): the release keeps no members and a re-export is
    /// judged by its counts, which never take a small change for a big one
    /// (keeping the old hash would count every note edited since as a
    /// family changed; found by review). One transaction, then a mark in
    /// `meta`, so later opens read no record. Every record is decrypted
    /// once, and only where such a release exists. Schema 3 → 4: the
    /// schema number is written last (an older build then refuses the
    /// vault instead of failing on a release it cannot read); the caller
    /// makes it durable.
    pub(super) fn upgrade_release_members(&self) -> Result<(), Error> {
        let db = self.db()?;
        let read = || Error::sled(IoOp::ReadDatabase);
        let mut old = Vec::new();
        for item in db.ledger().iter() {
            let (key, sealed) = item.map_err(read())?;
            let Some(plain) = crypto::open(self.data_key(), &sealed, &aad(&key)) else {
                continue;
            };
            if let Ok(stored) = record::decode_release(&plain) {
                if stored.old_members {
                    old.push((key, stored.release));
                }
            }
        }
        if !old.is_empty() {
            let (pairs, _damaged) = self.load_raw(|_, e| (self.member_v1(&e), self.member(&e)))?;
            let today: std::collections::HashMap<[u8; 8], [u8; 8]> =
                pairs.into_iter().map(|(v1, (a, _))| (v1, a)).collect();
            let sealed: Vec<(sled::IVec, Vec<u8>)> = old
                .into_iter()
                .map(|(key, mut release)| {
                    let mapped: Option<Vec<_>> = release
                        .members
                        .iter()
                        .map(|m| today.get(&m.0).map(|a| (*a, m.1)))
                        .collect();
                    release.members = mapped.unwrap_or_default();
                    let plain = record::encode_release(&release);
                    let value = crypto::seal(self.data_key(), &plain, &aad(&key));
                    (key, value)
                })
                .collect();
            db.ledger()
                .transaction(|ledger| {
                    for (key, value) in &sealed {
                        ledger.insert(key, value.clone())?;
                    }
                    Ok(())
                })
                .map_err(transaction_error(IoOp::WriteDatabase))?;
        }
        db.meta()
            .insert(super::database::META_SCHEMA, &4u32.to_be_bytes())
            .map_err(Error::sled(IoOp::WriteDatabase))?;
        Ok(())
    }
}

impl Vault {
    /// Schema 2 → 3: every ledger entry moves from the package id in clear
    /// to [`ledger_key`] of it, sealed again for its new key, with the new
    /// schema number in the same transaction (a cut before it is durable
    /// leaves schema 2, migrated again at the next open). An entry that
    /// does not open moves as it is: it was damaged before and stays so,
    /// but no longer names its package. When entries moved, the old keys
    /// are still in sled's log: the same transaction marks a rewrite
    /// pending, and the caller rewrites (returns true).
    pub(super) fn migrate_ledger_keys(&self) -> Result<bool, Error> {
        let db = self.db()?;
        let mut moves = Vec::new();
        for item in db.ledger().iter() {
            let (old, sealed) = item.map_err(Error::sled(IoOp::ReadDatabase))?;
            let new = ledger_key(self.index_key(), &old);
            let value = match crypto::open(self.data_key(), &sealed, &aad(&old)) {
                Some(plain) => crypto::seal(self.data_key(), &plain, &aad(&new)),
                None => sealed.to_vec(),
            };
            moves.push((old, new, value));
        }
        (db.ledger(), db.meta())
            .transaction(|(ledger, meta)| {
                for (old, new, value) in &moves {
                    ledger.remove(old.as_ref())?;
                    ledger.insert(&new[..], value.clone())?;
                }
                meta.insert(super::database::META_SCHEMA, &3u32.to_be_bytes())?;
                if !moves.is_empty() {
                    meta.insert(super::database::META_REWRITE_PENDING, &[1u8][..])?;
                }
                Ok(())
            })
            .map_err(transaction_error(IoOp::WriteDatabase))?;
        self.make_durable()?;
        Ok(!moves.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::KdfParams;
    use veerkracht_core::Answer;
    use veerkracht_signals::disclosure::Status;

    /// The member hash lists an encounter's meanings sorted by their text;
    /// ranking the plan's rows once gives the same bytes (every row of the
    /// plan, in reverse, and the rows of demo encounters).
    #[test]
    fn ranked_meanings_are_the_meanings_sorted_by_text() {
        let plan = veerkracht_core::caseload::rows();
        let n = u16::try_from(plan.len()).unwrap();
        let mut cases: Vec<Vec<u16>> = vec![(0..n).rev().collect(), vec![]];
        for e in crate::vault::demo_encounters(300, 3, 11, 400) {
            let mut rows = plan.encode(&e).into_vec();
            rows.reverse();
            cases.push(rows);
        }
        for rows in &cases {
            let (mut ranked, mut by_text) = (Vec::new(), Vec::new());
            meanings_in_order(rows, &mut ranked);
            meanings_in_order_by_text(rows, &mut by_text);
            assert_eq!(ranked, by_text, "rows {rows:?}");
        }
    }

    /// What a re-export's gate compares: an edited note is no change to
    /// what is counted, a moved family is.
    #[test]
    fn a_member_changes_with_what_is_counted_not_with_the_note() {
        let tmp = tempfile::tempdir().unwrap();
        let vault = Vault::create(
            &tmp.path().join("vault"),
            "een notitie telt niet mee",
            KdfParams::insecure_for_tests(),
        )
        .unwrap();
        let e = crate::vault::demo_encounters(1, 1, 5, 400).remove(0);
        let mut noted = e.clone();
        noted.note = Some("Appointment moved to next week.".into());
        assert_eq!(vault.member(&noted), vault.member(&e));
        let mut moved = e.clone();
        let other = if e.answers.get("municipality") == Some(&Answer::Single("ganshoren".into())) {
            "jette"
        } else {
            "ganshoren"
        };
        moved
            .answers
            .insert("municipality".into(), Answer::Single(other.into()));
        assert_ne!(vault.member(&moved).0, vault.member(&e).0);
        assert_eq!(vault.member(&moved).1, vault.member(&e).1);
        let mut later = e.clone();
        later.date = e.date.succ_opt().unwrap();
        assert_ne!(vault.member(&later).0, vault.member(&e).0);
    }

    /// Releases of an older build (members hashing the whole record) are
    /// carried over at the next open: one whose encounters are all
    /// unchanged gets today's members; one holding an encounter edited
    /// since keeps none (judged by counts). Until then, none either.
    #[test]
    fn releases_of_an_older_build_are_carried_over_at_open() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("vault");
        let pass = "een oude uitgave wordt overgezet";
        let vault = Vault::create(&dir, pass, KdfParams::insecure_for_tests()).unwrap();
        let all = crate::vault::demo_encounters(12, 3, 7, 400);
        for e in &all {
            vault.save(e).unwrap();
        }
        let old_members: Vec<([u8; 8], [u8; 8])> = all
            .iter()
            .map(|e| (vault.member_v1(e), vault.member(e).1))
            .collect();
        let release = |period: &str, members: &[([u8; 8], [u8; 8])]| Release {
            period: period.parse().unwrap(),
            cells: [("s|total|all|".to_string(), (Status::Published, 4, 12))]
                .into_iter()
                .collect(),
            format: 2,
            created: "2026-10-01T10:00:00Z".into(),
            members: members.to_vec(),
        };
        // As an older build wrote them: envelope 2, no mark. The first
        // counted encounter 0, edited below; the second did not.
        let db = vault.db().unwrap();
        // And one of this morning's builds (envelope 3, rows hashed by
        // number): compares with nothing, carried over as none.
        let today: Vec<_> = all.iter().map(|e| vault.member(e)).collect();
        for (r, envelope) in [
            (release("2026-Q3", &old_members), record::ENVELOPE_V2),
            (release("2026-Q4", &old_members[1..]), record::ENVELOPE_V2),
            (release("2026-Q2", &today), 3),
        ] {
            let mut plain = record::encode_release(&r);
            plain[0] = envelope;
            let key = ledger_key(vault.index_key(), uuid::Uuid::new_v4().as_bytes());
            db.ledger()
                .insert(key, crypto::seal(vault.data_key(), &plain, &aad(&key)))
                .unwrap();
        }
        assert!(vault
            .releases()
            .unwrap()
            .iter()
            .all(|r| r.members.is_empty()));
        db.meta()
            .insert(super::super::database::META_SCHEMA, &3u32.to_be_bytes())
            .unwrap();
        let mut edited = all[0].clone();
        edited.note = Some("Appointment moved to next week.".into());
        vault.save(&edited).unwrap();
        vault.close().unwrap();

        let vault = Vault::open(&dir, pass).unwrap();
        let mut got = vault.releases().unwrap();
        got.sort_by_key(|r| r.period);
        assert_eq!(got[0].members, vec![], "envelope 3: counts only");
        assert_eq!(got[1].members, vec![], "edited since: counts only");
        assert_eq!(got[2].members, today[1..].to_vec());
        assert_eq!(
            vault
                .db()
                .unwrap()
                .meta()
                .get(super::super::database::META_SCHEMA)
                .unwrap()
                .as_deref(),
            Some(&4u32.to_be_bytes()[..])
        );
    }
}
