#!/usr/bin/env python3
"""Validate a scanner evaluation corpus (JSON Lines) and print counts.

Usage: python3 check_corpus.py [corpus.jsonl ...]   (default: dev.jsonl beside this file)

Checks, per note:
  * fields id/lang/text/spans/tags present, ids unique, lang in {nl, fr, en, mixed}
  * every span kind is one of KINDS, every span text is non-empty, has no outer whitespace and
    is an exact substring of text; spans are listed in reading order, so resolving them left
    to right (each search starting after the previous span) finds every one of them, without
    overlaps; a string listed twice must occur twice
  * national_number spans: 11 digits with a valid mod-97 check (pre- and post-2000 rule, BIS ok)
  * iban spans: Belgian IBAN, ISO 13616 mod-97 == 1 and the Belgian national check
  * clean notes (no spans) carry the tag "clean", others do not
Warnings (not errors): things in text that look like an identifier but are not inside a span
(phone-like digit runs, e-mail, IBAN, national number, @handle), to catch missed labels.
Prints counts: notes per language, spans per kind x language, notes per tag x language.
Exit status 1 if any error.
"""
import json, os, re, sys
from collections import Counter, defaultdict

KINDS = {"name", "address", "place", "phone", "email", "national_number", "iban",
         "date_of_birth", "age", "plate", "handle"}
LANGS = ("nl", "fr", "en", "mixed")

def nn_ok(s):
    d = re.sub(r"\D", "", s)
    if len(d) != 11:
        return False
    base, chk = d[:9], int(d[9:])
    return chk in (97 - int(base) % 97, 97 - int("2" + base) % 97)

def iban_ok(s):
    s = re.sub(r"[\s.\-]", "", s).upper()
    if not re.fullmatch(r"BE\d{14}", s):
        return False
    num = int("".join(str(int(c, 36)) for c in s[4:] + s[:4]))
    nat = int(s[4:14]) % 97 or 97
    return num % 97 == 1 and nat == int(s[14:16])

SUSPECTS = [
    ("email", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),
    ("iban", re.compile(r"\b[Bb][Ee]\d{2}(?:[ -]?\d{4}){3}\b")),
    ("phone", re.compile(r"(?:\+|00)\d{2,3}[\s\d()/.-]{8,}\d|\b0?4\d{2}(?:\s?[/.\-]?\s?\d{2,3}){3}\b|\b02\s?[/.]?\s?\d{3}[ .]?\d{2}[ .]?\d{2}\b")),
    ("national_number", re.compile(r"\b\d{2}[.\s]?\d{2}[.\s]?\d{2}[\s.-]?\d{3}[\s.-]?\d{2}\b")),
    ("handle", re.compile(r"(?<![\w.])@[A-Za-z0-9_.]{2,}[A-Za-z0-9_]")),
]

def check(path):
    errors, warnings = [], []
    rows = []
    with open(path, encoding="utf-8") as f:
        for ln, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as e:
                errors.append(f"{path}:{ln}: bad JSON: {e}")
    ids = Counter(r.get("id") for r in rows)
    for i, n in ids.items():
        if n > 1:
            errors.append(f"duplicate id {i}")
    for r in rows:
        rid = r.get("id", "?")
        for fld in ("id", "lang", "text", "spans", "tags"):
            if fld not in r:
                errors.append(f"{rid}: missing field {fld}")
        text, spans, tags = r.get("text", ""), r.get("spans", []), r.get("tags", [])
        if r.get("lang") not in LANGS:
            errors.append(f"{rid}: bad lang {r.get('lang')}")
        if not tags:
            errors.append(f"{rid}: no tags")
        if (not spans) != ("clean" in tags):
            errors.append(f"{rid}: 'clean' tag must be present exactly when there are no spans")
        pos, covered = 0, []
        for s in spans:
            k, t = s.get("kind"), s.get("text", "")
            if k not in KINDS:
                errors.append(f"{rid}: unknown kind {k}")
            if not t or t != t.strip():
                errors.append(f"{rid}: empty or padded span {t!r}")
                continue
            if t not in text:
                errors.append(f"{rid}: span not a substring: {t!r}")
                continue
            j = text.find(t, pos)
            if j < 0:
                errors.append(f"{rid}: span {t!r} not found after the previous span (order/duplicates)")
                continue
            covered.append((j, j + len(t)))
            pos = j + len(t)
            if k == "national_number" and not nn_ok(t):
                errors.append(f"{rid}: national number checksum fails: {t}")
            if k == "iban" and not iban_ok(t):
                errors.append(f"{rid}: IBAN checksum fails: {t}")
        for kind, rx in SUSPECTS:
            for m in rx.finditer(text):
                if not any(a <= m.start() and m.end() <= b for a, b in covered):
                    warnings.append(f"{rid}: unlabelled {kind}-like {m.group(0)!r}")
    return rows, errors, warnings

def table(title, counter, rows_keys):
    print(f"\n{title}")
    w = max([len(str(k)) for k in rows_keys] + [10])
    print(" " * w + "".join(f"{l:>8}" for l in LANGS) + f"{'total':>8}")
    for k in rows_keys:
        vals = [counter[(k, l)] for l in LANGS]
        print(f"{str(k):<{w}}" + "".join(f"{v:>8}" for v in vals) + f"{sum(vals):>8}")

def main(paths):
    all_ok = True
    for path in paths:
        rows, errors, warnings = check(path)
        print(f"== {path}: {len(rows)} notes, {len(errors)} errors, {len(warnings)} warnings")
        for e in errors:
            print("ERROR", e)
        for w in warnings:
            print("warn ", w)
        all_ok &= not errors
        lang_n = Counter(r["lang"] for r in rows)
        print("notes per language:", {l: lang_n[l] for l in LANGS})
        kc, nk, tc = Counter(), Counter(), Counter()
        kt = Counter()
        for r in rows:
            for s in r["spans"]:
                kc[(s["kind"], r["lang"])] += 1
            for k in {s["kind"] for s in r["spans"]}:
                nk[(k, r["lang"])] += 1
                for t in r["tags"]:
                    kt[(k, t)] += 1
            for t in r["tags"]:
                tc[(t, r["lang"])] += 1
        kinds = sorted({k for k, _ in kc})
        table("spans per kind x language", kc, kinds)
        table("notes containing kind x language", nk, kinds)
        table("notes per tag x language", tc, sorted({t for t, _ in tc}))
        print("\nnotes per kind x tag")
        for k in kinds:
            items = sorted(((t, c) for (kk, t), c in kt.items() if kk == k), key=lambda x: -x[1])
            print(f"  {k}: " + ", ".join(f"{t}={c}" for t, c in items))
    return 0 if all_ok else 1

if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    sys.exit(main(sys.argv[1:] or [os.path.join(here, "dev.jsonl")]))
