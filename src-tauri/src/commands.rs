//! The commands the UI may call. Each is an adapter of a few lines: DTO in,
//! one call into the service layer (`veerkracht-usecases`), DTO out. Work
//! that touches the disk runs on the blocking pool so the window never
//! freezes during an fsync.

use crate::dto::*;
use crate::error::{ErrorKind, IpcError};
use crate::state::{AppState, Shared};
use tauri::State;
use veerkracht_core::caseload::Filter;
use veerkracht_core::{Codebook, Lang};
use veerkracht_usecases::{export, packages, recovery, today, ExportRequest, Session};

type Res<T> = Result<T, IpcError>;

/// Runs `f` on the blocking pool with the app state.
async fn blocking<T: Send + 'static>(
    state: &Shared,
    f: impl FnOnce(&AppState) -> Res<T> + Send + 'static,
) -> Res<T> {
    let state = state.clone();
    tauri::async_runtime::spawn_blocking(move || f(&state))
        .await
        .map_err(|e| IpcError::new(ErrorKind::Internal, e.to_string()))?
}

/// A service-layer result as the UI receives it.
fn ipc<T>(lang: Lang, r: Result<T, veerkracht_usecases::Error>) -> Res<T> {
    r.map_err(|e| IpcError::from_usecase(e, lang))
}

/// Opens a session with the retention rule applied (what passed it is
/// purged first, at every unlock).
fn open(
    s: &AppState,
    open: impl FnOnce() -> Result<Session, veerkracht_usecases::Error>,
) -> Res<AppStatusDto> {
    let session = ipc(s.lang(), open())?;
    s.open_session(session);
    Ok(AppStatusDto::of(s))
}

fn retention(s: &AppState) -> Option<(u32, chrono::NaiveDate)> {
    Some((s.preferences().retention_months, today()))
}

/// What the app knows before anything is unlocked.
#[tauri::command]
#[specta::specta]
pub async fn app_status(state: State<'_, Shared>) -> Res<AppStatusDto> {
    Ok(AppStatusDto::of(&state))
}

