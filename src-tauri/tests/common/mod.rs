//! What the app's integration tests share: a command called as the UI
//! calls it, over IPC through `tauri::test`.

use serde_json::Value;
use tauri::test::{MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;

/// Calls `cmd` with `args` on the window, as the UI does; the answer or
/// the error as JSON.
pub fn invoke(
    webview: &tauri::WebviewWindow<MockRuntime>,
    cmd: &str,
    args: Value,
) -> Result<Value, Value> {
    tauri::test::get_ipc_response(
        webview,
        InvokeRequest {
            cmd: cmd.into(),
            callback: tauri::ipc::CallbackFn(0),
            error: tauri::ipc::CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: tauri::ipc::InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|body| body.deserialize::<Value>().unwrap())
}
