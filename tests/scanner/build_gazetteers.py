#!/usr/bin/env python3
"""Rebuilds the scanner's generated gazetteers in crates/veerkracht-core/data/.

    python3 tests/scanner/build_gazetteers.py [--work DIR]

then

    VEERKRACHT_REBUILD_GAZETTEERS=1 cargo test -p veerkracht-core --test scanner_gazetteers

turns the text lists into the embedded finite-state sets (`*.fst`); without
the variable that test checks that the committed sets match the lists.

Sources (see crates/veerkracht-core/data/README.md for licences):

- `belgian-deduce` 5.0.0 from PyPI: its lookup lists combine the historical
  Dutch DEDUCE lists with Belgian additions taken from Statbel open data
  (first names and family names of residents, 2025; street names of the 2024
  address file), which Statbel publishes under CC BY 4.0. The package's code
  is GPL-3.0; none of it is used. To ship only the Statbel part, an entry is
  kept only when it is *not* in the Dutch `deduce` 3.0.6 lists of the same
  name (LGPL-3.0): what remains are the Belgian additions.
- `wordfreq` 3.1.1 from PyPI (code Apache-2.0, frequency data CC BY-SA 4.0):
  how often a word is written in Dutch, French and English, so that only
  words people actually write count as words. The two files selected with it
  (`name_words.txt`, `lexicon.txt`) are shared under CC BY-SA 4.0.
- Debian word lists, to know which names are also ordinary words and which
  capitalised words are ordinary words: `wdutch` (OpenTaal, BSD or CC BY 3.0),
  `wamerican` and `wbritish` (SCOWL, permissive), `hunspell-fr-comprehensive`
  (Dicollecte, MPL-2.0, expanded with `unmunch` from `hunspell-tools`).

Nothing here is downloaded at build or run time of the app: this script is
run by a developer, and its output is committed.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "crates", "veerkracht-core", "data")
GEN = os.path.join(DATA, "generated")

PACKAGES = {"belgian-deduce": "5.0.0", "deduce": "3.0.6", "wordfreq": "3.1.1"}
DICTS = {
    "nl": ["/usr/share/dict/dutch"],
    "en": ["/usr/share/dict/american-english", "/usr/share/dict/british-english"],
}
FR_HUNSPELL = ("/usr/share/hunspell/fr_BE.dic", "/usr/share/hunspell/fr_BE.aff")
# Words longer than this are never taken for a name by the scanner, so the
# lexicon does not need them (Dutch compounds make up most of them).
LEXICON_MAX = 16
LEXICON_ZIPF = 1.5
NAME_WORD_ZIPF = 3.0
COMMON_ZIPF = 4.0

LETTERS = r"[^\W\d_]"
NAME_RE = re.compile(rf"{LETTERS}+(?:[-' ’]{LETTERS}+)*")


def wheel(work, name, version):
    pattern = name.replace("-", "_") + f"-{version}-py3-none-any.whl"
    path = os.path.join(work, pattern)
    if not os.path.exists(path):
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "-d", work, f"{name}=={version}"],
            check=True,
        )
    return zipfile.ZipFile(path)


def lines(z, member):
    with z.open(member) as f:
        return [l.strip() for l in f.read().decode("utf-8").splitlines() if l.strip()]


def belgian_additions(work, lst):
    be = wheel(work, "belgian-deduce", PACKAGES["belgian-deduce"])
    nl = wheel(work, "deduce", PACKAGES["deduce"])
    be_items = set(lines(be, f"belgian_deduce/data/lookup/src/{lst}/items.txt"))
    nl_items = set(lines(nl, f"deduce/data/lookup/src/{lst}/items.txt"))
    return sorted(be_items - nl_items)


def french_words(work):
    out = os.path.join(work, "fr_unmunch.txt")
    if not os.path.exists(out):
        with open(out, "w", encoding="utf-8") as f:
            subprocess.run(["unmunch", *FR_HUNSPELL], stdout=f, stderr=subprocess.DEVNULL, check=True)
    words = set()
    elision = re.compile(r"^(?:[jnqlmtsdcJNQLMTSDC]|[Qq]u|[Jj]usqu|[Ll]orsqu|[Pp]uisqu|[Qq]uoiqu)'")
    with open(out, encoding="utf-8") as f:
        for line in f:
            w = line.strip().split("/")[0].split()[0] if line.strip() else ""
            w = elision.sub("", w)
            if re.fullmatch(rf"{LETTERS}+(?:[-']{LETTERS}+)*", w):
                words.add(w)
    return words


def zipf_tables(work):
    """word -> Zipf frequency (log10 of uses per billion words) per language."""
    import gzip
    import msgpack  # pip install msgpack; only this script needs it

    wf = wheel(work, "wordfreq", PACKAGES["wordfreq"])
    tables = {}
    for lang in ("nl", "fr", "en"):
        data = msgpack.unpackb(gzip.decompress(wf.read(f"wordfreq/data/large_{lang}.msgpack.gz")), raw=False)
        table = {}
        # data[0] is a header; bucket i holds the words used 10^(-i/100) of the time.
        for i, bucket in enumerate(data[1:], start=1):
            for w in bucket:
                table.setdefault(w, 9.0 - i / 100.0)
        tables[lang] = table
    return tables


def fold(s):
    """Lower case without accents, as the scanner's `gazetteer::fold`."""
    import unicodedata

    s = s.lower().replace("’", "'")
    for a, b in (("æ", "ae"), ("œ", "oe"), ("ß", "ss"), ("ø", "o"), ("ł", "l"), ("đ", "d"), ("ı", "i")):
        s = s.replace(a, b)
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


