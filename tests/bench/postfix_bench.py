#!/usr/bin/env python3
"""postfix_bench.py - what sa-triage-milter costs Postfix, with the config an office runs,
measured side by side in one run (a benchmark that prints numbers, not a test; run as root).

    tests/bench/postfix_bench.py [--quick] [--ledger-off] [--rounds N] [--out FILE] [BUILD_DIR]

Four private Postfix instances (tests/postfix/postfix_instance.sh, loopback only) run at once:
no milter | sa-null-milter (tests/bench/null_milter.c: libmilter defaults, adds one header)
on a unix socket | sa-triage-milter on a unix socket | sa-triage-milter over TCP loopback.
Each round runs every setup in turn (the order rotates from round to round):
  smtp-source -s 8 -m 1000, then -s 1 -m 300 (time until all are accepted), each followed by
  a wait until the queue is delivered; then one SMTP session that times each message's
  end of data ("." sent) to its 250 reply.
Throughput is the median over rounds of (no-milter time / setup time) of the same round.
Milter CPU per message is utime+stime of the milter process (/proc/PID/stat) over the
timed parts, divided by the messages sent. Added latency is the setup's percentile minus
the no-milter percentile, over all rounds' samples.

sa-triage-milter runs the SHIPPED config/sa-triage.yaml; what the bench changes is printed
(a diff): scope.recipients (empty in the shipped file: nothing would be judged) is the bench
recipient, ledger.path and metrics.listen point into the temp dir / a free port, milter.user
is nobody unless a sa-triage user exists. --ledger-off sets ledger.backend: none.

Writes the table, the machine, the load and the command into the generated section of
docs/performance.md (--out FILE elsewhere; --quick writes only with --out). Targets are
printed beside the numbers; the exit status does not depend on them.
"""
import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

from bench_daemon import RCPT, bench_config, free_port, stop_process

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
INSTANCE = os.path.join(ROOT, "tests/postfix/postfix_instance.sh")
SENDER = "forwarder@example.jp"
BEGIN = "<!-- postfix_bench.py: generated section, begin -->"
END = "<!-- postfix_bench.py: generated section, end -->"
TARGETS = {"unix": 0.90, "tcp": 0.85, "cpu": 1.5, "p50": 0.5, "p99": 2.0}


def log(text):
    print(f"postfix_bench: {text}", file=sys.stderr, flush=True)


def proc_stat(pid):
    """The fields of /proc/PID/stat after the command name (fields[0] is the state)."""
    with open(f"/proc/{pid}/stat") as f:
        return f.read().rsplit(")", 1)[1].split()


def cpu_seconds(pid):
    """utime + stime of the whole process (every thread, living or gone), in seconds."""
    fields = proc_stat(pid)
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


class Milter:
    def __init__(self, argv, spec, log_path, start_seconds=10):
        self.spec = spec
        self.proc = subprocess.Popen(argv, stdout=open(log_path, "ab"), stderr=subprocess.STDOUT)
        for _ in range(int(start_seconds / 0.05)):
            if self.listening():
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        sys.exit(f"postfix_bench: milter on {spec} did not start; see {log_path}:\n"
                 + open(log_path, errors="replace").read()[-2000:])

    def listening(self):
        if self.spec.startswith("unix:"):
            return os.path.exists(self.spec[5:])
        port = int(self.spec[5:].split("@")[0])
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        except OSError:
            return False

    def postfix_spec(self):
        if self.spec.startswith("inet:"):
            return "inet:127.0.0.1:" + self.spec[5:].split("@")[0]
        return self.spec

    def cpu(self):
        return cpu_seconds(self.proc.pid)

    def stop(self):
        stop_process(self.proc)


class Setup:
    def __init__(self, key, label, work, milter):
        self.key, self.label, self.milter = key, label, milter
        self.dir = os.path.join(work, f"pf-{key}")
        self.port = free_port()
        spec = milter.postfix_spec() if milter else "none"
        run([INSTANCE, "start", self.dir, str(self.port), spec, "tempfail"], quiet=True)
        self.s8, self.s1, self.lat, self.cpu, self.msgs = [], [], [], 0.0, 0

    def stop(self):
        subprocess.run([INSTANCE, "stop", self.dir], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)

    def flush(self):
        run([INSTANCE, "flush", self.dir, "300"], quiet=True)


def run(argv, quiet=False):
    r = subprocess.run(argv, stdout=subprocess.DEVNULL if quiet else None)
    if r.returncode != 0:
        sys.exit(f"postfix_bench: failed ({r.returncode}): {' '.join(argv)}")


def smtp_source(setup, sessions, count, message):
    t = time.perf_counter()
    run(["smtp-source", "-s", str(sessions), "-m", str(count), "-F", message, "-f", SENDER,
         "-t", RCPT, f"127.0.0.1:{setup.port}"])
    return time.perf_counter() - t


