#!/usr/bin/env python3
"""Checks the attacker's model against the truth (NOT attacker knowledge).

Usage: truth_rows.py RECORDS.jsonl PKG_DIR...

Builds lp_attack's model over the packages, gives every unknown (suppressed
values of the packages and the cells of latent periods) its true value,
recounted from the records by truth.py, and checks every constraint and
bound.  A violated row is a row the counting rules do not make valid (a
bug in the attacker); none violated means the model is feasible, so an
"infeasible" verdict over these packages is the solver's, not the data's.
Exit 0 when every row holds, 1 otherwise.
"""
import json
import os
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import lp_attack as L  # noqa: E402
import truth as T  # noqa: E402
from lpcore import Var  # noqa: E402


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    cb = json.load(open(L.DEFAULT_CODEBOOK, encoding="utf-8"))
    recs = [json.loads(x) for x in open(argv[0], encoding="utf-8") if x.strip()]
    pkgs = [L.Package(p, i) for i, p in enumerate(argv[1:])]
    att = L.Attack(cb)
    att.load(pkgs)
    val = {}
    cnt = T.Counter(cb, groups=att.groups, fmt=2)
    for n in att.nodes:
        tr = cnt.count_period(recs, n.period)
        for key, c in n.cells.items():
            t = tr.get(key, (0, 0))
            if isinstance(c.f, Var):
                val[c.f.i] = t[0]
            if isinstance(c.e, Var):
                val[c.e.i] = t[1]
    m = att.m
    bad = Counter()
    for i, name in enumerate(m.names):
        if i in val and not (m.lb[i] <= val[i] <= m.ub[i]):
            bad["bound"] += 1
            if bad["bound"] <= 10:
                print("BOUND", name, val[i], m.lb[i], m.ub[i])
    unvalued = 0
    for r in m.rows:
        if any(i not in val for i in r.coefs):
            unvalued += 1
            continue
        s = sum(c * val[i] for i, c in r.coefs.items())
        if not (r.lo <= s <= r.hi):
            bad[r.tag] += 1
            if bad[r.tag] <= 3:
                print("ROW", r.tag, s, "not in", r.lo, r.hi,
                      [(m.names[i], c, val[i]) for i, c in r.coefs.items()][:8])
    print(f"{len(m.names)} unknowns, {len(val)} given their true value, {len(m.rows)} rows "
          f"({unvalued} with an unknown the truth does not cover); violated: {sum(bad.values())}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
