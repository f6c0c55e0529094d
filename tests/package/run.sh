#!/usr/bin/env bash
# Signal packages as researchers get them: three workers export a quarter,
# each package is verified, validated by the Frictionless validator from
# PyPI and recounted by an independent Python oracle; the three are merged;
# no file holds a pseudonym, id or note; the ledger stops subtraction
# between months and their quarter; a tampered package is refused.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
target=${CARGO_TARGET_DIR:-$root/target}
cargo build -q -p veerkracht-cli
V="$target/debug/veerkracht"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export VEERKRACHT_PASSPHRASE="lange zin voor de pakkettest"
export LANG=C.UTF-8
venv=${VEERKRACHT_TEST_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/veerkracht/test-venv}
if [ ! -x "$venv/bin/frictionless" ] || ! "$venv/bin/python" -c 'import duckdb' 2>/dev/null; then
  echo "==> installing the frictionless validator and DuckDB (PyPI) into $venv"
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  "$venv/bin/pip" install -q frictionless duckdb
fi
passed=0
failed=0
check() { # name, command...
  local name=$1; shift
  if "$@" >"$work/out" 2>&1; then passed=$((passed + 1)); echo "ok - $name"
  else failed=$((failed + 1)); echo "not ok - $name"; sed 's/^/    /' "$work/out"; fi
}
codebook=crates/veerkracht-core/codebook/codebook.v1.json
seed=1
for w in a b c; do
  "$V" --data-dir "$work/$w" init >/dev/null 2>&1
  "$V" --data-dir "$work/$w" demo --families $((40 * seed + 60)) --encounters $((300 * seed + 300)) --seed $seed --until 2026-06-30 >/dev/null
  "$V" --data-dir "$work/$w" records >"$work/$w.jsonl"
  check "export $w" "$V" --data-dir "$work/$w" export --period 2026-Q1 --out "$work/pkg-$w"
  check "verify $w" "$V" verify "$work/pkg-$w"
  check "frictionless validate $w" "$venv/bin/frictionless" validate "$work/pkg-$w/datapackage.json"
  check "oracle recount $w" python3 tests/package/oracle.py "$codebook" "$work/$w.jsonl" "$work/pkg-$w"
  seed=$((seed + 1))
done
check "merge three packages" "$V" merge "$work/pkg-a" "$work/pkg-b" "$work/pkg-c" --out "$work/merged"
check "verify merged" "$V" verify "$work/merged"
check "frictionless validate merged" "$venv/bin/frictionless" validate "$work/merged/datapackage.json"
check "merging a package twice is refused" bash -c "! '$V' merge '$work/pkg-a' '$work/pkg-a' --out '$work/twice'"
cat "$work"/[abc].jsonl >"$work/all.jsonl"
check "no pseudonym, id or note in any file" python3 tests/package/leaks.py "$work/all.jsonl" "$work"/pkg-? "$work/merged"
for m in 01 02 03; do
  check "export month $m" "$V" --data-dir "$work/a" export --period 2026-$m --out "$work/m$m"
done
check "export the quarter after its months" "$V" --data-dir "$work/a" export --period 2026-Q1 --out "$work/q1-again"
check "the ledger stops subtraction" python3 tests/package/ledger.py "$work/m01" "$work/m02" "$work/m03" "$work/q1-again"
cp -r "$work/pkg-a" "$work/tampered"
sed -i '0,/,published/s/\([0-9]\+\),published/9\1,published/' "$work/tampered/signals.csv"
check "a tampered package is refused" bash -c "! '$V' verify '$work/tampered'"
check "the CSVs load as they are in DuckDB" "$venv/bin/python" -c "
import duckdb
con = duckdb.connect()
types = dict(con.execute(\"describe select * from read_csv_auto('$work/merged/signals.csv')\").fetchall()[i][:2] for i in range(7))
assert types['families'] in ('BIGINT', 'INTEGER'), types
n, hidden = con.execute(\"select count(*), count(*) filter (where families is null) from read_csv_auto('$work/merged/signals.csv')\").fetchone()
assert n > 400 and hidden > 0, (n, hidden)
assert con.execute(\"select count(*) from read_csv_auto('$work/merged/crosstabs.csv')\").fetchone()[0] > 600"
check "the CSVs load as they are (csv module)" python3 -c "
import csv,sys
rows=list(csv.DictReader(open('$work/merged/signals.csv')))
assert rows and set(rows[0])=={'period','dimension','code','qualifier','families','encounters','status'}
int(next(r for r in rows if r['status']=='published')['families'])"
echo "packages: $passed passed, $failed failed"
[ "$failed" = 0 ]
