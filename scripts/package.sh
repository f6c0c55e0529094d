#!/usr/bin/env bash
# Builds the Linux packages (.deb and .rpm) offline: the app, the
# `veerkracht` command line on the PATH, a desktop entry, icons, the licence,
# the third-party licences, the changelog.
# Usage: scripts/package.sh [--debug] [--out DIR]
#   --debug  bundles debug builds (what `make test` installs: same layout,
#            no release build); the default is a release build.
# Prints the paths of the packages; they are also copied to DIR (default
# dist/).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
profile=release
out=$root/dist
while [ $# -gt 0 ]; do
  case "$1" in
    --debug) profile=debug ;;
    --out) out=$2; shift ;;
    *) echo "usage: scripts/package.sh [--debug] [--out DIR]" >&2; exit 2 ;;
  esac
  shift
done
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
target=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
# Absolute, so the Tauri CLI (run from src-tauri/) builds into the same place.
export CARGO_TARGET_DIR=$target
release_flag=(); debug_flag=(--debug)
if [ "$profile" = release ]; then release_flag=(--release); debug_flag=(); fi

# Same inputs, same package contents: timestamps come from the commit, paths
# of this checkout do not end up in the binaries.
SOURCE_DATE_EPOCH=$(git log -1 --format=%ct 2>/dev/null || date +%s)
export SOURCE_DATE_EPOCH
# (Debug packages, for the install test, reuse the test build as it is.)
if [ "$profile" = release ]; then
  export RUSTFLAGS="${RUSTFLAGS:-} --remap-path-prefix=$target=/target --remap-path-prefix=$root=/veerkracht --remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}=/cargo"
  # The C and C++ parts (HiGHS, mimalloc, zstd) likewise.
  prefix_map="-ffile-prefix-map=$target=/target -ffile-prefix-map=$root=/veerkracht -ffile-prefix-map=${CARGO_HOME:-$HOME/.cargo}=/cargo"
  export CFLAGS="${CFLAGS:-} $prefix_map" CXXFLAGS="${CXXFLAGS:-} $prefix_map"
fi

echo "==> $profile builds of the CLI and the app" >&2
cargo build -q "${release_flag[@]}" -p veerkracht-cli
cli=$target/$profile/veerkracht
[ -x "$cli" ] || { echo "no CLI binary at $cli" >&2; exit 1; }

# The CLI goes to /usr/bin beside the app. Its path depends on the target
# directory, so it is added through a configuration overlay (merged into
# tauri.conf.json by the Tauri CLI).
overlay=$(mktemp --suffix=.json)
trap 'rm -f "$overlay"' EXIT
python3 - "$cli" "$overlay" <<'PY'
import json, sys
conf = json.load(open("src-tauri/tauri.conf.json"))
cli, overlay = sys.argv[1], sys.argv[2]
linux = conf["bundle"]["linux"]
for kind in ("deb", "rpm"):
    files = dict(linux[kind].get("files", {}))
    files["/usr/bin/veerkracht"] = cli
    linux[kind]["files"] = files
json.dump({"bundle": {"linux": linux}}, open(overlay, "w"))
PY

echo "==> bundling .deb and .rpm" >&2
rm -rf "$target/$profile/bundle/deb" "$target/$profile/bundle/rpm"
log=$target/tauri-bundle.log
(cd src-tauri && "$root/ui/node_modules/.bin/tauri" build "${debug_flag[@]}" --bundles deb,rpm \
  --config "$overlay" >"$log" 2>&1) || { tail -n 40 "$log" >&2; exit 1; }

mkdir -p "$out"
rm -f "$out"/*.deb "$out"/*.rpm
for f in "$target/$profile"/bundle/deb/*.deb "$target/$profile"/bundle/rpm/*.rpm; do
  cp "$f" "$out/"
  echo "$out/$(basename "$f")"
done
