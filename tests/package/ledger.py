"""After months and then their quarter were exported, no cell suppressed in
a month may be computable as quarter minus the other months (encounters).
Usage: ledger.py MONTH1 MONTH2 MONTH3 QUARTER   (package folders)
"""
import csv
import sys

def cells(package):
    out = {}
    for name, key in (("signals.csv", ("dimension", "code", "qualifier")),
                      ("crosstabs.csv", ("row_dimension", "row_code", "col_dimension", "col_code"))):
        for row in csv.DictReader(open(f"{package}/{name}")):
            out[(name,) + tuple(row[k] for k in key)] = row
    return out

months = [cells(p) for p in sys.argv[1:4]]
quarter = cells(sys.argv[4])
leaks = checked = 0
for key, q in quarter.items():
    if q["status"] != "published":
        continue
    rows = [m[key] for m in months]
    hidden = [r for r in rows if r["status"] != "published"]
    if len(hidden) == 1:
        leaks += 1
        print(f"LEAK {key}: the quarter and two months give the third")
    checked += 1
print(f"ledger: {checked} published quarter cells checked, {leaks} would reveal a suppressed month")
sys.exit(1 if leaks else 0)
