#!/usr/bin/env python3
"""powercut: cut the power during each operation of Veerkracht and check
its promises on what the disk keeps.

The promises (README, ARCHITECTURE, SECURITY):
  * every acknowledged change survives a power cut;
  * no vault is ever left unopenable;
  * an import is all or nothing;
  * a passphrase change leaves the vault openable with the old or the new
    passphrase, never neither, never both (it replaces the data key), and
    with the new one only once acknowledged.

Each cut: a template is copied to a tmpfs backing folder, powerfs
(powerfs.py) mounts it, the real binary runs one operation on the mount,
the power is cut (at a chosen operation, after N operations, or once the
command has returned), the durable state is materialised into a fresh
folder and the real CLI, outside FUSE, checks the promises on it.

Usage: powercut.py [--cuts N] [--seed S] [--jobs J] [--ops a,b] [--modes
strict,lenient] [--variants drop,prefix,torn] [--faults F] [--ignore-fsync]
[--bin DIR] [--results DIR]
Exit status: 0 when every check held, 1 on any failure, 2 when the harness
itself cannot run (no FUSE, no binaries).
"""

import argparse
import collections
import concurrent.futures
import hashlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from fsctl import MountError, PowerMount, unmount  # noqa: E402
from powerfs import Trigger  # noqa: E402

PASS = "stevig wachtwoord voor de stroomtest 42"
NEWPASS = "nieuwe wachtwoordzin voor de stroomtest 43"
CWPASS = "crash test passphrase"   # the one crash-writer uses
UNTIL = "2026-06-30"
WRITER_ACKS = 20                   # acknowledgements per writer calibration
IMPORT_LINES = 200
IMPORT_LARGE_LINES = 200
# Pages that pass a quarter of sled's segment go to files of their own
# (`db/blobs/`), which sled deletes before the replacing page is synced: a
# power cut could leave half an import. `import-large` imports records with
# the longest notes in characters of 4 bytes (16 of them passed 128 KB with
# sled's default segment); in the default set since the vault's segments
# keep every page far below that (docs/PERFORMANCE.md, 2026-12-04).
OPS_BY_NAME_ONLY = []
OPS = ["init", "import", "writer", "purge", "passphrase", "backup", "restore",
       "relatest", "records", "list", "import-large"]
VARIANTS = ["drop", "prefix", "torn"]
MODES = ["strict", "lenient"]
FAILURES = ["lost", "half", "unopenable", "panic", "damaged", "hang", "leak"]

# ---------------------------------------------------------------------------
# running the real binaries


class Bins:
    def __init__(self, d):
        self.vk = os.path.join(d, "veerkracht")
        self.cw = os.path.join(d, "crash-writer")

    def missing(self):
        return [p for p in (self.vk, self.cw) if not os.access(p, os.X_OK)]


def base_env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("VEERKRACHT_")}
    env.update(VEERKRACHT_LANG="en", RUST_BACKTRACE="1")
    env.update(extra)
    return env


def panicked(rc, err):
    return rc == 101 or "panicked at" in (err or "")


def first_line(text):
    for line in (text or "").splitlines():
        if line.strip():
            return line.strip()[:300]
    return ""


def run(argv, env, timeout=120, stdin=None):
    try:
        r = subprocess.run(argv, env=env, capture_output=True, text=True,
                           timeout=timeout, stdin=subprocess.DEVNULL if stdin is None else stdin)
        return r.returncode, r.stdout, r.stderr
    except subprocess.TimeoutExpired as e:
        return "timeout", e.stdout or "", e.stderr or ""


def digest_lines(text):
    recs = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        rid = json.loads(line)["id"]
        recs[rid] = "sha256:" + hashlib.sha256(line.encode()).hexdigest()
    return recs


class Checker:
    """Runs the real CLI on copies of a materialised state (outside FUSE)."""

    def __init__(self, bins, scratch):
        self.bins = bins
        self.scratch = scratch
        self.n = 0
        self.panics = []

    def copy(self, src):
        self.n += 1
        dst = os.path.join(self.scratch, "c%d" % self.n)
        if os.path.exists(src):
            shutil.copytree(src, dst, symlinks=True)
        return dst

    def note_panic(self, what, rc, err):
        if panicked(rc, err):
            self.panics.append("%s: %s" % (what, first_line(
                [l for l in err.splitlines() if "panicked at" in l][0]
                if "panicked at" in err else err)))

    def open(self, vault, passphrase):
        """-> (status, records, error text); status in ok, damaged, novault,
        wrongpass, error, panic, timeout. Runs on a copy: opening writes."""
        d = self.copy(vault)  # (a fresh path when there is nothing to copy)
        rc, out, err = run([self.bins.vk, "--data-dir", d, "records"],
                           base_env(VEERKRACHT_PASSPHRASE=passphrase))
        self.note_panic("records", rc, err)
        if rc == "timeout":
            return "timeout", None, "records timed out"
        if panicked(rc, err):
            return "panic", None, first_line(err)
        if rc in (0, 3):
            return ("ok" if rc == 0 else "damaged"), digest_lines(out), first_line(err)
        if "No vault in" in err:
            return "novault", None, first_line(err)
        if "Wrong passphrase" in err:
            return "wrongpass", None, first_line(err)
        return "error", None, first_line(err)

    def retry(self, vault, argv_tail, env):
        """Does the operation that creates a vault succeed on what the cut
        left (init again, restore again)? -> (ok, records, text)"""
        d = self.copy(vault)
        rc, out, err = run([self.bins.vk, "--data-dir", d] + argv_tail, env)
        self.note_panic(" ".join(argv_tail[:1]), rc, err)
        if rc != 0:
            return False, None, first_line(err)
        st, recs, text = self.open(d, env.get("VEERKRACHT_PASSPHRASE", PASS))
        return st == "ok", recs, text

# ---------------------------------------------------------------------------
# templates: vaults made once per run, outside FUSE