/// Creates the vault on first start and unlocks it.
#[tauri::command]
#[specta::specta]
pub async fn create_vault(state: State<'_, Shared>, passphrase: String) -> Res<AppStatusDto> {
    blocking(&state, move |s| {
        open(s, || Session::create(&s.vault_dir, &passphrase))
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn unlock_vault(state: State<'_, Shared>, passphrase: String) -> Res<AppStatusDto> {
    blocking(&state, move |s| {
        s.close_session();
        open(s, || Session::open(&s.vault_dir, &passphrase, retention(s)))
    })
    .await
}

/// Seals the unsaved encounter (if any) into the vault, makes an automatic
/// backup, then drops the key and every decrypted record from memory. A
/// failure does not keep the vault open.
#[tauri::command]
#[specta::specta]
pub async fn lock_vault(state: State<'_, Shared>, draft: Option<DraftDto>) -> Res<AppStatusDto> {
    blocking(&state, move |s| {
        let lang = s.lang();
        // A draft that does not convert is reported; the lock goes ahead.
        let (draft, bad) = match draft.map(|d| d.into_domain(Codebook::embedded(), today())) {
            Some(Ok(d)) => (Some(d), None),
            Some(Err(errors)) => (None, Some(veerkracht_usecases::Error::Invalid(errors))),
            None => (None, None),
        };
        let locked = s.close_session_with_backup(draft.as_ref());
        ipc(lang, locked)?;
        if let Some(e) = bad {
            return ipc(lang, Err(e));
        }
        Ok(AppStatusDto::of(s))
    })
    .await
}

/// Seals the encounter being typed into the vault, in place of any kept
/// before (the form does this a few seconds after each change).
#[tauri::command]
#[specta::specta]
pub async fn keep_draft(state: State<'_, Shared>, draft: DraftDto) -> Res<()> {
    blocking(&state, move |st| {
        st.with_session(|s, _| {
            let d = draft
                .into_domain(Codebook::embedded(), today())
                .map_err(veerkracht_usecases::Error::Invalid)?;
            s.keep_draft(&d)
        })
    })
    .await
}

/// After unlocking: the encounter kept at the last lock, if any.
#[tauri::command]
#[specta::specta]
pub async fn saved_draft(state: State<'_, Shared>) -> Res<Option<DraftDto>> {
    state.with_session(|s, _| Ok(s.saved_draft()?.as_ref().map(DraftDto::from_domain)))
}

/// Throws the kept draft away.
#[tauri::command]
#[specta::specta]
pub async fn discard_draft(state: State<'_, Shared>) -> Res<()> {
    blocking(&state, |st| st.with_session(|s, _| s.discard_draft())).await
}

/// Purges encounters past the retention period (the app calls this
/// periodically while unlocked). Returns how many went.
#[tauri::command]
#[specta::specta]
pub async fn purge_expired(state: State<'_, Shared>) -> Res<u32> {
    blocking(&state, |st| {
        let months = st.preferences().retention_months;
        st.with_session(|s, _| s.purge_expired(months, today()).map(|n| n as u32))
    })
    .await
}

/// Writes an encrypted backup file into `folder`; returns its path.
#[tauri::command]
#[specta::specta]
pub async fn backup_vault(state: State<'_, Shared>, folder: String) -> Res<String> {
    blocking(&state, move |st| {
        st.with_session(|s, _| {
            s.backup_into(std::path::Path::new(folder.trim()))
                .map(|p| p.display().to_string())
        })
    })
    .await
}

/// When the vault cannot be opened: moves what is there aside (never
/// deleted) and restores the newest automatic backup, then unlocks it.
#[tauri::command]
#[specta::specta]
pub async fn restore_latest_backup(
    state: State<'_, Shared>,
    passphrase: String,
) -> Res<AppStatusDto> {
    blocking(&state, move |s| {
        s.close_session();
        open(s, || {
            let vault = recovery::restore_latest_backup(&s.vault_dir, &passphrase)?;
            Session::from_vault(vault, retention(s))
        })
    })
    .await
}

/// First start on a new computer: restores a backup file as this
/// installation's vault (only where there is no vault yet) and unlocks it.
#[tauri::command]
#[specta::specta]
pub async fn restore_backup(
    state: State<'_, Shared>,
    file: String,
    passphrase: String,
) -> Res<AppStatusDto> {
    blocking(&state, move |s| {
        open(s, || {
            let file = std::path::Path::new(file.trim());
            let vault = recovery::restore_backup(file, &s.vault_dir, &passphrase)?;
            Session::from_vault(vault, retention(s))
        })
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn passphrase_strength(state: State<'_, Shared>, passphrase: String) -> Res<StrengthDto> {
    Ok(StrengthDto::of(&passphrase, state.lang()))
}

/// The codebook with the limits the form enforces (so the UI never keeps
/// its own copy of a rule).
#[tauri::command]
#[specta::specta]
pub async fn get_codebook() -> Res<CodebookDto> {
    Ok(Codebook::embedded().into())
}

fn filter(f: &FilterDto, lang: Lang) -> Res<Filter> {
    ipc(
        lang,
        Filter::parse(f.input(), Codebook::embedded()).map_err(veerkracht_usecases::Error::Invalid),
    )
}

/// Encounters that match the filter, newest first, one page at a time.
#[tauri::command]
#[specta::specta]
pub async fn list_encounters(state: State<'_, Shared>, filter: FilterDto) -> Res<EncounterPageDto> {
    let f = self::filter(&filter, state.lang())?;
    let (offset, limit) = (filter.offset.unwrap_or(0), filter.limit.unwrap_or(200));
    blocking(&state, move |st| {
        st.with_session(|s, _| {
            Ok(EncounterPageDto::of(&s.page(
                &f,
                offset as usize,
                limit as usize,
            )?))
        })
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn get_encounter(state: State<'_, Shared>, id: String) -> Res<EncounterDto> {
    let id = parse_id(&id, state.lang())?;
    blocking(&state, move |st| {
        st.with_session(|s, _| s.get(&id).map(|e| EncounterDto::from_domain(&e)))
    })
    .await
}

/// A new, unsaved encounter dated today: for an existing family it starts
/// from the family's latest situation and its open needs (and says which
/// dimensions it took); without one, a fresh pseudonym.
#[tauri::command]
#[specta::specta]
pub async fn start_encounter(state: State<'_, Shared>, family: Option<String>) -> Res<StartedDto> {
    state.with_session(|s, _| s.start(family.as_deref(), today()).map(StartedDto::from))
}

/// What the identifier scanner finds in a text (the same scan as on save).
#[tauri::command]
#[specta::specta]
pub async fn scan_note(text: String) -> Res<Vec<FindingDto>> {
    Ok(veerkracht_core::scan::scan(&text)
        .iter()
        .map(Into::into)
        .collect())
}

/// Validates and saves; returns only once the encounter and its audit
/// entries are durable. Every scanner finding must be in `confirmed`, or
/// the save is refused with kind `identifiers`.
#[tauri::command]
#[specta::specta]
pub async fn save_encounter(
    state: State<'_, Shared>,
    encounter: EncounterDto,
    confirmed: Vec<FindingDto>,
) -> Res<SavedDto> {
    blocking(&state, move |st| {
        st.with_session(|s, _| {
            let e = encounter
                .into_domain(Codebook::embedded())
                .map_err(veerkracht_usecases::Error::Invalid)?;
            let confirmed: Vec<_> = confirmed.into_iter().map(FindingDto::into_domain).collect();
            s.save(e, &confirmed, today()).map(SavedDto::from)
        })
        .map_err(|e| e.not_saved(st.lang()))
    })
    .await
}

/// The audit log, newest first: what happened and when, never content.
#[tauri::command]
#[specta::specta]
pub async fn list_audit(state: State<'_, Shared>) -> Res<Vec<AuditEntryDto>> {
    state.with_session(|s, _| {
        let log = s.audit_log()?;
        Ok(log.iter().rev().map(AuditEntryDto::from).collect())
    })
}

fn parse_id(id: &str, lang: Lang) -> Res<uuid::Uuid> {
    ipc(
        lang,
        uuid::Uuid::parse_str(id.trim()).map_err(|_| {
            veerkracht_usecases::Error::invalid(
                "id",
                veerkracht_core::Rule::WrongShape {
                    expected: veerkracht_core::validate::Expected::Uuid,
                },
            )
        }),
    )
}

#[tauri::command]
#[specta::specta]
pub async fn delete_encounter(state: State<'_, Shared>, id: String) -> Res<()> {
    let id = parse_id(&id, state.lang())?;
    blocking(&state, move |st| st.with_session(|s, _| s.delete(&id))).await
}

/// Every family, most recently seen first, with its follow-up.
#[tauri::command]
#[specta::specta]
pub async fn list_families(state: State<'_, Shared>) -> Res<Vec<FamilyDto>> {
    blocking(&state, move |st| {
        st.with_session(|s, _| {
            let planned = s.follow_ups(today())?;
            Ok(s.families()?
                .iter()
                .map(|f| FamilyDto::of(f, &planned))
                .collect())
        })
    })
    .await
}

/// A family at a glance (situation now, open needs, what changed, the
/// follow-up) and its encounters, newest first.
#[tauri::command]
#[specta::specta]
pub async fn family_timeline(state: State<'_, Shared>, family: String) -> Res<TimelineDto> {
    blocking(&state, move |st| {
        st.with_session(|s, _| {
            s.family(&family)
                .map(|view| TimelineDto::of(&view, today()))
        })
    })
    .await
}

/// Sets (or with `null`, clears) the date to see a family again.
#[tauri::command]
#[specta::specta]
pub async fn set_follow_up(
    state: State<'_, Shared>,
    family: String,
    date: Option<String>,
) -> Res<()> {
    blocking(&state, move |st| {
        st.with_session(|s, _| {
            let date = match date.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
                Some(d) => Some(veerkracht_core::exchange::parse_iso_date(d).ok_or_else(|| {
                    veerkracht_usecases::Error::invalid(
                        "date",
                        veerkracht_core::Rule::WrongShape {
                            expected: veerkracht_core::validate::Expected::Date,
                        },
                    )
                })?),
                None => None,
            };
            s.set_follow_up(&family, date, today())
        })
    })
    .await
}

/// Every planned follow-up, soonest first, with whether it is due.
#[tauri::command]
#[specta::specta]
pub async fn list_follow_ups(state: State<'_, Shared>) -> Res<Vec<FollowUpDto>> {
    state.with_session(|s, _| {
        Ok(s.follow_ups(today())?
            .iter()
            .map(FollowUpDto::from)
            .collect())
    })
}

/// Deletes every demo encounter (audited). Returns how many went.
#[tauri::command]
#[specta::specta]
pub async fn remove_demo(state: State<'_, Shared>) -> Res<u32> {
    blocking(&state, |st| {
        st.with_session(|s, _| s.remove_demo().map(|n| n as u32))
    })
    .await
}

/// Changes the passphrase, after checking the current one.
#[tauri::command]
#[specta::specta]
pub async fn change_passphrase(
    state: State<'_, Shared>,
    current: String,
    replacement: String,
) -> Res<()> {
    blocking(&state, move |st| {
        st.with_session(|s, _| s.change_passphrase(&current, &replacement))
    })
    .await
}

/// The packages this vault released, newest first.
#[tauri::command]
#[specta::specta]
pub async fn export_history(state: State<'_, Shared>) -> Res<Vec<ExportRecordDto>> {
    state.with_session(|s, _| {
        Ok(s.export_history()?
            .iter()
            .map(ExportRecordDto::from)
            .collect())
    })
}

/// Opens the system's print dialog for what the window shows (a family's
/// timeline); "print to file" makes a PDF.
#[tauri::command]
#[specta::specta]
pub async fn print_page(state: State<'_, Shared>) -> Res<()> {
    state
        .print()
        .map_err(|e| IpcError::new(ErrorKind::Internal, e))
}

/// Counts over the worker's own caseload for a period (both ends optional).
#[tauri::command]
#[specta::specta]
pub async fn own_overview(state: State<'_, Shared>, filter: FilterDto) -> Res<OverviewDto> {
    let f = self::filter(&filter, state.lang())?;
    blocking(&state, move |st| {
        st.with_session(|s, _| Ok(s.overview(&f)?.into()))
    })
    .await
}

/// Saves the language at once (the rest of the preferences stay).
#[tauri::command]
#[specta::specta]
pub async fn set_language(state: State<'_, Shared>, language: LangDto) -> Res<AppStatusDto> {
    blocking(&state, move |s| {
        s.set_language(language.into())?;
        Ok(AppStatusDto::of(s))
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn set_preferences(
    state: State<'_, Shared>,
    preferences: PreferencesDto,
) -> Res<AppStatusDto> {
    blocking(&state, move |s| {
        s.set_preferences(preferences.into_domain())?;
        Ok(AppStatusDto::of(s))
    })
    .await
}

/// The worker did something: the backend's auto-lock counts from now. The
/// UI calls this at most every 15 seconds while there is input.
#[tauri::command]
#[specta::specta]
pub async fn keep_alive(state: State<'_, Shared>) -> Res<()> {
    state.touch(std::time::SystemTime::now());
    Ok(())
}

/// The project's licence and the third-party licences, for the About screen.
#[tauri::command]
#[specta::specta]
pub async fn licences() -> Res<LicencesDto> {
    Ok(LicencesDto::of(veerkracht_usecases::about::about()))
}

/// The UI calls this once its first screen is interactive; the start-up
/// benchmark reads the line it prints.
#[tauri::command]
#[specta::specta]
pub async fn mark_ready(state: State<'_, Shared>) -> Res<()> {
    eprintln!(
        "veerkracht-ready {} ms",
        state.started.elapsed().as_millis()
    );
    Ok(())
}

fn request(r: ExportRequestDto, lang: Lang) -> ExportRequest {
    ExportRequest {
        period: r.period,
        k: r.k.map(u64::from),
        k_high: r.k_high.map(u64::from),
        lang,
    }
}

/// What a package for the period would publish and suppress, and why,
/// without writing or recording anything.
#[tauri::command]
#[specta::specta]
pub async fn preview_package(
    state: State<'_, Shared>,
    request: ExportRequestDto,
) -> Res<PackagePreviewDto> {
    // Begun as the command arrives: a stop sent right after reaches it.
    let stop = state.begin_export();
    blocking(&state, move |st| {
        let lang = st.lang();
        let previewed = export::preview_lent(st, &self::request(request, lang), &stop);
        ipc(lang, previewed).map(PackagePreviewDto::from)
    })
    .await
}

/// Makes the package, records it in the ledger, writes it into `folder`.
#[tauri::command]
#[specta::specta]
pub async fn export_package(
    state: State<'_, Shared>,
    request: ExportRequestDto,
    folder: String,
) -> Res<ExportedDto> {
    let stop = state.begin_export();
    blocking(&state, move |st| {
        let started = std::time::Instant::now();
        let lang = st.lang();
        let exported = required_folder(&folder).and_then(|folder| {
            export::export_lent(st, &self::request(request, lang), &folder, &stop)
        });
        ipc(lang, exported).map(|x| ExportedDto::new(&x, started))
    })
    .await
}

/// Gives up the exports being worked out (the export screen's stop
/// button, or that screen left): each ends with the error `stopped`.
/// Answers at once; it does not wait for them to end.
#[tauri::command]
#[specta::specta]
pub async fn stop_exports(state: State<'_, Shared>) -> Res<()> {
    state.stop_exports();
    Ok(())
}

fn required_folder(folder: &str) -> Result<std::path::PathBuf, veerkracht_usecases::Error> {
    if folder.trim().is_empty() {
        return Err(veerkracht_usecases::Error::invalid(
            "folder",
            veerkracht_core::Rule::Required,
        ));
    }
    Ok(std::path::PathBuf::from(folder.trim()))
}

/// Opens a package folder (a worker's or a merged one) and checks it.
#[tauri::command]
#[specta::specta]
pub async fn open_package(state: State<'_, Shared>, folder: String) -> Res<OpenedPackageDto> {
    blocking(&state, move |st| {
        let lang = st.lang();
        let folder = ipc(lang, required_folder(&folder))?;
        ipc(lang, packages::open(&folder)).map(|o| OpenedPackageDto::of(o, lang))
    })
    .await
}

/// Merges package folders into a new package in `folder`.
#[tauri::command]
#[specta::specta]
pub async fn merge_packages(
    state: State<'_, Shared>,
    folders: Vec<String>,
    folder: String,
) -> Res<ExportedDto> {
    blocking(&state, move |st| {
        let started = std::time::Instant::now();
        let lang = st.lang();
        let sources: Vec<_> = folders.iter().map(|f| f.trim().into()).collect();
        let out = ipc(lang, required_folder(&folder))?;
        ipc(lang, packages::merge(&sources, &out, lang)).map(|x| ExportedDto::new(&x, started))
    })
    .await
}

/// Asks the user for a folder with the system's dialog; `None` when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn choose_folder(state: State<'_, Shared>, title: String) -> Res<Option<String>> {
    blocking(&state, move |st| {
        Ok(st.pick_folder(&title).map(|p| p.display().to_string()))
    })
    .await
}

/// Asks the user for a backup file with the system's dialog.
#[tauri::command]
#[specta::specta]
pub async fn choose_file(state: State<'_, Shared>, title: String) -> Res<Option<String>> {
    blocking(&state, move |st| {
        Ok(st.pick_file(&title).map(|p| p.display().to_string()))
    })
    .await
}
