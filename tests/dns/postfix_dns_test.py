#!/usr/bin/env python3
"""DKIM over DNS end to end: a private Postfix, sa-triage-milter and a real nsd on loopback.

Needs root (the private Postfix instance of tests/postfix/postfix_instance.sh); exits 77
(skipped) otherwise. Keys are not in a key file: nsd (tests/dns/nsd_server.sh) serves the
test keys, dkim.nameservers points at it.
1. The signed e2e fixtures sent over SMTP arrive in the Maildir `verified`, dkim=pass.
2. The config is reloaded (SIGHUP) with dkim.nameservers = a black hole that reads queries
   and never answers: 20 signed notices sent by 10 concurrent SMTP clients are all accepted,
   each DATA answered within 3 x dns_timeout_ms, and all arrive `consistent` with
   X-SA-Triage-Auth: dkim=temperror.
"""
import argparse
import concurrent.futures
import os
import re
import signal
import smtplib
import socket
import subprocess
import sys
import tempfile
import threading
import time

SKIP = 77
GRANT = "hojokin@grant.example.lg.jp"
TIMEOUT_MS = 500  # against the black hole
ANSWER_TIMEOUT_MS = 3000  # while nsd answers: room for a loaded machine
SIGNED = ["attached-signed.eml", "nested-signed.eml", "direct-signed.eml", "redirect-signed.eml"]


def log(text):
    print(f"postfix-dns: {text}", flush=True)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class BlackHole:
    """A UDP socket on 127.0.0.1 that reads every datagram and never answers."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.queries = 0
        self.stopping = False
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while not self.stopping:
            try:
                self.sock.recv(4096)
                self.queries += 1
            except socket.timeout:
                pass

    def stop(self):
        self.stopping = True
        self.thread.join()
        self.sock.close()


def config_text(base_path, sock, nameserver, timeout_ms):
    """The repository config with the test's milter, scope, no routing, ledger or metrics,
    and DKIM keys from `nameserver`. Top-level blocks are cut by indentation."""
    replaced = ("milter", "scope", "routing", "ledger", "metrics", "dkim")
    kept, skipping = [], False
    with open(base_path, encoding="utf-8") as f:
        for line in f:
            if line[:1] not in (" ", "\t", "#", "\n", ""):
                skipping = line.split(":", 1)[0] in replaced
            if not skipping:
                kept.append(line)
    return "".join(kept) + f"""
milter:
  socket: unix:{sock}
  socket_mode: "0660"
  socket_group: postfix
  user: nobody
  on_error: accept
  timeout_ms: 10000
  log: stderr
scope:
  recipients: [{GRANT}]
routing: []
ledger:
  backend: none
metrics:
  listen: ""
dkim:
  key_file: ""
  dns_timeout_ms: {timeout_ms}
  nameservers: ["{nameserver}"]
