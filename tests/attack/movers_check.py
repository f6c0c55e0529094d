#!/usr/bin/env python3
"""Families that moved on, read off published figures (an outsider's two
findings of 2026-12-05), from the contract alone.

Usage: movers_check.py PKG_DIR...

For the dimensions counted by a family's latest value (the contract's
"situation" dimensions, municipality, kansarm_indicator), a row counts the
families whose latest encounter carries the code; a crosstab margin of the
same code counts the families with any encounter carrying it. Published
side by side, the margin less the row is the number of families that had
the code and moved on before the period ended. And a row of 0 families with
1..k-1 encounters holds only the encounters of such families (fewer than k,
as every family brings at least one encounter). Either is a count of 1..k-1
families. Prints each and exits 1 when there is one, 0 otherwise, 2 when it
cannot run.
"""
import csv
import os
import sys

LATEST = {"household_type", "children_count", "residence_status", "housing_situation",
          "income_source", "municipality", "kansarm_indicator"}
HIGH = {"residence_status"}


def main(argv):
    if not argv:
        print(__doc__)
        return 2
    bad = pairs = 0
    for pkg in argv:
        rows = {}
        for r in csv.DictReader(open(os.path.join(pkg, "signals.csv"), encoding="utf-8")):
            if r["dimension"] in LATEST and r["status"] == "published":
                f, e = int(r["families"]), int(r["encounters"])
                k = 10 if r["dimension"] in HIGH else 5
                rows[(r["dimension"], r["code"])] = f
                if f == 0 and 0 < e < k:
                    bad += 1
                    print(f"{pkg}: {r['dimension']}/{r['code']}: 0 families, {e} encounters")
        margins = {}
        for r in csv.DictReader(open(os.path.join(pkg, "crosstabs.csv"), encoding="utf-8")):
            if r["status"] != "published":
                continue
            if r["row_code"] == "total" and r["col_code"] != "total":
                margins[(r["col_dimension"], r["col_code"])] = int(r["families"])
            elif r["col_code"] == "total" and r["row_code"] != "total":
                margins[(r["row_dimension"], r["row_code"])] = int(r["families"])
        for key, f in rows.items():
            if key in margins:
                pairs += 1
                k = 10 if key[0] in HIGH else 5
                moved = margins[key] - f
                if 0 < moved < k:
                    bad += 1
                    print(f"{pkg}: {key[0]}/{key[1]}: row {f}, margin {margins[key]}: {moved} moved on")
    print(f"{pairs} rows published beside their margin; {bad} counts of 1..k-1 families that moved on")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
