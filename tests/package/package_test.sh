#!/bin/bash
# package_test.sh - builds the sa-triage .deb with CPack in a build tree of its own (prefix
# /usr, no sanitizers, no tests), checks its file list and control data against the README,
# installs it on this machine with dpkg, checks the user, files, config and manuals of the
# installed package, then purges it and checks that the purge cleaned up.
# Needs root (it installs a package); exits 77 (skipped) otherwise. Safe to run again: it
# refuses to touch an sa-triage it did not install, and leaves a user it did not create.
# Usage: package_test.sh SOURCE_DIR WORK_DIR      Exit: 0 pass, 1 fail, 77 not root.
set -u

source_dir=${1:?usage: package_test.sh SOURCE_DIR WORK_DIR}
work_dir=${2:?usage: package_test.sh SOURCE_DIR WORK_DIR}

if [ "$(id -u)" != 0 ]; then
  echo "SKIP: package: deb installs the package with dpkg and needs root"
  exit 77
fi

failures=0
fail() {
  echo "FAIL $*"
  failures=$((failures + 1))
}
check() {  # check DESCRIPTION COMMAND...: runs the command, a failure is recorded
  local what=$1
  shift
  if "$@" > /dev/null 2>&1; then echo "ok   $what"; else fail "$what"; fi
}

# Marks an installation made by this test, so a leftover of an interrupted run is replaced but
# an administrator's own installation is never touched.
marker="$work_dir/installed-by-package-test"
installed() { dpkg-query -W -f='${Status}' sa-triage 2> /dev/null | grep -q 'ok installed'; }
if installed && [ ! -f "$marker" ]; then
  echo "FAIL sa-triage is installed on this machine and not by this test; not replacing it"
  exit 1
fi
if ! installed && [ -e /etc/sa-triage/sa-triage.yaml ]; then
  echo "FAIL /etc/sa-triage/sa-triage.yaml exists but no package owns it; not overwriting it"
  exit 1
fi

# 1. Build the package.
build="$work_dir/build"
mkdir -p "$build"
rm -f "$build"/sa-triage_*.deb
if ! cmake -S "$source_dir" -B "$build" -DCMAKE_INSTALL_PREFIX=/usr -DCMAKE_BUILD_TYPE=Release \
  -DSA_BUILD_TESTS=OFF -DSA_SANITIZE=OFF > "$work_dir/configure.log" 2>&1; then
  cat "$work_dir/configure.log"
  echo "FAIL cmake configure"
  exit 1
fi
if ! cmake --build "$build" --parallel "${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}" \
  > "$work_dir/build.log" 2>&1; then
  tail -n 40 "$work_dir/build.log"
  echo "FAIL build"
  exit 1
fi
if ! (cd "$build" && cpack -G DEB) > "$work_dir/cpack.log" 2>&1; then
  cat "$work_dir/cpack.log"
  echo "FAIL cpack"
  exit 1
fi
deb=$(find "$build" -maxdepth 1 -name "sa-triage_*.deb" | head -n 1)
[ -n "$deb" ] || { echo "FAIL no sa-triage_*.deb in $build"; exit 1; }
echo "ok   built $(basename "$deb")"

