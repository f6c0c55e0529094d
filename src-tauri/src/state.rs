//! What the app holds while it runs: where the vault is, the open session
//! (from the service layer) when unlocked, and the preferences.
//! Managed once in `setup`; tests build it on a temporary folder.

use crate::error::IpcError;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime};
use veerkracht_core::Lang;
use veerkracht_store::Preferences;
use veerkracht_usecases::Session;

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
    /// The system's print dialog for the window, installed in `setup`.
    printer: Mutex<Option<Printer>>,
    /// The worker's last input the UI reported (`keep_alive`), or the
    /// unlock: the backend's own auto-lock counts from here. Wall-clock
    /// time, so that time spent suspended counts as idle (a monotonic
    /// clock stops during suspend on Linux and macOS).
    last_activity: Mutex<SystemTime>,
    /// Why the backend closed the last session by itself, for the unlock
    /// screen to say (cleared by an unlock and by a lock the worker asked).
    locked_by: Mutex<Option<LockCause>>,
    /// The exports being worked out: given up by the export screen's stop
    /// button, when it is left, and by every lock.
    stops: veerkracht_usecases::export::Stops,
}

/// Why the backend locked without being asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockCause {
    /// Idle for longer than the auto-lock delay ([`AppState::lock_if_idle`]).
    Idle,
    /// The computer went to sleep or its screen was locked
    /// ([`AppState::lock_now`], `system_lock`).
    System,
}

/// The backend locks this long after the UI's own auto-lock would have
/// (the UI reports activity at most every 15 seconds and checks every two):
/// it only acts when the web view did not, for instance when its timers
/// were throttled or it stopped answering.
pub const BACKEND_LOCK_GRACE: Duration = Duration::from_secs(30);

