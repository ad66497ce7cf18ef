#!/usr/bin/env python3
"""load_test.py - sa-triage-milter under load and faults behind a private Postfix
(ctest "load: 20000 messages with faults").

Starts the milter on a unix socket and a throw-away Postfix (tests/postfix/postfix_instance.sh,
milter_default_action = tempfail), then 50 concurrent SMTP sessions send 20,000 messages
mixing every samples/*.eml, each with its own Message-ID and X-Load-Seq header. While the
load runs, faults are injected at fixed points of progress:
  (b) SIGHUP with a valid changed config (a routing rule copying verdict=none mail to
      other@), then SIGHUP with an invalid config (refused, daemon keeps running);
  (c) the ledger made unwritable (only when the daemon writes a ledger at all);
  (a) kill -9 of the milter, restart 2 s later: senders get 4xx and retry (bounded);
  (d) a 50 MB message and a message with 10,000 headers.
Afterwards every message is accounted for (delivered to the Maildir by X-Load-Seq, or held
in the hold queue; none lost, none given up), every copy carries exactly one
X-SA-Triage-Verdict equal to its sample's .expected verdict, and the milter's RSS and open
file descriptors (sampled every second) show no growth trend. A table tells what happened to
each fault message.

It does not judge the engine's decisions beyond the verdict (the e2e and core tests do).
Needs root, Postfix and python3 (stdlib). Exit 0 when all checks pass, 1 on a failure,
77 (ctest: skipped) when it cannot run here. Everything stays on 127.0.0.1.
"""

import argparse
import json
import os
import pwd
import queue
import re
import shutil
import signal
import smtplib
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "postfix"))
import e2e_test as e2e  # noqa: E402  (config, Maildir and header helpers of the e2e test)

SKIP = 77
SENDER = "forwarder@example.jp"
GRANT, REVIEW, OTHER = e2e.GRANT, e2e.REVIEW, e2e.OTHER
GRANT_BOX = "grant.example.lg.jp/hojokin"
REVIEW_BOX = "grant.example.lg.jp/tokyo-review"
OTHER_BOX = "grant.example.lg.jp/other"
TIME_LIMIT = 840  # seconds for the whole test (ctest TIMEOUT is 900)
MAX_ATTEMPTS = 12  # per message, on 4xx or a broken connection
RELOAD_RULE = f"""  - name: load-reload-copy-none
    match: {{ verdict: [none] }}
    action: add_recipients
    recipients: [{OTHER}]
"""


def log(text):
    print(f"load: {text}", flush=True)


# --- messages ---------------------------------------------------------------------------

def with_load_headers(data, seq):
    """The sample with its Message-ID replaced and X-Load-Seq added at the end of the header
    (the top of the header is left alone: Resent-* blocks and forged headers stay first)."""
    m = re.search(rb"\r?\n\r?\n", data)
    head, rest = (data[: m.start()], data[m.start():]) if m else (data, b"\r\n\r\n")
    nl = b"\r\n" if b"\r\n" in head else b"\n"
    head = re.sub(rb"(?im)^message-id:.*(\r?\n[ \t].*)*(\r?\n|\Z)", b"", head).rstrip(b"\r\n")
    own = nl + f"Message-ID: <load-{seq}@load.sa-triage.test>".encode() + nl + \
        f"X-Load-Seq: {seq}".encode()
    return head + own + rest


