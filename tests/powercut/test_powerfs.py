"""Checks of the model itself: what survives a cut in powerfs, per mode and
variant, so that the harness's verdicts rest on a filesystem that is known
to behave as its README says. Run: python test_powerfs.py (needs FUSE)."""

import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fsctl import MountError, PowerMount  # noqa: E402

FAILS = []
CHECKS = []


def check(cond, what):
    CHECKS.append(what)
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        FAILS.append(what)


class Case:
    def __init__(self, base, name, config, setup=None):
        self.dir = os.path.join(base, name)
        self.backing = os.path.join(self.dir, "backing")
        self.out = os.path.join(self.dir, "out")
        os.makedirs(self.backing)
        if setup:
            setup(self.backing)
        config = dict(config, out=self.out)
        self.m = PowerMount(self.backing, os.path.join(self.dir, "mnt"), config,
                            os.path.join(self.dir, "ctl.sock"),
                            log=os.path.join(self.dir, "powerfs.log"))

    def __enter__(self):
        self.m.start()
        return self

    def __exit__(self, *exc):
        self.m.stop()

    def p(self, rel):
        return os.path.join(self.m.mount, rel)

    def cut(self):
        return self.m.ctl(cmd="cut")

    def durable(self, rel):
        path = os.path.join(self.out, rel)
        if not os.path.exists(path):
            return None
        with open(path, "rb") as f:
            return f.read()


def write_file(path, chunks, sync_file=False):
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o644)
    try:
        for c in chunks:
            os.write(fd, c)
        if sync_file:
            os.fsync(fd)
    finally:
        try:
            os.close(fd)
        except OSError:
            pass


def sync_dir(path):
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    os.fsync(fd)
    os.close(fd)


