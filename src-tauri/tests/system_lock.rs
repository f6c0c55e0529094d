//! The vault locks when the system is about to sleep or the screen locks
//! (SECURITY.md, "Shoulder surfing"). A private D-Bus daemon plays both the
//! system and the session bus; this test sends what logind and the screen
//! saver send, as they send it, and checks the session is gone. Signals
//! from elsewhere that must not lock (a resume, a screen saver going off, a
//! `PrepareForSleep` from a process that is not logind) are sent first.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use veerkracht_app::state::{AppState, LockCause};
use veerkracht_app::system_lock::{watch, Bus};
use veerkracht_core::Lang;
use veerkracht_usecases::Session;

const PASS: &str = "een lange geheime zin om te slapen";

struct Daemon(Child);

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A private bus: `dbus-daemon --session` on its own socket.
fn private_bus() -> (Daemon, String) {
    let mut child = Command::new("dbus-daemon")
        .args(["--session", "--nofork", "--print-address=1"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("dbus-daemon runs (package dbus-daemon; `make test` installs it)");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    (Daemon(child), line.trim().to_string())
}

fn send(
    address: &str,
    name: Option<&str>,
    path: &str,
    interface: &str,
    member: &str,
    flag: Option<bool>,
) {
    let conn = zbus::blocking::connection::Builder::address(address)
        .unwrap()
        .build()
        .unwrap();
    if let Some(name) = name {
        conn.request_name(name).unwrap();
    }
    match flag {
        Some(b) => conn.emit_signal(None::<&str>, path, interface, member, &b),
        None => conn.emit_signal(None::<&str>, path, interface, member, &()),
    }
    .unwrap();
}

fn wait_until_locked(state: &AppState) -> bool {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if !state.is_unlocked() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

fn unlocked(dir: &std::path::Path) -> std::sync::Arc<AppState> {
    let state = AppState::new(dir.to_path_buf(), Lang::Nl);
    let session = if veerkracht_store::exists(dir) {
        Session::open(dir, PASS, None).unwrap()
    } else {
        Session::create(dir, PASS).unwrap()
    };
    state.open_session(session);
    state
}

#[test]
fn sleep_and_screen_lock_lock_the_vault_and_nothing_else_does() {
    let (_daemon, address) = private_bus();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    let login1 = Some("org.freedesktop.login1");
    let manager = ("/org/freedesktop/login1", "org.freedesktop.login1.Manager");

    let state = unlocked(&dir);
    let listening = watch(
        state.clone(),
        Bus::At(address.clone()),
        Bus::At(address.clone()),
    );
    assert_eq!(listening, 4, "every signal is listened to");

    // What must not lock: a resume, a screen saver switching off, and a
    // PrepareForSleep sent by anyone but logind.
    send(
        &address,
        login1,
        manager.0,
        manager.1,
        "PrepareForSleep",
        Some(false),
    );
    send(
        &address,
        None,
        "/org/freedesktop/ScreenSaver",
        "org.freedesktop.ScreenSaver",
        "ActiveChanged",
        Some(false),
    );
    send(
        &address,
        None,
        manager.0,
        manager.1,
        "PrepareForSleep",
        Some(true),
    );
    std::thread::sleep(Duration::from_millis(500));
    assert!(state.is_unlocked(), "none of these locks the vault");

    // Suspend.
    send(
        &address,
        login1,
        manager.0,
        manager.1,
        "PrepareForSleep",
        Some(true),
    );
    assert!(wait_until_locked(&state), "suspend locks");
    assert_eq!(
        state.locked_by(),
        Some(LockCause::System),
        "the unlock screen says why"
    );
    drop(state);

    // `loginctl lock-session`.
    let state = unlocked(&dir);
    watch(
        state.clone(),
        Bus::At(address.clone()),
        Bus::At(address.clone()),
    );
    send(
        &address,
        login1,
        "/org/freedesktop/login1/session/_31",
        "org.freedesktop.login1.Session",
        "Lock",
        None,
    );
    assert!(wait_until_locked(&state), "a session lock locks");
    drop(state);

    // The desktop's screen saver, both names.
    for (path, interface) in [
        (
            "/org/freedesktop/ScreenSaver",
            "org.freedesktop.ScreenSaver",
        ),
        ("/org/gnome/ScreenSaver", "org.gnome.ScreenSaver"),
    ] {
        let state = unlocked(&dir);
        watch(
            state.clone(),
            Bus::At(address.clone()),
            Bus::At(address.clone()),
        );
        send(&address, None, path, interface, "ActiveChanged", Some(true));
        assert!(wait_until_locked(&state), "{interface} locks");
    }
}
