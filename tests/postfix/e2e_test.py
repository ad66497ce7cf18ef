#!/usr/bin/env python3
"""e2e_test.py - sa-triage-milter behind a real, private Postfix (ctest "postfix: end-to-end").

Starts the milter on a unix socket and a throw-away loopback-only Postfix instance
(postfix_instance.sh) pointing at it, sends every samples/*.eml over SMTP to the grant
address plus a few messages of its own (forged X-SA-Triage-* headers, out-of-scope mail),
waits for the queue to drain, then reads the delivered Maildir files and the hold queue and
checks: the verdict/notice/star/forward headers against each sample's .expected file (and a
printout's 受付状況), forged headers
removed, header values plain ASCII without CR, quarantine into the hold queue, add_recipients
copies, out-of-scope mail untagged, and that every message sent is accounted for
(delivered + held + rejected == sent). Then the held-mail commands (with --cli): `sa-triage
held list [--json]`, `show`, `digest` (also mailed through the instance), `release` and
`delete` against that hold queue, and the milter's hold_reason log lines. Last, it kills
the milter and checks that Postfix (milter_default_action = tempfail) answers 4xx instead
of accepting mail untagged.

--stock-chroot runs Debian's stock master.cf (smtpd, cleanup... chrooted in the queue
directory) and the shipped milter settings unchanged: the default socket
/var/spool/postfix/sa-triage/milter.sock (the milter runs in a mount namespace where the
instance's queue directory is /var/spool/postfix), Postfix's `smtpd_milters =
unix:sa-triage/milter.sock`, the socket directory made as systemd/sa-triage.tmpfiles says,
and the milter started as the unit starts it: -t, then the daemon, as user sa-triage, group
postfix, umask 0007 (the user is created for the test when missing, and removed after).

It does not test the engine's decisions in depth (the core tests do) nor the milter protocol
byte by byte (the protocol client and miltertest do). Needs root, Postfix and python3 only
(stdlib). Exit 0 when all checks pass, 1 on a failure, 77 (ctest: skipped) when it cannot
run here. Everything stays on 127.0.0.1.
"""

import argparse
import email.header
import email.parser
import email.policy
import grp
import json
import os
import pwd
import re
import shutil
import signal
import smtplib
import socket
import subprocess
import sys
import tempfile
import time

GRANT = "hojokin@grant.example.lg.jp"
REVIEW = "tokyo-review@grant.example.lg.jp"
OTHER = "other@grant.example.lg.jp"
CYBER = "cyber@grant.example.lg.jp"  # a grant programme requiring ★★
PROGRAMME = "東京都サイバー助成金"
SENDER = "forwarder@example.jp"
PREFIX = "x-sa-triage-"
SKIP = 77
DEADLINE = time.monotonic() + 170  # the whole test stays under 3 minutes


class Checks:
    """Counts named checks; prints each failure as it happens."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, ok, what, detail=""):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print(f"FAIL: {what}" + (f" ({detail})" if detail else ""), flush=True)
        return ok


def log(text):
    print(f"e2e: {text}", flush=True)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_config(base_path, socket_path, ledger_path=None):
    """The repository config with the test's own milter (unless socket_path is None: the
    shipped milter block stays), scope (with the cyber programme) and routing blocks, the
    ledger in `ledger_path` (none when None; it never changes a verdict) and metrics (when
    the config has them) switched off, so no fixed metrics port can clash. Top-level YAML blocks are cut by indentation; no YAML
    parser needed."""
    replaced = ("milter", "scope", "routing", "ledger", "metrics")
    if socket_path is None:
        replaced = replaced[1:]
    kept, present, skipping = [], set(), False
    with open(base_path, encoding="utf-8") as f:
        for line in f:
            if line[:1] not in (" ", "\t", "#", "\n", ""):
                key = line.split(":", 1)[0]
                skipping = key in replaced
                if skipping:
                    present.add(key)
            if not skipping:
                kept.append(line)
    own = "" if socket_path is None else f"""
milter:
  socket: unix:{socket_path}
  socket_mode: "0660"
  socket_group: postfix         # Postfix's smtpd/cleanup run as postfix
  user: nobody
  on_error: accept
  timeout_ms: 10000
  log: stderr
"""
    own += f"""
scope:
  recipients: [{GRANT}, {{address: {CYBER}, programme: {PROGRAMME}, min_star: 2}}]

routing:
  - name: hold-suspicious
    match: {{ verdict: [suspicious] }}
    action: quarantine
    reason: "sa-triage e2e: suspicious evidence"
  - name: star2-review
    match: {{ verdict: [consistent, verified], star: [2] }}
    action: add_recipients
    recipients: [{REVIEW}]
