"""Ground truth for checking the attack (NOT attacker knowledge).

Recounts every signals row and every crosstab cell of a period from the
exchange-format records (`veerkracht records`), following the counting rules
of the contract.  lp_attack.py never reads records; this module exists so
that the audit can (1) check that every published value matches the
counting rules as the attack understands them and (2) check that every
interval the attack reports contains the true value (soundness on real
data), and (3) generate toy packages for the record-level brute-force test.

Usage: truth.py CODEBOOK.json RECORDS.jsonl PKG_DIR [LP_JSON]
  compares the package's published values with the recount and, given the
  --json output of lp_attack.py, checks that every interval holds the truth.
"""
from __future__ import annotations

import calendar
import json
import sys
from collections import defaultdict

POLICY_LIMITS = {"excluded_by_status", "no_capacity", "needs_address_documents",
                 "fragmented_competences", "service_refused", "rights_non_take_up"}
# single situation dimensions (+ municipality, kansarm_indicator) count a
# family under its latest value in the period
LATEST = {"household_type", "children_count", "residence_status", "housing_situation",
          "income_source", "municipality", "kansarm_indicator"}

# residence status -> group used by the crosstabs (format 1 does not ship
# the mapping; format 2 ships it in codebook.csv).  Checked against records.
RESIDENCE_GROUPS = {
    "belgian_or_registered_eu": "secure",
    "legal_resident_non_eu": "secure",
    "protection_granted": "secure",
    "eu_unregistered": "undocumented",
    "asylum_applicant": "in_procedure",
    "procedure_pending": "in_procedure",
    "undocumented": "undocumented",
    "mixed_household": "mixed",
    "unknown": "unknown",
    "not_asked": "unknown",
}


def period_bounds(period: str):
    if len(period) == 4 or period.endswith("-A1"):  # 2025 or SDMX's 2025-A1
        y = int(period[:4])
        return f"{y}-01-01", f"{y}-12-31"
    if "-Q" in period:
        y, q = int(period[:4]), int(period[-1])
        m0, m1 = 3 * q - 2, 3 * q
        return f"{y}-{m0:02d}-01", f"{y}-{m1:02d}-{calendar.monthrange(y, m1)[1]:02d}"
    y, m = int(period[:4]), int(period[5:7])
    return f"{y}-{m:02d}-01", f"{y}-{m:02d}-{calendar.monthrange(y, m)[1]:02d}"


# format 1 (descriptor: "for single-choice dimensions a family counts under its
# latest value in the period") also counts the encounter-fact singles so
# and, in its crosstabs, a family is in cell (a, b) when it counts under a in
# the row dimension and under b in the column dimension (each on its own)
def latest_dims(codebook, fmt):
    if fmt == 2:
        return set(LATEST)
    return {d["id"] for d in codebook["dimensions"] if d["kind"] == "single"} | {"residence_group"}


