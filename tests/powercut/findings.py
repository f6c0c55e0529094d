#!/usr/bin/env python3
"""Reads a run's cuts.jsonl and says, per known finding, how many cuts show
it, plus a compact table of unopenable vaults per operation, mode and
variant. Usage: findings.py [results/cuts.jsonl | baseline/long-cuts.jsonl.gz]"""

import collections
import gzip
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def load(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt") as f:
        return [json.loads(line) for line in f if line.strip()]


def texts(r):
    return " ".join(f["text"] for f in r["failures"])


def cats(r):
    return {f["category"] for f in r["failures"]}


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "results", "cuts.jsonl")
    rs = load(path)
    cuts = [r for r in rs if not r.get("fault")]
    faults = [r for r in rs if r.get("fault")]

    print("unopenable/lost/half per operation, mode and variant (cuts only, fault runs apart)")
    variants = ["drop", "prefix", "torn"]
    head = "%-11s" % "operation" + "".join("%17s" % ("%s/%s" % (m, v))
                                           for m in ("strict", "lenient") for v in variants)
    print(head)
    ops = []
    for r in cuts:
        if r["op"] not in ops:
            ops.append(r["op"])
    for op in ops:
        row = "%-11s" % op
        for m in ("strict", "lenient"):
            for v in variants:
                sel = [r for r in cuts if r["op"] == op and r["mode"] == m and r["variant"] == v]
                if not sel:
                    row += "%17s" % "-"
                    continue
                u = sum("unopenable" in cats(r) for r in sel)
                lo = sum("lost" in cats(r) for r in sel)
                h = sum("half" in cats(r) for r in sel)
                row += "%17s" % ("%d/%d/%d of %d" % (u, lo, h, len(sel)))
        print(row)
    print("(each cell: unopenable/lost/half of cuts; no cut ended in a panic, as the"
          " process dies at the cut)\n")

    print("known findings")
    # 1: the snapshot sled writes at open, cut before it is complete and synced
    win = [r for r in cuts if r["mode"] == "lenient" and "generating" in r.get("cut_at", "")
           and r["cut_at"].split()[:2] in (["after", "create"], ["before", "write"],
                                           ["after", "write"], ["before", "fsync"])]
    win_drop = [r for r in win if r["variant"] == "drop"]
    ro = [r for r in win_drop if r["op"] in ("records", "list")]
    print("1 snapshot at open (lenient, cut between creating snap.*.generating and its fsync):")
    print("    drop variant: %d of %d unopenable (records/list alone: %d of %d); "
          "prefix/torn: %d of %d" % (
              sum("unopenable" in cats(r) for r in win_drop), len(win_drop),
              sum("unopenable" in cats(r) for r in ro), len(ro),
              sum("unopenable" in cats(r) for r in win if r["variant"] != "drop"),
              len([r for r in win if r["variant"] != "drop"])))
    sled_none = [r for r in rs if "sled reports corruption at None" in texts(r)]
    print("    all runs failing with 'sled reports corruption at None': %d" % len(sled_none))
    # 2: directory entries never made durable (strict mode)
    ack_lost = [r for r in cuts if r["mode"] == "strict" and r["acked"] and "lost" in cats(r)]
    purge_strict = [r for r in cuts if r["mode"] == "strict" and r["op"] == "purge"
                    and "does not belong to this key file" in texts(r)]
    print("2 no directory fsync (strict): acknowledged and gone at the cut after it: %s; "
          "purge: 'database does not belong to this key file': %d cuts" % (
              ", ".join(sorted({r["op"] for r in ack_lost})) or "none", len(purge_strict)))
    # 3: a stuck folder after init (or restore)
    stuck = [r for r in rs if "is not empty" in texts(r) or "already exists" in texts(r)]
    by = collections.Counter("%s/%s%s" % (r["op"], r["mode"], " fault" if r.get("fault") else "")
                             for r in stuck)
    print("3 stuck folder (opening says restore a backup, init/restore refuses it): %d runs (%s)"
          % (len(stuck), ", ".join("%s %d" % kv for kv in sorted(by.items()))))
    # 4: panics when an fsync fails
    pan = [r for r in faults if "panic" in cats(r)]
    where = collections.Counter()
    for r in pan:
        for f in r["failures"]:
            if f["category"] == "panic":
                t = f["text"]
                m = re.search(r"([\w.-]+/src/[\w/]+\.rs:\d+)", t)
                where[m.group(1) if m else t[:60]] += 1
    print("4 panics in fault runs: %d of %d (%s)" % (
        len(pan), len(faults), ", ".join("%s %d" % kv for kv in where.items()) or "-"))
    nocut = [r for r in faults if any(f["text"].startswith("without a cut") for f in r["failures"])]
    print("  fault runs whose vault is unopenable even without a cut: %d of %d" % (
        len(nocut), len(faults)))
    fired = [r for r in faults if r.get("faults_injected") and r["op"] != "writer"]
    swallowed = [r for r in fired if r.get("exit") == 0]
    print("  fault runs where the error fired yet the command exited 0: %d of %d "
          "(then broken after the cut: %d)" % (
              len(swallowed), len(fired), sum(bool(r["failures"]) for r in swallowed)))
    print("  half imports: %d; lost acknowledged saves/deletes (writer): %d" % (
        sum("half" in cats(r) for r in rs),
        sum("lost" in cats(r) for r in rs if r["op"] == "writer")))


if __name__ == "__main__":
    main()
