#!/usr/bin/env python3
"""check_json_outlook_test.py - `sa-triage check --json` on Outlook containers (ctest "cli:").

Runs the command over the .msg and winmail.dat samples and checks each JSON object against
the sample's .expected (verdict, forward, star, declaration_id, container=unverifiable);
then over applicant messages carrying hostile containers it builds here (a truncated .msg,
a truncated TNEF, TNEF streams that libytnef would refuse with a printf on stdout: an empty
MAPI block, an over-long subject) and checks that stdout is still one JSON object per file,
each a verdict with its container= reason, never an error.

Usage: check_json_outlook_test.py --cli SA_TRIAGE --samples DIR --config YAML
Exit 0 when all checks pass, 1 otherwise. Python 3 standard library only.
"""

import argparse
import base64
import email
import email.policy
import json
import os
import struct
import subprocess
import sys
import tempfile

SAMPLES = (
    "attachment-msg-outlook-unicode-transport-headers-2star-consistent",
    "attachment-tnef-winmail-embedded-cp932-1star-consistent",
)


def read_expected(path):
    values = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if ":" in line and not line.lstrip().startswith("#"):
                key, value = line.split(":", 1)
                values[key.strip()] = value.strip()
    return values


def tnef_attribute(level, att_id, data):
    return (struct.pack("<BII", level, att_id, len(data)) + data +
            struct.pack("<H", sum(data) & 0xFFFF))


def tnef(*attributes):
    return struct.pack("<IH", 0x223E9F78, 1) + b"".join(attributes)


def applicant(content_type, filename, payload):
    b64 = base64.encodebytes(payload).decode("ascii").replace("\n", "\r\n")
    return ("From: yamada@sample-shoji.example.jp\r\n"
            "To: hojokin@grant.example.lg.jp\r\n"
            "Subject: FW: notice\r\n"
            "Date: Thu, 02 Apr 2026 09:30:00 +0900\r\n"
            "Message-ID: <cli-outlook@sample-shoji.example.jp>\r\n"
            "MIME-Version: 1.0\r\n"
            "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
            "--b\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nSee attached.\r\n"
            f"--b\r\nContent-Type: {content_type}; name=\"{filename}\"\r\n"
            "Content-Transfer-Encoding: base64\r\n"
            f"Content-Disposition: attachment; filename=\"{filename}\"\r\n\r\n"
            + b64 + "--b--\r\n").encode("ascii")


def attachment_of(eml_path):
    """The decoded bytes of a sample's attachment."""
    with open(eml_path, "rb") as f:
        message = email.message_from_binary_file(f, policy=email.policy.default)
    return next(message.iter_attachments()).get_payload(decode=True)


def run(cli, config, files):
    p = subprocess.run([cli, "check", "--json", "--config", config] + files,
                       capture_output=True, timeout=120)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--samples", required=True)
    ap.add_argument("--config", required=True)
    args = ap.parse_args()
    failures = []

    def check(ok, what):
        if not ok:
            failures.append(what)
            print("FAIL: " + what, flush=True)

    files = [os.path.join(args.samples, name + ".eml") for name in SAMPLES]
    rc, out, err = run(args.cli, args.config, files)
    check(rc == 0, f"samples: exit status {rc} ({err.strip()})")
    lines = out.splitlines()
    check(len(lines) == len(SAMPLES), f"samples: {len(lines)} lines for {len(SAMPLES)} files")
    for name, line in zip(SAMPLES, lines):
        got = json.loads(line)
        want = read_expected(os.path.join(args.samples, name + ".expected"))
        for key in ("verdict", "forward", "notice", "declaration_id", "company"):
            check(got.get(key) == want[key], f"{name}: {key} {got.get(key)!r} != {want[key]!r}")
        check(str(got.get("star")) == want["star"], f"{name}: star {got.get('star')!r}")
        check("container=unverifiable" in got["reasons"], f"{name}: no container=unverifiable")
        check(got["verdict"] != "verified", f"{name}: a container was verified")

    msg = attachment_of(files[0])
    winmail = attachment_of(files[1])
    hostile = {
        "truncated-msg": (applicant("application/vnd.ms-outlook", "notice.msg",
                                    msg[: len(msg) // 2]), "container=unreadable"),
        "truncated-tnef": (applicant("application/ms-tnef", "winmail.dat",
                                     winmail[: len(winmail) // 2]), "container=unreadable"),
        "empty-mapi-block": (applicant("application/ms-tnef", "winmail.dat",
                                       tnef(tnef_attribute(1, 0x00069003, b"\0\0\0\0"))),
                             "container=unreadable"),
        "long-subject": (applicant("application/ms-tnef", "winmail.dat",
                                   tnef(tnef_attribute(1, 0x00018004, b"x" * 101))),
                         "container=unreadable"),
    }
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for name, (raw, _) in hostile.items():
            paths.append(os.path.join(tmp, name + ".eml"))
            with open(paths[-1], "wb") as f:
                f.write(raw)
        rc, out, err = run(args.cli, args.config, paths)
    check(rc == 0, f"hostile: exit status {rc} ({err.strip()})")
    lines = out.splitlines()
    check(len(lines) == len(hostile), f"hostile: stdout has {len(lines)} lines, not "
          f"{len(hostile)}: {out!r}")
    for (name, (_, reason)), line in zip(hostile.items(), lines):
        try:
            got = json.loads(line)
        except ValueError:
            check(False, f"{name}: not JSON on stdout: {line!r}")
            continue
        check(got["verdict"] not in ("verified", "error"), f"{name}: verdict {got['verdict']}")
        check(reason in got["reasons"], f"{name}: no {reason} in {got['reasons']}")

    print(f"check_json_outlook_test: {len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
