//! An unlocked vault and its caseload, with the use cases over them: what
//! the app keeps between commands and what a CLI command opens once.

use crate::error::{Error, Result};
use chrono::NaiveDate;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use uuid::Uuid;
use veerkracht_core::audit::{Action, Entry};
use veerkracht_core::caseload::{self, Caseload, FamilySummary, Filter, Overview, Page};
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

/// An open vault, its caseload decrypted once, and the pseudonyms handed
/// out but not yet saved.
pub struct Session {
    pub(crate) vault: Vault,
    pub(crate) caseload: Caseload,
    /// Records that could not be read at open (shown, never hidden).
    pub(crate) damaged: Vec<DamagedRecord>,
    /// Encounters purged when the session opened (past retention).
    purged: usize,
    /// Pseudonyms handed out this session but not saved yet: with the
    /// families in the caseload, the only codes a save accepts.
    pub(crate) issued: HashSet<FamilyCode>,
    /// The id of the encounter kept as a draft in the vault, if any: its
    /// save removes the draft.
    pub(crate) draft: Option<Uuid>,
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
        let (caseload, damaged) = vault.load_caseload()?;
        // A draft that cannot be read is a convenience lost, not a reason
        // to keep the vault shut: the next draft kept replaces it.
        let draft = vault.draft().ok().flatten().map(|d| d.encounter.id);
        let mut session = Session {
            vault,
            caseload,
            damaged,
            purged,
            issued: HashSet::new(),
            draft,
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

    pub fn damaged(&self) -> &[DamagedRecord] {
        &self.damaged
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
        let cb = Codebook::embedded();
        let (family, previous) = match family.map(str::trim).filter(|f| !f.is_empty()) {
            Some(code) => {
                let code = FamilyCode::parse(code)
                    .map_err(|p| Error::invalid("family", Rule::FamilyCode(p)))?;
                let prev = self
                    .caseload
                    .latest_for(&code)
                    .cloned()
                    .ok_or_else(|| Error::invalid("family", Rule::UnknownFamily))?;
                (code, Some(prev))
            }
            None => (self.new_family_code(), None),
        };
        Ok(caseload::start_encounter(
            cb,
            Uuid::now_v7(),
            family,
            today,
            previous.as_ref(),
        ))
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
        self.caseload.upsert(e);
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
        Ok(())
    }

    pub fn get(&self, id: &Uuid) -> Result<&Encounter> {
        self.caseload.get(id).ok_or(Error::NotFound)
    }

    /// One encounter by its full id or a unique prefix of at least
    /// [`MIN_PREFIX`] characters.
    pub fn find(&self, id_or_prefix: &str) -> Result<&Encounter> {
        let needle = id_or_prefix.trim().to_ascii_lowercase();
        if let Ok(full) = Uuid::parse_str(&needle) {
            return self.caseload.get(&full).ok_or(Error::NoSuchEncounter {
                id: id_or_prefix.trim().to_string(),
            });
        }
        if needle.chars().count() < MIN_PREFIX {
            return Err(Error::PrefixTooShort {
                given: id_or_prefix.trim().to_string(),
                min: MIN_PREFIX,
            });
        }
        let hits: Vec<&Encounter> = self
            .caseload
            .all()
            .iter()
            .filter(|e| e.id.to_string().starts_with(&needle))
            .collect();
        match hits.len() {
            1 => Ok(hits[0]),
            0 => Err(Error::NoSuchEncounter {
                id: id_or_prefix.trim().to_string(),
            }),
            count => Err(Error::AmbiguousPrefix {
                prefix: id_or_prefix.trim().to_string(),
                count,
            }),
        }
    }

    /// One page of the encounters that match, newest first.
    pub fn page(&self, filter: &Filter, offset: usize, limit: usize) -> Page<'_> {
        self.caseload
            .page(filter, Codebook::embedded(), offset, limit)
    }

    /// Every encounter that matches, oldest first (`(date, id)` order).
    pub fn matching(&self, filter: &Filter) -> Vec<&Encounter> {
        self.caseload.matching(filter, Codebook::embedded())
    }

    pub fn families(&self) -> Vec<FamilySummary> {
        caseload::families(self.caseload.all())
    }

    /// A family's encounters, oldest first.
    pub fn timeline(&self, family: &str) -> Result<Vec<&Encounter>> {
        let code = FamilyCode::parse(family.trim())
            .map_err(|p| Error::invalid("family", Rule::FamilyCode(p)))?;
        let list = self.caseload.timeline(&code);
        if list.is_empty() {
            return Err(Error::NotFound);
        }
        Ok(list)
    }

    pub fn overview(&self, filter: &Filter) -> Overview {
        self.caseload.overview(filter, Codebook::embedded())
    }

    /// Deletes encounters dated before `cutoff` and rewrites the vault so
    /// nothing of them remains. Returns how many went.
    pub fn purge_before(&mut self, cutoff: NaiveDate) -> Result<usize> {
        let n = self.vault.purge_before(cutoff)?;
        if n > 0 {
            let (caseload, damaged) = self.vault.load_caseload()?;
            self.caseload = caseload;
            self.damaged = damaged;
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
        for e in encounters {
            self.caseload.upsert(e);
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
