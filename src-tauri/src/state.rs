//! What the app holds while it runs: where the vault is, the open session
//! (vault + in-memory caseload) when unlocked, and the preferences.
//! Managed once in `setup`; tests build it on a temporary folder.

use crate::error::IpcError;
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;
use veerkracht_core::caseload::Caseload;
use veerkracht_core::{FamilyCode, Lang};
use veerkracht_store::{Preferences, Vault};

/// An unlocked vault and its caseload, decrypted once at unlock.
pub struct Session {
    pub vault: Vault,
    pub caseload: Caseload,
    /// Records that could not be read at unlock (shown, never hidden).
    pub damaged: usize,
    /// Encounters purged when the session opened (past retention).
    pub purged: usize,
    /// Pseudonyms handed out this session but not saved yet: with the
    /// families in the caseload, the only codes a save accepts.
    pub issued: HashSet<FamilyCode>,
}

impl Session {
    /// A fresh random pseudonym that no family in the caseload has.
    pub fn new_family_code(&mut self) -> FamilyCode {
        let mut rng = rand::rngs::OsRng;
        loop {
            let code = FamilyCode::generate(&mut rng);
            if self.caseload.latest_for(&code).is_none() && self.issued.insert(code.clone()) {
                return code;
            }
        }
    }

    pub fn knows_family(&self, code: &FamilyCode) -> bool {
        self.issued.contains(code) || self.caseload.latest_for(code).is_some()
    }
}

pub struct AppState {
    pub vault_dir: PathBuf,
    /// The language when the user has not chosen one (from the system locale).
    pub system_lang: Lang,
    /// When the process started, for the start-up figure.
    pub started: Instant,
    session: Mutex<Option<Session>>,
    preferences: Mutex<Preferences>,
    /// The system's folder dialog, installed in `setup` (absent in tests).
    folder_picker: Mutex<Option<FolderPicker>>,
}

/// The system's file dialog: a title and whether a folder (true) or a file
/// (false) is wanted.
pub type FolderPicker = Box<dyn Fn(&str, bool) -> Option<PathBuf> + Send + Sync>;

pub type Shared = Arc<AppState>;

impl AppState {
    pub fn new(vault_dir: PathBuf, system_lang: Lang) -> Shared {
        let preferences = Preferences::load(&vault_dir);
        Arc::new(AppState {
            vault_dir,
            system_lang,
            started: Instant::now(),
            session: Mutex::new(None),
            preferences: Mutex::new(preferences),
            folder_picker: Mutex::new(None),
        })
    }

    pub fn lang(&self) -> Lang {
        self.preferences().language.unwrap_or(self.system_lang)
    }

    pub fn preferences(&self) -> Preferences {
        lock(&self.preferences).clone()
    }

    pub fn set_preferences(&self, p: Preferences) -> Result<(), IpcError> {
        p.save(&self.vault_dir)
            .map_err(|e| IpcError::from_store(e, self.lang()))?;
        *lock(&self.preferences) = p;
        Ok(())
    }

    pub fn set_folder_picker(&self, picker: FolderPicker) {
        *lock(&self.folder_picker) = Some(picker);
    }

    pub fn pick_folder(&self, title: &str) -> Option<PathBuf> {
        lock(&self.folder_picker)
            .as_ref()
            .and_then(|pick| pick(title, true))
    }

    pub fn pick_file(&self, title: &str) -> Option<PathBuf> {
        lock(&self.folder_picker)
            .as_ref()
            .and_then(|pick| pick(title, false))
    }

    pub fn is_unlocked(&self) -> bool {
        lock(&self.session).is_some()
    }

    pub fn open_session(&self, session: Session) {
        *lock(&self.session) = Some(session);
    }

    /// Drops the session: the vault closes (releasing its OS lock) and the
    /// key and every decrypted record leave memory.
    pub fn close_session(&self) {
        *lock(&self.session) = None;
    }

    /// Closes the session after an automatic backup (kept: the newest N).
    pub fn close_session_with_backup(&self) -> Result<(), veerkracht_store::Error> {
        let keep = self.preferences().backups_keep as usize;
        let mut guard = lock(&self.session);
        let result = match guard.as_ref() {
            Some(s) => s.vault.backup_rotating(keep).map(|_| ()),
            None => Ok(()),
        };
        *guard = None;
        result
    }

    /// Runs `f` on the open session, or fails with `Locked`.
    pub fn with_session<T>(
        &self,
        f: impl FnOnce(&mut Session, Lang) -> Result<T, IpcError>,
    ) -> Result<T, IpcError> {
        let lang = self.lang();
        let mut guard = lock(&self.session);
        match guard.as_mut() {
            Some(session) => f(session, lang),
            None => Err(IpcError::locked(lang)),
        }
    }
}

/// A poisoned lock means a command panicked mid-way; the data behind it is
/// still consistent (every mutation is a single assignment), so carry on.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}
