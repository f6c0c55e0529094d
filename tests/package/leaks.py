"""Searches every file of the given packages for anything record-level:
every pseudonym, record id and note of the source records.
Usage: leaks.py RECORDS.jsonl PACKAGE_DIR...
"""
import json
import os
import sys

records = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
needles = set()
for r in records:
    needles.add(r["family"])
    needles.add(r["id"])
    if r.get("note"):
        needles.add(r["note"])
found = 0
files = 0
for package in sys.argv[2:]:
    for name in os.listdir(package):
        data = open(os.path.join(package, name), "rb").read().decode("utf-8", "replace")
        files += 1
        for n in needles:
            if n in data:
                found += 1
                print(f"LEAK {n!r} in {package}/{name}")
print(f"leaks: {len(needles)} pseudonyms, ids and notes searched in {files} files, {found} found")
sys.exit(1 if found else 0)