"""
    if ledger_path:
        own += f"\nledger:\n  backend: sqlite\n  path: {ledger_path}\n  time_zone: Asia/Tokyo\n"
    elif "ledger" in present:
        own += "\nledger:\n  backend: none\n"
    if "metrics" in present:
        own += '\nmetrics:\n  listen: ""\n'
    return "".join(kept) + own


def read_expected(path):
    values = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if ":" in line and not line.lstrip().startswith("#"):
                key, value = line.split(":", 1)
                values[key.strip().lower()] = value.strip()
    return values


def header_section(raw):
    """Raw header lines of a message (bytes, unfolded into (name, value) pairs)."""
    end = re.search(rb"\r?\n\r?\n", raw)
    head = raw[: end.start()] if end else raw
    fields = []
    for line in re.split(rb"\n(?![ \t])", head):
        if b":" in line:
            name, value = line.split(b":", 1)
            fields.append((name.decode("ascii", "replace").strip(), value))
    return fields


def triage_headers(raw):
    """{lower-cased name: [raw values]} for the X-SA-Triage-* headers."""
    out = {}
    for name, value in header_section(raw):
        if name.lower().startswith(PREFIX):
            out.setdefault(name.lower(), []).append(value)
    return out


def decoded(value):
    text = value.decode("ascii", "replace").replace("\n", "").strip()
    return str(email.header.make_header(email.header.decode_header(text)))


def received_queue_id(raw):
    """The queue id from our Postfix's own (topmost) Received header."""
    for name, value in header_section(raw):
        if name.lower() == "received":
            m = re.search(rb"by mx\.sa-triage\.test \(Postfix\) with E?SMTP id ([0-9A-Za-z]+)", value)
            if m:
                return m.group(1).decode()
    return None


def send(port, rcpts, data, sender=SENDER):
    """One SMTP transaction. Returns ("accepted", queue_id) or ("rejected"|"tempfail", text)."""
    opts = ["BODY=8BITMIME"] if any(b > 127 for b in data) else []
    try:
        with smtplib.SMTP("127.0.0.1", port, timeout=30) as smtp:
            smtp.ehlo("e2e.sa-triage.test")
            code, text = smtp.mail(sender, opts)
            if code >= 400:
                return ("tempfail" if code < 500 else "rejected", f"MAIL {code} {text!r}")
            for r in rcpts:
                code, text = smtp.rcpt(r)
                if code >= 400:
                    return ("tempfail" if code < 500 else "rejected", f"RCPT {code} {text!r}")
            code, text = smtp.data(data)
            if code == 250:
                m = re.search(rb"queued as ([0-9A-Za-z]+)", text)
                return ("accepted", m.group(1).decode() if m else "")
            return ("tempfail" if code < 500 else "rejected", f"DATA {code} {text!r}")
    except smtplib.SMTPResponseException as e:
        return ("tempfail" if e.smtp_code < 500 else "rejected", f"{e.smtp_code} {e.smtp_error!r}")
    except (smtplib.SMTPException, OSError) as e:
        return ("error", f"{type(e).__name__}: {e}")


def with_forged(data, headers):
    """The message with `headers` (list of "Name: value") put on top of its header."""
    return b"".join(h.encode() + b"\r\n" for h in headers) + data


def maildir_files(base):
    """{mailbox name: [raw messages]} for every Maildir under the virtual_mailbox_base."""
    boxes = {}
    for root, dirs, files in os.walk(base):
        if os.path.basename(root) in ("new", "cur"):
            box = os.path.relpath(os.path.dirname(root), base)
            for name in sorted(files):
                with open(os.path.join(root, name), "rb") as f:
                    boxes.setdefault(box, []).append(f.read())
    return boxes


def hold_queue(etc):
    """{queue_id: raw message headers+body} of the hold queue."""
    out = subprocess.run(["postqueue", "-c", etc, "-j"], capture_output=True, timeout=20)
    held = {}
    for line in out.stdout.decode(errors="replace").splitlines():
        entry = json.loads(line)
        if entry.get("queue_name") == "hold":
            qid = entry["queue_id"]
            cat = subprocess.run(["postcat", "-c", etc, "-h", "-b", "-q", qid],
                                 capture_output=True, timeout=20)
            held[qid] = cat.stdout
    return held, out.stdout.decode(errors="replace")


def run_cli(cli, args, **kw):
    """`sa-triage ARGS` -> (exit status, stdout, stderr)."""
    p = subprocess.run([cli] + args, capture_output=True, timeout=60, **kw)
    return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")


