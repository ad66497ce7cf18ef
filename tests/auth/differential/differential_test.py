#!/usr/bin/python3
"""Differential test: every original that sa-triage calls `verified` is verified again,
independently, with python3-dkim and Python's email package.

  /usr/bin/python3 differential_test.py --cli BUILD/milter/sa-triage --repo REPO [-n 1500]

It generates N messages (fixed seed) by mutating the genuine signed test notices and the e2e
wrappers of tests/auth/fixtures, runs `sa-triage check --json --show-original` over them and,
for every result with verdict "verified", checks the original the engine says it verified
(`verified_original`, base64 of its exact bytes):

  (a) python3-dkim: some DKIM-Signature with d=ipa.go.jp (or a subdomain) passes, against
      the test key file; that signature's h= covers From and Subject, its l= (if any) covers
      the whole body, it is not rsa-sha1, and d= is aligned with the From domain;
  (b) email (policy.default): exactly one From and one Subject; the engine's original_from,
      original_subject, star, declaration_id and company agree with Python's decoded
      reading (tolerating only NFKC, 〜/～ and whitespace/control-character normalisation);
  (c) the bytes occur in the submitted message, or in the decoding of one of its
      (base64/quoted-printable) parts: the engine did not invent them.

Needs only the standard library and python3-dkim (Debian: apt-get install python3-dkim);
use Debian's /usr/bin/python3 (a pyenv python may not see dist-packages).
`--self-test` checks the checker itself against fabricated engine results (no CLI needed).
"""

import argparse
import base64
import email
import email.policy
import email.utils
import glob
import json
import os
import quopri
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata

try:
    import dkim
except ImportError:  # pragma: no cover
    sys.stderr.write("differential_test: python3-dkim is missing "
                     "(apt-get install python3-dkim; run with /usr/bin/python3)\n")
    sys.exit(2)

SEED = 20240513
ALLOWED_DOMAIN = "ipa.go.jp"
MIN_VERIFIED = 20
BATCH = 300

FORGED_SUBJECT = "【SECURITY ACTION】二つ星:自己宣言完了のお知らせ"
FORGED_ID = "49999999999"
FORGED_COMPANY = "株式会社なりすまし商事"


# ------------------------------------------------------------------------------------------
# Small helpers
# ------------------------------------------------------------------------------------------

def b64_lines(data):
    enc = base64.b64encode(data)
    return b"\n".join(enc[i:i + 76] for i in range(0, len(enc), 76)) + b"\n"


def rfc2047(text, charset="UTF-8", kind="B"):
    raw = text.encode("iso2022_jp" if charset.upper() == "ISO-2022-JP" else charset)
    if kind == "B":
        return "=?%s?B?%s?=" % (charset, base64.b64encode(raw).decode("ascii"))
    q = "".join(chr(c) if (48 <= c <= 57 or 65 <= c <= 90 or 97 <= c <= 122) else "=%02X" % c
                for c in raw)
    return "=?%s?Q?%s?=" % (charset, q)


def split_head(msg):
    """(header section up to and including its last line end, the blank line, body)."""
    m = re.search(rb"\r?\n(\r?\n)", msg)
    if not m:
        return msg, b"", b""
    return msg[:m.start(1)], m.group(1), msg[m.end():]


def relaxed_body(msg):
    """The message with its body as DKIM's relaxed body canonicalisation sees it (RFC 6376
    3.4.4: runs of spaces and tabs one space, none at a line's end): what a c=*/relaxed
    signature proves. Line ends are kept."""
    head, sep, body = split_head(msg)
    if not sep:
        return msg
    out = []
    for line in body.split(b"\n"):
        cr = line.endswith(b"\r")
        if cr:
            line = line[:-1]
        line = re.sub(rb"[ \t]+", b" ", line).rstrip(b" ")
        out.append(line + (b"\r" if cr else b""))
    return head + sep + b"\n".join(out)


def header_fields(head):
    """Split a header section into whole fields (with their continuation lines)."""
    lines = head.splitlines(keepends=True)
    fields = []
    for line in lines:
        if fields and line[:1] in (b" ", b"\t"):
            fields[-1] += line
        else:
            fields.append(line)
    return fields


def field_name(field):
    m = re.match(rb"([^:\s]+)\s*:", field)
    return m.group(1).lower() if m else b""


def top_boundary(msg):
    head, _, _ = split_head(msg)
    m = re.search(rb'(?im)^content-type:[^\n]*multipart[^\n]*(?:\n[ \t][^\n]*)*', head)
    if not m:
        return None
    b = re.search(rb'boundary="?([^";\s]+)"?', m.group(0), re.I)
    return b.group(1) if b else None


def nfkc(s):
    return unicodedata.normalize("NFKC", s)


def norm(s, controls=" "):
    """What the engine's normalisation allows: NFKC, 〜/～ unified, control characters and
    runs of whitespace collapsed."""
    s = nfkc(s or "").replace("〜", "~").replace("～", "~")
    s = "".join(controls if unicodedata.category(c) == "Cc" else c for c in s)
    return " ".join(s.split())


def same_text(a, b):
    return norm(a) == norm(b) or norm(a, "") == norm(b, "")


# ------------------------------------------------------------------------------------------
# Fixtures
# ------------------------------------------------------------------------------------------

def load_keys(path):
    keys = {}
    with open(path, "rb") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith(b"#"):
                continue
            name, _, value = line.partition(b" ")
            keys[name.decode("ascii").rstrip(".").lower()] = value.strip()
    return keys


def make_dnsfunc(keys):
    def dnsfunc(name, timeout=5):
        if isinstance(name, bytes):
            name = name.decode("ascii", "replace")
        return keys.get(name.rstrip(".").lower())
    return dnsfunc


# ------------------------------------------------------------------------------------------
# Python's reading of an original
# ------------------------------------------------------------------------------------------

def key_tags(dnsfunc, sel, dom):
    rec = dnsfunc("%s._domainkey.%s" % (sel, dom)) or b""
    try:
        return dkim.util.parse_tag_value(rec)
    except Exception:
        return {}