"""


def send(port, data):
    """One SMTP transaction; returns (DATA reply code, seconds from DATA to its reply)."""
    with smtplib.SMTP("127.0.0.1", port, timeout=30) as smtp:
        smtp.ehlo("dns.sa-triage.test")
        smtp.mail("applicant@example.co.jp", ["BODY=8BITMIME"])
        smtp.rcpt(GRANT)
        start = time.monotonic()
        code, _ = smtp.data(data)
        return code, time.monotonic() - start


def triage(raw, name):
    m = re.search(rb"^X-SA-Triage-" + name.encode() + rb": ?(.*(?:\n[ \t].*)*)", raw,
                  re.MULTILINE | re.IGNORECASE)
    return m.group(1).decode(errors="replace").replace("\n", "").strip() if m else None


def delivered(maildir):
    out = []
    for root, _, files in os.walk(maildir):
        if os.path.basename(root) == "new":
            for name in files:
                with open(os.path.join(root, name), "rb") as f:
                    out.append(f.read())
    return out


def wait_for(predicate, seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--milter", required=True)
    ap.add_argument("--config", required=True)
    ap.add_argument("--fixtures", required=True, help="tests/auth/fixtures/e2e")
    ap.add_argument("--instance", required=True, help="tests/postfix/postfix_instance.sh")
    ap.add_argument("--nsd", required=True, help="tests/dns/nsd_server.sh")
    args = ap.parse_args()
    if os.geteuid() != 0:
        log("skipped: needs root (a private Postfix instance)")
        return SKIP

    failures = []

    def check(ok, what, detail=""):
        log(("ok   " if ok else "FAIL ") + what + ("" if ok else f": {detail}"))
        if not ok:
            failures.append(what)
        return ok

    tmp = tempfile.mkdtemp(prefix="sa-dns-e2e-")
    os.chmod(tmp, 0o755)
    pf, sock, cfg = os.path.join(tmp, "postfix"), os.path.join(tmp, "milter.sock"), \
        os.path.join(tmp, "sa-triage.yaml")
    nsd_dir = os.path.join(tmp, "nsd")
    milter = postfix = nsd = None
    hole = BlackHole()
    signal.signal(signal.SIGALRM, lambda *_: sys.exit("postfix-dns: timed out"))
    signal.alarm(170)
    try:
        subprocess.run([args.nsd, "start", nsd_dir, "60"], check=True, timeout=60)
        nsd = True
        with open(os.path.join(nsd_dir, "port")) as f:
            nsd_port = int(f.read())
        with open(cfg, "w", encoding="utf-8") as f:
            f.write(config_text(args.config, sock, f"127.0.0.1:{nsd_port}", ANSWER_TIMEOUT_MS))
        os.chmod(cfg, 0o644)
        milter_log = open(os.path.join(tmp, "milter.log"), "wb")
        milter = subprocess.Popen([args.milter, "--config", cfg], stdout=milter_log,
                                  stderr=subprocess.STDOUT)
        if not check(wait_for(lambda: os.path.exists(sock), 15), "milter listens"):
            return 1
        port = free_port()
        postfix = subprocess.run([args.instance, "start", pf, str(port), f"unix:{sock}",
                                  "tempfail"], timeout=60).returncode == 0
        if not check(postfix, "private Postfix starts"):
            return 1
        maildir = os.path.join(pf, "maildir", "grant.example.lg.jp", "hojokin")

        # 1. nsd answers: verified.
        for name in SIGNED:
            with open(os.path.join(args.fixtures, name), "rb") as f:
                code, _ = send(port, f.read())
            check(code == 250, f"{name}: accepted", str(code))
        subprocess.run([args.instance, "flush", pf, "60"], timeout=90)
        got = delivered(maildir)
        check(len(got) == len(SIGNED), "every signed fixture delivered", str(len(got)))
        for raw in got:
            check(triage(raw, "Verdict") == "verified", "delivered verified over DNS",
                  f"{triage(raw, 'Verdict')} {triage(raw, 'Auth')}")
            check((triage(raw, "Auth") or "").startswith("dkim=pass header.d=ipa.go.jp"),
                  "X-SA-Triage-Auth: dkim=pass", triage(raw, "Auth"))

        # 2. The black hole: reload the milter with it.
        with open(cfg, "w", encoding="utf-8") as f:
            f.write(config_text(args.config, sock, f"127.0.0.1:{hole.port}", TIMEOUT_MS))
        milter.send_signal(signal.SIGHUP)
        check(wait_for(lambda: b"reloaded config" in open(milter_log.name, "rb").read(), 15),
              "milter reloads with the black hole as nameserver")
        with open(os.path.join(args.fixtures, "attached-signed.eml"), "rb") as f:
            data = f.read()
        with concurrent.futures.ThreadPoolExecutor(10) as pool:
            results = list(pool.map(lambda _: send(port, data), range(20)))
        slowest = max(t for _, t in results)
        log(f"black hole: 20 messages, 10 SMTP clients, DATA answered in "
            f"{min(t for _, t in results) * 1000:.0f}..{slowest * 1000:.0f} ms "
            f"(dns_timeout_ms {TIMEOUT_MS}), {hole.queries} DNS queries")
        check(all(code == 250 for code, _ in results), "every message accepted",
              str([c for c, _ in results]))
        check(slowest <= 3 * TIMEOUT_MS / 1000, "each DATA within 3 x dns_timeout_ms",
              f"{slowest:.3f} s")
        check(hole.queries >= 1, "the black hole was asked")
        subprocess.run([args.instance, "flush", pf, "60"], timeout=90)
        late = [raw for raw in delivered(maildir) if triage(raw, "Verdict") != "verified"]
        check(len(late) == 20, "all 20 delivered", str(len(late)))
        for raw in late:
            check(triage(raw, "Verdict") == "consistent" and
                  (triage(raw, "Auth") or "").startswith("dkim=temperror (key lookup failed"),
                  "delivered consistent, dkim=temperror",
                  f"{triage(raw, 'Verdict')} {triage(raw, 'Auth')}")
        return 1 if failures else 0
    finally:
        if postfix:
            subprocess.run([args.instance, "stop", pf], timeout=60)
        if milter is not None:
            milter.terminate()
            try:
                milter.wait(10)
            except subprocess.TimeoutExpired:
                milter.kill()
        if nsd:
            subprocess.run([args.nsd, "stop", nsd_dir], timeout=60)
        hole.stop()
        if failures:
            log(f"kept {tmp} (milter.log, postfix/maillog)")
        else:
            subprocess.run(["rm", "-rf", tmp])


if __name__ == "__main__":
    sys.exit(main())
