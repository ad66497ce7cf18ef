#!/bin/bash
# postfix_bench.sh - what sa-triage-milter costs Postfix, measured side by side in one run
# (a benchmark script, not a test; run as root):
#
#   tests/bench/postfix_bench.sh [BUILD_DIR]      (default BUILD_DIR: ./build)
#
# For each setup a fresh private Postfix (tests/postfix/postfix_instance.sh, loopback only):
#   no milter | sa-null-milter (libmilter defaults, adds one header) over a unix socket |
#   sa-triage-milter over a unix socket | sa-triage-milter over TCP loopback | and, for
#   comparison, sa-null-milter over TCP loopback (the stalls of REFERENCE.md section 5).
# Throughput: smtp-source -s 8 -m 2000 and -s 1 -m 300 with -F a forwarded notice
# (SA_BENCH_MESSAGE, default samples/inline-gmail-ja-utf8-qp-2star-consistent.eml) to the
# grant address (in scope: the engine runs on every message). Time until smtp-source exits
# (all accepted) and until the queue is empty (all delivered to the Maildir).
# Latency: a single-session smtplib client times 300 DATA -> 250 exchanges (p50/p99).
# Memory: sa-triage-milter's VmHWM after 50 concurrent 1 MB messages, and after one 25 MB
# message (a fresh milter for each). Prints the machine and one table.
# It does not check correctness (the e2e and load tests do) and does not tune Postfix.
set -u -o pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=$(cd "${1:-$ROOT/build}" 2>/dev/null && pwd) || { echo "no build dir ${1:-$ROOT/build}" >&2; exit 2; }
MILTER=$BUILD/milter/daemon/sa-triage-milter
NULL_MILTER=$BUILD/tests/bench/sa-null-milter
INSTANCE=$ROOT/tests/postfix/postfix_instance.sh
MESSAGE=${SA_BENCH_MESSAGE:-$ROOT/samples/inline-gmail-ja-utf8-qp-2star-consistent.eml}
SENDER=forwarder@example.jp
RCPT=hojokin@grant.example.lg.jp
export PATH=$PATH:/usr/sbin

[[ $(id -u) == 0 ]] || { echo "postfix_bench: run as root (private Postfix instances)" >&2; exit 2; }
for f in "$MILTER" "$NULL_MILTER"; do
  [[ -x $f ]] || { echo "postfix_bench: missing $f (cmake --build $BUILD --target sa-triage-milter sa-null-milter)" >&2; exit 2; }
done
command -v smtp-source >/dev/null || { echo "postfix_bench: smtp-source missing (package postfix)" >&2; exit 2; }

WORK=$(mktemp -d /tmp/sa-bench.XXXXXX)
chmod 755 "$WORK"
MPID=
CURRENT_PF=
cleanup() {
  [[ -n $CURRENT_PF ]] && "$INSTANCE" stop "$CURRENT_PF" >/dev/null 2>&1
  [[ -n $MPID ]] && kill "$MPID" 2>/dev/null && wait "$MPID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now() { date +%s.%N; }
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }

# The test config of tests/postfix/e2e_test.py (scope: the grant address; ledger and metrics
# off) with routing emptied: every message is tagged only, as in production without rules.
python3 - "$ROOT" "$WORK/sa-triage.yaml" "$WORK/milter.sock" <<'PY' || exit 2
import re, sys
sys.path.insert(0, sys.argv[1] + "/tests/postfix")
import e2e_test
cfg = e2e_test.test_config(sys.argv[1] + "/config/sa-triage.yaml", sys.argv[3])
open(sys.argv[2], "w").write(re.sub(r"\nrouting:\n(  .*\n)+", "\nrouting: []\n", cfg))
PY

