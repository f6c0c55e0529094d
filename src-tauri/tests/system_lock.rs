//! The vault locks when the system is about to sleep or the screen locks
//! (SECURITY.md, "Shoulder surfing"). A private D-Bus daemon plays both the
//! system and the session bus, and a fake logind on it owns
//! `org.freedesktop.login1`, hands out sleep inhibitors (one end of a pipe)
//! and sends what logind sends. Checked: sleep locks *before* the
//! inhibitor is released (so the key is gone before the machine sleeps),
//! a new inhibitor is taken after the resume, a session `Lock` locks only
//! for this login session, the screen savers lock, and what must not lock
//! does not: a resume, a screen saver going off, `PrepareForSleep` or
//! `Lock` from anyone but logind, broadcast or sent straight to the app.
#![cfg(target_os = "linux")]

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};
use veerkracht_app::state::{AppState, LockCause};
use veerkracht_app::system_lock::{watch, Bus, Watch};
use veerkracht_core::Lang;
use veerkracht_store::Error as StoreError;
use veerkracht_usecases::Session;

const PASS: &str = "een lange geheime zin om te slapen";
const OURS: &str = "/org/freedesktop/login1/session/_31";
const MANAGER: (&str, &str) = ("/org/freedesktop/login1", "org.freedesktop.login1.Manager");

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
        .stderr(Stdio::null())
        .spawn()
        .expect("dbus-daemon runs (package dbus-daemon; `make test` installs it)");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    (Daemon(child), line.trim().to_string())
}

fn connect(address: &str) -> zbus::blocking::Connection {
    zbus::blocking::connection::Builder::address(address)
        .unwrap()
        .build()
        .unwrap()
}

/// logind as far as the app uses it: `Inhibit` returns the write end of a
/// pipe and keeps the read end, whose end of file says the app let go.
struct FakeLogind {
    readers: Arc<Mutex<Vec<std::io::PipeReader>>>,
}

#[zbus::interface(name = "org.freedesktop.login1.Manager")]
impl FakeLogind {
    fn inhibit(&self, what: &str, _who: &str, _why: &str, mode: &str) -> zbus::zvariant::OwnedFd {
        assert_eq!((what, mode), ("sleep", "delay"));
        let (reader, writer) = std::io::pipe().unwrap();
        self.readers.lock().unwrap().push(reader);
        std::os::fd::OwnedFd::from(writer).into()
    }
}

fn emit(
    conn: &zbus::blocking::Connection,
    to: Option<&str>,
    path: &str,
    interface: &str,
    member: &str,
    flag: Option<bool>,
) {
    match flag {
        Some(b) => conn.emit_signal(to, path, interface, member, &b),
        None => conn.emit_signal(to, path, interface, member, &()),
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

/// A state with the vault unlocked (the previous lock may still be
/// finishing its backup, which holds the vault for a moment).
fn unlocked(dir: &std::path::Path, address: &str) -> Arc<AppState> {
    let state = AppState::new(dir.to_path_buf(), Lang::Nl);
    let deadline = Instant::now() + Duration::from_secs(10);
    let session = loop {
        let opened = if veerkracht_store::exists(dir) {
            Session::open(dir, PASS, None)
        } else {
            Session::create(dir, PASS)
        };
        match opened {
            Ok(s) => break s,
            Err(veerkracht_usecases::Error::Store(StoreError::VaultInUse { .. }))
                if Instant::now() < deadline =>
            {
                std::thread::sleep(Duration::from_millis(50))
            }
            Err(e) => panic!("unlock: {e:?}"),
        }
    };
    state.open_session(session);
    let listening = watch(
        state.clone(),
        Watch {
            system: Bus::At(address.into()),
            session: Bus::At(address.into()),
            login_session: Some(OURS.into()),
        },
    );
    assert_eq!(listening, 4, "every signal is listened to");
    state
}

/// Whether the read end reaches end of file (every write end closed)
/// within a few seconds.
fn released(reader: std::io::PipeReader) -> bool {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = reader;
        let mut byte = [0u8; 1];
        let _ = tx.send(reader.read(&mut byte).map(|n| n == 0).unwrap_or(false));
    });
    rx.recv_timeout(Duration::from_secs(5)).unwrap_or(false)
}

