//! An unlocked vault and its caseload, with the use cases over them: what
//! the app keeps between commands and what a CLI command opens once.
//!
//! The caseload is the vault's index (one brief per encounter: id, family,
//! date, codes), read at unlock without decrypting a record. Lists, filters,
//! counts and the overview come from it; a record is decrypted when a
//! screen shows it (a page of the list, a family's timeline, one encounter)
//! and dropped again, so memory holds what is on screen, not the vault;
//! only a text search makes the session read every note, and keep them
//! (in step with saves and deletes) until the lock.

use crate::error::{Error, Result};
use chrono::NaiveDate;
use std::cell::RefCell;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use uuid::Uuid;
use veerkracht_core::audit::{Action, Entry};
use veerkracht_core::brief::Brief;
use veerkracht_core::caseload::{self, Caseload, FamilySummary, Filter, Overview};
use veerkracht_core::scan::{self, Finding};
use veerkracht_core::{validate, Codebook, Encounter, FamilyCode, Rule};
use veerkracht_store::{DamagedRecord, KdfParams, Vault};

/// The shortest id prefix `show` accepts.
pub const MIN_PREFIX: usize = 4;

/// What a save did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    pub id: Uuid,
    /// A new encounter (not an edit).
    pub created: bool,
}

/// One page of the encounters a filter finds, newest first.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// How many match in all (the page may hold fewer).
    pub total: usize,
    pub rows: Vec<Encounter>,
}

/// An open vault, its caseload (briefs from the index), and the pseudonyms
/// handed out but not yet saved.
pub struct Session {
    pub(crate) vault: Vault,
    pub(crate) caseload: Caseload,
    /// Records found damaged when read (shown, never hidden): a record is
    /// read when a screen shows it, so this grows as they are met.
    pub(crate) damaged: RefCell<Vec<DamagedRecord>>,
    /// Every note, read at the session's first text search and kept up to
    /// date by saves and deletes (dropped, and wiped, at the lock): a
    /// search must not decrypt the vault at every keystroke.
    notes: RefCell<Option<std::collections::HashMap<Uuid, String>>>,
    /// Encounters purged when the session opened (past retention).
    purged: usize,
    /// Pseudonyms handed out this session but not saved yet: with the
    /// families in the caseload, the only codes a save accepts.
    pub(crate) issued: HashSet<FamilyCode>,
    /// The id of the encounter kept as a draft in the vault, if any: its
    /// save removes the draft.
    pub(crate) draft: Option<Uuid>,
    /// The package worked out by the last preview, for the export that
    /// follows it (see [`crate::export::Previewed`]).
    pub(crate) previewed: RefCell<Option<crate::export::Worked>>,
    /// Distinct for every session of the process: a package worked out in
    /// one is never written by another (the vault may have been restored
    /// in between).
    pub(crate) id: u64,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the caseload.
        f.debug_struct("Session")
            .field("vault", &self.vault)
            .finish_non_exhaustive()
    }
}

/// The first day records are kept from, for a retention in months.
pub fn retention_cutoff(months: u32, today: NaiveDate) -> NaiveDate {
    today
        .checked_sub_months(chrono::Months::new(months))
        .unwrap_or(NaiveDate::MIN)
}

/// Opens the vault without reading its records (for commands that do not
/// need the caseload: import, backup, passphrase, audit, purge).
pub fn open_vault(dir: &Path, passphrase: &str) -> Result<Vault> {
    Ok(Vault::open(dir, passphrase)?)
}

impl Session {
    /// Creates a new vault in `dir` and opens it.
    pub fn create(dir: &Path, passphrase: &str) -> Result<Session> {
        let vault = Vault::create(dir, passphrase, KdfParams::default())?;
        Session::from_vault(vault, None)
    }

    /// Opens the vault in `dir`. With a retention (the app), what passed it
    /// is purged first: that is the rule at every unlock.
    pub fn open(
        dir: &Path,
        passphrase: &str,
        retention: Option<(u32, NaiveDate)>,
    ) -> Result<Session> {
        Session::from_vault(Vault::open(dir, passphrase)?, retention)
    }