class Counter:
    def __init__(self, codebook: dict, groups: dict | None = None, fmt: int = 2, crosstabs=None):
        self.cb = codebook
        self.fmt = fmt
        self.latest = latest_dims(codebook, fmt)
        self.crosstabs = CROSSTABS if crosstabs is None else crosstabs
        self.dims = {d["id"]: d for d in codebook["dimensions"]}
        self.parents = {c["code"]: c.get("parent") for c in self.dims.get("theme_details", {"codes": []})["codes"]}
        self.groups = groups or RESIDENCE_GROUPS

    # the (code, qualifier) pairs one record carries for one dimension
    def pairs(self, r: dict, dim: str):
        if dim == "themes_effective":
            out = set(r.get("themes", []))
            out |= {self.parents[d] for d in r.get("theme_details", [])}
            return {(t, "") for t in out}
        if dim == "policy_signal":
            p = (r.get("outcome") == "no_solution_limits" or bool(POLICY_LIMITS & set(r.get("limits", [])))
                 or (any(n["status"] == "unmet" for n in r.get("needs", []))
                     and r.get("urgency", "none") in ("within_24h", "immediate")))
            return {("true" if p else "false", "")}
        if dim == "kansarm_indicator":
            s = r.get("kansarmoede", {})
            weak = sum(1 for v in s.values() if v == "weak")
            known = sum(1 for v in s.values() if v in ("weak", "not_weak"))
            return {("true" if weak >= 3 else ("false" if known == 6 else "unknown"), "")}
        if dim == "needs_unmet":
            return {(n["code"], "") for n in r.get("needs", []) if n["status"] == "unmet"}
        if dim == "residence_group":
            return {(self.groups[c], "") for c, _ in self.pairs(r, "residence_status")}
        d = self.dims[dim]
        v = r.get(dim)
        if d["kind"] == "single":
            v = v if v is not None else d.get("default")
            return {(v, "")} if v is not None else set()
        if d["kind"] == "multi":
            return {(c, "") for c in (v or [])}
        if d["kind"] == "multi_status":
            return {(x["code"], x["status"]) for x in (v or [])}
        if d["kind"] == "multi_role":
            return {(x["code"], x["role"]) for x in (v or [])}
        return {(k, val) for k, val in (v or {}).items()}

    def codes(self, r, dim):
        return {c for c, _ in self.pairs(r, dim)}

    def count_period(self, records, period):
        """{('signals', dim, code, qual) or ('crosstabs', rd, rc, cd, cc): (families, encounters)}."""
        start, end = period_bounds(period)
        inside = sorted((r for r in records if start <= r["date"] <= end), key=lambda r: (r["date"], r["id"]))
        fams = defaultdict(list)
        for r in inside:
            fams[r["family"]].append(r)
        out = {}
        # signals: every pair any record carries (zeros are filled by the caller)
        enc = defaultdict(int)
        fam_sets = defaultdict(set)
        sig_dims = list(self.dims) + [d for d in ("themes_effective", "policy_signal", "kansarm_indicator")
                                      if d != "themes_effective" or "themes" in self.dims]
        if "outcome" not in self.dims:  # a toy codebook: no policy or kansarm rules
            sig_dims = [d for d in sig_dims if d not in ("policy_signal", "kansarm_indicator")]
        for r in inside:
            for dim in sig_dims:
                for c, q in self.pairs(r, dim):
                    enc[(dim, c, q)] += 1
                    if dim not in self.latest:
                        fam_sets[(dim, c, q)].add(r["family"])
        latest_f = defaultdict(int)
        for f, rs in fams.items():
            for dim in self.latest:
                if dim not in sig_dims:
                    continue
                carrying = [r for r in rs if self.pairs(r, dim)]
                if carrying:
                    for c, q in self.pairs(carrying[-1], dim):
                        latest_f[(dim, c, q)] += 1
        for key, e in enc.items():
            fcount = latest_f.get(key, 0) if key[0] in self.latest else len(fam_sets[key])
            out[("signals",) + key] = (fcount, e)
        for key, fcount in latest_f.items():
            out.setdefault(("signals",) + key, (fcount, 0))
        out[("signals", "total", "all", "")] = (len(fams), len(inside))
        # crosstabs: margins are computed like cells ("total" matches any encounter)
        if self.fmt == 1:  # format 1: families counted per dimension
            fam_codes = defaultdict(dict)  # family -> dim -> codes it counts under
            for f, rs in fams.items():
                for dim in {d for t in self.crosstabs for d in t}:
                    if dim in self.latest:
                        carrying = [r for r in rs if self.codes(r, dim)]
                        fam_codes[f][dim] = self.codes(carrying[-1], dim) if carrying else set()
                    else:
                        fam_codes[f][dim] = set().union(*(self.codes(r, dim) for r in rs))
        for rd, cd in self.crosstabs:
            cell_e = defaultdict(int)
            cell_f = defaultdict(set)
            for r in inside:
                rcs = self.codes(r, rd) | {"total"}
                ccs = self.codes(r, cd) | {"total"}
                for a in rcs:
                    for b in ccs:
                        cell_e[(a, b)] += 1
                        cell_f[(a, b)].add(r["family"])
            if self.fmt == 1:
                cell_f = defaultdict(set)
                for f in fams:
                    for a in fam_codes[f][rd] | {"total"}:
                        for b in fam_codes[f][cd] | {"total"}:
                            cell_f[(a, b)].add(f)
            for (a, b) in set(cell_e) | set(cell_f):
                out[("crosstabs", rd, a, cd, b)] = (len(cell_f[(a, b)]), cell_e.get((a, b), 0))
        return out


CROSSTABS = [("themes_effective", "housing_situation"), ("needs_unmet", "residence_group"),
             ("limits", "needs"), ("themes_effective", "setting"), ("urgency", "housing_situation"),
             ("limits", "residence_group")]


def read_package(pkg):
    import csv

    out = {}
    for row in csv.DictReader(open(f"{pkg}/signals.csv")):
        out[("signals", row["dimension"], row["code"], row["qualifier"])] = row
    for row in csv.DictReader(open(f"{pkg}/crosstabs.csv")):
        out[("crosstabs", row["row_dimension"], row["row_code"], row["col_dimension"], row["col_code"])] = row
    return out


def main(argv):
    if len(argv) < 3:
        print(__doc__)
        return 2
    cb = json.load(open(argv[0]))
    records = [json.loads(x) for x in open(argv[1]) if x.strip()]
    pkg = argv[2]
    desc = json.load(open(f"{pkg}/datapackage.json"))
    period = desc["veerkracht"]["period"]
    fmt1 = any(r.get("status", "").startswith("suppressed_") for r in read_package(pkg).values())
    truth = Counter(cb, fmt=1 if fmt1 else 2).count_period(records, period)
    rows = read_package(pkg)
    bad = checked = 0
    by_status = defaultdict(list)
    for key, row in rows.items():
        t = truth.get(key, (0, 0))
        by_status[row["status"]].append(t[0])
        if row["status"] != "published":
            continue
        checked += 1
        got = (int(row["families"]), int(row["encounters"]))
        if got != t:
            bad += 1
            if bad <= 20:
                print(f"MISMATCH {key}: package {got}, recount {t}")
    for st, fs in sorted(by_status.items()):
        print(f"{st}: {len(fs)} rows, true families min {min(fs)} max {max(fs)}, zeros {fs.count(0)}")
    print(f"{pkg}: {checked} published values checked, {bad} differ from the recount")
    if len(argv) > 3:
        lp = json.load(open(argv[3]))
        wrong = 0
        n = 0
        for v in lp["values"]:
            if v["package_id"] != desc["veerkracht"]["package_id"]:
                continue
            key = tuple(v["key"])
            t = truth.get(key, (0, 0))[0 if v["what"] == "families" else 1]
            n += 1
            lo, hi = v["min"], v["max"]
            if (lo is not None and t < lo) or (hi is not None and t > hi):
                wrong += 1
                if wrong <= 20:
                    print(f"UNSOUND {key} {v['what']}: truth {t} outside [{lo}, {hi}]")
        print(f"{pkg}: {n} intervals checked against the truth, {wrong} do not contain it")
        bad += wrong
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
