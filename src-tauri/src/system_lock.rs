//! Locks the vault when the computer goes to sleep or its screen is locked,
//! not only after the auto-lock delay: a laptop closed in a hurry or a
//! screen locked with Super+L must not leave an unlocked session behind.
//!
//! On Linux it listens on D-Bus (local IPC, no network) for:
//! - logind's `PrepareForSleep(true)` (suspend, hibernate) on the system
//!   bus. The app holds a *delay* inhibitor (`Inhibit("sleep", …,
//!   "delay")`), so logind waits (up to its `InhibitDelayMaxSec`, 5 s by
//!   default) until the vault is locked and the key has left memory before
//!   the machine sleeps; the inhibitor is taken again after the resume.
//! - logind's `Lock` of this login session (`loginctl lock-session`, what
//!   most desktops send when the screen locks).
//! - the screen saver's `ActiveChanged(true)` (`org.freedesktop.ScreenSaver`,
//!   `org.gnome.ScreenSaver`) on the session bus.
//!
//! logind's signals count only when their sender is the current owner of
//! `org.freedesktop.login1` (a bus match rule alone does not stop a signal
//! sent straight to the app). Any signal can only lock; none unlocks.
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

/// Where to listen, and for which login session's `Lock`.
#[derive(Debug, Clone)]
pub struct Watch {
    pub system: Bus,
    pub session: Bus,
    /// logind's object path of this login session; `None` when unknown
    /// (then a `Lock` of any session locks).
    pub login_session: Option<String>,
}

impl Watch {
    /// The machine's buses and this process's login session.
    pub fn of_this_machine() -> Watch {
        Watch {
            system: Bus::System,
            session: Bus::Session,
            login_session: own_login_session(),
        }
    }
}

#[cfg(target_os = "linux")]
mod linux {
    use super::{Bus, Watch};
    use crate::state::Shared;

    pub(super) const LOGIND: &str = "org.freedesktop.login1";
    const LOGIND_PATH: &str = "/org/freedesktop/login1";
    const MANAGER: &str = "org.freedesktop.login1.Manager";

    /// What a signal does.
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum Action {
        /// `PrepareForSleep(b)`: lock when true, then release the delay
        /// inhibitor; take it again when false.
        Sleep,
        /// A session's `Lock`: lock when it is ours.
        SessionLock,
        /// `ActiveChanged(b)`: lock when true.
        ScreenSaver,
    }

    struct Trigger {
        system: bool,
        interface: &'static str,
        member: &'static str,
        action: Action,
    }

    const TRIGGERS: [Trigger; 4] = [
        Trigger {
            system: true,
            interface: MANAGER,
            member: "PrepareForSleep",
            action: Action::Sleep,
        },
        Trigger {
            system: true,
            interface: "org.freedesktop.login1.Session",
            member: "Lock",
            action: Action::SessionLock,
        },
        Trigger {
            system: false,
            interface: "org.freedesktop.ScreenSaver",
            member: "ActiveChanged",
            action: Action::ScreenSaver,
        },
        Trigger {
            system: false,
            interface: "org.gnome.ScreenSaver",
            member: "ActiveChanged",
            action: Action::ScreenSaver,
        },
    ];

    pub(super) fn connect(bus: &Bus) -> zbus::Result<zbus::blocking::Connection> {
        match bus {
            Bus::System => zbus::blocking::Connection::system(),
            Bus::Session => zbus::blocking::Connection::session(),
            Bus::At(address) => {
                zbus::blocking::connection::Builder::address(address.as_str())?.build()
            }
        }
    }

    pub(super) fn watch(state: Shared, watch: Watch) -> usize {
        let mut listening = 0;
        for t in &TRIGGERS {
            let bus = if t.system {
                &watch.system
            } else {
                &watch.session
            };
            match listen(state.clone(), bus, t, watch.login_session.clone()) {
                Ok(()) => listening += 1,
                Err(e) => eprintln!(
                    "veerkracht: not locking on {}.{} ({e})",
                    t.interface, t.member
                ),
            }
        }
        listening
    }

