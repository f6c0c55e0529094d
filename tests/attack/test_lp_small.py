"""Brute-force cross-checks of the LP attack.

Part 1 (solver): tiny integer systems (a handful of cells, a total, two months
and their quarter) whose exact intervals are found by enumerating every
integer assignment.  The LP's integer-rounded intervals must contain them
(soundness) and equal them where the LP relaxation is tight (totally
unimodular tables); with the MILP option they must equal them always.

Part 2 (constraints): tiny *record-level* worlds (two or three families, a
few encounters, two months and their quarter, one dimension of each counting
kind).  Every world is turned into format-2 packages by the counting rules of
the contract; for one observed world, every other world that publishes the
same values is enumerated, which gives the exact set of values a suppressed
cell can take.  The interval that lp_attack.py derives from the written
packages must contain it: this checks that every constraint the attack
writes down is valid under the counting rules, not only the solver.

Run: python3 -m pytest tests/attack/test_lp_small.py   or   python3 tests/attack/test_lp_small.py
"""
from __future__ import annotations

import itertools
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from lpcore import INF, Model  # noqa: E402


# --------------------------------------------------------------------------
# part 1: the solver against enumeration of integer assignments
# --------------------------------------------------------------------------

def brute(nvars, box, constraints):
    """Exact [min, max] per variable over integer points of box^n satisfying constraints.

    constraints: list of (coefs list, lo, hi)."""
    lo = [None] * nvars
    hi = [None] * nvars
    for x in itertools.product(range(box + 1), repeat=nvars):
        ok = True
        for coefs, a, b in constraints:
            s = sum(c * v for c, v in zip(coefs, x))
            if s < a or s > b:
                ok = False
                break
        if ok:
            for i, v in enumerate(x):
                lo[i] = v if lo[i] is None else min(lo[i], v)
                hi[i] = v if hi[i] is None else max(hi[i], v)
    return lo, hi


def lp(nvars, box, constraints, milp=False, rounds=2):
    m = Model()
    xs = [m.var(f"x{i}", 0, box, interest=True) for i in range(nvars)]
    for coefs, a, b in constraints:
        m.add([(c, x) for c, x in zip(coefs, xs)], a, b)
    r = m.solve(rounds=rounds, milp_max_vars=(10**6 if milp else 0))
    assert not r.infeasible and not r.conflicts
    return [r.lo[x.i] for x in xs], [r.hi[x.i] for x in xs]


def check(nvars, box, constraints, tight):
    blo, bhi = brute(nvars, box, constraints)
    llo, lhi = lp(nvars, box, constraints)
    for i in range(nvars):
        assert llo[i] <= blo[i] and bhi[i] <= lhi[i], (i, (llo[i], lhi[i]), (blo[i], bhi[i]), constraints)
    if tight:
        assert (llo, lhi) == (blo, bhi), ((llo, lhi), (blo, bhi))
    mlo, mhi = lp(nvars, box, constraints, milp=True)
    assert (mlo, mhi) == (blo, bhi), ((mlo, mhi), (blo, bhi))
    return (llo, lhi), (blo, bhi)


def test_one_row_two_hidden_cells():
    # cells a, b hidden; c = 7 published; total 12 -> a + b = 5, each 1..4 (primary)
    cons = [([1, 1], 5, 5), ([1, 0], 1, 4), ([0, 1], 1, 4)]
    (lo, hi), _ = check(2, 9, cons, tight=True)
    assert lo == [1, 1] and hi == [4, 4]


def test_single_hidden_cell_is_exact():
    # one hidden cell in a row with a published total: plain subtraction
    cons = [([1], 3, 3)]
    (lo, hi), _ = check(1, 9, cons, tight=True)
    assert lo == hi == [3]


def test_two_months_and_quarter():
    # encounters: q = m1 + m2 for two cells (x: m1 cell A, m2 cell A, m1 cell B, m2 cell B)
    # published: quarter cell A = 6, quarter cell B = 4, month-1 total 5, month-2 total 5
    cons = [([1, 1, 0, 0], 6, 6), ([0, 0, 1, 1], 4, 4), ([1, 0, 1, 0], 5, 5), ([0, 1, 0, 1], 5, 5)]
    check(4, 6, cons, tight=True)
    # plus: month 1 cell A is primary-suppressed (1..4) and month 2 cell B published as 0
    cons2 = cons + [([1, 0, 0, 0], 1, 4), ([0, 0, 0, 1], 0, 0)]
    (lo, hi), _ = check(4, 6, cons2, tight=True)
    assert lo == hi  # everything follows: B2 = 0 -> B1 = 4 -> A1 = 1 -> A2 = 5


