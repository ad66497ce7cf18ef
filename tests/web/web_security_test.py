#!/usr/bin/env python3
"""web_security_test.py - sa-triage-web attacked over HTTP ("web: security against the
running service").

Starts the real sa-triage-web on 127.0.0.1 (port 0) over a SQLite ledger whose rows were
recorded by the real SqliteLedger with attacker-shaped companies, domains, IDs, reasons and
DKIM results (desk_ledger_fill hostile), then checks on the raw bytes of every answer:

- no unescaped markup from the ledger (<script>, "><img onerror>, <svg onload>, <b>, <i>),
  and no raw bidi override (U+202E, U+2066..U+2069) anywhere in a page;
- filter parameters carrying SQL (quotes, ' OR 1=1 --, semicolons, DROP TABLE) find nothing
  or are ignored, and the ledger still holds every row afterwards;
- path traversal (/../, %2e%2e, encoded slashes, backslashes, static-looking paths) gets
  400/404 and never a file;
- a non-loopback peer is refused by default (the service listens on 0.0.0.0 and is called
  on this host's own non-loopback address);
- web.auth password: an Argon2id hash made by --hash-password signs in, a wrong password is
  refused, the cookie is Secure, HttpOnly and SameSite=Strict, and a POST without or with a
  wrong CSRF token is refused with 403.

The markup and injection checks run again over a PostgreSQL ledger on a private server
(tests/ledger/pg_server.sh, Debian's postgresql). Exit 0 pass, 1 fail.
"""

import argparse
import http.client
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse

FAILED = []


def check(ok, what, detail=""):
    if not ok:
        FAILED.append(what)
        print(f"FAIL: {what}" + (f" ({detail})" if detail else ""), flush=True)
    return ok


def config_text(base, ledger_block, web_block):
    """The repository config with its ledger, metrics and web blocks replaced."""
    replaced = ("ledger", "metrics", "web")
    kept, skipping = [], False
    with open(base, encoding="utf-8") as f:
        for line in f:
            if line[:1] not in (" ", "\t", "#", "\n", ""):
                skipping = line.split(":", 1)[0] in replaced
            if not skipping:
                kept.append(line)
    return "".join(kept) + ledger_block + '\nmetrics:\n  listen: ""\n' + web_block


class Service:
    """One sa-triage-web process on a free port."""

    def __init__(self, binary, config_path, work, listen="127.0.0.1:0"):
        self.port_file = os.path.join(work, f"port-{time.monotonic_ns()}")
        self.log = open(os.path.join(work, "web.log"), "ab")
        self.proc = subprocess.Popen(
            [binary, "--config", config_path, "--listen", listen, "--port-file", self.port_file],
            stdout=self.log, stderr=self.log)
        deadline = time.monotonic() + 20
        while not os.path.exists(self.port_file):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("sa-triage-web did not start: " + open(self.log.name).read())
            time.sleep(0.05)
        self.port = int(open(self.port_file).read())

    def request(self, method, target, body=None, headers=None, host="127.0.0.1"):
        conn = http.client.HTTPConnection(host, self.port, timeout=20)
        conn.putrequest(method, target, skip_accept_encoding=True)
        for k, v in (headers or {}).items():
            conn.putheader(k, v)
        if body is not None:
            data = body.encode()
            conn.putheader("Content-Type", "application/x-www-form-urlencoded")
            conn.putheader("Content-Length", str(len(data)))
            conn.endheaders(data)
        else:
            conn.endheaders()
        r = conn.getresponse()
        out = (r.status, {k.lower(): v for k, v in r.getheaders()}, r.read())
        conn.close()
        return out

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


# The page's own markup has no script, no img and exactly one svg (the chart).
MARKUP = [b"<script", b"<img", b"<svg/", b"<b>", b"<i>", b"onerror=alert(1)>", b"<title>x"]
BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]


def assert_clean(body, what):
    for m in MARKUP:
        check(m not in body, f"{what}: no unescaped {m!r}")
    for b in BIDI:
        check(b.encode() not in body, f"{what}: no raw U+{ord(b):04X}")
    check(body.count(b"<svg") <= 1, f"{what}: no <svg but the chart's")