    /// Whether `message` comes from whoever owns logind's name now.
    fn from_logind(conn: &zbus::blocking::Connection, message: &zbus::Message) -> bool {
        let Some(sender) = message.header().sender().map(|s| s.to_string()) else {
            return false;
        };
        let owner = conn
            .call_method(
                Some("org.freedesktop.DBus"),
                "/org/freedesktop/DBus",
                Some("org.freedesktop.DBus"),
                "GetNameOwner",
                &(LOGIND,),
            )
            .and_then(|reply| reply.body().deserialize::<String>());
        owner.is_ok_and(|owner| owner == sender)
    }

    /// A delay inhibitor for sleep: logind waits for its release (or its
    /// timeout) before the machine sleeps. `None` without logind.
    fn inhibit_sleep(conn: &zbus::blocking::Connection) -> Option<zbus::zvariant::OwnedFd> {
        conn.call_method(
            Some(LOGIND),
            LOGIND_PATH,
            Some(MANAGER),
            "Inhibit",
            &(
                "sleep",
                "Veerkracht",
                "Lock the vault before the computer sleeps",
                "delay",
            ),
        )
        .and_then(|reply| reply.body().deserialize::<zbus::zvariant::OwnedFd>())
        .ok()
    }

    /// Subscribes before returning (so a signal sent once this returns is
    /// seen), then waits for the signal on a thread of its own.
    fn listen(
        state: Shared,
        bus: &Bus,
        t: &'static Trigger,
        login_session: Option<String>,
    ) -> zbus::Result<()> {
        let conn = connect(bus)?;
        let rule = zbus::MatchRule::builder()
            .msg_type(zbus::message::Type::Signal)
            .interface(t.interface)?
            .member(t.member)?
            .build();
        let messages = zbus::blocking::MessageIterator::for_match_rule(rule, &conn, None)?;
        let mut inhibitor = match t.action {
            Action::Sleep => inhibit_sleep(&conn),
            _ => None,
        };
        std::thread::Builder::new()
            .name(format!("lock-on-{}", t.member))
            .spawn(move || {
                for message in messages.flatten() {
                    let flag = || message.body().deserialize::<bool>().unwrap_or(false);
                    match t.action {
                        Action::Sleep if from_logind(&conn, &message) => {
                            if flag() {
                                state.lock_now();
                                // The key is gone: let the machine sleep.
                                inhibitor = None;
                            } else if inhibitor.is_none() {
                                inhibitor = inhibit_sleep(&conn);
                            }
                        }
                        Action::SessionLock if from_logind(&conn, &message) => {
                            let path = message.header().path().map(|p| p.to_string());
                            if login_session.is_none() || path == login_session {
                                state.lock_now();
                            }
                        }
                        Action::ScreenSaver if flag() => {
                            state.lock_now();
                        }
                        _ => {}
                    }
                }
                drop(inhibitor);
            })
            .map_err(|e| zbus::Error::Failure(e.to_string()))?;
        Ok(())
    }

    /// logind's path of this process's login session, asked of logind.
    pub(super) fn own_login_session() -> Option<String> {
        let conn = zbus::blocking::Connection::system().ok()?;
        let reply = conn
            .call_method(
                Some(LOGIND),
                LOGIND_PATH,
                Some(MANAGER),
                "GetSessionByPID",
                &(std::process::id(),),
            )
            .ok()?;
        let path = reply
            .body()
            .deserialize::<zbus::zvariant::OwnedObjectPath>()
            .ok()?;
        Some(path.to_string())
    }
}

/// Starts one listening thread per signal; returns how many listen (0
/// where no bus answers).
#[cfg(target_os = "linux")]
pub fn watch(state: Shared, watch: Watch) -> usize {
    linux::watch(state, watch)
}

#[cfg(not(target_os = "linux"))]
pub fn watch(_state: Shared, _watch: Watch) -> usize {
    0
}

#[cfg(target_os = "linux")]
fn own_login_session() -> Option<String> {
    linux::own_login_session()
}

#[cfg(not(target_os = "linux"))]
fn own_login_session() -> Option<String> {
    None
}