def main():
    base = tempfile.mkdtemp(prefix="powerfs-test-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
    try:
        # strict: file data fsynced but its name never: gone after the cut
        with Case(base, "strict-noname", {"mode": "strict"}) as c:
            write_file(c.p("a"), [b"hello"], sync_file=True)
            c.cut()
        check(c.durable("a") is None, "strict: an fsynced file without a directory fsync is gone")

        with Case(base, "strict-name", {"mode": "strict"}) as c:
            write_file(c.p("a"), [b"hello"], sync_file=True)
            sync_dir(c.m.mount)
            c.cut()
        check(c.durable("a") == b"hello", "strict: file fsync + directory fsync survive")

        with Case(base, "strict-data-unsynced", {"mode": "strict"}) as c:
            write_file(c.p("a"), [b"hello"])
            sync_dir(c.m.mount)
            c.cut()
        check(c.durable("a") == b"", "strict: a name synced without its data is an empty file")

        with Case(base, "lenient-name", {"mode": "lenient"}) as c:
            write_file(c.p("a"), [b"hello"])
            os.mkdir(c.p("d"))
            c.cut()
        check(c.durable("a") == b"" and os.path.isdir(os.path.join(c.out, "d")),
              "lenient: names are durable at once, data is not")

        def pre(b):
            with open(os.path.join(b, "old"), "wb") as f:
                f.write(b"OLD")

        with Case(base, "strict-rename", {"mode": "strict"}, setup=pre) as c:
            write_file(c.p("new.tmp"), [b"NEW"], sync_file=True)
            os.rename(c.p("new.tmp"), c.p("old"))
            c.cut()
        check(c.durable("old") == b"OLD" and c.durable("new.tmp") is None,
              "strict: an unsynced rename leaves the old file")

        with Case(base, "strict-rename-synced", {"mode": "strict"}, setup=pre) as c:
            write_file(c.p("new.tmp"), [b"NEW"], sync_file=True)
            os.rename(c.p("new.tmp"), c.p("old"))
            sync_dir(c.m.mount)
            c.cut()
        check(c.durable("old") == b"NEW", "strict: a synced rename replaces the file")

        with Case(base, "lenient-rename-nodata", {"mode": "lenient"}, setup=pre) as c:
            write_file(c.p("new.tmp"), [b"NEW"])
            os.rename(c.p("new.tmp"), c.p("old"))
            c.cut()
        check(c.durable("old") == b"", "lenient: rename of unsynced data gives an empty file")

        # variants over ten unsynced writes to a durable file
        chunks = [bytes([65 + i]) * 100 for i in range(10)]
        results = {}
        for variant in ("drop", "prefix", "torn"):
            seen = set()
            for seed in range(8):
                with Case(base, "var-%s-%d" % (variant, seed),
                          {"mode": "strict", "variant": variant, "seed": seed},
                          setup=lambda b: open(os.path.join(b, "f"), "wb").close()) as c:
                    write_file(c.p("f"), chunks)
                    c.cut()
                seen.add(c.durable("f"))
            results[variant] = seen
        check(results["drop"] == {b""}, "drop: no unsynced write survives")
        full = b"".join(chunks)
        check(all(full.startswith(s) and len(s) % 100 == 0 for s in results["prefix"])
              and len(results["prefix"]) > 3, "prefix: whole writes, in order, random count")
        check(all(full.startswith(s) and 900 <= len(s) <= 1000 for s in results["torn"])
              and any(len(s) % 100 for s in results["torn"]),
              "torn: all writes but the last, the last cut short")

        # the cut trigger: at the 2nd fsync of a file named b*
        with Case(base, "trigger", {"mode": "lenient",
                                    "kill_caller": False,
                                    "cut": {"op": "fsync", "pattern": "b*", "n": 2}}) as c:
            write_file(c.p("b1"), [b"one"], sync_file=True)
            try:
                write_file(c.p("b2"), [b"two"], sync_file=True)
                raised = False
            except OSError:
                raised = True
            try:
                os.stat(c.p("b1"))
                after = "ok"
            except OSError as e:
                after = e.errno
            st = c.m.ctl(cmd="status")
        check(raised and after == 5 and st["cut"], "trigger: the 2nd fsync on b* cuts; then EIO")
        check(c.durable("b1") == b"one" and c.durable("b2") == b"",
              "trigger: state before the cutting fsync is what remains")

        # a fault: the 1st fsync fails, its writes never reach the disk (Linux)
        with Case(base, "fault", {"mode": "lenient", "fault": {"op": "fsync", "n": 1}}) as c:
            fd = os.open(c.p("f"), os.O_CREAT | os.O_WRONLY, 0o644)
            os.write(fd, b"lost")
            try:
                os.fsync(fd)
                failed = False
            except OSError:
                failed = True
            os.fsync(fd)  # the second succeeds, but the pages were dropped
            os.close(fd)
            with open(c.p("f"), "rb") as f:
                visible = f.read()
            c.cut()
        check(failed and visible == b"lost" and c.durable("f") == b"",
              "fault: a failed fsync loses its pending writes, the cache still shows them")

        # a full disk: the 2nd write fails with ENOSPC, nothing else changes
        with Case(base, "enospc", {"mode": "lenient",
                                   "fault": {"op": "write", "n": 2, "errno": "ENOSPC"}}) as c:
            fd = os.open(c.p("f"), os.O_CREAT | os.O_WRONLY, 0o644)
            os.write(fd, b"one")
            try:
                os.write(fd, b"two")
                code = 0
            except OSError as e:
                code = e.errno
            os.fsync(fd)
            os.close(fd)
            c.cut()
        check(code == 28 and c.durable("f") == b"one", "fault: a write can fail with ENOSPC")

        # ignore_fsync: nothing since the mount survives in strict mode
        with Case(base, "ignore", {"mode": "strict", "ignore_fsync": True}, setup=pre) as c:
            write_file(c.p("old"), [b"XYZ"], sync_file=True)
            write_file(c.p("n"), [b"n"], sync_file=True)
            sync_dir(c.m.mount)
            c.cut()
        check(c.durable("old") == b"OLD" and c.durable("n") is None,
              "ignore_fsync: every cut drops everything since the mount")

        # the caller is killed at a cut
        with Case(base, "kill", {"mode": "strict", "cut": {"op": "write", "n": 3}}) as c:
            p = subprocess.Popen([sys.executable, "-c",
                                  "import os,sys\nf=open(sys.argv[1],'wb',buffering=0)\n"
                                  "[f.write(b'x') for _ in range(100)]\nprint('survived')",
                                  c.p("k")], stdout=subprocess.PIPE)
            out, _ = p.communicate(timeout=20)
        check(p.returncode == -9 and b"survived" not in out, "cut: the writing process is killed")
    except MountError as e:
        print("FUSE cannot be mounted: %s" % e)
        return 3
    finally:
        time.sleep(0.1)
        shutil.rmtree(base, ignore_errors=True)
    print("%d passed, %d failed" % (len(CHECKS) - len(FAILS), len(FAILS)))
    return 1 if FAILS else 0


if __name__ == "__main__":
    sys.exit(main())
