"""Interval bounds of integer unknowns under linear constraints.

This is the solver half of the attack, independent of packages: a `Model`
holds integer, non-negative-by-default unknowns and linear constraints
`lo <= sum(coef * term) <= hi`, where a term is an unknown (`Var`) or a plain
integer (a published value, folded into the bounds).  `solve()` returns, for
every unknown marked as *of interest*, the interval [min, max] that the
constraints allow:

1. presolve: a row with a single unknown becomes a bound on it (rounded to
   integers: every unknown is a count, so ceil/floor is valid);
2. the unknowns are split into connected components (two unknowns are linked
   when a row holds both), each solved on its own;
3. per component, one HiGHS LP is built and, for every unknown of interest,
   minimised and maximised by changing only the objective (warm start from the
   previous basis).  A feasible point found along the way proves that a value
   is attainable, so when some solution already sits on a variable's proven
   bound its LP is skipped;
4. the LP optimum is rounded inwards (ceil(min), floor(max)); since every
   unknown is an integer this stays sound.  The rounded bounds are written
   back as variable bounds and the component is solved again (a cheap
   integer cut; repeated `rounds` times while something tightens);
5. optionally, components with at most `milp_max_vars` unknowns are solved
   as integer programmes (HiGHS MIP), which gives the exact integer interval
   of the linear model.

The LP relaxation only ever widens intervals, so every reported interval
contains every value the constraints allow.  When the constraints hold for
the real data (the attack's job), the true value is inside the interval.
"""
from __future__ import annotations

import math
import os
import sys
import time
from dataclasses import dataclass, field

import numpy as np

INF = math.inf
EPS = 1e-6

try:  # highspy is the fast path (warm starts); scipy is the fallback
    import os as _os

    if _os.environ.get("VK_ATTACK_SOLVER") == "scipy":
        raise ImportError("scipy forced")
    import highspy  # type: ignore

    HAVE_HIGHSPY = True
except Exception:  # pragma: no cover - depends on the environment
    HAVE_HIGHSPY = False

_HIGHS = {}


def _highs_instance(local=False):
    """One HiGHS object reused for every component, one for local models
    (HiGHS prints a banner when one is created)."""
    if local not in _HIGHS:
        import os
        import sys

        sys.stdout.flush()
        saved = os.dup(1)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        try:
            h = highspy.Highs()
        finally:
            os.dup2(saved, 1)
            os.close(devnull)
            os.close(saved)
        h.setOptionValue("output_flag", False)
        h.setOptionValue("threads", 1)
        _HIGHS[local] = h
    h = _HIGHS[local]
    h.clearModel()
    return h


@dataclass(frozen=True)
class Var:
    """An unknown of the model (index into Model arrays)."""

    i: int


@dataclass
class Row:
    coefs: dict  # var index -> coefficient
    lo: float
    hi: float
    tag: str


@dataclass
class Result:
    lo: dict = field(default_factory=dict)  # var index -> int lower bound
    hi: dict = field(default_factory=dict)  # var index -> int upper bound (or INF)
    infeasible: list = field(default_factory=list)  # list of (component vars, tags)
    conflicts: list = field(default_factory=list)  # constant rows that do not hold
    stats: dict = field(default_factory=dict)


def _i(x):
    """ints stay exact; infinities stay floats."""
    return x if x in (INF, -INF) else int(round(x))