def test_families_over_time_inequalities():
    # families: quarter q, months a, b:  max(a, b) <= q <= a + b ; families <= encounters
    # x = (a, b, q, ea, eb)  with ea + eb = 7 known, ea = 3 known
    cons = [([1, 0, -1, 0, 0], -INF, 0), ([0, 1, -1, 0, 0], -INF, 0), ([-1, -1, 1, 0, 0], -INF, 0),
            ([1, 0, 0, -1, 0], -INF, 0), ([0, 1, 0, 0, -1], -INF, 0),
            ([0, 0, 0, 1, 1], 7, 7), ([0, 0, 0, 1, 0], 3, 3), ([0, 0, 1, 0, 0], 5, 5)]
    check(5, 7, cons, tight=True)


def test_fractional_relaxation_is_rounded_soundly():
    # 2x + 2y = 5 has no integer point in x,y; 2x + 2y + z = 5 with z <= 1 forces z = 1
    cons = [([2, 2, 1], 5, 5), ([0, 0, 1], 0, 1)]
    (lo, hi), (blo, bhi) = check(3, 5, cons, tight=False)
    assert blo[2] == bhi[2] == 1


def test_random_systems_are_sound():
    rnd = random.Random(20250101)
    for trial in range(120):
        n = rnd.randint(2, 4)
        box = rnd.randint(3, 6)
        truth = [rnd.randint(0, box) for _ in range(n)]
        cons = []
        for _ in range(rnd.randint(1, 4)):
            coefs = [rnd.choice([0, 0, 1, 1, -1, 2]) for _ in range(n)]
            if not any(coefs):
                continue
            s = sum(c * v for c, v in zip(coefs, truth))
            kind = rnd.choice(["eq", "le", "ge", "range"])
            a, b = {"eq": (s, s), "le": (-INF, s + rnd.randint(0, 1)),
                    "ge": (s - rnd.randint(0, 1), INF), "range": (s - 1, s + 1)}[kind]
            cons.append((coefs, a, b))
        check(n, box, cons, tight=False)


# --------------------------------------------------------------------------
# part 2: the constraints written by lp_attack.py against record-level worlds
# --------------------------------------------------------------------------
# A toy codebook with one dimension of each counting kind: `setting` (an
# encounter fact: each code in format 2, latest value in format 1),
# `household_type` (a situation: latest value), `themes` (multi: each code,
# with the derived themes_effective), two crosstabs with margins.
TOY_CODEBOOK = {"dimensions": [
    {"id": "setting", "kind": "single", "section": "context", "sensitivity": "normal",
     "codes": [{"code": "a"}, {"code": "b"}]},
    {"id": "household_type", "kind": "single", "section": "situation", "sensitivity": "normal",
     "codes": [{"code": "x"}, {"code": "y"}]},
    {"id": "themes", "kind": "multi", "section": "themes", "sensitivity": "normal",
     "codes": [{"code": "t1"}, {"code": "t2"}]},
]}
TOY_TABLES = [("themes_effective", "setting"), ("themes_effective", "household_type")]
TOY_PERIODS = ["2025-01", "2025-02", "2025-Q1"]  # March stays empty and unreleased: a latent month
K = 2  # cells with exactly one family are suppressed


def _toy_options():
    """Every encounter the toy worlds are made of."""
    out = []
    for fam in ("F0", "F1"):
        for month in (1, 2):
            for setting in ("a", "b", None):
                for hh in ("x", "y"):
                    for th in ((), ("t1",)):
                        out.append((fam, month, setting, hh, th))
    return out


def _records(world):
    recs = []
    for i, (fam, month, setting, hh, th) in enumerate(world):
        r = {"id": f"{i:03d}", "family": fam, "date": f"2025-{month:02d}-{i + 1:02d}", "household_type": hh}
        if setting:
            r["setting"] = setting
        if th:
            r["themes"] = list(th)
        recs.append(r)
    return recs


def _all_keys():
    keys = [("signals", "total", "all", "")]
    for d in TOY_CODEBOOK["dimensions"]:
        keys += [("signals", d["id"], c["code"], "") for c in d["codes"]]
    keys += [("signals", "themes_effective", c, "") for c in ("t1", "t2")]
    codes = {"themes_effective": ["t1", "t2"], "setting": ["a", "b"], "household_type": ["x", "y"]}
    for rd, cd in TOY_TABLES:
        for a in codes[rd] + ["total"]:
            for b in codes[cd] + ["total"]:
                keys.append(("crosstabs", rd, a, cd, b))
    return keys


