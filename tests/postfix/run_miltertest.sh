#!/bin/bash
# run_miltertest.sh - ctest "milter: miltertest": starts sa-triage-milter on a unix socket in a
# temp dir with a test config and runs every miltertest/*.lua against it (miltertest, the
# OpenDKIM MTA-side test client, Debian package miltertest). Each script checks the edits the
# milter asks for at end of message (MT_HDRADD, MT_HDRDELETE, MT_RCPTADD, MT_QUARANTINE).
# Runs as any user (the milter keeps the caller's identity: milter.user is empty here).
#
#   run_miltertest.sh MILTER_BINARY BASE_CONFIG [SCRIPT.lua ...]
#
# Exit 0 when every script passes, 1 otherwise, 77 (skipped) without miltertest.
set -u -o pipefail

milter_bin=${1:?MILTER_BINARY}
base_config=${2:?BASE_CONFIG}
shift 2
here=$(cd "$(dirname "$0")" && pwd)
scripts=("$@")
if [[ ${#scripts[@]} -eq 0 ]]; then
  for f in "$here"/miltertest/*.lua; do
    [[ $(basename "$f") == common.lua ]] || scripts+=("$f")  # common.lua: shared helpers
  done
fi

if ! command -v miltertest >/dev/null; then
  echo "miltertest: skipped: miltertest not installed (Debian package miltertest)"
  exit 77
fi

tmp=$(mktemp -d /tmp/sa-miltertest-XXXXXX) || exit 1
milter_pid=
cleanup() {
  if [[ -n $milter_pid ]] && kill -0 "$milter_pid" 2>/dev/null; then
    kill -TERM "$milter_pid"
    for _ in $(seq 50); do kill -0 "$milter_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$milter_pid" 2>/dev/null
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# The repository config without its milter/scope/routing blocks, plus the test's own;
# ledger and metrics (when the config has them) off: no state between scripts, no port.
awk '/^[A-Za-z_]/ { skip = ($1 == "milter:" || $1 == "scope:" || $1 == "routing:" ||
                            $1 == "ledger:" || $1 == "metrics:") }
     !skip' "$base_config" >"$tmp/sa-triage.yaml"
if grep -q '^ledger:' "$base_config"; then
  printf '\nledger:\n  backend: none\n' >>"$tmp/sa-triage.yaml"
fi
if grep -q '^metrics:' "$base_config"; then
  printf '\nmetrics:\n  listen: ""\n' >>"$tmp/sa-triage.yaml"
fi
cat >>"$tmp/sa-triage.yaml" <<YAML

milter:
  socket: unix:$tmp/milter.sock
  socket_mode: "0600"
  socket_group: ""
  user: ""
  on_error: accept
  log: stderr

scope:
  recipients: [hojokin@grant.example.lg.jp]

routing:
  - name: hold-suspicious
    match: { verdict: [suspicious] }
    action: quarantine
    reason: "sa-triage miltertest: suspicious evidence"
  - name: star2-review
    match: { verdict: [consistent, verified], star: [2] }
    action: add_recipients
    recipients: [tokyo-review@grant.example.lg.jp]
YAML

"$milter_bin" --config "$tmp/sa-triage.yaml" --socket "unix:$tmp/milter.sock" \
  >"$tmp/milter.log" 2>&1 &
milter_pid=$!
for _ in $(seq 100); do
  [[ -S $tmp/milter.sock ]] && break
  kill -0 "$milter_pid" 2>/dev/null || break
  sleep 0.1
done
if [[ ! -S $tmp/milter.sock ]]; then
  echo "FAIL: the milter did not start:"
  cat "$tmp/milter.log"
  exit 1
fi

passed=0 failed=0
for script in "${scripts[@]}"; do
  name=$(basename "$script" .lua)
  if timeout 60 miltertest -D "socket=unix:$tmp/milter.sock" -D "dir=$here/miltertest" \
    -s "$script" >"$tmp/$name.out" 2>&1; then
    passed=$((passed + 1))
    echo "ok: $name"
  else
    rc=$?
    failed=$((failed + 1))
    # miltertest often exits 1 without a word (a Lua error, or a step the milter
    # negotiated away): show the script's own progress lines.
    echo "FAIL: $name (exit $rc)"
    sed 's/^/    /' "$tmp/$name.out"
  fi
done
if [[ $failed -gt 0 ]]; then
  echo "milter log:"
  sed 's/^/    /' "$tmp/milter.log"
fi
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
