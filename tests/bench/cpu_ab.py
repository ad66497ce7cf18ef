#!/usr/bin/env python3
"""cpu_ab.py - milter CPU per message of two or more sa-triage-milter variants side by side,
through Postfix, with the null libmilter milter in the same run (a benchmark that prints
numbers; run as root). For a change too small for postfix_bench.py's noise: build the old
and the new tree, then compare them in one run, rounds interleaved.

    tests/bench/cpu_ab.py [--sessions 8] [--messages 1500] [--rounds 5] [--build DIR]
                          [--check] NAME=SPEC ...

SPEC is a comma-separated list of:
    bin=PATH     the sa-triage-milter binary (default: the one in --build, default build/)
    ledger=off   ledger.backend: none (default: the shipped config's SQLite ledger)
    env:VAR=X    an environment variable for that daemon
e.g.  cpu_ab.py old=bin=/tmp/old/milter/daemon/sa-triage-milter new= off=ledger=off

Every variant runs the shipped config/sa-triage.yaml with bench_daemon.py's changes, on a
unix socket, behind its own private Postfix (tests/postfix/postfix_instance.sh). Each round
sends `smtp-source -s SESSIONS -m MESSAGES` to every setup in turn (the order rotates) and
waits until the queue is delivered. Printed per setup: the median over rounds of the milter
process's utime+stime per message (/proc/PID/stat, ticks of 10 ms: send enough messages),
that against the null milter's median, the median over rounds of its ratio to the null
milter and to the first variant in the same round (and in how many rounds it was the lower:
a round's setups run close in time, so these move least with the load), the context
switches per message of the threads alive at the end of each round (sa-triage-milter keeps
its threads; libmilter's exited per-connection threads are not counted), the minor page
faults per message of the whole process (pages mapped again), every round's CPU,
so the spread shows, and the messages delivered / tagged. --check: exit 1 unless every setup delivered every message and
tagged each (times are never checked; the ctest `bench: cpu_ab.py smoke` runs it so).
"""
import argparse
import glob
import os
import shutil
import statistics
import sys
import tempfile

from bench_daemon import bench_config
import postfix_bench as pb

ROOT = pb.ROOT


def context_switches(pid):
    total = 0
    for status in glob.glob(f"/proc/{pid}/task/*/status"):
        try:
            with open(status) as f:
                for line in f:
                    if "ctxt_switches" in line:
                        total += int(line.split()[1])
        except FileNotFoundError:  # a thread that ended while being read
            pass
    return total


def minor_faults(pid):
    """Minor page faults of the whole process so far (/proc/PID/stat): pages the kernel had to
    map again, e.g. after malloc gave freed memory back."""
    return int(pb.proc_stat(pid)[7])


def parse_variant(text, build):
    name, _, spec = text.partition("=")
    if not name or name == "null":
        sys.exit(f"cpu_ab: bad variant {text!r} (NAME=SPEC; 'null' is taken)")
    variant = {"name": name, "bin": os.path.join(build, "milter/daemon/sa-triage-milter"),
               "ledger_off": False, "env": {}}
    for item in filter(None, spec.split(",")):
        if item.startswith("bin="):
            variant["bin"] = os.path.abspath(item[4:])
        elif item == "ledger=off":
            variant["ledger_off"] = True
        elif item.startswith("env:") and "=" in item:
            key, _, value = item[4:].partition("=")
            variant["env"][key] = value
        else:
            sys.exit(f"cpu_ab: unknown item {item!r} in {text!r}")
    if not os.access(variant["bin"], os.X_OK):
        sys.exit(f"cpu_ab: {variant['bin']} is not an executable")
    return variant


def start_milter(argv, spec, log_path, env):
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        return pb.Milter(argv, spec, log_path)
    finally:
        os.environ.clear()
        os.environ.update(saved)


