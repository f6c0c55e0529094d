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
# (added below once the package model exists)


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
