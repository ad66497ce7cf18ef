#!/bin/bash
# package_test.sh - builds the sa-triage .deb with CPack in a build tree of its own (prefix
# /usr, Release, no sanitizers, no tests, no -Werror: a packager's build), checks that cpack
# refuses a package without a Maintainer, checks that the build printed no compiler warning,
# checks the file list and control data against the README, the copyright and changelog,
# gzip'd manuals, no build path in the binaries, and lintian (any E: or W: line fails),
# installs it on this machine with dpkg, checks the user, files, config and manuals of the
# installed package, then purges it and checks that the purge cleaned up and printed nothing
# but dpkg's own progress lines.
# Needs root (it installs a package) and lintian; exits 77 (skipped) when not root. Safe to
# run again: it refuses to touch an sa-triage it did not install, and leaves a user it did
# not create.
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

# Prints the lines of a dpkg log that are not dpkg's own progress lines (warnings, output of
# the maintainer scripts).
dpkg_noise() {
  grep -v -e '^(Reading database \.\.\. ' -e '^Selecting previously unselected package sa-triage' \
    -e '^Preparing to unpack .*sa-triage_.*\.deb \.\.\.$' -e '^Unpacking sa-triage ' \
    -e '^Setting up sa-triage ' -e '^Removing sa-triage ' \
    -e '^Purging configuration files for sa-triage ' -e '^Processing triggers for ' "$1"
}

# 1. Build the package. The Maintainer is whoever builds it; this test's package is
# installed here and purged, never distributed, so it names itself in the reserved
# .invalid domain (RFC 2606), through Debian's DEBFULLNAME/DEBEMAIL.
test_maintainer="sa-triage package test <package-test@sa-triage.invalid>"
build="$work_dir/build"
mkdir -p "$build"
rm -f "$build"/sa-triage_*.deb
configure() {  # configure [env(1) arguments: -u NAME, NAME=VALUE]...
  env "$@" cmake -S "$source_dir" -B "$build" -DCMAKE_INSTALL_PREFIX=/usr \
    -DCMAKE_BUILD_TYPE=Release -DSA_BUILD_TESTS=OFF -DSA_SANITIZE=OFF -DSA_WERROR=OFF \
    -DSA_PACKAGE_MAINTAINER= > "$work_dir/configure.log" 2>&1 || {
    cat "$work_dir/configure.log"
    echo "FAIL cmake configure"
    exit 1
  }
}
# Without a maintainer cpack stops, saying what to set (before it builds anything).
configure -u DEBFULLNAME -u DEBEMAIL
if (cd "$build" && cpack -G DEB) > "$work_dir/cpack-no-maintainer.log" 2>&1; then
  fail "cpack built a package without a Maintainer"
elif grep -q 'SA_PACKAGE_MAINTAINER' "$work_dir/cpack-no-maintainer.log"; then
  echo "ok   cpack refuses a package without a Maintainer"
else
  fail "cpack without a Maintainer failed without saying why: $(cat "$work_dir/cpack-no-maintainer.log")"
fi
rm -f "$build"/sa-triage_*.deb
configure DEBFULLNAME="sa-triage package test" DEBEMAIL=package-test@sa-triage.invalid
if ! cmake --build "$build" --parallel "${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}" \
  > "$work_dir/build.log" 2>&1; then
  tail -n 40 "$work_dir/build.log"
  echo "FAIL build"
  exit 1
fi
# The packager's build is the Release build type: it must build clean too (-Wall -Wextra,
# here without -Werror, so the warnings are looked for).
if grep -q 'warning:' "$work_dir/build.log"; then
  fail "the Release build printed compiler warnings: $(grep -m 5 -A 3 'warning:' "$work_dir/build.log")"
