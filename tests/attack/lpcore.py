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

_HIGHS = None


def _highs_instance():
    """One HiGHS object reused for every component (it prints a banner when created)."""
    global _HIGHS
    if _HIGHS is None:
        import os
        import sys

        sys.stdout.flush()
        saved = os.dup(1)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        try:
            _HIGHS = highspy.Highs()
        finally:
            os.dup2(saved, 1)
            os.close(devnull)
            os.close(saved)
        _HIGHS.setOptionValue("output_flag", False)
        _HIGHS.setOptionValue("threads", 1)
    _HIGHS.clearModel()
    return _HIGHS


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
              progress=None) -> Result:
        res = Result()
        res.conflicts = list(self.conflicts)
        t0 = time.time()
        rows_before = len(self.rows)
        if not self.propagate():
            res.infeasible.append((list(range(len(self.names))), ["bound propagation: bounds cross"]))
            res.stats = {"seconds": round(time.time() - t0, 2)}
            return res
        res.stats["rows_before_presolve"] = rows_before
        comps = self.components()
        n_lp = 0
        sizes = []
        for vars_, rows in comps:
            if not any(self.interest[i] for i in vars_):
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
            out = _solve_component(self, vars_, rows, rounds, use_milp)
            if out is None:
                res.infeasible.append((vars_, sorted({self.rows[k].tag for k in rows})[:20]))
                continue
            lo, hi, nsolves = out
            n_lp += nsolves
            res.lo.update(lo)
            res.hi.update(hi)
            if progress:
                progress(len(res.lo), sum(self.interest))
        res.stats.update({
            "unknowns": len(self.names),
            "of_interest": sum(self.interest),
            "rows": len(self.rows),
            "components_with_interest": len(sizes),
            "largest_component": max(sizes) if sizes else 0,
            "lp_solves": n_lp,
            "seconds": round(time.time() - t0, 2),
            "solver": "highspy" if HAVE_HIGHSPY else "scipy-linprog",
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


def _solve_component(model: Model, vars_, rows, rounds: int, use_milp: bool):
    """Min and max of every unknown of interest in one component, or None if infeasible."""
    pos, starts, index, value, rlo, rhi = _component_matrix(model, vars_, rows)
    n = len(vars_)
    lb = np.array([model.lb[v] for v in vars_], dtype=float)
    ub = np.array([model.ub[v] for v in vars_], dtype=float)
    targets = [j for j, v in enumerate(vars_) if model.interest[v]]
    solver = _Highs(n, lb, ub, starts, index, value, rlo, rhi, use_milp) if HAVE_HIGHSPY \
        else _Scipy(n, lb, ub, starts, index, value, rlo, rhi, use_milp)
    if not solver.feasible():
        return None
    nsolves = 1
    # proven bounds so far (start: the variable bounds) and witnessed values
    best_lo = {j: None for j in targets}
    best_hi = {j: None for j in targets}
    for _ in range(max(1, rounds)):
        changed = False
        seen_min = solver.last.copy()
        seen_max = solver.last.copy()
        for j in targets:
            for sense in (1, -1):
                known = best_lo[j] if sense == 1 else best_hi[j]
                bound = lb[j] if sense == 1 else ub[j]
                seen = seen_min[j] if sense == 1 else seen_max[j]
                # a feasible point on the proven bound settles the question
                if known is not None and abs(seen - known) < EPS:
                    continue
                if bound != INF and bound != -INF and abs(seen - bound) < EPS:
                    val = bound
                else:
                    val = solver.optimise(j, sense)
                    nsolves += 1
                    if val is None:
                        return None
                    x = solver.last
                    np.minimum(seen_min, x, out=seen_min)
                    np.maximum(seen_max, x, out=seen_max)
                if sense == 1:
                    v = math.ceil(val - EPS) if val != -INF else -INF
                    if best_lo[j] is None or v > best_lo[j]:
                        best_lo[j] = v
                        if v > lb[j]:
                            lb[j] = v
                            solver.set_bounds(j, lb[j], ub[j])
                            changed = True
                else:
                    v = math.floor(val + EPS) if val != INF else INF
                    if best_hi[j] is None or v < best_hi[j]:
                        best_hi[j] = v
                        if v < ub[j]:
                            ub[j] = v
                            solver.set_bounds(j, lb[j], ub[j])
                            changed = True
        # a value inside a forbidden range a..b moves the bound past it
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
                if j in best_lo:
                    best_lo[j] = nlo if best_lo[j] is None else max(best_lo[j], nlo)
                    best_hi[j] = nhi if best_hi[j] is None else min(best_hi[j], nhi)
                changed = True
        # a second round only helps if some optimum was fractional (rounding cut)
        # or a forbidden range moved a bound; the bounds written back cannot be
        # violated by any integer solution.
        if not changed:
            break
        if not solver.feasible():
            return None
    lo = {vars_[j]: int(best_lo[j]) if best_lo[j] not in (None, -INF) else -INF for j in targets}
    hi = {vars_[j]: (int(best_hi[j]) if best_hi[j] not in (None, INF) else INF) for j in targets}
    return lo, hi, nsolves


class _Highs:
    def __init__(self, n, lb, ub, starts, index, value, rlo, rhi, use_milp):
        h = _highs_instance()
        h.setOptionValue("mip_rel_gap", 1e-4)
        # warm starts: presolve would throw the basis away at every solve, and
        # after a change of objective only the primal simplex can reuse it
        h.setOptionValue("presolve", "on" if use_milp else "off")
        h.setOptionValue("simplex_strategy", 1 if use_milp else 4)
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
        if st == highspy.HighsModelStatus.kOptimal:
            self.last = np.array(self.h.getSolution().col_value)
            return "opt"
        if st == highspy.HighsModelStatus.kUnbounded:
            return "unb"
        if st in (highspy.HighsModelStatus.kInfeasible,):
            return "inf"
        if st == highspy.HighsModelStatus.kUnboundedOrInfeasible:
            return "unb" if self.cur is not None else "inf"
        return str(st)

    def feasible(self):
        self._set_cost(None, 1)
        return self._run() == "opt"

    def _set_cost(self, j, sense):
        if self.cur is not None:
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

    def set_bounds(self, j, lo, hi):
        self.lb[j], self.ub[j] = lo, hi