def latencies(port, data, count):
    """One SMTP session (reconnecting every 90 messages, untimed): per message, ms from the
    end-of-data line being sent to the 250 reply."""
    def reply(f):
        while True:
            line = f.readline()
            if not line:
                raise OSError("connection closed")
            if line[3:4] != b"-":
                return int(line[:3])

    def session():
        s = socket.create_connection(("127.0.0.1", port), timeout=60)
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        f = s.makefile("rb")
        reply(f)
        s.sendall(b"EHLO bench.sa-triage.test\r\n")
        reply(f)
        return s, f

    body = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    if not body.endswith(b"\r\n"):
        body += b"\r\n"
    body = re.sub(rb"(?m)^\.", b"..", body)
    out = []
    s, f = session()
    for i in range(count):
        if i and i % 90 == 0:
            s.sendall(b"QUIT\r\n")
            s.close()
            s, f = session()
        s.sendall(f"MAIL FROM:<{SENDER}> BODY=8BITMIME\r\nRCPT TO:<{RCPT}>\r\nDATA\r\n".encode())
        codes = (reply(f), reply(f), reply(f))
        if codes != (250, 250, 354):
            sys.exit(f"postfix_bench: MAIL/RCPT/DATA answered {codes}")
        s.sendall(body)
        t = time.perf_counter()
        s.sendall(b".\r\n")
        code = reply(f)
        out.append((time.perf_counter() - t) * 1000)
        if code != 250:
            sys.exit(f"postfix_bench: end of data answered {code}")
    s.sendall(b"QUIT\r\n")
    s.close()
    return out


def percentile(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(len(xs) * q))]


def count_tagged(setup):
    n_all = n_tag = 0
    needle = {"null": b"\nX-Null-Milter: seen", "sa": b"\nX-SA-Triage-Verdict: consistent"}
    kind = None if setup.milter is None else ("null" if setup.key == "null" else "sa")
    for dirpath, _, files in os.walk(os.path.join(setup.dir, "maildir")):
        if not dirpath.endswith("/new"):
            continue
        for name in files:
            n_all += 1
            if kind:
                with open(os.path.join(dirpath, name), "rb") as f:
                    if needle[kind] in f.read(65536):
                        n_tag += 1
    return n_all, (n_tag if kind else None)


def machine_lines(args, message, load_before, load_after):
    model = ""
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    pf = subprocess.run(["postconf", "-d", "-h", "mail_version"], capture_output=True,
                        text=True).stdout.strip()
    cmd = "tests/bench/postfix_bench.py " + " ".join(sys.argv[1:])
    return [
        f"Command: `{cmd.strip()}` (as root, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())})",
        f"Machine: {os.cpu_count()} cores ({model}), kernel {os.uname().release}, Postfix {pf}; "
        f"load average {load_before} before, {load_after} after (other jobs share the machine)",
        f"Message: {os.path.basename(message)} ({os.path.getsize(message)} bytes) to {RCPT}; "
        f"{args.rounds} interleaved rounds of smtp-source -s 8 -m {args.m8} and -s 1 -m {args.m1}, "
        f"{args.lat} timed messages per setup and round; ledger "
        f"{'off (--ledger-off)' if args.ledger_off else 'on (SQLite, as shipped)'}",
    ]