#[test]
fn sleep_and_screen_lock_lock_the_vault_and_nothing_else_does() {
    let (_daemon, address) = private_bus();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");

    let readers = Arc::new(Mutex::new(Vec::new()));
    let logind = connect(&address);
    logind
        .object_server()
        .at(
            MANAGER.0,
            FakeLogind {
                readers: readers.clone(),
            },
        )
        .unwrap();
    logind.request_name("org.freedesktop.login1").unwrap();
    let stranger = connect(&address);

    let state = unlocked(&dir, &address);
    assert_eq!(
        readers.lock().unwrap().len(),
        1,
        "a sleep inhibitor is held"
    );

    // What must not lock.
    emit(
        &logind,
        None,
        MANAGER.0,
        MANAGER.1,
        "PrepareForSleep",
        Some(false),
    );
    emit(
        &logind,
        None,
        "/org/freedesktop/login1/session/_32",
        "org.freedesktop.login1.Session",
        "Lock",
        None,
    );
    emit(
        &stranger,
        None,
        "/org/freedesktop/ScreenSaver",
        "org.freedesktop.ScreenSaver",
        "ActiveChanged",
        Some(false),
    );
    emit(
        &stranger,
        None,
        MANAGER.0,
        MANAGER.1,
        "PrepareForSleep",
        Some(true),
    );
    emit(
        &stranger,
        None,
        OURS,
        "org.freedesktop.login1.Session",
        "Lock",
        None,
    );
    // Sent straight to every connection on the bus, as a local program can.
    let names = zbus::blocking::fdo::DBusProxy::new(&stranger)
        .unwrap()
        .list_names()
        .unwrap();
    for name in names
        .iter()
        .map(|n| n.to_string())
        .filter(|n| n.starts_with(':'))
    {
        emit(
            &stranger,
            Some(&name),
            MANAGER.0,
            MANAGER.1,
            "PrepareForSleep",
            Some(true),
        );
        emit(
            &stranger,
            Some(&name),
            OURS,
            "org.freedesktop.login1.Session",
            "Lock",
            None,
        );
    }
    std::thread::sleep(Duration::from_millis(800));
    assert!(state.is_unlocked(), "none of these locks the vault");

    // Suspend: locked, then the inhibitor released.
    let first = readers.lock().unwrap().pop().unwrap();
    emit(
        &logind,
        None,
        MANAGER.0,
        MANAGER.1,
        "PrepareForSleep",
        Some(true),
    );
    assert!(released(first), "the inhibitor is released once locked");
    assert!(
        !state.is_unlocked(),
        "the vault was locked before the release"
    );
    assert_eq!(
        state.locked_by(),
        Some(LockCause::System),
        "the unlock screen says why"
    );
    // Resume: a new inhibitor for the next sleep.
    emit(
        &logind,
        None,
        MANAGER.0,
        MANAGER.1,
        "PrepareForSleep",
        Some(false),
    );
    let deadline = Instant::now() + Duration::from_secs(5);
    while readers.lock().unwrap().is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(
        readers.lock().unwrap().len(),
        1,
        "taken again after the resume"
    );
    drop(state);

    // `loginctl lock-session` of this session.
    let state = unlocked(&dir, &address);
    emit(
        &logind,
        None,
        OURS,
        "org.freedesktop.login1.Session",
        "Lock",
        None,
    );
    assert!(wait_until_locked(&state), "a lock of this session locks");
    drop(state);

    // The desktop's screen saver, both names.
    for (path, interface) in [
        (
            "/org/freedesktop/ScreenSaver",
            "org.freedesktop.ScreenSaver",
        ),
        ("/org/gnome/ScreenSaver", "org.gnome.ScreenSaver"),
    ] {
        let state = unlocked(&dir, &address);
        emit(
            &stranger,
            None,
            path,
            interface,
            "ActiveChanged",
            Some(true),
        );
        assert!(wait_until_locked(&state), "{interface} locks");
    }
}