def py_dkim(raw, dnsfunc):
    """(ok, description). ok: a d=ipa.go.jp signature passed and is acceptable."""
    notes = []
    try:
        probe = dkim.DKIM(raw, minkey=1024)
    except Exception as e:  # rfc822_parse refuses some header sections outright
        return False, "dkim cannot parse the message: %s: %s" % (type(e).__name__, e)
    count = len([1 for k, _ in probe.headers if k.lower() == b"dkim-signature"])
    if count == 0:
        return False, "no DKIM-Signature"
    for idx in range(count):
        d = dkim.DKIM(raw, minkey=1024)
        try:
            ok = d.verify(idx=idx, dnsfunc=dnsfunc)
        except Exception as e:
            notes.append("sig%d: %s: %s" % (idx, type(e).__name__, e))
            continue
        tags = d.signature_fields or {}
        dom = tags.get(b"d", b"").decode("ascii", "replace").lower()
        if not ok:
            notes.append("sig%d d=%s: fail" % (idx, dom))
            continue
        if dom != ALLOWED_DOMAIN and not dom.endswith("." + ALLOWED_DOMAIN):
            notes.append("sig%d d=%s: pass, but not %s" % (idx, dom, ALLOWED_DOMAIN))
            continue
        problems = []
        h = [x.strip().lower() for x in tags.get(b"h", b"").split(b":")]
        for need in (b"from", b"subject"):
            if need not in h:
                problems.append("h= lacks %s" % need.decode())
        # what decides how the body is read must be signed where present (python3-dkim sees
        # every field, however many there are)
        present = {k.strip().lower() for k, _ in d.headers}
        for need in (b"date", b"content-type", b"content-transfer-encoding"):
            if need in present and need not in h:
                problems.append("%s present but not in h=" % need.decode())
        if tags.get(b"a", b"").lower() == b"rsa-sha1":
            problems.append("rsa-sha1")
        sel = tags.get(b"s", b"").decode("ascii", "replace")
        if b"y" in [f.strip() for f in key_tags(dnsfunc, sel, dom).get(b"t", b"").split(b":")]:
            problems.append("key %s._domainkey.%s is in testing mode (t=y)" % (sel, dom))
        if b"l" in tags:
            policy = dkim.CanonicalizationPolicy.from_c_value(tags.get(b"c", b"simple/simple"))
            blen = len(policy.canonicalize_body(d.body))
            if int(tags[b"l"]) < blen:
                problems.append("l=%s < body %d" % (tags[b"l"].decode(), blen))
        froms = [v for k, v in d.headers if k.lower() == b"from"]
        if len(froms) == 1:
            addrs = re.findall(rb"@([A-Za-z0-9.-]+)", froms[0])
            fdom = addrs[-1].decode().lower().rstrip(".") if addrs else ""
            if not (fdom == dom or fdom.endswith("." + dom)):
                problems.append("From domain %r not aligned with d=%s" % (fdom, dom))
        if problems:
            notes.append("sig%d d=%s: pass, but %s" % (idx, dom, ", ".join(problems)))
            continue
        return True, "sig%d d=%s s=%s: pass" % (idx, dom, tags.get(b"s", b"").decode())
    return False, "; ".join(notes)


STAR_WORDS = (("二つ星", 2), ("一つ星", 1))
ID_RE = re.compile(r"自己宣言ID\s*[:：]\s*([0-9０-９]+)")
COMPANY_RE = re.compile(r"(?m)^[ \t]*([^\n]*[^\s])[ \t]*\n[ \t]*[^\n]*様[ \t]*$")


def py_reading(raw):
    """Python's decoded view of an original (dict; 'problems' lists what makes it unusable)."""
    r = {"problems": [], "from": None, "subject": None, "star": None, "ids": [],
         "company_lines": [], "company": None}
    try:
        msg = email.message_from_bytes(raw, policy=email.policy.default)
    except Exception as e:
        r["problems"].append("email cannot parse: %s" % e)
        return r
    froms = msg.get_all("From") or []
    subjects = msg.get_all("Subject") or []
    if len(froms) != 1:
        r["problems"].append("%d From headers" % len(froms))
    if len(subjects) != 1:
        r["problems"].append("%d Subject headers" % len(subjects))
    defects = [type(d).__name__ for d in msg.defects]
    if defects:
        r["defects"] = defects
    try:
        if froms:
            f = froms[0]
            r["from"] = str(f)
            addrs = getattr(f, "addresses", ())
            if len(addrs) == 1:
                r["from_name"], r["from_addr"] = addrs[0].display_name, addrs[0].addr_spec
        if subjects:
            r["subject"] = str(subjects[0])
    except Exception as e:
        r["problems"].append("email cannot decode From/Subject: %s" % e)
    if r["subject"] is not None:
        s = nfkc(r["subject"])
        stars = {n for w, n in STAR_WORDS if w in s}
        if not stars:
            stars = {2} if "★★" in s else ({1} if "★" in s else set())
        if len(stars) > 1:
            r["problems"].append("subject names both stars")
        r["star"] = stars.pop() if len(stars) == 1 else None
    body = None
    try:
        part = msg.get_body(preferencelist=("plain",))
        if part is not None:
            body = part.get_content()
    except Exception as e:
        r["problems"].append("email cannot decode the text/plain body: %s" % e)
    if body is None:
        r["problems"].append("no text/plain body")
        body = ""
    text = nfkc(body).replace("\r\n", "\n").replace("\r", "\n")
    r["body_excerpt"] = text[:160]
    r["ids"] = sorted({nfkc(m.group(1)) for m in ID_RE.finditer(text)})
    r["company_lines"] = {norm(line) for line in text.split("\n") if norm(line)}
    m = COMPANY_RE.search(text)
    r["company"] = m.group(1) if m else None
    return r


def compare(eng, rd):
    """Disagreements between the engine's fields and Python's reading."""
    out = list(rd["problems"])
    ef, es = eng.get("original_from") or "", eng.get("original_subject") or ""
    if rd["from"] is not None and not same_text(ef, rd["from"]):
        name, addr = email.utils.parseaddr(ef)
        if not ("from_addr" in rd and addr.lower() == rd["from_addr"].lower()
                and same_text(name, rd.get("from_name", ""))):
            out.append("original_from %r != python %r" % (ef, rd["from"]))
    if rd["subject"] is not None and not same_text(es, rd["subject"]):
        out.append("original_subject %r != python %r" % (es, rd["subject"]))
    if eng.get("star") != rd["star"]:
        out.append("star %r != python %r" % (eng.get("star"), rd["star"]))
    eid = nfkc(eng.get("declaration_id") or "")
    if len(rd["ids"]) > 1:
        out.append("python sees several 自己宣言ID %s" % rd["ids"])
    elif eid != (rd["ids"][0] if rd["ids"] else ""):
        out.append("declaration_id %r != python %r" % (eid, rd["ids"]))
    comp = eng.get("company") or ""
    if comp:
        if norm(comp) not in rd["company_lines"]:
            out.append("company %r is not a line of python's body" % comp)
    elif rd["company"]:
        out.append("company empty, python finds %r" % rd["company"])
    return out


B64_LINE = re.compile(rb"^[A-Za-z0-9+/]+={0,2}$")


