#!/usr/bin/env python3
"""The re-export attacker: what changed between two versions of one period.

Usage:
  diff_attack.py OLD_PKG NEW_PKG [--context PKG...] [--max-changes N]
                 [--added FILE.jsonl] [--codebook FILE] [--json OUT]

Between two exports of the same period the vault's data changed (an
encounter added, edited or deleted).  Everything that differs between the
two packages is caused by the few families whose encounters changed, so the
difference is a table about very few families:

* a published value that moved tells exactly how many of them carry the code;
* a status that flipped (published -> suppressed, 0 -> hidden, ...) tells that
  the change touched the cell (or that the release ledger hid it because of
  the change);
* with the LP (all of the contract's relations, the two versions linked
  under the additions-only assumption, optionally more released packages
  with --context), the difference of every cell is bounded: a cell whose
  difference is certainly non-zero carries a code of the changed families.

A changed cell *singles out* fewer than k families (k = 5; 10 for a
sensitive dimension or code) when at most k-1 families can be behind its
difference.  The number of changed families is bounded by the number of
added encounters (E_new - E_old) when the totals are published; otherwise
by the cell's own difference.

--added FILE.jsonl (auditor only, not attacker knowledge): the encounters
that were really added; the report then says which of their codes the diff
exposes.

Exit code: 0 nothing singles out fewer than k families, 1 something does,
2 usage or parse error.
"""
from __future__ import annotations

import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from lp_attack import (DEFAULT_CODEBOOK, INF, SIG, TOTAL_KEY, Attack, Package,  # noqa: E402
                       UsageError, fmt_key)
from lpcore import Var  # noqa: E402


