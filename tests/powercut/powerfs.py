#!/usr/bin/env python3
"""powerfs: a pass-through FUSE filesystem that models what a power cut keeps.

Everything a process does through the mount happens on a backing directory
(the *visible* state: what a running program sees, i.e. the page cache).
Beside it powerfs keeps a model of the *durable* state, what the disk would
hold if the power went out now:

* file data: a write is volatile until an fsync/fdatasync of that file;
  the pending writes (and truncates) of each file are kept in order;
* metadata (create, mknod, mkdir, rename, unlink, rmdir, link, symlink):
  in "strict" mode (POSIX as written) a directory's entries become durable
  only at an fsync of that directory; in "lenient" mode each metadata
  operation is durable at once, in order (roughly ext4 data=ordered, minus
  its auto_da_alloc heuristics);
* truncate/ftruncate is part of the file's own stream: durable at an fsync
  of the file (POSIX fsync covers the inode's size), at once in lenient mode;
* sync_file_range never reaches FUSE and is not a durability promise, so it
  makes nothing durable (as on a real disk with a volatile cache).

A CUT (power loss) is triggered after N counted operations, or at the n-th
operation of a kind on a path matching a glob, or on request over the
control socket. At the cut powerfs kills the calling process (SIGKILL: a
program does not outlive its power), answers EIO to every later
operation, and materialises the durable state into a fresh directory,
according to the cut variant:

* drop   - every unsynced write is lost;
* prefix - each file keeps a random prefix (in order) of its unsynced writes;
* torn   - each file keeps all its unsynced writes but the last, of which a
           random prefix of bytes survives (the write in flight at the cut
           counts as its file's last write).

A FAULT makes the n-th matching operation fail with EIO (or the errno the
fault names, e.g. ENOSPC for a full disk) without cutting.
A failed fsync follows Linux: the file's dirty pages are marked clean, so
its pending writes never reach the disk (they stay visible in the cache).

With ignore_fsync (the harness's control run), fsync and fdatasync are
no-ops, so a cut in strict mode loses everything done since the mount.

Control socket: one JSON object per line in, one per line out.
  {"cmd": "ping"}                 -> {"ok": true, "mounted": bool}
  {"cmd": "status"}               -> counters, cut info, faults injected
  {"cmd": "cut", "out": DIR}      -> cut now (if not cut yet), materialise
  {"cmd": "sync"}                 -> make everything durable (a checkpoint)
  {"cmd": "arm", "config": {...}} -> replace triggers, reset counters
  {"cmd": "trace", "path": FILE}  -> write the trace of counted operations

Usage: powerfs.py --backing DIR --mount DIR --control SOCK [--config JSON]
"""

import argparse
import errno
import fnmatch
import json
import os
import random
import signal
import socket
import stat
import sys
import threading

import fuse as fusepy
from fuse import FUSE, FuseOSError, Operations, fuse_get_context

COUNTED = {"write", "fsync", "create", "mkdir", "rename", "unlink", "rmdir",
           "truncate", "symlink", "link"}


class Inode:
    __slots__ = ("ino", "kind", "mode", "durable", "pending", "ventries",
                 "dentries", "target")

    def __init__(self, ino, kind, mode):
        self.ino = ino
        self.kind = kind          # 'f', 'd' or 'l'
        self.mode = mode
        self.durable = bytearray() if kind == "f" else None
        self.pending = []         # ('w', offset, bytes) | ('t', length)
        self.ventries = {} if kind == "d" else None   # visible name -> ino
        self.dentries = {} if kind == "d" else None   # durable name -> ino
        self.target = None        # symlink target


def apply_op(buf, op):
    if op[0] == "w":
        _, off, data = op
        end = off + len(data)
        if off > len(buf):
            buf.extend(b"\0" * (off - len(buf)))
        buf[off:end] = data
    else:
        _, length = op
        if length < len(buf):
            del buf[length:]
        else:
            buf.extend(b"\0" * (length - len(buf)))


def glob_match(pattern, rel):
    if pattern in (None, "", "*"):
        return True
    base = rel.rsplit("/", 1)[-1]
    return (fnmatch.fnmatchcase(rel, pattern) or fnmatch.fnmatchcase(base, pattern)
            or fnmatch.fnmatchcase(rel, "*/" + pattern))