def base64_blocks(raw):
    """Every run of base64 lines that starts right after a blank line (a MIME part's body,
    whatever its Content-Type says), decoded. Independent of how a parser nests parts."""
    out = []
    lines = re.split(rb"\r?\n|\r", raw)
    i = 0
    while i < len(lines):
        if lines[i].strip() == b"" and i + 1 < len(lines) and B64_LINE.match(lines[i + 1].strip()):
            j = i + 1
            while j < len(lines) and lines[j].strip() and B64_LINE.match(lines[j].strip()):
                j += 1
            data = b"".join(x.strip() for x in lines[i + 1:j])
            if len(data) >= 16:
                try:
                    out.append(base64.b64decode(data + b"=" * (-len(data) % 4)))
                except Exception:
                    pass
            i = j
        else:
            i += 1
    return out


def decoded_blobs(raw, depth=0):
    """The message, the decoding of each base64/quoted-printable part (as Python's parser
    sees the parts) and of each base64 block, recursively."""
    out = [raw]
    if depth > 6:
        return out
    found = list(base64_blocks(raw))
    try:
        msg = email.message_from_bytes(raw, policy=email.policy.compat32)
        for part in msg.walk():
            if part.is_multipart():
                continue
            cte = str(part.get("Content-Transfer-Encoding", "")).strip().lower()
            if cte in ("base64", "quoted-printable"):
                try:
                    data = part.get_payload(decode=True)
                except Exception:
                    continue
                if data:
                    found.append(data)
    except Exception:
        pass
    seen = set()
    for data in found:
        if data not in seen:
            seen.add(data)
            out.extend(decoded_blobs(data, depth + 1))
    return out


def check_result(res, submitted, dnsfunc):
    """[] when the engine's verified result is confirmed, else the disagreements (and a
    dict of Python's reading for the report)."""
    if "verified_original" not in res or not isinstance(res["verified_original"], str):
        return ["verdict verified but no verified_original"], {}
    try:
        orig = base64.b64decode(res["verified_original"], validate=True)
    except Exception as e:
        return ["verified_original is not base64: %s" % e], {}
    issues = []
    ok, how = py_dkim(orig, dnsfunc)
    if not ok:
        issues.append("python dkim: " + how)
    rd = py_reading(orig)
    issues += compare(res, rd)
    # A relaxed body signature proves only the relaxed form: read that too, and the engine
    # must agree with it as well (white space after a quoted-printable soft break, say).
    relaxed = relaxed_body(orig)
    if relaxed != orig:
        issues += ["relaxed form: " + i for i in compare(res, py_reading(relaxed))]
    if not any(orig in blob for blob in decoded_blobs(submitted)):
        issues.append("verified_original (%d bytes) is not in the submitted message "
                      "nor in any decoded part" % len(orig))
    view = {"dkim": how, "from": rd.get("from"), "subject": rd.get("subject"),
            "star": rd.get("star"), "ids": rd.get("ids"), "company": rd.get("company"),
            "defects": rd.get("defects"), "original_bytes": len(orig),
            "original_head": orig[:600].decode("utf-8", "backslashreplace")}
    return issues, view


# ------------------------------------------------------------------------------------------
# Generator
# ------------------------------------------------------------------------------------------

APPLICANT_TEXT = ("補助金事務局 御中\n\nSECURITY ACTION の自己宣言完了メールを添付にてお送りします。\n"
                  "よろしくお願いいたします。\n")
RECEIVED = (b"Received: from mx.example.co.jp (mx.example.co.jp [192.0.2.25])\n"
            b"\tby mx.grant-office.example.jp (Postfix) with ESMTPS id 4VfQ2x%04d\n"
            b"\tfor <hojo@grant-office.example.jp>; Mon, 13 May 2024 10:21:30 +0900 (JST)\n")