# 2. What is in it, and where (the README's paths).
contents=$(dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|')
for path in /usr/bin/sa-triage /usr/sbin/sa-triage-milter \
  /usr/lib/systemd/system/sa-triage-milter.service /etc/sa-triage/sa-triage.yaml \
  /usr/share/man/man1/sa-triage.1 /usr/share/man/man5/sa-triage.yaml.5 \
  /usr/share/man/man8/sa-triage-milter.8 /usr/share/doc/sa-triage/README.md \
  /usr/share/doc/sa-triage/examples/sa-triage.sieve; do
  if grep -qxF "$path" <<< "$contents"; then echo "ok   .deb has $path"; else fail ".deb lacks $path"; fi
done
strays=$(grep -v '/$' <<< "$contents" | grep -v -e '^/usr/' -e '^/etc/sa-triage/')
[ -z "$strays" ] || fail ".deb has files outside /usr and /etc/sa-triage: $strays"
grep -q -e '^/usr/etc' -e '^/usr/local' <<< "$contents" && fail ".deb has /usr/etc or /usr/local paths"

control=$(dpkg-deb -f "$deb")
grep -q '^Package: sa-triage$' <<< "$control" || fail "control: Package is not sa-triage"
grep -q '^Depends:.*libmilter' <<< "$control" || fail "control: Depends lacks the shlibdeps (libmilter)"
grep -q '^Depends:.*adduser' <<< "$control" || fail "control: Depends lacks adduser"
grep -q '^Recommends:.*postfix' <<< "$control" || fail "control: Recommends lacks postfix"
control_dir="$work_dir/control"
rm -rf "$control_dir"
dpkg-deb -e "$deb" "$control_dir"
grep -qxF /etc/sa-triage/sa-triage.yaml "$control_dir/conffiles" \
  || fail "conffiles does not list /etc/sa-triage/sa-triage.yaml"
unit=$(dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/lib/systemd/system/sa-triage-milter.service)
grep -q '^ExecStart=/usr/sbin/sa-triage-milter --config /etc/sa-triage/sa-triage.yaml' <<< "$unit" \
  || fail "unit: ExecStart does not run /usr/sbin/sa-triage-milter with /etc/sa-triage/sa-triage.yaml"

# 3. Install it on this machine.
user_before=no
getent passwd sa-triage > /dev/null && user_before=yes
touch "$marker"
if ! dpkg -i "$deb" > "$work_dir/dpkg-install.log" 2>&1; then
  cat "$work_dir/dpkg-install.log"
  fail "dpkg -i"
fi
check "sa-triage is installed" installed
check "user sa-triage exists" id sa-triage
for path in /usr/bin/sa-triage /usr/sbin/sa-triage-milter /etc/sa-triage/sa-triage.yaml \
  /usr/lib/systemd/system/sa-triage-milter.service; do
  check "installed $path" test -f "$path"
done
check "/var/lib/sa-triage belongs to sa-triage" \
  test "$(stat -c %U /var/lib/sa-triage 2> /dev/null)" = sa-triage
check "dpkg knows /etc/sa-triage/sa-triage.yaml as a conffile" \
  grep -q '/etc/sa-triage/sa-triage.yaml' <<< "$(dpkg-query -W -f='${Conffiles}' sa-triage)"
# Run from / so nothing can resolve against the build tree.
out=$(cd / && /usr/bin/sa-triage check-config 2>&1)
if grep -q '^/etc/sa-triage/sa-triage.yaml: ok' <<< "$out"; then
  echo "ok   installed sa-triage check-config reads /etc/sa-triage/sa-triage.yaml"
else
  fail "installed sa-triage check-config: $out"
fi
out=$(cd / && /usr/sbin/sa-triage-milter --test-config 2>&1)
grep -q '^/etc/sa-triage/sa-triage.yaml: config OK' <<< "$out" \
  || fail "installed sa-triage-milter --test-config: $out"
for page in "1 sa-triage" "8 sa-triage-milter" "5 sa-triage.yaml"; do
  # shellcheck disable=SC2086 # "SECTION NAME": two words on purpose
  found=$(man -w $page 2> /dev/null)
  if [ -n "$found" ] && [ "${found#/usr/share/man/}" != "$found" ]; then
    echo "ok   man -w $page -> $found"
  else
    fail "man -w $page finds '$found'"
  fi
done

# 4. Purge and check it cleaned up.
if ! dpkg --purge sa-triage > "$work_dir/dpkg-purge.log" 2>&1; then
  cat "$work_dir/dpkg-purge.log"
  fail "dpkg --purge"
fi
if installed; then fail "sa-triage still installed after purge"; else rm -f "$marker"; fi
for path in /usr/bin/sa-triage /usr/sbin/sa-triage-milter /etc/sa-triage /var/lib/sa-triage \
  /usr/lib/systemd/system/sa-triage-milter.service /usr/share/man/man1/sa-triage.1; do
  check "purged $path" test ! -e "$path"
done
if [ "$user_before" = yes ]; then
  check "user sa-triage (there before the test) kept" id sa-triage
else
  check "user sa-triage (created by the package) removed" test -z "$(getent passwd sa-triage)"
fi

[ "$failures" = 0 ] || { echo "$failures failure(s)"; exit 1; }
echo "package: built, installed, checked and purged"