/// Opens the system's print dialog for the main window.
pub type Printer = Box<dyn Fn() -> Result<(), String> + Send + Sync>;

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
            printer: Mutex::new(None),
            last_activity: Mutex::new(SystemTime::now()),
            locked_by: Mutex::new(None),
            stops: Default::default(),
        })
    }

    pub fn lang(&self) -> Lang {
        self.preferences().language.unwrap_or(self.system_lang)
    }

    pub fn preferences(&self) -> Preferences {
        lock(&self.preferences).clone()
    }

    /// Checks and saves new preferences (the service layer's one rule set).
    pub fn set_preferences(&self, p: Preferences) -> Result<(), IpcError> {
        let saved = veerkracht_usecases::preferences::set(&self.vault_dir, p)
            .map_err(|e| IpcError::from_usecase(e, self.lang()))?;
        *lock(&self.preferences) = saved;
        Ok(())
    }

    pub fn set_folder_picker(&self, picker: FolderPicker) {
        *lock(&self.folder_picker) = Some(picker);
    }

    pub fn set_printer(&self, printer: Printer) {
        *lock(&self.printer) = Some(printer);
    }

    /// The print dialog; without a window (tests) there is nothing to print.
    pub fn print(&self) -> Result<(), String> {
        match lock(&self.printer).as_ref() {
            Some(print) => print(),
            None => Ok(()),
        }
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
        // First the count, then the session: the auto-lock thread must
        // never see a new session with the last one's idle time.
        self.touch(SystemTime::now());
        *lock(&self.locked_by) = None;
        *lock(&self.session) = Some(session);
    }

    /// The worker did something (reported by the UI).
    pub fn touch(&self, now: SystemTime) {
        *lock(&self.last_activity) = now;
    }

    /// The backend's auto-lock: when the session has been idle longer than
    /// the auto-lock setting plus [`BACKEND_LOCK_GRACE`], it is closed as
    /// a lock does (the draft the UI last sealed stays sealed; an automatic
    /// backup is made). Returns whether it locked. Called every few seconds
    /// by a thread of the app, and with any `now` by tests. The idle time
    /// is read while holding the session, so a command in progress (which
    /// holds it) and the activity reported meanwhile come first. A clock
    /// set back counts as activity.
    pub fn lock_if_idle(&self, now: SystemTime) -> bool {
        let p = self.preferences();
        let limit = Duration::from_secs(u64::from(p.auto_lock_minutes) * 60) + BACKEND_LOCK_GRACE;
        // An export's last try holds the session for its whole audit: it
        // is given up first, so that the lock does not wait for it.
        let idle = |last: SystemTime| now.duration_since(last).unwrap_or(Duration::ZERO) > limit;
        if idle(*lock(&self.last_activity)) {
            self.stops.stop_all();
        }
        let mut guard = lock(&self.session);
        if guard.is_none() {
            return false;
        }
        if !idle(*lock(&self.last_activity)) {
            return false;
        }
        let session = guard.take().expect("checked above");
        *lock(&self.locked_by) = Some(LockCause::Idle);
        drop(guard);
        self.stops.stop_all();
        // The session is gone either way; a failed backup is retried at
        // the next lock.
        let _ = session.lock_with_draft(p.backups_keep as usize, None);
        true
    }

    /// Locks at once, as the backend's auto-lock does (the draft the UI
    /// last sealed stays sealed; an automatic backup is made): the system
    /// is about to sleep or its screen was locked (`system_lock`). Returns
    /// whether a session was open.
    pub fn lock_now(&self) -> bool {
        let keep = self.preferences().backups_keep as usize;
        // First, as for every lock: an export holding the session for its
        // audit (its last try) gives it up, and the lock does not wait.
        self.stops.stop_all();
        let mut guard = lock(&self.session);
        let Some(session) = guard.take() else {
            return false;
        };
        *lock(&self.locked_by) = Some(LockCause::System);
        drop(guard);
        // And after: one that began in between.
        self.stops.stop_all();
        let _ = session.lock_with_draft(keep, None);
        true
    }

    /// Why the backend last locked by itself, if it did since the unlock.
    pub fn locked_by(&self) -> Option<LockCause> {
        *lock(&self.locked_by)
    }

    /// Drops the session: the vault closes (releasing its OS lock) and the
    /// key and every decrypted record leave memory.
    pub fn close_session(&self) {
        self.stops.stop_all();
        *lock(&self.locked_by) = None;
        *lock(&self.session) = None;
        self.stops.stop_all();
    }

    /// Closes the session: the unsaved encounter (if any) is sealed into
    /// the vault, then an automatic backup is made (kept: the newest N).
    /// The session is gone either way; a failure is reported.
    pub fn close_session_with_backup(
        &self,
        draft: Option<&veerkracht_core::follow::Draft>,
    ) -> Result<(), veerkracht_usecases::Error> {
        let keep = self.preferences().backups_keep as usize;
        // First: an export holding the session for its audit (its last
        // try) gives it up, and the lock does not wait for it.
        self.stops.stop_all();
        *lock(&self.locked_by) = None;
        let session = lock(&self.session).take();
        // And after: one that began in between.
        self.stops.stop_all();
        match session {
            Some(session) => session.lock_with_draft(keep, draft),
            None => Ok(()),
        }
    }

    /// Saves the language the user chose, alone.
    pub fn set_language(&self, language: Lang) -> Result<(), IpcError> {
        let saved = veerkracht_usecases::preferences::set_language(&self.vault_dir, language)
            .map_err(|e| IpcError::from_usecase(e, self.lang()))?;
        *lock(&self.preferences) = saved;
        Ok(())
    }

    /// Runs `f` on the open session, or fails with `Locked`.
    pub fn with_session<T>(
        &self,
        f: impl FnOnce(&mut Session, Lang) -> Result<T, veerkracht_usecases::Error>,
    ) -> Result<T, IpcError> {
        let lang = self.lang();
        let mut guard = lock(&self.session);
        match guard.as_mut() {
            Some(session) => f(session, lang).map_err(|e| IpcError::from_usecase(e, lang)),
            None => Err(IpcError::from_usecase(
                veerkracht_usecases::Error::Locked,
                lang,
            )),
        }
    }
}

/// The session lent to an export for a moment at a time: its audit runs
/// between, with the session free for other commands.
impl veerkracht_usecases::export::Lend for AppState {
    fn lend<T>(
        &self,
        f: impl FnOnce(&Session) -> Result<T, veerkracht_usecases::Error>,
    ) -> Result<T, veerkracht_usecases::Error> {
        match lock(&self.session).as_ref() {
            Some(session) => f(session),
            None => Err(veerkracht_usecases::Error::Locked),
        }
    }
}

impl AppState {
    /// The stop of an export whose command just arrived (see
    /// [`AppState::stop_exports`]).
    pub fn begin_export(&self) -> std::sync::Arc<std::sync::atomic::AtomicBool> {
        self.stops.begin()
    }

    /// Gives up every export being worked out (the export screen's stop
    /// button, or that screen left): each ends "stopped", having written
    /// and recorded nothing.
    pub fn stop_exports(&self) {
        self.stops.stop_all();
    }
}

/// A poisoned lock means a command panicked mid-way; the data behind it is
/// still consistent (every mutation is a single assignment), so carry on.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}
