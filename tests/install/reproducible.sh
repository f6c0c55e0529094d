#!/usr/bin/env bash
# Two release builds of the same commit, from two fresh clones in different
# folders with their own target directories, must give packages with the same
# files (names, modes and contents). Prints every difference. About 25
# minutes on two cores; not part of `make test`.
# Usage: tests/install/reproducible.sh [--keep DIR]  (DIR: the first build's packages)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
command -v cpio >/dev/null || { echo "needs cpio (apt-get install cpio) to compare the .rpm files" >&2; exit 2; }
keep=
[ "${1:-}" = --keep ] && keep=$2
commit=$(git rev-parse HEAD)
work=$(mktemp -d /var/tmp/veerkracht-repro.XXXX)
trap 'rm -rf "$work"' EXIT
for n in a b; do
  git clone -q "$root" "$work/$n-src-$n"
  git -C "$work/$n-src-$n" checkout -q "$commit"
  ln -s "$root/ui/node_modules" "$work/$n-src-$n/ui/node_modules"
  [ -e "$root/../shared" ] && ln -s "$(readlink -f "$root/../shared")" "$work/shared" 2>/dev/null || true
  echo "==> build $n in $work/$n-src-$n"
  (cd "$work/$n-src-$n" && CARGO_TARGET_DIR="$work/$n-target" scripts/package.sh --out "$work/$n-dist" >/dev/null)
done
if [ -n "$keep" ]; then mkdir -p "$keep" && cp "$work"/a-dist/* "$keep"/; fi
status=0
for kind in deb rpm; do
  for n in a b; do
    mkdir -p "$work/$n-$kind"
    f=$(ls "$work/$n-dist"/*."$kind")
    if [ "$kind" = deb ]; then dpkg-deb -x "$f" "$work/$n-$kind"
    else (cd "$work/$n-$kind" && rpm2cpio "$f" | cpio -idm --quiet); fi
    (cd "$work/$n-$kind" && find . -type f -printf '%m %p\n' | sort | while read -r mode path; do
      echo "$mode $(sha256sum "$path" | cut -d' ' -f1) $path"; done) >"$work/$n-$kind.list"
  done
  if diff "$work/a-$kind.list" "$work/b-$kind.list"; then
    echo "ok - the two .$kind packages hold the same $(wc -l <"$work/a-$kind.list") files"
  else
    echo "FAIL - the two .$kind packages differ (above)"; status=1
  fi
done
exit $status
