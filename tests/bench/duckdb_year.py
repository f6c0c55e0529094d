"""The yearly aggregation of a signal package, answered by DuckDB.

What a researcher would do by hand with the records in the exchange format
(JSON Lines): load them, unnest every dimension, count encounters and
distinct families per code, the derived dimensions, and the six crosstabs,
by the counting rules of signal package format 2: a family counts under
the value its latest encounter of the year (greatest date, then id) has
for the situation dimensions (LATEST below), under every code any of its
encounters carried for every other dimension, and in a crosstab cell when
one of its encounters carried both codes. Written from the contract in
shared/domain/README.md and the codebook, not from the Rust code, so the
bench also checks that both give the same numbers.

Usage: duckdb_year.py --codebook CODEBOOK.json --records FILE.jsonl --year YYYY --out COUNTS.json
Prints {"seconds": wall time of load + all queries, "rss": peak bytes}.
COUNTS.json maps each cell key (as in Veerkracht) to [families, encounters].
"""
import argparse
import json
import resource
import time

import duckdb

POLICY_LIMITS = ["excluded_by_status", "no_capacity", "needs_address_documents",
                 "fragmented_competences", "service_refused", "rights_non_take_up"]
RESIDENCE_GROUPS = {
    "belgian_or_registered_eu": "secure", "legal_resident_non_eu": "secure",
    "protection_granted": "secure", "asylum_applicant": "in_procedure",
    "procedure_pending": "in_procedure", "undocumented": "undocumented",
    "eu_unregistered": "undocumented", "mixed_household": "mixed",
    "unknown": "unknown", "not_asked": "unknown",
}
# Counted under the family's latest value (the contract's "situation"
# dimensions and the derived kansarm indicator).
LATEST = ["household_type", "children_count", "residence_status", "housing_situation",
          "income_source", "municipality", "kansarm_indicator"]
CROSSTABS = [
    ("themes_effective", "housing_situation"),
    ("needs_unmet", "residence_group"),
    ("limits", "needs"),
    ("themes_effective", "setting"),
    ("urgency", "housing_situation"),
    ("limits", "residence_group"),
]
TYPES = {
    "single": "VARCHAR",
    "multi": "VARCHAR[]",
    "multi_status": "STRUCT(code VARCHAR, status VARCHAR)[]",
    "multi_role": "STRUCT(code VARCHAR, role VARCHAR)[]",
    "domain_scores": "MAP(VARCHAR, VARCHAR)",
}


