//! The commands the UI may call. Each is a thin adapter: DTO in, one call
//! into core or store, DTO out. Work that touches the disk runs on the
//! blocking pool so the window never freezes during an fsync.

use crate::dto::*;
use crate::error::{ErrorKind, IpcError};
use crate::state::{AppState, Session, Shared};
use chrono::NaiveDate;
use tauri::State;
use uuid::Uuid;
use veerkracht_core::caseload::{self, Filter};
use veerkracht_core::exchange::parse_iso_date;
use veerkracht_core::validate::Expected;
use veerkracht_core::{validate, Codebook, FamilyCode, FieldError, Lang, Rule};
use veerkracht_store::{KdfParams, Preferences, Vault};

type Res<T> = Result<T, IpcError>;

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

async fn blocking<T: Send + 'static>(
    state: &Shared,
    f: impl FnOnce(&AppState) -> Res<T> + Send + 'static,
) -> Res<T> {
    let state = state.clone();
    tauri::async_runtime::spawn_blocking(move || f(&state))
        .await
        .map_err(|e| IpcError::new(ErrorKind::Internal, e.to_string()))?
}

fn status(state: &AppState) -> AppStatusDto {
    let p = state.preferences();
    AppStatusDto {
        version: env!("CARGO_PKG_VERSION").into(),
        codebook_version: Codebook::embedded().version.clone(),
        vault_dir: state.vault_dir.display().to_string(),
        vault_exists: veerkracht_store::exists(&state.vault_dir),
        unlocked: state.is_unlocked(),
        damaged_records: state.with_session(|s, _| Ok(s.damaged as u32)).unwrap_or(0),
        automatic_backups: veerkracht_store::automatic_backups(&state.vault_dir).len() as u32,
        purged_at_unlock: state.with_session(|s, _| Ok(s.purged as u32)).unwrap_or(0),
        preferences: PreferencesDto {
            language: state.lang().code().into(),
            organisation: p.organisation,
            auto_lock_minutes: p.auto_lock_minutes,
            retention_months: p.retention_months,
            backups_keep: p.backups_keep,
        },
    }
}

/// The first day records are kept from, for a retention in months.
fn retention_cutoff(months: u32) -> NaiveDate {
    today()
        .checked_sub_months(chrono::Months::new(months))
        .unwrap_or(NaiveDate::MIN)
}

/// Opens the session: purges what passed retention first (that is the
/// rule, at every unlock), then decrypts the caseload.
fn open_session(mut vault: Vault, lang: Lang, retention_months: u32) -> Res<Session> {
    let purged = vault
        .purge_before(retention_cutoff(retention_months))
        .map_err(|e| IpcError::from_store(e, lang))?;
    let (caseload, damaged) = vault
        .load_caseload()
        .map_err(|e| IpcError::from_store(e, lang))?;
    Ok(Session {
        vault,
        caseload,
        damaged: damaged.len(),
        purged,
        issued: Default::default(),
    })
}

/// What the app knows before anything is unlocked.
#[tauri::command]
#[specta::specta]
pub async fn app_status(state: State<'_, Shared>) -> Res<AppStatusDto> {
    Ok(status(&state))
}