def xss_checks(svc):
    status, headers, body = svc.request("GET", "/list")
    check(status == 200, "GET /list is 200", status)
    check(body.count(b'class="row') == 6, "the list shows the six hostile rows",
          body.count(b'class="row'))
    assert_clean(body, "/list")
    check(b"&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;" in body, "the <script> company shows escaped")
    check(b"&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in body, "the \"><img> company shows escaped")
    check(b"[U+202E]gnp.exe" in body, "the RTL override shows as [U+202E]")
    check("default-src 'none'" in headers.get("content-security-policy", ""), "a strict CSP header")
    check(headers.get("x-content-type-options") == "nosniff", "nosniff")
    for href in set(re.findall(rb'href="(/applicant\?[^"]+)"', body)):
        target = href.decode().replace("&amp;", "&")
        status, _, page = svc.request("GET", target)
        check(status == 200, f"GET {target} is 200", status)
        assert_clean(page, target)
    for q in ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "\u202eabc"]:
        status, _, page = svc.request("GET", "/list?q=" + urllib.parse.quote(q))
        check(status == 200, f"search {q!r} is 200", status)
        assert_clean(page, f"/list?q={q!r}")
    status, _, page = svc.request("GET", "/lang?to=en&back=" + urllib.parse.quote("//evil.example/"))
    check(status == 303, "language switch answers 303", status)
    status, headers, _ = svc.request("GET", "/lang?to=en&back=" + urllib.parse.quote("//evil.example/"))
    check(headers.get("location") == "/list", "no open redirect through back=", headers.get("location"))


INJECTIONS = [
    "verdict=' OR 1=1 --",
    "verdict=suspicious' OR '1'='1",
    "notice=x'; DROP TABLE evidence; --",
    "star=1 OR 1=1",
    "star=1;DELETE FROM evidence",
    "day=2026-01-01' OR '1'='1",
    "q=' OR 1=1 --",
    "q=41234567890' OR '1'='1",
    "q=%'; DROP TABLE evidence; --",
    "q=\"; SELECT * FROM evidence; --",
    "after=1.1 OR 1=1",
    "programme=' OR 1=1 --",
    "programme=東京都'; DROP TABLE evidence; --",
    "requirement=met' OR '1'='1",
    "before=9999999999.1);DROP TABLE evidence;--",
]


def injection_checks(svc, count_rows, label):
    before = count_rows()
    for inj in INJECTIONS:
        name, value = inj.split("=", 1)
        target = f"/list?{name}={urllib.parse.quote(value)}"
        status, _, body = svc.request("GET", target)
        check(status == 200, f"{label}: {inj!r} answers 200", status)
        rows = body.count(b'class="row')
        if name in ("q",):
            check(rows == 0, f"{label}: {inj!r} matches nothing", rows)
        else:  # an invalid value is ignored (named on the page), never passed on
            check(rows in (0, 6), f"{label}: {inj!r} shows no more than the ledger", rows)
        status, _, csv = svc.request("GET", "/export.csv?" + f"{name}={urllib.parse.quote(value)}")
        check(status == 200 and csv.startswith(b"\xef\xbb\xbfid,"), f"{label}: CSV of {inj!r}", status)
    for dom in ["' OR 1=1 --", "x') OR ('1'='1"]:
        status, _, body = svc.request("GET", "/applicant?domain=" + urllib.parse.quote(dom) + "&company=x")
        check(status == 200 and b'id="empty"' in body, f"{label}: applicant {dom!r} finds nobody", status)
    check(count_rows() == before, f"{label}: the ledger still has its {before} rows", count_rows())
    status, _, body = svc.request("GET", "/list")
    check(body.count(b'class="row') == 6, f"{label}: the list still shows every row")
    status, _, csv = svc.request("GET", "/export.csv?verdict=suspicious")
    lines = csv.split(b"\r\n")
    check(csv.startswith(b"\xef\xbb\xbf"), f"{label}: CSV starts with the BOM")
    check(len([l for l in lines[1:] if l]) == 2, f"{label}: CSV has exactly the two suspicious rows",
          len(lines))
    status, _, csv = svc.request("GET", "/export.csv?verdict=suspicious&bom=0")
    check(csv.startswith(b"id,"), f"{label}: bom=0 leaves the BOM out")