def read_words(paths):
    words = set()
    for p in paths:
        with open(p, encoding="utf-8") as f:
            for l in f:
                w = l.strip()
                if w.endswith("'s"):
                    continue
                if re.fullmatch(rf"{LETTERS}+(?:[-']{LETTERS}+)*", w):
                    words.add(w)
    return words


def write(name, items, header):
    os.makedirs(GEN, exist_ok=True)
    path = os.path.join(GEN, name)
    with open(path, "w", encoding="utf-8") as f:
        for h in header.strip().splitlines():
            f.write(f"# {h}\n")
        for i in items:
            f.write(i + "\n")
    print(f"{path}: {len(items)} lines", file=sys.stderr)


def curated(name):
    out = []
    with open(os.path.join(DATA, name), encoding="utf-8") as f:
        for l in f:
            l = l.strip()
            if l and not l.startswith("#"):
                out.append(l)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "veerkracht-gazetteers"))
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)

    def clean_names(items):
        return sorted({i for i in items if NAME_RE.fullmatch(i) and len(i) >= 2})

    first = clean_names(belgian_additions(args.work, "names/lst_first_name"))
    surnames = clean_names(belgian_additions(args.work, "names/lst_surname"))
    streets = sorted({s for s in belgian_additions(args.work, "locations/lst_street") if re.search(LETTERS, s)})

    src = "Statbel open data (CC BY 4.0) via the PyPI package belgian-deduce 5.0.0;\nentries also in the Dutch deduce 3.0.6 lists left out. Built by tests/scanner/build_gazetteers.py."
    write("first_names.txt", first, "First names of residents of Belgium.\n" + src)
    write("surnames.txt", surnames, "Family names of residents of Belgium.\n" + src)
    write("streets.txt", streets, "Street names of Belgium (2024 address file).\n" + src)

    # Ordinary words, per language, lower-case as written (with accents).
    words = {lang: read_words(paths) for lang, paths in DICTS.items()}
    words["fr"] = french_words(args.work)
    zipf = zipf_tables(args.work)
    names = {n.lower() for n in first + surnames + curated("names.txt")}
    # Every name of belgian-deduce's lists, the Dutch DEDUCE part included,
    # only to keep names out of the lexicon (nothing of it is shipped).
    be = wheel(args.work, "belgian-deduce", PACKAGES["belgian-deduce"])
    all_names = set(names)
    for lst in ("names/lst_first_name", "names/lst_surname"):
        all_names |= {n.lower() for n in lines(be, f"belgian_deduce/data/lookup/src/{lst}/items.txt")}
    # Which names are also ordinary words people write? A name is a word in a
    # language when that language's word list has it in lower case and it is
    # written at least once per million words (Zipf 3). The scanner needs a
    # cue before it takes one of these for a name.
    # Written forms that fold to a name: "née" folds to "nee", a name.
    folded_names = {fold(n) for n in names}
    name_words = []
    candidates = {}
    for l in ("nl", "fr", "en"):
        for w in words[l]:
            lw = w.lower()
            if lw == w and fold(lw) in folded_names and zipf[l].get(lw, 0.0) >= NAME_WORD_ZIPF:
                candidates.setdefault(lw, {})[l] = zipf[l][lw]
    for w in sorted(candidates):
        langs = "".join(l for l in ("nl", "fr", "en") if l in candidates[w])
        common = max(candidates[w].values()) >= COMMON_ZIPF
        name_words.append(f"{w}\t{langs}" + ("\tcommon" if common else ""))
    write(
        "name_words.txt",
        name_words,
        "Names that are also ordinary lower-case words, with the languages in which they are\n"
        f"and 'common' when written more than 10 times per million words (Zipf >= {COMMON_ZIPF})\n"
        f"(in the language's word list and Zipf frequency >= {NAME_WORD_ZIPF} in wordfreq 3.1.1).\n"
        "Sources: wdutch (OpenTaal, BSD or CC BY 3.0), wamerican/wbritish (SCOWL),\n"
        "hunspell-fr (Dicollecte, MPL-2.0), wordfreq (CC BY-SA 4.0). This file: CC BY-SA 4.0.",
    )
    # The lexicon: words of the word lists that people write (Zipf >= 1.5 in
    # that language), lower-case, names of the name lists left out unless the
    # word list has them in lower case. The scanner asks it whether a word it
    # does not know as a name is an ordinary word.
    lexicon = set()
    for lang, ws in words.items():
        for w in ws:
            if len(w) > LEXICON_MAX or "'" in w:
                continue
            lw = w.lower()
            if zipf[lang].get(lw, 0.0) < LEXICON_ZIPF:
                continue
            if w[0].isupper() and lw in all_names:
                continue
            lexicon.add(lw)
    # Very frequent words that a word list lacks (forms, abbreviations),
    # unless they are names.
    for lang in ("nl", "fr", "en"):
        for w, z in zipf[lang].items():
            if z >= COMMON_ZIPF and w not in all_names and len(w) <= LEXICON_MAX and re.fullmatch(rf"{LETTERS}+", w):
                lexicon.add(w)
    write(
        "lexicon.txt",
        sorted(lexicon),
        f"Ordinary nl/fr/en words up to {LEXICON_MAX} letters with Zipf frequency >= {LEXICON_ZIPF}, lower-case;\n"
        "names of the name lists left out unless a word list has them in lower case.\n"
        "Sources as name_words.txt. This file: CC BY-SA 4.0.",
    )


if __name__ == "__main__":
    main()
