"""Start, steer and stop one powerfs mount (see powerfs.py)."""

import json
import os
import socket
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


class MountError(RuntimeError):
    pass


def unmount(path, lazy=False):
    """fusermount (libfuse 2 or 3's), else umount as root."""
    tries = [[t, "-u"] + (["-z"] if lazy else []) for t in ("fusermount", "fusermount3")]
    tries.append(["umount"] + (["-l"] if lazy else []))
    for cmd in tries:
        try:
            if subprocess.run(cmd + [path], capture_output=True).returncode == 0:
                return True
        except FileNotFoundError:
            continue
    return False


class PowerMount:
    def __init__(self, backing, mount, config, sock, log=None, python=None):
        self.backing = backing
        self.mount = mount
        self.config = config
        self.sock = sock
        self.log = log
        self.python = python or sys.executable
        self.proc = None

    def start(self, timeout=15.0):
        os.makedirs(self.mount, exist_ok=True)
        logf = open(self.log, "ab") if self.log else subprocess.DEVNULL
        self.proc = subprocess.Popen(
            [self.python, os.path.join(HERE, "powerfs.py"), "--backing", self.backing,
             "--mount", self.mount, "--control", self.sock,
             "--config", json.dumps(self.config)],
            stdin=subprocess.DEVNULL, stdout=logf, stderr=logf)
        if logf is not subprocess.DEVNULL:
            logf.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise MountError("powerfs exited with %s before mounting%s" % (
                    self.proc.returncode, self._log_tail()))
            if os.path.ismount(self.mount):
                try:
                    if self.ctl(cmd="ping").get("mounted"):
                        return self
                except OSError:
                    pass
            time.sleep(0.02)
        self.stop()
        raise MountError("powerfs did not mount %s within %.0f s%s" % (
            self.mount, timeout, self._log_tail()))

    def _log_tail(self):
        if not self.log or not os.path.exists(self.log):
            return ""
        with open(self.log, "rb") as f:
            tail = f.read()[-1500:].decode("utf-8", "replace")
        return "\n--- powerfs log ---\n" + tail if tail.strip() else ""

    def ctl(self, **req):
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(120)
            s.connect(self.sock)
            s.sendall((json.dumps(req) + "\n").encode())
            buf = b""
            while not buf.endswith(b"\n"):
                chunk = s.recv(65536)
                if not chunk:
                    break
                buf += chunk
        resp = json.loads(buf.decode())
        if not resp.get("ok"):
            raise MountError("powerfs control %s: %s" % (req.get("cmd"), resp.get("error")))
        return resp

    def stop(self):
        if self.proc is None:
            return
        if os.path.ismount(self.mount) and not unmount(self.mount):
            # busy (a killed program's files may still be closing): detach it now,
            # the kernel finishes the unmount when the last file is closed
            unmount(self.mount, lazy=True)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            if os.path.ismount(self.mount):
                unmount(self.mount, lazy=True)
        self.proc = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
