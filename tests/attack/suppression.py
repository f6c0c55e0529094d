#!/usr/bin/env python3
"""How much disclosure control hides beyond the primary cells, from the
truth (NOT attacker knowledge): the auditor's measure of issue 13's
"share of cells suppressed beyond the primary ones".

Usage: suppression.py RECORDS.jsonl PKG_DIR...

For each package and in all: the cells (rows of signals.csv and
crosstabs.csv, as lp_attack reads them), the
suppressed ones, of those the primary ones (true families 1..k-1, with the
cell's own k; or, in a dimension counted by the latest value, 0 families
now but encounters of 1..k-1 families that moved on) and the rest, hidden
only to protect others (zeros and cells of k families or more). RECORDS must be the vault's records as they were
when the packages were made (scenario_2025.sh writes them after its eleven
releases). Exit 0, or 2 when it cannot run.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import lp_attack as L  # noqa: E402
import truth as T  # noqa: E402


def contributors(cnt, recs, period):
    """{('signals', dim, code, qual): families with any encounter carrying
    it} for the dimensions counted by the latest value."""
    start, end = T.period_bounds(period)
    sets = {}
    for r in recs:
        if start <= r["date"] <= end:
            for dim in cnt.latest:
                for c, q in cnt.pairs(r, dim):
                    sets.setdefault(("signals", dim, c, q), set()).add(r["family"])
    return {k: len(v) for k, v in sets.items()}


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    cb = json.load(open(L.DEFAULT_CODEBOOK, encoding="utf-8"))
    recs = [json.loads(x) for x in open(argv[0], encoding="utf-8") if x.strip()]
    pkgs = [L.Package(p, i) for i, p in enumerate(argv[1:])]
    att = L.Attack(cb)
    att.load(pkgs)
    cnt = T.Counter(cb, groups=att.groups, fmt=2)
    total = {"cells": 0, "suppressed": 0, "primary": 0, "beyond": 0, "zeros": 0}
    print(f"{'package':<28} {'cells':>6} {'hidden':>7} {'primary':>8} {'beyond':>7} "
          f"{'of them 0':>9} {'beyond/cells':>13}")
    for n in att.nodes:
        if not n.pkg:
            continue
        truth = cnt.count_period(recs, n.period)
        moved = contributors(cnt, recs, n.period)
        row = dict.fromkeys(total, 0)
        for key, c in n.cells.items():
            row["cells"] += 1
            if c.status != "suppressed":
                continue
            row["suppressed"] += 1
            families = truth.get(key, (0, 0))[0]
            if 1 <= families < c.k or (families == 0 and 1 <= moved.get(key, 0) < c.k):
                row["primary"] += 1
            else:
                row["beyond"] += 1
                row["zeros"] += families == 0
        for k in total:
            total[k] += row[k]
        name = os.path.basename(n.pkg.path.rstrip("/"))
        print(f"{name:<28} {row['cells']:>6} {row['suppressed']:>7} {row['primary']:>8} "
              f"{row['beyond']:>7} {row['zeros']:>9} {row['beyond'] / max(row['cells'], 1):>12.1%}")
    print(f"{'all':<28} {total['cells']:>6} {total['suppressed']:>7} {total['primary']:>8} "
          f"{total['beyond']:>7} {total['zeros']:>9} {total['beyond'] / max(total['cells'], 1):>12.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
