#!/usr/bin/env python3
"""The third-party licence list, from cargo-about's and license-checker's
output (see scripts/licences.sh), and its check.

  licences.py build CARGO_JSON NPM_JSON SPDX_DIR writes licences/third-party.json
                                                and THIRD-PARTY-LICENSES.md
  licences.py check                             fails when the lock files
                                                changed since, or the Markdown
                                                is not the JSON's rendering
"""
import hashlib
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JSON_PATH = os.path.join(ROOT, "licences", "third-party.json")
MD_PATH = os.path.join(ROOT, "THIRD-PARTY-LICENSES.md")
LOCKS = ["Cargo.lock", "ui/package-lock.json"]
DATA_README = os.path.join(ROOT, "crates", "veerkracht-core", "data", "README.md")


def data_attribution():
    """The "Sources and licences" section of the scanner data's README."""
    text = open(DATA_README, encoding="utf-8").read()
    start = text.index("## Sources and licences")
    end = text.index("\n## ", start + 1)
    return text[start + len("## Sources and licences"):end].strip()


def third_party_part(rel, text):
    """What of a lock file names third-party packages: our own entries (the
    workspace crates, the UI package) change with every version bump and
    are left out, so a release does not call for a new licence list."""
    if rel == "Cargo.lock":
        blocks = text.split("\n[[package]]\n")
        return "\n[[package]]\n".join(b for b in blocks if "\nsource = " in b or not b.startswith("name = "))
    # package-lock.json: the packages that ship (not dev-only), by name and
    # version; tools and platform binaries npm may add come and go.
    packages = json.loads(text).get("packages", {})
    shipped = sorted(
        (path, p.get("version", ""))
        for path, p in packages.items()
        if path and not p.get("dev") and not p.get("devOptional")
    )
    return json.dumps(shipped)


def lock_hashes():
    out = {}
    for rel in LOCKS:
        with open(os.path.join(ROOT, rel), encoding="utf-8") as f:
            part = third_party_part(rel, f.read())
        out[rel] = hashlib.sha256(part.encode()).hexdigest()
    return out


def normalise(text):
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").strip().split("\n"))


def build(cargo_json, npm_json, spdx_dir):
    cargo = json.load(open(cargo_json))
    npm = json.load(open(npm_json))
    components = {}
    texts = {}

    def add_text(licence, text, user):
        key = (licence, normalise(text))
        texts.setdefault(key, set()).add(user)

    for lic in cargo["licenses"]:
        for used in lic["used_by"]:
            pkg = used["crate"]
            if pkg["name"].startswith("veerkracht"):
                continue  # our own crates: LICENSE
            ident = f'{pkg["name"]} {pkg["version"]}'
            components[("crate", pkg["name"], pkg["version"])] = pkg.get("license") or lic["id"]
            add_text(lic["id"], lic["text"], ident)

    for key, info in sorted(npm.items()):
        name, _, version = key.rpartition("@")
        if name == "veerkracht-ui":
            continue
        licence = info.get("licenses")
        if isinstance(licence, list):
            licence = " OR ".join(licence)
        path = info.get("licenseFile")
        ident = f"{name} {version}"
        components[("npm", name, version)] = licence
        if path and os.path.basename(path).lower().startswith(("license", "licence", "copying")):
            add_text(licence, open(path, encoding="utf-8").read(), ident)
        else:
            # No licence file in the package: the canonical text of the
            # licence its package.json names (SPDX's list).
            canonical = os.path.join(spdx_dir, f"{licence}.json")
            if not os.path.exists(canonical):
                sys.exit(f"{key}: no licence file and no SPDX text for {licence!r}; add it by hand")
            text = json.load(open(canonical, encoding="utf-8"))["licenseText"]
            add_text(licence, text, ident)

    data = {
        "generated_from": lock_hashes(),
        "data_attribution": data_attribution(),
        "components": [
            {"ecosystem": e, "name": n, "version": v, "licence": l}
            for (e, n, v), l in sorted(components.items(), key=lambda kv: (kv[0][1].lower(), kv[0][2], kv[0][0]))
        ],
        "texts": [
            {"licence": licence, "text": text, "used_by": sorted(users)}
            for (licence, text), users in sorted(texts.items(), key=lambda kv: (kv[0][0], sorted(kv[1])[0]))
        ],
    }
    with open(JSON_PATH, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)
        f.write("\n")
    with open(MD_PATH, "w", encoding="utf-8") as f:
        f.write(render(data))
    print(f"{len(data['components'])} components, {len(data['texts'])} licence texts")


