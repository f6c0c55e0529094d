"""Independent check of a package's counts against the records it came from.

Written from the contract in shared/domain/README.md (format 2), not from
the Rust code: for every published signals row and every published crosstab
cell and margin, recompute families and encounters from the exchange-format
records and compare. Exit 1 on any difference.
Usage: oracle.py CODEBOOK.json RECORDS.jsonl PACKAGE_DIR
"""
import csv
import json
import sys
from collections import defaultdict

codebook = json.load(open(sys.argv[1]))
records = [json.loads(line) for line in open(sys.argv[2]) if line.strip()]
package = sys.argv[3]
desc = json.load(open(f"{package}/datapackage.json"))
# The contract's list: these count a family under its latest value.
LATEST = {"household_type", "children_count", "residence_status", "housing_situation",
          "income_source", "municipality", "kansarm_indicator"}
GROUPS = {}
for row in csv.DictReader(open(f"{package}/codebook.csv")):
    if row["dimension"] == "residence_group" and row["code"]:
        for status in row["members"].split(";"):
            GROUPS[status] = row["code"]
period = desc["veerkracht"]["period"]
start, end = desc["veerkracht"]["period_start"], desc["veerkracht"]["period_end"]
dims = {d["id"]: d for d in codebook["dimensions"]}
parents = {c["code"]: c.get("parent") for c in dims["theme_details"]["codes"]}
POLICY_LIMITS = {"excluded_by_status", "no_capacity", "needs_address_documents",
                 "fragmented_competences", "service_refused", "rights_non_take_up"}

def themes_effective(r):
    out = set(r.get("themes", []))
    out |= {parents[d] for d in r.get("theme_details", [])}
    return out

def policy(r):
    if r.get("outcome") == "no_solution_limits":
        return True
    if POLICY_LIMITS & set(r.get("limits", [])):
        return True
    unmet = any(n["status"] == "unmet" for n in r.get("needs", []))
    return unmet and r.get("urgency", "none") in ("within_24h", "immediate")

def kansarm(r):
    scores = r.get("kansarmoede", {})
    weak = sum(1 for v in scores.values() if v == "weak")
    known = sum(1 for v in scores.values() if v in ("weak", "not_weak"))
    if weak >= 3:
        return "true"
    return "false" if known == 6 else "unknown"

def pairs(r, dim):
    """The (code, qualifier) pairs a record carries for a dimension."""
    if dim == "needs_unmet":
        return {(x["code"], "") for x in r.get("needs", []) if x["status"] == "unmet"}
    if dim == "residence_group":
        return {(GROUPS[r.get("residence_status", "not_asked")], "")}
    if dim == "themes_effective":
        return {(t, "") for t in themes_effective(r)}
    if dim == "policy_signal":
        return {("true" if policy(r) else "false", "")}
    if dim == "kansarm_indicator":
        return {(kansarm(r), "")}
    d = dims[dim]
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

inside = [r for r in records if start <= r["date"] <= end]
families = defaultdict(list)
for r in inside:
    families[r["family"]].append(r)
for rs in families.values():
    rs.sort(key=lambda r: (r["date"], r["id"]))

def count(dim, code, qual):
    key = (code, qual)
    enc = sum(1 for r in inside if key in pairs(r, dim))
    single = dim in LATEST
    fam = 0
    for rs in families.values():
        if single:
            carrying = [r for r in rs if pairs(r, dim)]
            if carrying and key in pairs(carrying[-1], dim):
                fam += 1
        elif any(key in pairs(r, dim) for r in rs):
            fam += 1
    return fam, enc

checked = problems = 0
for row in csv.DictReader(open(f"{package}/signals.csv")):
    assert row["period"] == period, (row["period"], period)
    if row["status"] != "published":
        continue
    if row["dimension"] == "total":
        want = (len(families), len(inside))
    else:
        want = count(row["dimension"], row["code"], row["qualifier"])
    got = (int(row["families"]), int(row["encounters"]))
    checked += 1
    if got != want:
        problems += 1
        print(f"MISMATCH {row['dimension']}/{row['code']}/{row['qualifier']}: package {got}, oracle {want}")
def codes_of(r, dim):
    if dim == "needs":
        return {x["code"] for x in r.get("needs", [])}
    return {c for c, _ in pairs(r, dim)}

def cross(rd, rc, cd, cc):
    """A crosstab cell: encounters carrying both codes; families with at
    least one such encounter (a margin: the same over its row or column)."""
    def carries(r):
        return (rc == "total" or rc in codes_of(r, rd)) and (cc == "total" or cc in codes_of(r, cd))
    enc = sum(1 for r in inside if carries(r))
    fam = sum(1 for rs in families.values() if any(carries(r) for r in rs))
    return fam, enc

for row in csv.DictReader(open(f"{package}/crosstabs.csv")):
    if row["status"] != "published":
        continue
    want = cross(row["row_dimension"], row["row_code"], row["col_dimension"], row["col_code"])
    got = (int(row["families"]), int(row["encounters"]))
    checked += 1
    if got != want:
        problems += 1
        print(f"MISMATCH crosstab {row['row_dimension']}={row['row_code']} x {row['col_dimension']}={row['col_code']}: package {got}, oracle {want}")
print(f"oracle: {checked} published rows checked (signals and crosstabs), {problems} differences")
sys.exit(1 if problems else 0)
