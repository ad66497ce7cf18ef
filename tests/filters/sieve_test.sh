#!/bin/bash
# sieve_test.sh - runs samples/filters/sa-triage.sieve through Pigeonhole's sieve-test on the
# messages in tests/filters/messages/ and checks, for each, the one folder the message ends up
# in (fileinto or implicit keep) and whether it is flagged. It does not deliver anything:
# sieve-test only prints the actions it would take.
# Usage: sieve_test.sh SOURCE_DIR     Exit: 0 pass, 1 fail, 77 sieve-test not installed.
set -u

source_dir=${1:?usage: sieve_test.sh SOURCE_DIR}
script="$source_dir/samples/filters/sa-triage.sieve"
messages="$source_dir/tests/filters/messages"

if ! command -v sieve-test > /dev/null; then
  echo "SKIP: sieve-test not found (apt-get install dovecot-sieve)"
  exit 77
fi

# message -> "folder flag": the folder the message must land in, and flagged or not.
declare -A expected=(
  [verified-star2]="SA.verified.star2 -"
  [verified-star1]="SA.verified.star1 -"
  [verified-nostar]="SA.verified -"
  [consistent-star2]="SA.consistent.star2 -"
  [consistent-star1]="SA.consistent.star1 -"
  [consistent-nostar]="SA.consistent -"
  [suspicious-star2]="SA.suspicious flagged"
  [suspicious-nostar]="SA.suspicious flagged"
  [error]="SA.error flagged"
  [none]="INBOX -"
  [untagged]="INBOX -"
  [unknown-verdict]="INBOX -"
  [two-verdicts]="SA.suspicious flagged"
)

# sieve-test needs no running Dovecot, but as root it must drop to a mail user and it wants a
# mail location: give it a throw-away config in a directory that user can write (it stores
# the compiled script next to the source).
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
{
  if [ "$(id -u)" = 0 ]; then
    echo "mail_uid = nobody"
    echo "mail_gid = nogroup"
  fi
  echo "mail_location = maildir:$work/Maildir"
} > "$work/dovecot.conf"
cp "$script" "$work/sa-triage.sieve"
cp "$messages"/*.eml "$work/"
[ "$(id -u)" = 0 ] && chown -R nobody:nogroup "$work"

# Prints "FOLDER FLAG COUNT" from sieve-test's report: the folders stored to (performed
# actions, else the implicit keep), whether \flagged was added, how many stores there were.
outcome() {
  awk '
    /^Performed actions:/ { section = "performed"; next }
    /^Implicit keep:/     { section = "keep"; next }
    /\* store message in folder: / {
      folder = $0; sub(/.*store message in folder: /, "", folder)
      if (section == "performed") { performed[++np] = folder } else { kept[++nk] = folder }
    }
    /\+ add IMAP flags: .*\\flagged/ { flag = "flagged" }
    END {
      if (np > 0) { f = performed[1]; n = np } else if (nk > 0) { f = kept[1]; n = nk }
      else { f = "(nothing)"; n = 0 }
      print f, (flag == "" ? "-" : flag), n
    }'
}

failures=0
for name in "${!expected[@]}"; do
  mail="$work/$name.eml"
  if [ ! -f "$mail" ]; then
    echo "FAIL $name: no message $messages/$name.eml"
    failures=$((failures + 1))
    continue
  fi
  if ! report=$(sieve-test -c "$work/dovecot.conf" "$work/sa-triage.sieve" "$mail" 2> "$work/err"); then
    echo "FAIL $name: sieve-test failed:"
    cat "$work/err"
    echo "$report"
    failures=$((failures + 1))
    continue
  fi
  read -r folder flag count <<< "$(outcome <<< "$report")"
  if [ "$folder $flag" != "${expected[$name]}" ] || [ "$count" != 1 ]; then
    echo "FAIL $name: got '$folder $flag' ($count stores), want '${expected[$name]}' (1 store)"
    echo "$report"
    failures=$((failures + 1))
  else
    echo "ok   $name -> $folder ($flag)"
  fi
done

# Every message in the directory must have an expectation (a new one would go unchecked).
for mail in "$messages"/*.eml; do
  name=$(basename "$mail" .eml)
  if [ -z "${expected[$name]+x}" ]; then
    echo "FAIL $name.eml has no expected folder in sieve_test.sh"
    failures=$((failures + 1))
  fi
done

[ "$failures" = 0 ] || { echo "$failures failure(s)"; exit 1; }
echo "all ${#expected[@]} messages filed as expected"