# start_milter KIND SPEC: KIND null|sa; waits until it listens. Sets MPID.
start_milter() {
  local kind=$1 spec=$2 i
  if [[ $kind == null ]]; then
    rm -f "${spec#unix:}"
    "$NULL_MILTER" "$spec" >>"$WORK/milter.log" 2>&1 &
  else
    "$MILTER" --config "$WORK/sa-triage.yaml" --socket "$spec" >>"$WORK/milter.log" 2>&1 &
  fi
  MPID=$!
  for ((i = 0; i < 100; i++)); do
    case $spec in
      unix:*) [[ -S ${spec#unix:} ]] && return 0 ;;
      inet:*) local p=${spec#inet:}; (exec 3<>"/dev/tcp/127.0.0.1/${p%@*}") 2>/dev/null && return 0 ;;
    esac
    kill -0 "$MPID" 2>/dev/null || break
    sleep 0.1
  done
  echo "postfix_bench: milter $kind on $spec did not start" >&2
  cat "$WORK/milter.log" >&2
  exit 1
}

stop_milter() {
  [[ -n $MPID ]] || return 0
  kill "$MPID" 2>/dev/null
  wait "$MPID" 2>/dev/null
  MPID=
}

# latency PORT: p50 and p99 (ms) of DATA -> 250 over one session, 300 messages.
latency() {
  python3 - "$1" "$MESSAGE" "$SENDER" "$RCPT" <<'PY'
import smtplib, sys, time
port, path, sender, rcpt = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
data = open(path, "rb").read()
times = []
with smtplib.SMTP("127.0.0.1", port, timeout=60) as s:
    s.ehlo("bench.sa-triage.test")
    for i in range(300):
        if i and i % 90 == 0:  # Postfix's smtpd serves at most 100 messages per session
            s.quit(); s.connect("127.0.0.1", port); s.ehlo("bench.sa-triage.test")
        s.mail(sender, ["BODY=8BITMIME"]); s.rcpt(rcpt)
        t = time.perf_counter()
        code, _ = s.data(data)
        times.append((time.perf_counter() - t) * 1000)
        if code != 250:
            sys.exit(f"DATA answered {code}")
times.sort()
print(f"{times[len(times) // 2]:.2f} {times[int(len(times) * 0.99)]:.2f}")
PY
}

# run_setup NAME KIND SPEC: KIND none|null|sa. Appends a row to ROWS.
ROWS=()
run_setup() {
  local name=$1 kind=$2 spec=$3 dir=$WORK/pf-$RANDOM port t0 t1 t2 t3 t4 lat postfix_spec
  port=$(free_port)
  postfix_spec=none
  if [[ $kind != none ]]; then
    start_milter "$kind" "$spec"
    postfix_spec=$spec
    [[ $spec == inet:* ]] && postfix_spec="inet:127.0.0.1:$(p=${spec#inet:}; echo "${p%@*}")"
  fi
  CURRENT_PF=$dir
  "$INSTANCE" start "$dir" "$port" "$postfix_spec" tempfail >/dev/null || exit 1
  # Warm-up (process start-up, first connections), not timed.
  smtp-source -s 2 -m 20 -F "$MESSAGE" -f "$SENDER" -t "$RCPT" "127.0.0.1:$port" || exit 1
  "$INSTANCE" flush "$dir" 120 || exit 1
  t0=$(now)
  smtp-source -s 8 -m 2000 -F "$MESSAGE" -f "$SENDER" -t "$RCPT" "127.0.0.1:$port" || exit 1
  t1=$(now)
  "$INSTANCE" flush "$dir" 300 || exit 1
  t2=$(now)
  smtp-source -s 1 -m 300 -F "$MESSAGE" -f "$SENDER" -t "$RCPT" "127.0.0.1:$port" || exit 1
  t3=$(now)
  "$INSTANCE" flush "$dir" 120 || exit 1
  lat=$(latency "$port") || exit 1
  "$INSTANCE" flush "$dir" 120 >/dev/null
  # Every message must have reached the Maildir, tagged when a milter ran.
  local delivered tagged
  delivered=$(find "$dir/maildir" -path '*/new/*' -type f | wc -l)
  case $kind in
    null) tagged=$(grep -rl '^X-Null-Milter: seen' "$dir/maildir" | wc -l) ;;
    sa) tagged=$(grep -rl '^X-SA-Triage-Verdict: consistent' "$dir/maildir" | wc -l) ;;
    *) tagged=- ;;
  esac
  "$INSTANCE" stop "$dir" >/dev/null
  CURRENT_PF=
  stop_milter
  t4=$(awk -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" 'BEGIN{printf "%.2f %.2f %.2f", b-a, c-a, d-c}')
  ROWS+=("$name|$t4|$lat|$delivered|$tagged")
  echo "postfix_bench: $name: s8 accepted/delivered, s1 accepted (s): $t4; latency p50/p99 ms: $lat; delivered $delivered, tagged $tagged" >&2
}

# memory SPEC: VmHWM (kB) of a fresh sa-triage-milter after 50 concurrent 1 MB messages,
# then of another fresh one after one 25 MB message.
memory_row() {
  local dir=$WORK/pf-mem port out1 out2
  port=$(free_port)
  start_milter sa "unix:$WORK/milter.sock"
  CURRENT_PF=$dir
  "$INSTANCE" start "$dir" "$port" "unix:$WORK/milter.sock" tempfail >/dev/null || exit 1
  out1=$(send_big "$port" 50 1000000) || exit 1
  stop_milter
  start_milter sa "unix:$WORK/milter.sock"
  out2=$(send_big "$port" 1 25000000) || exit 1
  stop_milter
  "$INSTANCE" stop "$dir" >/dev/null
  CURRENT_PF=
  MEM="$out1|$out2"
}

