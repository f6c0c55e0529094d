#!/usr/bin/env bash
# Issue 13's bench line: a year exported after all its quarters and months,
# each protected against every package released before it (the ledger), then
# the LP audit of all seventeen packages by `veerkracht audit`. Prints the
# time of each export and the year's suppression, and fails only when an
# export is refused or the audit finds an exact value.
#
#   tests/bench/year_after_parts.sh VEERKRACHT_BINARY [ENCOUNTERS]   (default 100000)
set -euo pipefail
V=$1
n=${2:-100000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export VEERKRACHT_PASSPHRASE="bench: lange zin om de kluis te openen" LANG=C.UTF-8
unset VEERKRACHT_AUDIT_TRACE VEERKRACHT_LANG
"$V" --data-dir "$work/v" init >/dev/null 2>&1
"$V" --data-dir "$work/v" demo --families $((n / 8)) --encounters "$n" --seed 2025 --until 2025-12-31 >/dev/null
echo "==> a year after its quarters and months, $n encounters ($((n / 8)) families)"
printf '| release | export + audit | cells published / suppressed |\n|---|---|---|\n'
for p in 2025-Q1 2025-01 2025-02 2025-03 2025-Q2 2025-04 2025-05 2025-06 \
         2025-Q3 2025-07 2025-08 2025-09 2025-Q4 2025-10 2025-11 2025-12 2025; do
  started=$(date +%s%N)
  if ! "$V" --data-dir "$work/v" --lang en export --period "$p" --out "$work/pk-$p" >"$work/out" 2>&1; then
    echo "export of $p refused or failed:"; cat "$work/out"; exit 1
  fi
  ms=$((($(date +%s%N) - started) / 1000000))
  cells=$(grep -o '[0-9]* cells published, [0-9]* suppressed' "$work/out" | sed 's/ cells published, / \/ /; s/ suppressed//')
  printf '| %s | %d.%03d s | %s |\n' "$p" $((ms / 1000)) $((ms % 1000)) "${cells:-?}"
done
started=$(date +%s%N)
if ! "$V" --lang en audit "$work"/pk-* >"$work/audit" 2>&1; then
  echo "the audit of the seventeen packages failed:"; tail -20 "$work/audit"; exit 1
fi
ms=$((($(date +%s%N) - started) / 1000000))
echo "audit of all seventeen: $((ms / 1000)).$(printf %03d $((ms % 1000))) s"
grep -E '^(interval widths|Sound|Unsound)' "$work/audit" || tail -3 "$work/audit"