    /// A session over an already opened vault.
    pub fn from_vault(mut vault: Vault, retention: Option<(u32, NaiveDate)>) -> Result<Session> {
        let purged = match retention {
            Some((months, today)) => vault.purge_before(retention_cutoff(months, today))?,
            None => 0,
        };
        let caseload = vault.caseload()?;
        let vault_unindexed = vault.unindexed();
        // A draft that cannot be read is a convenience lost, not a reason
        // to keep the vault shut: the next draft kept replaces it.
        let draft = vault.draft().ok().flatten().map(|d| d.encounter.id);
        let mut session = Session {
            vault,
            caseload,
            damaged: RefCell::new(vault_unindexed),
            notes: RefCell::new(None),
            purged,
            issued: HashSet::new(),
            draft,
            previewed: RefCell::new(None),
            id: {
                static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
                NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            },
        };
        if purged > 0 {
            session.prune_follow_ups()?;
        }
        Ok(session)
    }

    pub fn vault(&self) -> &Vault {
        &self.vault
    }

    pub fn caseload(&self) -> &Caseload {
        &self.caseload
    }

    /// The records found damaged so far.
    pub fn damaged(&self) -> Vec<DamagedRecord> {
        self.damaged.borrow().clone()
    }

    /// The records of these ids, in `(date, id)` order; those that cannot
    /// be read are remembered as damaged and left out.
    pub(crate) fn read(&self, ids: &[Uuid]) -> Result<Vec<Encounter>> {
        let (mut found, damaged) = self.vault.get_many(ids)?;
        for d in damaged {
            self.remember(d);
        }
        found.sort_unstable_by_key(Encounter::sort_key);
        Ok(found)
    }

    /// Keeps a damaged record met while reading, once.
    fn remember(&self, d: DamagedRecord) {
        let mut known = self.damaged.borrow_mut();
        if !known.iter().any(|k| k.key == d.key) {
            known.push(d);
        }
    }

    /// The records of these briefs, in their order.
    fn read_briefs(&self, briefs: &[&Brief]) -> Result<Vec<Encounter>> {
        let ids: Vec<Uuid> = briefs.iter().map(|b| b.id).collect();
        self.read(&ids)
    }

    /// One record, or what is wrong with it.
    fn read_one(&self, id: &Uuid) -> Result<Encounter> {
        match self.vault.get(id) {
            Ok(Some(e)) => Ok(e),
            Ok(None) => Err(Error::NotFound),
            Err(e) => {
                if let veerkracht_store::Error::DamagedRecord { key, reason, .. } = &e {
                    self.remember(DamagedRecord {
                        key: key.clone(),
                        reason: *reason,
                    });
                }
                Err(e.into())
            }
        }
    }

    pub fn purged_at_open(&self) -> usize {
        self.purged
    }

    /// A fresh random pseudonym that no family in the caseload has.
    fn new_family_code(&mut self) -> FamilyCode {
        let mut rng = rand::rngs::OsRng;
        loop {
            let code = FamilyCode::generate(&mut rng);
            if !self.caseload.has_family(&code) && self.issued.insert(code.clone()) {
                return code;
            }
        }
    }

    fn knows_family(&self, code: &FamilyCode) -> bool {
        self.issued.contains(code) || self.caseload.has_family(code)
    }

    /// A new, unsaved encounter dated `today`: for an existing family it
    /// starts from the family's latest situation; without one, a fresh
    /// pseudonym.
    pub fn start_encounter(&mut self, family: Option<&str>, today: NaiveDate) -> Result<Encounter> {
        Ok(self.start_from(family, today)?.0)
    }

    /// A new encounter and the family's latest readable encounter it
    /// started from (a damaged one is passed over, as before it was read).
    pub(crate) fn start_from(
        &mut self,
        family: Option<&str>,
        today: NaiveDate,
    ) -> Result<(Encounter, Option<Encounter>)> {
        let cb = Codebook::embedded();
        let (family, previous) = match family.map(str::trim).filter(|f| !f.is_empty()) {
            Some(code) => {
                let code = FamilyCode::parse(code)
                    .map_err(|p| Error::invalid("family", Rule::FamilyCode(p)))?;
                if !self.caseload.has_family(&code) {
                    return Err(Error::invalid("family", Rule::UnknownFamily));
                }
                let previous = self.latest_readable(&code)?;
                (code, previous)
            }
            None => (self.new_family_code(), None),
        };
        let e = caseload::start_encounter(cb, Uuid::now_v7(), family, today, previous.as_ref());
        Ok((e, previous))
    }

    /// The family's latest encounter that can be read, newest first.
    fn latest_readable(&self, family: &FamilyCode) -> Result<Option<Encounter>> {
        let ids: Vec<Uuid> = self
            .caseload
            .timeline(family)
            .iter()
            .rev()
            .map(|b| b.id)
            .collect();
        for id in ids {
            match self.read_one(&id) {
                Ok(e) => return Ok(Some(e)),
                Err(Error::Store(veerkracht_store::Error::DamagedRecord { .. })) => continue,
                Err(Error::NotFound) => continue,
                Err(e) => return Err(e),
            }
        }
        Ok(None)
    }

