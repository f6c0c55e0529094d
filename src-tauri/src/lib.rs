//! # veerkracht-app
//!
//! The desktop shell: the only crate that names tauri. It holds the app
//! state (vault folder, open session, preferences), exposes thin commands
//! (`commands`) with IPC shapes (`dto`) and one error type (`error`), and
//! generates the TypeScript bindings the UI uses (`ui/src/ipc/bindings.ts`).
//!
//! What this crate must not do: hold domain logic (core does), touch sled or
//! the vault's files (store does), open network connections, or load
//! remote content (the CSP allows only the app's own assets).

pub mod commands;
pub mod dto;
pub mod error;
pub mod state;
pub mod system_lock;

use state::{AppState, Shared};

/// The app's allocator, declared here so that the app and its tests (the
/// memory probe, `tests/memory.rs`) run on the same one: mimalloc (unlocking
/// builds hundreds of thousands of small strings, and glibc's malloc made
/// that 40% slower), wrapped so that every block is wiped when it is freed.
/// A lock drops the session: every decrypted note, the keys and the
/// passphrase of the unlock leave memory then, not when the allocator
/// happens to reuse their blocks.
#[global_allocator]
static GLOBAL: zalloc::ZeroizingAlloc<mimalloc::MiMalloc> =
    zalloc::ZeroizingAlloc(mimalloc::MiMalloc);
use tauri::{Manager, Runtime};

/// Every command the UI may call; the same list feeds the invoke handler
/// and the generated bindings, so the two cannot drift apart.
pub fn specta_builder<R: Runtime>() -> tauri_specta::Builder<R> {
    tauri_specta::Builder::<R>::new()
        .disable_serde_phases()
        .commands(tauri_specta::collect_commands![
            commands::app_status,
            commands::create_vault,
            commands::unlock_vault,
            commands::lock_vault,
            commands::passphrase_strength,
            commands::get_codebook,
            commands::list_encounters,
            commands::get_encounter,
            commands::start_encounter,
            commands::save_encounter,
            commands::delete_encounter,
            commands::list_families,
            commands::family_timeline,
            commands::own_overview,
            commands::set_preferences,
            commands::mark_ready,
            commands::licences,
            commands::keep_alive,
            commands::preview_package,
            commands::export_package,
            commands::stop_exports,
            commands::open_package,
            commands::merge_packages,
            commands::choose_folder,
            commands::scan_note,
            commands::list_audit,
            commands::purge_expired,
            commands::backup_vault,
            commands::restore_latest_backup,
            commands::restore_backup,
            commands::choose_file,
            commands::keep_draft,
            commands::saved_draft,
            commands::discard_draft,
            commands::set_follow_up,
            commands::list_follow_ups,
            commands::remove_demo,
            commands::change_passphrase,
            commands::export_history,
            commands::print_page,
            commands::set_language,
        ])
}

/// The app on any runtime: the real one in `run`, the mock one in tests.
pub fn build<R: Runtime>(builder: tauri::Builder<R>, state: Shared) -> tauri::Builder<R> {
    let specta = specta_builder::<R>();
    builder
        .invoke_handler(specta.invoke_handler())
        .manage(state)
}

/// The vault folder: `--data-dir DIR` when given (the end-to-end tests
/// give each test its own), else the default one.
fn vault_dir(args: impl Iterator<Item = String>) -> std::path::PathBuf {
    let mut args = args.skip(1);
    while let Some(a) = args.next() {
        if a == "--data-dir" {
            if let Some(dir) = args.next().filter(|d| !d.is_empty()) {
                return dir.into();
            }
        } else if let Some(dir) = a.strip_prefix("--data-dir=").filter(|d| !d.is_empty()) {
            return dir.into();
        }
    }
    veerkracht_store::default_dir()
}

/// Keeps the unlocked app's memory out of files and other programs: no
/// core dump is written should it crash (a dump would hold the notes and
/// the key in clear), and on Linux the process is marked not dumpable,
/// which also stops other programs of the same user from attaching to it
/// or reading `/proc/PID/mem` (root still can). Returns what it could not
/// do; the app starts either way.
pub fn harden_process() -> Vec<String> {
    let mut failed = Vec::new();
    #[cfg(unix)]
    {
        use rustix::process::{setrlimit, Resource, Rlimit};
        let none = Rlimit {
            current: Some(0),
            maximum: Some(0),
        };
        if let Err(e) = setrlimit(Resource::Core, none) {
            failed.push(format!("core dump limit: {e}"));
        }
    }
    #[cfg(target_os = "linux")]
    if let Err(e) =
        rustix::process::set_dumpable_behavior(rustix::process::DumpableBehavior::NotDumpable)
    {
        failed.push(format!("not dumpable: {e}"));
    }
    failed
}

