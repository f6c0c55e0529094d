//! Keeping sled's panics inside the store.
//!
//! sled 0.34.7 panics in a few places where an error would do: the last
//! `fsync` when a database closes (`Log::drop`: `sync_all().unwrap()`),
//! some assertions on damaged files at open. A panic there killed the CLI
//! (exit 101 with a backtrace) or the app. [`quietly`] runs such a step,
//! catches the panic and hands it back as text; while it runs, the panic
//! hook stays silent on this thread, so nothing is printed for a failure
//! that the caller reports as an ordinary error.
//!
//! The hook is installed once, in front of whatever hook was there; a
//! program that installs its own hook later still gets the panic contained,
//! only no longer silent.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    static SILENT: Cell<bool> = const { Cell::new(false) };
}

static HOOK: Once = Once::new();

fn install_hook() {
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !SILENT.with(Cell::get) {
                previous(info);
            }
        }));
    });
}

/// Runs `f`; a panic in it comes back as `Err(message)` instead of
/// unwinding further, and prints nothing.
pub(crate) fn quietly<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    install_hook();
    let was = SILENT.with(|s| s.replace(true));
    let outcome = panic::catch_unwind(AssertUnwindSafe(f));
    SILENT.with(|s| s.set(was));
    outcome.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_error_and_later_panics_are_still_panics() {
        assert_eq!(quietly(|| 7), Ok(7));
        let caught = quietly(|| -> u8 { panic!("fsync failed: {}", 5) });
        assert_eq!(caught, Err("fsync failed: 5".to_string()));
        let nested = quietly(|| quietly(|| -> u8 { panic!("inner") }).is_err());
        assert_eq!(nested, Ok(true));
        assert!(!SILENT.with(Cell::get), "silence ends with the step");
        assert!(std::panic::catch_unwind(|| panic!("loud")).is_err());
    }
}