class Templates:
    def __init__(self, bins, root, large=False):
        self.bins = bins
        self.root = root
        # only when asked for: `import-large` alone needs its file
        self.large = large
        os.makedirs(root, exist_ok=True)

    def build_large(self, t, text, must):
        """The import of `import-large`: the encounters of `text`, each with
        a long note that does not compress."""
        vk = self.bins.vk
        # 3,990 random CJK ideographs of extension B, 4 bytes each (16 KB):
        # some of sled's leaves of them pass 128 KB and go to files of their
        # own (`db/blobs/`), which sled alone never syncs
        rnd = random.Random(3)
        large = []
        for line in text.splitlines()[:IMPORT_LARGE_LINES]:
            e = json.loads(line)
            e["note"] = "".join(chr(rnd.randrange(0x20000, 0x2A6D0)) for _ in range(3990))
            large.append(json.dumps(e, ensure_ascii=False))
        large = "\n".join(large) + "\n"
        self.import_large_file = os.path.join(t, "import-large.jsonl")
        with open(self.import_large_file, "w", encoding="utf-8") as f:
            f.write(large)
        # as the vault writes them back (its own key order and escapes)
        s2 = os.path.join(t, "scratch-large")
        must([vk, "--data-dir", s2, "init"])
        must([vk, "--data-dir", s2, "import", self.import_large_file])
        self.b_import_large = digest_lines(must([vk, "--data-dir", s2, "records"]))

    def build(self):
        vk, env = self.bins.vk, base_env(VEERKRACHT_PASSPHRASE=PASS)
        t = self.root
        self.empty = os.path.join(t, "empty")
        os.makedirs(self.empty)

        def must(argv, e=env):
            rc, out, err = run(argv, e)
            if rc != 0:
                raise SystemExit("powercut: setting up failed: %s -> %s %s" % (
                    " ".join(argv), rc, err.strip()[-500:]))
            return out

        # a vault whose last command wrote (so the next open snapshots)
        self.vault = os.path.join(t, "vault")
        os.makedirs(self.vault)
        v = os.path.join(self.vault, "vault")
        must([vk, "--data-dir", v, "init"])
        must([vk, "--data-dir", v, "demo", "--families", "6", "--encounters", "40",
              "--seed", "1", "--until", UNTIL])
        chk = Checker(self.bins, tempfile.mkdtemp(dir=t))
        st, self.b_vault, text = chk.open(v, PASS)
        if st != "ok":
            raise SystemExit("powercut: the template vault does not open: %s" % text)
        # the import file: other encounters, from a scratch vault
        s = os.path.join(t, "scratch")
        must([vk, "--data-dir", s, "init"])
        must([vk, "--data-dir", s, "demo", "--families", "20", "--encounters",
              str(IMPORT_LINES), "--seed", "2", "--until", UNTIL])
        self.import_file = os.path.join(t, "import.jsonl")
        text = must([vk, "--data-dir", s, "records"])
        with open(self.import_file, "w") as f:
            f.write(text)
        self.b_import = digest_lines(text)
        assert not set(self.b_import) & set(self.b_vault)
        if self.large:
            self.build_large(t, text, must)
        # purge: the median date of the vault splits it
        dates = sorted(json.loads(l)["date"] for l in must(
            [vk, "--data-dir", chk.copy(v), "records"]).splitlines())
        self.purge_date = dates[len(dates) // 2]
        self.b_purged = {}
        for line in must([vk, "--data-dir", chk.copy(v), "records"]).splitlines():
            if json.loads(line)["date"] >= self.purge_date:
                self.b_purged.update(digest_lines(line))
        # a backup file of that vault, to restore
        self.backup_file = os.path.join(t, "vault.vkbackup")
        must([vk, "--data-dir", chk.copy(v), "backup", self.backup_file])
        # a vault written by crash-writer (seed 1), killed after some saves
        self.cw = os.path.join(t, "cw")
        os.makedirs(self.cw)
        p = subprocess.Popen([self.bins.cw, os.path.join(self.cw, "vault"), "1"],
                             stdout=subprocess.PIPE, text=True, env=base_env())
        n = 0
        for line in p.stdout:
            n += 1
            if n >= 30:
                break
        p.kill()
        p.wait()
        st, self.b_cw, text = chk.open(os.path.join(self.cw, "vault"), CWPASS)
        if st != "ok":
            raise SystemExit("powercut: the crash-writer template does not open: %s" % text)
        # a vault that cannot be opened (its key file damaged) and holds
        # automatic backups: what `crash-writer restore-latest` repairs, the
        # app's way out. Its passphrase is crash-writer's.
        self.rl = os.path.join(t, "rl")
        os.makedirs(self.rl)
        v = os.path.join(self.rl, "vault")
        cwenv = base_env(VEERKRACHT_PASSPHRASE=CWPASS)
        must([vk, "--data-dir", v, "init"], cwenv)
        must([vk, "--data-dir", v, "demo", "--families", "5", "--encounters", "30",
              "--seed", "3", "--until", UNTIL], cwenv)
        must([vk, "--data-dir", v, "backup",
              os.path.join(v, "backups", "auto-20260101-000000.000.vkbackup")], cwenv)
        st, self.b_rl, text = chk.open(v, CWPASS)
        if st != "ok":
            raise SystemExit("powercut: the restore-latest template does not open: %s" % text)
        must([vk, "--data-dir", v, "demo", "--families", "2", "--encounters", "6",
              "--seed", "4", "--until", UNTIL], cwenv)
        key = os.path.join(v, "vault.json")
        with open(key) as f:
            text = f.read()
        with open(key, "w") as f:   # one changed character: the checksum fails
            f.write(text.replace('"check": "', '"check": "0', 1))
        self.rl_old = {rel: data for rel, data in tree_bytes(v).items()
                       if rel in ("vault.json", "vault.generation", "db/db")}
        st, _, text = chk.open(v, CWPASS)
        if st == "ok":
            raise SystemExit("powercut: the restore-latest template opens; it must not")
        shutil.rmtree(chk.scratch, ignore_errors=True)
        shutil.rmtree(s, ignore_errors=True)
        return self


def tree_bytes(root):
    """Every file under root: relative path -> bytes."""
    out = {}
    for d, _, files in os.walk(root):
        for name in files:
            path = os.path.join(d, name)
            with open(path, "rb") as f:
                out[os.path.relpath(path, root)] = f.read()
    return out

# ---------------------------------------------------------------------------
# the operations and what each promises


def diff_count(want, got):
    ids = set(want) | set(got)
    return sum(1 for i in ids if want.get(i) != got.get(i))


class Op:
    name = ""
    template = "vault"
    vault_rel = "vault"
    passphrase = PASS

    def __init__(self, T, bins):
        self.T = T
        self.bins = bins

    def argv(self, mnt):
        raise NotImplementedError

    def env(self):
        return base_env(VEERKRACHT_PASSPHRASE=self.passphrase)

    def template_dir(self):
        return getattr(self.T, self.template)

    def baseline(self):
        return self.T.b_vault

    def check_same(self, res, chk, root, want=None):
        """The vault must open and hold exactly `want` (the baseline)."""
        want = self.baseline() if want is None else want
        st, recs, text = chk.open(os.path.join(root, self.vault_rel), self.passphrase)
        if st == "ok":
            if recs == want:
                res.ok("opened")
            else:
                res.fail("lost", "%d records differ from before the cut" % diff_count(want, recs))
        else:
            self.not_open(res, st, text)

    @staticmethod
    def not_open(res, st, text):
        if st == "damaged":
            res.fail("damaged", text)
        elif st == "panic":
            res.fail("panic", text)
            res.fail("unopenable", text)
        else:
            res.fail("unopenable", text)

    def evaluate(self, res, chk, root):
        self.check_same(res, chk, root)


class Records(Op):
    name = "records"

    def argv(self, mnt):
        return [self.bins.vk, "--data-dir", os.path.join(mnt, "vault"), "records"]


class List(Op):
    name = "list"

    def argv(self, mnt):
        return [self.bins.vk, "--data-dir", os.path.join(mnt, "vault"), "list"]


class Init(Op):
    name = "init"
    template = "empty"

    def argv(self, mnt):
        return [self.bins.vk, "--data-dir", os.path.join(mnt, "vault"), "init"]

    def evaluate(self, res, chk, root):
        v = os.path.join(root, "vault")
        st, recs, text = chk.open(v, PASS)
        if st == "ok":
            if recs:
                res.fail("lost", "a new vault holds %d records" % len(recs))
            else:
                res.ok("opened")
            return
        if st == "damaged":
            res.fail("damaged", text)
            return
        ok, _, text2 = chk.retry(v, ["init"], self.env())
        if ok:
            if res.acked:
                res.fail("lost", "init was acknowledged but no vault survived (%s)" % text)
            else:
                res.ok("no vault", "init succeeds again")
        else:
            if st == "panic":
                res.fail("panic", text)
            res.fail("unopenable", "%s | init again: %s" % (text, text2))


class Import(Op):
    name = "import"

    def argv(self, mnt):
        return [self.bins.vk, "--data-dir", os.path.join(mnt, "vault"), "import",
                self.lines()[0]]

    def env(self):
        # Chunks of 37 lines: the cut also falls between the chunks an
        # import writes before it is decided (all or nothing, still).
        return base_env(VEERKRACHT_PASSPHRASE=PASS, VEERKRACHT_IMPORT_CHUNK="37")

    def lines(self):
        return self.T.import_file, self.T.b_import

    def evaluate(self, res, chk, root):
        st, recs, text = chk.open(os.path.join(root, "vault"), PASS)
        if st != "ok":
            self.not_open(res, st, text)
            return
        before, imp = self.T.b_vault, self.lines()[1]
        after = dict(before, **imp)
        if recs == after:
            res.ok("opened", "all %d lines" % len(imp))
        elif recs == before:
            if res.acked:
                res.fail("lost", "import acknowledged, none of its %d lines there" % len(imp))
            else:
                res.ok("opened", "none of the lines")
        else:
            missing_old = [i for i in before if recs.get(i) != before[i]]
            got_new = [i for i in imp if recs.get(i) == imp[i]]
            if missing_old:
                res.fail("lost", "%d records from before the import differ" % len(missing_old))
            if 0 < len(got_new) < len(imp):
                res.fail("half", "%d of %d lines" % (len(got_new), len(imp)))
            if not missing_old and not (0 < len(got_new) < len(imp)):
                res.fail("lost", "%d records differ" % diff_count(after, recs))


class ImportLarge(Import):
    """An import of records that make sled write files outside its log."""
    name = "import-large"

    def lines(self):
        return self.T.import_large_file, self.T.b_import_large


class Writer(Op):
    """Single saves, edits and deletes: crash-writer acknowledges each."""
    name = "writer"
    template = "cw"
    passphrase = CWPASS

    def argv(self, mnt):
        return [self.bins.cw, os.path.join(mnt, "vault"), "2"]

    def baseline(self):
        return self.T.b_cw

    def evaluate(self, res, chk, root):
        want = dict(self.T.b_cw)
        for kind, rid, dig in res.acks:
            if kind == "SAVE":
                want[rid] = dig
            else:
                want.pop(rid, None)
        st, recs, text = chk.open(os.path.join(root, "vault"), CWPASS)
        if st != "ok":
            self.not_open(res, st, text)
            return
        n = diff_count(want, recs)
        # one operation can be in flight at the cut: durable, not yet acknowledged
        if n <= 1:
            res.ok("opened", "%d acks%s" % (len(res.acks), ", 1 in flight" if n else ""))
        else:
            res.fail("lost", "%d records differ from the %d acknowledgements" % (n, len(res.acks)))


class Purge(Op):
    name = "purge"

    def argv(self, mnt):
        return [self.bins.vk, "--data-dir", os.path.join(mnt, "vault"), "purge",
                "--before", self.T.purge_date]

    def evaluate(self, res, chk, root):
        st, recs, text = chk.open(os.path.join(root, "vault"), PASS)
        if st != "ok":
            self.not_open(res, st, text)
            return
        before, after = self.T.b_vault, self.T.b_purged
        if recs == after:
            res.ok("opened", "purged")
        elif recs == before:
            if res.acked:
                res.fail("lost", "purge acknowledged, the purged records are back")
            else:
                res.ok("opened", "not purged")
        elif all(recs.get(i) == d for i, d in after.items()) and set(recs) <= set(before):
            # not one of the four promises, but worth seeing
            res.warn("partial purge: %d of %d old records left" % (
                len(recs) - len(after), len(before) - len(after)))
            if res.acked:
                res.fail("lost", "purge acknowledged, old records left")
        else:
            res.fail("lost", "%d records differ" % diff_count(after, recs))


class Passphrase(Op):
    name = "passphrase"

    def argv(self, mnt):
        return [self.bins.vk, "--data-dir", os.path.join(mnt, "vault"), "passphrase"]

    def env(self):
        return base_env(VEERKRACHT_PASSPHRASE=PASS, VEERKRACHT_NEW_PASSPHRASE=NEWPASS)

    def evaluate(self, res, chk, root):
        v = os.path.join(root, "vault")
        st_old, recs_old, text_old = chk.open(v, PASS)
        st_new, recs_new, text_new = chk.open(v, NEWPASS)
        opened = [(w, r) for w, s, r in (("old", st_old, recs_old), ("new", st_new, recs_new))
                  if s == "ok"]
        if not opened:
            for s, t in ((st_old, text_old), (st_new, text_new)):
                if s in ("damaged", "panic"):
                    res.fail(s, t)
            res.fail("unopenable", "old: %s | new: %s" % (text_old, text_new))
            return
        which, recs = opened[0]
        if recs != self.T.b_vault:
            res.fail("lost", "%d records differ" % diff_count(self.T.b_vault, recs))
        if res.acked and which == "old" and len(opened) == 1:
            res.fail("lost", "passphrase change acknowledged, only the old one opens")
        # A change replaces the data key: the old passphrase, with the old
        # key file anyone may have kept, must not open what follows it.
        if len(opened) == 2:
            res.fail("leak", "both the old and the new passphrase open the vault")
        if res.acked:
            d = chk.copy(v)
            shutil.copy(os.path.join(self.template_dir(), "vault", "vault.json"),
                        os.path.join(d, "vault.json"))
            st, _, text = chk.open(d, PASS)
            if st in ("ok", "damaged"):
                res.fail("leak", "change acknowledged, the old key file and passphrase "
                          "still open the vault")
        if not res.failures:
            res.ok("opened", "with the %s passphrase" % "/".join(w for w, _ in opened))


class Backup(Op):
    name = "backup"

    def argv(self, mnt):
        return [self.bins.vk, "--data-dir", os.path.join(mnt, "vault"), "backup",
                os.path.join(mnt, "out.vkbackup")]

    def evaluate(self, res, chk, root):
        self.check_same(res, chk, root)
        f = os.path.join(root, "out.vkbackup")
        if not os.path.exists(f):
            if res.acked:
                res.fail("lost", "backup acknowledged, the file is gone")
            return
        target = os.path.join(chk.scratch, "restored-%d" % chk.n)
        rc, out, err = run([self.bins.vk, "--data-dir", target, "restore", f],
                           base_env(VEERKRACHT_PASSPHRASE=PASS))
        chk.note_panic("restore", rc, err)
        if panicked(rc, err):
            res.fail("panic", first_line(err))
        good = False
        if rc == 0:
            st, recs, _ = chk.open(target, PASS)
            good = st == "ok" and recs == self.T.b_vault
        if not good:
            if res.acked:
                res.fail("lost", "backup acknowledged, the file does not restore: %s" % first_line(err))
            else:
                res.warn("a backup cut short lies under its final name (%s)" % (
                    first_line(err) or "restores other records"))


class Restore(Op):
    name = "restore"
    template = "empty"
    vault_rel = "restored"

    def argv(self, mnt):
        return [self.bins.vk, "--data-dir", os.path.join(mnt, "restored"), "restore",
                self.T.backup_file]

    def evaluate(self, res, chk, root):
        v = os.path.join(root, "restored")
        want = self.T.b_vault
        st, recs, text = chk.open(v, PASS)
        if st == "ok":
            if recs == want:
                res.ok("opened", "complete")
            elif set(recs) < set(want) and all(want[i] == recs[i] for i in recs):
                res.fail("half", "%d of %d records restored" % (len(recs), len(want)))
            else:
                res.fail("lost", "%d records differ from the backup" % diff_count(want, recs))
            return
        if st == "damaged":
            res.fail("damaged", text)
            return
        ok, recs2, text2 = chk.retry(v, ["restore", self.T.backup_file], self.env())
        if ok and recs2 == want:
            if res.acked:
                res.fail("lost", "restore acknowledged, no vault survived (%s)" % text)
            else:
                res.ok("no vault", "restore succeeds again")
        else:
            if st == "panic":
                res.fail("panic", text)
            res.fail("unopenable", "%s | restore again: %s" % (text, text2))


class RestoreLatest(Op):
    """The app's recovery: a vault that will not open gets its newest
    automatic backup in its place; the damaged files move aside, never
    deleted. (`crash-writer restore-latest`, the store's own function, as
    the CLI has no command for it.)"""
    name = "relatest"
    template = "rl"
    passphrase = CWPASS

    def argv(self, mnt):
        return [self.bins.cw, "restore-latest", os.path.join(mnt, "vault")]

    def evaluate(self, res, chk, root):
        v = os.path.join(root, "vault")
        old = self.T.rl_old
        # Opened on a copy that is then looked into: opening finishes a
        # restore that was cut after its commit point.
        d = chk.copy(v)
        rc, out, err = run([self.bins.vk, "--data-dir", d, "records"],
                           base_env(VEERKRACHT_PASSPHRASE=CWPASS))
        chk.note_panic("records", rc, err)
        st = ("ok" if rc == 0 else "damaged" if rc == 3 else
              "panic" if panicked(rc, err) else "error")
        text = first_line(err)
        recs = digest_lines(out) if rc == 0 else None
        if st == "ok":
            if recs != self.T.b_rl:
                res.fail("lost", "%d records differ from the backup" % diff_count(self.T.b_rl, recs))
            aside = [x for x in os.listdir(d) if x.startswith("damaged-")]
            kept = {}
            for x in aside:
                kept.update(tree_bytes(os.path.join(d, x)))
            missing = [rel for rel, data in old.items() if kept.get(rel) != data]
            if missing:
                res.fail("lost", "the damaged files are not all kept aside: %s" % ", ".join(missing))
            if not res.failures:
                res.ok("opened", "restored, damaged files aside")
            return
        if st in ("damaged", "panic"):
            res.fail(st, text)
        here = tree_bytes(v) if os.path.isdir(v) else {}
        changed = [rel for rel, data in old.items() if here.get(rel) != data]
        if changed:
            res.fail("lost", "not restored, and the old files changed: %s" % ", ".join(changed))
        if res.acked:
            res.fail("lost", "restore acknowledged, the vault does not open (%s)" % text)
        d = chk.copy(v)
        rc, out, err = run([self.bins.cw, "restore-latest", d], base_env())
        chk.note_panic("restore-latest", rc, err)
        if rc != 0:
            res.fail("unopenable", "%s | restore-latest again: %s" % (text, first_line(err)))
        elif not res.failures:
            res.ok("not restored", "the folder as it was; restore-latest succeeds again")


OP_CLASSES = {c.name: c for c in (Init, Import, ImportLarge, Writer, Purge, Passphrase, Backup,
                                    Restore, RestoreLatest, Records, List)}

# ---------------------------------------------------------------------------
# one cut


class Result:
    def __init__(self, plan):
        self.plan = plan
        self.acked = False
        self.acks = []
        self.failures = []     # (category, text)
        self.warnings = []
        self.outcome = None
        self.note = ""

    def ok(self, outcome, note=""):
        if self.outcome is None:
            self.outcome = outcome
        if note:
            self.note = note

    def fail(self, cat, text):
        self.failures.append((cat, text))

    def warn(self, text):
        self.warnings.append(text)

    def final_outcome(self):
        for cat in ("unopenable", "panic", "damaged", "half", "lost", "hang", "leak"):
            if any(c == cat for c, _ in self.failures):
                return cat
        return self.outcome or "opened"

    def to_json(self):
        return dict(self.plan, acked=self.acked, acks=len(self.acks),
                    outcome=self.final_outcome(), note=self.note,
                    failures=[{"category": c, "text": t} for c, t in self.failures],
                    warnings=self.warnings, **self.extra)


def nth_match(trace, entry, spec):
    """Which n makes powerfs's trigger `spec` fire at `entry` of `trace`
    (the same matching rules as powerfs.Trigger)."""
    t = Trigger(dict(spec, n=0))
    for x in trace:
        t.matches(x)
        if x is entry:
            return t.seen
    raise ValueError("entry not in trace")


def pattern_of(path):
    """A glob for a path whose long hex numbers change from run to run."""
    return re.sub(r"[0-9A-Fa-f]{8,}", "*", path)


class Harness:
    def __init__(self, args, bins, work):
        self.args = args
        self.bins = bins
        self.work = work
        self.lock = threading.Lock()
        self.counter = 0
        self.traces = {}

    def next_id(self):
        with self.lock:
            self.counter += 1
            return self.counter

    def run_cut(self, plan, want_trace=False):
        op = OP_CLASSES[plan["op"]](self.T, self.bins)
        rid = self.next_id()
        d = os.path.join(self.work, "cut-%05d" % rid)
        os.makedirs(d)
        backing, mnt, out = (os.path.join(d, x) for x in ("disk", "mnt", "after"))
        shutil.copytree(op.template_dir(), backing, symlinks=True)
        cfg = {"mode": plan["mode"], "variant": plan["variant"],
               "seed": plan["seed"], "out": out,
               "ignore_fsync": self.args.ignore_fsync,
               "cut": plan.get("trigger"), "fault": plan.get("fault")}
        res = Result(plan)
        res.extra = {}
        t0 = time.monotonic()
        m = PowerMount(backing, mnt, cfg, os.path.join(d, "ctl.sock"),
                       log=os.path.join(d, "powerfs.log"))
        m.start()
        try:
            rc, stdout, stderr, killed_by_cut, hung = self.run_op(op, mnt, m, res)
            st = m.ctl(cmd="status")
            if not st["cut"]:
                st = {"cut_info": m.ctl(cmd="cut")["cut_info"], "faults": st["faults"]}
                res.extra["cut_at"] = "after exit"
            else:
                ci = st["cut_info"]
                res.extra["cut_at"] = "%s %s #%d %s" % (ci["when"], ci["entry"]["op"],
                                                        ci["entry"]["seq"], ci["entry"]["path"])
            res.extra["faults_injected"] = len(st.get("faults") or [])
            if st.get("faults"):
                f0 = st["faults"][0]
                res.extra["cut_at"] = "%s at %s #%d %s; cut %s" % (
                    (plan.get("fault") or {}).get("errno", "EIO"),
                    f0["op"], f0["seq"], f0["path"], res.extra["cut_at"])
            if want_trace:
                tp = os.path.join(d, "trace.jsonl")
                m.ctl(cmd="trace", path=tp)
                with open(tp) as f:
                    self.traces[plan["op"]] = [json.loads(l) for l in f]
        finally:
            m.stop()
        res.extra["exit"] = rc
        # (crash-writer's acknowledgements are checked one by one instead)
        res.acked = rc == 0 and not killed_by_cut and plan["op"] != "writer"
        if hung:
            res.fail("hang", "the command did not finish within %d s" % self.args.timeout)
        # crash-writer is a test helper that panics on any error by design
        if not killed_by_cut and plan["op"] != "writer" and panicked(rc, stderr):
            res.fail("panic", "the command: " + first_line(
                [l for l in stderr.splitlines() if "panicked at" in l][0]
                if "panicked at" in stderr else stderr))
        if plan.get("fault") and not killed_by_cut:
            res.extra["command"] = first_line(stderr) if rc != 0 else "succeeded"
        chk = Checker(self.bins, os.path.join(d, "check"))
        os.makedirs(chk.scratch)
        if plan.get("fault"):
            # without a power cut: the state the machine keeps running with
            vres = Result(plan)
            vres.acked, vres.acks, vres.extra = res.acked, res.acks, {}
            op.evaluate(vres, chk, backing)
            for c, t in vres.failures:
                res.fail(c, "without a cut: " + t)
        op.evaluate(res, chk, out)
        for p in chk.panics:
            if not any(c == "panic" for c, _ in res.failures):
                res.fail("panic", "checking: " + p)
        res.extra["seconds"] = round(time.monotonic() - t0, 2)
        keep = self.args.keep and res.failures
        if keep:
            with self.lock:
                self.kept = getattr(self, "kept", 0) + 1
                keep = self.kept <= self.args.keep
        if keep:
            dst = os.path.join(self.args.results, "failures", "cut-%05d-%s" % (rid, plan["op"]))
            shutil.rmtree(dst, ignore_errors=True)
            shutil.copytree(out, os.path.join(dst, "after"), symlinks=True)
            with open(os.path.join(dst, "cut.json"), "w") as f:
                json.dump(res.to_json(), f, indent=1)
        shutil.rmtree(d, ignore_errors=True)
        return res

    def run_op(self, op, mnt, m, res):
        p = subprocess.Popen(op.argv(mnt), env=op.env(), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                             start_new_session=True, text=True)
        out_lines, err_chunks = [], []
        is_writer = op.name == "writer"
        limit = WRITER_ACKS if res.plan["kind"] == "exit" else 3 * WRITER_ACKS

        def read_out():
            for line in p.stdout:
                out_lines.append(line)
                if is_writer and line.endswith("\n"):
                    parts = line.split()
                    if len(parts) == 3 and parts[0] == "SAVE":
                        res.acks.append(("SAVE", parts[1], parts[2]))
                    elif len(parts) == 2 and parts[0] == "DEL":
                        res.acks.append(("DEL", parts[1], None))

        def read_err():
            err_chunks.append(p.stderr.read())

        t1 = threading.Thread(target=read_out, daemon=True)
        t2 = threading.Thread(target=read_err, daemon=True)
        t1.start()
        t2.start()
        deadline = time.monotonic() + self.args.timeout
        killed_by_cut = hung = False
        stopped_writer = False
        while p.poll() is None:
            time.sleep(0.02)
            if m.ctl(cmd="status")["cut"]:
                killed_by_cut = True
                break
            if is_writer and len(res.acks) >= limit:
                stopped_writer = True
                break
            if time.monotonic() > deadline:
                hung = True
                break
        if p.poll() is None:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        p.wait()
        t1.join(5)
        t2.join(5)
        if not killed_by_cut and p.returncode == -signal.SIGKILL and not stopped_writer and not hung:
            killed_by_cut = m.ctl(cmd="status")["cut"]
        if m.ctl(cmd="status")["cut"] and not stopped_writer:
            killed_by_cut = True
        return p.returncode, "".join(out_lines), "".join(err_chunks), killed_by_cut, hung

    # ------------------------------------------------------------------
    def plan(self):
        """Calibration (the command runs to its end, then the cut) gives each
        operation's trace; the rest of the budget cuts inside it."""
        a = self.args
        rng = random.Random(a.seed)
        plans = []
        for opname in a.ops:
            for mode in a.modes:
                plans.append({"op": opname, "mode": mode, "variant": "drop",
                              "seed": rng.randrange(1 << 30), "trigger": None,
                              "kind": "exit", "calibrate": mode == a.modes[0]})
        return plans, rng

    def more_plans(self, rng, n, nfaults):
        a = self.args
        plans = []
        # targeted cuts first: the snapshot window of finding 1, each operation
        # in lenient mode (where a created file is durable at once), then strict
        for mode in sorted(a.modes):
            for opname in a.ops:
                tr = self.traces.get(opname) or []
                snaps = [e for e in tr if "generating" in e["path"] and e["op"] == "fsync"]
                if snaps:
                    e = snaps[0]
                    trig = {"op": "fsync", "pattern": pattern_of(e["path"]), "when": "before"}
                    trig["n"] = nth_match(tr, e, trig)
                    variant = "drop" if "drop" in a.variants else a.variants[0]
                    plans.append({"op": opname, "mode": mode, "variant": variant,
                                  "seed": rng.randrange(1 << 30), "kind": "targeted",
                                  "trigger": trig})
        plans = plans[:max(0, n // 4)]
        i = 0
        while len(plans) < n:
            opname = a.ops[i % len(a.ops)]
            i += 1
            tr = self.traces.get(opname) or []
            if not tr:
                if i > 10 * len(a.ops) and not plans:
                    break
                continue
            mode, variant = rng.choice(a.modes), rng.choice(a.variants)
            seed = rng.randrange(1 << 30)
            roll = rng.random()
            if roll < 0.1:
                # the command ends (acknowledged), then the power goes: what
                # "every acknowledged change survives" is about
                trig = None
                kind = "after exit"
            elif roll < 0.45:
                trig = {"after_ops": rng.randint(1, len(tr))}
                kind = "after N ops"
            else:
                # a kind of operation, then a file (by pattern), then which one:
                # rare kinds and small files get their share beside db writes
                k = rng.choice(sorted({e["op"] for e in tr}))
                pats = sorted({pattern_of(e["path"]) for e in tr if e["op"] == k})
                pat = rng.choice(pats)
                e = rng.choice([e for e in tr if e["op"] == k and pattern_of(e["path"]) == pat])
                trig = {"op": k, "pattern": pat,
                        "when": "after" if rng.random() < 0.25 else "before"}
                trig["n"] = nth_match(tr, e, trig)
                kind = "at %s" % k
            plans.append({"op": opname, "mode": mode, "variant": variant, "seed": seed,
                          "trigger": trig, "kind": kind})
        # faults: an fsync (or a write) fails with EIO, no cut until the end
        faults = []
        for opname in a.ops:
            tr = self.traces.get(opname) or []
            fs = [e for e in tr if e["op"] == "fsync" and not e.get("dir")]
            if fs and len(faults) < nfaults:
                e = fs[-1]  # the last fsync: where sled closes
                faults.append(self._fault_plan(rng, opname, tr, e, "last fsync"))
        while len(faults) < nfaults:
            opname = rng.choice(a.ops)
            tr = self.traces.get(opname) or []
            kind = "fsync" if rng.random() < (0.7 if a.write_errno == "EIO" else 0.3) else "write"
            cands = [e for e in tr if e["op"] == kind]
            if not cands:
                continue
            faults.append(self._fault_plan(rng, opname, tr, rng.choice(cands), kind))
        return plans, faults

    def _fault_plan(self, rng, opname, tr, e, label):
        fault = {"op": e["op"], "pattern": pattern_of(e["path"])}
        if e["op"] == "write" and self.args.write_errno != "EIO":
            fault["errno"] = self.args.write_errno
        fault["n"] = nth_match(tr, e, fault)
        # lenient (metadata durable at once) where allowed, so that what a
        # fault run finds is the fault's doing, not a missing directory fsync
        mode = "lenient" if "lenient" in self.args.modes else self.args.modes[0]
        return {"op": opname, "mode": mode, "variant": "drop",
                "seed": rng.randrange(1 << 30), "trigger": None,
                "kind": "fault: %s" % label, "fault": fault}


def replay(h, args):
    """Runs again the cuts saved in each file of --replay (a cut.json, or a
    plan of the same keys: op, mode, variant, seed, trigger, kind, fault)."""
    failed = 0
    h.kept = 0
    for path in args.replay:
        with open(path) as f:
            old = json.load(f)
        plan = {k: old[k] for k in ("op", "mode", "variant", "seed", "trigger", "kind")
                if k in old}
        if old.get("fault"):
            plan["fault"] = old["fault"]
        args.keep = max(args.keep, 1)
        res = h.run_cut(plan)
        if len(args.replay) == 1:
            print(json.dumps(res.to_json(), indent=1))
        print("%s: %s%s" % (os.path.basename(path), res.final_outcome(),
                            "" if not res.failures else " - FAIL: " + "; ".join(
                                "%s %s" % (c, t) for c, t in res.failures)))
        failed += bool(res.failures)
    if failed:
        print("kept in %s" % os.path.join(args.results, "failures"))
    else:
        print("no failure (%d replayed)" % len(args.replay))
    return 1 if failed else 0


def preflight(work):
    """Can FUSE be mounted here at all? Say so loudly when it cannot."""
    b, mnt = os.path.join(work, "pf-b"), os.path.join(work, "pf-m")
    os.makedirs(b)
    try:
        with PowerMount(b, mnt, {"mode": "strict"}, os.path.join(work, "pf.sock"),
                        log=os.path.join(work, "pf.log"), ) as m:
            with open(os.path.join(mnt, "probe"), "wb") as f:
                f.write(b"probe")
                f.flush()
                os.fsync(f.fileno())
            m.ctl(cmd="cut", out=os.path.join(work, "pf-out"))
        return None
    except (MountError, OSError) as e:
        return str(e)


def summarise(results, by):
    rows = collections.OrderedDict()
    for r in results:
        key = by(r)
        row = rows.setdefault(key, collections.Counter())
        row["cuts"] += 1
        cats = {c for c, _ in r.failures}
        if not (cats & {"unopenable"}):
            row["opened"] += 1
        for c in cats:
            row[c] += 1
        if r.warnings:
            row["warn"] += 1
    return rows


def signature(text):
    """A failure's message without what changes from cut to cut."""
    t = re.sub(r"/\S*/(cut-\d+|powercut-)\S*", "DIR", text)
    t = re.sub(r"\(\d+\)", "", t)
    t = re.sub(r"[0-9A-Fa-f]{8,}", "*", t)
    t = re.sub(r"\b\d+ (records|of|acknowledgements|lines)", r"N \1", t)
    t = re.sub(r"\b\d+\b", "N", t) if "records" in t else t
    return t[:160]


def signatures(results):
    sig = collections.OrderedDict()
    for r in results:
        for c, t in r.failures:
            key = (c, signature(t))
            e = sig.setdefault(key, [0, collections.Counter()])
            e[0] += 1
            e[1]["%s/%s" % (r.plan["op"], r.plan["mode"])] += 1
    lines = ["failures by message (count, category, message, where)"]
    for (c, t), (n, where) in sorted(sig.items(), key=lambda kv: -kv[1][0]):
        lines.append("%5d  %-10s %s\n%19s[%s]" % (n, c, t, "", ", ".join(
            "%s %d" % kv for kv in sorted(where.items()))))
    return "\n".join(lines)


def table(rows, title):
    cols = ["cuts", "opened", "lost", "half", "unopenable", "panic", "damaged", "hang", "leak",
            "warn"]
    w = max([len(title)] + [len(k) for k in rows]) + 2
    lines = [title.ljust(w) + "".join(c.rjust(11) for c in cols)]
    tot = collections.Counter()
    for k, row in rows.items():
        lines.append(k.ljust(w) + "".join(str(row[c]).rjust(11) for c in cols))
        tot.update(row)
    lines.append("total".ljust(w) + "".join(str(tot[c]).rjust(11) for c in cols))
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cuts", type=int, default=60, help="simulated power cuts (default 60)")
    ap.add_argument("--faults", type=int, default=None,
                    help="fault runs (an fsync or write fails, no cut); default cuts/6")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--ops", default=",".join(OPS))
    ap.add_argument("--modes", default=",".join(MODES))
    ap.add_argument("--variants", default=",".join(VARIANTS))
    ap.add_argument("--write-errno", default="EIO", choices=["EIO", "ENOSPC"],
                    help="what a failing write answers in fault runs (ENOSPC: a full disk)")
    ap.add_argument("--ignore-fsync", action="store_true",
                    help="control run: fsync does nothing, so every cut loses everything")
    ap.add_argument("--bin", default=os.path.join(os.environ.get(
        "CARGO_TARGET_DIR", os.path.join(HERE, "..", "..", "target")), "debug"),
        help="folder of the veerkracht and crash-writer binaries "
             "(default: $CARGO_TARGET_DIR/debug, else target/debug)")
    ap.add_argument("--results", default=os.path.join(HERE, "results"))
    ap.add_argument("--keep", type=int, default=20, help="failing states kept for study")
    ap.add_argument("--timeout", type=int, default=120)
    ap.add_argument("--replay", metavar="CUT_JSON", nargs="+",
                    help="run cuts again: results/failures/*/cut.json files, lines of "
                         "cuts.jsonl saved to files, or regressions/*.json; keeps their "
                         "state in results/replay")
    args = ap.parse_args()
    args.ops = [o for o in args.ops.split(",") if o]
    args.modes = [m for m in args.modes.split(",") if m]
    args.variants = [v for v in args.variants.split(",") if v]
    for o in args.ops:
        if o not in OP_CLASSES:
            ap.error("unknown operation %r (one of %s)" % (o, ", ".join(OPS + OPS_BY_NAME_ONLY)))
    if args.ignore_fsync:
        # the control run: nothing since the mount is durable at any cut
        args.modes, args.variants = ["strict"], ["drop"]
    if args.faults is None:
        args.faults = max(len(args.ops), args.cuts // 6)

    bins = Bins(args.bin)
    if bins.missing():
        print("powercut: ERROR: missing binaries %s (build them: cargo build -p "
              "veerkracht-cli -p veerkracht-store --bins)" % ", ".join(bins.missing()),
              file=sys.stderr)
        return 2
    shm = "/dev/shm" if os.path.isdir("/dev/shm") else None
    work = tempfile.mkdtemp(prefix="powercut-", dir=shm)
    if args.replay:
        args.replay = [os.path.abspath(r) for r in args.replay]
        args.results = os.path.join(args.results, "replay")
    os.makedirs(args.results, exist_ok=True)
    shutil.rmtree(os.path.join(args.results, "failures"), ignore_errors=True)
    try:
        err = preflight(work)
        if err:
            print("\n" + "!" * 72 + "\npowercut: ERROR: FUSE cannot be mounted here, so NOTHING WAS "
                  "TESTED.\n" + err + "\nNeeds /dev/fuse, root (or fusermount), libfuse2 and "
                  "fusepy.\n" + "!" * 72, file=sys.stderr)
            return 2
        t0 = time.monotonic()
        h = Harness(args, bins, work)
        large = "import-large" in args.ops or any(
            "import-large" in open(r).read() for r in (args.replay or []))
        h.T = Templates(bins, os.path.join(work, "templates"), large).build()
        if args.replay:
            return replay(h, args)
        print("powercut: %d cuts + %d fault runs, seed %d, ops %s, modes %s, variants %s%s"
              % (args.cuts, args.faults, args.seed, ",".join(args.ops), ",".join(args.modes),
                 ",".join(args.variants),
                 ", FSYNC IGNORED (control run)" if args.ignore_fsync else ""), flush=True)
        calib, rng = h.plan()
        results = []
        log = open(os.path.join(args.results, "cuts.jsonl"), "w")

        def record(r):
            results.append(r)
            log.write(json.dumps(r.to_json()) + "\n")
            log.flush()
            if r.failures or r.warnings:
                what = "; ".join("%s: %s" % (c, t) for c, t in r.failures) or \
                    "warn: " + "; ".join(r.warnings)
                print("  %-10s %-7s %-6s %-26s %-44s -> %s" % (
                    r.plan["op"], r.plan["mode"], r.plan["variant"], r.plan["kind"][:26],
                    r.extra.get("cut_at", "")[:44], what[:300]), flush=True)

        def execute(plans, trace_first=False):
            with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as ex:
                futs = [ex.submit(h.run_cut, p, trace_first and p.get("calibrate"))
                        for p in plans]
                for f in concurrent.futures.as_completed(futs):
                    record(f.result())

        execute(calib, trace_first=True)
        plans, faults = h.more_plans(rng, max(0, args.cuts - len(calib)), args.faults)
        execute(plans)
        execute(faults)
        log.close()
        with open(os.path.join(args.results, "traces.json"), "w") as f:
            json.dump({k: v[:2000] for k, v in h.traces.items()}, f)

        cut_results = [r for r in results if not r.plan.get("fault")]
        fault_results = [r for r in results if r.plan.get("fault")]
        out = []
        out.append(table(summarise(cut_results, lambda r: r.plan["op"]),
                         "operation (cuts)"))
        out.append(table(summarise(cut_results, lambda r: "%s/%s" % (r.plan["mode"], r.plan["variant"])),
                         "mode/variant"))
        out.append(table(summarise(cut_results, lambda r: "%s %s/%s" % (
            r.plan["op"], r.plan["mode"], r.plan["variant"])), "operation mode/variant"))
        if fault_results:
            out.append(table(summarise(fault_results, lambda r: r.plan["op"]),
                             "operation (faults)"))
        failed = [r for r in results if r.failures]
        if failed:
            out.append(signatures(failed))
        verdict = ("FAIL: %d of %d runs broke a promise" % (len(failed), len(results))
                   if failed else "PASS: %d runs, every promise held" % len(results))
        text = "\n\n".join(out) + "\n\n%s (%.0f s)\n" % (verdict, time.monotonic() - t0)
        print("\n" + text)
        with open(os.path.join(args.results, "summary.txt"), "w") as f:
            f.write(text)
        return 1 if failed else 0
    finally:
        for line in open("/proc/mounts"):
            mp = line.split()[1]
            if mp.startswith(work):
                unmount(mp, lazy=True)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