/// mimalloc's option for how long freed memory waits before it goes back
/// to the system (in ms; its default is 1,000).
pub const PURGE_DELAY_VAR: &str = "MIMALLOC_PURGE_DELAY";

/// Whether the environment sets the purge delay already: mimalloc reads
/// its variables ignoring case, and also by the option's older name.
pub fn purge_delay_set(mut names: impl Iterator<Item = std::ffi::OsString>) -> bool {
    names.any(|n| {
        n.to_str().is_some_and(|n| {
            n.eq_ignore_ascii_case(PURGE_DELAY_VAR)
                || n.eq_ignore_ascii_case("MIMALLOC_RESET_DELAY")
        })
    })
}

/// The command that starts this app again with freed memory handed back at
/// once (`PURGE_DELAY_VAR` at 0); `None` when the variable is set already
/// (then it stands, whoever set it), or when `exe` is not the app itself
/// (started through the dynamic loader, `exe` is the loader, which would
/// take the app's first argument for a program).
///
/// Why: unlocking a vault of a million encounters frees what it read of
/// the index as it builds the caseload; held for mimalloc's second, that
/// memory made the unlock peak at 450 MB, over the 400 MB target. With the
/// delay at 0 the peak is 385 MB; the unlock takes 0.61–0.69 s instead of
/// 0.55–0.60 s (`veerkracht-bench session`, docs/PERFORMANCE.md,
/// "2026-12-05, evening"). mimalloc reads its options from the environment
/// once, as the process starts, and setting one later takes `unsafe` code,
/// which this workspace forbids: so the app replaces itself (`exec`, same
/// process id, same arguments) with the variable set. Unix only.
pub fn with_prompt_purge(
    mut args: impl Iterator<Item = std::ffi::OsString>,
    exe: std::path::PathBuf,
    set: bool,
) -> Option<std::process::Command> {
    if set || exe.file_name() != Some(std::ffi::OsStr::new(env!("CARGO_PKG_NAME"))) {
        return None;
    }
    let mut cmd = std::process::Command::new(exe);
    #[cfg(unix)]
    if let Some(arg0) = args.next() {
        std::os::unix::process::CommandExt::arg0(&mut cmd, arg0);
    }
    #[cfg(not(unix))]
    args.next();
    cmd.args(args).env(PURGE_DELAY_VAR, "0");
    Some(cmd)
}

/// Starts the app again as [`with_prompt_purge`] says; returns only when
/// that is not needed or not possible (the app then runs as it is; after a
/// failed `exec`, with SIGPIPE at its default, as std leaves it).
fn restart_with_prompt_purge() {
    #[cfg(unix)]
    {
        let Ok(exe) = std::env::current_exe() else {
            return;
        };
        // A binary replaced or removed since it started ("… (deleted)").
        if !exe.is_file() {
            return;
        }
        let set = purge_delay_set(std::env::vars_os().map(|(k, _)| k));
        if let Some(mut cmd) = with_prompt_purge(std::env::args_os(), exe, set) {
            let failed = std::os::unix::process::CommandExt::exec(&mut cmd);
            eprintln!("veerkracht: could not restart with {PURGE_DELAY_VAR}=0: {failed}");
        }
    }
}

pub fn run() {
    restart_with_prompt_purge();
    // After the restart, never before: `exec` makes a process dumpable
    // again (the core dump limit would survive it, the rest not).
    for failure in harden_process() {
        eprintln!("veerkracht: could not harden the process: {failure}");
    }
    let state = AppState::new(
        vault_dir(std::env::args()),
        veerkracht_store::preferences::system_lang(),
    );
    let picker_state = state.clone();
    // The backend's own auto-lock, in case the web view's timer does not
    // fire (see `AppState::lock_if_idle`); the UI notices at its next check.
    let idle_state = state.clone();
    std::thread::Builder::new()
        .name("auto-lock".into())
        .spawn(move || loop {
            std::thread::sleep(std::time::Duration::from_secs(5));
            idle_state.lock_if_idle(std::time::SystemTime::now());
        })
        .expect("start the auto-lock thread");
    // And at once when the computer sleeps or its screen locks (the buses
    // are reached off the main thread: start-up does not wait for them).
    let watch_state = state.clone();
    std::thread::spawn(move || {
        system_lock::watch(watch_state, system_lock::Watch::of_this_machine())
    });
    let builder = tauri::Builder::default()
        // First: a second start hands over to the running app and exits.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(w) = app.get_webview_window("main") {
                let _ = w.unminimize();
                let _ = w.show();
                let _ = w.set_focus();
            }
        }))
        .plugin(tauri_plugin_dialog::init())
        .setup(move |app| {
            use tauri_plugin_dialog::DialogExt;
            let handle = app.handle().clone();
            picker_state.set_folder_picker(Box::new(move |title, folder| {
                let dialog = handle.dialog().file().set_title(title);
                let picked = if folder {
                    dialog.blocking_pick_folder()
                } else {
                    dialog
                        .add_filter("Veerkracht", &["vkbackup"])
                        .blocking_pick_file()
                };
                picked.and_then(|p| p.into_path().ok())
            }));
            let handle = app.handle().clone();
            picker_state.set_printer(Box::new(move || {
                let window = handle
                    .get_webview_window("main")
                    .ok_or_else(|| "no window".to_string())?;
                window.print().map_err(|e| e.to_string())
            }));
            Ok(())
        });
    build(builder, state)
        .run(tauri::generate_context!())
        .expect("error while running the Veerkracht app");
}

