#!/usr/bin/env python3
"""instructions.py - instructions the milter executes per message, counted by valgrind's
callgrind: exact and repeatable where CPU time through Postfix moves with the machine's load
(a benchmark that prints numbers, not a test; run as root).

    tests/bench/instructions.py [--messages 300] [--sessions 1] [--build DIR] [--bin PATH]
                                [--message FILE] [--keep DIR] [--check]

Two counts of the same message:
  daemon  sa-triage-milter (--bin, default the one in --build) with the shipped config (the
          changes of bench_daemon.py), run under callgrind behind a private Postfix; smtp-source
          sends it --messages times in --sessions sessions. Counted only inside
          Engine::inspect (--toggle-collect), so start-up and the milter protocol are left
          out; what RE2 and SQLite build on first use is spread over the messages (send a
          few hundred: 20 give about 10 % more per message than 300).
  bench   build/tests/sa-triage-bench on the same message alone (a warm loop), under
          callgrind, counted inside Engine::examine.
Printed: instructions (Ir) per message of each part of the inspection, inclusive, and the
share of Engine::inspect; for Engine::examine and parse_message the bench's figure beside
the daemon's. Equal counts mean a difference in time between the two is the caches, not
work. To compare two builds, run it once with each --bin: the counts do not depend on load.
--keep DIR copies the callgrind files (daemon.out, bench.out) there, for callgrind_annotate.
--check: exit 1 unless every message was delivered and tagged and every part was counted
(the ctest `bench: instructions.py smoke` runs it so; counts are never checked).
"""
import argparse
import collections
import os
import re
import shutil
import subprocess
import sys
import tempfile

from bench_daemon import bench_config
import postfix_bench as pb

ROOT = pb.ROOT

# (label, what the function's name in callgrind's output starts with)
PARTS = [
    ("Engine::inspect (all of it)", "sa::Engine::inspect("),
    ("Engine::examine (the evidence)", "sa::Engine::examine("),
    ("parse_message (GMime and the MIME walk)", "sa::parse_message("),
    ("  GMime's parser", "g_mime_parser_construct_message"),
    ("  decoding part contents (GMime streams)", "g_mime_data_wrapper_write_to_stream"),
    ("check_candidate (templates, fields)", "sa::check_candidate("),
    ("normalize_for_matching (NFKC)", "sa::normalize_for_matching["),
    ("find_inline_originals (forward search)", "sa::find_inline_originals("),
    ("Engine::pair (ledger lookup)", "sa::Engine::pair("),
    ("Engine::record (ledger write)", "sa::Engine::record("),
    ("plan_edits (headers to write)", "sa::plan_edits("),
]


def callgrind_argv(out, toggle):
    return ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
            "--collect-atstart=no", f"--toggle-collect={toggle}"]


def inclusive_costs(path):
    """Inclusive Ir of every function in a callgrind output, by its name (the largest figure
    when callgrind_annotate lists a name more than once, e.g. once per inlined file)."""
    text = subprocess.run(["callgrind_annotate", "--inclusive=yes", "--threshold=100", path],
                          capture_output=True, text=True, check=True).stdout
    costs = collections.defaultdict(int)
    for line in text.splitlines():
        m = re.match(r"\s*([\d,]+) \([^)]*\)\s+(?:[^:\s]*:)?(\S.*?) \[", line)
        if m:
            value = int(m.group(1).replace(",", ""))
            costs[m.group(2)] = max(costs[m.group(2)], value)
    return costs


def calls_to(path, prefix):
    """How many times a function whose name starts with prefix was called (callgrind's
    'calls=' lines; names are compressed to '(id)' after their first use)."""
    names, total, target = {}, 0, None
    with open(path, errors="replace") as f:
        for line in f:
            if line.startswith("cfn="):
                m = re.match(r"cfn=\((\d+)\)(?: (.*))?", line.rstrip("\n"))
                if m:
                    if m.group(2):
                        names[m.group(1)] = m.group(2)
                    target = names.get(m.group(1), "")
            elif line.startswith(("fn=", "fi=", "fe=")):
                m = re.match(r"fn=\((\d+)\) (.*)", line.rstrip("\n"))
                if m:
                    names[m.group(1)] = m.group(2)
            elif line.startswith("calls=") and target is not None:
                if target.startswith(prefix):
                    total += int(line.split("=", 1)[1].split()[0])
                target = None
    return total


def cost_of(costs, prefix):
    return max((v for k, v in costs.items() if k.startswith(prefix)), default=0)