# send_big PORT COUNT BYTES: COUNT concurrent sessions each sending one message of BYTES
# (the notice plus a base64 attachment), then prints "VmRSS-before VmHWM-after seconds".
send_big() {
  python3 - "$1" "$2" "$3" "$MESSAGE" "$SENDER" "$RCPT" "$MPID" <<'PY'
import smtplib, sys, threading, time
port, count, size, path, sender, rcpt, pid = sys.argv[1:8]
port, count, size = int(port), int(count), int(size)
def status(key):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith(key + ":"):
            return int(line.split()[1])
notice = open(path, "rb").read().replace(b"\r\n", b"\n").split(b"\n\n", 1)[1]
head = (f"From: applicant@example.jp\r\nTo: {rcpt}\r\nSubject: Fwd: big evidence\r\n"
        "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=BB\r\n\r\n"
        "--BB\r\nContent-Type: text/plain; charset=utf-8\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n\r\n").encode() + notice + \
    b"\r\n--BB\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n"
line = b"JVBERi0xLjQKJcfsj6IKNSAwIG9iago8PC9MZW5ndGggNiAwIFIvRmlsdGVyIC9GbGF0ZURlY29kZT4+\r\n"
data = head + line * max(0, (size - len(head) - 10) // len(line)) + b"--BB--\r\n"
before = status("VmRSS")
codes = []
def one():
    with smtplib.SMTP("127.0.0.1", port, timeout=300) as s:
        s.ehlo("bench.sa-triage.test")
        s.mail(sender, ["BODY=8BITMIME"]); s.rcpt(rcpt)
        codes.append(s.data(data)[0])
t = time.monotonic()
threads = [threading.Thread(target=one) for _ in range(count)]
for th in threads: th.start()
for th in threads: th.join()
if codes != [250] * count:
    sys.exit(f"big messages answered {codes}")
print(f"{before} {status('VmHWM')} {time.monotonic() - t:.2f}")
PY
}

MEM=
run_setup "no milter" none ""
run_setup "null milter, unix socket (libmilter defaults)" null "unix:$WORK/null.sock"
run_setup "sa-triage-milter, unix socket" sa "unix:$WORK/milter.sock"
TCP_PORT=$(free_port)
run_setup "sa-triage-milter, TCP loopback" sa "inet:$TCP_PORT@127.0.0.1"
# For comparison: what libmilter's defaults do over TCP (REFERENCE.md §5: Nagle/delayed-ACK
# stalls, ~40 ms per exchange); skip with SA_BENCH_NULL_TCP=0.
if [[ ${SA_BENCH_NULL_TCP:-1} != 0 ]]; then
  TCP_PORT=$(free_port)
  run_setup "null milter, TCP loopback (libmilter defaults)" null "inet:$TCP_PORT@127.0.0.1"
fi
memory_row

# --- the table ------------------------------------------------------------------------------
echo
echo "Machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), kernel $(uname -r), Postfix $(postconf -d -h mail_version 2>/dev/null), $(date -u +%Y-%m-%d)"
echo "Message: $(basename "$MESSAGE") ($(stat -c %s "$MESSAGE") bytes), to the grant address (in scope)"
echo
base8= base1= basep50= basep99=
printf '| %s | %s | %s | %s | %s | %s | %s |\n' "setup" "s=8, 2000 msgs: accepted s (msg/s, ratio)" \
  "all delivered s" "s=1, 300 msgs: s (msg/s, ratio)" "DATA→250 p50 / p99 ms" "added p50 / p99 ms" "delivered / tagged"
echo "| --- | --- | --- | --- | --- | --- | --- |"
for row in "${ROWS[@]}"; do
  IFS='|' read -r name times lat delivered tagged <<<"$row"
  read -r s8 d8 s1 <<<"$times"
  read -r p50 p99 <<<"$lat"
  [[ -z $base8 ]] && { base8=$s8; base1=$s1; basep50=$p50; basep99=$p99; }
  awk -v n="$name" -v s8="$s8" -v d8="$d8" -v s1="$s1" -v b8="$base8" -v b1="$base1" \
    -v p50="$p50" -v p99="$p99" -v bp50="$basep50" -v bp99="$basep99" -v dl="$delivered" -v tg="$tagged" \
    'BEGIN{printf "| %s | %.2f (%.0f/s, %.2f×) | %.2f | %.2f (%.0f/s, %.2f×) | %.2f / %.2f | %+.2f / %+.2f | %s / %s |\n",
      n, s8, 2000/s8, b8/s8, d8, s1, 300/s1, b1/s1, p50, p99, p50-bp50, p99-bp99, dl, tg}'
done
IFS='|' read -r m1 m2 <<<"$MEM"
read -r rss1 hwm1 sec1 <<<"$m1"
read -r rss2 hwm2 sec2 <<<"$m2"
echo
echo "| sa-triage-milter memory (unix socket) | VmRSS idle | peak VmHWM | time |"
echo "| --- | --- | --- | --- |"
awk -v a="$rss1" -v b="$hwm1" -v c="$sec1" 'BEGIN{printf "| 50 concurrent 1 MB messages | %.1f MB | %.1f MB | %.2f s |\n", a/1024, b/1024, c}'
awk -v a="$rss2" -v b="$hwm2" -v c="$sec2" 'BEGIN{printf "| one 25 MB message | %.1f MB | %.1f MB | %.2f s |\n", a/1024, b/1024, c}'
echo
echo "Targets: unix socket ≥ 0.9× no-milter throughput, TCP ≥ 0.8×. Ratio = no-milter time / setup time."