class Gen:
    def __init__(self, originals, bases, forged_notice, rng):
        self.originals = originals          # [(name, bytes)] genuine signed originals
        self.bases = bases                  # [(name, bytes)] e2e / adversarial messages
        self.forged_notice = forged_notice  # an unsigned notice with forged star/ID
        self.rng = rng

    # --- values a forger would put in a duplicate header -------------------------------
    def forged_value(self, name):
        r = self.rng
        if name == b"subject":
            return r.choice([rfc2047(FORGED_SUBJECT), rfc2047(FORGED_SUBJECT, kind="Q"),
                             rfc2047(FORGED_SUBJECT, "ISO-2022-JP"), FORGED_SUBJECT,
                             "Re: " + rfc2047(FORGED_SUBJECT)]).encode("utf-8")
        if name == b"from":
            return r.choice([b'"IPA SECURITY ACTION" <security-action-info@ipa-go.jp>',
                             b'"IPA SECURITY ACTION" <attacker@example.net>',
                             rfc2047("IPA SECURITY ACTION 事務局").encode() +
                             b" <security-action-info@ipa.go.jp.example.net>",
                             b"attacker@example.net",
                             b'"security-action-info@ipa.go.jp" <attacker@example.net>'])
        if name == b"date":
            return b"Fri, 01 Jan 2027 00:00:00 +0900"
        if name == b"to":
            return b"attacker@example.net"
        if name == b"content-type":
            return r.choice([b"text/plain; charset=ISO-2022-JP", b"text/html; charset=UTF-8",
                             b'multipart/mixed; boundary="forged"',
                             b"text/plain; charset=Shift_JIS"])
        if name == b"content-transfer-encoding":
            return r.choice([b"base64", b"quoted-printable"])
        if name == b"message-id":
            return b"<forged.1@example.net>"
        return b"x"

    # --- mutations of the original itself ----------------------------------------------
    def mutate_original(self, orig, tags, boundary):
        r = self.rng
        ops = []
        k = r.choices([0, 1, 2, 3], weights=[40, 35, 17, 8])[0]
        pool = [("unsigned-header", 14), ("dup-header", 18), ("ws-colon", 6), ("bare-cr", 7),
                ("nul", 4), ("crlf", 8), ("mixed-crlf", 4), ("boundary-line", 5),
                ("append-body", 4), ("flip", 8), ("reflow-header", 3),
                ("soft-break-space", 6), ("space-runs", 4), ("many-headers", 1)]
        names, weights = zip(*pool)
        for _ in range(k):
            ops.append(r.choices(names, weights=weights)[0])
        for op in ops:
            orig = getattr(self, "o_" + op.replace("-", "_"))(orig, tags, boundary)
        return orig

    def _fields(self, orig):
        head, sep, body = split_head(orig)
        return header_fields(head), sep, body

    def _join(self, fields, sep, body):
        return b"".join(fields) + sep + body

    @staticmethod
    def _eol(line, orig):
        """A new header line with the original's own line ends (CRLF originals stay CRLF)."""
        return line.replace(b"\n", b"\r\n") if orig.count(b"\r\n") * 2 > orig.count(b"\n") \
            else line

    def o_unsigned_header(self, orig, tags, boundary):
        r = self.rng
        fields, sep, body = self._fields(orig)
        line = r.choice([b"X-Foo: bar\n", RECEIVED % r.randrange(10000),
                         b"X-Forwarded-To: hojo@grant-office.example.jp\n",
                         b"X-Note: =?UTF-8?B?" + base64.b64encode(
                             ("自己宣言ID:" + FORGED_ID).encode()) + b"?=\n",
                         b"Authentication-Results: mx.attacker.example; dkim=pass "
                         b"header.d=ipa.go.jp\n"])
        pos = r.choice([0, 0, 1])  # above everything, or just below the first field
        fields.insert(min(pos, len(fields)), self._eol(line, orig))
        tags.append("unsigned-header")
        return self._join(fields, sep, body)

    def _dup(self, orig, tags, ws=b""):
        r = self.rng
        fields, sep, body = self._fields(orig)
        name = r.choice([b"subject", b"subject", b"from", b"from", b"date", b"content-type",
                         b"content-transfer-encoding", b"to", b"message-id"])
        canon = {b"subject": b"Subject", b"from": b"From", b"date": b"Date", b"to": b"To",
                 b"content-type": b"Content-Type", b"message-id": b"Message-ID",
                 b"content-transfer-encoding": b"Content-Transfer-Encoding"}[name]
        line = self._eol(canon + ws + b": " + self.forged_value(name) + b"\n", orig)
        where = r.choices(["top", "after-sig", "below", "end"], weights=[40, 25, 20, 15])[0]
        if where == "top":
            idx = 0
        elif where == "after-sig":
            sig = [i for i, f in enumerate(fields) if field_name(f) == b"dkim-signature"]
            idx = sig[-1] + 1 if sig else 0
        elif where == "below":
            same = [i for i, f in enumerate(fields) if field_name(f) == name]
            idx = same[-1] + 1 if same else len(fields)
        else:
            idx = len(fields)
        fields.insert(idx, line)
        tags.append("dup-%s%s@%s" % (name.decode(), "-ws" if ws else "", where))
        return self._join(fields, sep, body)

    def o_dup_header(self, orig, tags, boundary):
        return self._dup(orig, tags)

    def o_ws_colon(self, orig, tags, boundary):
        r = self.rng
        how = r.choice(["dup", "signed", "unsigned"])
        if how == "dup":
            return self._dup(orig, tags, ws=r.choice([b" ", b"\t"]))
        fields, sep, body = self._fields(orig)
        if how == "unsigned":
            fields.insert(0, b"X-Foo : bar\n")
            tags.append("ws-colon-unsigned")
        else:
            name = r.choice([b"subject", b"from", b"date"])
            for i, f in enumerate(fields):
                if field_name(f) == name:
                    fields[i] = re.sub(rb"^([^:\s]+):", rb"\1 :", f, count=1)
                    break
            tags.append("ws-colon-%s" % name.decode())
        return self._join(fields, sep, body)

    def o_bare_cr(self, orig, tags, boundary):
        r = self.rng
        fields, sep, body = self._fields(orig)
        how = r.choice(["smuggle-subject", "smuggle-from", "body-cr", "body-lf-to-cr",
                        "header-end"])
        if how == "smuggle-subject":
            fields.insert(r.choice([0, 1]), b"X-Foo: a\rSubject: " +
                          rfc2047(FORGED_SUBJECT).encode() + b"\n")
        elif how == "smuggle-from":
            fields.insert(0, b"X-Foo: a\rFrom: attacker@example.net\n")
        elif how == "header-end":
            sep = b"\r"  # the blank line after the header section is a bare CR
        else:
            lines = body.split(b"\n")
            j = r.randrange(len(lines))
            if how == "body-cr":
                lines[j] = lines[j][:len(lines[j]) // 2] + b"\r" + lines[j][len(lines[j]) // 2:]
                body = b"\n".join(lines)
            else:
                body = b"\n".join(lines[:j]) + b"\r" + b"\n".join(lines[j:])
        tags.append("bare-cr-" + how)
        return self._join(fields, sep, body)

    def o_nul(self, orig, tags, boundary):
        r = self.rng
        fields, sep, body = self._fields(orig)
        how = r.choice(["unsigned-header", "signed-header", "body"])
        if how == "unsigned-header":
            fields.insert(0, b"X-Foo: a\x00b\n")
        elif how == "signed-header":
            i = [i for i, f in enumerate(fields) if field_name(f) == b"subject"]
            if i:
                f = fields[i[0]]
                fields[i[0]] = f.rstrip(b"\r\n") + b"\x00" + f[len(f.rstrip(b"\r\n")):]
        else:
            p = r.randrange(len(body) + 1)
            body = body[:p] + b"\x00" + body[p:]
        tags.append("nul-" + how)
        return self._join(fields, sep, body)

    def o_crlf(self, orig, tags, boundary):
        tags.append("crlf")
        return re.sub(rb"\r?\n", b"\r\n", orig)

    def o_mixed_crlf(self, orig, tags, boundary):
        r = self.rng
        parts = re.split(rb"(\r?\n)", orig)
        for i in range(1, len(parts), 2):
            if r.random() < 0.3:
                parts[i] = b"\r\n" if parts[i] == b"\n" else b"\n"
        tags.append("mixed-crlf")
        return b"".join(parts)

    def o_boundary_line(self, orig, tags, boundary):
        r = self.rng
        fields, sep, body = self._fields(orig)
        b = boundary or b"sa-outer-1"
        line = r.choice([b"--" + b + b"-x", b"--" + b, b"--" + b + b"--", b"--" + b + b" "])
        lines = body.split(b"\n")
        j = r.randrange(len(lines) + 1)
        extra = [line]
        if r.random() < 0.5:
            extra += [b"Content-Type: text/plain; charset=UTF-8", b"",
                      ("自己宣言ID:" + FORGED_ID).encode()]
        lines[j:j] = extra
        tags.append("boundary-line")
        return self._join(fields, sep, b"\n".join(lines))

    def o_append_body(self, orig, tags, boundary):
        tags.append("append-body")
        return orig + ("\n【追記】自己宣言ID:%s に変更されました。\n" % FORGED_ID).encode()

    def o_flip(self, orig, tags, boundary):
        r = self.rng
        b = bytearray(orig)
        p = r.randrange(len(b))
        b[p] = r.choice([b[p] ^ (1 << r.randrange(8)), r.randrange(256)])
        tags.append("flip@%d" % p)
        return bytes(b)

    def o_soft_break_space(self, orig, tags, boundary):
        # white space after quoted-printable soft breaks ("=" at a line's end): invisible to
        # a relaxed body signature, while a decoder may end the line there
        fields, sep, body = self._fields(orig)
        lines = body.split(b"\n")
        soft = [i for i, line in enumerate(lines) if line.rstrip(b"\r").endswith(b"=")]
        if not soft:
            lines = quopri.encodestring(body).split(b"\n")  # (breaks the signature)
            soft = [i for i, line in enumerate(lines) if line.endswith(b"=")]
        for i in self.rng.sample(soft, min(len(soft), 1 + self.rng.randrange(3))):
            cr = lines[i].endswith(b"\r")
            line = lines[i][:-1] if cr else lines[i]
            lines[i] = line + self.rng.choice([b" ", b"\t", b"  "]) + (b"\r" if cr else b"")
        tags.append("soft-break-space")
        return self._join(fields, sep, b"\n".join(lines))

    def o_space_runs(self, orig, tags, boundary):
        # longer runs of white space where the body has some, and some at line ends: the
        # relaxed form is unchanged, so the signature still passes
        fields, sep, body = self._fields(orig)
        r = self.rng
        out = re.sub(rb"[ \t]", lambda m: m.group(0) + (b" \t"[:r.randrange(3)]
                                                       if r.random() < 0.5 else b""), body)
        out = re.sub(rb"(?m)([^\r\n])(\r?)$",
                     lambda m: m.group(1) + (b" " if r.random() < 0.2 else b"") + m.group(2), out)
        tags.append("space-runs")
        return self._join(fields, sep, out)

    def o_many_headers(self, orig, tags, boundary):
        # more fields than the DKIM verifier reads, with one of the signed fields moved
        # below them (or an unsigned Content-Transfer-Encoding added there)
        fields, sep, body = self._fields(orig)
        r = self.rng
        moved = []
        if r.random() < 0.5:
            movable = [i for i, f in enumerate(fields)
                       if field_name(f) in (b"content-transfer-encoding", b"content-type")]
            if movable:
                moved.append(fields.pop(r.choice(movable)))
        if not moved:
            moved.append(self._eol(b"Content-Transfer-Encoding: quoted-printable\n", orig))
        filler = self._eol(b"X: x\n", orig)
        tags.append("many-headers")
        return self._join(fields + [filler] * 10001 + moved, sep, body)

    def o_reflow_header(self, orig, tags, boundary):
        # refold the Subject (relaxed canonicalisation unfolds it again)
        fields, sep, body = self._fields(orig)
        for i, f in enumerate(fields):
            if field_name(f) == b"subject":
                fields[i] = f.replace(b": ", b":\n\t", 1)
        tags.append("refold-subject")
        return self._join(fields, sep, body)

    # --- wrappers ----------------------------------------------------------------------
    def text_part(self, text, tags):
        r = self.rng
        enc = r.choices(["8bit", "b64", "qp", "jis", "sjis-b64"], weights=[40, 20, 15, 15, 10])[0]
        if enc != "8bit":
            tags.append("text-" + enc)
        if enc == "8bit":
            return (b"Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit"
                    b"\n\n" + text.encode())
        if enc == "b64":
            return (b"Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: "
                    b"base64\n\n" + b64_lines(text.encode()))
        if enc == "qp":
            return (b"Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: "
                    b"quoted-printable\n\n" + quopri.encodestring(text.encode()))
        if enc == "jis":
            return (b"Content-Type: text/plain; charset=ISO-2022-JP\nContent-Transfer-Encoding:"
                    b" 7bit\n\n" + text.encode("iso2022_jp"))
        return (b"Content-Type: text/plain; charset=Shift_JIS\nContent-Transfer-Encoding: "
                b"base64\n\n" + b64_lines(text.encode("shift_jis")))

    def applicant_text(self, tags, boundary):
        r = self.rng
        text = APPLICANT_TEXT
        if r.random() < 0.15:
            text += "\n自己宣言ID:%s(二つ星に更新済み)\n" % FORGED_ID
            tags.append("outer-forged-id")
        if r.random() < 0.1:
            text += "\n--%s-x\n--%s \n" % (boundary, boundary)
            tags.append("outer-boundary-lines")
        return text

    def new_boundary(self, tag=""):
        return "sa-gen-%d%s" % (self.rng.randrange(10 ** 6), tag)

    def attach(self, inner, tags, how, bnd):
        r = self.rng
        head = ("From: =?UTF-8?B?57eP5YuZ6YOo?= <soumu@example.co.jp>\n"
                "To: %s\nSubject: =?UTF-8?B?RndkOiDoh6rlt7HlrqPoqIDlrozkuobjg6Hjg7zjg6vjga7pgIHku5g=?=\n"
                "Date: %s\nMessage-ID: <gen.%s@example.co.jp>\nMIME-Version: 1.0\n"
                "Content-Type: multipart/mixed; boundary=\"%s\"\n\n" %
                (r.choice(["hojo@grant-office.example.jp", "hojokin@grant.example.lg.jp",
                           "other@example.org"]),
                 r.choice(["Wed, 15 May 2024 09:02:11 +0900", "Thu, 02 Jan 2025 13:00:00 +0900",
                           "Mon, 1 Jun 2026 08:00:00 +0000"]), bnd, bnd)).encode()
        parts = [self.text_part(self.applicant_text(tags, bnd), tags)]
        if how == "rfc822":
            att = (b"Content-Type: message/rfc822\nContent-Transfer-Encoding: 8bit\n"
                   b"Content-Disposition: attachment; filename=\"notice.eml\"\n\n" + inner)
        elif how == "b64":
            att = (b"Content-Type: application/octet-stream; name=\"notice.eml\"\n"
                   b"Content-Transfer-Encoding: base64\n"
                   b"Content-Disposition: attachment; filename=\"notice.eml\"\n\n" + b64_lines(inner))
        else:  # octet-stream, 8bit, named .eml
            att = (b"Content-Type: application/octet-stream; name=\"notice.eml\"\n"
                   b"Content-Transfer-Encoding: 8bit\n\n" + inner)
        parts.append(att)
        x = r.random()
        if x < 0.12:
            parts.append(self.text_part("追記: 自己宣言ID:%s\n%s\n試験 太郎様\n" %
                                        (FORGED_ID, FORGED_COMPANY), tags))
            tags.append("forged-id-part")
        elif x < 0.22:
            fake = (b"Content-Type: message/rfc822\nContent-Transfer-Encoding: 8bit\n\n" +
                    self.forged_notice)
            parts.insert(r.choice([1, 2]), fake)
            tags.append("forged-second-notice")
        # The line end before a delimiter belongs to the delimiter: an attached message keeps
        # its own final line end (as make_fixtures.sh does), except in a few cases on purpose.
        keep = parts.index(att)
        if r.random() < 0.08:
            parts[keep] = att.rstrip(b"\r\n")
            tags.append("att-no-final-eol")
        body = b"".join(b"--" + bnd.encode() + b"\n" +
                        (p if i == keep else p.rstrip(b"\n")) + b"\n"
                        for i, p in enumerate(parts))
        return head + body + b"--" + bnd.encode() + b"--\n"

    def build_from_original(self, oname, orig, tags):
        r = self.rng
        kind = r.choices(["direct", "received", "redirect", "rfc822", "b64", "octet8",
                          "nested-rfc822", "nested-b64", "nested-b64-inner"],
                         weights=[8, 8, 8, 26, 16, 6, 12, 9, 7])[0]
        tags.append(kind)
        outer, mid = self.new_boundary(), self.new_boundary("-mid")
        enclosing = None
        if kind in ("rfc822", "b64", "octet8"):
            enclosing = outer.encode()
        elif kind.startswith("nested"):
            enclosing = r.choice([outer, mid]).encode()
        o = self.mutate_original(orig, tags, enclosing)
        self.last_original = o
        if kind == "direct":
            return o
        if kind == "received":
            return (RECEIVED % r.randrange(10000)) + b"X-Forwarded-To: hojo@grant-office.example.jp\n" + o
        if kind == "redirect":
            return (b"Resent-From: soumu@example.co.jp\nResent-To: hojo@grant-office.example.jp\n"
                    b"Resent-Date: Wed, 15 May 2024 09:05:00 +0900\n"
                    b"Resent-Message-ID: <resent.%d@example.co.jp>\n" % r.randrange(10 ** 6)) + o
        if kind in ("rfc822", "b64", "octet8"):
            return self.attach(o, tags, kind, outer)
        inner_how = "b64" if kind == "nested-b64-inner" else "rfc822"
        outer_how = "b64" if kind == "nested-b64" else "rfc822"
        return self.attach(self.attach(o, tags, inner_how, mid), tags, outer_how, outer)

    def mutate_base(self, bname, msg, tags):
        """An e2e (or adversarial) message: mutate the original inside it, then the wrapper."""
        r = self.rng
        bnd = top_boundary(msg)
        for oname, orig in self.originals:
            i = msg.find(orig)
            if i >= 0:
                o = self.mutate_original(orig, tags, bnd)
                self.last_original = o
                msg = msg[:i] + o + msg[i + len(orig):]
                break
        head, sep, body = split_head(msg)
        fields = header_fields(head)
        for _ in range(r.choices([0, 1, 2], weights=[40, 40, 20])[0]):
            op = r.choice(["to", "date", "header", "part", "reencode"])
            if op in ("to", "date"):
                new = {"to": b"To: other-office@example.org\n",
                       "date": b"Date: Sat, 31 Dec 2033 23:59:59 +0900\n"}[op]
                hit = [j for j, f in enumerate(fields) if field_name(f) == op.encode()]
                if hit:
                    fields[hit[0]] = new
                else:
                    fields.insert(0, new)
                tags.append("outer-" + op)
            elif op == "header":
                fields.insert(0, RECEIVED % r.randrange(10000))
                tags.append("outer-received")
            elif op == "part" and bnd:
                close = b"\n--" + bnd + b"--"
                j = body.rfind(close)
                if j >= 0:
                    extra = self.text_part("自己宣言ID:%s\n%s\n試験 太郎様\n" %
                                           (FORGED_ID, FORGED_COMPANY), tags)
                    body = body[:j] + b"\n--" + bnd + b"\n" + extra.rstrip(b"\n") + body[j:]
                    tags.append("outer-forged-id-part")
            elif op == "reencode" and bnd:
                m = re.search(rb"(--" + re.escape(bnd) + rb"\nContent-Type: text/plain; charset=UTF-8\n"
                              rb"Content-Transfer-Encoding: 8bit\n\n)(.*?)(\n--" + re.escape(bnd) +
                              rb")", body, re.S)
                if m:
                    try:
                        text = m.group(2).decode("utf-8")
                    except UnicodeDecodeError:
                        continue
                    new = b"--" + bnd + b"\n" + self.text_part(text, tags).rstrip(b"\n")
                    body = body[:m.start()] + new + body[m.start(3):]
                    tags.append("outer-reencoded")
        return b"".join(fields) + sep + body

    def one(self):
        r = self.rng
        tags = []
        self.last_original = None
        if self.bases and r.random() < 0.35:
            bname, msg = r.choice(self.bases)
            tags.append("base=" + bname)
            out = self.mutate_base(bname, msg, tags)
        else:
            oname, orig = r.choice(self.originals)
            tags.append("orig=" + oname)
            out = self.build_from_original(oname, orig, tags)
        x = r.random()
        if x < 0.06:
            out = re.sub(rb"\r?\n", b"\r\n", out)
            tags.append("outer-crlf")
        elif x < 0.11:
            b = bytearray(out)
            p = r.randrange(len(b))
            b[p] ^= 1 << r.randrange(8)
            out = bytes(b)
            tags.append("outer-flip@%d" % p)
        return out, tags


def forged_unsigned_notice(repo):
    path = os.path.join(repo, "tests/auth/fixtures/dkim/unsigned.eml")
    if os.path.exists(path):
        with open(path, "rb") as f:
            raw = f.read()
    else:  # a minimal stand-in
        raw = (b"From: \"IPA SECURITY ACTION\" <security-action-info@ipa.go.jp>\n"
               b"Subject: x\n\n" + "株式会社テスト工業\n試験 太郎様\n".encode())
    raw = re.sub(rb"(?m)^Subject: .*$", b"Subject: " + rfc2047(FORGED_SUBJECT).encode(), raw)
    return raw.replace("41234567890".encode(), FORGED_ID.encode()).replace(
        "株式会社テスト工業".encode(), FORGED_COMPANY.encode())


def genuine_originals(repo, dnsfunc):
    out = []
    fx = os.path.join(repo, "tests/auth/fixtures")
    # genuine signed notices are named *signed.eml (adversarial/originals/ also holds
    # deliberately bad originals: sha1, weak key, two boundaries, ...); each must also pass
    # Python's own checks to be used.
    paths = sorted(glob.glob(os.path.join(fx, "dkim", "*signed.eml")))
    paths += sorted(glob.glob(os.path.join(fx, "adversarial", "originals", "*signed.eml")))
    for path in paths:
        with open(path, "rb") as f:
            raw = f.read()
        ok, _ = py_dkim(raw, dnsfunc)
        if ok and not py_reading(raw)["problems"]:
            out.append((os.path.relpath(path, fx), raw))
    return out


def wrapper_bases(repo):
    fx = os.path.join(repo, "tests/auth/fixtures")
    paths = [os.path.join(fx, "e2e", n + "-signed.eml")
             for n in ("attached", "nested", "direct", "redirect")]
    paths += sorted(glob.glob(os.path.join(fx, "adversarial", "*.eml")))
    out = []
    for p in paths:
        if os.path.exists(p):
            with open(p, "rb") as f:
                out.append((os.path.relpath(p, fx), f.read()))
    return out


def generate(repo, n, outdir, dnsfunc, seed=SEED):
    originals = genuine_originals(repo, dnsfunc)
    if not originals:
        raise SystemExit("differential_test: no genuine signed original in "
                         "tests/auth/fixtures/dkim (does the key file match?)")
    gen = Gen(originals, wrapper_bases(repo), forged_unsigned_notice(repo), random.Random(seed))
    manifest = {}
    for i in range(n):
        data, tags = gen.one()
        name = "case-%05d.eml" % i
        with open(os.path.join(outdir, name), "wb") as f:
            f.write(data)
        manifest[name] = {"tags": tags, "python_valid": bool(
            gen.last_original is not None and py_dkim(gen.last_original, dnsfunc)[0]
            and not py_reading(gen.last_original)["problems"])}
    return manifest, [o for o, _ in originals], [b for b, _ in gen.bases]


# ------------------------------------------------------------------------------------------
# Engine
# ------------------------------------------------------------------------------------------

def write_config(repo, cli, outdir):
    src = os.path.join(repo, "config", "sa-triage.yaml")
    key_file = os.path.abspath(os.path.join(repo, "tests/auth/fixtures/keys/key_file.txt"))
    with open(src, encoding="utf-8") as f:
        lines = f.read().split("\n")
    done, section = 0, None
    for i, line in enumerate(lines):
        m = re.match(r"^([A-Za-z_][A-Za-z0-9_]*):", line)
        if m:
            section = m.group(1)
        if section == "dkim" and re.match(r'^\s+key_file:\s*""', line):
            indent = line[:len(line) - len(line.lstrip())]
            lines[i] = '%skey_file: "%s"' % (indent, key_file)
            done += 1
    if done != 1:
        raise SystemExit("differential_test: found %d 'key_file: \"\"' lines under dkim: in %s"
                         % (done, src))
    cfg = os.path.join(outdir, "sa-triage.yaml")
    with open(cfg, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    # The file only: this machine need not have the service user or the socket directory.
    p = subprocess.run([cli, "check-config", "--no-host-checks", "--config", cfg],
                       capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit("differential_test: check-config refused %s: %s%s"
                         % (cfg, p.stdout, p.stderr))
    return cfg


def run_engine(cli, cfg, files):
    results, trouble = {}, []
    for k in range(0, len(files), BATCH):
        batch = files[k:k + BATCH]
        p = subprocess.run([cli, "check", "--json", "--show-original", "--config", cfg] + batch,
                           capture_output=True)
        if p.returncode != 0:
            trouble.append("exit status %d on a batch of %d: %s" %
                           (p.returncode, len(batch), p.stderr.decode("utf-8", "replace")[:500]))
        for line in p.stdout.decode("utf-8", "replace").splitlines():
            if not line.strip():
                continue
            try:
                j = json.loads(line)
            except ValueError:
                trouble.append("not JSON: %r" % line[:200])
                continue
            results[j.get("file")] = j
    return results, trouble


def short_engine(res):
    keys = ("verdict", "forward", "notice", "star", "declaration_id", "company",
            "original_from", "original_subject", "reasons")
    return {k: res.get(k) for k in keys}


def main_run(args):
    t0 = time.time()
    repo = os.path.abspath(args.repo)
    keys = load_keys(os.path.join(repo, "tests/auth/fixtures/keys/key_file.txt"))
    dnsfunc = make_dnsfunc(keys)
    work = args.workdir or tempfile.mkdtemp(prefix="sa-differential-")
    os.makedirs(work, exist_ok=True)
    msgdir = os.path.join(work, "messages")
    os.makedirs(msgdir, exist_ok=True)
    manifest, originals, bases = generate(repo, args.n, msgdir, dnsfunc, args.seed)
    with open(os.path.join(work, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=0)
    print("generated %d messages in %s from %d genuine originals (%s) and %d wrappers "
          "(e2e and adversarial)" % (len(manifest), msgdir, len(originals),
                                     ", ".join(originals), len(bases)))
    cfg = write_config(repo, args.cli, work)
    files = [os.path.join(msgdir, n) for n in sorted(manifest)]
    results, trouble = run_engine(args.cli, cfg, files)
    with open(os.path.join(work, "results.jsonl"), "w", encoding="utf-8") as f:
        for path in files:
            if path in results:
                f.write(json.dumps(results[path], ensure_ascii=False) + "\n")
    t1 = time.time()
    if not results:
        for t in trouble:
            print("engine trouble: " + t)
        print("the engine printed no results (does it know --show-original?)")
        print("0 passed, %d failed" % len(files))
        return 1

    passed, failures, verdicts, verified_ok = 0, [], {}, 0
    for path in files:
        name = os.path.basename(path)
        res = results.get(path)
        if res is None:
            failures.append((name, ["engine printed no result"], {}, {}))
            continue
        verdicts[res.get("verdict")] = verdicts.get(res.get("verdict"), 0) + 1
        if res.get("verdict") != "verified":
            if "verified_original" in res:
                failures.append((name, ["verified_original on a %s result" % res.get("verdict")],
                                 short_engine(res), {}))
            else:
                passed += 1
            continue
        with open(path, "rb") as f:
            submitted = f.read()
        issues, view = check_result(res, submitted, dnsfunc)
        if issues:
            failures.append((name, issues, short_engine(res), view))
        else:
            passed += 1
            verified_ok += 1
    t2 = time.time()

    for name, issues, eng, view in failures:
        print("\nDISAGREEMENT %s  [%s]" % (os.path.join(msgdir, name), " ".join(manifest[name]["tags"])))
        for i in issues:
            print("  - " + i)
        if eng:
            print("  engine: " + json.dumps(eng, ensure_ascii=False))
        if view:
            print("  python: " + json.dumps(view, ensure_ascii=False))
    for t in trouble:
        print("engine trouble: " + t)
    nverified = verdicts.get("verified", 0)
    pvalid = sum(1 for v in manifest.values() if v["python_valid"])
    print("\nsummary: generated %d (%d with an original python finds clean and validly signed "
          "before wrapper mutations), engine verdicts %s, verified %d (confirmed %d), "
          "disagreements %d; %.1fs generating and running the engine, %.1fs checking" %
          (len(files), pvalid, json.dumps(verdicts, sort_keys=True), nverified, verified_ok,
           len(failures), t1 - t0, t2 - t1))
    failed = len(failures)
    if nverified < MIN_VERIFIED:
        print("too few verified results (%d < %d): the check means nothing" %
              (nverified, MIN_VERIFIED))
        failed += 1
    if trouble and not failures:
        failed += 1
    if failed == 0 and not args.workdir and not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print("messages kept in %s (manifest.json: mutations; results.jsonl: engine output)"
              % msgdir)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


# ------------------------------------------------------------------------------------------
# Self-test: the checker against fabricated engine results
# ------------------------------------------------------------------------------------------

def main_self_test(args):
    repo = os.path.abspath(args.repo)
    keys = load_keys(os.path.join(repo, "tests/auth/fixtures/keys/key_file.txt"))
    dnsfunc = make_dnsfunc(keys)
    fx = os.path.join(repo, "tests/auth/fixtures")
    rd = lambda p: open(os.path.join(fx, p), "rb").read()
    signed = rd("dkim/signed.eml")
    good = {"verdict": "verified", "star": 1, "declaration_id": "41234567890",
            "company": "株式会社テスト工業",
            "original_from": "\"IPA SECURITY ACTION\" <security-action-info@ipa.go.jp>",
            "original_subject": "【SECURITY ACTION】一つ星:自己宣言完了のお知らせ",
            "verified_original": base64.b64encode(signed).decode()}
    wrapped = rd("e2e/attached-signed.eml")
    gen = Gen([("signed.eml", signed)], [], forged_unsigned_notice(repo), random.Random(1))
    b64wrapped = gen.attach(signed, [], "b64", "sa-test-1")
    dup_subject = b"Subject: " + rfc2047(FORGED_SUBJECT).encode() + b"\n" + signed
    smuggled = b"X-Foo: a\rSubject: " + rfc2047(FORGED_SUBJECT).encode() + b"\n" + signed
    cases = [
        ("genuine, attached", good, wrapped, True),
        ("genuine, base64 attachment", good, b64wrapped, True),
        ("genuine, full-width normalised", dict(good, original_subject="【SECURITY ACTION】一つ星：自己宣言完了のお知らせ"), wrapped, True),
        ("wrong declaration id", dict(good, declaration_id=FORGED_ID), wrapped, False),
        ("wrong star", dict(good, star=2), wrapped, False),
        ("wrong company", dict(good, company=FORGED_COMPANY), wrapped, False),
        ("wrong subject", dict(good, original_subject=FORGED_SUBJECT), wrapped, False),
        ("wrong from", dict(good, original_from="attacker@example.net"), wrapped, False),
        ("invented bytes", good, rd("e2e/attached-unsigned.eml"), False),
        ("tampered original", dict(good, verified_original=base64.b64encode(
            rd("dkim/body-tampered.eml")).decode()), rd("dkim/body-tampered.eml"), False),
        ("unaligned d=example.com", dict(good, verified_original=base64.b64encode(
            rd("dkim/unaligned.eml")).decode()), rd("dkim/unaligned.eml"), False),
        ("l= with appended text", dict(good, verified_original=base64.b64encode(
            rd("dkim/length-appended.eml")).decode()), rd("dkim/length-appended.eml"), False),
        ("duplicate Subject above the signed one", dict(good, verified_original=base64.b64encode(
            dup_subject).decode()), dup_subject, False),
        ("bare-CR smuggled Subject", dict(good, verified_original=base64.b64encode(
            smuggled).decode()), smuggled, False),
        ("no verified_original", {k: v for k, v in good.items() if k != "verified_original"},
         wrapped, False),
    ]
    # adversarial originals, when tests/auth/fixtures/adversarial exists
    for name, label in (("sha1.eml", "rsa-sha1"), ("testing-key.eml", "t=y key"),
                        ("weak-key.eml", "512-bit key"), ("expired.eml", "x= expired"),
                        ("h-no-subject.eml", "h= without subject"),
                        ("h-no-from.eml", "h= without from")):
        path = os.path.join(fx, "adversarial", "originals", name)
        if os.path.exists(path):
            raw = open(path, "rb").read()
            cases.append((label, dict(good, verified_original=base64.b64encode(raw).decode()),
                          raw, False))
    path = os.path.join(fx, "adversarial", "06-control-rfc822-base64.eml")
    if os.path.exists(path):
        cases.append(("genuine, message/rfc822 in base64", good, open(path, "rb").read(), True))
    bad = 0
    for label, res, submitted, expect in cases:
        issues, _ = check_result(res, submitted, dnsfunc)
        ok = not issues
        mark = "ok  " if ok == expect else "FAIL"
        bad += ok != expect
        print("%s %-42s -> %s" % (mark, label, "confirmed" if ok else "; ".join(issues)[:150]))
    # the generator is deterministic and mixes valid and invalid signatures
    d1, d2 = tempfile.mkdtemp(), tempfile.mkdtemp()
    try:
        m1, _, _ = generate(repo, 200, d1, dnsfunc)
        m2, _, _ = generate(repo, 200, d2, dnsfunc)
        same = m1 == m2 and all(open(os.path.join(d1, n), "rb").read() ==
                                open(os.path.join(d2, n), "rb").read() for n in m1)
        valid = sum(1 for v in m1.values() if v["python_valid"])
        print("%s generator deterministic: %s; python finds a clean valid original in %d/200"
              % ("ok  " if same else "FAIL", same, valid))
        bad += not same
        if not 40 <= valid <= 180:
            print("FAIL mutation mix: %d/200 with a clean valid signed original" % valid)
            bad += 1
    finally:
        shutil.rmtree(d1, ignore_errors=True)
        shutil.rmtree(d2, ignore_errors=True)
    print("%d passed, %d failed" % (len(cases) + 2 - bad, bad))
    return 1 if bad else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", nargs="?", type=int, default=1500, help="messages to generate (1500)")
    ap.add_argument("-n", dest="n_opt", type=int, help="same as the positional N")
    ap.add_argument("--cli", help="the sa-triage executable")
    ap.add_argument("--repo", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                   "..", "..", ".."))
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--workdir", help="write messages here (kept)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary messages")
    ap.add_argument("--self-test", action="store_true",
                    help="check the checker against fabricated engine results")
    args = ap.parse_args()
    if args.n_opt is not None:
        args.n = args.n_opt
    if args.self_test:
        return main_self_test(args)
    if not args.cli:
        ap.error("--cli is required")
    return main_run(args)


if __name__ == "__main__":
    sys.exit(main())