def big_message(seq, size):
    """An in-scope message of `size` bytes: base64-looking lines, plain ASCII."""
    head = (f"From: applicant@example.jp\r\nTo: {GRANT}\r\nSubject: load fault: 50 MB\r\n"
            f"Message-ID: <load-{seq}@load.sa-triage.test>\r\nX-Load-Seq: {seq}\r\n"
            "MIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\n").encode()
    line = b"QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0\r\n"
    return head + line * ((size - len(head)) // len(line) + 1)


def many_headers(data, seq, count):
    """The sample with `count` extra X-Filler headers at the end of its header."""
    m = re.search(rb"\r?\n\r?\n", data)
    filler = b"".join(f"X-Filler-{i}: header {i} of {count}\r\n".encode() for i in range(count))
    return with_load_headers(data[: m.start()] + b"\r\n" + filler.rstrip(b"\r\n") +
                             data[m.start():], seq)


class Sent:
    """What happened to one message on the SMTP side."""
    __slots__ = ("seq", "sample", "outcome", "detail", "tempfails", "attempts", "t_mail",
                 "t_done")

    def __init__(self, seq, sample):
        self.seq, self.sample = seq, sample
        self.outcome, self.detail = "unsent", ""
        self.tempfails, self.attempts = 0, 0
        self.t_mail = self.t_done = 0.0


class Session:
    """One SMTP session reused for many messages; reconnects after any trouble."""

    def __init__(self, port):
        self.port, self.smtp, self.used = port, None, 0

    def close(self):
        if self.smtp is not None:
            try:
                self.smtp.close()
            except OSError:
                pass
        self.smtp = None

    def transaction(self, data, rcpts, record):
        """One attempt. Returns (outcome, detail): accepted|tempfail|rejected|error."""
        try:
            if self.smtp is None or self.used >= 90:  # Postfix's smtpd max_use is 100
                self.close()
                self.smtp = smtplib.SMTP("127.0.0.1", self.port, timeout=120)
                self.smtp.ehlo("load.sa-triage.test")
                self.used = 0
            self.used += 1
            record.t_mail = time.monotonic()
            opts = ["BODY=8BITMIME"] if re.search(rb"[\x80-\xff]", data) else []
            code, text = self.smtp.mail(SENDER, opts)
            stage = "MAIL"
            if code == 250:
                for r in rcpts:
                    code, text = self.smtp.rcpt(r)
                    stage = "RCPT"
                    if code >= 300:
                        break
            if code < 300:
                code, text = self.smtp.data(data)
                stage = "DATA"
            if code == 250:
                m = re.search(rb"queued as ([0-9A-Za-z]+)", text)
                return "accepted", m.group(1).decode() if m else ""
            detail = f"{stage} {code} {text.decode(errors='replace')[:80]}"
        except smtplib.SMTPResponseException as e:
            code, detail = e.smtp_code, f"{e.smtp_code} {e.smtp_error[:80]!r}"
        except (smtplib.SMTPException, OSError) as e:
            self.close()
            return "error", f"{type(e).__name__}: {e}"
        # After a refusal the session may be unusable (milter gone): start a new one.
        self.close()
        return ("tempfail" if 400 <= code < 500 else "rejected"), detail


def deliver(session, data, rcpts, record, stop):
    """Sends with bounded retries on 4xx and broken connections."""
    for attempt in range(1, MAX_ATTEMPTS + 1):
        record.attempts = attempt
        outcome, detail = session.transaction(data, rcpts, record)
        record.outcome, record.detail = outcome, detail
        if outcome in ("accepted", "rejected"):
            break
        record.tempfails += 1
        if stop.is_set():
            break
        time.sleep(min(0.25 * attempt, 2.0))
    record.t_done = time.monotonic()
    return record


# --- the milter process -----------------------------------------------------------------

class Milter:
    def __init__(self, binary, cfg, sock, log_path):
        self.binary, self.cfg, self.sock, self.log_path = binary, cfg, sock, log_path
        self.proc, self.log = None, open(log_path, "ab")

    def start(self):
        if os.path.exists(self.sock):
            os.unlink(self.sock)
        self.proc = subprocess.Popen([self.binary, "--config", self.cfg, "--socket",
                                      f"unix:{self.sock}"], stdout=self.log,
                                     stderr=subprocess.STDOUT)
        end = time.monotonic() + 15
        while time.monotonic() < end and self.proc.poll() is None and \
                not os.path.exists(self.sock):
            time.sleep(0.05)
        return self.proc.poll() is None and os.path.exists(self.sock)

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self):
        if self.alive():
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.log.flush()

    def text(self):
        self.log.flush()
        with open(self.log_path, "rb") as f:
            return f.read().decode(errors="replace")

    def wait_log(self, needle, start_at, seconds):
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if needle in self.text()[start_at:]:
                return True
            time.sleep(0.1)
        return False


