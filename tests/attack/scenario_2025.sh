#!/usr/bin/env bash
# The independent audit's scenario, on whatever build $V points at.
#
# For every seed: one vault with a demo caseload for 2025, the releases
#   2025-Q1, 2025-01, 2025-02, 2025-03, 2025, 2025-05, 2025-Q2, 2025-04,
#   2025-06, 2025-08, 2025-Q3
# then the LP attack over all eleven packages.  Then the re-export: one
# encounter of a new family dated in May is imported, 2025-05 is exported
# again, diff_attack.py compares the two May packages, and the LP attack runs
# over all twelve (the two May versions linked under "additions only").
#
# The vault's records are used for one thing only: the auditor's check that
# every published value matches the counting rules and every interval holds
# the true value (truth.py).  The attack itself never reads them.
#
# Environment: V (the CLI, default /var/tmp/veerkracht-target/debug/veerkracht),
# SEEDS (default "3 7 11"), FAMILIES/ENCOUNTERS (300/3000), PY (a python with
# requirements.txt; default: a venv in ~/.cache/veerkracht/attack-venv),
# WORK (default: a new temporary folder, kept), SKIP_12=1 to skip the LP
# attack over twelve packages, LP_FLAGS (default --verdict-only: a value seen
# at two integers is not solved further, its interval is an outer bound; set
# LP_FLAGS= for every interval in full, hours late in a year).
# A release the CLI refuses ("No package of ...") is reported and skipped: a
# refusal is a correct answer, not a leak.
# Exit: 0 when no value is exact and no diff singles anyone out, 1 otherwise,
# 2 when something did not run (or an interval missed the truth).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
V=${V:-/var/tmp/veerkracht-target/debug/veerkracht}
SEEDS=${SEEDS:-"3 7 11"}
FAMILIES=${FAMILIES:-300}
ENCOUNTERS=${ENCOUNTERS:-3000}
WORK=${WORK:-$(mktemp -d /tmp/veerkracht-attack.XXXXXX)}
export VEERKRACHT_PASSPHRASE=${VEERKRACHT_PASSPHRASE:-"a long passphrase for the audit vault"}
export LANG=C.UTF-8
codebook=${VK_CODEBOOK:-/work/shared/domain/codebook.v1.json}
[ -f "$codebook" ] || codebook="$here/../../crates/veerkracht-core/codebook/codebook.v1.json"
export VK_CODEBOOK=$codebook
LP_FLAGS=${LP_FLAGS---verdict-only}

if [ -z "${PY:-}" ]; then
  if [ -x /tmp/attack-venv/bin/python ] && /tmp/attack-venv/bin/python -c 'import scipy, highspy' 2>/dev/null; then
    PY=/tmp/attack-venv/bin/python
  else
    venv=${XDG_CACHE_HOME:-$HOME/.cache}/veerkracht/attack-venv
    if ! "$venv/bin/python" -c 'import scipy, highspy' 2>/dev/null; then
      echo "==> installing $here/requirements.txt into $venv"
      python3 -m venv "$venv" && "$venv/bin/pip" install -q -r "$here/requirements.txt" || exit 2
    fi
    PY=$venv/bin/python
  fi
fi
[ -x "$V" ] || { echo "no CLI at $V (set V=...)"; exit 2; }
echo "CLI: $V ($("$V" --version 2>/dev/null)); work: $WORK; python: $PY"

