#!/bin/bash
# check_config_cli_test.sh - `sa-triage check-config` as an admin runs it: a config whose
# host lacks the socket directory, the socket group and the user fails with exit 2 and one
# FILE:LINE: KEY line per problem; --no-host-checks passes the same file; a config this host
# satisfies passes. Usage: check_config_cli_test.sh SA_TRIAGE_BINARY   Exit: 0 pass, 1 fail.
set -u
cli=${1:?usage: check_config_cli_test.sh SA_TRIAGE_BINARY}
dir=$(mktemp -d /tmp/sa-check-config.XXXXXX)
trap 'rm -rf "$dir"' EXIT
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }

cat > "$dir/bad.yaml" <<YAML
milter:
  socket: unix:$dir/missing/milter.sock
  socket_group: sa-triage-test-no-group
  user: sa-triage-test-no-user
ledger:
  backend: none
metrics:
  listen: ""
notices:
  - name: a
    subject: x
YAML
out=$("$cli" check-config --config "$dir/bad.yaml" 2>&1)
rc=$?
[ "$rc" = 2 ] || fail "bad host: exit $rc, expected 2"
for want in \
  "$dir/bad.yaml:4: milter.user: user 'sa-triage-test-no-user' does not exist" \
  "$dir/bad.yaml:3: milter.socket_group: group 'sa-triage-test-no-group' does not exist" \
  "$dir/bad.yaml:2: milter.socket: directory $dir/missing: No such file or directory"; do
  grep -qF -- "$want" <<< "$out" || fail "missing line: $want"$'\n'"$out"
done
out=$("$cli" check-config --no-host-checks --config "$dir/bad.yaml" 2>&1) ||
  fail "--no-host-checks: $out"
grep -q "host not checked" <<< "$out" || fail "--no-host-checks does not say so: $out"

# user and socket_group "" (not their defaults sa-triage and postfix): nothing to look up.
sed -e "s|/missing/milter.sock|/milter.sock|" -e 's|socket_group: .*|socket_group: ""|' \
  -e 's|user: .*|user: ""|' "$dir/bad.yaml" > "$dir/good.yaml"
out=$("$cli" check-config --config "$dir/good.yaml" 2>&1) || fail "good host: $out"
grep -q "^$dir/good.yaml: ok" <<< "$out" || fail "good host: $out"

[ "$failures" = 0 ] || { echo "$failures failure(s)"; exit 1; }
echo "check-config: host problems named with file, line and key"
