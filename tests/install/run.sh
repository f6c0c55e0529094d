#!/usr/bin/env bash
# Installs the .deb on this machine, runs the installed CLI and app, removes
# it again; inspects the .rpm. Leaves no package installed and touches no
# vault (the app runs with a throwaway HOME and is stopped at its first
# screen).
# Usage: tests/install/run.sh [--debug]   (make test: --debug; make package-test: release)
#        tests/install/run.sh --from DIR  (packages built before, e.g. by reproducible.sh --keep)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
failures=0
ok() { echo "ok - $*"; }
fail() { echo "FAIL - $*"; failures=$((failures + 1)); }
check() { local what=$1; shift; if "$@" >/dev/null 2>&1; then ok "$what"; else fail "$what"; fi; }

if dpkg-query -W -f='${Status}' veerkracht 2>/dev/null | grep -q 'install ok installed'; then
  echo "veerkracht is installed on this machine already: not replacing it with a test build" >&2
  exit 1
fi

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if dpkg-query -W -f='${Status}' veerkracht 2>/dev/null | grep -q 'install ok installed'; then
    as_root apt-get remove -y -qq veerkracht >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

start=$SECONDS
if [ "${1:-}" = --from ]; then
  dist=$2
else
  dist=$work/dist
  scripts/package.sh "$@" --out "$dist" >/dev/null
fi
mapfile -t built < <(ls "$dist"/*.deb "$dist"/*.rpm 2>/dev/null)
[ "${#built[@]}" = 2 ] || { echo "expected one .deb and one .rpm in $dist, found: ${built[*]:-none}" >&2; exit 1; }
deb=$(printf '%s\n' "${built[@]}" | grep '\.deb$')
rpm=$(printf '%s\n' "${built[@]}" | grep '\.rpm$')
echo "packages: $(basename "$deb") ($(du -m "$deb" | cut -f1) MB) and $(basename "$rpm") ($(du -m "$rpm" | cut -f1) MB), ready after $((SECONDS - start)) s"
version=$(cargo metadata --format-version 1 --no-deps \
  | python3 -c 'import json,sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"]=="veerkracht-cli"))')

# What the packages hold, before anything is installed.
deb_files=$(dpkg-deb --contents "$deb" | awk '{print $6}' | sed 's|^\./||; s|^|/|')
rpm_files=$(rpm -qlp "$rpm" 2>/dev/null)
for f in /usr/bin/veerkracht /usr/bin/veerkracht-app /usr/share/applications/Veerkracht.desktop \
         /usr/share/doc/veerkracht/LICENSE /usr/share/doc/veerkracht/THIRD-PARTY-LICENSES.md \
         /usr/share/doc/veerkracht/CHANGELOG.md /usr/share/icons/hicolor/128x128/apps/veerkracht-app.png; do
  check ".deb holds $f" grep -qx "$f" <<<"$deb_files"
  check ".rpm holds $f" grep -qx "$f" <<<"$rpm_files"
done
check ".deb version is $version" test "$(dpkg-deb -f "$deb" Version)" = "$version"
check ".rpm version is $version" test "$(rpm -qp --qf '%{VERSION}' "$rpm" 2>/dev/null)" = "$version"
check ".rpm licence is EUPL-1.2" test "$(rpm -qp --qf '%{LICENSE}' "$rpm" 2>/dev/null)" = "EUPL-1.2"
check ".rpm checksums hold" rpm -K --nosignature "$rpm"

# Install it as an IT department would.
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb" >"$work/apt.log" 2>&1 \
  || { cat "$work/apt.log"; fail "apt-get install ./$(basename "$deb")"; exit 1; }
ok "apt-get install $(basename "$deb")"
check "the CLI is on the PATH" test "$(command -v veerkracht)" = /usr/bin/veerkracht
check "veerkracht --version says $version" test "$(/usr/bin/veerkracht --version)" = "veerkracht $version"
check "the desktop entry is valid" desktop-file-validate /usr/share/applications/Veerkracht.desktop
check "the desktop entry starts the app" grep -qx 'Exec=veerkracht-app' /usr/share/applications/Veerkracht.desktop
check "the desktop entry speaks Dutch and French" grep -q '^Comment\[fr\]=' /usr/share/applications/Veerkracht.desktop

# The installed CLI works on a throwaway vault.
export HOME=$work/home XDG_DATA_HOME=$work/home/.local/share
mkdir -p "$HOME"
unset VEERKRACHT_DATA_DIR
check "the installed CLI prints the codebook" sh -c '/usr/bin/veerkracht codebook | grep -q housing'

# The installed app starts to its first screen under a virtual screen.
display=
for n in $(seq 150 199); do
  [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] || { display=":$n"; break; }
done
[ -n "$display" ] || { echo "no free X display number in :150-:199" >&2; exit 1; }
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done
: >"$work/app.log"
# Its own process group, so the stop reaches the app and nothing else.
setsid env DISPLAY="$display" dbus-run-session -- /usr/bin/veerkracht-app >"$work/app.log" 2>&1 &
app=$!
pids+=($app)
ready=no
for _ in $(seq 600); do
  if grep -q 'veerkracht-ready' "$work/app.log"; then ready=yes; break; fi
  kill -0 "$app" 2>/dev/null || break
  sleep 0.1
done
if [ "$ready" = yes ]; then ok "the installed app shows its first screen ($(grep -o 'veerkracht-ready [0-9]* ms' "$work/app.log"))"
else fail "the installed app shows its first screen"; tail -n 20 "$work/app.log"; fi
kill -- -"$app" 2>/dev/null || true
wait "$app" 2>/dev/null || true
vault_dir=$XDG_DATA_HOME/veerkracht
check "no vault was created by starting the app" test ! -e "$vault_dir/vault.json"

# Removal leaves nothing of the package and keeps every vault.
echo keep >"$work/home/marker"
as_root apt-get remove -y -qq veerkracht >"$work/apt.log" 2>&1 && ok "apt-get remove veerkracht" || fail "apt-get remove veerkracht"
check "the CLI is gone" test ! -e /usr/bin/veerkracht
check "the app is gone" test ! -e /usr/bin/veerkracht-app
check "the desktop entry is gone" test ! -e /usr/share/applications/Veerkracht.desktop
check "the user's files are kept" test -e "$work/home/marker"

echo "install test: $((SECONDS - start)) s, $failures failed"
[ "$failures" = 0 ]
