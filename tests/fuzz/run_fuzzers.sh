#!/usr/bin/env bash
# run_fuzzers.sh - runs the libFuzzer targets of an SA_FUZZ build (one after another, or -j at
# a time), each for a fixed time on a fresh corpus seeded from samples/ (config/ for
# fuzz_config, the signed fixtures of tests/auth/fixtures for fuzz_verified), and prints per
# target the executions and seconds fuzzed, then a summary line. Builds nothing.
# Exit status: 0 when no target crashed, 1 when one did (its input is kept under
# BUILD_DIR/fuzz-run/TARGET/artifacts/), 2 on a usage error or a missing binary.
#
#   tests/fuzz/run_fuzzers.sh [-j JOBS] BUILD_DIR SECONDS_PER_TARGET [TARGET...]
#
# -j runs up to JOBS targets at once (default 1), each a single process for its full time: on
# a machine with JOBS idle cores every target fuzzes as long as alone, in 1/JOBS the wall time.
#
# Targets default to all six. The work files (corpus, log, crash inputs) are left in
# BUILD_DIR/fuzz-run/ for inspection; copy a crash input to tests/fuzz/regressions/TARGET/
# to keep it: it is added to that target's seeds on every later run.
set -uo pipefail

jobs=1
if [ "${1:-}" = -j ]; then
  jobs=${2:-}
  [[ $jobs =~ ^[1-9][0-9]*$ ]] || { echo "$0: -j needs a positive number" >&2; exit 2; }
  shift 2
fi
if [ $# -lt 2 ] || ! [[ $2 =~ ^[0-9]+$ ]]; then
  echo "usage: $0 [-j JOBS] BUILD_DIR SECONDS_PER_TARGET [TARGET...]" >&2
  exit 2
fi
build=$(cd "$1" && pwd) || exit 2
seconds=$2
shift 2
targets=("$@")
[ ${#targets[@]} -eq 0 ] &&
  targets=(fuzz_engine fuzz_charset fuzz_config fuzz_milter_session fuzz_verified fuzz_pdf_guard)

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)

# Seeds: copies made now, so the repository holds each sample once.
seed() {  # seed TARGET CORPUS_DIR
  local target=$1 dir=$2 f
  case $target in
    fuzz_config)
      find "$repo/config" "$repo/tests" -name '*.yaml' -size -64k -exec cp -t "$dir" {} + 2>/dev/null
      ;;
    fuzz_verified)  # signed notices, genuine and attacked (dkim/signed.eml as dkim-signed.eml)
      local fixtures="$repo/tests/auth/fixtures"
      find "$fixtures" -name '*.eml' -size -65537c -print0 | while IFS= read -r -d '' f; do
        local name=${f#"$fixtures"/}
        cp "$f" "$dir/${name//\//-}"
      done
      ;;
    fuzz_pdf_guard)  # the committed printout PDF, and small hand-made ones
      cp "$repo"/tests/printout/*.pdf "$dir/" 2>/dev/null
      printf '%%PDF-1.4\n1 0 obj << /Filter /FlateDecode /Length 8 >>\nstream\nx\234\003\000\000\000\000\001\nendstream\n' > "$dir/tiny.pdf"
      printf '<< /Filter [/FlateDecode /LZW#44ecode] >>\nstream\n' > "$dir/filters.pdf"
      ;;
    *)
      for f in "$repo"/samples/*.eml; do
        [ "$(stat -c %s "$f")" -le 65536 ] && cp "$f" "$dir/"
      done
      ;;
  esac
  if [ -d "$here/regressions/$target" ]; then
    cp "$here/regressions/$target"/* "$dir/" 2>/dev/null
  fi
  return 0
}

options() {  # options TARGET: dictionary and input size per target
  case $1 in
    fuzz_engine | fuzz_milter_session | fuzz_verified)
      echo "-dict=$here/engine.dict -max_len=65536"
      ;;
    fuzz_charset) echo "-dict=$here/charset.dict -max_len=16384" ;;
    fuzz_config) echo "-dict=$here/config.dict -max_len=16384" ;;
    fuzz_pdf_guard) echo "-max_len=131072" ;;
  esac
}

for target in "${targets[@]}"; do
  if [ ! -x "$build/tests/fuzz/$target" ]; then
    echo "$target: no binary at $build/tests/fuzz/$target (build it: cmake --build $build --target $target)" >&2
    exit 2
  fi
done

fuzz_one() {  # fuzz_one TARGET: fuzzes it; leaves its status line in its work dir's 'result'
  local target=$1 binary="$build/tests/fuzz/$1" work="$build/fuzz-run/$1"
  local seeds start rc elapsed runs cov status
  rm -rf "$work"
  mkdir -p "$work/corpus" "$work/artifacts"
  seed "$target" "$work/corpus"
  seeds=$(find "$work/corpus" -type f | wc -l)
  start=$(date +%s)
  # shellcheck disable=SC2046  # options are words on purpose
  "$binary" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$work/artifacts/" $(options "$target") "$work/corpus" 2>&1 |
    grep -av '^sa-triage-milter: ' >"$work/log"  # the daemon's per-message log lines
  rc=${PIPESTATUS[0]}
  elapsed=$(($(date +%s) - start))
  runs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$work/log" | tail -n 1)
  [ -z "$runs" ] && runs=$(sed -n 's/^#\([0-9]*\)[[:space:]]*DONE.*/\1/p' "$work/log" | tail -n 1)
  [ -z "$runs" ] && runs=$(grep -o '^#[0-9]*' "$work/log" | tail -n 1 | tr -d '#')
  runs=${runs:-0}
  cov=$(grep -o 'cov: [0-9]*' "$work/log" | tail -n 1)
  if [ "$rc" -eq 0 ]; then status=ok; else status="CRASH (exit $rc)"; fi
  echo "$rc $runs $elapsed $target: $status, $runs executions in ${elapsed}s, ${cov:-cov: ?} ($seeds seeds)" \
    >"$work/result"
}

running=0
for target in "${targets[@]}"; do
  if [ "$running" -ge "$jobs" ]; then
    wait -n
    running=$((running - 1))
  fi
  fuzz_one "$target" &
  running=$((running + 1))
done
wait

failed=0
crashed=0
total_runs=0
total_seconds=0
for target in "${targets[@]}"; do
  work="$build/fuzz-run/$target"
  read -r rc runs elapsed line <"$work/result" || { rc=1 runs=0 elapsed=0 line="$target: no result"; }
  total_runs=$((total_runs + runs))
  total_seconds=$((total_seconds + elapsed))
  if [ "$rc" -ne 0 ]; then
    failed=1
    crashed=$((crashed + 1))
    echo "---- $target: last lines of $work/log" >&2
    tail -n 60 "$work/log" >&2
    echo "---- crash inputs:" >&2
    ls -l "$work/artifacts" >&2
  fi
  echo "$line"
done
echo "fuzz summary: ${#targets[@]} target(s), $total_runs executions in ${total_seconds}s," \
  "$([ $failed -eq 0 ] && echo 'no crash' || echo 'CRASHES FOUND')"
echo "fuzz: $((${#targets[@]} - crashed)) passed, $crashed failed"
exit $failed