def q(s):
    return "'" + s.replace("'", "''") + "'"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--codebook", required=True)
    ap.add_argument("--records", required=True)
    ap.add_argument("--year", type=int, required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    cb = json.load(open(a.codebook))
    dims = cb["dimensions"]
    parents = [(c["code"], c["parent"]) for d in dims if d["id"] == "theme_details"
               for c in d["codes"] if c.get("parent")]

    started = time.perf_counter()
    con = duckdb.connect()
    columns = {"id": "VARCHAR", "family": "VARCHAR", "date": "DATE"}
    columns.update({d["id"]: TYPES[d["kind"]] for d in dims})
    spec = "{" + ", ".join(f"{q(k)}: {q(v)}" for k, v in columns.items()) + "}"
    con.execute(
        f"CREATE TABLE enc AS SELECT * FROM read_json({q(a.records)}, "
        f"format='newline_delimited', columns={spec}) WHERE year(date) = {a.year}"
    )
    con.execute("CREATE TABLE parents(detail VARCHAR, parent VARCHAR)")
    con.executemany("INSERT INTO parents VALUES (?, ?)", parents)

    key = "id, family, date"
    parts = []
    for d in dims:
        i, k = d["id"], d["kind"]
        if k == "single":
            value = f"coalesce({i}, {q(d['default'])})" if d.get("default") else i
            parts.append(f"SELECT {key}, {q(i)} AS dim, {value} AS code, '' AS qual "
                         f"FROM enc WHERE {value} IS NOT NULL")
        elif k == "multi":
            parts.append(f"SELECT {key}, {q(i)}, unnest({i}), '' FROM enc")
        elif k in ("multi_status", "multi_role"):
            field = "status" if k == "multi_status" else "role"
            parts.append(f"SELECT {key}, {q(i)}, x.code, x.{field} "
                         f"FROM (SELECT {key}, unnest({i}) AS x FROM enc)")
        else:
            parts.append(f"SELECT {key}, {q(i)}, unnest(map_keys({i})), "
                         f"unnest(map_values({i})) FROM enc")
    parts.append(
        f"SELECT DISTINCT {key}, 'themes_effective', t, '' FROM ("
        f"SELECT {key}, unnest(themes) AS t FROM enc UNION ALL "
        f"SELECT e.id, e.family, e.date, p.parent FROM "
        f"(SELECT {key}, unnest(theme_details) AS d FROM enc) e JOIN parents p ON p.detail = e.d)")
    limits = "[" + ", ".join(q(x) for x in POLICY_LIMITS) + "]"
    parts.append(
        f"SELECT {key}, 'policy_signal', CASE WHEN outcome = 'no_solution_limits' "
        f"OR len(list_intersect(coalesce(limits, []), {limits})) > 0 "
        f"OR (urgency IN ('within_24h', 'immediate') AND "
        f"len(list_filter(coalesce(needs, []), lambda n: n.status = 'unmet')) > 0) "
        f"THEN 'true' ELSE 'false' END, '' FROM enc")
    parts.append(
        f"SELECT {key}, 'kansarm_indicator', CASE WHEN weak >= 3 THEN 'true' "
        f"WHEN known = 6 THEN 'false' ELSE 'unknown' END, '' FROM ("
        f"SELECT {key}, coalesce(len(list_filter(map_values(kansarmoede), lambda v: v = 'weak')), 0) AS weak, "
        f"coalesce(len(list_filter(map_values(kansarmoede), lambda v: v IN ('weak', 'not_weak'))), 0) AS known "
        f"FROM enc)")
    groups = " ".join(f"WHEN {q(s)} THEN {q(g)}" for s, g in RESIDENCE_GROUPS.items())
    parts.append(f"SELECT {key}, 'residence_group', CASE coalesce(residence_status, 'not_asked') "
                 f"{groups} ELSE 'unknown' END, '' FROM enc")
    parts.append(f"SELECT {key}, 'needs_unmet', x.code, '' FROM "
                 f"(SELECT {key}, unnest(needs) AS x FROM enc) WHERE x.status = 'unmet'")
    con.execute("CREATE TABLE facts AS " + " UNION ALL ".join(parts))
    lat = "(" + ", ".join(q(x) for x in LATEST) + ")"

    counts = {}

    def put(k, fam=None, enc=None):
        c = counts.setdefault(k, [0, 0])
        if fam is not None:
            c[0] = fam
        if enc is not None:
            c[1] = enc

    signal_dims = "('needs_unmet', 'residence_group')"
    for dim, code, qual, n in con.execute(
            f"SELECT dim, code, qual, count(*) FROM facts WHERE dim NOT IN {signal_dims} "
            f"GROUP BY ALL").fetchall():
        put(f"s|{dim}|{code}|{qual}", enc=n)
    for dim, code, qual, n in con.execute(
            f"SELECT dim, code, qual, count(DISTINCT family) FROM facts "
            f"WHERE dim NOT IN {lat} AND dim NOT IN {signal_dims} GROUP BY ALL").fetchall():
        put(f"s|{dim}|{code}|{qual}", fam=n)
    # Each family's latest encounter of the year; its values are the
    # family's situation (a value it lacks counts nowhere).
    con.execute(
        f"CREATE TABLE latest AS SELECT family, arg_max(id, date::VARCHAR || id) AS id "
        f"FROM enc GROUP BY family")
    for dim, code, n in con.execute(
            f"SELECT f.dim, f.code, count(*) FROM facts f JOIN latest l ON f.id = l.id "
            f"WHERE f.dim IN {lat} GROUP BY ALL").fetchall():
        put(f"s|{dim}|{code}|", fam=n)
    fam, enc = con.execute("SELECT count(DISTINCT family), count(*) FROM enc").fetchone()
    put("s|total|all|", fam, enc)
    for rd, cd in CROSSTABS:
        for rc, cc, f, n in con.execute(
                "SELECT r.code, c.code, count(DISTINCT r.family), count(DISTINCT r.id) "
                "FROM facts r JOIN facts c ON r.id = c.id WHERE r.dim = ? AND c.dim = ? "
                "GROUP BY ALL", [rd, cd]).fetchall():
            put(f"x|{rd}|{rc}|{cd}|{cc}", fam=f, enc=n)
    # The crosstabs' margins that no signals row counts the same way (a
    # latest-value dimension, the residence groups, a need of any status):
    # the families and encounters with at least one encounter carrying the
    # code.
    for dim in ("housing_situation", "residence_group", "needs"):
        for code, f, n in con.execute(
                "SELECT code, count(DISTINCT family), count(DISTINCT id) FROM facts "
                "WHERE dim = ? GROUP BY ALL", [dim]).fetchall():
            put(f"a|{dim}|{code}", fam=f, enc=n)
    seconds = time.perf_counter() - started
    json.dump(counts, open(a.out, "w"))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"seconds": seconds, "rss": rss, "cells": len(counts)}))


if __name__ == "__main__":
    main()