def traversal_checks(svc):
    for target in ["/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/%2E%2E%2Fetc%2Fpasswd",
                   "/static/../../etc/passwd", "/desk.css/../../etc/passwd", "/..%5c..%5cetc%5cpasswd",
                   "/static/desk.css", "/etc/passwd", "/list/..", "//etc/passwd", "/%00"]:
        status, _, body = svc.request("GET", target)
        check(status in (400, 404), f"{target} refused", status)
        check(b"root:" not in body, f"{target} shows no file")


def protocol_checks(svc):
    for method in ("PUT", "DELETE", "TRACE", "OPTIONS"):
        status, _, _ = svc.request(method, "/list")
        check(status == 405, f"{method} is 405", status)
    status, _, body = svc.request("HEAD", "/list")
    check(status == 200 and body == b"", "HEAD is 200 without a body", status)
    status, _, _ = svc.request("GET", "/list", headers={"X-Big": "a" * 20000})
    check(status == 413, "20 KB of headers is 413", status)
    status, _, _ = svc.request("POST", "/login", "x=" + "a" * 70000)
    check(status == 413, "70 KB of body is 413", status)


def own_address():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.connect(("192.0.2.1", 9))  # no packet is sent: the kernel only picks a source address
        return s.getsockname()[0]


def hash_password(binary, password):
    out = subprocess.run([binary, "--hash-password"], input=password + "\n", capture_output=True,
                         text=True, timeout=30)
    return out.stdout.strip()


def password_checks(args, work, ledger_block):
    good = hash_password(args.web, "s3cret-pass")
    check(good.startswith("$argon2id$"), "--hash-password prints an Argon2id hash", good[:20])
    users = os.path.join(work, "reviewers")
    with open(users, "w") as f:
        f.write(f"# test reviewers\nalice:sa-review:{good}\n")
    cfg = os.path.join(work, "password.yaml")
    with open(cfg, "w", encoding="utf-8") as f:
        f.write(config_text(args.config, ledger_block,
                            f"\nweb:\n  auth: password\n  password_file: {users}\n"))
    svc = Service(args.web, cfg, work)
    try:
        status, headers, _ = svc.request("GET", "/list")
        check(status == 303 and headers.get("location") == "/login", "not signed in: to /login", status)
        status, headers, body = svc.request("POST", "/login", "name=alice&password=wrong")
        check(status == 403 and "set-cookie" not in headers, "a wrong password is refused", status)
        status, headers, body = svc.request("POST", "/login", "name=mallory&password=s3cret-pass")
        check(status == 403, "an unknown reviewer is refused", status)
        status, headers, _ = svc.request("POST", "/login", "name=alice&password=s3cret-pass")
        cookie = headers.get("set-cookie", "")
        check(status == 303, "Argon2id sign-in works", status)
        for attr in ("Secure", "HttpOnly", "SameSite=Strict"):
            check(attr in cookie, f"session cookie has {attr}", cookie)
        session = cookie.split(";", 1)[0]
        status, _, body = svc.request("GET", "/held", headers={"Cookie": session})
        check(status == 200, "signed in, /held is 200", status)
        token = re.search(rb'name="csrf" value="([0-9a-f]+)"', body)
        check(token is not None, "the page carries a CSRF token")
        for form in ["qid=ABCDEF123", "qid=ABCDEF123&csrf=", "qid=ABCDEF123&csrf=" + "0" * 64]:
            status, _, _ = svc.request("POST", "/held/release", form, headers={"Cookie": session})
            check(status == 403, f"POST {form!r} is 403", status)
        status, _, _ = svc.request("POST", "/held/delete", "qid=ABCDEF123",
                                   headers={"Cookie": "sa_desk=" + "a" * 64})
        check(status == 403, "POST with a made-up session is 403", status)
    finally:
        svc.stop()


