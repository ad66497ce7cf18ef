"""bench_daemon.py - what the bench scripts share about running sa-triage-milter: the
shipped config with only the changes a private run needs, and stopping a process."""
import difflib
import os
import pwd
import re
import shutil
import socket
import subprocess

RCPT = "hojokin@grant.example.lg.jp"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_config(shipped, work, name, ledger_off):
    """The shipped config with only the changes a private run needs (see the module doc)."""
    text = open(shipped, encoding="utf-8").read()
    root = os.geteuid() == 0
    user = "sa-triage"
    try:
        pwd.getpwnam(user)
    except KeyError:
        user = "nobody"
    if not root:
        user = '""'  # not root: nothing to drop to, and no group to give the socket
    state = os.path.join(work, f"state-{name}")
    os.makedirs(state)
    if root:
        shutil.chown(state, user)
    out, block = [], None
    for line in text.splitlines(keepends=True):
        if line[:1] not in (" ", "\t", "#", "\n", ""):
            block = line.split(":", 1)[0]
        key = line.strip().split(":", 1)[0]
        if block == "milter" and key == "user":
            line = re.sub(r"user:\s*\S+", f"user: {user}", line)
        elif block == "milter" and key == "socket_group" and not root:
            line = re.sub(r"socket_group:\s*\S+", 'socket_group: ""', line)
        elif block == "scope" and key == "recipients":
            line = re.sub(r"recipients:\s*\[\]", f"recipients: [{RCPT}]", line)
        elif block == "ledger" and key == "path":
            line = re.sub(r"path:\s*\S+", f"path: {state}/ledger.sqlite", line)
        elif block == "ledger" and key == "backend" and ledger_off:
            line = re.sub(r"backend:\s*\S+", "backend: none", line)
        elif block == "metrics" and key == "listen" and re.search(r"listen:\s*\S", line):
            line = re.sub(r"listen:\s*\S+", f"listen: 127.0.0.1:{free_port()}", line)
        out.append(line)
    path = os.path.join(work, f"{name}.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(out)
    diff = [d.rstrip("\n") for d in difflib.unified_diff(
        text.splitlines(keepends=True), out, "config/sa-triage.yaml", f"{name}.yaml", n=0)]
    return path, [d for d in diff if not d.startswith(("---", "+++"))]


def stop_process(proc):
    """SIGTERM, then SIGKILL after 20 s."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
