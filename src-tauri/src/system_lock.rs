//! Locks the vault when the computer goes to sleep or its screen is locked,
//! not only after the auto-lock delay: a laptop closed in a hurry or a
//! screen locked with Super+L must not leave an unlocked session behind.
//!
//! On Linux it listens on D-Bus (local IPC, no network) for:
//! - logind's `PrepareForSleep(true)` (suspend, hibernate) and a session's
//!   `Lock` (`loginctl lock-session`, what most desktops send when the
//!   screen locks), on the system bus, from `org.freedesktop.login1` only;
//! - the screen saver's `ActiveChanged(true)` (`org.freedesktop.ScreenSaver`,
//!   `org.gnome.ScreenSaver`) on the session bus.
//!
//! A bus that cannot be reached (none running, another platform) is
//! skipped: the auto-lock still holds. Windows and macOS are not covered
//! yet (SECURITY.md).

use crate::state::Shared;

/// Which bus to listen on: the system's own, or one at an address (tests).
#[derive(Debug, Clone)]
pub enum Bus {
    System,
    Session,
    At(String),
}

/// A signal that locks the vault.
struct Trigger {
    system: bool,
    sender: Option<&'static str>,
    interface: &'static str,
    member: &'static str,
    /// Whether the signal carries a boolean that must be true.
    flag: bool,
}

const TRIGGERS: [Trigger; 4] = [
    Trigger {
        system: true,
        sender: Some("org.freedesktop.login1"),
        interface: "org.freedesktop.login1.Manager",
        member: "PrepareForSleep",
        flag: true,
    },
    Trigger {
        system: true,
        sender: Some("org.freedesktop.login1"),
        interface: "org.freedesktop.login1.Session",
        member: "Lock",
        flag: false,
    },
    Trigger {
        system: false,
        sender: None,
        interface: "org.freedesktop.ScreenSaver",
        member: "ActiveChanged",
        flag: true,
    },
    Trigger {
        system: false,
        sender: None,
        interface: "org.gnome.ScreenSaver",
        member: "ActiveChanged",
        flag: true,
    },
];

/// Starts one listening thread per signal; returns how many listen (0
/// where no bus answers). `system` and `session` say where each bus is.
#[cfg(target_os = "linux")]
pub fn watch(state: Shared, system: Bus, session: Bus) -> usize {
    let mut listening = 0;
    for t in &TRIGGERS {
        let bus = if t.system { &system } else { &session };
        match listen(state.clone(), bus, t) {
            Ok(()) => listening += 1,
            Err(e) => eprintln!(
                "veerkracht: not locking on {}.{} ({e})",
                t.interface, t.member
            ),
        }
    }
    listening
}

#[cfg(not(target_os = "linux"))]
pub fn watch(_state: Shared, _system: Bus, _session: Bus) -> usize {
    0
}

#[cfg(target_os = "linux")]
fn connect(bus: &Bus) -> zbus::Result<zbus::blocking::Connection> {
    match bus {
        Bus::System => zbus::blocking::Connection::system(),
        Bus::Session => zbus::blocking::Connection::session(),
        Bus::At(address) => zbus::blocking::connection::Builder::address(address.as_str())?.build(),
    }
}

/// Subscribes before returning (so a signal sent once this returns is
/// seen), then waits for the signal on a thread of its own.
#[cfg(target_os = "linux")]
fn listen(state: Shared, bus: &Bus, t: &'static Trigger) -> zbus::Result<()> {
    let conn = connect(bus)?;
    let mut rule = zbus::MatchRule::builder()
        .msg_type(zbus::message::Type::Signal)
        .interface(t.interface)?
        .member(t.member)?;
    if let Some(sender) = t.sender {
        rule = rule.sender(sender)?;
    }
    let messages = zbus::blocking::MessageIterator::for_match_rule(rule.build(), &conn, None)?;
    std::thread::Builder::new()
        .name(format!("lock-on-{}", t.member))
        .spawn(move || {
            // The connection lives as long as the thread.
            let _conn = conn;
            for message in messages.flatten() {
                let locks = !t.flag || message.body().deserialize::<bool>().unwrap_or(false);
                if locks {
                    state.lock_now();
                }
            }
        })
        .map_err(|e| zbus::Error::Failure(e.to_string()))?;
    Ok(())
}