def tmpfiles_dir(path):
    """(directory, mode, user, group) of the `d` line of systemd/sa-triage.tmpfiles."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            fields = line.split()
            if fields and fields[0] == "d":
                return fields[1], int(fields[2], 8), fields[3], fields[4]
    raise SystemExit(f"e2e: no 'd' line in {path}")


# The systemd unit's way of starting the milter (User=sa-triage, Group=postfix, UMask=0007),
# in a mount namespace where /var/spool/postfix is the private instance's queue directory.
UNIT_START = ('spool=$0 user=$1 group=$2 milter=$3 cfg=$4; shift 4; '
              'mount --bind "$spool" /var/spool/postfix && umask 0007 && '
              'exec setpriv --reuid="$user" --regid="$group" --init-groups "$milter" '
              '--config "$cfg" "$@"')


def unit_command(spool, user, group, milter, cfg, *extra):
    return ["unshare", "--mount", "--propagation", "private", "--", "sh", "-c", UNIT_START,
            spool, user, group, milter, cfg] + list(extra)


def held_checks(checks, cli, cfg, etc, pf, sent, milter_log_path, instance):
    """The `sa-triage held` commands against the instance's hold queue (held by the real
    milter). Releases one message and deletes another; returns the queue id released."""
    base = ["-c", etc, "--config", cfg]
    held_now, _ = hold_queue(etc)
    sent_by_qid = {m["detail"]: m for m in sent if m["outcome"] == "accepted"}
    rc, out, err = run_cli(cli, ["held", "list", "--json"] + base)
    checks.check(rc == 0, "held list --json exits 0", err)
    rows = [json.loads(line) for line in out.splitlines() if line.strip()]
    checks.check(sorted(r["queue_id"] for r in rows) == sorted(held_now),
                 "held list --json lists exactly the hold queue",
                 f"{sorted(r['queue_id'] for r in rows)} vs {sorted(held_now)}")
    for r in rows:
        m = sent_by_qid.get(r["queue_id"])
        label = m["label"] if m else r["queue_id"]
        exp = m["expected"] if m else {}
        checks.check(r["triaged"] and r["verdict"] == "suspicious",
                     f"held list: {label}: verdict suspicious", str(r["verdict"]))
        checks.check(bool(r["reasons"]), f"held list: {label}: reasons given")
        checks.check(r["sender"] == SENDER, f"held list: {label}: sender", r["sender"])
        checks.check(0 <= r["age_seconds"] < 600, f"held list: {label}: age", str(r["age_seconds"]))
        want_notice = exp.get("notice", "")
        if want_notice not in ("", "none", "-"):
            checks.check(r["notice"] == want_notice, f"held list: {label}: notice",
                         f"{r['notice']} vs {want_notice}")
        un = r["user_number"]
        checks.check(un is None or not re.fullmatch(r"[0-9]{5,}", un),
                     f"held list: {label}: 利用者番号 masked", str(un))
    if not checks.check(len(rows) >= 2, "at least two messages held (release and delete)"):
        return None
    rc, text, err = run_cli(cli, ["held", "list"] + base)
    checks.check(rc == 0 and all(r["queue_id"] in text for r in rows) and
                 f"{len(rows)} held" in text and "reasons:" in text,
                 "held list prints every held message with its reasons", text[-300:] + err)

    first, second = rows[0]["queue_id"], rows[1]["queue_id"]
    rc, text, err = run_cli(cli, ["held", "show", first] + base)
    checks.check(rc == 0 and "verdict:        suspicious" in text and
                 f"queue id:       {first}" in text and "reasons:" in text,
                 "held show prints the verdict and reasons", text[:400] + err)
    rc, raw, err = run_cli(cli, ["held", "show", "--raw", first] + base)
    checks.check(rc == 0 and triage_headers(raw.encode()).get(PREFIX + "verdict"),
                 "held show --raw prints the stored message", err)
    if shutil.which("setpriv"):
        p = subprocess.run(["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                            cli, "held", "list"] + base, capture_output=True, timeout=60)
        err = p.stderr.decode(errors="replace")
        checks.check(p.returncode == 1 and "needs root or the postfix user" in err,
                     "held list as an unprivileged user says what it needs", err)
    rc, _, err = run_cli(cli, ["held", "show", "NOSUCHQUEUEID"] + base)
    checks.check(rc == 1 and "not in the hold queue" in err, "held show: unknown id refused", err)
    rc, _, err = run_cli(cli, ["held", "release", "../etc"] + base)
    checks.check(rc == 2 and "not a queue id" in err, "held release: bad id refused", err)

    rc, digest, err = run_cli(cli, ["held", "digest"] + base)
    checks.check(rc == 0 and all(r["queue_id"] in digest for r in rows) and
                 f"{len(rows)} messages are held" in digest,
                 "held digest lists every held message", digest[:300] + err)
    rc, _, err = run_cli(cli, ["held", "digest", "--mail-to", REVIEW] + base)
    checks.check(rc == 0, "held digest --mail-to submits through the instance", err)

    rc, out, err = run_cli(cli, ["held", "release", first] + base)
    checks.check(rc == 0 and f"released {first}" in out, "held release", out + err)
    rc, out, err = run_cli(cli, ["held", "delete", second] + base)
    checks.check(rc == 0 and f"deleted {second}" in out, "held delete", out + err)
    subprocess.run([instance, "flush", pf, "30"], timeout=60)
    after, _ = hold_queue(etc)
    checks.check(first not in after and second not in after, "released and deleted: not held")
    checks.check(sorted(after) == sorted(set(held_now) - {first, second}),
                 "the other held messages stay held")
    boxes = maildir_files(os.path.join(pf, "maildir"))
    released = [raw for raw in boxes.get("grant.example.lg.jp/hojokin", [])
                if received_queue_id(raw) == first]
    checks.check(len(released) == 1, "released message delivered to the grant address")
    for raw in released:
        v = triage_headers(raw).get(PREFIX + "verdict", [])
        checks.check([decoded(x) for x in v] == ["suspicious"],
                     "released message keeps X-SA-Triage-Verdict: suspicious", str(v))
    checks.check(not any(received_queue_id(raw) == second for msgs in boxes.values()
                         for raw in msgs), "deleted message delivered nowhere")
    digests = [raw for raw in boxes.get("grant.example.lg.jp/tokyo-review", [])
               if b"sa-triage: mail held for review" in raw]
    checks.check(len(digests) == 1, "the mailed digest reaches the reviewer",
                 f"{len(digests)} found")
    for raw in digests:
        msg = email.parser.BytesParser(policy=email.policy.default).parsebytes(raw)
        checks.check("held for review" in str(msg["subject"]) and "保留" in str(msg["subject"]),
                     "digest subject", str(msg["subject"]))
        body = msg.get_content()
        checks.check(first in body and second in body, "digest names the held queue ids")

    # The milter's log names the routing rule and its reason with each held queue id.
    text = open(milter_log_path, "rb").read().decode(errors="replace")
    for qid in held_now:
        line = next((l for l in text.splitlines() if f"queue_id={qid} " in l), "")
        checks.check("route=hold-suspicious" in line and
                     'hold_reason="sa-triage e2e: suspicious evidence"' in line,
                     f"milter log: {qid}: rule and hold reason", line[:300])
    return first


def pair_checks(checks, cli, cfg, pf, port, samples_dir, instance):
    """Notice ① then ② of one applicant through Postfix into the ledger: the ★ ① to the ★★
    programme is not-met; the ② after it names ①'s date, star and ID (X-SA-Triage-Pair) and
    is judged by that ★; the same ② from another sender domain finds no ①; and
    `sa-triage ledger applicants` lists the pair."""
    def read(name):
        with open(os.path.join(samples_dir, name), "rb") as f:
            return f.read()
    first = read("attachment-rfc822-iso2022jp-declaration-1star-consistent.eml")  # ★
    second = read("attachment-accepted-seed-doubled-bracket-consistent.eml")
    applicant = "yamada@sample-shoji.example.jp"
    # The milter judges during DATA, so each send has been recorded when it returns.
    sent = [("first", send(port, [CYBER], first, applicant)),
            ("second", send(port, [CYBER], second, applicant)),
            ("stranger", send(port, [CYBER], second, "sato@another.example.jp"))]
    for label, (outcome, detail) in sent:
        checks.check(outcome == "accepted", f"pair: {label}: accepted", detail)
    subprocess.run([instance, "flush", pf, "30"], timeout=60)
    copies = {received_queue_id(raw): raw for raw in
              maildir_files(os.path.join(pf, "maildir")).get("grant.example.lg.jp/cyber", [])}
    today = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 9 * 3600))  # Asia/Tokyo
    want = {
        "first": {"requirement": "not-met", "pair": None, "star": "1"},
        "second": {"requirement": "not-met", "pair": f"first-notice-seen {today} ★ 49999901234",
                   "star": None},
        "stranger": {"requirement": "unknown", "pair": "first-notice-not-seen", "star": None},
    }
    for label, (_, qid) in sent:
        raw = copies.get(qid)
        if not checks.check(raw is not None, f"pair: {label}: delivered to cyber", qid):
            continue
        tri = {k[len(PREFIX):]: [decoded(v) for v in vs] for k, vs in triage_headers(raw).items()}
        checks.check(tri.get("verdict") == ["consistent"], f"pair: {label}: verdict",
                     str(tri.get("verdict")))
        checks.check(tri.get("programme") == [PROGRAMME], f"pair: {label}: programme",
                     str(tri.get("programme")))
        for key, value in want[label].items():
            checks.check(tri.get(key) == ([value] if value else None),
                         f"pair: {label}: X-SA-Triage-{key.title()}", str(tri.get(key)))
        reasons = " ".join(tri.get("reasons", []))
        checks.check(("star-below-requirement" in reasons) ==
                     (want[label]["requirement"] == "not-met"),
                     f"pair: {label}: star-below-requirement iff not-met", reasons)
    if cli:
        # The milter commits ledger rows in batches, at most ledger.flush_interval_ms after
        # the message (docs/operations.md): a reader sees them within that, not at once.
        listing = {}

        def listed():
            rc, out, err = run_cli(cli, ["ledger", "applicants", "--format", "json",
                                         "--config", cfg])
            rows = [json.loads(line) for line in out.splitlines() if line.strip()] if rc == 0 else []
            ours = [a for a in rows if a["applicant_domain"] == "sample-shoji.example.jp"]
            listing.update(rc=rc, out=out, err=err, ours=ours)
            return rc == 0 and len(ours) == 1 and ours[0]["second_notices"] == 1

        wait_for(listed, 5)
        rc, out, err, ours = listing["rc"], listing["out"], listing["err"], listing["ours"]
        checks.check(rc == 0 and len(ours) == 1, "pair: ledger applicants lists it",
                     out[-300:] + err[-300:])
        if ours:
            a = ours[0]
            checks.check((a["first_notices"], a["second_notices"], a["first_notice_stars"],
                          a["declaration_ids"], a["paired"], a["programmes"]) ==
                         (1, 1, [1], ["49999901234"], True, [PROGRAMME]),
                         "pair: ledger applicants: ①, ②, star, ID, paired, programme", str(a))


def wait_for(predicate, seconds):
    end = min(time.monotonic() + seconds, DEADLINE)
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--milter", required=True, help="path of sa-triage-milter")
    ap.add_argument("--samples", required=True, help="directory with *.eml and *.expected")
    ap.add_argument("--config", required=True, help="base config (config/sa-triage.yaml)")
    ap.add_argument("--instance", default=os.path.join(os.path.dirname(
        os.path.abspath(__file__)), "postfix_instance.sh"), help="postfix_instance.sh")
    ap.add_argument("--cli", help="path of sa-triage: also test the held-mail commands")
    ap.add_argument("--stock-chroot", action="store_true",
                    help="Debian's stock master.cf chroot settings and the shipped milter block")
    ap.add_argument("--tmpfiles", default=os.path.join(os.path.dirname(os.path.abspath(
        __file__)), "..", "..", "systemd", "sa-triage.tmpfiles"),
        help="systemd/sa-triage.tmpfiles (the socket directory, for --stock-chroot)")
    ap.add_argument("--keep", action="store_true", help="keep the temp dir for inspection")
    args = ap.parse_args()

    if os.geteuid() != 0:
        print("e2e: skipped: needs root (a private Postfix instance)")
        return SKIP
    tools = ("postfix", "postqueue", "postcat", "postconf")
    if args.stock_chroot:
        tools += ("unshare", "setpriv", "mount", "adduser")
    for tool in tools:
        if shutil.which(tool, path=os.environ.get("PATH", "") + ":/usr/sbin") is None:
            print(f"e2e: skipped: {tool} not installed")
            return SKIP
    if not os.access(args.milter, os.X_OK):
        print(f"e2e: FAIL: no milter binary at {args.milter}")
        return 1
    samples = sorted(f[:-4] for f in os.listdir(args.samples) if f.endswith(".eml"))
    if not samples:
        print(f"e2e: FAIL: no samples/*.eml in {args.samples}")
        return 1

    checks = Checks()
    tmp = tempfile.mkdtemp(prefix="sa-e2e-")
    os.chmod(tmp, 0o755)  # Postfix (user postfix) connects to the socket in here
    pf = os.path.join(tmp, "postfix")
    etc = os.path.join(pf, "etc")
    sock = os.path.join(tmp, "milter.sock")
    cfg = os.path.join(tmp, "sa-triage.yaml")
    milter_log_path = os.path.join(tmp, "milter.log")
    milter = None
    milter_log = None
    postfix_started = False
    created_user = None

    def stop_all(*_):
        nonlocal milter, postfix_started, created_user
        if postfix_started:
            subprocess.run([args.instance, "stop", pf], timeout=60)
            postfix_started = False
        if milter is not None and milter.poll() is None:
            milter.terminate()
            try:
                milter.wait(10)
            except subprocess.TimeoutExpired:
                milter.kill()
                milter.wait(5)
        milter = None
        if created_user:
            subprocess.run(["deluser", "--system", "--quiet", created_user], timeout=60,
                           capture_output=True)
            created_user = None

    def on_signal(signum, _frame):
        print(f"e2e: stopped by signal {signum}", flush=True)
        stop_all()
        sys.exit(128 + signum)

    for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGALRM):
        signal.signal(s, on_signal)
    # Our own deadline, ahead of ctest's TIMEOUT (whose kill would leave Postfix running).
    signal.alarm(175)

    try:
        # The ledger (for the pairing of ① with ②) in the run whose milter drops to nobody.
        ledger_path = None
        if not args.stock_chroot:
            ledger_dir = os.path.join(tmp, "ledger")
            os.makedirs(ledger_dir)
            shutil.chown(ledger_dir, "nobody")
            ledger_path = os.path.join(ledger_dir, "ledger.sqlite")
        with open(cfg, "w", encoding="utf-8") as f:
            f.write(test_config(args.config, None if args.stock_chroot else sock, ledger_path))
        os.chmod(cfg, 0o644)
        milter_log = open(milter_log_path, "wb")
        port = free_port()
        if args.stock_chroot:
            # Postfix first: the instance makes its queue directory, where the socket goes.
            spool = os.path.join(pf, "spool")
            rc = subprocess.run([args.instance, "start", pf, str(port),
                                 "unix:sa-triage/milter.sock", "tempfail"], timeout=60,
                                env=dict(os.environ, SA_TEST_CHROOT="stock")).returncode
            postfix_started = True
            if not checks.check(rc == 0, "private Postfix (stock master.cf) starts"):
                return 1
            with open(os.path.join(etc, "master.cf"), encoding="utf-8") as f:
                chroot = {fl[0]: fl[4] for fl in (line.split() for line in f)
                          if len(fl) >= 8 and not fl[0].startswith("#")}
            checks.check(chroot.get("cleanup") == "y" and chroot.get(f"127.0.0.1:{port}") == "y",
                         "smtpd and cleanup run chrooted", str(chroot))
            where, mode, user, group = tmpfiles_dir(args.tmpfiles)
            if subprocess.run(["getent", "passwd", user], capture_output=True).returncode != 0:
                subprocess.run(["adduser", "--system", "--quiet", "--no-create-home",
                                "--ingroup", group, user], check=True, timeout=60)
                created_user = user
            sock_dir = os.path.join(spool, os.path.relpath(where, "/var/spool/postfix"))
            os.makedirs(sock_dir)
            shutil.chown(sock_dir, user, group)
            os.chmod(sock_dir, mode)
            sock = os.path.join(sock_dir, "milter.sock")
            t = subprocess.run(unit_command(spool, user, group, args.milter, cfg, "-t"),
                               capture_output=True, timeout=30)
            checks.check(t.returncode == 0 and b"config OK" in t.stdout,
                         "-t as the unit runs it passes on the prepared host",
                         (t.stdout + t.stderr).decode(errors="replace"))
            milter = subprocess.Popen(unit_command(spool, user, group, args.milter, cfg),
                                      stdout=milter_log, stderr=subprocess.STDOUT)
        else:
            milter = subprocess.Popen([args.milter, "--config", cfg, "--socket", f"unix:{sock}"],
                                      stdout=milter_log, stderr=subprocess.STDOUT)
        if not wait_for(lambda: os.path.exists(sock) or milter.poll() is not None, 15) or \
                milter.poll() is not None:
            print(open(milter_log_path, "rb").read().decode(errors="replace"))
            checks.check(False, "milter starts and listens", f"socket {sock}")
            return 1
        # Postfix's log from here on: in --stock-chroot it started first, and the instance's
        # readiness probe (an SMTP connection) met no milter yet.
        maillog_path = os.path.join(pf, "maillog")
        maillog_start = os.path.getsize(maillog_path) if os.path.exists(maillog_path) else 0
        if args.stock_chroot:
            st = os.stat(sock)
            checks.check((st.st_mode & 0o777, st.st_uid, st.st_gid) ==
                         (0o660, pwd.getpwnam(user).pw_uid, grp.getgrnam(group).gr_gid),
                         "socket: mode 0660, owner sa-triage, group postfix",
                         f"{oct(st.st_mode & 0o777)} {st.st_uid}:{st.st_gid}")
        else:
            rc = subprocess.run([args.instance, "start", pf, str(port), f"unix:{sock}",
                                 "tempfail"], timeout=60).returncode
            postfix_started = True
            if not checks.check(rc == 0, "private Postfix starts"):
                return 1

        # --- send -----------------------------------------------------------------------
        sent = []  # dicts: label, rcpts, outcome, detail (queue id when accepted), expected

        def submit(label, rcpts, data, expected=None):
            outcome, detail = send(port, rcpts, data)
            sent.append(dict(label=label, rcpts=rcpts, outcome=outcome, detail=detail,
                             expected=expected or {}))
            checks.check(outcome in ("accepted", "rejected"), f"{label}: SMTP outcome",
                         f"{outcome} {detail}")

        for name in samples:
            with open(os.path.join(args.samples, name + ".eml"), "rb") as f:
                data = f.read()
            exp_path = os.path.join(args.samples, name + ".expected")
            expected = read_expected(exp_path) if os.path.exists(exp_path) else {}
            checks.check("verdict" in expected, f"{name}: has a .expected with a verdict")
            # Samples carrying their own X-SA-Triage-* headers are checked like ours below.
            submit(name, [GRANT], data, expected)

        # In scope, with forged headers above a real sample (two forged verdicts).
        first = samples[0]
        with open(os.path.join(args.samples, first + ".eml"), "rb") as f:
            base = f.read()
        submit(f"forged+{first}", [GRANT],
               with_forged(base, ["X-SA-Triage-Verdict: verified",
                                  "X-SA-Triage-Star: 2",
                                  "x-sa-triage-verdict: consistent",
                                  # white space before the colon: Postfix passes the name
                                  # trimmed, and the delete must still find it
                                  "X-SA-Triage-Verdict : verified",
                                  "X-SA-Triage-Notice\t: declaration-complete"]),
               read_expected(os.path.join(args.samples, first + ".expected")))
        # Out of scope: no verdict, but forged headers removed.
        plain = (b"From: someone@example.jp\r\nTo: other@grant.example.lg.jp\r\n"
                 b"Subject: out of scope\r\nMessage-ID: <oos1@e2e.sa-triage.test>\r\n\r\n"
                 b"hello\r\n")
        submit("out-of-scope-forged", [OTHER],
               with_forged(plain, ["X-SA-Triage-Verdict: verified",
                                   "X-SA-Triage-Verdict: consistent"]), {"scope": "out"})
        submit(f"out-of-scope+{first}", [OTHER],
               with_forged(base, ["X-SA-Triage-Verdict: verified",
                                  "X-SA-Triage-Reasons: forged"]), {"scope": "out"})
        log(f"sent {len(sent)} messages")

        # --- wait and read the results --------------------------------------------------
        rc = subprocess.run([args.instance, "flush", pf, "60"], timeout=90).returncode
        checks.check(rc == 0, "queue drains (only held mail left)")
        boxes = maildir_files(os.path.join(pf, "maildir"))
        held, queue_listing = hold_queue(etc)
        delivered_ids = {}  # queue id -> [(mailbox, raw)]
        for box, msgs in boxes.items():
            for raw in msgs:
                delivered_ids.setdefault(received_queue_id(raw), []).append((box, raw))
        checks.check(None not in delivered_ids, "every delivered copy names its queue id")
        checks.check(all(e["queue_name"] == "hold" for e in map(json.loads, filter(
            None, queue_listing.splitlines()))), "nothing left in the queue but held mail")

        grant_box = "grant.example.lg.jp/hojokin"
        review_box = "grant.example.lg.jp/tokyo-review"
        other_box = "grant.example.lg.jp/other"
        counts = {"delivered": 0, "held": 0, "rejected": 0}
        for m in sent:
            label, exp = m["label"], m["expected"]
            if m["outcome"] == "rejected":
                counts["rejected"] += 1
                continue
            if m["outcome"] != "accepted":
                continue
            qid = m["detail"]
            copies = delivered_ids.get(qid, [])
            in_hold = qid in held
            if in_hold:
                counts["held"] += 1
            elif copies:
                counts["delivered"] += 1
            checks.check(in_hold != bool(copies), f"{label}: either delivered or held",
                         f"queue id {qid}, held={in_hold}, copies={len(copies)}")
            raws = [raw for _, raw in copies] + ([held[qid]] if in_hold else [])
            verdict = exp.get("verdict", "")
            if exp.get("scope") == "out":
                checks.check([b for b, _ in copies] == [other_box], f"{label}: delivered to other")
                for raw in raws:
                    checks.check(triage_headers(raw) == {}, f"{label}: no X-SA-Triage-* headers",
                                 str(triage_headers(raw)))
                continue
            # Routing as configured: suspicious held, star-2 consistent/verified copied.
            want_hold = verdict == "suspicious"
            want_review = verdict in ("consistent", "verified") and exp.get("star") == "2"
            checks.check(in_hold == want_hold, f"{label}: held iff suspicious",
                         f"verdict {verdict}, held={in_hold}")
            want_boxes = [] if want_hold else sorted([grant_box] + ([review_box] if want_review
                                                                    else []))
            checks.check(sorted(b for b, _ in copies) == want_boxes,
                         f"{label}: delivered to {want_boxes}", str([b for b, _ in copies]))
            for raw in raws:
                tri = triage_headers(raw)
                verdicts = tri.get(PREFIX + "verdict", [])
                checks.check(len(verdicts) == 1, f"{label}: exactly one X-SA-Triage-Verdict",
                             f"{len(verdicts)} found")
                if verdicts:
                    checks.check(decoded(verdicts[0]) == verdict, f"{label}: verdict",
                                 f"got {decoded(verdicts[0])!r}, expected {verdict!r}")
                for key in ("notice", "star", "forward"):
                    want = exp.get(key, "")
                    got = [decoded(v) for v in tri.get(PREFIX + key, [])]
                    if want in ("", "none", "0", "-"):
                        checks.check(got == [], f"{label}: no X-SA-Triage-{key.title()}",
                                     str(got))
                    else:
                        checks.check(got == [want], f"{label}: X-SA-Triage-{key.title()}",
                                     f"got {got}, expected {want!r}")
                # A printout (samples/*-printout-*) shows its 受付状況 when consistent.
                if exp.get("forward") == "printout" and verdict == "consistent":
                    got = [decoded(v) for v in tri.get(PREFIX + "printout-status", [])]
                    checks.check(got == ["宣言済"], f"{label}: X-SA-Triage-Printout-Status",
                                 str(got))
                for name, values in tri.items():
                    for v in values:
                        checks.check(all(b < 128 for b in v) and b"\r" not in v,
                                     f"{label}: {name} is ASCII without CR", repr(v[:80]))
                # Forged copies removed: the milter's own set has each name once.
                twice = sorted(n for n, v in tri.items() if len(v) > 1)
                checks.check(twice == [], f"{label}: each X-SA-Triage-* header once", str(twice))
        sent_n = len(sent)
        total = counts["delivered"] + counts["held"] + counts["rejected"]
        checks.check(total == sent_n, "accounting: delivered + held + rejected == sent",
                     f"{counts} vs sent {sent_n}")
        log(f"sent {sent_n}: delivered {counts['delivered']}, held {counts['held']}, "
            f"rejected {counts['rejected']}")

        # The milter logs one line per message it saw; each queue id is in its log.
        milter_log.flush()
        text = open(milter_log_path, "rb").read().decode(errors="replace")
        for m in sent:
            if m["outcome"] == "accepted" and m["detail"]:
                checks.check(m["detail"] in text, f"{m['label']}: queue id in the milter log")

        # Postfix saw no protocol trouble: a failed edit makes it skip the rest silently.
        with open(maillog_path, encoding="utf-8", errors="replace") as f:
            f.seek(maillog_start)
            trouble = [line.strip() for line in f if "milter" in line and
                       re.search(r"warning|error|fatal", line)]
        checks.check(trouble == [], "no milter warnings in the Postfix log",
                     "; ".join(trouble[:3]))

        # --- the held-mail commands ---------------------------------------------------
        if args.cli:
            held_checks(checks, args.cli, cfg, etc, pf, sent, milter_log_path, args.instance)

        # --- notice ① paired with ② through the ledger ----------------------------------
        if not args.stock_chroot:
            pair_checks(checks, args.cli, cfg, pf, port, args.samples, args.instance)

        # --- milter gone: Postfix must not accept mail untagged --------------------------
        before = sum(len(v) for v in maildir_files(os.path.join(pf, "maildir")).values())
        in_scope_plain = plain.replace(b"other@", b"hojokin@")
        # Dies in flight: the session (and Postfix's milter connection) is open at RCPT.
        try:
            with smtplib.SMTP("127.0.0.1", port, timeout=30) as smtp:
                smtp.ehlo("e2e.sa-triage.test")
                smtp.mail(SENDER)
                smtp.rcpt(GRANT)
                milter.kill()
                milter.wait(10)
                code, text = smtp.data(in_scope_plain)
                outcome = f"{code} {text!r}"
        except smtplib.SMTPResponseException as e:
            code, outcome = e.smtp_code, f"{e.smtp_code} {e.smtp_error!r}"
        except (smtplib.SMTPException, OSError) as e:
            code, outcome = 0, f"{type(e).__name__}: {e}"
        checks.check(400 <= code < 500, "milter killed in flight: SMTP client gets 4xx", outcome)
        # Down from the start of a session.
        outcome, detail = send(port, [GRANT], in_scope_plain)
        checks.check(outcome == "tempfail", "milter down: SMTP client gets 4xx",
                     f"{outcome} {detail}")
        subprocess.run([args.instance, "flush", pf, "20"], timeout=40)
        after = sum(len(v) for v in maildir_files(os.path.join(pf, "maildir")).values())
        checks.check(after == before, "milter down: nothing delivered")
    finally:
        stop_all()
        if milter_log is not None:
            milter_log.close()
        print(f"{checks.passed} passed, {checks.failed} failed", flush=True)
        if args.keep or checks.failed:
            print(f"e2e: files kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main())
