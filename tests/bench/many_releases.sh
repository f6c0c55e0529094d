#!/usr/bin/env bash
# Exports late in a year of many releases, with corrections between them: a
# small vault (120 families, 1,200 demo encounters, most cells small) that
# releases Q3 and its months, re-exports August after six families' housing
# changed, releases Q1 and its months, re-exports February twice after
# corrections, then Q1 again. Prints the time of each export (process start
# to exit, the audit included) and fails only when an export fails for
# another reason than a refusal (a refusal is a correct answer). Then the
# verdict of `veerkracht audit` over everything released, printed only: it
# reads two versions of a period as additions only, which corrections
# contradict (values it cannot decide, and "exact" values computed under a
# wrong assumption; docs/PRIVACY.md).
#
#   tests/bench/many_releases.sh VEERKRACHT_BINARY
set -euo pipefail
V=$1
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export VEERKRACHT_PASSPHRASE="bench: lange zin om de kluis te openen" LANG=C.UTF-8
unset VEERKRACHT_AUDIT_TRACE VEERKRACHT_LANG
"$V" --data-dir "$work/v" init >/dev/null 2>&1
"$V" --data-dir "$work/v" demo --families 120 --encounters 1200 --seed 4040 --until 2025-12-31 >/dev/null
echo "==> exports late in a year of many releases, with corrections (120 families, 1,200 encounters)"
printf '| step | export + audit | cells published / suppressed |\n|---|---|---|\n'
n=0
for step in 2025-Q3 2025-08 2025-07 2025-09 edit:2025-08:6 2025-08 2025-Q1 2025-01 2025-02 2025-03 \
            edit:2025-02:6 2025-02 edit:2025-02:5 2025-02 2025-Q1; do
  n=$((n + 1))
  case $step in
    edit:*)
      IFS=: read -r _ month families <<<"$step"
      "$V" --data-dir "$work/v" records >"$work/records.jsonl"
      python3 "$here/edit_housing.py" "$work/records.jsonl" "$month" "$families" "$n" >"$work/edits.jsonl"
      "$V" --data-dir "$work/v" import --replace --accept-findings "$work/edits.jsonl" >/dev/null
      printf '| %s families of %s corrected | | |\n' "$families" "$month"
      continue ;;
  esac
  started=$(date +%s%N)
  if "$V" --data-dir "$work/v" --lang en export --period "$step" --out "$work/pk-$n" >"$work/out" 2>&1; then
    cells=$(grep -o '[0-9]* cells published, [0-9]* suppressed' "$work/out" | sed 's/ cells published, / \/ /; s/ suppressed//')
  elif grep -qE "^veerkracht: No (new )?package of" "$work/out"; then
    cells="refused: $(grep -m1 -E '^veerkracht: No (new )?package of' "$work/out" | cut -c13-100)…"
  else
    echo "export of $step failed:"; cat "$work/out"; exit 1
  fi
  ms=$((($(date +%s%N) - started) / 1000000))
  printf '| %s | %d.%03d s | %s |\n' "$step" $((ms / 1000)) $((ms % 1000)) "${cells:-?}"
done
started=$(date +%s%N)
"$V" --lang en audit --verdict-only "$work"/pk-* >"$work/audit" 2>&1 || true
ms=$((($(date +%s%N) - started) / 1000000))
echo "veerkracht audit of every package released (additions only between versions): $((ms / 1000)).$(printf %03d $((ms % 1000))) s"
echo "  $(grep -c '^EXACT' "$work/audit" || true) values called exact, $(grep -c '^UNDECIDED' "$work/audit" || true) undecided; $(tail -1 "$work/audit")"
# The versions of August, February and Q1 differ by corrections, not
# additions: read as unrelated, as the audit's own hint says.
started=$(date +%s%N)
"$V" --lang en audit --verdict-only --versions unrelated "$work"/pk-* >"$work/audit" 2>&1 || true
ms=$((($(date +%s%N) - started) / 1000000))
echo "veerkracht audit --versions unrelated of the same: $((ms / 1000)).$(printf %03d $((ms % 1000))) s"
echo "  $(grep -c '^EXACT' "$work/audit" || true) values called exact, $(grep -c '^UNDECIDED' "$work/audit" || true) undecided; $(tail -1 "$work/audit")"