def _suppress(counts, fmt):
    """Primary (1..K-1 families), then secondary: a line (a dimension, a crosstab
    row or column) with exactly one hidden cell hides its smallest other cell."""
    status = {k: "published" for k in counts}
    for k, (f, e) in counts.items():
        if 1 <= f < K and k[1] != "total":
            status[k] = "suppressed_primary" if fmt == 1 else "suppressed"
    lines = {}
    for k in counts:
        if k[0] == "signals" and k[1] != "total":
            lines.setdefault(("s", k[1]), []).append(k)
        elif k[0] == "crosstabs":
            lines.setdefault(("r", k[1], k[2], k[3]), []).append(k)
            lines.setdefault(("c", k[1], k[3], k[4]), []).append(k)
    changed = True
    while changed:
        changed = False
        for line in lines.values():
            hidden = [k for k in line if status[k] != "published"]
            if len(hidden) == 1:
                rest = sorted((counts[k][0], k) for k in line if status[k] == "published")
                if rest:
                    status[rest[0][1]] = "suppressed_secondary" if fmt == 1 else "suppressed"
                    changed = True
    return status


def _view(world, fmt, counter, keys):
    recs = _records(world)
    view = []
    pkgs = []
    for p in TOY_PERIODS:
        c = counter.count_period(recs, p)
        counts = {k: c.get(k, (0, 0)) for k in keys}
        st = _suppress(counts, fmt)
        pkgs.append((p, counts, st))
        view.append(tuple((st[k], counts[k] if st[k] == "published" else None) for k in keys))
    return tuple(view), pkgs


def _write(pkgs, fmt, root):
    import csv
    import json

    dirs = []
    for n, (p, counts, st) in enumerate(pkgs):
        d = os.path.join(root, f"{n}-{p}")
        os.makedirs(d)
        enum = ["published", "suppressed_primary", "suppressed_secondary"] if fmt == 1 else ["published", "suppressed"]
        json.dump({"created": f"2026-01-01T00:00:0{n}Z",
                   "resources": [{"name": "signals", "schema": {"fields": [{"name": "status", "constraints": {"enum": enum}}]}}],
                   "veerkracht": {"package_id": f"toy-{n}", "period": p, "thresholds": {"k": K, "k_high": K}}},
                  open(os.path.join(d, "datapackage.json"), "w"))
        with open(os.path.join(d, "signals.csv"), "w", newline="") as fs, \
                open(os.path.join(d, "crosstabs.csv"), "w", newline="") as fx:
            ws, wx = csv.writer(fs), csv.writer(fx)
            ws.writerow(["period", "dimension", "code", "qualifier", "families", "encounters", "status"])
            wx.writerow(["period", "row_dimension", "row_code", "col_dimension", "col_code", "families",
                         "encounters", "status"])
            for k, (f, e) in counts.items():
                vals = [f, e] if st[k] == "published" else ["", ""]
                (ws if k[0] == "signals" else wx).writerow([p, *k[1:], *vals, st[k]])
        dirs.append(d)
    return dirs


def _record_level(fmt, n_encounters=3, samples=40, seed=7):
    import tempfile

    from lp_attack import Attack, Package
    from truth import Counter as TruthCounter

    counter = TruthCounter(TOY_CODEBOOK, fmt=fmt, crosstabs=TOY_TABLES)
    keys = _all_keys()
    classes = {}
    worlds = list(itertools.combinations_with_replacement(_toy_options(), n_encounters))
    for w in worlds:
        view, pkgs = _view(w, fmt, counter, keys)
        cl = classes.setdefault(view, {"pkgs": pkgs, "values": {}})
        for n, (p, counts, st) in enumerate(pkgs):
            for k in keys:
                if st[k] != "published":
                    for what, v in (("families", counts[k][0]), ("encounters", counts[k][1])):
                        lo, hi = cl["values"].get((n, k, what), (v, v))
                        cl["values"][(n, k, what)] = (min(lo, v), max(hi, v))
    # observed worlds: views with something hidden, several worlds behind them
    rnd = random.Random(seed)
    candidates = [v for v, cl in classes.items() if cl["values"]]
    rnd.shuffle(candidates)
    checked = exact_true = exact_lp = 0
    for view in candidates[:samples]:
        cl = classes[view]
        with tempfile.TemporaryDirectory() as root:
            dirs = _write(cl["pkgs"], fmt, root)
            att = Attack(TOY_CODEBOOK)
            att.load([Package(d, i) for i, d in enumerate(dirs)])
            res = att.solve()
            assert not res.infeasible and not res.conflicts, (res.infeasible, res.conflicts)
            for i, (p, key, what, status) in att.meta.items():
                n = int(os.path.basename(p.path).split("-")[0])
                lo, hi = cl["values"][(n, key, what)]
                llo, lhi = res.lo[i], res.hi[i]
                # soundness: every value some world with this view has is inside the interval
                assert llo <= lo and hi <= lhi, (fmt, p.period, key, what, (llo, lhi), (lo, hi))
                checked += 1
                exact_true += lo == hi
                exact_lp += llo == lhi
    assert checked > 0
    return checked, exact_true, exact_lp