    /// Validates and saves; returns once the encounter is durable. The note
    /// is scanned here, whatever the caller did before: every finding must
    /// be in `confirmed` (the worker said it identifies nobody), or the save
    /// is refused with [`Error::Identifiers`]. Each confirmation is audited
    /// by its kind, never its text, in the same durable step as the record.
    pub fn save(&mut self, e: Encounter, confirmed: &[Finding], today: NaiveDate) -> Result<Saved> {
        let cb = Codebook::embedded();
        validate(&e, cb, today).map_err(Error::Invalid)?;
        if !self.knows_family(&e.family) {
            return Err(Error::invalid("family", Rule::UnknownFamily));
        }
        let findings = e.note.as_deref().map(scan::scan).unwrap_or_default();
        let open: Vec<Finding> = findings
            .iter()
            .filter(|f| {
                !confirmed
                    .iter()
                    .any(|c| c.kind == f.kind && c.text == f.text)
            })
            .cloned()
            .collect();
        if !open.is_empty() {
            return Err(Error::Identifiers(open));
        }
        let audit: Vec<(Action, u64, String)> = findings
            .iter()
            .map(|f| (Action::ConfirmedNotIdentifying, 1, f.kind.id().to_string()))
            .collect();
        let created = self.vault.save_with_audit(&e, &audit)?;
        let id = e.id;
        self.issued.remove(&e.family);
        self.caseload.upsert(&e);
        self.note_changed(e.id, e.note.as_deref());
        if self.draft == Some(id) {
            // The draft is now a saved encounter.
            self.vault.clear_draft()?;
            self.draft = None;
        }
        Ok(Saved { id, created })
    }

    /// Deletes one encounter; durable on return.
    pub fn delete(&mut self, id: &Uuid) -> Result<()> {
        if !self.vault.delete(id)? {
            return Err(Error::NotFound);
        }
        self.caseload.remove(id);
        self.note_changed(*id, None);
        Ok(())
    }

    pub fn get(&self, id: &Uuid) -> Result<Encounter> {
        if self.caseload.get(id).is_none() {
            return Err(Error::NotFound);
        }
        self.read_one(id)
    }

    /// One encounter by its full id or a unique prefix of at least
    /// [`MIN_PREFIX`] characters.
    pub fn find(&self, id_or_prefix: &str) -> Result<Encounter> {
        let given = id_or_prefix.trim().to_string();
        let needle = given.to_ascii_lowercase();
        let missing = || Error::NoSuchEncounter { id: given.clone() };
        if let Ok(full) = Uuid::parse_str(&needle) {
            return match self.get(&full) {
                Err(Error::NotFound) => Err(missing()),
                other => other,
            };
        }
        if needle.chars().count() < MIN_PREFIX {
            return Err(Error::PrefixTooShort {
                given,
                min: MIN_PREFIX,
            });
        }
        let hits: Vec<Uuid> = self
            .caseload
            .all()
            .iter()
            .map(|b| b.id)
            .filter(|id| id.to_string().starts_with(&needle))
            .collect();
        match hits.len() {
            1 => self.read_one(&hits[0]),
            0 => Err(missing()),
            count => Err(Error::AmbiguousPrefix {
                prefix: given,
                count,
            }),
        }
    }

    /// The briefs of the encounters that match, oldest first. A text is
    /// looked for in the notes, read once at the first search.
    fn hits(&self, filter: &Filter) -> Result<Vec<&Brief>> {
        let candidates = self.caseload.candidates(filter);
        if !filter.has_text() {
            return Ok(candidates);
        }
        if self.notes.borrow().is_none() {
            let (notes, damaged) = self.vault.notes()?;
            for d in damaged {
                self.remember(d);
            }
            *self.notes.borrow_mut() = Some(notes.into_iter().collect());
        }
        let notes = self.notes.borrow();
        let notes = notes.as_ref().expect("read above");
        let text = filter.text_match();
        Ok(candidates
            .into_iter()
            .filter(|b| text.matches(&b.family, notes.get(&b.id).map(String::as_str)))
            .collect())
    }

    /// Keeps the notes read for searching in step with a save or delete.
    pub(crate) fn note_changed(&self, id: Uuid, note: Option<&str>) {
        if let Some(notes) = self.notes.borrow_mut().as_mut() {
            match note {
                Some(n) => notes.insert(id, n.to_string()),
                None => notes.remove(&id),
            };
        }
    }