class Trigger:
    """{"op": kind|"any", "pattern": glob, "n": k, "when": "before"|"after"}
    or {"after_ops": N}. Matches the n-th counted operation that fits."""

    def __init__(self, spec):
        self.spec = spec or {}
        self.seen = 0

    def matches(self, entry):
        s = self.spec
        if not s:
            return False
        if "after_ops" in s:
            return entry["seq"] == int(s["after_ops"])
        kind = s.get("op", "any")
        if kind not in ("any", entry["op"]):
            if not (kind == "fsyncdir" and entry["op"] == "fsync" and entry.get("dir")):
                return False
        if kind == "fsyncdir" and not entry.get("dir"):
            return False
        pat = s.get("pattern")
        if not (glob_match(pat, entry["path"]) or
                (entry.get("path2") is not None and glob_match(pat, entry["path2"]))):
            return False
        self.seen += 1
        return self.seen == int(s.get("n", 1))

    @property
    def when(self):
        return self.spec.get("when", "before")


class PowerFS(Operations):
    use_ns = True
    ioctl = None
    lock = None
    bmap = None
    getxattr = None
    listxattr = None
    setxattr = None
    removexattr = None

    def __init__(self, backing, config):
        self.root = os.path.realpath(backing)
        self.lock_ = threading.RLock()
        self.mounted = False
        self.inodes = {}
        self.next_ino = 1
        self.handles = {}        # fh -> [fd or None, ino]
        self.next_fh = 1
        root = self._new_inode("d", 0o755)
        self.root_ino = root.ino
        self._scan("", root)
        self._configure(config or {})

    # ----- set-up ---------------------------------------------------------
    def _configure(self, config):
        self.config = config
        self.strict = config.get("mode", "strict") == "strict"
        self.ignore_fsync = bool(config.get("ignore_fsync", False))
        self.variant = config.get("variant", "drop")
        self.rng = random.Random(config.get("seed", 0))
        self.cut_trigger = Trigger(config.get("cut"))
        self.fault_trigger = Trigger(config.get("fault"))
        self.fault_count = int((config.get("fault") or {}).get("count", 1))
        self.fault_errno = getattr(errno, (config.get("fault") or {}).get("errno", "EIO"))
        self.fsync_error_drops = config.get("fsync_error", "drop") == "drop"
        self.kill_caller = config.get("kill_caller", True)
        self.out = config.get("out")
        self.seq = 0
        self.trace = []
        self.cut = False
        self.cut_info = None
        self.inflight = None
        self.faults = []
        self.faulting = 0

    def _new_inode(self, kind, mode):
        node = Inode(self.next_ino, kind, mode)
        self.inodes[node.ino] = node
        self.next_ino += 1
        return node

    def _scan(self, rel, dnode):
        """Everything in the backing folder at mount time is durable."""
        full = self._full(rel)
        for name in sorted(os.listdir(full)):
            crel = name if not rel else rel + "/" + name
            st = os.lstat(self._full(crel))
            if stat.S_ISDIR(st.st_mode):
                node = self._new_inode("d", stat.S_IMODE(st.st_mode))
                self._scan(crel, node)
            elif stat.S_ISLNK(st.st_mode):
                node = self._new_inode("l", 0o777)
                node.target = os.readlink(self._full(crel))
            else:
                node = self._new_inode("f", stat.S_IMODE(st.st_mode))
                with open(self._full(crel), "rb") as f:
                    node.durable = bytearray(f.read())
            dnode.ventries[name] = node.ino
            dnode.dentries[name] = node.ino

    # ----- paths and inodes -----------------------------------------------
    def _full(self, rel):
        return os.path.join(self.root, rel) if rel else self.root

    @staticmethod
    def _rel(path):
        return path.lstrip("/")

    def _resolve(self, rel):
        node = self.inodes[self.root_ino]
        if not rel:
            return node
        for part in rel.split("/"):
            if node.kind != "d" or part not in node.ventries:
                return None
            node = self.inodes[node.ventries[part]]
        return node

    def _parent(self, rel):
        if "/" in rel:
            prel, name = rel.rsplit("/", 1)
        else:
            prel, name = "", rel
        return self._resolve(prel), name

    def _meta_set(self, dnode, name, ino):
        dnode.ventries[name] = ino
        if not self.strict:
            dnode.dentries[name] = ino

    def _meta_del(self, dnode, name):
        dnode.ventries.pop(name, None)
        if not self.strict:
            dnode.dentries.pop(name, None)

    # ----- counting, faults and cuts -------------------------------------
    def _begin(self, op, rel, rel2=None, isdir=False, ino=None, write=None):
        """Called at the start of every counted operation. Raises EIO after
        a cut, on an injected fault, or when this operation is the cut."""
        if self.cut:
            raise FuseOSError(errno.EIO)
        self.seq += 1
        entry = {"seq": self.seq, "op": op, "path": rel}
        if rel2 is not None:
            entry["path2"] = rel2
        if isdir:
            entry["dir"] = True
        if write is not None:
            entry["offset"] = write[0]
            entry["size"] = len(write[1])
        if self.config.get("trace", True):
            self.trace.append(entry)
        if self.faulting == 0 and self.fault_trigger.matches(entry):
            self.faulting = self.fault_count
        if self.faulting > 0:
            self.faulting -= 1
            self.faults.append(dict(entry))
            if op == "fsync" and not isdir and ino is not None and self.fsync_error_drops:
                # Linux: after a writeback error the pages are marked clean;
                # what was pending never reaches the disk.
                self.inodes[ino].pending = []
            raise FuseOSError(self.fault_errno)
        if self.cut_trigger.matches(entry):
            if self.cut_trigger.when == "after":
                return entry, True
            if op == "write" and ino is not None:
                self.inflight = (ino, ("w", write[0], bytes(write[1])))
            self._do_cut(entry, "before")
            raise FuseOSError(errno.EIO)
        return entry, False

    def _end(self, entry_after):
        entry, after = entry_after
        if after:
            self._do_cut(entry, "after")
            raise FuseOSError(errno.EIO)

    def _kill_caller(self):
        if not self.kill_caller:
            return
        try:
            _, _, pid = fuse_get_context()
        except Exception:
            return
        if pid and pid > 1 and pid != os.getpid():
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass

    def _do_cut(self, entry, when, out=None):
        self.cut = True
        self.cut_info = {"seq": self.seq, "when": when, "entry": entry,
                         "variant": self.variant,
                         "mode": "strict" if self.strict else "lenient"}
        if entry is not None:
            self._kill_caller()
        out = out or self.out
        if out:
            self.cut_info["out"] = out
            self.cut_info["files"] = self._materialise(out)

    # ----- the durable state ---------------------------------------------
    def _content(self, node):
        buf = bytearray(node.durable)
        pending = list(node.pending)
        if self.inflight and self.inflight[0] == node.ino:
            pending.append(self.inflight[1])
        if not pending or self.variant == "drop":
            return bytes(buf)
        if self.variant == "prefix":
            k = self.rng.randint(0, len(pending))
            for op in pending[:k]:
                apply_op(buf, op)
        elif self.variant == "torn":
            for op in pending[:-1]:
                apply_op(buf, op)
            last = pending[-1]
            if last[0] == "w":
                keep = self.rng.randint(0, len(last[2]))
                if keep:
                    apply_op(buf, ("w", last[1], last[2][:keep]))
            elif self.rng.random() < 0.5:
                apply_op(buf, last)
        else:
            raise ValueError("unknown variant %r" % self.variant)
        return bytes(buf)

    def _materialise(self, out):
        os.makedirs(out, exist_ok=True)
        written = {}
        contents = {}
        count = 0

        def emit(ino, path, depth):
            nonlocal count
            node = self.inodes[ino]
            if node.kind == "d":
                if depth > 64 or ino in written:
                    return
                written[ino] = path
                if depth:
                    os.mkdir(path, node.mode or 0o755)
                for name in sorted(node.dentries):
                    emit(node.dentries[name], os.path.join(path, name), depth + 1)
            elif node.kind == "l":
                os.symlink(node.target, path)
            else:
                if ino in written:
                    os.link(written[ino], path)
                    return
                if ino not in contents:
                    contents[ino] = self._content(node)
                with open(path, "wb") as f:
                    f.write(contents[ino])
                os.chmod(path, node.mode or 0o644)
                written[ino] = path
                count += 1

        emit(self.root_ino, out, 0)
        return count

    def _sync_all(self):
        for node in self.inodes.values():
            if node.kind == "f":
                for op in node.pending:
                    apply_op(node.durable, op)
                node.pending = []
            elif node.kind == "d":
                node.dentries = dict(node.ventries)

    # ----- control socket --------------------------------------------------
    def control(self, req):
        cmd = req.get("cmd")
        with self.lock_:
            if cmd == "ping":
                return {"ok": True, "mounted": self.mounted}
            if cmd == "status":
                return {"ok": True, "seq": self.seq, "cut": self.cut,
                        "cut_info": self.cut_info, "faults": self.faults,
                        "mounted": self.mounted}
            if cmd == "cut":
                if not self.cut:
                    self._do_cut(None, "request", req.get("out"))
                elif req.get("out") and self.cut_info.get("out") != req.get("out"):
                    self.cut_info["files"] = self._materialise(req["out"])
                return {"ok": True, "cut_info": self.cut_info}
            if cmd == "sync":
                self._sync_all()
                return {"ok": True}
            if cmd == "arm":
                self._configure(req.get("config") or {})
                return {"ok": True}
            if cmd == "trace":
                with open(req["path"], "w") as f:
                    for e in self.trace:
                        f.write(json.dumps(e) + "\n")
                return {"ok": True, "count": len(self.trace)}
        return {"ok": False, "error": "unknown command %r" % cmd}

    # ----- FUSE operations -----------------------------------------------
    def init(self, path):
        self.mounted = True

    def destroy(self, path):
        self.mounted = False

    def _handle(self, fh):
        try:
            return self.handles[fh]
        except KeyError:
            raise FuseOSError(errno.EBADF)

    def getattr(self, path, fh=None):
        with self.lock_:
            if self.cut and path not in ("/", ""):
                # (the root still answers, so that fusermount can unmount)
                raise FuseOSError(errno.EIO)
            if fh is not None and fh in self.handles and self.handles[fh][0] is not None:
                st = os.fstat(self.handles[fh][0])
            else:
                if path is None:
                    raise FuseOSError(errno.EBADF)
                st = os.lstat(self._full(self._rel(path)))
            return {"st_mode": st.st_mode, "st_nlink": st.st_nlink,
                    "st_uid": st.st_uid, "st_gid": st.st_gid,
                    "st_size": st.st_size, "st_blocks": st.st_blocks,
                    "st_atime": st.st_atime_ns, "st_mtime": st.st_mtime_ns,
                    "st_ctime": st.st_ctime_ns}

    def access(self, path, amode):
        with self.lock_:
            if self.cut:
                raise FuseOSError(errno.EIO)
            if not os.access(self._full(self._rel(path)), amode):
                raise FuseOSError(errno.EACCES)
            return 0

    def statfs(self, path):
        st = os.statvfs(self.root)
        return {k: getattr(st, k) for k in (
            "f_bavail", "f_bfree", "f_blocks", "f_bsize", "f_favail",
            "f_ffree", "f_files", "f_flag", "f_frsize", "f_namemax")}

    def readlink(self, path):
        with self.lock_:
            if self.cut:
                raise FuseOSError(errno.EIO)
            return os.readlink(self._full(self._rel(path)))

    def opendir(self, path):
        with self.lock_:
            if self.cut:
                raise FuseOSError(errno.EIO)
            rel = self._rel(path)
            node = self._resolve(rel)
            if node is None:
                raise FuseOSError(errno.ENOENT)
            fh = self.next_fh
            self.next_fh += 1
            self.handles[fh] = [None, node.ino, rel]
            return fh

    def releasedir(self, path, fh):
        with self.lock_:
            self.handles.pop(fh, None)
            return 0

    def readdir(self, path, fh):
        with self.lock_:
            if self.cut:
                raise FuseOSError(errno.EIO)
            return [".", ".."] + sorted(os.listdir(self._full(self._rel(path))))

    def open(self, path, flags):
        with self.lock_:
            if self.cut:
                raise FuseOSError(errno.EIO)
            rel = self._rel(path)
            node = self._resolve(rel)
            if node is None:
                raise FuseOSError(errno.ENOENT)
            if flags & os.O_TRUNC and node.kind == "f":
                entry = self._begin("truncate", rel, ino=node.ino)
                self._truncate_node(node, rel, 0, None)
                self._end(entry)
            oflags = flags & ~(os.O_CREAT | os.O_EXCL | os.O_TRUNC | os.O_APPEND)
            fd = os.open(self._full(rel), oflags)
            fh = self.next_fh
            self.next_fh += 1
            self.handles[fh] = [fd, node.ino, rel]
            return fh

    def create(self, path, mode, fi=None):
        with self.lock_:
            rel = self._rel(path)
            parent, name = self._parent(rel)
            if parent is None:
                raise FuseOSError(errno.ENOENT)
            entry = self._begin("create", rel)
            fd = os.open(self._full(rel), os.O_RDWR | os.O_CREAT, mode)
            existing = parent.ventries.get(name)
            if existing is not None:
                node = self.inodes[existing]
            else:
                node = self._new_inode("f", stat.S_IMODE(mode))
                self._meta_set(parent, name, node.ino)
            fh = self.next_fh
            self.next_fh += 1
            self.handles[fh] = [fd, node.ino, rel]
            self._end(entry)
            return fh

    def mknod(self, path, mode, dev):
        if not stat.S_ISREG(mode):
            raise FuseOSError(errno.EPERM)
        fh = self.create(path, stat.S_IMODE(mode))
        self.release(path, fh)
        return 0

    def read(self, path, size, offset, fh):
        with self.lock_:
            if self.cut:
                raise FuseOSError(errno.EIO)
            return os.pread(self._handle(fh)[0], size, offset)

    def write(self, path, data, offset, fh):
        with self.lock_:
            fd, ino, rel = self._handle(fh)
            entry = self._begin("write", rel, ino=ino, write=(offset, data))
            n = os.pwrite(fd, data, offset)
            self.inodes[ino].pending.append(("w", offset, bytes(data[:n])))
            self._end(entry)
            return n

    def _truncate_node(self, node, rel, length, fd):
        if fd is not None:
            os.ftruncate(fd, length)
        else:
            os.truncate(self._full(rel), length)
        node.pending.append(("t", length))
        if not self.strict:
            apply_op(node.durable, ("t", length))

    def truncate(self, path, length, fh=None):
        with self.lock_:
            if fh is not None and fh in self.handles:
                fd, ino, rel = self.handles[fh]
                node = self.inodes[ino]
            else:
                rel = self._rel(path)
                node = self._resolve(rel)
                fd = None
                if node is None:
                    if self.cut:
                        raise FuseOSError(errno.EIO)
                    raise FuseOSError(errno.ENOENT)
            entry = self._begin("truncate", rel, ino=node.ino)
            self._truncate_node(node, rel, length, fd)
            self._end(entry)
            return 0

    def fsync(self, path, datasync, fh):
        with self.lock_:
            fd, ino, rel = self._handle(fh)
            entry = self._begin("fsync", rel, ino=ino)
            if not self.ignore_fsync:
                os.fsync(fd)  # keep the backing honest; tmpfs makes it free
                node = self.inodes[ino]
                for op in node.pending:
                    apply_op(node.durable, op)
                node.pending = []
            self._end(entry)
            return 0

    def fsyncdir(self, path, datasync, fh):
        with self.lock_:
            _, ino, rel = self._handle(fh)
            entry = self._begin("fsync", rel, isdir=True, ino=ino)
            if not self.ignore_fsync:
                node = self.inodes[ino]
                node.dentries = dict(node.ventries)
            self._end(entry)
            return 0

    def flush(self, path, fh):
        return 0

    def release(self, path, fh):
        with self.lock_:
            h = self.handles.pop(fh, None)
            if h and h[0] is not None:
                os.close(h[0])
            return 0

    def mkdir(self, path, mode):
        with self.lock_:
            rel = self._rel(path)
            parent, name = self._parent(rel)
            if parent is None:
                raise FuseOSError(errno.ENOENT)
            entry = self._begin("mkdir", rel, isdir=True)
            os.mkdir(self._full(rel), mode)
            node = self._new_inode("d", stat.S_IMODE(mode))
            self._meta_set(parent, name, node.ino)
            self._end(entry)
            return 0

    def unlink(self, path):
        with self.lock_:
            rel = self._rel(path)
            parent, name = self._parent(rel)
            entry = self._begin("unlink", rel)
            os.unlink(self._full(rel))
            self._meta_del(parent, name)
            self._end(entry)
            return 0

    def rmdir(self, path):
        with self.lock_:
            rel = self._rel(path)
            parent, name = self._parent(rel)
            entry = self._begin("rmdir", rel, isdir=True)
            os.rmdir(self._full(rel))
            self._meta_del(parent, name)
            self._end(entry)
            return 0

    def rename(self, old, new):
        with self.lock_:
            orel, nrel = self._rel(old), self._rel(new)
            op_, oname = self._parent(orel)
            np_, nname = self._parent(nrel)
            node = self._resolve(orel)
            entry = self._begin("rename", orel, nrel,
                                isdir=bool(node and node.kind == "d"))
            os.rename(self._full(orel), self._full(nrel))
            ino = op_.ventries[oname]
            self._meta_del(op_, oname)
            self._meta_set(np_, nname, ino)
            self._end(entry)
            return 0

    def link(self, target, source):
        with self.lock_:
            trel, srel = self._rel(target), self._rel(source)
            parent, name = self._parent(trel)
            node = self._resolve(srel)
            entry = self._begin("link", trel, srel)
            os.link(self._full(srel), self._full(trel))
            self._meta_set(parent, name, node.ino)
            self._end(entry)
            return 0

    def symlink(self, target, source):
        with self.lock_:
            trel = self._rel(target)
            parent, name = self._parent(trel)
            entry = self._begin("symlink", trel)
            os.symlink(source, self._full(trel))
            node = self._new_inode("l", 0o777)
            node.target = source
            self._meta_set(parent, name, node.ino)
            self._end(entry)
            return 0

    def chmod(self, path, mode):
        with self.lock_:
            if self.cut:
                raise FuseOSError(errno.EIO)
            rel = self._rel(path)
            os.chmod(self._full(rel), mode)
            node = self._resolve(rel)
            if node is not None:
                node.mode = stat.S_IMODE(mode)
            return 0

    def chown(self, path, uid, gid):
        with self.lock_:
            if self.cut:
                raise FuseOSError(errno.EIO)
            os.lchown(self._full(self._rel(path)), uid, gid)
            return 0

    def utimens(self, path, times=None):
        with self.lock_:
            if self.cut:
                raise FuseOSError(errno.EIO)
            rel = self._rel(path)
            if times is None:
                os.utime(self._full(rel), follow_symlinks=False)
            else:
                os.utime(self._full(rel), ns=times, follow_symlinks=False)
            return 0


