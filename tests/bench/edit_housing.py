#!/usr/bin/env python3
"""Prints, as JSON Lines for `veerkracht import --replace`, one encounter of
each of N families seen in MONTH with its housing situation changed to
another code of the caseload (a change of what is counted, as a worker's
correction would be). Deterministic for a given SEED.

usage: edit_housing.py RECORDS.jsonl MONTH N SEED
"""
import json
import random
import sys

path, month, n, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
rng = random.Random(seed)
records = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
codes = sorted({r["housing_situation"] for r in records if r.get("housing_situation")})
by_family = {}
for r in records:
    if r["date"].startswith(month):
        by_family.setdefault(r["family"], []).append(r)
families = sorted(by_family)
rng.shuffle(families)
for family in families[:n]:
    r = rng.choice(by_family[family])
    r["housing_situation"] = rng.choice([c for c in codes if c != r.get("housing_situation")])
    print(json.dumps(r, ensure_ascii=False))