def render(data):
    crates = sum(1 for c in data["components"] if c["ecosystem"] == "crate")
    npm = len(data["components"]) - crates
    lines = [
        "# Third-party licences",
        "",
        "Veerkracht is licensed under the EUPL-1.2 (see `LICENSE`). It ships",
        f"{crates} Rust crates (in the app and the `veerkracht` command line) and",
        f"{npm} npm packages (in the app's window), each under its own licence, listed",
        "here with the licence texts they come with. Generated by `make licences`",
        "(cargo-about and license-checker) from `Cargo.lock` and",
        "`ui/package-lock.json`; do not edit by hand.",
        "",
        "| Component | Version | Licence | Kind |",
        "|---|---|---|---|",
    ]
    for c in data["components"]:
        kind = "Rust crate" if c["ecosystem"] == "crate" else "npm package"
        lines.append(f'| {c["name"]} | {c["version"]} | {c["licence"]} | {kind} |')
    lines += [
        "",
        "## Data: the identifier scanner's word lists",
        "",
        "(From `crates/veerkracht-core/data/README.md`.)",
        "",
        data["data_attribution"],
        "",
        "## Licence texts",
        "",
    ]
    for i, t in enumerate(data["texts"], 1):
        lines += [
            f'### {i}. {t["licence"]}',
            "",
            "Used by: " + ", ".join(t["used_by"]) + ".",
            "",
            "```text",
            t["text"].replace("```", "'''"),
            "```",
            "",
        ]
    return "\n".join(lines)


def check():
    data = json.load(open(JSON_PATH, encoding="utf-8"))
    problems = []
    now = lock_hashes()
    for rel, digest in data["generated_from"].items():
        if now.get(rel) != digest:
            problems.append(f"{rel} changed since the licence list was made")
    if data["data_attribution"] != data_attribution():
        problems.append("the scanner data's attribution changed since the licence list was made")
    if open(MD_PATH, encoding="utf-8").read() != render(data):
        problems.append("THIRD-PARTY-LICENSES.md is not the rendering of licences/third-party.json")
    covered = {u for t in data["texts"] for u in t["used_by"]}
    for c in data["components"]:
        if f'{c["name"]} {c["version"]}' not in covered:
            problems.append(f'{c["name"]} {c["version"]} has no licence text')
    # Every crate in Cargo.lock that comes from a registry ships or is a
    # build/dev tool; the ones that ship must be listed: compare with the lock.
    lock = open(os.path.join(ROOT, "Cargo.lock"), encoding="utf-8").read()
    for c in data["components"]:
        if c["ecosystem"] == "crate" and f'name = "{c["name"]}"\nversion = "{c["version"]}"' not in lock:
            problems.append(f'{c["name"]} {c["version"]} is listed but not in Cargo.lock')
    for p in problems:
        print("FAIL -", p)
    if problems:
        print("run `make licences` and commit licences/third-party.json and THIRD-PARTY-LICENSES.md")
        sys.exit(1)
    print(f'ok - licence list current: {len(data["components"])} components, {len(data["texts"])} texts')


if __name__ == "__main__":
    if sys.argv[1:2] == ["build"] and len(sys.argv) == 5:
        build(sys.argv[2], sys.argv[3], sys.argv[4])
    elif sys.argv[1:] == ["check"]:
        check()
    else:
        sys.exit(__doc__)
