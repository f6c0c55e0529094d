//! A blank Tauri window: the baseline the bench compares the app's idle
//! memory with (`make bench`). Same Tauri, same WebKit, same window size;
//! the page is an empty HTML document served by a custom protocol, the way
//! Tauri serves an app's own assets. (`about:blank` would not do: WebKit
//! starts no web process for it, and every real app has one.)

fn main() {
    let mut context = tauri::generate_context!();
    context.config_mut().app.windows.clear();
    tauri::Builder::default()
        .register_uri_scheme_protocol("blank", |_ctx, _request| {
            tauri::http::Response::builder()
                .header("Content-Type", "text/html")
                .body(
                    b"<!doctype html><html><head><title>blank</title></head><body></body></html>"
                        .to_vec(),
                )
                .expect("a response")
        })
        .setup(|app| {
            tauri::WebviewWindowBuilder::new(
                app,
                "blank",
                tauri::WebviewUrl::CustomProtocol("blank://localhost/".parse().expect("a URL")),
            )
            .title("blank")
            .inner_size(1200.0, 820.0)
            .build()?;
            Ok(())
        })
        .run(context)
        .expect("error while running the blank window");
}
