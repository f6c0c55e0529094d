// Without a console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

/// mimalloc instead of the system allocator: unlocking builds hundreds of
/// thousands of small strings, and glibc's malloc made that 40% slower.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // WebKitGTK's accelerated compositing renders through OpenGL; on the
    // machines this app meets (old laptops, VMs, remote desktops) that is
    // mostly Mesa's software renderer, which costs about 80 MB of memory
    // for a forms app that gains nothing from it (see docs/PERFORMANCE.md).
    // Whoever wants it back sets VEERKRACHT_GPU=1 (or the WebKit variable).
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none()
        && std::env::var_os("VEERKRACHT_GPU").is_none_or(|v| v != "1")
    {
        // Still one thread: nothing else reads the environment yet.
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
    veerkracht_app::run();
}