def table(setups, base):
    def ok(flag):
        return "yes" if flag else "**no**"

    null = next(s for s in setups if s.key == "null")
    null_cpu = null.cpu / max(1, null.msgs)
    b50, b99 = percentile(base.lat, 0.5), percentile(base.lat, 0.99)
    rows = ["| setup | s=8 ratio (median) | s=1 ratio (median) | target | milter CPU/msg "
            "| vs null milter (≤ 1.5×) | end of data → 250 p50 / p99 | added p50 / p99 "
            "(≤ 0.5 / 2 ms) | delivered / tagged |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for s in setups:
        r8 = statistics.median(b / t for b, t in zip(base.s8, s.s8))
        r1 = statistics.median(b / t for b, t in zip(base.s1, s.s1))
        p50, p99 = percentile(s.lat, 0.5), percentile(s.lat, 0.99)
        target = TARGETS["tcp"] if s.key == "tcp" else TARGETS["unix"]
        if s is base:
            tgt = cpu = vs = added = "–"
        else:
            tgt = f"≥ {target:.2f}×: {ok(r8 >= target and r1 >= target)}"
            cpu_ms = s.cpu / max(1, s.msgs) * 1000
            cpu = f"{cpu_ms:.3f} ms"
            ratio = cpu_ms / (null_cpu * 1000) if null_cpu else float("inf")
            vs = "1.00×" if s is null else f"{ratio:.2f}×: {ok(ratio <= TARGETS['cpu'])}"
            a50, a99 = p50 - b50, p99 - b99
            added = (f"{a50:+.2f} / {a99:+.2f} ms: "
                     f"{ok(a50 <= TARGETS['p50'] and a99 <= TARGETS['p99'])}")
            if s is null:
                tgt = "–"
                added = f"{a50:+.2f} / {a99:+.2f} ms"
        d, t = count_tagged(s)
        rows.append(f"| {s.label} | {r8:.2f}× | {r1:.2f}× | {tgt} | {cpu} | {vs} "
                    f"| {p50:.2f} / {p99:.2f} ms | {added} | {d} / {'-' if t is None else t} |")
    return rows


def write_section(path, lines):
    old = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
    block = BEGIN + "\n" + "\n".join(lines) + "\n" + END
    if BEGIN in old and END in old:
        new = old[:old.index(BEGIN)] + block + old[old.index(END) + len(END):]
    else:
        new = (old.rstrip("\n") + "\n\n" if old else "") + block + "\n"
    with open(path, "w", encoding="utf-8") as f:
        f.write(new)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("build", nargs="?", default=os.path.join(ROOT, "build"))
    ap.add_argument("--quick", action="store_true",
                    help="development: 2 rounds, -m 200 / -m 60, 40 timed messages")
    ap.add_argument("--ledger-off", action="store_true", help="ledger.backend: none")
    ap.add_argument("--rounds", type=int)
    ap.add_argument("--out", help="file with the generated section (default docs/performance.md)")
    ap.add_argument("--message", default=os.path.join(
        ROOT, "samples/inline-gmail-ja-utf8-qp-2star-consistent.eml"))
    args = ap.parse_args()
    args.rounds = args.rounds or (2 if args.quick else 5)
    args.m8, args.m1, args.lat = (200, 60, 40) if args.quick else (1000, 300, 200)
    out = args.out or (None if args.quick else os.path.join(ROOT, "docs/performance.md"))

    if os.geteuid() != 0:
        sys.exit("postfix_bench: run as root (private Postfix instances)")
    build = os.path.abspath(args.build)
    milter_bin = os.path.join(build, "milter/daemon/sa-triage-milter")
    null_bin = os.path.join(build, "tests/bench/sa-null-milter")
    for b in (milter_bin, null_bin):
        if not os.access(b, os.X_OK):
            sys.exit(f"postfix_bench: missing {b} "
                     f"(cmake --build {build} --target sa-triage-milter sa-null-milter)")
    if not shutil.which("smtp-source"):
        os.environ["PATH"] += ":/usr/sbin"
        if not shutil.which("smtp-source"):
            sys.exit("postfix_bench: smtp-source missing (package postfix)")

    shipped = os.path.join(ROOT, "config/sa-triage.yaml")
    data = open(args.message, "rb").read()
    work = tempfile.mkdtemp(prefix="sa-bench.")
    os.chmod(work, 0o755)
    milters, setups = [], []
    load_before = loadavg()
    try:
        cfg_unix, diff = bench_config(shipped, work, "sa-unix", args.ledger_off)
        cfg_tcp, _ = bench_config(shipped, work, "sa-tcp", args.ledger_off)
        null = Milter([null_bin, f"unix:{work}/null.sock"], f"unix:{work}/null.sock",
                      f"{work}/null.log")
        sa_unix = Milter([milter_bin, "--config", cfg_unix, "--socket", f"unix:{work}/sa.sock"],
                         f"unix:{work}/sa.sock", f"{work}/sa-unix.log")
        tcp = f"inet:{free_port()}@127.0.0.1"
        sa_tcp = Milter([milter_bin, "--config", cfg_tcp, "--socket", tcp], tcp,
                        f"{work}/sa-tcp.log")
        milters = [null, sa_unix, sa_tcp]
        base = Setup("none", "no milter", work, None)
        setups = [base,
                  Setup("null", "null libmilter milter, unix", work, null),
                  Setup("unix", "sa-triage-milter, unix", work, sa_unix),
                  Setup("tcp", "sa-triage-milter, TCP", work, sa_tcp)]
        for s in setups:  # warm-up: process start, first connections, SQLite file
            smtp_source(s, 2, 20, args.message)
            s.flush()
        for r in range(args.rounds):
            order = setups[r % 4:] + setups[:r % 4]
            for s in order:
                c0 = s.milter.cpu() if s.milter else 0
                s.s8.append(smtp_source(s, 8, args.m8, args.message))
                s.flush()
                s.s1.append(smtp_source(s, 1, args.m1, args.message))
                s.flush()
                s.lat += latencies(s.port, data, args.lat)
                if s.milter:
                    s.cpu += s.milter.cpu() - c0
                s.flush()
                s.msgs += args.m8 + args.m1 + args.lat
                log(f"round {r + 1}/{args.rounds} {s.label}: s8 {s.s8[-1]:.2f} s, "
                    f"s1 {s.s1[-1]:.2f} s, load {loadavg()}")
        lines = machine_lines(args, args.message, load_before, loadavg())
        lines += [""] + table(setups, base)
        lines += ["", "Ratio: no-milter time / setup time of the same round (1.00× = as fast as "
                  "Postfix alone). CPU/msg: the milter process's utime+stime over the timed "
                  "runs / messages. Added latency: setup percentile − no-milter percentile.",
                  "", "What the bench changed in the shipped config (sa-triage, unix; the TCP "
                  "instance differs only in its own ledger file and metrics port):", "", "```diff"]
        lines += diff + ["```"]
        print("\n".join(lines))
        if out:
            write_section(out, lines)
            log(f"wrote {out}")
    finally:
        for s in setups:
            s.stop()
        for m in milters:
            m.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
