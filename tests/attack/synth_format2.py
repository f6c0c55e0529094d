#!/usr/bin/env python3
"""Format-2 packages written from records by the contract's counting rules,
with primary suppression only (auditor tool, not part of the attack).

Usage: synth_format2.py CODEBOOK.json RECORDS.jsonl OUT_DIR PERIOD... [--k 5] [--k-high 10]

For each period, OUT_DIR/NN-PERIOD holds datapackage.json, signals.csv,
crosstabs.csv and codebook.csv as the contract describes format 2: one
status `suppressed` with empty counts, every code including zeros, the
derived dimensions, the six crosstabs with margins.  Only cells with 1..k-1
families are hidden (no secondary suppression, no ledger): this is the
baseline that shows what the LP attack gets from format 2's counting rules
alone, and lets lp_attack.py be checked on format 2 before the real
implementation exists (truth.py recounts these packages like the real ones).
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from truth import CROSSTABS, RESIDENCE_GROUPS, Counter  # noqa: E402

GROUP_ORDER = ["secure", "in_procedure", "undocumented", "mixed", "unknown"]


def codes_of(cb, dims, dim):
    if dim == "themes_effective":
        return [c["code"] for c in dims["themes"]["codes"]]
    if dim == "policy_signal":
        return ["true", "false"]
    if dim == "kansarm_indicator":
        return ["true", "false", "unknown"]
    if dim == "needs_unmet":
        return [c["code"] for c in dims["needs"]["codes"]]
    if dim == "residence_group":
        return GROUP_ORDER
    return [c["code"] for c in dims[dim]["codes"]]


def signal_keys(cb):
    dims = {d["id"]: d for d in cb["dimensions"]}
    keys = []
    for d in cb["dimensions"]:
        quals = [""]
        if d["kind"] == "multi_status":
            quals = [s["code"] if isinstance(s, dict) else s for s in d["statuses"]]
        elif d["kind"] == "multi_role":
            quals = [s["code"] if isinstance(s, dict) else s for s in d["roles"]]
        elif d["kind"] == "domain_scores":
            quals = [s["code"] if isinstance(s, dict) else s for s in d["values"]]
        for c in d["codes"]:
            for q in quals:
                keys.append(("signals", d["id"], c["code"], q))
    for dim in ("themes_effective", "policy_signal", "kansarm_indicator"):
        keys += [("signals", dim, c, "") for c in codes_of(cb, dims, dim)]
    keys.append(("signals", "total", "all", ""))
    for rd, cd in CROSSTABS:
        for a in codes_of(cb, dims, rd) + ["total"]:
            for b in codes_of(cb, dims, cd) + ["total"]:
                keys.append(("crosstabs", rd, a, cd, b))
    return keys


def sensitive(cb, key):
    dims = {d["id"]: d for d in cb["dimensions"]}
    pairs = [(key[1], key[2])] if key[0] == "signals" else [(key[1], key[2]), (key[3], key[4])]
    for d, c in pairs:
        if c == "total":
            continue
        if d == "residence_group":
            return True
        dd = dims.get("needs" if d == "needs_unmet" else d)
        if dd and (dd.get("sensitivity") == "high" or any(x["code"] == c and x.get("sensitivity") == "high"
                                                          for x in dd["codes"])):
            return True
    return False


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("codebook")
    ap.add_argument("records")
    ap.add_argument("out")
    ap.add_argument("periods", nargs="+")
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--k-high", type=int, default=10)
    args = ap.parse_args(argv)
    cb = json.load(open(args.codebook, encoding="utf-8"))
    records = [json.loads(x) for x in open(args.records, encoding="utf-8") if x.strip()]
    counter = Counter(cb, fmt=2)
    keys = signal_keys(cb)
    os.makedirs(args.out, exist_ok=True)
    for n, period in enumerate(args.periods, 1):
        d = os.path.join(args.out, f"{n:02d}-{period}")
        os.makedirs(d, exist_ok=True)
        counts = counter.count_period(records, period)
        hidden = 0
        with open(os.path.join(d, "signals.csv"), "w", newline="", encoding="utf-8") as fs, \
                open(os.path.join(d, "crosstabs.csv"), "w", newline="", encoding="utf-8") as fx:
            ws, wx = csv.writer(fs), csv.writer(fx)
            ws.writerow(["period", "dimension", "code", "qualifier", "families", "encounters", "status"])
            wx.writerow(["period", "row_dimension", "row_code", "col_dimension", "col_code", "families",
                         "encounters", "status"])
            for key in keys:
                f, e = counts.get(key, (0, 0))
                k = args.k_high if sensitive(cb, key) else args.k
                if 1 <= f < k and key[1] != "total":
                    row, hidden = ["", "", "suppressed"], hidden + 1
                else:
                    row = [f, e, "published"]
                (ws if key[0] == "signals" else wx).writerow([period, *key[1:], *row])
        with open(os.path.join(d, "codebook.csv"), "w", newline="", encoding="utf-8") as fc:
            w = csv.writer(fc)
            w.writerow(["dimension", "code", "label_nl", "label_fr", "label_en", "kind", "section",
                        "sensitivity", "residence_group"])
            for dim in cb["dimensions"]:
                for c in dim["codes"]:
                    lab = c.get("label", {})
                    w.writerow([dim["id"], c["code"], lab.get("nl", ""), lab.get("fr", ""), lab.get("en", ""),
                                dim["kind"], dim.get("section", ""), c.get("sensitivity", dim.get("sensitivity", "")),
                                RESIDENCE_GROUPS.get(c["code"], "") if dim["id"] == "residence_status" else ""])
        pid = str(uuid.uuid4())
        json.dump({"profile": "tabular-data-package", "id": f"urn:uuid:{pid}",
                   "created": f"2026-01-01T00:00:{n:02d}Z",
                   "resources": [{"name": "signals", "path": "signals.csv", "schema": {"fields": [
                       {"name": "status", "constraints": {"enum": ["published", "suppressed"]}}]}}],
                   "veerkracht": {"package_id": pid, "period": period, "format": 2,
                                  "thresholds": {"k": args.k, "k_high": args.k_high},
                                  "generator": "synth_format2.py (primary suppression only)"}},
                  open(os.path.join(d, "datapackage.json"), "w", encoding="utf-8"), indent=1)
        print(f"{d}: {hidden} of {len(keys)} cells suppressed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
