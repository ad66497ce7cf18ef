#!/bin/bash
# man_pages_test.sh - the manuals in milter/man/ format without groff warnings, and say what
# the project says: every key of config/sa-triage.yaml is in sa-triage.yaml(5), every header
# of the README's "Headers written" table is in sa-triage-milter(8). It does not judge the
# prose. Usage: man_pages_test.sh SOURCE_DIR     Exit: 0 pass, 1 fail.
set -u

source_dir=${1:?usage: man_pages_test.sh SOURCE_DIR}
man_dir="$source_dir/milter/man"
failures=0
fail() {
  echo "FAIL $*"
  failures=$((failures + 1))
}

for page in sa-triage.1 sa-triage-milter.8 sa-triage.yaml.5 sa-triage-web.8; do
  if [ ! -f "$man_dir/$page" ]; then
    fail "$page: missing"
    continue
  fi
  warnings=$(groff -man -Tutf8 -ww -z "$man_dir/$page" 2>&1)
  [ -z "$warnings" ] || fail "$page: groff warnings:"$'\n'"$warnings"
done

# Dotted paths of the mapping keys in the YAML (keys inside list items are not config keys).
config_keys() {
  awk '
    /^[[:space:]]*(#|$)/ { next }
    {
      match($0, /^ */); indent = RLENGTH; line = substr($0, indent + 1)
      while (depth > 0 && indents[depth] >= indent) depth--
      if (line ~ /^- /) { if (depth > 0) is_list[depth] = 1; next }
      if (!match(line, /^[a-z_]+:/)) next
      key = substr(line, 1, RLENGTH - 1)
      hidden = 0; path = ""
      for (i = 1; i <= depth; i++) { if (is_list[i]) hidden = 1; path = path keys[i] "." }
      depth++; indents[depth] = indent; keys[depth] = key; is_list[depth] = 0
      if (!hidden) print path key
    }' "$source_dir/config/sa-triage.yaml"
}

keys=$(config_keys)
[ "$(wc -l <<< "$keys")" -ge 30 ] || fail "found only $(wc -l <<< "$keys") keys in config/sa-triage.yaml"
for key in $keys; do
  grep -qF -- "$key" "$man_dir/sa-triage.yaml.5" || fail "sa-triage.yaml.5 does not document '$key'"
done

# shellcheck disable=SC2016 # backquotes are Markdown, not shell
headers=$(grep -o '^| `X-SA-Triage-[A-Za-z-]*`' "$source_dir/README.md" | tr -d '|` ')
[ -n "$headers" ] || fail "no X-SA-Triage- headers found in README.md"
for header in $headers; do
  grep -qF -- "$header" "$man_dir/sa-triage-milter.8" || fail "sa-triage-milter.8 does not list $header"
done

[ "$failures" = 0 ] || { echo "$failures failure(s)"; exit 1; }
echo "3 pages clean; $(wc -l <<< "$keys") config keys and $(wc -w <<< "$headers") headers documented"
