#!/usr/bin/python3
"""check_printouts_test.py - `sa-triage check --json` on applicant messages that attach the
printout fixtures (make_printouts.py): with the shipped config (PDF text on, OCR off) and
with OCR turned on. Checks verdict, forward, star, company, 受付状況 and reasons of each,
that nothing is ever `verified`, that hostile attachments (encrypted, truncated, 5,000
pages, a zip bomb, an image whose header declares 10^10 pixels) give a verdict with their
reason and no error, that the whole run stays within a generous time bound, and that
`sa-triage check-config` names the file, line and key of a bad template.

Usage: check_printouts_test.py --cli SA_TRIAGE --fixtures DIR --config YAML
Exit 0 when all checks pass, 1 otherwise.
"""

import argparse
import base64
import json
import os
import subprocess
import sys
import tempfile
import time


def applicant(filename, mime_type, payload):
    b64 = base64.encodebytes(payload).decode("ascii").replace("\n", "\r\n")
    return ("From: yamada@sample-shoji.example.jp\r\n"
            "To: hojokin@grant.example.lg.jp\r\n"
            "Subject: printout\r\n"
            "Date: Tue, 01 Dec 2026 10:00:00 +0900\r\n"
            "Message-ID: <cli-printout@sample-shoji.example.jp>\r\n"
            "MIME-Version: 1.0\r\n"
            "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
            "--b\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nSee attached.\r\n"
            f"--b\r\nContent-Type: {mime_type}; name=\"{filename}\"\r\n"
            "Content-Transfer-Encoding: base64\r\n"
            f"Content-Disposition: attachment; filename=\"{filename}\"\r\n\r\n"
            + b64 + "--b--\r\n").encode("ascii")


# fixture -> expected JSON values (reasons: each must be present)
PDF_CASES = {
    "top-2star.pdf": {"verdict": "consistent", "forward": "printout", "star": 2,
                      "company": "株式会社サンプル商事", "printout_status": "宣言済",
                      "declaration_id": "49999950001", "notice": "declarer-site-top",
                      "reasons": ["printout=unverifiable", "printout-source=pdf"]},
    "top-1star.pdf": {"verdict": "consistent", "forward": "printout", "star": 1,
                      "company": "有限会社見本ソフト", "reasons": ["printout=unverifiable"]},
    "top-no-stage.pdf": {"verdict": "suspicious", "forward": "printout", "star": None,
                         "reasons": ["printout-missing=star", "printout=unverifiable"]},
    "not-a-printout.pdf": {"verdict": "none", "forward": "none", "reasons": ["no-notice"]},
    "encrypted.pdf": {"verdict": "none", "reasons": ["printout=pdf-encrypted"]},
    "truncated.pdf": {"verdict": "none", "reasons": ["printout=pdf-unreadable"]},
    "pages-5000.pdf": {"verdict": "none", "reasons": ["no-notice"]},
    "flate-bomb.pdf": {"verdict": "none", "reasons": ["printout=pdf-inflated-too-large"]},
    "screenshot-2star.png": {"verdict": "none", "reasons": ["no-notice"]},  # OCR is off
}
OCR_CASES = {
    "screenshot-2star.png": {"verdict": "consistent", "forward": "printout", "star": 2,
                             "company": "株式会社サンプル商事",
                             "reasons": ["printout=unverifiable", "printout-source=ocr"]},
    "photo-1star.jpg": {"verdict": "consistent", "forward": "printout", "star": 1,
                        "company": "有限会社見本ソフト"},
    "screenshot-no-stage.png": {"verdict": "suspicious", "reasons": ["printout-missing=star"]},
    "bomb.png": {"verdict": "none", "reasons": ["printout=image-too-large"]},
}
TYPES = {".pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg"}


def run(cli, config, fixtures, cases, tmp, failures):
    paths = []
    for name in cases:
        with open(os.path.join(fixtures, name), "rb") as f:
            payload = f.read()
        paths.append(os.path.join(tmp, name + ".eml"))
        with open(paths[-1], "wb") as f:
            f.write(applicant(name, TYPES[os.path.splitext(name)[1]], payload))
    start = time.monotonic()
    p = subprocess.run([cli, "check", "--json", "--config", config] + paths,
                       capture_output=True, timeout=240)
    took = time.monotonic() - start
    print(f"{len(paths)} messages in {took:.2f} s ({config})", flush=True)
    out = p.stdout.decode("utf-8", "replace")

    def check(ok, what):
        if not ok:
            failures.append(what)
            print("FAIL: " + what, flush=True)

    check(p.returncode == 0, f"exit status {p.returncode}: {p.stderr.decode()[-500:]}")
    lines = out.splitlines()
    check(len(lines) == len(cases), f"{len(lines)} JSON lines for {len(cases)} files")
    for (name, want), line in zip(cases.items(), lines):
        got = json.loads(line)
        check(got["verdict"] != "verified", f"{name}: a printout was verified")
        for key, value in want.items():
            if key == "reasons":
                for r in value:
                    check(r in got["reasons"], f"{name}: no {r} in {got['reasons']}")
            else:
                check(got.get(key) == value, f"{name}: {key} {got.get(key)!r} != {value!r}")
    return took


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--fixtures", required=True)
    ap.add_argument("--config", required=True)
    args = ap.parse_args()
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        took = run(args.cli, args.config, args.fixtures, PDF_CASES, tmp, failures)
        if took > 60:
            failures.append(f"PDF messages took {took:.1f} s")
        with open(args.config, encoding="utf-8") as f:
            text = f.read()
        ocr_config = os.path.join(tmp, "ocr.yaml")
        text = text.replace("  ocr: false", "  ocr: true", 1)
        text = text.replace("  timeout_ms: 10000", "  timeout_ms: 60000", 1)
        text = text.replace("  time_budget_ms: 4000", "  time_budget_ms: 30000", 1)
        with open(ocr_config, "w", encoding="utf-8") as f:
            f.write(text)
        took = run(args.cli, ocr_config, args.fixtures, OCR_CASES, tmp, failures)
        if took > 120:
            failures.append(f"OCR messages took {took:.1f} s")
        # check-config names the file, line and key of a bad template.
        bad = os.path.join(tmp, "bad.yaml")
        with open(bad, "w", encoding="utf-8") as f:
            f.write(text.replace("  templates: []", "  templates:\n"
                                 "    - name: my-page\n"
                                 "      markers: ['SECURITY ACTION']\n"
                                 "      fields: { company: '事業者名' }\n", 1))
        p = subprocess.run([args.cli, "check-config", "--config", bad], capture_output=True,
                           timeout=60)
        err = p.stderr.decode("utf-8", "replace") + p.stdout.decode("utf-8", "replace")
        line = text[:text.index("  templates: []")].count("\n") + 4
        want = f"{bad}:{line}: printouts.templates[0].fields.company: pattern must have exactly"
        if p.returncode == 0 or want not in err:
            failures.append(f"check-config on a bad template: rc {p.returncode}, {err!r}")
            print("FAIL: " + failures[-1], flush=True)
    print(f"check_printouts_test: {len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
