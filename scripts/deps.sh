#!/usr/bin/env bash
# Installs what building, running or testing Veerkracht needs and is missing.
# Usage: scripts/deps.sh run|test
# Idempotent and quiet when everything is present; uses sudo when not root.
set -euo pipefail
cd "$(dirname "$0")/.."
purpose=${1:-run}

say() { printf '==> %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Debian packages: the WebKitGTK stack Tauri links against, pkg-config and a
# C toolchain; for tests also a virtual screen and the WebKit WebDriver.
packages=(build-essential pkg-config cmake libclang-dev libwebkit2gtk-4.1-dev libgtk-3-dev
  libayatana-appindicator3-dev librsvg2-dev libsoup-3.0-dev libxdo-dev libssl-dev)
if [ "$purpose" = test ]; then
  # chromium prints the researcher's report to PDF (A4 check);
  # poppler-utils renders PDF pages to PNG for the documentation.
  # rpm and desktop-file-utils inspect the built packages.
  packages+=(xvfb xauth webkit2gtk-driver dbus-daemon dbus-bin chromium poppler-utils rpm desktop-file-utils)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ! command -v node >/dev/null 2>&1; then missing+=(nodejs npm); fi
if [ "$purpose" = test ] && ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
  missing+=(python3-venv)
fi
if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    say "missing system packages (${missing[*]}) and no apt-get: install them by hand"; exit 1
  fi
  say "installing system packages: ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null 2>&1; then
  say "Rust (cargo) is missing: install it with rustup (https://rustup.rs) or 'apt-get install cargo', then run this again"
  exit 1
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  say "Node.js $(node --version) is too old: the UI build needs Node 20.19 or newer"; exit 1
fi

# npm packages: reinstalled when package.json changed since the last install.
# (npm ci is not used: the lock file cannot list every platform's CLI binary.)
if [ ! -d ui/node_modules ] || [ ui/package.json -nt ui/node_modules/.install-stamp ]; then
  say "installing npm packages"
  (cd ui && npm install --no-audit --no-fund --loglevel=error)
  touch ui/node_modules/.install-stamp
fi

if [ "$purpose" = test ] && ! cargo fuzz --version >/dev/null 2>&1; then
  say "installing cargo-fuzz (libFuzzer driver for the fuzz tests)"
  cargo install cargo-fuzz --locked --quiet
fi

if [ "$purpose" = test ] && ! command -v tauri-driver >/dev/null 2>&1 \
   && [ ! -x "${CARGO_HOME:-$HOME/.cargo}/bin/tauri-driver" ]; then
  say "installing tauri-driver (WebDriver bridge for the end-to-end tests)"
  cargo install tauri-driver --locked --quiet
fi