#[cfg(test)]
mod restart {
    use super::{purge_delay_set, with_prompt_purge};
    use std::ffi::{OsStr, OsString};

    /// The restart keeps every argument (the vault folder among them) and
    /// sets only the purge delay, under mimalloc's own name; a variable set
    /// already (any case, or the older name) is left alone (no second
    /// restart, and a user's own value stands); a program that is not the
    /// app (the dynamic loader) is not restarted.
    #[test]
    fn the_app_restarts_once_with_its_arguments_and_the_purge_delay_at_zero() {
        let args = || {
            ["./veerkracht-app", "--data-dir", "/tmp/kluis met spatie"]
                .into_iter()
                .map(OsString::from)
        };
        let exe = std::path::PathBuf::from("/opt/veerkracht/veerkracht-app");
        let cmd = with_prompt_purge(args(), exe.clone(), false).expect("a restart");
        assert_eq!(cmd.get_program(), exe.as_os_str());
        let rest: Vec<&OsStr> = cmd.get_args().collect();
        assert_eq!(rest, ["--data-dir", "/tmp/kluis met spatie"]);
        #[cfg(unix)]
        assert!(
            format!("{cmd:?}").contains("\"./veerkracht-app\""),
            "argv[0] kept: {cmd:?}"
        );
        let envs: Vec<(&OsStr, Option<&OsStr>)> = cmd.get_envs().collect();
        assert_eq!(
            envs,
            [(OsStr::new("MIMALLOC_PURGE_DELAY"), Some(OsStr::new("0")))]
        );
        assert!(with_prompt_purge(args(), exe, true).is_none());
        let loader = std::path::PathBuf::from("/lib64/ld-linux-x86-64.so.2");
        assert!(with_prompt_purge(args(), loader, false).is_none());
        let set = |names: &[&str]| purge_delay_set(names.iter().map(OsString::from));
        assert!(!set(&["HOME", "MIMALLOC_VERBOSE"]));
        assert!(set(&["HOME", "MIMALLOC_PURGE_DELAY"]));
        assert!(set(&["mimalloc_purge_delay"]));
        assert!(set(&["MIMALLOC_RESET_DELAY"]));
    }
}

#[cfg(test)]
mod bindings {
    use specta_typescript::Typescript;

    const COMMITTED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../ui/src/ipc/bindings.ts");

    /// The TypeScript bindings are generated from the commands above and
    /// committed. This fails when they are stale; `make bindings` renews them.
    #[test]
    fn bindings_are_fresh() {
        let tmp = tempfile::tempdir().unwrap();
        let fresh = tmp.path().join("bindings.ts");
        super::specta_builder::<tauri::Wry>()
            .export(
                Typescript::default()
                    .header("// Generated by `make bindings` from src-tauri. Do not edit.\n"),
                &fresh,
            )
            .expect("export bindings");
        // tauri-specta's runtime casts the error to `any`; the UI keeps
        // `any` out (typed IPC), and `E` says the same thing.
        let fresh = std::fs::read_to_string(&fresh)
            .unwrap()
            .replace("error: e as any", "error: e as E");
        if std::env::var_os("VEERKRACHT_WRITE_BINDINGS").is_some() {
            std::fs::write(COMMITTED, &fresh).unwrap();
        }
        let committed = std::fs::read_to_string(COMMITTED).unwrap_or_default();
        assert!(
            committed == fresh,
            "ui/src/ipc/bindings.ts is stale: run `make bindings` and commit the result"
        );
    }
}