def paired(values, against, count_lower=False):
    """The median over rounds of value / against of the same round (rounds run close in time,
    so a load that shifts between rounds moves both), and with count_lower in how many rounds
    the value was the lower: what an A/B of a small change can be judged by."""
    ratios = [v / a for v, a in zip(values, against) if a > 0]
    if not ratios:
        return "–"
    text = f"{statistics.median(ratios):.2f}×"
    if count_lower:
        text += f" (lower in {sum(1 for v, a in zip(values, against) if v < a)} of {len(ratios)})"
    return text


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("variants", nargs="+", metavar="NAME=SPEC")
    ap.add_argument("--sessions", type=int, default=8)
    ap.add_argument("--messages", type=int, default=1500)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--check", action="store_true",
                    help="exit 1 unless every message was delivered and tagged")
    ap.add_argument("--message", default=os.path.join(
        ROOT, "samples/inline-gmail-ja-utf8-qp-2star-consistent.eml"))
    args = ap.parse_args()
    if os.geteuid() != 0:
        sys.exit("cpu_ab: run as root (private Postfix instances)")
    build = os.path.abspath(args.build)
    variants = [parse_variant(v, build) for v in args.variants]
    null_bin = os.path.join(build, "tests/bench/sa-null-milter")
    if not os.access(null_bin, os.X_OK):
        sys.exit(f"cpu_ab: missing {null_bin} (cmake --build {build} --target sa-null-milter)")
    if not shutil.which("smtp-source"):
        os.environ["PATH"] += ":/usr/sbin"

    work = tempfile.mkdtemp(prefix="sa-cpu-ab.")
    os.chmod(work, 0o755)
    milters, setups = [], []
    load_before = pb.loadavg()
    try:
        null = pb.Milter([null_bin, f"unix:{work}/null.sock"], f"unix:{work}/null.sock",
                         f"{work}/null.log")
        milters.append(("null", null))
        for v in variants:
            cfg, _ = bench_config(os.path.join(ROOT, "config/sa-triage.yaml"), work,
                                  "sa-" + v["name"], v["ledger_off"])
            sock = f"unix:{work}/{v['name']}.sock"
            milters.append((v["name"], start_milter(
                [v["bin"], "--config", cfg, "--socket", sock], sock,
                f"{work}/{v['name']}.log", v["env"])))
        setups = [(name, pb.Setup(name, name, work, m)) for name, m in milters]
        for _, s in setups:  # warm-up
            pb.smtp_source(s, 2, 20, args.message)
            s.flush()
        cpu = {name: [] for name, _ in setups}
        switches = {name: [] for name, _ in setups}
        faults = {name: [] for name, _ in setups}
        for r in range(args.rounds):
            for name, s in setups[r % len(setups):] + setups[:r % len(setups)]:
                pid = s.milter.proc.pid
                c0, w0, f0 = s.milter.cpu(), context_switches(pid), minor_faults(pid)
                pb.smtp_source(s, args.sessions, args.messages, args.message)
                s.flush()
                cpu[name].append((s.milter.cpu() - c0) / args.messages * 1000)
                switches[name].append((context_switches(pid) - w0) / args.messages)
                faults[name].append((minor_faults(pid) - f0) / args.messages)
            pb.log(f"round {r + 1}/{args.rounds} done, load {pb.loadavg()}")
        print(f"Command: tests/bench/cpu_ab.py --sessions {args.sessions} --messages "
              f"{args.messages} --rounds {args.rounds} {' '.join(args.variants)}")
        print(f"Load average {load_before} before, {pb.loadavg()} after; message "
              f"{os.path.basename(args.message)}")
        print()
        first = variants[0]["name"]
        print(f"| setup | milter CPU/msg (median) | vs null | vs null, per round | vs {first}, "
              "per round | context switches/msg | page faults/msg | CPU/msg of each round | "
              "delivered / tagged |")
        print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        base = statistics.median(cpu["null"])
        sent = 20 + args.rounds * args.messages  # the warm-up, then the rounds
        failed = []
        for name, s in setups:
            c = statistics.median(cpu[name])
            rounds = " ".join(f"{x:.3f}" for x in cpu[name])
            delivered, tagged = pb.count_tagged(s)
            if delivered != sent or tagged != delivered:
                failed.append(f"{name}: {delivered} of {sent} delivered, {tagged} tagged")
            ratio = f"{c / base:.2f}×" if base > 0 else "–"
            print(f"| {name} | {c:.3f} ms | {ratio} | {paired(cpu[name], cpu['null'])} | "
                  f"{paired(cpu[name], cpu[first], count_lower=name not in ('null', first))} | "
                  f"{statistics.median(switches[name]):.1f} | {statistics.median(faults[name]):.1f} | "
                  f"{rounds} | {delivered} / {tagged} |")
        if failed and args.check:
            sys.exit("cpu_ab: " + "; ".join(failed))
    finally:
        for _, s in setups:
            s.stop()
        for _, m in milters:
            m.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