else
  echo "ok   the Release build printed no compiler warning"
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
for path in /usr/bin/sa-triage /usr/sbin/sa-triage-milter /usr/sbin/sa-triage-web \
  /usr/lib/systemd/system/sa-triage-milter.service /usr/lib/systemd/system/sa-triage-web.service \
  /etc/sa-triage/sa-triage.yaml /usr/share/man/man8/sa-triage-web.8.gz \
  /usr/share/man/man1/sa-triage.1.gz /usr/share/man/man5/sa-triage.yaml.5.gz \
  /usr/share/man/man8/sa-triage-milter.8.gz /usr/share/doc/sa-triage/README.md \
  /usr/share/doc/sa-triage/copyright /usr/share/doc/sa-triage/changelog.gz \
  /usr/share/doc/sa-triage/examples/sa-triage.sieve; do
  if grep -qxF "$path" <<< "$contents"; then echo "ok   .deb has $path"; else fail ".deb lacks $path"; fi
done
unpacked="$work_dir/unpacked"
rm -rf "$unpacked"
mkdir -p "$unpacked"
dpkg-deb -x "$deb" "$unpacked"
# Every manual is gzip'd (Debian policy 12.1) and is a valid gzip stream.
manuals=$(grep '^/usr/share/man/.*[^/]$' <<< "$contents")
for page in $manuals; do
  case $page in
    *.gz) gzip -t "$unpacked$page" 2> /dev/null || fail "$page: not a valid gzip file" ;;
    *) fail "$page: manual page not gzip'd" ;;
  esac
done
[ -n "$manuals" ] && echo "ok   manuals are gzip'd: $(wc -w <<< "$manuals")"
# The copyright is machine-readable (DEP-5) and covers every file; the changelog is a Debian
# changelog of this version.
copyright="$unpacked/usr/share/doc/sa-triage/copyright"
if head -n 1 "$copyright" 2> /dev/null \
  | grep -qx 'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/' \
  && grep -qx 'Files: \*' "$copyright"; then
  echo "ok   copyright is DEP-5 with a Files: * paragraph"
else
  fail "copyright is not DEP-5 or has no Files: * paragraph"
fi
changelog="$work_dir/changelog"
gzip -dc "$unpacked/usr/share/doc/sa-triage/changelog.gz" > "$changelog" 2> /dev/null
version=$(dpkg-deb -f "$deb" Version)
if [ "$(dpkg-parsechangelog -l "$changelog" -S Version 2> /dev/null)" = "$version" ] &&
  [ "$(dpkg-parsechangelog -l "$changelog" -S Maintainer 2> /dev/null)" = "$test_maintainer" ]; then
  echo "ok   changelog.gz: version $version by the maintainer"
else
  fail "changelog.gz is not a Debian changelog of $version by $test_maintainer"
fi
# No build or source path in what is shipped (config lookup, __FILE__, debug info).
for file in usr/bin/sa-triage usr/sbin/sa-triage-milter; do
  leaks=$(strings -a "$unpacked/$file" | grep -F -e "$source_dir" -e "$work_dir" | head -n 3)
  if [ -z "$leaks" ]; then echo "ok   /$file names no build path"; else fail "/$file contains: $leaks"; fi
done
strays=$(grep -v '/$' <<< "$contents" | grep -v -e '^/usr/' -e '^/etc/sa-triage/')
[ -z "$strays" ] || fail ".deb has files outside /usr and /etc/sa-triage: $strays"
grep -q -e '^/usr/etc' -e '^/usr/local' <<< "$contents" && fail ".deb has /usr/etc or /usr/local paths"

control=$(dpkg-deb -f "$deb")
grep -q '^Package: sa-triage$' <<< "$control" || fail "control: Package is not sa-triage"
grep -qxF "Maintainer: $test_maintainer" <<< "$control" \
  || fail "control: Maintainer is not $test_maintainer (from DEBFULLNAME/DEBEMAIL)"
grep -q '^Homepage: file:' <<< "$control" && fail "control: Homepage is a file: URL"
grep -q '^Depends:.*libgmime-3.0' <<< "$control" || fail "control: Depends lacks the shlibdeps (libgmime-3.0)"
# The milter protocol is the daemon's own (docs/performance.md): libmilter is not needed.
grep -q '^Depends:.*libmilter' <<< "$control" && fail "control: Depends names libmilter, which nothing links"
grep -q '^Depends:.*adduser' <<< "$control" || fail "control: Depends lacks adduser"
grep -q '^Depends:.*libldns3' <<< "$control" || fail "control: Depends lacks libldns3 (DKIM key lookups)"
grep -q '^Recommends:.*postfix' <<< "$control" || fail "control: Recommends lacks postfix"
grep -q '^Depends:.*libsodium23' <<< "$control" || fail "control: Depends lacks libsodium23 (sa-triage-web)"
control_dir="$work_dir/control"
rm -rf "$control_dir"
dpkg-deb -e "$deb" "$control_dir"
grep -qxF /etc/sa-triage/sa-triage.yaml "$control_dir/conffiles" \
  || fail "conffiles does not list /etc/sa-triage/sa-triage.yaml"
