#!/usr/bin/env python3
"""The LP attacker against Veerkracht signal packages.

Usage:
  lp_attack.py PKG_DIR... [--json OUT] [--additions-only] [--max-changes N]
               [--codebook FILE] [--milp-max-vars N] [--rounds N] [--quiet]

The attacker holds every package a vault has released (every period, every
re-export of a period, signals and crosstabs), knows the counting rules and
the codebook, and solves linear programmes.  Every suppressed families and
encounters value of every package is an unknown; published values are
constants; every relation the counting rules make valid is a constraint.
For every unknown we compute [min, max] (LP with HiGHS, rounded inwards,
which is valid since counts are integers).  A value with min == max is
disclosed: EXACT.

Exit code: 0 no value is exact, 1 some value is exact, 2 usage, parse or
model error (for example an infeasible model: an assumption does not hold).

See README.md in this folder for the attacker model and every constraint
family with the contract sentence it rests on.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import sys
from collections import Counter, defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from lpcore import INF, Model, Var  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CODEBOOK = os.environ.get("VK_CODEBOOK", "/work/shared/domain/codebook.v1.json")

# ---------------------------------------------------------------------------
# what the contract says about counting (format 2) and what a format-1
# descriptor says ("for single-choice dimensions a family counts under its
# latest value in the period; for every other kind under each code it had")
# ---------------------------------------------------------------------------
LATEST_F2 = {"household_type", "children_count", "residence_status", "housing_situation",
             "income_source", "municipality", "kansarm_indicator"}
POLICY_LIMITS = ["excluded_by_status", "no_capacity", "needs_address_documents",
                 "fragmented_competences", "service_refused", "rights_non_take_up"]
# residence status groups of the crosstabs.  Format 2 ships them in
# codebook.csv (read from there when present); format 1 does not, this
# mapping is the one its published data are consistent with.
RESIDENCE_GROUPS_F1 = {
    "belgian_or_registered_eu": "secure", "legal_resident_non_eu": "secure",
    "protection_granted": "secure", "eu_unregistered": "undocumented",
    "asylum_applicant": "in_procedure", "procedure_pending": "in_procedure",
    "undocumented": "undocumented", "mixed_household": "mixed",
    "unknown": "unknown", "not_asked": "unknown",
}
SIG = "signals"
XT = "crosstabs"
TOTAL_KEY = (SIG, "total", "all", "")


class UsageError(Exception):
    pass


# ---------------------------------------------------------------------------
# reading packages
# ---------------------------------------------------------------------------
class Package:
    def __init__(self, path: str, order: int):
        self.path = path
        self.order = order
        try:
            desc = json.load(open(os.path.join(path, "datapackage.json"), encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise UsageError(f"{path}: cannot read datapackage.json: {e}")
        vk = desc.get("veerkracht", {})
        self.period = str(vk.get("period") or "")
        if not self.period:
            raise UsageError(f"{path}: descriptor has no veerkracht.period")
        self.id = str(vk.get("package_id") or desc.get("id") or path)
        self.created = str(desc.get("created") or vk.get("created") or "")
        th = vk.get("thresholds", {})
        self.k = int(th.get("k", 5))
        self.k_high = int(th.get("k_high", 10))
        self.sources = vk.get("sources") or []
        self.rows: dict = {}
        digest = hashlib.sha256()
        statuses = Counter()
        for name, keycols in ((SIG, ("dimension", "code", "qualifier")),
                              (XT, ("row_dimension", "row_code", "col_dimension", "col_code"))):
            fp = os.path.join(path, f"{name}.csv")
            if not os.path.exists(fp):
                if name == SIG:
                    raise UsageError(f"{path}: no signals.csv")
                continue
            raw = open(fp, "rb").read()
            digest.update(name.encode() + b"\0" + raw)
            for line, row in enumerate(csv.DictReader(raw.decode("utf-8-sig").splitlines()), 2):
                try:
                    key = (name,) + tuple(row[c] for c in keycols)
                    st = row["status"]
                    fam = int(row["families"]) if row["families"] != "" else None
                    enc = int(row["encounters"]) if row["encounters"] != "" else None
                except (KeyError, ValueError, TypeError) as e:
                    raise UsageError(f"{fp}:{line}: cannot parse row: {e}")
                if row.get("period", self.period) != self.period:
                    raise UsageError(f"{fp}:{line}: period {row.get('period')} != {self.period}")
                if st == "published" and (fam is None or enc is None):
                    raise UsageError(f"{fp}:{line}: published row without counts")
                statuses[st] += 1
                self.rows[key] = (st, fam, enc)
        self.digest = digest.hexdigest()
        if TOTAL_KEY not in self.rows:
            raise UsageError(f"{path}: signals.csv has no total,all row")
        # format: format 1 says why a cell is hidden, format 2 does not
        enum = json.dumps(desc.get("resources", ""))
        if statuses.get("suppressed_primary") or statuses.get("suppressed_secondary") \
                or "suppressed_primary" in enum:
            self.fmt = 1
        else:
            self.fmt = 2
        unknown = set(statuses) - {"published", "suppressed", "suppressed_primary", "suppressed_secondary"}
        if unknown:
            raise UsageError(f"{path}: unknown status {sorted(unknown)}")
        self.groups, self.sensitive_codes = self._read_codebook_csv()

    def _read_codebook_csv(self):
        """Residence groups and sensitivity from codebook.csv (format 2), if present."""
        fp = os.path.join(self.path, "codebook.csv")
        if not os.path.exists(fp):
            return None, None
        rows = list(csv.DictReader(open(fp, encoding="utf-8-sig")))
        if not rows:
            return None, None
        cols = list(rows[0])
        dcol = next((c for c in cols if c in ("dimension", "dimension_id", "dim")), cols[0])
        ccol = next((c for c in cols if c in ("code", "code_id")), cols[1])
        gcol = next((c for c in cols if "group" in c.lower()), None)
        scol = next((c for c in cols if "sensitiv" in c.lower()), None)
        groups = {}
        if gcol:
            for r in rows:
                if r[dcol] == "residence_status" and r[gcol]:
                    groups[r[ccol]] = r[gcol]
        if not groups:  # maybe the groups are rows of their own, listing their members
            status_codes = {r[ccol] for r in rows if r[dcol] == "residence_status"}
            for r in rows:
                if r[dcol] in ("residence_group", "residence_status_group"):
                    for c in cols:
                        for tok in str(r[c]).replace(";", " ").replace("|", " ").replace(",", " ").split():
                            if tok in status_codes and tok != r[ccol]:
                                groups[tok] = r[ccol]
        sens = set()
        if scol:
            for r in rows:
                if r[scol].strip().lower() == "high":
                    sens.add((r[dcol], r[ccol]))
        return (groups or None), (sens or None)


# ---------------------------------------------------------------------------
# periods
# ---------------------------------------------------------------------------
def parse_period(p: str):
    """('Y', y) | ('Q', y, q) | ('M', y, m)."""
    try:
        if len(p) == 4:
            return ("Y", int(p))
        if len(p) == 7 and p[4:] == "-A1":  # a year as SDMX writes it
            return ("Y", int(p[:4]))
        if len(p) == 7 and p[4:6] == "-Q":
            q = int(p[6])
            if 1 <= q <= 4:
                return ("Q", int(p[:4]), q)
        if len(p) == 7 and p[4] == "-":
            m = int(p[5:7])
            if 1 <= m <= 12:
                return ("M", int(p[:4]), m)
    except ValueError:
        pass
    raise UsageError(f"unknown period {p!r}")


def children(p: str):
    t = parse_period(p)
    if t[0] == "Y":
        return [f"{t[1]}-Q{q}" for q in range(1, 5)]
    if t[0] == "Q":
        return [f"{t[1]}-{m:02d}" for m in range(3 * t[2] - 2, 3 * t[2] + 1)]
    return []


def parent(p: str):
    t = parse_period(p)
    if t[0] == "Q":
        return str(t[1])
    if t[0] == "M":
        return f"{t[1]}-Q{(t[2] - 1) // 3 + 1}"
    return None


# ---------------------------------------------------------------------------
# the model
# ---------------------------------------------------------------------------
class Cell:
    """One (families, encounters) pair of one node; terms are Var or int."""
    __slots__ = ("f", "e", "kind", "status", "k")

    def __init__(self, f, e, kind, status=None, k=None):
        self.f, self.e, self.kind, self.status, self.k = f, e, kind, status, k


class Node:
    """One period in one data state (epoch): a released package or a latent period."""

    def __init__(self, period, epoch, fmt, pkg=None):
        self.period, self.epoch, self.fmt, self.pkg = period, epoch, fmt, pkg
        self.cells: dict = {}

    @property
    def label(self):
        return f"{self.period}@{self.epoch}" + ("" if self.pkg else "(latent)")


class Attack:
    def __init__(self, codebook: dict, additions_only=False, max_changes=None):
        self.cb = codebook
        self.dims = {d["id"]: d for d in codebook["dimensions"]}
        self.parents = {c["code"]: c.get("parent") for c in self.dims["theme_details"]["codes"]} \
            if "theme_details" in self.dims else {}
        self.high_dims = {d["id"] for d in codebook["dimensions"] if d.get("sensitivity") == "high"}
        self.high_codes = {(d["id"], c["code"]) for d in codebook["dimensions"]
                           for c in d["codes"] if c.get("sensitivity") == "high"}
        self.additions_only = additions_only
        self.max_changes = max_changes
        self.m = Model()
        self.nodes: list[Node] = []
        self.notes: list[str] = []
        self.ncons = Counter()
        self.groups = dict(RESIDENCE_GROUPS_F1)
        self.meta = {}  # var index -> (package, key, what)

    # -- constraint helpers (every call site says why it is valid) -----------
    def add(self, fam, terms, lo=-INF, hi=INF):
        self.ncons[fam] += 1
        self.m.add(terms, lo, hi, tag=fam)

    def le(self, fam, a_terms, b_terms, slack=0):
        """sum(a) <= sum(b) + slack (slack: list of terms or int)."""
        terms = list(a_terms) + [(-c, t) for c, t in b_terms]
        if isinstance(slack, list):
            terms += [(-c, t) for c, t in slack]
            self.add(fam, terms, -INF, 0)
        else:
            self.add(fam, terms, -INF, slack)

    # -- counting kinds ------------------------------------------------------
    def signal_kind(self, fmt, dim):
        if dim == "total":
            return "each"
        if fmt == 1:
            return "latest" if self.dims.get(dim, {}).get("kind") == "single" else "each"
        return "latest" if dim in LATEST_F2 else "each"

    def axis_kind(self, fmt, dim):
        """How a crosstab axis counts a family on its own (format 1)."""
        if dim == "residence_group":
            return self.signal_kind(fmt, "residence_status")
        if dim in ("needs_unmet", "needs"):
            return "each"
        return self.signal_kind(fmt, dim)

    def cell_k(self, pkg, key):
        high = False
        if key[0] == SIG:
            high = key[1] in self.high_dims or (key[1], key[2]) in self.high_codes
        else:
            for d, c in ((key[1], key[2]), (key[3], key[4])):
                if c == "total":
                    continue
                if d == "residence_group" or d in self.high_dims or (d, c) in self.high_codes:
                    high = True
                if d == "needs_unmet" and ("needs", c) in self.high_codes:
                    high = True
        if pkg.sensitive_codes and key[0] == SIG and (key[1], key[2]) in pkg.sensitive_codes:
            high = True
        return pkg.k_high if high else pkg.k

    # -- building ------------------------------------------------------------
    def load(self, packages: list[Package]):
        packages = sorted(packages, key=lambda p: (p.created, p.order))
        seen_digest = {}
        kept = []
        for p in packages:
            if p.digest in seen_digest:
                self.notes.append(f"{p.path}: same content as {seen_digest[p.digest]} (duplicate, adds nothing)")
                continue
            seen_digest[p.digest] = p.path
            kept.append(p)
            if p.groups:
                self.groups.update(p.groups)
            if p.sources:
                self.notes.append(f"{p.path}: a merged package; its cells are sums over workers, "
                                  "modelled like a single vault's package")
        # data states: a re-export of a period already released starts a new
        # state (assumption: the data changed just before the re-export)
        epoch, in_epoch = 0, set()
        self.keys = {1: set(), 2: set()}
        for p in kept:
            if p.period in in_epoch:
                epoch += 1
                in_epoch = set()
                self.notes.append(f"{p.path}: re-export of {p.period}: new data state {epoch}")
            in_epoch.add(p.period)
            node = Node(p.period, epoch, p.fmt, p)
            self.nodes.append(node)
            self.keys[p.fmt] |= set(p.rows)
        self.packages = kept
        for node in list(self.nodes):
            self._released_cells(node)
        self._latent_nodes()
        self.by_pe = {(n.period, n.epoch): n for n in self.nodes}
        for node in self.nodes:
            self._node_constraints(node)
        self._time_constraints()
        self._epoch_links()

    def _released_cells(self, node: Node):
        p = node.pkg
        for key, (st, fam, enc) in p.rows.items():
            kind = self._kind(node.fmt, key)
            k = self.cell_k(p, key)
            if st == "published":
                node.cells[key] = Cell(fam, enc, kind, st, k)
                continue
            # a suppressed row: both counts are unknowns of interest (format 2
            # publishes neither; format 1 also leaves both empty)
            f = self.m.var(f"{p.id}|{key}|families", 0, INF, interest=True) if fam is None else fam
            e = self.m.var(f"{p.id}|{key}|encounters", 0, INF, interest=True) if enc is None else enc
            for t, what in ((f, "families"), (e, "encounters")):
                if isinstance(t, Var):
                    self.meta[t.i] = (p, key, what, st)
            node.cells[key] = Cell(f, e, kind, st, k)
            # what the status tells (format 1 only): primary = 1..k-1 families
            if node.fmt == 1 and st == "suppressed_primary" and isinstance(f, Var):
                self.add("status: primary means 1..k-1 families", [(1, f)], 1, k - 1)
            if node.fmt == 1 and st == "suppressed_secondary" and isinstance(f, Var):
                # not primary: 0 or >= k (a disjunction; enforced between LP rounds)
                self.m.forbid(f, 1, k - 1)
                self.ncons["status: secondary means 0 or >= k families"] += 1

    def _kind(self, fmt, key):
        if key[0] == SIG:
            return self.signal_kind(fmt, key[1])
        margin = key[2] == "total" or key[4] == "total"
        if fmt == 1:
            return "link" if margin else "indep"
        return "each"

    def _latent_nodes(self):
        """Unreleased periods between released ones of the same data state.

        A released period with some released sub-period is split into all its
        sub-periods; those not released become latent nodes (unknowns without
        interest), which obey every within-period rule too."""
        released = {(n.period, n.epoch): n for n in self.nodes}
        by_epoch = defaultdict(set)
        for n in self.nodes:
            by_epoch[n.epoch].add(n.period)

        def has_released_below(p, ep):
            return any(c in by_epoch[ep] or has_released_below(c, ep) for c in children(p))

        self.splits = []  # (epoch, parent period, [child periods])
        made = {}

        def expand(p, ep, fmt):
            ch = children(p)
            if not ch or not any(c in by_epoch[ep] or has_released_below(c, ep) for c in ch):
                return
            self.splits.append((ep, p, ch))
            for c in ch:
                if (c, ep) not in released and (c, ep) not in made:
                    node = Node(c, ep, fmt, None)
                    for key in self.keys[fmt]:
                        f = self.m.var(f"latent {c}@{ep}|{key}|families")
                        e = self.m.var(f"latent {c}@{ep}|{key}|encounters")
                        node.cells[key] = Cell(f, e, self._kind(fmt, key))
                    made[(c, ep)] = node
                    self.nodes.append(node)
                child_fmt = released[(c, ep)].fmt if (c, ep) in released else fmt
                expand(c, ep, child_fmt)

        for n in list(self.nodes):
            anc = parent(n.period)
            top = True
            while anc:
                if anc in by_epoch[n.epoch]:
                    top = False
                    break
                anc = parent(anc)
            if top:
                expand(n.period, n.epoch, n.fmt)

    # -- within one period -----------------------------------------------------
    def _node_constraints(self, node: Node):
        C = node.cells
        fmt = node.fmt
        T = C.get(TOTAL_KEY)
        E, F = T.e, T.f
        econst = isinstance(E, int) and isinstance(F, int)
        # (1) families <= encounters where families count families with an
        # encounter carrying the code ("each" and "latest": a family counted
        # under its latest value has an encounter with it); a cell never
        # exceeds the total
        for key, c in C.items():
            if key == TOTAL_KEY:
                continue
            if c.kind in ("each", "latest", "link") and not (fmt == 1 and key[0] == XT):
                self.le("cell: families <= encounters", [(1, c.f)], [(1, c.e)])
            inner = key[0] == XT and key[2] != "total" and key[4] != "total" \
                and (XT, key[1], key[2], key[3], "total") in C
            if not inner:
                # (an inner crosstab cell gets these through its margin, which
                # is inside the total: the rows would be redundant)
                self.le("cell: <= total (encounters)", [(1, c.e)], [(1, E)])
                self.le("cell: <= total (families)", [(1, c.f)], [(1, F)])
            if c.kind == "each" and not inner:
                self._subset(c, T, "cell: subset of the total (e-f <= E-F)")
            if c.kind == "each" and econst:
                # a family has at most E-F+1 encounters, so e <= f*(E-F+1): f=0 -> e=0
                self.add("cell: encounters <= families*(E-F+1)", [(1, c.e), (-(E - F + 1), c.f)], -INF, 0)
        self.le("total: families <= encounters", [(1, F)], [(1, E)])
        self._exclusive_groups(node)
        self._derived(node)
        self._crosstabs(node)

    def _subset(self, a: Cell, b: Cell, fam: str):
        """Encounters of a are a subset of those of b (same period).

        e_a <= e_b; if b counts each family with an encounter carrying it,
        every family of a is one of b's: f_a <= f_b; if both do,
        e_a - f_a <= e_b - f_b (each family of a has >= 1 encounter in a, and
        b's extra families bring at least one encounter each)."""
        self.le(fam + " [e]", [(1, a.e)], [(1, b.e)])
        if b.kind == "each":
            self.le(fam + " [f]", [(1, a.f)], [(1, b.f)])
            if a.kind == "each":
                self.add(fam + " [e-f]", [(1, a.e), (-1, a.f), (-1, b.e), (1, b.f)], -INF, 0)

    def _group(self, node, fam, cells, complete, within: Cell):
        """cells: the codes of a dimension no encounter can carry two of
        (single dimensions, the statuses of one need, the roles of one actor,
        the values of one kansarmoede domain), inside `within` (an encounter
        set: the total or a crosstab margin).  complete: every encounter of
        `within` carries exactly one of them (a default exists)."""
        if not cells:
            return
        es = [(1, c.e) for c in cells]
        fs = [(1, c.f) for c in cells]
        # encounter counts add up to at most the encounters of `within`
        if complete:
            self.add(fam + ": encounters sum = total", es + [(-1, within.e)], 0, 0)
        else:
            self.le(fam + ": encounters sum <= total", es, [(1, within.e)])
        kinds = {c.kind for c in cells}
        if kinds == {"latest"}:
            # a family counts under its one latest value: a partition of the
            # families that have a value
            if complete:
                self.add(fam + ": families sum = total (latest value)", fs + [(-1, within.f)], 0, 0)
            else:
                self.le(fam + ": families sum <= total (latest value)", fs, [(1, within.f)])
        if kinds == {"each"} and complete:
            # every family has an encounter, every encounter one of the codes
            self.le(fam + ": families sum >= total (each code)", [(1, within.f)], fs)
        if kinds <= {"each", "latest"} and within.kind == "each":
            # per family: encounters with a value - codes it counts under <=
            # its encounters - 1, so sum(e - f) <= E - F
            self.add(fam + ": sum(e - f) <= E - F", [(1, c.e) for c in cells] + [(-1, c.f) for c in cells]
                     + [(-1, within.e), (1, within.f)], -INF, 0)

    def _exclusive_groups(self, node: Node):
        C = node.cells
        T = C[TOTAL_KEY]
        by = defaultdict(list)
        for key in C:
            if key[0] == SIG and key[1] != "total":
                by[key[1]].append(key)
        for dim, keys in by.items():
            d = self.dims.get(dim)
            if dim in ("policy_signal", "kansarm_indicator"):
                # derived, one value per encounter
                self._group(node, f"group {dim}", [C[k] for k in keys], True, T)
            elif d and d["kind"] == "single":
                self._group(node, f"group {dim}", [C[k] for k in keys], "default" in d, T)
            elif d and d["kind"] in ("multi_status", "multi_role", "domain_scores"):
                # a code appears at most once per encounter (import refuses a
                # repeated code), so its qualifiers exclude each other
                per_code = defaultdict(list)
                for k in keys:
                    per_code[k[2]].append(C[k])
                for code, cells in per_code.items():
                    self._group(node, f"group {dim} (qualifiers of one code)", cells, False, T)

    def _sig(self, node, dim, code, qual=""):
        return node.cells.get((SIG, dim, code, qual))

    def _derived(self, node: Node):
        """Relations between dimensions that the codebook's derived rules and
        validation rules make valid."""
        S = lambda d, c, q="": self._sig(node, d, c, q)  # noqa: E731
        T = node.cells[TOTAL_KEY]
        # themes_effective = themes recorded + parent theme of every detail
        for theme in {c["code"] for c in self.dims.get("themes", {"codes": []})["codes"]}:
            te, th = S("themes_effective", theme), S("themes", theme)
            if te is None or th is None:
                continue
            kids = [S("theme_details", d) for d, p in self.parents.items() if p == theme]
            kids = [k for k in kids if k is not None]
            self._subset(th, te, "derived: themes within themes_effective")
            for k in kids:
                self._subset(k, te, "derived: theme detail within its theme_effective")
            # union bound: an effective theme comes from the theme or a detail
            self.le("derived: themes_effective <= themes + details [e]", [(1, te.e)],
                    [(1, th.e)] + [(1, k.e) for k in kids])
            if te.kind == "each" and th.kind == "each" and all(k.kind == "each" for k in kids):
                self.le("derived: themes_effective <= themes + details [f]", [(1, te.f)],
                        [(1, th.f)] + [(1, k.f) for k in kids])
        # policy_signal
        pt = S("policy_signal", "true")
        nsl = S("outcome", "no_solution_limits")
        lims = [S("limits", c) for c in POLICY_LIMITS]
        urg = [S("urgency", "within_24h"), S("urgency", "immediate")]
        unmet = [node.cells[k] for k in node.cells if k[0] == SIG and k[1] == "needs" and k[3] == "unmet"]
        if pt is not None and nsl is not None and all(x is not None for x in lims + urg):
            for x in [nsl] + lims:
                self._subset(x, pt, "derived: policy trigger within policy_signal=true")
            self.le("derived: policy_signal=true <= its triggers (urgency) [e]", [(1, pt.e)],
                    [(1, nsl.e)] + [(1, x.e) for x in lims] + [(1, x.e) for x in urg])
            if unmet:
                self.le("derived: policy_signal=true <= its triggers (unmet) [e]", [(1, pt.e)],
                        [(1, nsl.e)] + [(1, x.e) for x in lims] + [(1, x.e) for x in unmet])
            trig = [nsl] + lims + urg
            if pt.kind == "each" and all(x.kind == "each" for x in trig):
                self.le("derived: policy_signal=true <= its triggers [f]", [(1, pt.f)],
                        [(1, x.f) for x in trig])
                if unmet and all(x.kind == "each" for x in unmet):
                    self.le("derived: policy_signal=true <= its triggers (unmet) [f]", [(1, pt.f)],
                            [(1, nsl.f)] + [(1, x.f) for x in lims] + [(1, x.f) for x in unmet])
        # validation rule: no_solution_limits needs at least one limit
        alllims = [node.cells[k] for k in node.cells if k[0] == SIG and k[1] == "limits"]
        if nsl is not None and alllims:
            self.le("codebook: no_solution_limits has a limit [e]", [(1, nsl.e)], [(1, x.e) for x in alllims])
            if all(x.kind == "each" for x in alllims):
                # each family counted under nsl (latest or each) had an nsl encounter, with a limit
                self.le("codebook: no_solution_limits has a limit [f]", [(1, nsl.f)], [(1, x.f) for x in alllims])
        # kansarm_indicator from the six kansarmoede domains
        kt, kf, ku = S("kansarm_indicator", "true"), S("kansarm_indicator", "false"), S("kansarm_indicator", "unknown")
        doms = [c["code"] for c in self.dims.get("kansarmoede", {"codes": []})["codes"]]
        weak = [S("kansarmoede", d, "weak") for d in doms]
        notw = [S("kansarmoede", d, "not_weak") for d in doms]
        if None not in (kt, kf, ku) and doms and None not in weak and None not in notw:
            # true: >= 3 weak; every other encounter has <= 2 weak
            self.le("derived: kansarm true needs 3 weak", [(3, kt.e)], [(1, w.e) for w in weak])
            self.le("derived: weak domains <= 6 true + 2 others", [(1, w.e) for w in weak],
                    [(6, kt.e), (2, kf.e), (2, ku.e)])
            for w, n in zip(weak, notw):
                # false: all six known
                self.le("derived: kansarm false needs every domain known", [(1, kf.e)], [(1, w.e), (1, n.e)])
                # an encounter not known on a domain is true or unknown
                self.le("derived: unknown domain -> true or unknown", [(1, T.e)],
                        [(1, w.e), (1, n.e), (1, kt.e), (1, ku.e)])
            if kt.kind == "each" and all(w.kind == "each" for w in weak):
                self._subset_multi_f("derived: kansarm true families", kt, weak)

    def _subset_multi_f(self, fam, a: Cell, covers: list):
        """every encounter of a carries one of covers' codes: f_a <= sum f(covers)."""
        self.le(fam, [(1, a.f)], [(1, c.f) for c in covers])

    # -- crosstabs -----------------------------------------------------------
    def _axis_sig(self, node, dim, code):
        """(signals cells whose encounter sets make up this crosstab code, how).

        how: 'same' one signals row with the same family rule, 'disjoint'
        several rows no encounter carries two of."""
        if dim == "needs_unmet":
            c = self._sig(node, "needs", code, "unmet")
            return ([c], "one") if c else None
        if dim == "residence_group":
            cs = [self._sig(node, "residence_status", s) for s, g in self.groups.items() if g == code]
            return (cs, "disjoint") if cs and None not in cs else None
        if dim == "needs":
            d = self.dims.get("needs")
            cs = [self._sig(node, "needs", code, st["code"] if isinstance(st, dict) else st)
                  for st in (d or {}).get("statuses", [])]
            return (cs, "disjoint") if cs and None not in cs else None
        c = self._sig(node, dim, code)
        return ([c], "one") if c else None

    def _axis_info(self, dim):
        """(exclusive: an encounter carries at most one code, complete: exactly one)."""
        if dim == "residence_group":
            return True, True
        d = self.dims.get(dim)
        if d and d["kind"] == "single":
            return True, "default" in d
        return False, False

    def _crosstabs(self, node: Node):
        C = node.cells
        T = C[TOTAL_KEY]
        tables = defaultdict(lambda: {"rows": set(), "cols": set()})
        for key in C:
            if key[0] == XT:
                t = tables[(key[1], key[3])]
                t["rows"].add(key[2])
                t["cols"].add(key[4])
        for (rd, cd), t in tables.items():
            g = lambda a, b: C.get((XT, rd, a, cd, b))  # noqa: E731
            tt = g("total", "total")
            if tt is None:
                continue
            rows = sorted(t["rows"] - {"total"})
            cols = sorted(t["cols"] - {"total"})
            # the grand total of a table is every encounter of the period
            # (format 1: verified, a margin counts like the signals; format 2:
            # "with row and column totals", a margin over its whole row)
            self.add("crosstab: total,total = period total [e]", [(1, tt.e), (-1, T.e)], 0, 0)
            self.add("crosstab: total,total = period total [f]", [(1, tt.f), (-1, T.f)], 0, 0)
            # margins are the signals of their code (encounters: a disjoint union)
            for axis, codes, marg in (("row", rows, lambda a: g(a, "total")), ("col", cols, lambda b: g("total", b))):
                dim = rd if axis == "row" else cd
                for code in codes:
                    mc = marg(code)
                    sig = self._axis_sig(node, dim, code)
                    if mc is None or sig is None:
                        continue
                    cells, how = sig
                    self.add("crosstab: margin = signals (encounters)",
                             [(1, mc.e)] + [(-1, c.e) for c in cells], 0, 0)
                    self._margin_families(node, mc, cells, how, dim)
            rex, rcomplete = self._axis_info(rd)
            cex, ccomplete = self._axis_info(cd)
            for a in rows + ["total"]:
                for b in cols + ["total"]:
                    cell = g(a, b)
                    if cell is None or (a == "total" and b == "total"):
                        continue
                    rm, cm = g(a, "total"), g("total", b)
                    both_each = (node.fmt == 1 and a != "total" and b != "total"
                                 and self.axis_kind(1, rd) == "each" and self.axis_kind(1, cd) == "each")
                    if both_each and isinstance(T.e, int) and isinstance(T.f, int):
                        # format 1, both dimensions counted "each code": the
                        # families with an encounter carrying both (j) are among
                        # A_a ∩ B_b, and e <= j*(E-F+1)
                        self.add("crosstab (format 1, each x each): e <= f*(E-F+1)",
                                 [(1, cell.e), (-(T.e - T.f + 1), cell.f)], -INF, 0)
                    for m in (rm, cm):
                        if m is not None and m is not cell:
                            if node.fmt == 1:
                                # families: A_a ∩ B_b is inside A_a and B_b
                                self.le("crosstab: cell <= margin [e]", [(1, cell.e)], [(1, m.e)])
                                self.le("crosstab: cell <= margin [f]", [(1, cell.f)], [(1, m.f)])
                                if both_each:
                                    # e - f <= e - j <= e(margin) - f(margin)
                                    self.add("crosstab (format 1, each x each): e-f <= margin e-f",
                                             [(1, cell.e), (-1, cell.f), (-1, m.e), (1, m.f)], -INF, 0)
                            else:
                                self._subset(cell, m, "crosstab: cell within margin")
                    if rm is not None and cm is not None and rm is not cell and cm is not cell:
                        # inclusion-exclusion on encounters: |A ∩ B| >= |A| + |B| - E
                        self.add("crosstab: cell >= row + col - total [e]",
                                 [(1, cell.e), (-1, rm.e), (-1, cm.e), (1, T.e)], 0, INF)
                        if node.fmt == 1:
                            # format 1 counts families per dimension on its own, so
                            # the same holds for families
                            self.add("crosstab (format 1): cell >= row + col - total [f]",
                                     [(1, cell.f), (-1, rm.f), (-1, cm.f), (1, T.f)], 0, INF)
            # sums over an exclusive axis (single-valued dimension)
            for fixed_axis in ("row", "col"):
                ex, complete = (cex, ccomplete) if fixed_axis == "row" else (rex, rcomplete)
                if not ex:
                    continue
                for fixed in (rows if fixed_axis == "row" else cols) + ["total"]:
                    if fixed_axis == "row":
                        line = [g(fixed, b) for b in cols]
                        m = g(fixed, "total")
                    else:
                        line = [g(a, fixed) for a in rows]
                        m = g("total", fixed)
                    if m is None or None in line:
                        continue
                    es = [(1, c.e) for c in line]
                    if complete:
                        self.add("crosstab: exclusive axis sums to margin [e]", es + [(-1, m.e)], 0, 0)
                    else:
                        self.le("crosstab: exclusive axis sums to <= margin [e]", es, [(1, m.e)])
                    if node.fmt == 1:
                        # format 1: the other dimension's code is the family's latest
                        # value: one per family (when it has one)
                        fs = [(1, c.f) for c in line]
                        if complete:
                            self.add("crosstab (format 1): latest axis partitions families", fs + [(-1, m.f)], 0, 0)
                        else:
                            self.le("crosstab (format 1): latest axis families <= margin", fs, [(1, m.f)])
                            # families of the margin without a latest value on the
                            # axis are among all families without one
                            total_line = [g("total", b) for b in cols] if fixed_axis == "row" \
                                else [g(a, "total") for a in rows]
                            if fixed != "total" and None not in total_line:
                                self.add("crosstab (format 1): latest axis families >= margin - families without a value",
                                         fs + [(-1, m.f), (1, T.f)] + [(-1, c.f) for c in total_line], 0, INF)
                    else:
                        fs = [(1, c.f) for c in line]
                        if complete:
                            self.le("crosstab: families of a complete axis >= margin", [(1, m.f)], fs)
                        self.add("crosstab: exclusive axis sum(e - f) <= margin e - f",
                                 [(1, c.e) for c in line] + [(-1, c.f) for c in line] + [(-1, m.e), (1, m.f)], -INF, 0)

    def _margin_families(self, node, mc: Cell, cells, how, dim):
        """Families of a crosstab margin against the signals rows of its code."""
        fam = "crosstab: margin families vs signals"
        if node.fmt == 1:
            # format 1: a margin counts the family the way signals do (checked:
            # every published margin equals its signals row)
            if how == "one":
                self.add(fam + " (=)", [(1, mc.f), (-1, cells[0].f)], 0, 0)
            elif all(c.kind == "latest" for c in cells):
                self.add(fam + " (= sum of latest)", [(1, mc.f)] + [(-1, c.f) for c in cells], 0, 0)
            else:
                self.le(fam + " (<= sum)", [(1, mc.f)], [(1, c.f) for c in cells])
                for c in cells:
                    self.le(fam + " (>= each)", [(1, c.f)], [(1, mc.f)])
            return
        # format 2: a margin counts families with an encounter carrying the code
        if how == "one" and cells[0].kind == "each":
            self.add(fam + " (=)", [(1, mc.f), (-1, cells[0].f)], 0, 0)
            return
        # latest-value rows are subsets of "has an encounter with it"
        self.le(fam + " (>= sum of latest, disjoint)" if len(cells) > 1 else fam + " (>= latest)",
                [(1, c.f) for c in cells if c.kind == "latest"], [(1, mc.f)])
        for c in cells:
            if c.kind == "each":
                self.le(fam + " (>= each)", [(1, c.f)], [(1, mc.f)])
        if all(c.kind == "each" for c in cells):
            self.le(fam + " (<= sum)", [(1, mc.f)], [(1, c.f) for c in cells])

    # -- over time -------------------------------------------------------------
    def _time_constraints(self):
        for ep, p, ch in self.splits:
            P = self.by_pe[(p, ep)]
            kids = [self.by_pe[(c, ep)] for c in ch]
            last = kids[-1]
            common = set(P.cells)
            for k in kids:
                common &= set(k.cells)
            # families of the last child under a latest-value dimension
            latest_sum = defaultdict(list)
            for key in common:
                if key[0] == SIG and last.cells[key].kind == "latest":
                    latest_sum[key[1]].append(last.cells[key])
            for key in common:
                pc = P.cells[key]
                kc = [k.cells[key] for k in kids]
                # encounters add up over disjoint periods, for every cell
                self.add("time: encounters add up", [(1, pc.e)] + [(-1, c.e) for c in kc], 0, 0)
                kinds = {pc.kind} | {c.kind for c in kc}
                if kinds == {"each"}:
                    # a family with an encounter carrying the code in a month has one in the quarter
                    for c in kc:
                        self.le("time: families of a part <= whole", [(1, c.f)], [(1, pc.f)])
                        self.add("time: part e-f <= whole e-f",
                                 [(1, c.e), (-1, c.f), (-1, pc.e), (1, pc.f)], -INF, 0)
                    self.le("time: families of the whole <= sum of parts", [(1, pc.f)], [(1, c.f) for c in kc])
                elif kinds == {"latest"}:
                    # latest in the whole = latest in the last part where the family
                    # has a value: counted in some part, and all of the last part's
                    self.le("time: latest families of the whole <= sum of parts", [(1, pc.f)],
                            [(1, c.f) for c in kc])
                    self.le("time: latest of the last part counts in the whole", [(1, kc[-1].f)], [(1, pc.f)])
                    group = latest_sum.get(key[1])
                    if group:
                        # the rest of the whole's families under this code had no value in the last part
                        TP = P.cells[TOTAL_KEY]
                        self.add("time: latest of the whole <= last part + families without a value there",
                                 [(1, pc.f), (-1, kc[-1].f), (-1, TP.f)] + [(1, c.f) for c in group], -INF, 0)

    def _epoch_links(self):
        """Two data states of one period (a re-export after changes)."""
        latest_epoch = {}
        for n in sorted(self.nodes, key=lambda n: n.epoch):
            prev = latest_epoch.get(n.period)
            latest_epoch[n.period] = n
            if prev is None or prev.epoch == n.epoch:
                continue
            steps = n.epoch - prev.epoch
            T1, T2 = prev.cells[TOTAL_KEY], n.cells[TOTAL_KEY]
            common = set(prev.cells) & set(n.cells)
            for key in common:
                a, b = prev.cells[key], n.cells[key]
                if self.additions_only:
                    # only encounters were added: every encounter count grows, by at
                    # most the number of added encounters (E2 - E1)
                    self.le("re-export (additions): e grows", [(1, a.e)], [(1, b.e)])
                    self.add("re-export (additions): e grows by <= E2-E1",
                             [(1, b.e), (-1, a.e), (-1, T2.e), (1, T1.e)], -INF, 0)
                    # each touched family changes a cell's family count by at most one
                    self.add("re-export (additions): f changes by <= E2-E1",
                             [(1, b.f), (-1, a.f), (-1, T2.e), (1, T1.e)], -INF, 0)
                    if a.kind == "each" and b.kind == "each":
                        self.le("re-export (additions): f grows (each code)", [(1, a.f)], [(1, b.f)])
                        self.add("re-export (additions): e-f grows (each code)",
                                 [(1, a.e), (-1, a.f), (-1, b.e), (1, b.f)], -INF, 0)
                    else:
                        # only old families touched by an addition can leave a cell:
                        # at most (E2-E1) - (F2-F1) of them
                        self.add("re-export (additions): f shrinks by <= dE-dF",
                                 [(1, a.f), (-1, b.f), (-1, T2.e), (1, T1.e), (1, T2.f), (-1, T1.f)], -INF, 0)
                if self.max_changes is not None:
                    nmax = self.max_changes * steps
                    # every added, edited or deleted encounter moves a cell's
                    # encounter count by at most one, and its family count by at
                    # most one (each code) or two (latest value, format-1 crosstabs)
                    fmax = nmax if (a.kind == "each" and b.kind == "each") else 2 * nmax
                    self.add("re-export (<= N changes): |de| <= N", [(1, b.e), (-1, a.e)], -nmax, nmax)
                    self.add("re-export (<= N changes): |df| <= N or 2N", [(1, b.f), (-1, a.f)], -fmax, fmax)

    # -- solving -----------------------------------------------------------------
    def solve(self, rounds=3, milp_max_vars=0, progress=None, verdict_only=False):
        return self.m.solve(rounds=rounds, milp_max_vars=milp_max_vars, progress=progress,
                            verdict_only=verdict_only)


# ---------------------------------------------------------------------------
# reporting
# ---------------------------------------------------------------------------
def width_bucket(lo, hi):
    if hi == INF or lo == -INF:
        return "unbounded"
    w = hi - lo
    return "0 (exact)" if w == 0 else "1" if w == 1 else "2" if w == 2 else "3-4" if w <= 4 \
        else "5-9" if w <= 9 else "10-19" if w <= 19 else "20+"


BUCKETS = ["0 (exact)", "1", "2", "3-4", "5-9", "10-19", "20+", "unbounded"]


def fmt_key(key):
    if key[0] == SIG:
        return "/".join(x for x in key[1:] if x != "")
    return f"{key[1]}={key[2]} x {key[3]}={key[4]}"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("packages", nargs="+", metavar="PKG_DIR")
    ap.add_argument("--json", metavar="OUT", help="write every interval as JSON")
    ap.add_argument("--additions-only", action="store_true",
                    help="assume only additions happened between two versions of a period")
    ap.add_argument("--max-changes", type=int, default=None, metavar="N",
                    help="assume at most N encounters added, edited or deleted between two versions")
    ap.add_argument("--codebook", default=DEFAULT_CODEBOOK)
    ap.add_argument("--milp-max-vars", type=int, default=0, metavar="N",
                    help="solve components of at most N unknowns as integer programmes")
    ap.add_argument("--rounds", type=int, default=3, help="LP rounds with integer rounding cuts")
    ap.add_argument("--quiet", action="store_true", help="print only exact values and the verdict")
    ap.add_argument("--verdict-only", action="store_true",
                    help="decide only which values are exact: a value seen at two integers is not "
                         "solved further, and its interval is an outer bound (much faster on big models)")
    try:
        args = ap.parse_args(argv)
    except SystemExit as e:
        return 2 if e.code else 0
    try:
        cb = json.load(open(args.codebook, encoding="utf-8"))
        pkgs = [Package(p, i) for i, p in enumerate(args.packages)]
        att = Attack(cb, additions_only=args.additions_only, max_changes=args.max_changes)
        att.load(pkgs)
    except UsageError as e:
        print(f"lp_attack: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"lp_attack: {e}", file=sys.stderr)
        return 2
    for n in att.notes:
        print(f"note: {n}")
    latent = [n for n in att.nodes if n.pkg is None]
    print(f"packages: {len(att.packages)} ({', '.join(f'{p.period}[f{p.fmt}]' for p in att.packages)}); "
          f"latent periods: {', '.join(n.label for n in latent) or 'none'}")
    res = att.solve(rounds=args.rounds, milp_max_vars=args.milp_max_vars, verdict_only=args.verdict_only)
    if args.verdict_only:
        print("note: --verdict-only: exact values are exact; other intervals are outer bounds")
    st = res.stats
    if res.conflicts or res.infeasible:
        for c in res.conflicts[:20]:
            print(f"CONFLICT (published values break a constraint): {c}")
        for vars_, tags in res.infeasible[:5]:
            print(f"INFEASIBLE component of {len(vars_)} unknowns; constraint families: {', '.join(tags)}")
        print("verdict: the model's assumptions do not hold for these packages (see above); no intervals")
        return 2
    print(f"model: {st['unknowns']} unknowns ({st['of_interest']} suppressed values), {st['rows']} constraints, "
          f"{st['components_with_interest']} components (largest {st['largest_component']}), "
          f"{st['lp_solves']} LP solves, {st['seconds']} s, {st['solver']}")
    print("time: " + ", ".join(f"{k} {v[0]} s ({v[1]})" for k, v in st.get("phases", {}).items()))
    values = []
    for i, (p, key, what, status) in sorted(att.meta.items(), key=lambda kv: (kv[1][0].order, kv[0])):
        lo, hi = res.lo.get(i), res.hi.get(i)
        values.append({"package_id": p.id, "package": p.path, "period": p.period, "format": p.fmt,
                       "file": key[0] + ".csv", "key": list(key), "what": what, "status": status,
                       "min": None if lo in (None, -INF) else lo, "max": None if hi in (None, INF) else hi,
                       "exact": lo is not None and lo == hi})
    exact_f = sum(1 for v in values if v["exact"] and v["what"] == "families")
    exact_e = sum(1 for v in values if v["exact"] and v["what"] == "encounters")
    dist = Counter(width_bucket(res.lo.get(i, -INF), res.hi.get(i, INF)) for i in att.meta)
    for v in values:
        if args.quiet and not v["exact"]:
            continue
        hi = "inf" if v["max"] is None else v["max"]
        flag = "  EXACT" if v["exact"] else ""
        print(f"{v['period']:8} {v['file']:13} {fmt_key(v['key']):70} {v['what']:10} [{v['min']}, {hi}]{flag}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"stats": st, "notes": att.notes, "constraints": dict(att.ncons),
                       "additions_only": args.additions_only, "max_changes": args.max_changes,
                       "values": values}, f, indent=1)
    nf = sum(1 for v in values if v["what"] == "families")
    print("constraints by family: " + "; ".join(f"{k}: {v}" for k, v in sorted(att.ncons.items())))
    print(f"verdict: {len(values)} suppressed values ({nf} families, {len(values) - nf} encounters); "
          f"exact: {exact_f} families, {exact_e} encounters; interval widths: "
          + ", ".join(f"{b}: {dist[b]}" for b in BUCKETS if dist[b]))
    return 1 if exact_f + exact_e else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception:  # an exception must not read as "exact values found" (exit 1)
        import traceback

        traceback.print_exc()
        sys.exit(2)