def proc_sample(pid):
    """(VmRSS kB, VmHWM kB, open fds, threads) of a process, or None when it is gone."""
    try:
        status = {}
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                k, _, v = line.partition(":")
                status[k] = v.split()
        return (int(status["VmRSS"][0]), int(status["VmHWM"][0]),
                len(os.listdir(f"/proc/{pid}/fd")), int(status["Threads"][0]))
    except (OSError, KeyError, ValueError, IndexError):
        return None


class Sampler(threading.Thread):
    """Samples the milter every `every` seconds: (t, life, rss, hwm, fds, threads)."""

    def __init__(self, milter, every=1.0):
        super().__init__(daemon=True)
        self.milter, self.every, self.rows, self.life = milter, every, [], 1
        self.phase = ""  # "big" once the fault messages are on their way
        self.stop_event = threading.Event()
        self.t0 = time.monotonic()

    def sample(self, label=""):
        if not self.milter.alive():
            return None
        s = proc_sample(self.milter.proc.pid)
        if s is not None:
            self.rows.append((time.monotonic() - self.t0, self.life, *s, label or self.phase))
        return s

    def run(self):
        while not self.stop_event.wait(self.every):
            self.sample()


# --- reading the results ----------------------------------------------------------------

def read_head(path, limit=4 << 20):
    """The header section of a file (bounded read)."""
    out = b""
    with open(path, "rb") as f:
        while len(out) < limit:
            chunk = f.read(65536)
            if not chunk:
                break
            out += chunk
            if re.search(rb"\r?\n\r?\n", out):
                break
    return out


def load_seq(raw):
    for name, value in e2e.header_section(raw):
        if name.lower() == "x-load-seq":
            try:
                return int(value.strip())
            except ValueError:
                return None
    return None


def delivered_copies(base):
    """{seq: [(mailbox, triage headers)]} over every Maildir file, and files without seq."""
    copies, orphans = {}, 0
    for root, _dirs, files in os.walk(base):
        if os.path.basename(root) not in ("new", "cur"):
            continue
        box = os.path.relpath(os.path.dirname(root), base)
        for name in files:
            raw = read_head(os.path.join(root, name))
            seq = load_seq(raw)
            if seq is None:
                orphans += 1
                continue
            copies.setdefault(seq, []).append((box, e2e.triage_headers(raw)))
    return copies, orphans


def held_messages(pf):
    """{seq: triage headers} of the hold queue (postcat over the hold files, in batches)."""
    hold = os.path.join(pf, "spool", "hold")
    files = []
    for root, _dirs, names in os.walk(hold):
        files += [os.path.join(root, n) for n in names]
    held = {}
    for i in range(0, len(files), 200):
        out = subprocess.run(["postcat", "-c", os.path.join(pf, "etc"), "-e", "-h",
                              *files[i:i + 200]], capture_output=True, timeout=120).stdout
        # Per file: "*** ENVELOPE RECORDS f ***", "*** MESSAGE CONTENTS f ***" (the header
        # with -h), "*** HEADER EXTRACTED f ***", "*** MESSAGE FILE END f ***".
        for block in out.split(b"*** MESSAGE CONTENTS ")[1:]:
            block = block.split(b"***\n", 1)[-1].split(b"*** HEADER EXTRACTED", 1)[0]
            seq = load_seq(block)
            if seq is not None:
                held[seq] = e2e.triage_headers(block)
    return held, len(files)


def verdicts_of(tri):
    return [e2e.decoded(v) for v in tri.get(e2e.PREFIX + "verdict", [])]


def reasons_of(tri):
    return " ".join(e2e.decoded(v) for v in tri.get(e2e.PREFIX + "reasons", []))


def mean(xs):
    return sum(xs) / len(xs) if xs else 0.0


