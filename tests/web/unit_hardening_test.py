#!/usr/bin/env python3
"""unit_hardening_test.py - sa-triage-web's systemd unit keeps the milter unit's hardening
("web: the unit keeps the milter unit's hardening").

Every directive of the "# Hardening" block of systemd/sa-triage-milter.service.in must be in
systemd/sa-triage-web.service.in with the same value, except the two the desk needs
otherwise and says why in its comments: CapabilityBoundingSet (Postfix's tools as root) and
the SystemCallFilter that denies @privileged (postsuper and postcat drop to the postfix
user). Then `systemd-analyze verify` (when installed) on the unit with ExecStart pointing
at the built binary. Exit 0 pass, 1 fail.
"""

import os
import shutil
import subprocess
import sys
import tempfile

ALLOWED = {
    "CapabilityBoundingSet": "CAP_DAC_OVERRIDE CAP_DAC_READ_SEARCH CAP_FOWNER CAP_CHOWN CAP_SETUID CAP_SETGID",
    "SystemCallFilter=~@privileged @resources": "SystemCallFilter=~@resources",
}


def directives(path, hardening_only):
    out, inside = [], not hardening_only
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line.startswith("# Hardening"):
                inside = True
            elif line.startswith("["):
                inside = inside and not hardening_only
            elif inside and "=" in line and not line.startswith("#"):
                out.append(line)
    return out


def main():
    source, web_binary = sys.argv[1], os.path.abspath(sys.argv[2])
    milter = directives(os.path.join(source, "systemd/sa-triage-milter.service.in"), True)
    web_unit = os.path.join(source, "systemd/sa-triage-web.service.in")
    web = directives(web_unit, False)
    failed = 0
    if len(milter) < 20:
        print(f"FAIL: found only {len(milter)} hardening directives in the milter's unit")
        failed += 1
    for d in milter:
        key = d.split("=", 1)[0]
        want = d
        if d in ALLOWED:
            want = ALLOWED[d]
        elif key in ALLOWED:
            want = f"{key}={ALLOWED[key]}"
        if want not in web:
            print(f"FAIL: sa-triage-web.service.in lacks {want!r} (the milter's unit has {d!r})")
            failed += 1
    if shutil.which("systemd-analyze"):
        with tempfile.TemporaryDirectory() as tmp:
            text = open(web_unit, encoding="utf-8").read()
            text = text.replace("@SA_WEB_BINARY@", web_binary).replace(
                "@SA_INSTALLED_CONFIG@", "/etc/sa-triage/sa-triage.yaml")
            unit = os.path.join(tmp, "sa-triage-web.service")
            with open(unit, "w", encoding="utf-8") as f:
                f.write(text)
            r = subprocess.run(["systemd-analyze", "verify", unit], capture_output=True, text=True,
                               timeout=60)
            problems = [l for l in (r.stdout + r.stderr).splitlines() if "sa-triage-web" in l]
            if r.returncode != 0 or problems:
                print("FAIL: systemd-analyze verify:\n" + r.stdout + r.stderr)
                failed += 1
    print(f"unit_hardening_test: {len(milter)} directives compared, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
