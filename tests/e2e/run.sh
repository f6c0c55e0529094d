#!/usr/bin/env bash
# End-to-end tests in the real app: tauri-driver + WebKitWebDriver under a
# virtual screen, driven by WebdriverIO from node's test runner.
# Uses a throwaway vault; leaves nothing running.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

# A private session bus: the single-instance hand-over (D-Bus on Linux) and
# WebKit's accessibility bus want one, and a CI machine has none.
if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ] && command -v dbus-run-session >/dev/null 2>&1 \
   && [ -z "${VEERKRACHT_E2E_IN_BUS:-}" ]; then
  export VEERKRACHT_E2E_IN_BUS=1
  exec dbus-run-session -- "$0" "$@"
fi
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
target=${CARGO_TARGET_DIR:-$root/target}

cargo build -q -p veerkracht-app
export VEERKRACHT_APP="$target/debug/veerkracht-app"

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# A screen for the window. The display must exist before tauri-driver starts.
if [ -z "${DISPLAY:-}" ] || [ -n "${CI:-}" ]; then
  for n in $(seq 90 140); do
    [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] || { display=":$n"; break; }
  done
  Xvfb "$display" -screen 0 1366x900x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
  pids+=($!)
  export DISPLAY=$display
  for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done
fi

# The app inherits this environment through tauri-driver and WebKitWebDriver.
export VEERKRACHT_DATA_DIR="$work/vault"
# The plain C (US) locale, as on many machines: the app must show and read
# dates as the worker's language expects (dd-mm-jjjj, jj/mm/aaaa), never as
# the operating system's locale would (mm/dd/yyyy).
export LANG=C LC_ALL=C
unset LANGUAGE LC_TIME LC_MESSAGES
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
native=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
tauri-driver --port "$port" --native-port "$native" --native-driver "$(command -v WebKitWebDriver)" >"$work/driver.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
  python3 -c "import socket,sys; socket.create_connection(('127.0.0.1',$port),0.2)" 2>/dev/null && break
  sleep 0.1
done
export WEBDRIVER_PORT=$port

start=$(date +%s)
status=0
node --test --test-concurrency=1 tests/e2e/ || status=$?
echo "end-to-end: $(( $(date +%s) - start )) s"
if [ $status -ne 0 ]; then
  echo "--- tauri-driver log ---"; tail -n 40 "$work/driver.log" || true
fi
exit $status
