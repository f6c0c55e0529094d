//! A blank Tauri window: the baseline the bench compares the app's idle
//! memory with (`make bench`). Same Tauri, same WebKit, same window size,
//! nothing loaded: `about:blank`.

fn main() {
    let mut context = tauri::generate_context!();
    context.config_mut().app.windows.clear();
    tauri::Builder::default()
        .setup(|app| {
            tauri::WebviewWindowBuilder::new(
                app,
                "blank",
                tauri::WebviewUrl::External("about:blank".parse().expect("a URL")),
            )
            .title("blank")
            .inner_size(1200.0, 820.0)
            .build()?;
            Ok(())
        })
        .run(context)
        .expect("error while running the blank window");
}
