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


class Model:
    def __init__(self):
        self.names: list[str] = []
        self.lb: list[float] = []
        self.ub: list[float] = []
        self.interest: list[bool] = []
        self.rows: list[Row] = []
        self.conflicts: list[str] = []  # rows without unknowns that fail

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
        const = 0.0
        coefs: dict[int, float] = {}
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
        lo2, hi2 = lo - const, hi - const
        if not coefs:
            if lo2 > EPS or hi2 < -EPS:
                self.conflicts.append(f"{tag}: constant {const} not in [{lo}, {hi}]")
            return
        if len(coefs) == 1:
            # a bound on one unknown; integer rounding is valid (counts)
            (i, c), = coefs.items()
            a, b = (lo2 / c, hi2 / c) if c > 0 else (hi2 / c, lo2 / c)
            if a > -INF:
                self.lb[i] = max(self.lb[i], math.ceil(a - EPS))
            if b < INF:
                self.ub[i] = min(self.ub[i], math.floor(b + EPS))
            return
        self.rows.append(Row(coefs, lo2, hi2, tag))

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
                        res.lo[i], res.hi[i] = self.lb[i], self.ub[i]
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
        res.stats = {
            "unknowns": len(self.names),
            "of_interest": sum(self.interest),
            "rows": len(self.rows),
            "components_with_interest": len(sizes),
            "largest_component": max(sizes) if sizes else 0,
            "lp_solves": n_lp,
            "seconds": round(time.time() - t0, 2),
            "solver": "highspy" if HAVE_HIGHSPY else "scipy-linprog",
        }
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
        # a second round only helps if some optimum was fractional (rounding cut);
        # the bounds written back cannot be violated by any integer solution.
        if not changed or use_milp:
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