def serve_control(fs, sock_path):
    try:
        os.unlink(sock_path)
    except FileNotFoundError:
        pass
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(sock_path)
    srv.listen(8)

    def client(conn):
        with conn, conn.makefile("rw") as f:
            for line in f:
                try:
                    resp = fs.control(json.loads(line))
                except Exception as e:  # report, keep serving
                    resp = {"ok": False, "error": "%s: %s" % (type(e).__name__, e)}
                f.write(json.dumps(resp) + "\n")
                f.flush()

    def loop():
        while True:
            conn, _ = srv.accept()
            threading.Thread(target=client, args=(conn,), daemon=True).start()

    threading.Thread(target=loop, daemon=True).start()


def _allow_null_paths():
    """Let operations on open-but-unlinked files through (with hard_remove):
    fusepy has no switch for libfuse's flag_nullpath_ok, so set it on the
    operations table just before fuse_main_real sees it."""
    lib = fusepy._libfuse
    real = lib.fuse_main_real

    def patched(argc, argv, ops_ptr, size, user):
        ops_ptr.contents.flag_nullpath_ok = 1
        return real(argc, argv, ops_ptr, size, user)

    lib.fuse_main_real = patched


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--backing", required=True)
    ap.add_argument("--mount", required=True)
    ap.add_argument("--control", required=True)
    ap.add_argument("--config", default="{}",
                    help="JSON object, or @FILE holding one")
    args = ap.parse_args()
    cfg = args.config
    if cfg.startswith("@"):
        with open(cfg[1:]) as f:
            cfg = f.read()
    fs = PowerFS(args.backing, json.loads(cfg))
    serve_control(fs, args.control)
    _allow_null_paths()
    FUSE(fs, args.mount, foreground=True, nothreads=True, hard_remove=True,
         big_writes=True, max_write=1048576,
         fsname="powerfs", subtype="powerfs", attr_timeout=0, entry_timeout=0,
         negative_timeout=0)


if __name__ == "__main__":
    main()
