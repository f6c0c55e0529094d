#!/usr/bin/env bash
# Regenerates licences/third-party.json and THIRD-PARTY-LICENSES.md from
# Cargo.lock (cargo-about, offline) and the UI's production npm packages
# (license-checker-rseidelsohn). Run after changing a dependency; a test
# fails until you do.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
if ! command -v cargo-about >/dev/null 2>&1; then
  echo "==> installing cargo-about" >&2
  cargo install --locked cargo-about --features cli --quiet
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Every platform's crates in the cache (from crates.io), then cargo-about
# offline: licence texts only from the crates' own files.
cargo fetch --quiet
cargo about generate --offline --fail --format json --config licences/about.toml --workspace \
  --manifest-path Cargo.toml -o "$work/cargo.json"
(cd ui && npx --yes license-checker-rseidelsohn@4 --production --json --excludePrivatePackages \
  --out "$work/npm.json" >/dev/null)
# SPDX's licence texts, for the few npm packages that ship without a file.
(cd "$work" && npm pack --silent spdx-license-list@6 >/dev/null && tar xzf spdx-license-list-*.tgz)
python3 scripts/licences.py build "$work/cargo.json" "$work/npm.json" "$work/package/licenses"