# --- main -------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--milter", required=True, help="path of sa-triage-milter")
    ap.add_argument("--samples", required=True, help="directory with *.eml and *.expected")
    ap.add_argument("--config", required=True, help="base config (config/sa-triage.yaml)")
    ap.add_argument("--instance", default=os.path.join(os.path.dirname(
        os.path.abspath(__file__)), "..", "postfix", "postfix_instance.sh"))
    ap.add_argument("--messages", type=int, default=20000)
    ap.add_argument("--sessions", type=int, default=50)
    ap.add_argument("--keep", action="store_true", help="keep the temp dir for inspection")
    args = ap.parse_args()

    if os.geteuid() != 0:
        print("load: skipped: needs root (a private Postfix instance)")
        return SKIP
    for tool in ("postfix", "postqueue", "postcat", "postconf"):
        if shutil.which(tool, path=os.environ.get("PATH", "") + ":/usr/sbin") is None:
            print(f"load: skipped: {tool} not installed")
            return SKIP
    if not os.access(args.milter, os.X_OK):
        print(f"load: FAIL: no milter binary at {args.milter}")
        return 1
    names = sorted(f[:-4] for f in os.listdir(args.samples) if f.endswith(".eml"))
    samples = []
    for name in names:
        with open(os.path.join(args.samples, name + ".eml"), "rb") as f:
            data = f.read()
        exp = e2e.read_expected(os.path.join(args.samples, name + ".expected"))
        samples.append((name, data, exp))
    if not samples:
        print(f"load: FAIL: no samples in {args.samples}")
        return 1

    checks = e2e.Checks()
    t_start = time.monotonic()
    tmp = tempfile.mkdtemp(prefix="sa-load-")
    os.chmod(tmp, 0o755)
    pf = os.path.join(tmp, "postfix")
    sock = os.path.join(tmp, "milter.sock")
    cfg = os.path.join(tmp, "sa-triage.yaml")
    ledger_dir = os.path.join(tmp, "ledger")
    ledger_path = os.path.join(ledger_dir, "ledger.sqlite")
    os.mkdir(ledger_dir, 0o700)
    nobody = pwd.getpwnam("nobody")
    os.chown(ledger_dir, nobody.pw_uid, nobody.pw_gid)  # the milter drops to nobody
    base_cfg = e2e.test_config(args.config, sock)
    if "\nledger:\n  backend: none\n" in base_cfg:
        base_cfg = base_cfg.replace("\nledger:\n  backend: none\n",
                                    f"\nledger:\n  backend: sqlite\n  path: {ledger_path}\n")
    changed_cfg = base_cfg.replace("\nrouting:\n", "\nrouting:\n" + RELOAD_RULE, 1)
    invalid_cfg = changed_cfg + "\nscope: { recipients: [unclosed\n"
    with open(cfg, "w", encoding="utf-8") as f:
        f.write(base_cfg)
    milter = Milter(args.milter, cfg, sock, os.path.join(tmp, "milter.log"))
    sampler = Sampler(milter)
    postfix_started = False
    stop = threading.Event()

    def stop_all():
        nonlocal postfix_started
        stop.set()
        sampler.stop_event.set()
        if postfix_started:
            subprocess.run([args.instance, "stop", pf], timeout=90)
            postfix_started = False
        milter.stop()

    def on_signal(signum, _frame):
        print(f"load: stopped by signal {signum} after {time.monotonic() - t_start:.0f}s",
              flush=True)
        stop_all()
        print(f"load: files kept in {tmp}")
        os._exit(128 + signum)

    for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGALRM):
        signal.signal(s, on_signal)
    signal.alarm(TIME_LIMIT)

    try:
        if not checks.check(milter.start(), "milter starts and listens"):
            print(milter.text())
            return 1
        port = e2e.free_port()
        rc = subprocess.run([args.instance, "start", pf, str(port), f"unix:{sock}",
                             "tempfail"], timeout=60).returncode
        postfix_started = True
        if not checks.check(rc == 0, "private Postfix starts"):
            return 1
        time.sleep(0.5)
        base = sampler.sample("before")
        log(f"milter before load: VmRSS {base[0]} kB, fds {base[2]}, threads {base[3]}")
        sampler.start()

        # --- load + faults ----------------------------------------------------------------
        n = args.messages
        records = [Sent(i, i % len(samples)) for i in range(n)]
        work = queue.Queue()
        for r in records:
            work.put(r)
        done = [0]
        done_lock = threading.Lock()
        errors = []

        def sender():
            session = Session(port)
            try:
                while not stop.is_set():
                    try:
                        r = work.get_nowait()
                    except queue.Empty:
                        return
                    data = with_load_headers(samples[r.sample][1], r.seq)
                    deliver(session, data, [GRANT], r, stop)
                    with done_lock:
                        done[0] += 1
            except Exception as e:  # a bug in this script: report, do not hang
                errors.append(repr(e))
            finally:
                session.close()

        faults = {}  # name -> dict of facts
        fault_records = {}  # label -> Sent (the big messages)

        def wait_done(fraction):
            while not stop.is_set() and done[0] < fraction * n and \
                    any(t.is_alive() for t in threads):
                time.sleep(0.05)

        def controller():
            try:
                # (b) reload with a valid changed config, then an invalid one.
                wait_done(0.10)
                with open(cfg + ".new", "w", encoding="utf-8") as f:
                    f.write(changed_cfg)
                os.replace(cfg + ".new", cfg)
                at = len(milter.text())
                faults["hup_valid_sent"] = time.monotonic()
                milter.proc.send_signal(signal.SIGHUP)
                faults["hup_valid_logged"] = milter.wait_log("reloaded config", at, 20)
                faults["hup_valid_done"] = time.monotonic()
                wait_done(0.20)
                with open(cfg + ".new", "w", encoding="utf-8") as f:
                    f.write(invalid_cfg)
                os.replace(cfg + ".new", cfg)
                at = len(milter.text())
                milter.proc.send_signal(signal.SIGHUP)
                faults["hup_invalid_refused"] = milter.wait_log("reload refused", at, 20)
                time.sleep(0.5)
                faults["hup_invalid_alive"] = milter.alive()
                faults["hup_invalid_line"] = next(
                    (ln for ln in milter.text()[at:].splitlines() if "reload" in ln), "")
                # The valid changed config back on disk (a restart below reads it).
                with open(cfg + ".new", "w", encoding="utf-8") as f:
                    f.write(changed_cfg)
                os.replace(cfg + ".new", cfg)

                # (c) the ledger unwritable, when the daemon writes one.
                wait_done(0.30)
                faults["ledger_used"] = os.path.exists(ledger_path)
                if faults["ledger_used"]:
                    faults["ledger_off"] = time.monotonic()
                    for p in [ledger_dir] + [os.path.join(ledger_dir, x)
                                             for x in os.listdir(ledger_dir)]:
                        os.chmod(p, 0)
                    wait_done(0.40)
                    faults["ledger_on"] = time.monotonic()
                    os.chmod(ledger_dir, 0o700)
                    for x in os.listdir(ledger_dir):
                        os.chmod(os.path.join(ledger_dir, x), 0o600)

                # (a) kill -9 and restart 2 s later.
                wait_done(0.50)
                life1 = sampler.sample("before kill")
                faults["rss_life1_end"] = life1
                faults["kill_at"] = time.monotonic()
                milter.proc.kill()
                milter.proc.wait(10)
                time.sleep(2)
                sampler.life = 2
                faults["restarted"] = milter.start()
                faults["restart_at"] = time.monotonic()

                # (d) a 50 MB message and one with 10,000 headers, alongside the load.
                wait_done(0.70)
                sampler.phase = "big"  # RSS from here on holds a 25 MB buffer's pages
                big = [("50 MB message", big_message(n, 50_000_000), "too-large"),
                       ("10,000 headers", many_headers(samples[0][1], n + 1, 10000), "")]
                for i, (label, data, _) in enumerate(big):
                    r = Sent(n + i, 0)
                    fault_records[label] = r
                    faults[f"size:{label}"] = len(data)
                    s = Session(port)
                    deliver(s, data, [GRANT], r, stop)
                    s.close()
                    del data
            except Exception as e:  # a bug in this script: report, do not hang
                errors.append("controller: " + repr(e))

        threads = [threading.Thread(target=sender, daemon=True) for _ in range(args.sessions)]
        t_load = time.monotonic()
        for t in threads:
            t.start()
        ctl = threading.Thread(target=controller, daemon=True)
        ctl.start()
        last_print = 0
        while any(t.is_alive() for t in threads) or ctl.is_alive():
            time.sleep(0.5)
            if time.monotonic() - last_print >= 15:
                last_print = time.monotonic()
                row = sampler.rows[-1] if sampler.rows else None
                log(f"{done[0]}/{n} sent, {time.monotonic() - t_load:.0f}s" +
                    (f", milter VmRSS {row[2]} kB fds {row[4]}" if row else ""))
            if time.monotonic() - t_start > TIME_LIMIT - 120:
                stop.set()
        t_sent = time.monotonic() - t_load
        checks.check(not errors, "sender threads ran without script errors", "; ".join(errors))
        rate = n / t_sent if t_sent else 0
        log(f"sent {n} messages in {t_sent:.1f}s ({rate:.0f}/s) over {args.sessions} sessions")

        rc = subprocess.run([args.instance, "flush", pf, "180"], timeout=240).returncode
        checks.check(rc == 0, "queue drains (only held mail left)")
        t_flushed = time.monotonic() - t_load
        time.sleep(3)  # idle: let the milter's threads for closed sessions exit
        after = sampler.sample("after")
        sampler.stop_event.set()

        # --- accounting -------------------------------------------------------------------
        copies, orphans = delivered_copies(os.path.join(pf, "maildir"))
        held, held_files = held_messages(pf)
        checks.check(orphans == 0, "every delivered file carries X-Load-Seq", f"{orphans}")
        checks.check(held_files == len(held), "every held file carries X-Load-Seq",
                     f"{held_files} files, {len(held)} read")
        count = dict(accepted=0, delivered=0, held=0, rejected=0, gave_up=0, lost=0,
                     retried=0, tempfails=0, wrong=0, untagged=0)
        reload_copy = dict(before=0, before_bad=0, after=0, after_bad=0)
        ledger_errors = [0, 0]  # messages with ledger=error inside / outside the window
        first_wrong = []
        hup = faults.get("hup_valid_sent", 0)
        hup_done = faults.get("hup_valid_done", 0)
        for r in records:
            count["tempfails"] += r.tempfails
            count["retried"] += r.tempfails > 0
            if r.outcome == "rejected":
                count["rejected"] += 1
                continue
            if r.outcome != "accepted":
                count["gave_up"] += 1
                continue
            count["accepted"] += 1
            name, _, exp = samples[r.sample]
            verdict = exp.get("verdict", "")
            boxes = sorted(b for b, _ in copies.get(r.seq, []))
            tris = [t for _, t in copies.get(r.seq, [])]
            if r.seq in held:
                count["held"] += 1
                tris.append(held[r.seq])
                ok = verdict == "suspicious" and boxes == []
            elif GRANT_BOX in boxes:
                count["delivered"] += 1
                want = {GRANT_BOX}
                if verdict in ("consistent", "verified") and exp.get("star") == "2":
                    want.add(REVIEW_BOX)
                ok = verdict != "suspicious" and set(boxes) - {OTHER_BOX} == want and \
                    len(boxes) == len(set(boxes))
                if verdict == "none":
                    # The reload rule copies verdict=none mail to other@ from the reload on.
                    if r.t_done < hup:
                        reload_copy["before"] += 1
                        reload_copy["before_bad"] += OTHER_BOX in boxes
                    elif r.t_mail > hup_done:
                        reload_copy["after"] += 1
                        reload_copy["after_bad"] += OTHER_BOX not in boxes
                elif OTHER_BOX in boxes:
                    ok = False
            else:
                count["lost"] += 1
                ok = False
            for tri in tris:
                vs = verdicts_of(tri)
                if not vs:
                    count["untagged"] += 1
                if vs != [verdict]:
                    ok = False
                if "ledger=error" in reasons_of(tri):
                    inside = faults.get("ledger_off", 1e18) <= r.t_done and \
                        r.t_mail <= faults.get("ledger_on", 0)
                    ledger_errors[0 if inside else 1] += 1
            if not ok:
                count["wrong"] += 1
                if len(first_wrong) < 5:
                    first_wrong.append(f"seq {r.seq} {name}: boxes {boxes}, held "
                                       f"{r.seq in held}, verdicts {[verdicts_of(t) for t in tris]}"
                                       f", expected {verdict}")
        log("accounting: " + ", ".join(f"{k} {v}" for k, v in count.items()))
        checks.check(count["accepted"] + count["rejected"] + count["gave_up"] == n,
                     "every message has an SMTP outcome")
        checks.check(count["delivered"] + count["held"] + count["rejected"] == n,
                     "accounting: delivered + held + rejected == sent",
                     f"{count} vs sent {n}")
        checks.check(count["gave_up"] == 0, "no message given up after bounded retries")
        checks.check(count["lost"] == 0, "no accepted message lost")
        checks.check(count["untagged"] == 0, "no copy without X-SA-Triage-Verdict")
        checks.check(count["wrong"] == 0, "every copy tagged with its sample's verdict, "
                     "routed as configured", "; ".join(first_wrong))

        # --- faults -----------------------------------------------------------------------
        rows = []
        kill_window = [r for r in records if r.tempfails and r.t_done >= faults.get("kill_at", 0)]
        rows.append(("kill -9, restart 2 s later",
                     f"{sum(r.tempfails for r in records)} 4xx/broken sessions over "
                     f"{count['retried']} messages; all retried: {count['gave_up'] == 0}; "
                     f"max attempts {max((r.attempts for r in records), default=0)}; "
                     f"{len(kill_window)} around the kill; delivered untagged: "
                     f"{count['untagged']}"))
        checks.check(faults.get("restarted", False), "milter restarts after kill -9")
        checks.check(len(kill_window) > 0, "kill -9: senders saw 4xx while the milter was down")
        rows.append(("SIGHUP, valid changed config",
                     f"reloaded: {faults.get('hup_valid_logged')}; verdict=none copies to "
                     f"other@: {reload_copy['before_bad']}/{reload_copy['before']} before, "
                     f"{reload_copy['after'] - reload_copy['after_bad']}/{reload_copy['after']}"
                     " after"))
        checks.check(faults.get("hup_valid_logged", False), "SIGHUP valid config: reloaded")
        checks.check(reload_copy["before_bad"] == 0 and reload_copy["after"] > 0 and
                     reload_copy["after_bad"] == 0, "SIGHUP valid config: new rule applies "
                     "from the reload on", str(reload_copy))
        rows.append(("SIGHUP, invalid config",
                     f"refused: {faults.get('hup_invalid_refused')}; daemon alive: "
                     f"{faults.get('hup_invalid_alive')}; log: "
                     f"{faults.get('hup_invalid_line', '')[-110:]}"))
        checks.check(faults.get("hup_invalid_refused", False) and
                     faults.get("hup_invalid_alive", False),
                     "SIGHUP invalid config: refused, daemon keeps running")
        if faults.get("ledger_used"):
            rows.append(("ledger unwritable (chmod 000)",
                         f"{ledger_errors[0]} messages with reason ledger=error in the window, "
                         f"{ledger_errors[1]} outside; all delivered and tagged: "
                         f"{count['lost'] == 0 and count['untagged'] == 0}"))
            checks.check(ledger_errors[0] > 0, "ledger unwritable: reason ledger=error")
        else:
            rows.append(("ledger unwritable", "not run: this daemon writes no ledger "
                         "(ledger backend sqlite configured, no file appeared)"))
        for label, r in fault_records.items():
            tri = copies.get(r.seq, [(None, held.get(r.seq, {}))])
            boxes = [b for b, _ in copies.get(r.seq, [])]
            where = ("held" if r.seq in held else f"delivered to {boxes}" if boxes else
                     "not delivered")
            verdicts = [verdicts_of(t) for _, t in tri]
            reasons = [reasons_of(t) for _, t in tri]
            rows.append((f"{label} ({faults.get('size:' + label, 0)} bytes)",
                         f"SMTP {r.outcome} {r.detail[:60]} after {r.attempts} attempt(s), "
                         f"{r.t_done - r.t_mail:.1f}s; {where}; verdict {verdicts}; "
                         f"reasons {str(reasons)[:90]}"))
            if r.outcome == "accepted":
                checks.check(bool(boxes) or r.seq in held, f"{label}: delivered or held")
                checks.check(all(len(v) == 1 for v in verdicts), f"{label}: tagged once",
                             str(verdicts))
            if label.startswith("50 MB") and r.outcome == "accepted":
                checks.check(verdicts == [["error"]] and "too-large" in reasons[0],
                             "50 MB message: verdict error, reason too-large",
                             f"{verdicts} {reasons}")
        print("\nFault                          | What happened", flush=True)
        print("-------------------------------|" + "-" * 60)
        for name, what in rows:
            print(f"{name:<31}| {what}")

        # --- RSS and fds ------------------------------------------------------------------
        print("\nmilter samples (t s, process life, VmRSS kB, VmHWM kB, fds, threads):")
        for t, life, rss, hwm, fds, thr, label in sampler.rows:
            print(f"  {t:7.1f}  life {life}  rss {rss:7d}  hwm {hwm:7d}  fds {fds:4d}  "
                  f"threads {thr:3d}  {label}")
        # Trend per process life, over the plain load (not the labelled samples nor those
        # after the 50 MB message, whose freed buffer the allocator may keep).
        for life in (1, 2):
            rss = [row[2] for row in sampler.rows if row[1] == life and not row[6]]
            if len(rss) >= 8:
                q = len(rss) // 4
                second, last = mean(rss[q:2 * q]), mean(rss[-q:])
                log(f"life {life}: mean VmRSS 2nd quarter {second:.0f} kB, last quarter "
                    f"{last:.0f} kB over {len(rss)} samples")
                checks.check(last <= 1.5 * second, f"life {life}: no RSS growth trend",
                             f"{second:.0f} -> {last:.0f} kB")
            else:
                log(f"life {life}: only {len(rss)} samples, no trend check")
        if after is not None:
            log(f"milter after load: VmRSS {after[0]} kB, VmHWM {after[1]} kB, fds {after[2]}, "
                f"threads {after[3]} (before: VmRSS {base[0]} kB, fds {base[2]})")
            checks.check(abs(after[2] - base[2]) <= 5, "open fds back to baseline +-5",
                         f"{base[2]} -> {after[2]}")
        else:
            checks.check(False, "milter alive after the load")
        log(f"duration: sending {t_sent:.1f}s, until delivered {t_flushed:.1f}s, "
            f"whole test {time.monotonic() - t_start:.1f}s")

        # Postfix's view of the milter: its warnings, counted by kind.
        kinds = {}
        with open(os.path.join(pf, "maillog"), encoding="utf-8", errors="replace") as f:
            for line in f:
                if "milter" in line and re.search(r"warning|error|fatal", line):
                    kind = re.sub(r"^.*?(warning|error|fatal): ", r"\1: ", line.strip())
                    kind = re.sub(r"[0-9A-F]{8,}|\d+", "N", kind)[:160]
                    kinds[kind] = kinds.get(kind, 0) + 1
        for kind, c in sorted(kinds.items(), key=lambda x: -x[1])[:8]:
            log(f"postfix log x{c}: {kind}")
    finally:
        stop_all()
        print(f"{checks.passed} passed, {checks.failed} failed", flush=True)
        if args.keep or checks.failed:
            print(f"load: files kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main())