unit=$(dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/lib/systemd/system/sa-triage-milter.service)
grep -q '^ExecStart=/usr/sbin/sa-triage-milter --config /etc/sa-triage/sa-triage.yaml' <<< "$unit" \
  || fail "unit: ExecStart does not run /usr/sbin/sa-triage-milter with /etc/sa-triage/sa-triage.yaml"

# lintian's default profile: no error, no warning. The package ships no overrides; I: tags
# (hardening flags a packager adds with dpkg-buildflags) do not fail.
if command -v lintian > /dev/null; then
  lintian --fail-on error,warning "$deb" > "$work_dir/lintian.log" 2>&1
  lintian_rc=$?
  if grep -q '^[EW]: ' "$work_dir/lintian.log"; then
    fail "lintian:"$'\n'"$(grep '^[EW]: ' "$work_dir/lintian.log")"
  elif [ "$lintian_rc" != 0 ]; then
    fail "lintian exited $lintian_rc: $(cat "$work_dir/lintian.log")"
  else
    echo "ok   lintian: no errors or warnings"
  fi
else
  fail "lintian is not installed (apt-get install lintian; .ci/setup.sh does)"
fi

# 3. Install it on this machine.
user_before=no
getent passwd sa-triage > /dev/null && user_before=yes
touch "$marker"
if ! dpkg -i "$deb" > "$work_dir/dpkg-install.log" 2>&1; then
  cat "$work_dir/dpkg-install.log"
  fail "dpkg -i"
fi
noise=$(dpkg_noise "$work_dir/dpkg-install.log")
[ -z "$noise" ] || fail "dpkg -i printed more than its progress:"$'\n'"$noise"
check "sa-triage is installed" installed
check "user sa-triage exists" id sa-triage
for path in /usr/bin/sa-triage /usr/sbin/sa-triage-milter /etc/sa-triage/sa-triage.yaml \
  /usr/lib/systemd/system/sa-triage-milter.service \
  "/usr/lib/$(gcc -print-multiarch)/sa-triage/sa-triage-printout.so"; do
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
# The installed command reads a printout through the installed module (loaded on first use).
out=$(cd / && /usr/bin/sa-triage check \
  "$source_dir/samples/attachment-printout-pdf-declarer-site-2star-consistent.eml" 2>&1)
if grep -q 'verdict: *consistent' <<< "$out"; then
  echo "ok   installed sa-triage reads a printout PDF through /usr/lib/*/sa-triage/sa-triage-printout.so"
else
  fail "installed sa-triage check on a printout: $out"
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
noise=$(dpkg_noise "$work_dir/dpkg-purge.log")
if [ -z "$noise" ]; then
  echo "ok   dpkg --purge printed only its progress (no deluser warning)"
else
  fail "dpkg --purge printed more than its progress:"$'\n'"$noise"
fi
if installed; then fail "sa-triage still installed after purge"; else rm -f "$marker"; fi
for path in /usr/bin/sa-triage /usr/sbin/sa-triage-milter /etc/sa-triage /var/lib/sa-triage \
  /usr/lib/systemd/system/sa-triage-milter.service /usr/share/man/man1/sa-triage.1.gz \
  /usr/share/doc/sa-triage; do
  check "purged $path" test ! -e "$path"
done
if [ "$user_before" = yes ]; then
  check "user sa-triage (there before the test) kept" id sa-triage
else
  check "user sa-triage (created by the package) removed" test -z "$(getent passwd sa-triage)"
fi

[ "$failures" = 0 ] || { echo "$failures failure(s)"; exit 1; }
echo "package: built, installed, checked and purged"