def start_pg(args, work):
    """A private PostgreSQL server (pg_server.sh); its conninfo, or None when it cannot run."""
    pg_dir = os.path.join(tempfile.gettempdir(), f"sa-ledger-pg-web{os.getpid()}")
    port = 0
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    r = subprocess.run([args.pg_server, "start", pg_dir, str(port)], capture_output=True, text=True,
                       timeout=120)
    if r.returncode != 0:
        print("web_security_test: PostgreSQL did not start:", r.stderr.strip())
        return None
    return pg_dir, port, open(os.path.join(pg_dir, "conninfo")).read().strip()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--web", required=True)
    ap.add_argument("--fill", required=True)
    ap.add_argument("--config", required=True)
    ap.add_argument("--pg-server", required=True)
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="sa-web-security-")
    os.chmod(work, 0o755)
    try:
        ledger = os.path.join(work, "ledger.sqlite")
        subprocess.run([args.fill, ledger, "hostile"], check=True, timeout=60)
        ledger_block = f"\nledger:\n  backend: sqlite\n  path: {ledger}\n  time_zone: Asia/Tokyo\n"
        cfg = os.path.join(work, "loopback.yaml")
        with open(cfg, "w", encoding="utf-8") as f:
            f.write(config_text(args.config, ledger_block, "\nweb:\n  auth: loopback\n"))

        def sqlite_rows():
            with sqlite3.connect(f"file:{ledger}?mode=ro", uri=True) as db:
                return db.execute("SELECT count(*) FROM evidence").fetchone()[0]

        svc = Service(args.web, cfg, work)
        try:
            xss_checks(svc)
            injection_checks(svc, sqlite_rows, "sqlite")
            traversal_checks(svc)
            protocol_checks(svc)
            status, _, _ = svc.request("POST", "/held/release", "qid=ABC&csrf=x")
            check(status == 403, "loopback mode: POST /held/release refused", status)
        finally:
            svc.stop()

        address = own_address()
        check(not address.startswith("127."), "this host has a non-loopback address", address)
        svc = Service(args.web, cfg, work, listen="0.0.0.0:0")
        try:
            status, _, body = svc.request("GET", "/list", host=address)
            check(status == 403, f"a peer at {address} is refused by default", status)
            status, _, _ = svc.request("GET", "/list")
            check(status == 200, "a loopback peer is served", status)
        finally:
            svc.stop()

        password_checks(args, work, ledger_block)

        pg = start_pg(args, work)
        if check(pg is not None, "a PostgreSQL server starts (tests/ledger/pg_server.sh)"):
            pg_dir, port, conninfo = pg
            try:
                r = subprocess.run([args.fill, "postgresql:" + conninfo, "hostile"], timeout=60)
                check(r.returncode == 0, "the PostgreSQL ledger is filled")
                pg_block = f"\nledger:\n  backend: postgresql\n  connection: \"{conninfo}\"\n"
                pg_cfg = os.path.join(work, "pg.yaml")
                with open(pg_cfg, "w", encoding="utf-8") as f:
                    f.write(config_text(args.config, pg_block, "\nweb:\n  auth: loopback\n"))

                def pg_rows():
                    out = subprocess.run([args.fill, "postgresql:" + conninfo, "count"],
                                         capture_output=True, text=True, timeout=30)
                    return int(out.stdout.strip() or -1)

                svc = Service(args.web, pg_cfg, work)
                try:
                    xss_checks(svc)
                    injection_checks(svc, pg_rows, "postgresql")
                finally:
                    svc.stop()
            finally:
                subprocess.run([args.pg_server, "stop", pg_dir, str(port)], timeout=60)
    finally:
        log = os.path.join(work, "web.log")
        if FAILED and os.path.exists(log):
            print(open(log, errors="replace").read()[-4000:])
        shutil.rmtree(work, ignore_errors=True)
    print(f"web_security_test: {len(FAILED)} failed")
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
