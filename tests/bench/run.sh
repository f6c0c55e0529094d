#!/usr/bin/env bash
# The performance bench (`make bench`), or its tiny form (`tests/bench/run.sh tiny`,
# part of `make test`: 1k encounters, debug builds, one app start) that keeps
# it working. Prints one table; see docs/PERFORMANCE.md for what it means.
#
#   BENCH_SIZES=10000,100000   fewer sizes (default 10000,100000,1000000)
#   BENCH_YEAR_ENCOUNTERS=N    size of the year-after-its-parts line (default 100000)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
mode=${1:-full}

# The app's single-instance hand-over wants a session bus; CI has none.
if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ] && command -v dbus-run-session >/dev/null 2>&1 \
   && [ -z "${VEERKRACHT_BENCH_IN_BUS:-}" ]; then
  export VEERKRACHT_BENCH_IN_BUS=1
  exec dbus-run-session -- "$0" "$@"
fi
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
target=${CARGO_TARGET_DIR:-$root/target}
export LANG=C.UTF-8 LC_ALL=C.UTF-8

# DuckDB from PyPI, in the same private environment as the package tests.
venv=${VEERKRACHT_TEST_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/veerkracht/test-venv}
if ! "$venv/bin/python" -c 'import duckdb' 2>/dev/null; then
  echo "==> installing DuckDB (PyPI) into $venv"
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  "$venv/bin/pip" install -q duckdb
fi

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
if [ -z "${DISPLAY:-}" ] || [ -n "${CI:-}" ]; then
  for n in $(seq 150 199); do
    [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] || { display=":$n"; break; }
  done
  Xvfb "$display" -screen 0 1366x900x24 -nolisten tcp >/dev/null 2>&1 &
  pids+=($!)
  export DISPLAY=$display
  for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done
fi

if [ "$mode" = tiny ]; then
  cargo build -q -p veerkracht-cli -p veerkracht-bench -p veerkracht-app
  cargo build -q -p veerkracht-app --example blank_window
  exec "$target/debug/veerkracht-bench" run --sizes 1000 --saves 20 --starts 1 \
    --python "$venv/bin/python" \
    --app "$target/debug/veerkracht-app" --blank "$target/debug/examples/blank_window"
fi

echo "==> release builds: the CLI, the bench, the app and its .deb, a blank Tauri window"
npm --prefix ui run --silent build
cargo build -q --release -p veerkracht-cli -p veerkracht-bench
cargo build -q --release -p veerkracht-app --example blank_window
rm -rf "$target/release/bundle/deb"
(cd src-tauri && "$root/ui/node_modules/.bin/tauri" build --bundles deb >"$target/tauri-build.log" 2>&1) \
  || { tail -n 30 "$target/tauri-build.log"; exit 1; }
deb=$(ls "$target"/release/bundle/deb/*.deb | head -n 1)
echo "==> bench on $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(uname -sr)"
"$target/release/veerkracht-bench" run --sizes "${BENCH_SIZES:-10000,100000,1000000}" \
  --python "$venv/bin/python" \
  --app "$target/release/veerkracht-app" --blank "$target/release/examples/blank_window" \
  --deb "$deb" --markdown "$target/bench.md"
echo "(table also in $target/bench.md)"
# Issue 13's bench line: the year after its quarters and months at 100k
# encounters (export + audit of each, then `veerkracht audit` of all 17).
tests/bench/year_after_parts.sh "$target/release/veerkracht" "${BENCH_YEAR_ENCOUNTERS:-100000}"
# Exports late in a year of many releases, with corrections between them
# (a small vault: February again after six families' housing changed).
tests/bench/many_releases.sh "$target/release/veerkracht"