/// Creates the vault on first start and unlocks it.
#[tauri::command]
#[specta::specta]
pub async fn create_vault(state: State<'_, Shared>, passphrase: String) -> Res<AppStatusDto> {
    blocking(&state, move |s| {
        let lang = s.lang();
        let vault = Vault::create(&s.vault_dir, &passphrase, KdfParams::default())
            .map_err(|e| IpcError::from_store(e, lang))?;
        s.open_session(open_session(vault, lang, s.preferences().retention_months)?);
        Ok(status(s))
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn unlock_vault(state: State<'_, Shared>, passphrase: String) -> Res<AppStatusDto> {
    blocking(&state, move |s| {
        let lang = s.lang();
        s.close_session();
        let vault =
            Vault::open(&s.vault_dir, &passphrase).map_err(|e| IpcError::from_store(e, lang))?;
        s.open_session(open_session(vault, lang, s.preferences().retention_months)?);
        Ok(status(s))
    })
    .await
}

/// Makes an automatic backup, then drops the key and every decrypted
/// record from memory. A failed backup does not keep the vault open.
#[tauri::command]
#[specta::specta]
pub async fn lock_vault(state: State<'_, Shared>) -> Res<AppStatusDto> {
    blocking(&state, |s| {
        let backed_up = s.close_session_with_backup();
        if let Err(e) = backed_up {
            return Err(IpcError::from_store(e, s.lang()));
        }
        Ok(status(s))
    })
    .await
}

/// Purges encounters past the retention period (the app calls this
/// periodically while unlocked). Returns how many went.
#[tauri::command]
#[specta::specta]
pub async fn purge_expired(state: State<'_, Shared>) -> Res<u32> {
    blocking(&state, |st| {
        let months = st.preferences().retention_months;
        st.with_session(|s, lang| {
            let cutoff = retention_cutoff(months);
            let n = s
                .vault
                .purge_before(cutoff)
                .map_err(|e| IpcError::from_store(e, lang))?;
            if n > 0 {
                let (caseload, _) = s
                    .vault
                    .load_caseload()
                    .map_err(|e| IpcError::from_store(e, lang))?;
                s.caseload = caseload;
            }
            Ok(n as u32)
        })
    })
    .await
}

/// Writes an encrypted backup file into `folder`; returns its path.
#[tauri::command]
#[specta::specta]
pub async fn backup_vault(state: State<'_, Shared>, folder: String) -> Res<String> {
    blocking(&state, move |st| {
        st.with_session(|s, lang| {
            let name = format!(
                "veerkracht-{}.vkbackup",
                chrono::Local::now().format("%Y%m%d-%H%M%S")
            );
            let path = std::path::PathBuf::from(folder.trim()).join(name);
            s.vault
                .backup(&path)
                .map_err(|e| IpcError::from_store(e, lang))?;
            Ok(path.display().to_string())
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
        let lang = s.lang();
        s.close_session();
        let vault = veerkracht_store::restore_latest_backup(&s.vault_dir, &passphrase)
            .map_err(|e| IpcError::from_store(e, lang))?;
        s.open_session(open_session(vault, lang, s.preferences().retention_months)?);
        Ok(status(s))
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn passphrase_strength(state: State<'_, Shared>, passphrase: String) -> Res<StrengthDto> {
    let level = veerkracht_core::passphrase::strength(&passphrase);
    Ok(StrengthDto {
        level: level.id().into(),
        hint: level.hint(state.lang()).into(),
    })
}

#[tauri::command]
#[specta::specta]
pub async fn get_codebook() -> Res<CodebookDto> {
    Ok(Codebook::embedded().into())
}

fn parse_filter(f: FilterDto, lang: Lang) -> Res<Filter> {
    let mut errors = Vec::new();
    let family = f.family.filter(|s| !s.trim().is_empty()).and_then(|s| {
        FamilyCode::parse(s.trim())
            .map_err(|p| errors.push(FieldError::new("family", Rule::FamilyCode(p))))
            .ok()
    });
    let mut date = |field: &str, v: Option<String>| {
        v.filter(|s| !s.trim().is_empty()).and_then(|s| {
            parse_iso_date(s.trim()).or_else(|| {
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
    let from = date("from", f.from);
    let to = date("to", f.to);
    let some = |v: Option<String>| v.filter(|s| !s.is_empty());
    if !errors.is_empty() {
        return Err(IpcError::invalid(errors, lang));
    }
    Ok(Filter {
        family,
        from,
        to,
        theme: some(f.theme),
        need: some(f.need),
        need_status: some(f.need_status),
        outcome: some(f.outcome),
        municipality: some(f.municipality),
        text: some(f.text),
    })
}

/// Encounters that match the filter, newest first, one page at a time.
#[tauri::command]
#[specta::specta]
pub async fn list_encounters(state: State<'_, Shared>, filter: FilterDto) -> Res<EncounterPageDto> {
    let (limit, offset) = (
        filter.limit.unwrap_or(200) as usize,
        filter.offset.unwrap_or(0) as usize,
    );
    state.with_session(|s, lang| {
        let cb = Codebook::embedded();
        let f = parse_filter(filter, lang)?;
        let page = s.caseload.page(&f, cb, offset, limit);
        Ok(EncounterPageDto {
            total: page.total as u32,
            rows: page
                .rows
                .iter()
                .map(|e| EncounterRowDto::from_domain(e, cb))
                .collect(),
        })
    })
}

fn parse_id(id: &str, lang: Lang) -> Res<Uuid> {
    Uuid::parse_str(id).map_err(|_| {
        IpcError::invalid(
            vec![FieldError::new(
                "id",
                Rule::WrongShape {
                    expected: Expected::Uuid,
                },
            )],
            lang,
        )
    })
}

#[tauri::command]
#[specta::specta]
pub async fn get_encounter(state: State<'_, Shared>, id: String) -> Res<EncounterDto> {
    state.with_session(|s, lang| {
        let id = parse_id(&id, lang)?;
        s.caseload
            .get(&id)
            .map(EncounterDto::from_domain)
            .ok_or_else(|| IpcError::not_found(lang))
    })
}

/// A new, unsaved encounter dated today: for an existing family it starts
/// from the family's latest situation; without one, a fresh pseudonym.
#[tauri::command]
#[specta::specta]
pub async fn start_encounter(
    state: State<'_, Shared>,
    family: Option<String>,
) -> Res<EncounterDto> {
    state.with_session(|s, lang| {
        let cb = Codebook::embedded();
        let (family, previous) = match family.filter(|f| !f.trim().is_empty()) {
            Some(code) => {
                let code = FamilyCode::parse(code.trim()).map_err(|p| {
                    IpcError::invalid(vec![FieldError::new("family", Rule::FamilyCode(p))], lang)
                })?;
                let prev = s.caseload.latest_for(&code).cloned().ok_or_else(|| {
                    IpcError::invalid(vec![FieldError::new("family", Rule::UnknownFamily)], lang)
                })?;
                (code, Some(prev))
            }
            None => (s.new_family_code(), None),
        };
        let e = caseload::start_encounter(cb, Uuid::now_v7(), family, today(), previous.as_ref());
        Ok(EncounterDto::from_domain(&e))
    })
}

/// What the identifier scanner finds in a text (the same scan as on save).
#[tauri::command]
#[specta::specta]
pub async fn scan_note(text: String) -> Res<Vec<crate::error::FindingDto>> {
    Ok(veerkracht_core::scan::scan(&text)
        .iter()
        .map(Into::into)
        .collect())
}

/// Validates and saves; returns only once the encounter is durable on disk.
/// The note is scanned again here: every finding must be in `confirmed`
/// (the worker said it identifies nobody), or the save is refused with
/// kind `identifiers`. Each confirmation is audited by its kind, never its text.
#[tauri::command]
#[specta::specta]
pub async fn save_encounter(
    state: State<'_, Shared>,
    encounter: EncounterDto,
    confirmed: Vec<crate::error::FindingDto>,
) -> Res<SavedDto> {
    blocking(&state, move |st| {
        st.with_session(|s, lang| {
            let cb = Codebook::embedded();
            let e = encounter
                .into_domain(cb)
                .map_err(|errs| IpcError::invalid(errs, lang))?;
            validate(&e, cb, today()).map_err(|errs| IpcError::invalid(errs, lang))?;
            if !s.knows_family(&e.family) {
                return Err(IpcError::invalid(
                    vec![FieldError::new("family", Rule::UnknownFamily)],
                    lang,
                ));
            }
            let findings = e.note.as_deref().map(veerkracht_core::scan::scan).unwrap_or_default();
            let open: Vec<crate::error::FindingDto> = findings
                .iter()
                .map(crate::error::FindingDto::from)
                .filter(|f| !confirmed.iter().any(|c| c.kind == f.kind && c.text == f.text))
                .collect();
            if !open.is_empty() {
                let mut err = IpcError::new(
                    ErrorKind::Identifiers,
                    lang.pick(
                        "De notitie bevat mogelijk gegevens die iemand identificeren. Verwijder ze of bevestig per vondst dat ze niemand identificeren.",
                        "La note contient peut-être des données qui identifient quelqu'un. Supprimez-les ou confirmez pour chacune qu'elles n'identifient personne.",
                        "The note may hold data that identifies someone. Remove it, or confirm per finding that it identifies nobody.",
                    ),
                );
                err.findings = open;
                return Err(err);
            }
            // The confirmations are written with the save, in one durable step.
            let confirmations: Vec<veerkracht_store::AuditNote> = findings
                .iter()
                .map(|f| {
                    (veerkracht_core::audit::Action::ConfirmedNotIdentifying, 1, f.kind.id().to_string())
                })
                .collect();
            let created = s
                .vault
                .save_with_audit(&e, &confirmations)
                .map_err(|err| IpcError::from_store(err, lang))?;
            let id = e.id.to_string();
            s.caseload.upsert(e);
            Ok(SavedDto { id, created })
        })
    })
    .await
}

/// The audit log, newest first: what happened and when, never content.
#[tauri::command]
#[specta::specta]
pub async fn list_audit(state: State<'_, Shared>) -> Res<Vec<AuditEntryDto>> {
    state.with_session(|s, lang| {
        let mut log = s
            .vault
            .audit_log()
            .map_err(|e| IpcError::from_store(e, lang))?;
        log.reverse();
        Ok(log.iter().map(AuditEntryDto::from).collect())
    })
}

#[tauri::command]
#[specta::specta]
pub async fn delete_encounter(state: State<'_, Shared>, id: String) -> Res<()> {
    blocking(&state, move |st| {
        st.with_session(|s, lang| {
            let id = parse_id(&id, lang)?;
            if !s
                .vault
                .delete(&id)
                .map_err(|e| IpcError::from_store(e, lang))?
            {
                return Err(IpcError::not_found(lang));
            }
            s.caseload.remove(&id);
            Ok(())
        })
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn list_families(state: State<'_, Shared>) -> Res<Vec<FamilyDto>> {
    state.with_session(|s, _| {
        Ok(caseload::families(s.caseload.all())
            .iter()
            .map(FamilyDto::from)
            .collect())
    })
}

/// A family's encounters, oldest first, with what changed each time.
#[tauri::command]
#[specta::specta]
pub async fn family_timeline(state: State<'_, Shared>, family: String) -> Res<TimelineDto> {
    state.with_session(|s, lang| {
        let cb = Codebook::embedded();
        let code = FamilyCode::parse(family.trim()).map_err(|p| {
            IpcError::invalid(vec![FieldError::new("family", Rule::FamilyCode(p))], lang)
        })?;
        let list = s.caseload.timeline(&code);
        if list.is_empty() {
            return Err(IpcError::not_found(lang));
        }
        let entries = list
            .iter()
            .enumerate()
            .map(|(i, e)| timeline_entry(e, i.checked_sub(1).map(|p| list[p]), cb))
            .collect();
        Ok(TimelineDto {
            family: code.to_string(),
            entries,
        })
    })
}

/// Counts over the worker's own caseload for a period (both ends optional).
#[tauri::command]
#[specta::specta]
pub async fn own_overview(state: State<'_, Shared>, filter: FilterDto) -> Res<OverviewDto> {
    state.with_session(|s, lang| {
        let cb = Codebook::embedded();
        let f = parse_filter(filter, lang)?;
        Ok(s.caseload.overview(&f, cb).into())
    })
}

#[tauri::command]
#[specta::specta]
pub async fn set_preferences(
    state: State<'_, Shared>,
    preferences: PreferencesDto,
) -> Res<AppStatusDto> {
    blocking(&state, move |s| {
        let lang = s.lang();
        let language: Lang = preferences.language.parse().map_err(|_| {
            IpcError::invalid(
                vec![FieldError::new(
                    "language",
                    Rule::UnknownCode {
                        code: preferences.language.clone(),
                    },
                )],
                lang,
            )
        })?;
        let organisation = preferences.organisation.trim().to_string();
        let mut errors = Vec::new();
        if organisation.chars().count() > veerkracht_store::preferences::ORGANISATION_MAX_CHARS {
            errors.push(FieldError::new(
                "organisation",
                Rule::NoteTooLong {
                    max: veerkracht_store::preferences::ORGANISATION_MAX_CHARS,
                    found: organisation.chars().count(),
                },
            ));
        }
        for (field, value, range) in [
            (
                "retention_months",
                preferences.retention_months,
                veerkracht_store::preferences::RETENTION_RANGE,
            ),
            (
                "backups_keep",
                preferences.backups_keep,
                veerkracht_store::preferences::BACKUPS_RANGE,
            ),
        ] {
            if !range.contains(&value) {
                errors.push(FieldError::new(
                    field,
                    Rule::UnknownQualifier {
                        value: value.to_string(),
                        allowed: vec![format!("{}–{}", range.start(), range.end())],
                    },
                ));
            }
        }
        if !veerkracht_store::preferences::AUTO_LOCK_RANGE.contains(&preferences.auto_lock_minutes)
        {
            errors.push(FieldError::new(
                "auto_lock_minutes",
                Rule::UnknownQualifier {
                    value: preferences.auto_lock_minutes.to_string(),
                    allowed: vec!["1–120".into()],
                },
            ));
        }
        if !errors.is_empty() {
            return Err(IpcError::invalid(errors, lang));
        }
        s.set_preferences(Preferences {
            language: Some(language),
            organisation,
            auto_lock_minutes: preferences.auto_lock_minutes,
            retention_months: preferences.retention_months,
            backups_keep: preferences.backups_keep,
        })?;
        Ok(status(s))
    })
    .await
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

fn export_request(
    r: &ExportRequestDto,
    lang: Lang,
) -> Res<(
    veerkracht_signals::period::Period,
    veerkracht_signals::disclosure::Thresholds,
)> {
    let period = r.period.trim().parse().map_err(|_| {
        IpcError::invalid(
            vec![FieldError::new(
                "period",
                Rule::WrongShape {
                    expected: Expected::Text,
                },
            )],
            lang,
        )
    })?;
    let th = veerkracht_signals::disclosure::Thresholds::new(
        r.k.map(u64::from),
        r.k_high.map(u64::from),
    )
    .map_err(|e| IpcError::new(ErrorKind::Invalid, e.to_string()))?;
    Ok((period, th))
}

fn package_meta(
    th: veerkracht_signals::disclosure::Thresholds,
) -> veerkracht_signals::package::Meta {
    veerkracht_signals::package::Meta {
        id: Uuid::new_v4(),
        created: chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        generator: format!("veerkracht {}", env!("CARGO_PKG_VERSION")),
        thresholds: th,
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
    blocking(&state, move |st| {
        st.with_session(|s, lang| {
            let (period, th) = export_request(&request, lang)?;
            let history = s
                .vault
                .releases()
                .map_err(|e| IpcError::from_store(e, lang))?;
            let p = veerkracht_signals::package::prepare_caseload(
                &s.caseload,
                Codebook::embedded(),
                period,
                &history,
                package_meta(th),
            );
            Ok(PackagePreviewDto {
                summary: package_summary(&p.package, Some((&p.aggregate, &p.protection))),
                by_ledger: p.protection.by_ledger as u32,
                already_derivable: p.protection.already_derivable.len() as u32,
                default_folder: veerkracht_store::package_dir::default_folder(&period.to_string())
                    .display()
                    .to_string(),
            })
        })
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
    blocking(&state, move |st| {
        st.with_session(|s, lang| {
            let started = std::time::Instant::now();
            let (period, th) = export_request(&request, lang)?;
            let dir = std::path::PathBuf::from(folder.trim());
            if folder.trim().is_empty() {
                return Err(IpcError::invalid(
                    vec![FieldError::new("folder", Rule::Required)],
                    lang,
                ));
            }
            let cb = Codebook::embedded();
            let history = s
                .vault
                .releases()
                .map_err(|e| IpcError::from_store(e, lang))?;
            let p = veerkracht_signals::package::prepare_caseload(
                &s.caseload,
                cb,
                period,
                &history,
                package_meta(th),
            );
            let files = veerkracht_signals::package::files(&p.package, cb, lang)
                .map_err(|e| IpcError::new(ErrorKind::Internal, e))?;
            if dir.join(veerkracht_signals::package::DATAPACKAGE).exists() {
                return Err(IpcError::from_store(
                    veerkracht_store::Error::PackageExists { path: dir },
                    lang,
                ));
            }
            s.vault
                .record_release(
                    &p.package.id,
                    &veerkracht_signals::package::release(&p.aggregate, &p.protection),
                )
                .map_err(|e| IpcError::from_store(e, lang))?;
            let written = veerkracht_store::package_dir::write(&dir, &files)
                .map_err(|e| IpcError::from_store(e, lang))?;
            Ok(ExportedDto::new(&dir, p.package.id, written, started))
        })
    })
    .await
}

/// Opens a package folder (a worker's or a merged one) and checks it.
#[tauri::command]
#[specta::specta]
pub async fn open_package(state: State<'_, Shared>, folder: String) -> Res<OpenedPackageDto> {
    blocking(&state, move |st| {
        let lang = st.lang();
        let dir = std::path::PathBuf::from(folder.trim());
        let files =
            veerkracht_store::package_dir::read(&dir).map_err(|e| IpcError::from_store(e, lang))?;
        let p = veerkracht_signals::package::read(&files)
            .map_err(|e| IpcError::new(ErrorKind::Damaged, e.0))?;
        let problems = veerkracht_signals::package::verify(&p, &files, Codebook::embedded());
        Ok(OpenedPackageDto {
            folder: dir.display().to_string(),
            summary: package_summary(&p, None),
            problems: problems.into_iter().map(|x| x.0).collect(),
        })
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
        let lang = st.lang();
        let started = std::time::Instant::now();
        let cb = Codebook::embedded();
        let mut sources = Vec::new();
        for f in &folders {
            let files = veerkracht_store::package_dir::read(std::path::Path::new(f.trim()))
                .map_err(|e| IpcError::from_store(e, lang))?;
            let p = veerkracht_signals::package::read(&files)
                .map_err(|e| IpcError::new(ErrorKind::Damaged, format!("{f}: {e}")))?;
            if let Some(problem) = veerkracht_signals::package::verify(&p, &files, cb).first() {
                return Err(IpcError::new(
                    ErrorKind::Damaged,
                    format!("{f}: {}", problem.0),
                ));
            }
            sources.push(p);
        }
        let merged =
            veerkracht_signals::package::merge(&sources, cb, package_meta(Default::default()))
                .map_err(|e| IpcError::new(ErrorKind::Invalid, e.to_string()))?;
        let files = veerkracht_signals::package::files(&merged, cb, lang)
            .map_err(|e| IpcError::new(ErrorKind::Internal, e))?;
        let dir = std::path::PathBuf::from(folder.trim());
        let written = veerkracht_store::package_dir::write(&dir, &files)
            .map_err(|e| IpcError::from_store(e, lang))?;
        Ok(ExportedDto::new(&dir, merged.id, written, started))
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
        let lang = s.lang();
        let vault =
            veerkracht_store::restore(std::path::Path::new(file.trim()), &s.vault_dir, &passphrase)
                .map_err(|e| IpcError::from_store(e, lang))?;
        s.open_session(open_session(vault, lang, s.preferences().retention_months)?);
        Ok(status(s))
    })
    .await
}