def _div_bounds(c, lo, hi):
    """integer bounds on x from lo <= c * x <= hi (c a non-zero integer)."""
    if c < 0:
        c, lo, hi = -c, (-hi if hi != INF else -INF), (-lo if lo != -INF else INF)
    a = -((-lo) // c) if lo != -INF else -INF  # ceil(lo / c)
    b = hi // c if hi != INF else INF  # floor(hi / c)
    return a, b


class Model:
    def __init__(self):
        self.names: list[str] = []
        self.lb: list[float] = []
        self.ub: list[float] = []
        self.interest: list[bool] = []
        self.rows: list[Row] = []
        self.conflicts: list[str] = []  # rows without unknowns that fail
        self.forbidden: dict[int, tuple] = {}  # var index -> (a, b): a..b impossible

    # -- building -----------------------------------------------------------
    def var(self, name: str, lb: float = 0, ub: float = INF, interest: bool = False) -> Var:
        self.names.append(name)
        self.lb.append(lb)
        self.ub.append(ub)
        self.interest.append(interest)
        return Var(len(self.names) - 1)

    def add(self, terms, lo: float = -INF, hi: float = INF, tag: str = "") -> None:
        """Adds lo <= sum(coef * term) <= hi; terms: iterable of (coef, Var|int|None).

        A term None means "not known to exist" and makes the caller's relation
        meaningless: callers must not pass None (checked)."""
        const = 0
        coefs: dict[int, int] = {}
        for c, t in terms:
            if c == 0:
                continue
            if isinstance(t, Var):
                coefs[t.i] = coefs.get(t.i, 0) + c
            elif t is None:
                raise ValueError(f"missing term in {tag}")
            else:
                const += c * t
        coefs = {i: c for i, c in coefs.items() if c != 0}
        lo2, hi2 = _i(lo - const), _i(hi - const)
        if not coefs:
            if lo2 > EPS or hi2 < -EPS:
                self.conflicts.append(f"{tag}: constant {const} not in [{lo}, {hi}]")
            return
        if len(coefs) == 1:
            # a bound on one unknown; integer rounding is valid (counts)
            (i, c), = coefs.items()
            self._bound(i, c, lo2, hi2)
            return
        self.rows.append(Row(coefs, lo2, hi2, tag))

    def _bound(self, i, c, lo, hi):
        """lo <= c * x_i <= hi as integer bounds on x_i; True if a bound moved."""
        a, b = _div_bounds(c, lo, hi)
        moved = False
        if a > self.lb[i]:
            self.lb[i] = a
            moved = True
        if b < self.ub[i]:
            self.ub[i] = b
            moved = True
        return moved

    def propagate(self, max_rounds: int = 100) -> bool:
        """Bound propagation to a fixpoint, then simplification.

        For every row lo <= sum c_i x_i <= hi and every unknown in it, the
        other unknowns' bounds bound c_i x_i; the result is rounded to
        integers (every unknown is a count).  Unknowns whose bounds meet are
        fixed and folded into the rows as constants; rows that the bounds
        already satisfy are dropped (they can no longer cut anything off).
        Every step keeps exactly the same integer solutions, so the LP that
        follows is smaller, splits into more components, and is as tight.
        Returns False if some unknown's bounds cross (the model is infeasible)."""
        lb, ub = self.lb, self.ub
        rows = self.rows
        var_rows: dict[int, list[int]] = {}
        for k, r in enumerate(rows):
            for i in r.coefs:
                var_rows.setdefault(i, []).append(k)
        for i in self.forbidden:
            self._skip_forbidden(i)
        queue = set(range(len(rows)))
        for _ in range(max_rounds):
            if not queue:
                break
            nxt = set()
            for k in queue:
                r = rows[k]
                # activity bounds, with counts of infinite contributions
                mn = mx = 0
                mn_inf = mx_inf = 0
                for i, c in r.coefs.items():
                    lo_c, hi_c = (c * lb[i], c * ub[i]) if c > 0 else (c * ub[i], c * lb[i])
                    if lo_c == -INF:
                        mn_inf += 1
                    else:
                        mn += lo_c
                    if hi_c == INF:
                        mx_inf += 1
                    else:
                        mx += hi_c
                for i, c in r.coefs.items():
                    lo_c, hi_c = (c * lb[i], c * ub[i]) if c > 0 else (c * ub[i], c * lb[i])
                    # the rest's minimum and maximum activity
                    if lo_c == -INF:
                        rest_mn = mn if mn_inf == 1 else -INF
                    else:
                        rest_mn = (mn - lo_c) if mn_inf == 0 else -INF
                    if hi_c == INF:
                        rest_mx = mx if mx_inf == 1 else INF
                    else:
                        rest_mx = (mx - hi_c) if mx_inf == 0 else INF
                    u = r.hi - rest_mn if r.hi != INF and rest_mn != -INF else INF
                    lo_ = r.lo - rest_mx if r.lo != -INF and rest_mx != INF else -INF
                    if u == INF and lo_ == -INF:
                        continue
                    a, b = _div_bounds(c, lo_, u)
                    if a > lb[i] or b < ub[i]:
                        if a > lb[i]:
                            lb[i] = a
                        if b < ub[i]:
                            ub[i] = b
                        if i in self.forbidden:
                            self._skip_forbidden(i)
                        if lb[i] > ub[i]:
                            return False
                        nxt.update(var_rows[i])
                        break  # recompute this row's activity next time
            queue = nxt
        # fold fixed unknowns, drop satisfied rows, turn single-unknown rows into bounds
        kept = []
        for r in rows:
            coefs = {}
            lo, hi = r.lo, r.hi
            for i, c in r.coefs.items():
                if lb[i] == ub[i]:
                    lo, hi = lo - c * lb[i], hi - c * lb[i]
                else:
                    coefs[i] = c
            if not coefs:
                if lo > 0 or hi < 0:
                    return False
                continue
            if len(coefs) == 1:
                (i, c), = coefs.items()
                self._bound(i, c, lo, hi)
                if lb[i] > ub[i]:
                    return False
                continue
            mn = sum(c * (lb[i] if c > 0 else ub[i]) for i, c in coefs.items())
            mx = sum(c * (ub[i] if c > 0 else lb[i]) for i, c in coefs.items())
            if mn >= lo and mx <= hi:
                continue  # the bounds already guarantee it
            kept.append(Row(coefs, lo, hi, r.tag))
        self.rows = kept
        return True

    def aggregate(self) -> bool:
        """Equalities between two unknowns (x = s*y + t, s = +-1): x is replaced
        by y in every row and its bounds move onto y.  The LP keeps the same
        solutions (x is a function of y), with fewer unknowns and rows, and
        x's interval follows from y's.  Returns False if bounds cross."""
        lb, ub = self.lb, self.ub
        if not hasattr(self, "alias"):
            self.alias = {}
        var_rows: dict[int, set] = {}
        for k, r in enumerate(self.rows):
            for i in r.coefs:
                var_rows.setdefault(i, set()).add(k)
        alive = [True] * len(self.rows)
        for k, r in enumerate(self.rows):
            if not alive[k] or len(r.coefs) != 2 or r.lo != r.hi or r.lo in (INF, -INF):
                continue
            (a, ca), (b, cb) = r.coefs.items()
            if abs(ca) != abs(cb):
                continue
            cands = [(a, ca, b, cb), (b, cb, a, ca)]
            cands = [c for c in cands if c[0] not in self.forbidden]
            if not cands:
                continue
            cands.sort(key=lambda c: (self.interest[c[0]], len(var_rows[c[0]])))
            x, cx, y, cy = cands[0]
            if r.lo % cx:
                continue  # no integer solution shape we handle here; the LP keeps it
            sgn, t = -cy // cx, r.lo // cx  # x = sgn*y + t
            lo_y, hi_y = (lb[x] - t, ub[x] - t) if sgn == 1 else (t - ub[x], t - lb[x])
            lb[y], ub[y] = max(lb[y], lo_y), min(ub[y], hi_y)
            if lb[y] > ub[y]:
                return False
            alive[k] = False
            var_rows[x].discard(k)
            var_rows[y].discard(k)
            for k2 in var_rows[x]:
                r2 = self.rows[k2]
                c = r2.coefs.pop(x)
                if r2.lo != -INF:
                    r2.lo -= c * t
                if r2.hi != INF:
                    r2.hi -= c * t
                nc = r2.coefs.get(y, 0) + c * sgn
                if nc:
                    r2.coefs[y] = nc
                    var_rows[y].add(k2)
                else:
                    r2.coefs.pop(y, None)
                    var_rows[y].discard(k2)
            var_rows[x] = set()
            if self.interest[x]:
                self.interest[y] = True
            self.alias[x] = (y, sgn, t)
            lb[x], ub[x] = -INF, INF  # no longer an unknown of the LP
        self.rows = [r for k, r in enumerate(self.rows) if alive[k]]
        return True

    def resolve(self, x, lo: dict, hi: dict):
        """x's interval through its alias chain."""
        y, sgn, t = self.alias[x]
        if y in self.alias:
            self.resolve(y, lo, hi)
        a, b = lo.get(y, -INF), hi.get(y, INF)
        if sgn == 1:
            lo[x], hi[x] = a + t, b + t
        else:
            lo[x], hi[x] = t - b, t - a

    def _skip_forbidden(self, i):
        a, b = self.forbidden[i]
        if a <= self.lb[i] <= b:
            self.lb[i] = b + 1
        if a <= self.ub[i] <= b:
            self.ub[i] = a - 1

    def forbid(self, v: Var, a: int, b: int) -> None:
        """The integer values a..b are impossible for v (a disjunction the LP
        cannot hold: it is applied to the bounds between LP rounds)."""
        self.forbidden[v.i] = (a, b)

    # convenience wrappers
    def eq(self, terms, rhs=0, tag=""):
        self.add(terms, rhs, rhs, tag)

    def le(self, terms, rhs=0, tag=""):
        self.add(terms, -INF, rhs, tag)

    def ge(self, terms, rhs=0, tag=""):
        self.add(terms, rhs, INF, tag)

    # -- components ----------------------------------------------------------
    def components(self):
        n = len(self.names)
        parent = list(range(n))

        def find(x):
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for r in self.rows:
            it = iter(r.coefs)
            a = find(next(it))
            for j in it:
                b = find(j)
                if a != b:
                    parent[b] = a
        comps: dict[int, list[int]] = {}
        for i in range(n):
            comps.setdefault(find(i), []).append(i)
        rows_of: dict[int, list[int]] = {}
        for k, r in enumerate(self.rows):
            rows_of.setdefault(find(next(iter(r.coefs))), []).append(k)
        return [(v, rows_of.get(root, [])) for root, v in comps.items()]

    # -- solving -------------------------------------------------------------
    def solve(self, rounds: int = 2, milp_max_vars: int = 0, time_limit: float = 0,
              progress=None, verdict_only: bool = False) -> Result:
        res = Result()
        res.conflicts = list(self.conflicts)
        t0 = time.time()
        _T.clear()
        rows_before = len(self.rows)
        tp = time.time()
        ok = self.propagate()
        for _ in range(3):
            if not ok:
                break
            n_rows = len(self.rows)
            ok = self.aggregate() and self.propagate()
            if len(self.rows) == n_rows:
                break
        _tick("propagation", tp)
        if not ok:
            res.infeasible.append((list(range(len(self.names))), ["bound propagation: bounds cross"]))
            res.stats = {"seconds": round(time.time() - t0, 2)}
            return res
        res.stats["rows_before_presolve"] = rows_before
        comps = self.components()
        alias = getattr(self, "alias", {})
        n_lp = 0
        sizes = []
        for vars_, rows in comps:
            if alias:
                vars_ = [i for i in vars_ if i not in alias]
            if not vars_ or not any(self.interest[i] for i in vars_):
                continue
            sizes.append(len(vars_))
            if any(self.lb[i] > self.ub[i] for i in vars_):
                res.infeasible.append((vars_, ["empty bound"]))
                continue
            if not rows:  # isolated unknowns: their bounds are the answer
                for i in vars_:
                    if self.interest[i]:
                        lo, hi = self.lb[i], self.ub[i]
                        a, b = self.forbidden.get(i, (1, 0))
                        lo = b + 1 if a <= lo <= b else lo
                        hi = a - 1 if a <= hi <= b else hi
                        if lo > hi:
                            res.infeasible.append(([i], ["forbidden range"]))
                        res.lo[i], res.hi[i] = lo, hi
                continue
            use_milp = 0 < len(vars_) <= milp_max_vars
            out = _solve_component(self, vars_, rows, rounds, use_milp, verdict_only)
            if out is None:
                res.infeasible.append((vars_, sorted({self.rows[k].tag for k in rows})[:20]))
                continue
            lo, hi, nsolves = out
            n_lp += nsolves
            res.lo.update(lo)
            res.hi.update(hi)
            if progress:
                progress(len(res.lo), sum(self.interest))
        for x in alias:
            if self.interest[x]:
                self.resolve(x, res.lo, res.hi)
        res.stats.update({
            "unknowns": len(self.names),
            "merged_by_equalities": len(alias),
            "of_interest": sum(self.interest),
            "rows": len(self.rows),
            "components_with_interest": len(sizes),
            "largest_component": max(sizes) if sizes else 0,
            "lp_solves": n_lp,
            "seconds": round(time.time() - t0, 2),
            "solver": "highspy" if HAVE_HIGHSPY else "scipy-linprog",
            "phases": {k: (round(v[0], 1), v[1]) for k, v in _T.items()},
        })
        return res


def _component_matrix(model: Model, vars_, rows):
    pos = {v: j for j, v in enumerate(vars_)}
    starts, index, value, lo, hi = [0], [], [], [], []
    for k in rows:
        r = model.rows[k]
        for i, c in r.coefs.items():
            index.append(pos[i])
            value.append(float(c))
        starts.append(len(index))
        lo.append(r.lo)
        hi.append(r.hi)
    return pos, starts, index, value, lo, hi


_DBG = [0, 0]
_T = {}  # phase -> seconds, LPs (reset by Model.solve)
LOCAL_FROM = 300
HUB_ROWS = 40  # local bounds do not expand through unknowns in more rows


def _tick(phase, t0, n=1):
    s, c = _T.get(phase, (0.0, 0))
    _T[phase] = (s + time.time() - t0, c + n)  # components with more unknowns get local bounds and batched solves


def _solve_component(model: Model, vars_, rows, rounds: int, use_milp: bool, verdict_only: bool = False):
    """Min and max of every unknown of interest in one component, or None if infeasible.

    An item is one unknown and one direction (min or max).  Each item keeps a
    *proven* bound (a value no solution can pass: the unknown's bound, a
    local LP bound, or the LP optimum) and a *witnessed* value (the best
    value seen in some feasible point of the full component).  When the two
    round to the same integer, the item is settled: the LP optimum lies
    between them.  Unsettled items get their own LP.

    For big components two things keep the number of LPs down: the proven
    bound starts from a *local* LP (the rows around the unknown only: fewer
    constraints, so a valid outer bound, usually already the true one), and
    items are first pushed together (one LP maximising or minimising the
    sum of many unknowns that share no row), which often puts each of them
    on its bound at once."""
    pos, starts, index, value, rlo, rhi = _component_matrix(model, vars_, rows)
    n = len(vars_)
    lb = np.array([model.lb[v] for v in vars_], dtype=float)
    ub = np.array([model.ub[v] for v in vars_], dtype=float)
    targets = [j for j, v in enumerate(vars_) if model.interest[v]]
    big = n >= LOCAL_FROM and not use_milp
    proven = {}  # (j, sense) -> proven integer bound (sense 1: lower, -1: upper)
    if big:
        t0 = time.time()
        local = _local_bounds(model, vars_, rows, pos, targets)
        _tick("local bounds", t0, 2 * len(targets))
        if local is None:
            return None
        for j in targets:
            proven[(j, 1)], proven[(j, -1)] = local[j][:2]
    else:
        for j in targets:
            proven[(j, 1)] = lb[j]
            proven[(j, -1)] = ub[j]
    solver = _Highs(n, lb, ub, starts, index, value, rlo, rhi, use_milp) if HAVE_HIGHSPY \
        else _Scipy(n, lb, ub, starts, index, value, rlo, rhi, use_milp)
    if not solver.feasible():
        return None
    nsolves = 1
    rows_of = None
    if big:
        rows_of = [[] for _ in range(n)]
        for r in range(len(rlo)):
            for t in range(starts[r], starts[r + 1]):
                rows_of[index[t]].append(r)
    # feasible points of the current model seen so far; who_min[j] / who_max[j]
    # is the point holding the smallest / largest value of unknown j
    points = [solver.last.copy()]
    seen_min, seen_max = points[0].copy(), points[0].copy()
    who_min = np.zeros(n, dtype=np.int64)
    who_max = np.zeros(n, dtype=np.int64)

    def see(x):
        points.append(x.copy())
        k = len(points) - 1
        m = x < seen_min
        seen_min[m] = x[m]
        who_min[m] = k
        m = x > seen_max
        seen_max[m] = x[m]
        who_max[m] = k

    def settled(j, sense):
        # verdict only: two integers seen in feasible points of the current
        # model is proof enough that the value is not exact (the LP bounds,
        # rounded inwards, hold both); its interval stays an outer bound
        if verdict_only and math.ceil(seen_min[j] - EPS) < math.floor(seen_max[j] + EPS):
            return True
        p = proven[(j, sense)]
        if p in (INF, -INF):
            return False
        if sense == 1:
            return math.ceil(seen_min[j] - EPS) == p
        return math.floor(seen_max[j] + EPS) == p

    for _ in range(max(1, rounds)):
        open_items = [(j, s) for j in targets for s in (1, -1) if not settled(j, s)]
        # batched solves: sums of unknowns that share no row (then, once that
        # stalls, unknowns two rows apart: fewer of them pull against each other)
        strict = False
        while big and len(open_items) > 20:
            before = len(open_items)
            if os.environ.get("VK_ATTACK_DEBUG"):
                print(f"  batch round: open {before}{' (strict)' if strict else ''}", file=sys.stderr)
            for sense in (1, -1):
                taken = set()
                batch = []
                for j, s in open_items:
                    if s != sense or proven[(j, s)] in (INF, -INF):
                        continue
                    if any(r in taken for r in rows_of[j]):
                        continue
                    if strict:
                        near = set(rows_of[j])
                        for r in rows_of[j]:
                            for t in range(starts[r], starts[r + 1]):
                                near.update(rows_of[index[t]])
                        if any(r in taken for r in near):
                            continue
                        taken.update(near)
                    else:
                        taken.update(rows_of[j])
                    batch.append(j)
                if len(batch) < 2:
                    continue
                t0 = time.time()
                if solver.optimise_sum(batch, sense) is None:
                    return None
                _tick("batched", t0)
                nsolves += 1
                see(solver.last)
            open_items = [(j, s) for j, s in open_items if not settled(j, s)]
            if before - len(open_items) < max(5, before // 50):
                if strict:
                    break
                strict = True
        if big and os.environ.get("VK_ATTACK_DEBUG"):
            print(f"component {n}: {2 * len(targets)} items, open after batches {len(open_items)}, solves {nsolves}"
                  f" individual so far {_DBG[0]} of which local bound was right {_DBG[1]}", file=sys.stderr)
        # one LP per item still open: its optimum, rounded inwards
        for j, sense in open_items:
            if settled(j, sense):
                continue
            t0 = time.time()
            val = solver.optimise(j, sense)
            _tick("single (big)" if big else "single (small)", t0)
            nsolves += 1
            if val is None:
                return None
            see(solver.last)
            if os.environ.get("VK_ATTACK_DEBUG") and big:
                _DBG[0] += 1
                _DBG[1] += (math.ceil(val - EPS) if sense == 1 else math.floor(val + EPS)) == proven[(j, sense)]
            if sense == 1:
                v = math.ceil(val - EPS) if val != -INF else -INF
                proven[(j, 1)] = max(proven[(j, 1)], v) if v != -INF else proven[(j, 1)]
            else:
                v = math.floor(val + EPS) if val != INF else INF
                proven[(j, -1)] = min(proven[(j, -1)], v) if v != INF else proven[(j, -1)]
        # write the integer bounds back (no integer solution violates them) ...
        for j in targets:
            lo_j, hi_j = proven[(j, 1)], proven[(j, -1)]
            moved = False
            if lo_j != -INF and lo_j > lb[j]:
                lb[j] = lo_j
                moved = True
            if hi_j != INF and hi_j < ub[j]:
                ub[j] = hi_j
                moved = True
            if moved:
                solver.set_bounds(j, lb[j], ub[j])
        # ... and skip a forbidden range a..b
        for j, v in enumerate(vars_):
            fb = model.forbidden.get(v)
            if fb is None:
                continue
            a, b = fb
            nlo, nhi = lb[j], ub[j]
            if a <= nlo <= b:
                nlo = b + 1
            if a <= nhi <= b:
                nhi = a - 1
            if (nlo, nhi) != (lb[j], ub[j]):
                if nlo > nhi:
                    return None
                lb[j], ub[j] = nlo, nhi
                solver.set_bounds(j, nlo, nhi)
                if (j, 1) in proven:
                    proven[(j, 1)] = max(proven[(j, 1)], nlo)
                    proven[(j, -1)] = min(proven[(j, -1)], nhi)
        # The tighter model keeps every point that respects the new bounds; an
        # item whose witness is such a point stays settled (its LP optimum lies
        # between its proven bound and that witness).  If every point survives
        # the cuts changed nothing we know of: done.
        keep = [k for k in sorted(set(who_min[targets].tolist()) | set(who_max[targets].tolist()))
                if not (np.any(points[k] < lb - EPS) or np.any(points[k] > ub + EPS))]
        referenced = set(who_min[targets].tolist()) | set(who_max[targets].tolist())
        if len(keep) == len(referenced):
            break
        if not solver.feasible():
            return None
        nsolves += 1
        old = points
        points = [solver.last.copy()] + [old[k] for k in keep]
        stack = np.vstack(points)
        who_min = np.argmin(stack, axis=0)
        who_max = np.argmax(stack, axis=0)
        seen_min = stack[who_min, np.arange(n)]
        seen_max = stack[who_max, np.arange(n)]
        del stack
    lo = {vars_[j]: (int(proven[(j, 1)]) if proven[(j, 1)] != -INF else -INF) for j in targets}
    hi = {vars_[j]: (int(proven[(j, -1)]) if proven[(j, -1)] != INF else INF) for j in targets}
    return lo, hi, nsolves


def _local_bounds(model: Model, vars_, rows, pos, targets, radius: int = 2):
    """Outer bounds of each target from the rows around it (a relaxation).

    The rows within `radius` steps of the unknown, with every unknown they
    hold: dropping constraints only widens the feasible set, so the LP
    optimum of this small model bounds the full component's.  Rounded to
    integers.  None if some local model is infeasible."""
    var_rows: dict[int, list[int]] = {}
    for k in rows:
        for i in model.rows[k].coefs:
            var_rows.setdefault(i, []).append(k)
    out = {}
    for j in targets:
        v0 = vars_[j]
        vs, rs, frontier = {v0}, set(), {v0}
        for step in range(radius):
            nr = set()
            for v in frontier:
                vr = var_rows.get(v, ())
                # do not expand through hubs (a suppressed total sits in every
                # row of its period): fewer rows is still a valid relaxation
                if step == 0 or len(vr) <= HUB_ROWS:
                    nr.update(vr)
            nr -= rs
            rs |= nr
            nf = set()
            for k in nr:
                nf.update(model.rows[k].coefs)
            nf -= vs
            vs |= nf
            frontier = nf
        vs = sorted(vs)
        lpos = {v: t for t, v in enumerate(vs)}
        st, ix, va, lo, hi = [0], [], [], [], []
        for k in rs:
            r = model.rows[k]
            for i, c in r.coefs.items():
                ix.append(lpos[i])
                va.append(float(c))
            st.append(len(ix))
            lo.append(r.lo)
            hi.append(r.hi)
        lbv = np.array([model.lb[v] for v in vs], dtype=float)
        ubv = np.array([model.ub[v] for v in vs], dtype=float)
        s = _Highs(len(vs), lbv, ubv, st, ix, va, lo, hi, False, local=True) if HAVE_HIGHSPY \
            else _Scipy(len(vs), lbv, ubv, st, ix, va, lo, hi, False)
        a = s.optimise(lpos[v0], 1)
        b = s.optimise(lpos[v0], -1)
        if a is None or b is None:
            return None
        out[j] = (math.ceil(a - EPS) if a != -INF else -INF, math.floor(b + EPS) if b != INF else INF,
                  _frac(a), _frac(b))
    return out


def _frac(x):
    return x not in (INF, -INF) and abs(x - round(x)) > EPS


class _Highs:
    def __init__(self, n, lb, ub, starts, index, value, rlo, rhi, use_milp, local=False):
        h = _highs_instance(local)
        h.setOptionValue("mip_rel_gap", 1e-4)
        # warm starts: presolve would throw the basis away at every solve, and
        # after a change of objective only the primal simplex can reuse it
        self.presolve = bool(use_milp or local)
        h.setOptionValue("presolve", "on" if self.presolve else "off")
        h.setOptionValue("simplex_strategy", 1 if (use_milp or local) else 4)
        inf = highspy.kHighsInf
        lbv = np.where(np.isinf(lb), -inf, lb)
        ubv = np.where(np.isinf(ub), inf, ub)
        h.addVars(n, lbv, ubv)
        nrows = len(rlo)
        if nrows:
            lo = np.array([(-inf if x == -INF else x) for x in rlo], dtype=float)
            hi = np.array([(inf if x == INF else x) for x in rhi], dtype=float)
            h.addRows(nrows, lo, hi, len(index), np.array(starts[:-1], dtype=np.int32),
                      np.array(index, dtype=np.int32), np.array(value, dtype=float))
        if use_milp:
            h.changeColsIntegrality(n, np.arange(n, dtype=np.int32),
                                    np.array([highspy.HighsVarType.kInteger] * n))
            h.setOptionValue("mip_rel_gap", 0.0)
            h.setOptionValue("mip_abs_gap", 0.0)
        self.h, self.n, self.inf = h, n, inf
        self.cost = np.zeros(n)
        self.cur = None
        self.last = np.zeros(n)

    def _run(self):
        self.h.run()
        st = self.h.getModelStatus()
        if st != highspy.HighsModelStatus.kOptimal and not self.presolve:
            # A warm re-solve that does not end optimal (numerical trouble on
            # a big component: kUnknown, kSolveError, even kInfeasible) is
            # no proof of anything: solve again from scratch, presolved,
            # before believing it.  Without this, a model the truth satisfies
            # read as "infeasible" (ten packages of the audit's order).
            warm = st
            self.h.clearSolver()
            self.h.setOptionValue("presolve", "on")
            self.h.run()
            st = self.h.getModelStatus()
            self.h.setOptionValue("presolve", "off")
            if os.environ.get("VK_ATTACK_DEBUG"):
                print(f"  warm solve ended {warm}, cold re-solve {st}", file=sys.stderr)
        if st == highspy.HighsModelStatus.kOptimal:
            self.last = np.array(self.h.getSolution().col_value)
            return "opt"
        if st == highspy.HighsModelStatus.kUnbounded:
            return "unb"
        if st in (highspy.HighsModelStatus.kInfeasible,):
            return "inf"
        if st == highspy.HighsModelStatus.kUnboundedOrInfeasible:
            return "unb" if self.cur is not None else "inf"
        # neither a solution nor a proof: not a verdict on the packages
        raise RuntimeError(f"HiGHS ended {st} on a component of {self.n} unknowns")

    def feasible(self):
        self._set_cost(None, 1)
        return self._run() == "opt"

    def _set_cost(self, j, sense):
        if isinstance(self.cur, list):
            for i in self.cur:
                self.h.changeColCost(i, 0.0)
        elif self.cur is not None:
            self.h.changeColCost(self.cur, 0.0)
        if j is not None:
            self.h.changeColCost(j, 1.0)
        self.h.changeObjectiveSense(highspy.ObjSense.kMinimize if sense == 1 else highspy.ObjSense.kMaximize)
        self.cur = j

    def optimise(self, j, sense):
        self._set_cost(j, sense)
        s = self._run()
        if s == "opt":
            return float(self.last[j])
        if s == "unb":
            return -INF if sense == 1 else INF
        return None

    def optimise_sum(self, js, sense):
        """Optimise the sum of several unknowns; returns the objective or None."""
        if self.cur is not None:
            if isinstance(self.cur, list):
                for j in self.cur:
                    self.h.changeColCost(j, 0.0)
            else:
                self.h.changeColCost(self.cur, 0.0)
        for j in js:
            self.h.changeColCost(j, 1.0)
        self.h.changeObjectiveSense(highspy.ObjSense.kMinimize if sense == 1 else highspy.ObjSense.kMaximize)
        self.cur = list(js)
        s = self._run()
        return 0.0 if s == "opt" else (None if s not in ("unb",) else INF)

    def set_bounds(self, j, lo, hi):
        self.h.changeColBounds(j, -self.inf if lo == -INF else lo, self.inf if hi == INF else hi)


class _Scipy:
    """Fallback through scipy.optimize (linprog / milp with HiGHS); no warm start."""

    def __init__(self, n, lb, ub, starts, index, value, rlo, rhi, use_milp):
        from scipy.sparse import csr_matrix

        self.n = n
        self.lb, self.ub = lb.copy(), ub.copy()
        self.A = csr_matrix((value, index, starts), shape=(len(rlo), n)) if rlo else None
        self.rlo, self.rhi = np.array(rlo, dtype=float), np.array(rhi, dtype=float)
        self.use_milp = use_milp
        self.last = np.zeros(n)

    def _solve(self, c):
        from scipy.optimize import Bounds, LinearConstraint, milp

        cons = [LinearConstraint(self.A, self.rlo, self.rhi)] if self.A is not None else []
        r = milp(c, constraints=cons, bounds=Bounds(self.lb, self.ub),
                 integrality=np.ones(self.n) if self.use_milp else np.zeros(self.n))
        return r

    def feasible(self):
        r = self._solve(np.zeros(self.n))
        if r.status == 0:
            self.last = r.x
            return True
        return False

    def optimise(self, j, sense):
        c = np.zeros(self.n)
        c[j] = sense
        r = self._solve(c)
        if r.status == 0:
            self.last = r.x
            return float(r.x[j])
        if r.status == 3:  # unbounded
            return -INF if sense == 1 else INF
        return None

    def optimise_sum(self, js, sense):
        c = np.zeros(self.n)
        c[list(js)] = sense
        r = self._solve(c)
        if r.status == 0:
            self.last = r.x
            return 0.0
        return INF if r.status == 3 else None

    def set_bounds(self, j, lo, hi):
        self.lb[j], self.ub[j] = lo, hi