    /// One page of the encounters that match, newest first: only the
    /// page's records are read.
    pub fn page(&self, filter: &Filter, offset: usize, limit: usize) -> Result<Page> {
        let hits = self.hits(filter)?;
        let shown: Vec<&Brief> = hits
            .iter()
            .rev()
            .skip(offset)
            .take(limit)
            .copied()
            .collect();
        let mut rows = self.read_briefs(&shown)?;
        rows.reverse();
        Ok(Page {
            total: hits.len(),
            rows,
        })
    }

    /// Every encounter that matches, oldest first (`(date, id)` order).
    pub fn matching(&self, filter: &Filter) -> Result<Vec<Encounter>> {
        let hits = self.hits(filter)?;
        self.read_briefs(&hits)
    }

    /// Every family's summary, most recently seen first, from the briefs
    /// (see [`crate::lookup::summaries`]).
    pub fn families(&self) -> Result<Vec<FamilySummary>> {
        let all = self.caseload.all();
        let run = all
            .len()
            .div_ceil(veerkracht_core::rows::threads())
            .max(4096);
        crate::lookup::summaries(
            all.chunks(run).map(|c| c.iter().map(Brief::view)).collect(),
            self.caseload.plan(),
            |ids| self.read(ids),
        )
    }

    /// A family's encounters, oldest first.
    pub fn timeline(&self, family: &str) -> Result<Vec<Encounter>> {
        let code = FamilyCode::parse(family.trim())
            .map_err(|p| Error::invalid("family", Rule::FamilyCode(p)))?;
        let list = self.caseload.timeline(&code);
        let read = self.read_briefs(&list)?;
        if read.is_empty() {
            // No encounter, or none that can be read (counted as damaged).
            return Err(Error::NotFound);
        }
        Ok(read)
    }

    pub fn overview(&self, filter: &Filter) -> Result<Overview> {
        let hits = self.hits(filter)?;
        Ok(self.caseload.overview(&hits, Codebook::embedded()))
    }

    /// Deletes encounters dated before `cutoff` and rewrites the vault so
    /// nothing of them remains. Returns how many went.
    pub fn purge_before(&mut self, cutoff: NaiveDate) -> Result<usize> {
        let n = self.vault.purge_before(cutoff)?;
        if n > 0 {
            self.caseload = self.vault.caseload()?;
            *self.notes.borrow_mut() = None;
            self.prune_follow_ups()?;
        }
        Ok(n)
    }

    /// Purges what passed the retention period.
    pub fn purge_expired(&mut self, retention_months: u32, today: NaiveDate) -> Result<usize> {
        self.purge_before(retention_cutoff(retention_months, today))
    }

    /// Writes an encrypted backup file named after the moment into `folder`.
    pub fn backup_into(&self, folder: &Path) -> Result<PathBuf> {
        let name = format!(
            "veerkracht-{}.vkbackup",
            chrono::Local::now().format("%Y%m%d-%H%M%S")
        );
        let path = folder.join(name);
        backup(&self.vault, &path)?;
        Ok(path)
    }

    /// The audit log, oldest first: what happened and when, never content.
    pub fn audit_log(&self) -> Result<Vec<Entry>> {
        Ok(self.vault.audit_log()?)
    }

    /// Adds encounters made elsewhere (the demo caseload), all or nothing.
    pub fn add(&mut self, encounters: Vec<Encounter>) -> Result<usize> {
        let report = self.vault.import(&encounters, false)?;
        for e in &encounters {
            self.caseload.upsert(e);
            self.note_changed(e.id, e.note.as_deref());
        }
        Ok(report.inserted + report.replaced)
    }

    /// Closes the session after an automatic backup (keeping the newest
    /// `keep`); the key and every decrypted record leave memory either way.
    pub fn lock(self, keep: usize) -> Result<()> {
        let backed_up = self.vault.backup_rotating(keep);
        drop(self);
        backed_up.map(|_| ()).map_err(Error::from)
    }
}

/// Writes an encrypted backup of the vault to `path`; never overwrites a
/// file that is already there. Returns its size.
pub fn backup(vault: &Vault, path: &Path) -> Result<u64> {
    if path.exists() {
        return Err(Error::WriteFile {
            path: path.to_path_buf(),
            source: std::io::Error::from(std::io::ErrorKind::AlreadyExists),
        });
    }
    Ok(vault.backup(path)?)
}

/// Changes the passphrase of an open vault.
pub fn change_passphrase(vault: &mut Vault, new_passphrase: &str) -> Result<()> {
    Ok(vault.change_passphrase(new_passphrase, KdfParams::default())?)
}