def run_daemon(args, work):
    cfg, _ = bench_config(os.path.join(ROOT, "config/sa-triage.yaml"), work, "sa-ir", False)
    sock = f"unix:{work}/ir.sock"
    # The daemon drops to its user: the output file must be writable after the switch, and
    # callgrind creates it (as root) at start.
    out_dir = os.path.join(work, "callgrind")
    os.makedirs(out_dir)
    os.chmod(out_dir, 0o777)
    out = os.path.join(out_dir, "daemon.out")
    argv = callgrind_argv(out, "*Engine::inspect(*") + [args.bin, "--config", cfg, "--socket",
                                                         sock]
    # Start-up (config, RE2 compiles, the CA store) is ~50x slower under valgrind.
    milter = pb.Milter(argv, sock, os.path.join(work, "daemon.log"), start_seconds=120)
    if os.path.exists(out):
        os.chmod(out, 0o666)
    setup = pb.Setup("ir", "ir", work, milter)
    try:
        pb.smtp_source(setup, args.sessions, args.messages, args.message)
        setup.flush()
        delivered, tagged = pb.count_tagged(setup)
    finally:
        setup.stop()
        milter.stop()
    if not os.path.exists(out) or os.path.getsize(out) == 0:
        sys.exit("instructions: callgrind wrote no output for the daemon; see "
                 + os.path.join(work, "daemon.log"))
    return out, delivered, tagged


def run_bench(args, work):
    bench = os.path.join(args.build, "tests/sa-triage-bench")
    one = os.path.join(work, "one")
    os.makedirs(one)
    shutil.copy(args.message, one)
    out = os.path.join(work, "bench.out")
    subprocess.run(callgrind_argv(out, "*Engine::examine(*") + [bench, "--seconds", "1", one],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--messages", type=int, default=300)
    ap.add_argument("--sessions", type=int, default=1)
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--bin", help="sa-triage-milter to count (default: the one in --build)")
    ap.add_argument("--message", default=os.path.join(
        ROOT, "samples/inline-gmail-ja-utf8-qp-2star-consistent.eml"))
    ap.add_argument("--keep", metavar="DIR",
                    help="copy the two callgrind files there (for callgrind_annotate)")
    ap.add_argument("--check", action="store_true",
                    help="exit 1 unless every message was delivered and tagged, every part counted")
    args = ap.parse_args()
    if os.geteuid() != 0:
        sys.exit("instructions: run as root (a private Postfix instance)")
    for tool in ("valgrind", "callgrind_annotate"):
        if not shutil.which(tool):
            sys.exit(f"instructions: {tool} not found (apt install valgrind)")
    if not shutil.which("smtp-source"):
        os.environ["PATH"] += ":/usr/sbin"
    args.build = os.path.abspath(args.build)
    args.bin = os.path.abspath(args.bin or os.path.join(args.build,
                                                        "milter/daemon/sa-triage-milter"))
    args.message = os.path.abspath(args.message)

    work = tempfile.mkdtemp(prefix="sa-instructions.")
    os.chmod(work, 0o755)
    try:
        daemon_out, delivered, tagged = run_daemon(args, work)
        bench_out = run_bench(args, work)
        daemon, bench = inclusive_costs(daemon_out), inclusive_costs(bench_out)
        if args.keep:
            os.makedirs(args.keep, exist_ok=True)
            for path in (daemon_out, bench_out):
                shutil.copy(path, args.keep)
        inspected = calls_to(daemon_out, "sa::Engine::inspect(")
        examined = calls_to(bench_out, "sa::Engine::examine(")
        print(f"Command: tests/bench/instructions.py --messages {args.messages} --sessions "
              f"{args.sessions}{' --bin ' + args.bin if args.bin else ''}")
        print(f"Message {os.path.basename(args.message)}; daemon: {delivered} delivered, "
              f"{tagged} tagged, {inspected} inspections counted; bench: {examined} examines")
        print()
        print("| part | daemon, Ir per message | share of inspect | bench (warm loop), Ir per "
              "message |")
        print("| --- | --- | --- | --- |")
        whole = cost_of(daemon, PARTS[0][1]) / max(inspected, 1)
        missing = []
        for label, prefix in PARTS:
            per = cost_of(daemon, prefix) / max(inspected, 1)
            if per == 0:
                missing.append(label.strip())
            in_bench = cost_of(bench, prefix) / max(examined, 1)  # 0: outside examine
            in_bench = f"{in_bench / 1000:.1f} k" if in_bench else "–"
            share = f"{per / whole:.0%}" if whole else "–"
            print(f"| {label} | {per / 1000:.1f} k | {share} | {in_bench} |")
        if args.check:
            problems = []
            if delivered != args.messages or tagged != delivered:
                problems.append(f"{delivered} of {args.messages} delivered, {tagged} tagged")
            if inspected != args.messages:
                problems.append(f"{inspected} inspections counted for {args.messages} messages")
            if examined == 0:
                problems.append("the bench examined nothing")
            if missing:
                problems.append("not counted: " + ", ".join(missing))
            if problems:
                sys.exit("instructions: " + "; ".join(problems))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