def _record_level_reexport(fmt, additions_only, max_changes, samples=40, seed=11):
    """A month exported, one encounter added, the month exported again."""
    import tempfile

    from lp_attack import Attack, Package
    from truth import Counter as TruthCounter

    counter = TruthCounter(TOY_CODEBOOK, fmt=fmt, crosstabs=TOY_TABLES)
    keys = _all_keys()
    opts = [o for o in _toy_options() if o[1] == 1] + [("F2",) + o[1:] for o in _toy_options() if o[1] == 1]
    classes = {}
    for w in itertools.combinations_with_replacement([o for o in opts if o[0] != "F2"], 2):
        for add in opts:
            pkgs = []
            view = []
            for world in (w, w + (add,)):
                c = counter.count_period(_records(world), "2025-01")
                counts = {k: c.get(k, (0, 0)) for k in keys}
                st = _suppress(counts, fmt)
                pkgs.append(("2025-01", counts, st))
                view.append(tuple((st[k], counts[k] if st[k] == "published" else None) for k in keys))
            cl = classes.setdefault(tuple(view), {"pkgs": pkgs, "values": {}})
            for n, (p, counts, st) in enumerate(pkgs):
                for k in keys:
                    if st[k] != "published":
                        for what, v in (("families", counts[k][0]), ("encounters", counts[k][1])):
                            lo, hi = cl["values"].get((n, k, what), (v, v))
                            cl["values"][(n, k, what)] = (min(lo, v), max(hi, v))
    rnd = random.Random(seed)
    candidates = [v for v, cl in classes.items() if cl["values"]]
    rnd.shuffle(candidates)
    checked = 0
    for view in candidates[:samples]:
        cl = classes[view]
        with tempfile.TemporaryDirectory() as root:
            dirs = _write(cl["pkgs"], fmt, root)
            att = Attack(TOY_CODEBOOK, additions_only=additions_only, max_changes=max_changes)
            att.load([Package(d, i) for i, d in enumerate(dirs)])
            res = att.solve()
            assert not res.infeasible and not res.conflicts, (res.infeasible, res.conflicts)
            for i, (p, key, what, status) in att.meta.items():
                n = int(os.path.basename(p.path).split("-")[0])
                lo, hi = cl["values"][(n, key, what)]
                assert res.lo[i] <= lo and hi <= res.hi[i], (fmt, n, key, what, (res.lo[i], res.hi[i]), (lo, hi))
                checked += 1
    assert checked > 0
    return checked


def test_record_level_reexport_additions_only():
    for fmt in (1, 2):
        n = _record_level_reexport(fmt, True, None)
        print(f"  format {fmt}, re-export, additions only: {n} hidden values contain every world's value")


def test_record_level_reexport_max_changes():
    for fmt in (1, 2):
        n = _record_level_reexport(fmt, False, 1)
        print(f"  format {fmt}, re-export, at most 1 change: {n} hidden values contain every world's value")


def test_record_level_worlds_format2():
    checked, exact_true, exact_lp = _record_level(2)
    print(f"  format 2: {checked} hidden values, exact in truth {exact_true}, exact by the LP {exact_lp}")
    assert exact_lp <= exact_true


def test_record_level_worlds_format1():
    checked, exact_true, exact_lp = _record_level(1)
    print(f"  format 1: {checked} hidden values, exact in truth {exact_true}, exact by the LP {exact_lp}")
    assert exact_lp <= exact_true



def _run_all():
    tests = [(k, v) for k, v in sorted(globals().items()) if k.startswith("test_") and callable(v)]
    failed = 0
    for name, fn in tests:
        try:
            fn()
            print(f"ok - {name}")
        except Exception as e:  # noqa: BLE001
            failed += 1
            print(f"not ok - {name}: {type(e).__name__}: {e}")
    print(f"{len(tests) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(_run_all())