def show(st, f, e):
    if st == "published":
        return f"{f}/{e}"
    return st


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("--context", nargs="*", default=[], metavar="PKG",
                    help="other released packages of the same vault (for the LP)")
    ap.add_argument("--max-changes", type=int, default=None, metavar="N",
                    help="instead of additions only: at most N encounters added, edited or deleted")
    ap.add_argument("--no-lp", action="store_true", help="only compare the files")
    ap.add_argument("--added", metavar="FILE.jsonl", help="auditor: the encounters really added")
    ap.add_argument("--codebook", default=DEFAULT_CODEBOOK)
    ap.add_argument("--json", metavar="OUT")
    try:
        args = ap.parse_args(argv)
    except SystemExit as e:
        return 2 if e.code else 0
    try:
        cb = json.load(open(args.codebook, encoding="utf-8"))
        old = Package(args.old, 0)
        new = Package(args.new, 1)
        ctx = [Package(p, i + 2) for i, p in enumerate(args.context)]
    except (UsageError, OSError, ValueError) as e:
        print(f"diff_attack: {e}", file=sys.stderr)
        return 2
    if old.period != new.period:
        print(f"diff_attack: periods differ ({old.period} vs {new.period})", file=sys.stderr)
        return 2
    if old.digest == new.digest:
        print("identical content: nothing to learn from the difference")
        return 0
    att = Attack(cb, additions_only=args.max_changes is None, max_changes=args.max_changes)
    # keep the order old -> new whatever the creation times say
    old.created, new.created = "0", "1"
    for p in ctx:  # context packages belong to the old data state
        p.created = "0"
        p.order = -1 - p.order
    att.load(ctx + [old, new])
    nodes = {n.pkg.path: n for n in att.nodes if n.pkg is not None}
    n_old, n_new = nodes[old.path], nodes[new.path]

    # what the files alone show
    keys = sorted(set(old.rows) | set(new.rows))
    changed = []
    for key in keys:
        a = old.rows.get(key, ("absent", None, None))
        b = new.rows.get(key, ("absent", None, None))
        if a != b:
            changed.append(key)

    # LP: bound each cell's difference (families and encounters)
    diffs = {}
    if not args.no_lp:
        m = att.m
        for i in range(len(m.interest)):
            m.interest[i] = False
        for key in keys:
            if key not in n_old.cells or key not in n_new.cells:
                continue
            ca, cb_ = n_old.cells[key], n_new.cells[key]
            for what, ta, tb in (("families", ca.f, cb_.f), ("encounters", ca.e, cb_.e)):
                if isinstance(ta, Var) or isinstance(tb, Var):
                    d = m.var(f"diff {key} {what}", -INF, INF, interest=True)
                    m.add([(1, d), (-1, tb), (1, ta)], 0, 0, tag="diff definition")
                    diffs[(key, what)] = d
                else:
                    diffs[(key, what)] = tb - ta
        res = att.solve()
        if res.infeasible or res.conflicts:
            print("LP: the assumptions do not hold for these packages (infeasible); file comparison only")
            diffs = {}
        else:
            for k, d in list(diffs.items()):
                if isinstance(d, Var):
                    diffs[k] = (res.lo.get(d.i, -INF), res.hi.get(d.i, INF))
                else:
                    diffs[k] = (d, d)

    def interval(key, what):
        return diffs.get((key, what))

    # how many families can be behind the change at all
    (st1, F1, E1), (st2, F2, E2) = old.rows[TOTAL_KEY], new.rows[TOTAL_KEY]
    de = interval(TOTAL_KEY, "encounters")
    df = interval(TOTAL_KEY, "families")
    if E1 is not None and E2 is not None:
        changed_bound = abs(E2 - E1) if args.max_changes is None else args.max_changes
    elif args.max_changes is not None:
        changed_bound = args.max_changes
    elif de and de[1] != INF:
        changed_bound = de[1]
    else:
        changed_bound = None
    print(f"period {old.period}: old {old.path} (total {show(st1, F1, E1)}), new {new.path} (total {show(st2, F2, E2)})")
    if de:
        print(f"  encounters added (LP): [{de[0]}, {de[1]}]; families added: [{df[0]}, {df[1]}]")
    print(f"  changed families: at most {changed_bound if changed_bound is not None else 'unknown'}"
          + (" (additions only: at most the added encounters)" if args.max_changes is None else
             f" (at most {args.max_changes} changed encounters)"))

    report = []
    singles = 0
    touched = set(changed)
    for key in keys:
        ie, iff = interval(key, "encounters"), interval(key, "families")
        certain = bool(ie and (ie[0] > 0 or ie[1] < 0)) or bool(iff and (iff[0] > 0 or iff[1] < 0))
        if certain:
            touched.add(key)
    added_codes = set()
    if args.added:
        from truth import Counter as TruthCounter  # auditor-only helper

        tc = TruthCounter(cb, fmt=2)
        for line in open(args.added, encoding="utf-8"):
            if not line.strip():
                continue
            r = json.loads(line)
            for dim in list(tc.dims) + ["themes_effective", "policy_signal", "kansarm_indicator"]:
                for c, q in tc.pairs(r, dim):
                    added_codes.add((SIG, dim, c, q))
    for key in sorted(touched, key=lambda k: (k[0], k)):
        a = old.rows.get(key, ("absent", None, None))
        b = new.rows.get(key, ("absent", None, None))
        ie, iff = interval(key, "encounters"), interval(key, "families")
        k = att.cell_k(new, key) if key in new.rows else new.k
        # families behind this cell's change
        behind = []
        if iff and iff[0] == iff[1] and iff[0] != 0:
            behind.append(abs(iff[0]))
        if ie and ie[0] == ie[1] and ie[0] != 0:
            behind.append(abs(ie[0]))  # each changed encounter belongs to one family
        certain = bool(ie and (ie[0] > 0 or ie[1] < 0)) or bool(iff and (iff[0] > 0 or iff[1] < 0))
        if changed_bound is not None and certain:
            behind.append(changed_bound)
        if a[0] == "published" and a[1] == 0 and iff and iff[0] >= 1 and iff[1] != INF:
            # the cell was empty: every family in it now came with the change
            behind.append(iff[1])
        n_behind = min(behind) if behind else None
        single = n_behind is not None and 1 <= n_behind < k and key != TOTAL_KEY
        singles += single
        item = {"key": list(key), "old": list(a), "new": list(b), "k": k,
                "diff_families": list(iff) if iff else None, "diff_encounters": list(ie) if ie else None,
                "families_behind_at_most": n_behind, "singles_out": single}
        if added_codes:
            item["code_of_added_encounter"] = key in added_codes if key[0] == SIG else None
        report.append(item)
        dfs = "" if not iff else f" df=[{iff[0]}, {iff[1]}]"
        des = "" if not ie else f" de=[{ie[0]}, {ie[1]}]"
        mark = "  SINGLES OUT" if single else ""
        mark += ("  (a code of the added encounter)" if item.get("code_of_added_encounter") else "")
        print(f"  {key[0] + '.csv':13} {fmt_key(key):70} {show(*a):>22} -> {show(*b):22}{dfs}{des}{mark}")
    if added_codes:
        sig_flagged = {tuple(r["key"]) for r in report if r["key"][0] == SIG}
        hit = {c for c in added_codes if c in sig_flagged}
        print(f"  codes of the added encounter(s) in signals.csv: {len(added_codes)}, exposed by the diff: {len(hit)}; "
              f"flagged signals cells that are not its codes: {len(sig_flagged - added_codes)}")
        missed = sorted(added_codes - sig_flagged)
        if missed:
            print(f"  not exposed: {', '.join(fmt_key(c) for c in missed)}")
    # the shape of the change: which single-valued dimensions moved in exactly one code
    by_dim = {}
    for r in report:
        key = tuple(r["key"])
        if key[0] != SIG or key == TOTAL_KEY:
            continue
        d = att.dims.get(key[1])
        single_valued = (d and d["kind"] == "single") or key[1] in ("policy_signal", "kansarm_indicator")
        if single_valued:
            by_dim.setdefault(key[1], []).append(key[2])
    one = {d: c[0] for d, c in by_dim.items() if len(c) == 1}
    if one:
        print(f"  profile: {len(one)} of {len(by_dim)} single-valued dimensions that moved moved in exactly one code "
              f"(what one changed encounter looks like): " + ", ".join(f"{d}={c}" for d, c in sorted(one.items())))
    if args.json:
        json.dump({"old": old.path, "new": new.path, "changed_families_at_most": changed_bound,
                   "cells": report}, open(args.json, "w", encoding="utf-8"), indent=1)
    print(f"verdict: {len(changed)} cells differ in the files, {len(touched)} certainly or visibly touched; "
          f"{singles} single out fewer than k families")
    return 1 if singles else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception:  # an exception must not read as "singles out" (exit 1)
        import traceback

        traceback.print_exc()
        sys.exit(2)
