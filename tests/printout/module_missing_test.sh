#!/usr/bin/env bash
# module_missing_test.sh - the printout readers are a module loaded on first use
# (core/printout_module.h). A copy of `sa-triage` whose marker names the build's module reads
# the printout sample; the same copy with the marker naming a missing module must still give a
# clear verdict, with the reason printout=reader-unavailable, and exit as usual: never a crash.
# Also: the milter does not map poppler or Tesseract before it reads a printout.
# Usage: module_missing_test.sh SA_TRIAGE MILTER MODULE CONFIG SAMPLE
set -euo pipefail
cli=$1 milter=$2 module=$3 config=$4 sample=$5
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

cp "$cli" "$work/sa-triage"
echo "$config" > "$work/sa-triage-source-config"

echo "$module" > "$work/sa-triage-printout-module"
out=$("$work/sa-triage" check "$sample")
echo "$out" | grep -q "verdict: *consistent" || fail "with the module: $out"

echo "$work/no-such-module.so" > "$work/sa-triage-printout-module"
set +e
out=$("$work/sa-triage" check "$sample" 2>&1)
status=$?
set -e
[ "$status" -le 1 ] || fail "exit status $status without the module: $out"
echo "$out" | grep -q "printout=reader-unavailable" || fail "no reason without the module: $out"
echo "$out" | grep -q "verdict: *none" || fail "verdict without the module: $out"

# The milter's own links: no poppler, Tesseract or Leptonica until the module is loaded.
if ldd "$milter" | grep -E -q "libpoppler|libtesseract|liblept"; then
  fail "sa-triage-milter links the printout libraries: $(ldd "$milter" | grep -E 'poppler|tesseract|lept')"
fi
echo "ok: printout module loaded on use; missing module gives printout=reader-unavailable"