releases="2025-Q1 2025-01 2025-02 2025-03 2025 2025-05 2025-Q2 2025-04 2025-06 2025-08 2025-Q3"
status=0
summary=()
for seed in $SEEDS; do
  d="$WORK/seed-$seed"
  rm -rf "$d" && mkdir -p "$d"
  echo "== seed $seed: demo --families $FAMILIES --encounters $ENCOUNTERS --until 2025-12-31"
  "$V" --data-dir "$d/vault" init >/dev/null 2>&1 || { echo "init failed"; exit 2; }
  "$V" --data-dir "$d/vault" demo --families "$FAMILIES" --encounters "$ENCOUNTERS" --seed "$seed" \
    --until 2025-12-31 >/dev/null || { echo "demo failed"; exit 2; }
  i=0
  pkgs=()
  refused=()
  for p in $releases; do
    i=$((i + 1))
    out="$d/$(printf %02d $i)-$p"
    if "$V" --data-dir "$d/vault" --lang en export --period "$p" --out "$out" >"$out.log" 2>&1; then
      pkgs+=("$out")
    elif grep -q "^veerkracht: No package of $p" "$out.log"; then
      # A refusal is a correct answer (nothing was released): go on.
      echo "  $p refused: $(cut -c1-200 "$out.log")"
      refused+=("$p")
    else
      echo "export $p failed:"; cat "$out.log"; exit 2
    fi
  done
  [ ${#refused[@]} = 0 ] || echo "  refused: ${refused[*]} (released: ${#pkgs[@]})"
  "$V" --data-dir "$d/vault" records >"$d/records.jsonl"

  # 1. the year of releases
  "$PY" "$here/lp_attack.py" $LP_FLAGS "${pkgs[@]}" --json "$d/lp11.json" >"$d/lp11.txt" 2>&1
  rc=$?
  [ $rc = 2 ] && { echo "lp_attack failed:"; tail -5 "$d/lp11.txt"; status=2; continue; }
  v11=$(grep '^verdict' "$d/lp11.txt")
  echo "  11 releases: ${v11#verdict: }"
  grep '^model' "$d/lp11.txt" | sed 's/^/  /'
  [ $rc = 1 ] && [ $status = 0 ] && status=1
  # auditor: the model's assumptions hold and every interval holds the truth
  bad=0
  for p in "${pkgs[@]}"; do
    "$PY" "$here/truth.py" "$codebook" "$d/records.jsonl" "$p" "$d/lp11.json" >"$p.truth" 2>&1 || bad=$((bad + 1))
  done
  if [ $bad = 0 ]; then echo "  check: every published value recounts, every interval holds the true value"
  else echo "  CHECK FAILED for $bad packages (see $d/*.truth)"; status=2; fi

  # 2. the re-export: one new family in May
  fam=$("$PY" -c "import random; a='0123456789ABCDEFGHJKMNPQRSTVWXYZ'; r=random.Random($seed); print(''.join(r.choice(a) for _ in range(4))+'-'+''.join(r.choice(a) for _ in range(4)))")
  cat >"$d/added.jsonl" <<EOF
{"family":"$fam","date":"2025-05-20","setting":"hospital_maternity","municipality":"ganshoren","household_type":"minor_parent","children_count":"n4_plus","residence_status":"undocumented","housing_situation":"street","urgency":"immediate","outcome":"no_solution_limits","limits":["excluded_by_status"],"needs":[{"code":"shelter_tonight","status":"unmet"}],"themes":["housing"]}
EOF
  "$V" --data-dir "$d/vault" import "$d/added.jsonl" >/dev/null || { echo "import failed"; exit 2; }
  again="$d/12-2025-05-again"
  old="$d/06-2025-05"
  if "$V" --data-dir "$d/vault" --lang en export --period 2025-05 --out "$again" >"$again.log" 2>&1; then
    if [ -d "$old" ]; then
      "$PY" "$here/diff_attack.py" "$old" "$again" --added "$d/added.jsonl" --json "$d/diff.json" >"$d/diff.txt" 2>&1
      rc=$?
      [ $rc = 2 ] && { echo "diff_attack failed:"; tail -5 "$d/diff.txt"; status=2; }
      [ $rc = 1 ] && [ $status = 0 ] && status=1
      echo "  re-export of 2025-05 after one new family: $(grep '^verdict' "$d/diff.txt" | sed 's/^verdict: //')"
      grep -E '^  (codes of the added|profile|not exposed)' "$d/diff.txt" | cut -c1-220
      grep 'SINGLES OUT' "$d/diff.txt" | sed 's/  */ /g; s/^/   /' | cut -c1-200
    fi
  elif grep -q "^veerkracht: No new package of 2025-05" "$again.log"; then
    # Fewer than k families changed: the refusal the contract asks for.
    echo "  re-export of 2025-05 after one new family: refused: $(cut -c1-200 "$again.log")"
    summary+=("seed $seed: 11 releases: ${v11#verdict: } | re-export refused")
    continue
  else
    echo "re-export failed:"; cat "$again.log"; exit 2
  fi

  # 3. the whole history, both May versions (additions only)
  if [ "${SKIP_12:-0}" != 1 ]; then
    "$PY" "$here/lp_attack.py" $LP_FLAGS "${pkgs[@]}" "$again" --additions-only --json "$d/lp12.json" >"$d/lp12.txt" 2>&1
    rc=$?
    [ $rc = 2 ] && { echo "lp_attack (12) failed:"; tail -5 "$d/lp12.txt"; status=2; }
    [ $rc = 1 ] && [ $status = 0 ] && status=1
    v12=$(grep '^verdict' "$d/lp12.txt")
    echo "  12 releases (additions only): ${v12#verdict: }"
    summary+=("seed $seed: 11 releases: ${v11#verdict: } | 12 releases: ${v12#verdict: }")
  else
    summary+=("seed $seed: 11 releases: ${v11#verdict: }")
  fi
done
echo "== summary"
printf '%s\n' "${summary[@]}"
echo "work folder: $WORK"
exit $status
