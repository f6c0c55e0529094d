//! The app's process keeps its memory to itself (SECURITY.md, "Memory
//! after lock"): no core dump, and (Linux) not dumpable, so that programs of
//! the same user cannot attach to it or read `/proc/PID/mem`. Its own test
//! binary, because it changes the process it runs in.

#[test]
fn the_app_process_writes_no_core_dump_and_cannot_be_read_by_the_same_user() {
    assert_eq!(veerkracht_app::harden_process(), Vec::<String>::new());
    #[cfg(unix)]
    {
        let limit = rustix::process::getrlimit(rustix::process::Resource::Core);
        assert_eq!((limit.current, limit.maximum), (Some(0), Some(0)));
    }
    #[cfg(target_os = "linux")]
    {
        assert_eq!(
            rustix::process::dumpable_behavior().unwrap(),
            rustix::process::DumpableBehavior::NotDumpable
        );
    }
}
