#!/usr/bin/env bash
# The power-cut harness (see README.md beside this file).
#
#   tests/powercut/run.sh [--cuts N] [--seed S] [--jobs J] [powercut.py options]
#       checks powerfs itself, then cuts the power N times during the CLI's
#       operations; prints the summary tables; exits non-zero on any broken
#       promise, and non-zero, loudly, when FUSE cannot be mounted.
#   tests/powercut/run.sh --regressions
#       replays the cuts in regressions/*.json (each a moment that once broke
#       a promise); exits non-zero if any breaks one again.
#   tests/powercut/run.sh --control [--cuts N]
#       the control run: fsync made a no-op, so the harness MUST find losses;
#       exits 0 when it does, 1 when it failed to notice.
#
# Binaries come from --bin DIR, else $CARGO_TARGET_DIR/debug, else target/debug
# (make powercut builds them). Installs what it needs: Debian's libfuse2 and
# fuse3 (fusermount), and fusepy in a venv under ~/.cache/veerkracht.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
venv=${POWERCUT_VENV:-$HOME/.cache/veerkracht/powercut-venv}

bar=$(printf '!%.0s' $(seq 72))
loud() { printf '\n%s\npowercut: ERROR: %s\nNothing was tested.\n%s\n\n' "$bar" "$*" "$bar" >&2; }
say() { printf '==> %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
# Not `ldconfig -p | grep -q`: under pipefail, grep -q leaving at the first
# match makes ldconfig die of SIGPIPE and the pipeline fail (a red CI run).
has_libfuse2() { ldconfig -p 2>/dev/null | grep 'libfuse\.so\.2' >/dev/null; }

control=0
selftest=1
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --control) control=1 ;;
    --regressions) args+=(--replay "$here"/regressions/*.json) ;;
    --no-selftest) selftest=0 ;;
    *) args+=("$1") ;;
  esac
  shift
done

# --- what FUSE needs ------------------------------------------------------
missing=()
if ! has_libfuse2; then
  if apt-cache policy libfuse2t64 2>/dev/null | grep 'Candidate: [0-9]' >/dev/null; then
    missing+=(libfuse2t64)
  else
    missing+=(libfuse2)
  fi
fi
if ! command -v fusermount >/dev/null 2>&1 && ! command -v fusermount3 >/dev/null 2>&1; then
  missing+=(fuse3)
fi
if [ ${#missing[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    say "installing ${missing[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi
if ! has_libfuse2; then
  loud "libfuse 2 (libfuse.so.2) is missing and could not be installed"; exit 2
fi
if [ ! -e /dev/fuse ]; then
  loud "/dev/fuse does not exist (no FUSE in this kernel or container: try 'modprobe fuse', or run the container with --device /dev/fuse --cap-add SYS_ADMIN)"; exit 2
fi
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import fuse' >/dev/null 2>&1; then
  say "making $venv (fusepy)"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check 'fusepy==3.0.1'
fi
py="$venv/bin/python"

# --- binaries ---------------------------------------------------------------
has_bin=0
for a in "${args[@]+"${args[@]}"}"; do [ "$a" = --bin ] && has_bin=1; done
if [ $has_bin = 0 ]; then
  args+=(--bin "${CARGO_TARGET_DIR:-$repo/target}/debug")
fi

# --- the model first, then the cuts ----------------------------------------
if [ $selftest = 1 ] && [ $control = 0 ]; then
  say "checking powerfs itself (what survives a cut, per mode and variant)"
  set +e
  "$py" "$here/test_powerfs.py" > "${TMPDIR:-/tmp}/powerfs-selftest.$$" 2>&1
  rc=$?
  set -e
  if [ $rc != 0 ]; then
    cat "${TMPDIR:-/tmp}/powerfs-selftest.$$" >&2
    rm -f "${TMPDIR:-/tmp}/powerfs-selftest.$$"
    if [ $rc = 3 ]; then
      loud "FUSE cannot be mounted here (above); needs /dev/fuse, root or fusermount, libfuse2"
    else
      loud "powerfs's own checks failed (above): its verdicts cannot be trusted"
    fi
    exit 2
  fi
  tail -1 "${TMPDIR:-/tmp}/powerfs-selftest.$$" | sed 's/^/powerfs self-test: /'
  rm -f "${TMPDIR:-/tmp}/powerfs-selftest.$$"
fi

if [ $control = 1 ]; then
  say "control run: fsync is a no-op; the harness must report losses"
  set +e
  "$py" "$here/powercut.py" --ignore-fsync --faults 0 --results "$here/results/control" "${args[@]}"
  rc=$?
  set -e
  case $rc in
    1) echo "control: PASS - with fsync ignored the harness found broken promises, as it must"; exit 0 ;;
    0) echo "control: FAIL - fsync was ignored and the harness noticed nothing: it cannot detect loss" >&2; exit 1 ;;
    *) exit $rc ;;
  esac
fi
exec "$py" "$here/powercut.py" "${args[@]}"
