#!/usr/bin/env python3
"""make_samples.py - writes the golden sample corpus: samples/*.eml and samples/*.expected.

Every message is synthetic: a grant applicant (or the applicant's mail server) sends mail
to the grant office hojokin@grant.example.lg.jp, usually forwarding one of the two IPA
SECURITY ACTION notices whose wording is copied from the seed document. Companies and
people are invented; domains are example.jp / example.com / example.lg.jp (the genuine
sender domain ipa.go.jp and its look-alikes are used on purpose).

The .expected values are decided by the engine contract (notes/SEMANTICS.md), written by
hand below; they are NOT produced by running the engine. Output is deterministic: running
this script twice gives identical bytes. Python 3 standard library only.

A .expected file has lines `key: value`, checked by tests/core/samples_test.cc:
  verdict, forward, notice   always present (`notice:` = no template)
  star                       1 | 2 | 0
  declaration_id             the whole token the notice claims (ASCII letters, digits, '-')
  user_number                as the default config presents it (masked: *******1234)
  company                    after NFKC, as the engine matches text (㈱ -> (株))
  original_from_contains     a substring of the original's From
  original_subject           the original's decoded subject
  reasons                    space separated; each must be among the engine's reasons
Names say what a sample shows; the prefix `hostile-` marks the samples whose added
headers the test also checks for injection.

Usage: python3 samples/make_samples.py [OUTPUT_DIR]   (default: the script's directory)
"""

import base64
import binascii
import os
import sys

GRANT = "hojokin@grant.example.lg.jp"
IPA_ADDR = "security-action-info@ipa.go.jp"
IPA_NAME = "SECURITY ACTION事務局"

SUBJ_DECL = "【SECURITY ACTION】{star}{colon}自己宣言完了のお知らせ"
SUBJ_ACCEPT = "【SECURITY ACTION】申込受理のご連絡"
SUBJ_ACCEPT_SEED = "【【SECURITY ACTION】申込受理のご連絡"  # the seed's doubled bracket

SIGNATURE = """独立行政法人情報処理推進機構 (IPA)
セキュリティセンター
SECURITY ACTION事務局
Eメール: security-action-info@ipa.go.jp"""

# Notice 1 (declaration-complete), wording from the seed document.
DECL_HEAD = """{company}
{person}様

SECURITY ACTION 自己宣言の手続きが完了しました。
利用者番号、自己宣言IDは下記のとおりです。

利用者番号{colon}{user}
※利用者番号はロゴマークダウンロードや登録情報変更の際に必要なログイン時に利用する情報です。
紛失・漏洩などには十分にご注意いただき、大切に保管してください。

自己宣言ID{colon}{decl}
※自己宣言IDは担当者変更などを行う際に必要となります。
"""

DECL_TAIL = """
ロゴマークをご使用いただけるようになるまで1～2週間かかります。
ご使用いただけるようになりましたら改めてメールにてお知らせします。
ご不明な点がございましたら、下記までメールにてご連絡ください。

※このメールにお心当たりがない場合は、お手数ですが下記までメールにてご連絡いただけますようお願いいたします。
※本メールの送信元は送信専用メールアドレスとなります、そのままご返信いただいても回答はできませんので、ご了承ください。

"""

# Notice 2 (application-accepted), wording from the seed document.
ACCEPT_BODY = """{company}
{person}様

手続きが完了いたしました。
ロゴマークのダウンロード手順をお知らせしますので、ご確認ください。

【ロゴマークダウンロード手順】

- SECURITY ACTION 自己宣言者サイトのTOPページからログインする。
SECURITY ACTION 自己宣言者サイトTOPページ
<https://security-shien.ipa.go.jp/security/index.html>
- 左のメニューより[ロゴマークダウンロード]を選択し、ダウンロード画面を開く。
- 赤枠の注意事項を確認後、[SECURITY ACTIONロゴマーク使用手順]と[SECURITY ACTIONロゴマーク使用ガイドライン]をクリックして内容を確認すると、[ダウンロード]ボタンが表示される。

【SECURITY ACTIONの正しい表記と注意点】
SECURITY ACTIONは、中小企業等の皆さま自らが情報セキュリティ対策に取り組むことを自己宣言される制度です。
各企業等の情報セキュリティ対策状況をIPAが認定する、あるいは認証等を付与する制度ではありません。
SECURITY ACTIONの取り組みにつき、ウェブサイト等において以下に示す<適切な例>を参考として記述ください。
<不適切な例>のような記述をされますと第三者の誤解を招く可能性が懸念されますので、ご留意ください。

<適切な例>
「一つ星(二つ星)を宣言しました」
<不適切な例>
「一つ星(二つ星)の認定を受けました」
「一つ星(二つ星)を取得しました」

引き続きSECURITY ACTIONの取り組みをよろしくお願いたします。
ご不明な点がございましたら、下記までメールにてご連絡ください。

"""

PHISHING_BODY = """SECURITY ACTION 自己宣言事業者 各位

平素よりSECURITY ACTIONをご利用いただき誠にありがとうございます。
2026年4月よりSECURITY ACTIONは新システムへ移行いたします。
引き続きご利用いただくには、下記URLより利用者番号とパスワードを入力し、
アカウントの移行をお済ませください。

https://security-action-login.example.com/migrate

期限までに移行されない場合、自己宣言は無効となります。

独立行政法人情報処理推進機構 (IPA)
セキュリティセンター
SECURITY ACTION事務局
"""


def declaration(company, person, user, decl, colon=":", signature=True, extra=""):
    text = DECL_HEAD.format(company=company, person=person, colon=colon, user=user, decl=decl)
    text += extra + DECL_TAIL
    if signature:
        text += SIGNATURE + "\n"
    return text


def accepted(company, person):
    return ACCEPT_BODY.format(company=company, person=person) + SIGNATURE + "\n"


def decl_subject(star, colon="："):
    return SUBJ_DECL.format(star=star, colon=colon)


# ---------------------------------------------------------------- charsets and encodings

CODECS = {
    "iso-2022-jp": "iso2022_jp",
    "shift_jis": "shift_jis",
    "euc-jp": "euc_jp",
    "windows-31j": "cp932",
    "cp932": "cp932",
    "utf-8": "utf-8",
}


def to_jis_pair(s1, s2):
    """One Shift_JIS (CP932) double-byte pair to its JIS X 0208 row/cell pair."""
    j1 = ((s1 - (0x81 if s1 < 0xA0 else 0xC1)) << 1) + 0x21
    if s2 >= 0x9F:
        return j1 + 1, s2 - 0x7E
    return j1, s2 - (0x1F if s2 < 0x7F else 0x20)


def encode_cp50220(text):
    """ISO-2022-JP as Windows writes it (CP50220/CP50221): NEC row 13 (①, ㈱) inside
    ESC $ B, half-width kana inside ESC ( I. Built by hand: Python has no such codec."""
    out = bytearray()
    mode = "ascii"
    for ch in text:
        b = ch.encode("cp932")
        if len(b) == 1 and b[0] < 0x80:
            want, payload = "ascii", b
        elif len(b) == 1:
            want, payload = "kana", bytes([b[0] - 0x80])
        else:
            want, payload = "jis", bytes(to_jis_pair(b[0], b[1]))
        if want != mode:
            out += {"ascii": b"\x1b(B", "kana": b"\x1b(I", "jis": b"\x1b$B"}[want]
            mode = want
        out += payload
    if mode != "ascii":
        out += b"\x1b(B"
    return bytes(out)


def encode_text(text, charset):
    """Text to bytes in `charset` (a MIME label or 'cp50220')."""
    if charset == "cp50220":
        return encode_cp50220(text)
    codec = CODECS[charset.lower()]
    if codec in ("iso2022_jp", "shift_jis", "euc_jp"):
        # JIS X 0208 0x2141 is U+301C in these codecs; CP932 writes U+FF5E for it.
        text = text.replace("\uff5e", "\u301c")
    return text.encode(codec)


def encoded_words(text, charset="UTF-8", mode="B", chunk=10):
    """RFC 2047 encoded-words for `text`, `chunk` characters per word (each word whole)."""
    label = "ISO-2022-JP" if charset.lower() == "cp50220" else charset
    words = []
    for i in range(0, len(text), chunk):
        part = encode_text(text[i:i + chunk], charset.lower())
        if mode == "B":
            payload = base64.b64encode(part).decode("ascii")
        else:
            payload = "".join(
                chr(c) if (0x30 <= c <= 0x39 or 0x41 <= c <= 0x5A or 0x61 <= c <= 0x7A)
                else "_" if c == 0x20 else "=%02X" % c for c in part)
        words.append("=?%s?%s?%s?=" % (label, mode, payload))
    return words


def ew_header(text, charset="UTF-8", mode="B", chunk=10):
    """A header value of encoded-words folded one per line."""
    return "\n ".join(encoded_words(text, charset, mode, chunk))


def ew_name_addr(name, addr, charset="UTF-8"):
    return "%s <%s>" % (ew_header(name, charset, "B", 20), addr)


def b64_lines(data, width=76):
    s = base64.b64encode(data).decode("ascii")
    return "\n".join(s[i:i + width] for i in range(0, len(s), width)) + "\n"


def qp(data):
    return binascii.b2a_qp(data).decode("ascii") + "\n"


def body_part(text, charset, cte):
    """Returns (content-type charset label, CTE label, encoded body bytes)."""
    raw = text if isinstance(text, bytes) else encode_text(text, charset)
    label = "ISO-2022-JP" if charset == "cp50220" else charset
    if cte == "base64":
        return label, cte, b64_lines(raw).encode("ascii")
    if cte == "quoted-printable":
        return label, cte, qp(raw).encode("ascii")
    return label, cte, raw


# ---------------------------------------------------------------- message assembly


def headers_bytes(pairs):
    return "".join("%s: %s\n" % (k, v) for k, v in pairs).encode("ascii")


def text_message(pairs, text, charset="utf-8", cte="8bit", subtype="plain"):
    label, cte, body = body_part(text, charset, cte)
    pairs = list(pairs) + [
        ("MIME-Version", "1.0"),
        ("Content-Type", 'text/%s; charset="%s"' % (subtype, label)),
        ("Content-Transfer-Encoding", cte),
    ]
    return headers_bytes(pairs) + b"\n" + body


def part(ctype, body, cte=None, extra=()):
    pairs = [("Content-Type", ctype)]
    if cte:
        pairs.append(("Content-Transfer-Encoding", cte))
    pairs += list(extra)
    return headers_bytes(pairs) + b"\n" + body


def text_part(text, charset="utf-8", cte="8bit", subtype="plain"):
    label, cte, body = body_part(text, charset, cte)
    return part('text/%s; charset="%s"' % (subtype, label), body, cte)


def rfc822_part(message, filename=None):
    extra = [("Content-Disposition", 'attachment; filename="%s"' % filename)] if filename else []
    return part("message/rfc822", message, None, extra)


def multipart(pairs, subtype, boundary, parts, close=True, preamble=True):
    out = headers_bytes(list(pairs) + [
        ("MIME-Version", "1.0"),
        ("Content-Type", 'multipart/%s; boundary="%s"' % (subtype, boundary)),
    ]) + b"\n"
    if preamble:
        out += b"This is a multi-part message in MIME format.\n"
    for p in parts:
        out += b"\n--" + boundary.encode() + b"\n" + p
        if not p.endswith(b"\n"):
            out += b"\n"
    if close:
        out += b"\n--" + boundary.encode() + b"--\n"
    return out


def received(helo, ip, qid, date):
    return ("Received", "from %s (%s [%s])\n\tby mx.grant.example.lg.jp (Postfix) with ESMTPS"
            " id %s\n\tfor <%s>; %s" % (helo, helo, ip, qid, GRANT, date))


def applicant(from_, subject, date, msgid, qid="4TqA1B2C3D", extra=()):
    """Header pairs of a message an applicant sends to the grant office."""
    addr = from_[from_.index("<") + 1:-1] if "<" in from_ else from_
    host = "mail." + addr.split("@")[1]
    return [received(host, "192.0.2.25", qid, date)] + list(extra) + [
        ("From", from_),
        ("To", GRANT),
        ("Subject", subject),
        ("Date", date),
        ("Message-ID", "<%s>" % msgid),
    ]


def ipa_message(body, subject, charset="iso-2022-jp", cte="7bit", from_=None, to=None,
                date="Mon, 04 Mar 2024 10:12:33 +0900", msgid="20240304101233.3f9a@sa.ipa.go.jp",
                subj_charset="ISO-2022-JP", subj_mode="B", subject_raw=None, extra=()):
    """The original notice as the IPA system (or an imitator) sent it."""
    if from_ is None:
        from_ = ew_name_addr(IPA_NAME, IPA_ADDR, "ISO-2022-JP")
    pairs = list(extra) + [
        ("Date", date),
        ("From", from_),
        ("To", to or "yamada@sample-shoji.example.jp"),
        ("Subject", subject_raw or ew_header(subject, subj_charset, subj_mode)),
        ("Message-ID", "<%s>" % msgid),
    ]
    return text_message(pairs, body, charset, cte)


def crlf(data):
    """Bare LF to CRLF (CRLF already present is kept)."""
    return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def masked(number):
    return "*" * (len(number) - 4) + number[-4:]


# ---------------------------------------------------------------- inline forward blocks


def fwd_gmail_en(subject, from_=None, to="<yamada@sample-shoji.example.jp>"):
    return ("---------- Forwarded message ---------\n"
            "From: %s\n"
            "Date: Mon, Mar 4, 2024 at 10:12 AM\n"
            "Subject: %s\n"
            "To: %s\n\n" % (from_ or "%s <%s>" % (IPA_NAME, IPA_ADDR), subject, to))


def fwd_gmail_ja(subject, from_=None, to="<sato@mihon-kogyo.example.jp>"):
    return ("---------- Forwarded message ---------\n"
            "差出人: %s\n"
            "Date: 2024年3月4日(月) 10:12\n"
            "Subject: %s\n"
            "To: %s\n\n" % (from_ or "%s <%s>" % (IPA_NAME, IPA_ADDR), subject, to))


def fwd_outlook_ja(subject, from_=None, underscores=32,
                   to="鈴木 一郎 <suzuki@dummy-foods.example.jp>"):
    return ("%s\n"
            "差出人: %s\n"
            "送信日時: 2024年3月4日 10:12\n"
            "宛先: %s\n"
            "件名: %s\n\n" % ("_" * underscores, from_ or "%s <%s>" % (IPA_NAME, IPA_ADDR), to,
                              subject))


def fwd_outlook_en(subject, from_=None):
    return ("-----Original Message-----\n"
            "From: %s \n"
            "Sent: Monday, March 4, 2024 10:12 AM\n"
            "To: Hanako Tanaka <tanaka@example-trading.example.com>\n"
            "Subject: %s\n\n" % (from_ or "%s [mailto:%s]" % (IPA_NAME, IPA_ADDR), subject))


def fwd_thunderbird_en(subject, from_=None):
    return ("-------- Forwarded Message --------\n"
            "Subject: \t%s\n"
            "Date: \tMon, 4 Mar 2024 10:12:33 +0900\n"
            "From: \t%s\n"
            "To: \tkato@kato-seisakusho.example.jp\n\n\n" %
            (subject, from_ or "%s <%s>" % (IPA_NAME, IPA_ADDR)))


def fwd_thunderbird_ja(subject, from_=None):
    return ("-------- Forwarded Message --------\n"
            "件名: \t%s\n"
            "日付: \tMon, 4 Mar 2024 10:12:33 +0900\n"
            "差出人: \t%s\n"
            "宛先: \tito@ito-kensetsu.example.jp\n\n\n" %
            (subject, from_ or "%s <%s>" % (IPA_NAME, IPA_ADDR)))


def fwd_apple_ja(subject, from_=None):
    return ("転送されたメッセージ:\n\n"
            "差出人: %s\n"
            "件名: %s\n"
            "日付: 2024年3月4日 10:12:33 JST\n"
            "宛先: watanabe@watanabe-shoten.example.jp\n\n" %
            (from_ or "%s <%s>" % (IPA_NAME, IPA_ADDR), subject))


def fwd_apple_en(subject, from_=None):
    return ("Begin forwarded message:\n\n"
            "From: %s\n"
            "Subject: %s\n"
            "Date: March 4, 2024 at 10:12:33 AM GMT+9\n"
            "To: nakamura@sample-design.example.com\n\n" %
            (from_ or "%s <%s>" % (IPA_NAME, IPA_ADDR), subject))


def fwd_webclient_ja(subject, from_=None):
    return ("---------- メッセージを転送 ---------\n"
            "送信元：%s\n"
            "日付：2024年3月4日月曜日 10:12:33 +0900\n"
            "件名：%s\n"
            "送信先：kobayashi@kobayashi-unyu.example.jp\n\n" %
            (from_ or "%s <%s>" % (IPA_NAME, IPA_ADDR), subject))


def quote(text):
    return "".join(("> " + line if line else ">") + "\n" for line in text.split("\n")[:-1])


# ---------------------------------------------------------------- the corpus

SAMPLES = []  # (name, bytes, expected pairs)

CONSISTENT_DECL = ["signature=ok", "id-format=ok", "subject=declaration-complete",
                   "body=declaration-complete"]
CONSISTENT_ACCEPT = ["signature=ok", "subject=application-accepted",
                     "body=application-accepted"]


def add(name, data, eol, **expected):
    """Registers one sample. `eol` is 'crlf' or 'lf' (bytes are built with LF)."""
    if eol == "crlf":
        data = crlf(data)
    order = ["verdict", "forward", "notice", "star", "declaration_id", "user_number",
             "company", "original_from_contains", "original_subject", "reasons"]
    unknown = set(expected) - set(order)
    assert not unknown, unknown
    for key in ("verdict", "forward", "notice"):
        assert key in expected, (name, key)
    lines = []
    for key in order:
        if key in expected:
            value = expected[key]
            if key == "reasons":
                value = " ".join(value)
            lines.append("%s: %s" % (key, value) if value != "" else "%s:" % key)
    SAMPLES.append((name, data, "\n".join(lines) + "\n"))


def decl_expect(forward, star, user, decl, company=None, subject=None, domain="ipa.go.jp",
                from_contains=IPA_ADDR, reasons=()):
    e = dict(verdict="consistent", forward=forward, notice="declaration-complete", star=star,
             declaration_id=decl, user_number=masked(user),
             original_from_contains=from_contains,
             reasons=["forward=" + forward, "sender-domain=" + domain, "sender=allowed"]
             + CONSISTENT_DECL + list(reasons))
    if company is not None:
        e["company"] = company
    if subject is not None:
        e["original_subject"] = subject
    return e


def accept_expect(forward, company=None, subject=None, domain="ipa.go.jp",
                  from_contains=IPA_ADDR):
    e = dict(verdict="consistent", forward=forward, notice="application-accepted", star=0,
             original_from_contains=from_contains,
             reasons=["forward=" + forward, "sender-domain=" + domain, "sender=allowed"]
             + CONSISTENT_ACCEPT)
    if company is not None:
        e["company"] = company
    if subject is not None:
        e["original_subject"] = subject
    return e


YAMADA = ew_name_addr("山田 太郎", "yamada@sample-shoji.example.jp")
COVER_JA = ("補助金ご担当者様\n\n株式会社サンプル商事の山田です。\n"
            "SECURITY ACTIONの自己宣言を確認できるメールをお送りします。\n"
            "ご確認のほど、よろしくお願いいたします。\n\n")


def build_attachment_samples():
    # 1. message/rfc822, the original in ISO-2022-JP 7bit, ★ with full-width colon.
    user, decl = "99999901234", "49999901234"
    orig = ipa_message(declaration("株式会社サンプル商事", "山田 太郎", user, decl),
                       decl_subject("一つ星"))
    msg = multipart(applicant(YAMADA, ew_header("Fwd: " + decl_subject("一つ星")),
                              "Tue, 05 Mar 2024 09:30:00 +0900", "fwd1@sample-shoji.example.jp"),
                    "mixed", "----=_Part_0_1234567890", [
                        text_part(COVER_JA, "iso-2022-jp", "7bit"),
                        rfc822_part(orig)])
    add("attachment-rfc822-iso2022jp-declaration-1star-consistent", msg, "crlf",
        **decl_expect("attachment", 1, user, decl, company="株式会社サンプル商事"))

    # 2. application-accepted from a subdomain, UTF-8 base64, Q-encoded subject.
    orig = ipa_message(accepted("合同会社テスト工業", "佐藤 花子"), SUBJ_ACCEPT, "utf-8", "base64",
                       from_=ew_name_addr(IPA_NAME, "noreply@sa.ipa.go.jp"),
                       to="sato@test-kogyo.example.com", subj_charset="UTF-8", subj_mode="Q",
                       msgid="accept.20240318.77@sa.ipa.go.jp",
                       date="Mon, 18 Mar 2024 15:00:02 +0900")
    msg = multipart(applicant(ew_name_addr("佐藤 花子", "sato@test-kogyo.example.com"),
                              ew_header("FW: " + SUBJ_ACCEPT), "Tue, 19 Mar 2024 11:02:10 +0900",
                              "fw2@test-kogyo.example.com"),
                    "mixed", "b2_accept", [
                        text_part("ご担当者様\n\nロゴマーク使用手続き完了のメールを添付します。\n"
                                  "合同会社テスト工業 佐藤\n", "utf-8", "quoted-printable"),
                        rfc822_part(orig, "accepted.eml")])
    add("attachment-rfc822-utf8-b64-accepted-subdomain-consistent", msg, "lf",
        **accept_expect("attachment", "合同会社テスト工業", SUBJ_ACCEPT, "sa.ipa.go.jp",
                        "noreply@sa.ipa.go.jp"))

    # 3. forward of a forward: boss -> grant office, attaching staff -> boss, attaching IPA.
    #    The inner parts keep CRLF while the outer message uses LF (mixed line ends).
    user, decl = "99999902345", "49999902345"
    subj = decl_subject("二つ星", ":")
    orig = crlf(ipa_message(declaration("株式会社見本システム", "高橋 健", user, decl), subj,
                            "utf-8", "quoted-printable", to="takahashi@mihon-sys.example.jp",
                            subj_charset="UTF-8"))
    staff = crlf(multipart(
        [("From", ew_name_addr("高橋 健", "takahashi@mihon-sys.example.jp")),
         ("To", "shacho@mihon-sys.example.jp"), ("Subject", ew_header("Fwd: " + subj)),
         ("Date", "Mon, 04 Mar 2024 11:00:00 +0900"),
         ("Message-ID", "<staff3@mihon-sys.example.jp>")],
        "mixed", "inner-b3", [text_part("社長\n\n自己宣言完了のメールです。\n高橋\n"),
                              rfc822_part(orig)]))
    msg = multipart(applicant(ew_name_addr("見本 社長", "shacho@mihon-sys.example.jp"),
                              ew_header("Fwd: Fwd: " + subj), "Wed, 06 Mar 2024 08:45:00 +0900",
                              "boss3@mihon-sys.example.jp"),
                    "mixed", "outer-b3", [text_part("補助金ご担当者様\n\n二つ星の宣言を示すメールを転送します。\n"),
                                          rfc822_part(staff)])
    add("attachment-nested-forward-of-forward-2star-consistent", msg, "lf",
        **decl_expect("attachment", 2, user, decl, "株式会社見本システム", subj))

    # 4. Outlook on the web: the original as application/octet-stream named *.eml.
    user, decl = "99999903456", "49999903456"
    orig = crlf(ipa_message(declaration("有限会社ダミー食品", "鈴木 一郎", user, decl, "："),
                            decl_subject("二つ星"), "utf-8", "base64",
                            to="suzuki@dummy-foods.example.jp", subj_charset="UTF-8"))
    fname = ew_header(decl_subject("二つ星") + ".eml", "UTF-8", "B", 40).replace("\n ", " ")
    att = part('application/octet-stream; name="%s"' % fname, b64_lines(orig).encode(),
               "base64", [("Content-Disposition", 'attachment; filename="%s"' % fname)])
    msg = multipart(applicant(ew_name_addr("鈴木 一郎", "suzuki@dummy-foods.example.jp"),
                              ew_header("申請書類（SECURITY ACTION）"),
                              "Thu, 07 Mar 2024 14:20:00 +0000", "owa4@dummy-foods.example.jp"),
                    "mixed", "_004_OWA_dummyfoods_", [
                        text_part("ご担当者様\n\n有限会社ダミー食品の鈴木です。\n"
                                  "自己宣言完了のお知らせを添付いたします。\n", "utf-8",
                                  "base64"), att], preamble=False)
    add("attachment-outlook-web-octet-stream-eml-consistent", msg, "crlf",
        **decl_expect("attachment", 2, user, decl, "有限会社ダミー食品"))

    # 5. ISO-2022-JP with NEC row-13 characters (CP50220): ㈱ in the company, ① in text.
    user, decl = "99999904567", "49999904567"
    body = declaration("㈱サンプル電機", "木村 次郎", user, decl)
    orig = ipa_message(body, decl_subject("一つ星"), "cp50220", "7bit",
                       to="kimura@sample-denki.example.jp")
    msg = multipart(applicant(ew_name_addr("木村 次郎", "kimura@sample-denki.example.jp"),
                              ew_header("①自己宣言完了メールの送付", "cp50220"),
                              "Fri, 08 Mar 2024 10:00:00 +0900", "nec5@sample-denki.example.jp"),
                    "mixed", "nec-row13-b5", [
                        text_part("ご担当者様\n\n募集要領の①のメールを添付します。\n㈱サンプル電機 木村\n",
                                  "cp50220", "7bit"),
                        rfc822_part(orig)])
    add("attachment-iso2022jp-nec-row13-consistent", msg, "crlf",
        **decl_expect("attachment", 1, user, decl, "(株)サンプル電機"))

    # 6. Subject as two UTF-8 B encoded-words split in the middle of a character.
    user, decl = "99999905678", "49999905678"
    subj = decl_subject("一つ星", ":")
    raw = subj.encode("utf-8")
    cut = raw.index("自".encode("utf-8")) + 1  # inside 自
    split = "=?UTF-8?B?%s?=\n =?UTF-8?B?%s?=" % (base64.b64encode(raw[:cut]).decode(),
                                                base64.b64encode(raw[cut:]).decode())
    orig = ipa_message(declaration("株式会社サンプル物流", "松本 三郎", user, decl), subj, "utf-8",
                       "8bit", subject_raw=split, to="matsumoto@sample-butsuryu.example.jp")
    msg = multipart(applicant(ew_name_addr("松本 三郎", "matsumoto@sample-butsuryu.example.jp"),
                              "Fwd: SECURITY ACTION", "Fri, 08 Mar 2024 16:40:00 +0900",
                              "split6@sample-butsuryu.example.jp"),
                    "mixed", "split-word-b6", [text_part("ご確認ください。\n"), rfc822_part(orig)])
    add("attachment-subject-split-encoded-word-consistent", msg, "lf",
        **decl_expect("attachment", 1, user, decl, "株式会社サンプル物流", subj))

    # 8. The sender address in upper case (domains are case-insensitive).
    user, decl = "99999906789", "49999906789"
    subj = decl_subject("二つ星")
    orig = ipa_message(declaration("株式会社サンプル印刷", "木下 二葉", user, decl), subj,
                       from_=ew_name_addr(IPA_NAME, "SECURITY-ACTION-INFO@IPA.GO.JP", "ISO-2022-JP"),
                       to="kinoshita@sample-insatsu.example.jp")
    msg = multipart(applicant(ew_name_addr("木下 二葉", "kinoshita@sample-insatsu.example.jp"),
                              ew_header("Fwd: " + subj), "Fri, 08 Mar 2024 17:00:00 +0900",
                              "upper8@sample-insatsu.example.jp"),
                    "mixed", "upper-b8", [text_part("添付します。\n"), rfc822_part(orig)])
    add("attachment-uppercase-sender-address-consistent", msg, "lf",
        **decl_expect("attachment", 2, user, decl, "株式会社サンプル印刷",
                      from_contains="@IPA.GO.JP", domain="ipa.go.jp"))

    # 7. The seed's doubled bracket: 【【SECURITY ACTION】申込受理のご連絡, ISO-2022-JP.
    orig = ipa_message(accepted("株式会社サンプル商事", "山田 太郎"), SUBJ_ACCEPT_SEED,
                       msgid="accept7@sa.ipa.go.jp", date="Tue, 19 Mar 2024 09:00:00 +0900")
    msg = multipart(applicant(YAMADA, ew_header("Fwd: " + SUBJ_ACCEPT_SEED, "ISO-2022-JP"),
                              "Tue, 19 Mar 2024 13:00:00 +0900", "seed7@sample-shoji.example.jp"),
                    "mixed", "seed-double-b7", [text_part(COVER_JA, "iso-2022-jp", "7bit"),
                                                rfc822_part(orig)])
    add("attachment-accepted-seed-doubled-bracket-consistent", msg, "crlf",
        **accept_expect("attachment", "株式会社サンプル商事", SUBJ_ACCEPT_SEED))


def build_inline_samples():
    # Gmail, English UI, UTF-8 base64, ★ full-width colon.
    user, decl = "99999910001", "49999910001"
    subj = decl_subject("一つ星")
    text = ("Dear grant office,\n\nPlease find our SECURITY ACTION notice below.\n\nYamada\n\n"
            + fwd_gmail_en(subj) + declaration("株式会社サンプル商事", "山田 太郎", user, decl))
    msg = text_message(applicant(YAMADA, ew_header("Fwd: " + subj),
                                 "Tue, 05 Mar 2024 10:00:00 +0900", "g1@sample-shoji.example.jp"),
                       text, "utf-8", "base64")
    add("inline-gmail-en-utf8-base64-1star-consistent", msg, "crlf",
        **decl_expect("inline", 1, user, decl, "株式会社サンプル商事"))

    # Gmail, Japanese UI (差出人:), UTF-8 quoted-printable, ★★ ASCII colon.
    user, decl = "99999910002", "49999910002"
    subj = decl_subject("二つ星", ":")
    text = ("ご担当者様\n\n見本工業の佐藤です。自己宣言完了のメールを転送します。\n\n"
            + fwd_gmail_ja(subj) + declaration("見本工業株式会社", "佐藤 次郎", user, decl))
    msg = text_message(applicant(ew_name_addr("佐藤 次郎", "sato@mihon-kogyo.example.jp"),
                                 ew_header("Fwd: " + subj), "Tue, 05 Mar 2024 10:05:00 +0900",
                                 "g2@mihon-kogyo.example.jp"), text, "utf-8", "quoted-printable")
    add("inline-gmail-ja-utf8-qp-2star-consistent", msg, "lf",
        **decl_expect("inline", 2, user, decl, "見本工業株式会社", subj))

    # Outlook JP (32 underscores), CP932 labelled windows-31j, ① and ～ in the text.
    user, decl = "99999910003", "49999910003"
    subj = decl_subject("一つ星")
    text = ("ご担当者様\n\n①のメールを転送いたします。（1～2週間後に②も届く予定です）\n\n鈴木\n\n"
            + fwd_outlook_ja(subj) + declaration("有限会社ダミー食品", "鈴木 一郎", user, decl, "："))
    msg = text_message(applicant(ew_name_addr("鈴木 一郎", "suzuki@dummy-foods.example.jp"),
                                 "=?iso-2022-jp?B?" + base64.b64encode(
                                     encode_text("転送: " + subj, "iso-2022-jp")).decode() + "?=",
                                 "Wed, 06 Mar 2024 09:12:00 +0900", "o3@dummy-foods.example.jp"),
                       text, "windows-31j", "8bit")
    add("inline-outlook-ja-underscores-cp932-consistent", msg, "crlf",
        **decl_expect("inline", 1, user, decl, "有限会社ダミー食品"))

    # Outlook JP (40 underscores), ISO-2022-JP with half-width kana (ESC ( I) in the company.
    user, decl = "99999910004", "49999910004"
    subj = decl_subject("二つ星")
    text = ("ご担当者様\n\nｻﾝﾌﾟﾙ物産の森です。転送いたします。\n\n"
            + fwd_outlook_ja(subj, underscores=40, to="森 <mori@sample-bussan.example.jp>")
            + declaration("株式会社ｻﾝﾌﾟﾙ物産", "森 四郎", user, decl))
    msg = text_message(applicant(ew_name_addr("森 四郎", "mori@sample-bussan.example.jp"),
                                 ew_header("転送: " + subj, "ISO-2022-JP"),
                                 "Wed, 06 Mar 2024 09:30:00 +0900", "o4@sample-bussan.example.jp"),
                       text, "cp50220", "7bit")
    add("inline-outlook-ja-iso2022jp-halfwidth-kana-consistent", msg, "lf",
        **decl_expect("inline", 2, user, decl, "株式会社サンプル物産"))

    # Outlook EN: -----Original Message----- and [mailto:], application-accepted.
    text = ("Hello,\n\nForwarding the IPA mail as requested.\n\nHanako Tanaka\n\n"
            + fwd_outlook_en(SUBJ_ACCEPT) + accepted("エグザンプル貿易株式会社", "田中 花子"))
    msg = text_message(applicant(ew_name_addr("Hanako Tanaka", "tanaka@example-trading.example.com"),
                                 ew_header("FW: " + SUBJ_ACCEPT), "Wed, 20 Mar 2024 17:00:00 +0900",
                                 "oe5@example-trading.example.com"), text, "utf-8", "8bit")
    add("inline-outlook-en-original-message-mailto-accepted-consistent", msg, "crlf",
        **accept_expect("inline", "エグザンプル貿易株式会社", SUBJ_ACCEPT))

    # Thunderbird, English UI: labels followed by TAB.
    user, decl = "99999910006", "49999910006"
    subj = decl_subject("一つ星", ":")
    text = ("お世話になっております。\n加藤製作所の加藤です。\n\n"
            + fwd_thunderbird_en(subj) + declaration("株式会社加藤製作所", "加藤 五郎", user, decl))
    msg = text_message(applicant(ew_name_addr("加藤 五郎", "kato@kato-seisakusho.example.jp"),
                                 ew_header("Fwd: " + subj), "Thu, 07 Mar 2024 08:00:00 +0900",
                                 "tb6@kato-seisakusho.example.jp"), text, "utf-8", "8bit")
    add("inline-thunderbird-en-tabs-consistent", msg, "lf",
        **decl_expect("inline", 1, user, decl, "株式会社加藤製作所", subj))

    # Thunderbird, Japanese labels followed by TAB, Shift_JIS 8bit.
    user, decl = "99999910007", "49999910007"
    subj = decl_subject("二つ星")
    text = ("補助金ご担当者様\n\n伊藤建設の伊藤です。\n\n"
            + fwd_thunderbird_ja(subj) + declaration("伊藤建設株式会社", "伊藤 六郎", user, decl))
    msg = text_message(applicant(ew_name_addr("伊藤 六郎", "ito@ito-kensetsu.example.jp"),
                                 ew_header("Fwd: " + subj, "ISO-2022-JP"),
                                 "Thu, 07 Mar 2024 08:30:00 +0900", "tb7@ito-kensetsu.example.jp"),
                       text, "shift_jis", "8bit")
    add("inline-thunderbird-ja-tabs-shiftjis-consistent", msg, "crlf",
        **decl_expect("inline", 2, user, decl, "伊藤建設株式会社"))

    # Apple Mail / iPhone, Japanese: 転送されたメッセージ:, EUC-JP.
    user, decl = "99999910008", "49999910008"
    subj = decl_subject("一つ星")
    text = ("ご担当者様\n\n渡辺商店です。よろしくお願いします。\n\niPhoneから送信\n\n"
            + fwd_apple_ja(subj) + declaration("株式会社渡辺商店", "渡辺 七海", user, decl))
    msg = text_message(applicant(ew_name_addr("渡辺 七海", "watanabe@watanabe-shoten.example.jp"),
                                 ew_header("転送: " + subj), "Thu, 07 Mar 2024 12:00:00 +0900",
                                 "ap8@watanabe-shoten.example.jp"), text, "euc-jp", "8bit")
    add("inline-apple-mail-ja-eucjp-consistent", msg, "lf",
        **decl_expect("inline", 1, user, decl, "株式会社渡辺商店"))

    # Apple Mail, English: Begin forwarded message:, UTF-8 quoted-printable, accepted.
    text = ("Please see below.\n\nNakamura\n\n" + fwd_apple_en(SUBJ_ACCEPT)
            + accepted("サンプルデザイン合同会社", "中村 八重"))
    msg = text_message(applicant(ew_name_addr("Nakamura", "nakamura@sample-design.example.com"),
                                 ew_header("Fwd: " + SUBJ_ACCEPT), "Fri, 22 Mar 2024 09:00:00 +0900",
                                 "ap9@sample-design.example.com"), text, "utf-8", "quoted-printable")
    add("inline-apple-mail-en-begin-forwarded-accepted-consistent", msg, "crlf",
        **accept_expect("inline", "サンプルデザイン合同会社", SUBJ_ACCEPT))

    # Apple Mail HTML flattened to text by another client: labels wrapped in '*'.
    text = ("ご担当者様\n\n受理のメールです。\n\n転送されたメッセージ:\n\n"
            "*差出人: *%s <%s>\n*件名: *%s\n*日付: *2024年3月18日 15:00:02 JST\n"
            "*宛先: *watanabe@watanabe-shoten.example.jp\n\n" % (IPA_NAME, IPA_ADDR, SUBJ_ACCEPT)
            + accepted("株式会社渡辺商店", "渡辺 七海"))
    msg = text_message(applicant(ew_name_addr("渡辺 七海", "watanabe@watanabe-shoten.example.jp"),
                                 ew_header("転送: " + SUBJ_ACCEPT), "Tue, 19 Mar 2024 08:00:00 +0900",
                                 "ap8b@watanabe-shoten.example.jp"), text, "utf-8", "base64")
    add("inline-apple-mail-ja-flattened-star-labels-accepted-consistent", msg, "lf",
        **accept_expect("inline", "株式会社渡辺商店", SUBJ_ACCEPT))

    # Gmail forward of a Gmail forward: the outer original (staff, not IPA) claims by its
    # subject and is suspicious; the inner one from IPA is consistent and wins.
    user, decl = "99999910015", "49999910015"
    subj = decl_subject("一つ星", ":")
    text = ("補助金ご担当者様\n\n担当者から届いたメールを転送します。\n\n"
            + fwd_gmail_en("Fwd: " + subj, "高橋 健 <takahashi@mihon-sys.example.jp>",
                           "<shacho@mihon-sys.example.jp>")
            + "社長\n\nIPAからのメールです。\n\n"
            + fwd_gmail_en(subj, to="<takahashi@mihon-sys.example.jp>")
            + declaration("株式会社見本システム", "高橋 健", user, decl))
    msg = text_message(applicant(ew_name_addr("見本 社長", "shacho@mihon-sys.example.jp"),
                                 ew_header("Fwd: Fwd: " + subj), "Wed, 06 Mar 2024 09:00:00 +0900",
                                 "g15@mihon-sys.example.jp"), text, "utf-8", "quoted-printable")
    add("inline-gmail-forward-of-forward-consistent", msg, "crlf",
        **decl_expect("inline", 1, user, decl, "株式会社見本システム", subj))

    # Japanese web client, full-width colons; UTF-8 bytes mislabelled as ISO-2022-JP.
    user, decl = "99999910010", "49999910010"
    subj = decl_subject("二つ星")
    text = ("ご担当者様\n\n小林運輸の小林です。\n\n" + fwd_webclient_ja(subj)
            + declaration("小林運輸株式会社", "小林 九郎", user, decl, "："))
    msg = text_message(applicant(ew_name_addr("小林 九郎", "kobayashi@kobayashi-unyu.example.jp"),
                                 ew_header("Fwd: " + subj), "Fri, 08 Mar 2024 18:00:00 +0900",
                                 "web10@kobayashi-unyu.example.jp"),
                       text.encode("utf-8"), "iso-2022-jp", "8bit")
    add("inline-webclient-ja-fullwidth-colons-utf8-mislabelled-consistent", msg, "lf",
        **decl_expect("inline", 2, user, decl, "小林運輸株式会社"))

    # "> " quoted: a reply quoting a Gmail forward.
    user, decl = "99999910011", "49999910011"
    subj = decl_subject("一つ星", ":")
    inner = fwd_gmail_en(subj) + declaration("株式会社サンプル商事", "山田 太郎", user, decl)
    text = ("補助金ご担当者様\n\nご依頼のメールを以下に引用します。\n\n"
            "2024年3月11日(月) 9:00 <hojokin@grant.example.lg.jp>:\n" + quote(inner))
    msg = text_message(applicant(YAMADA, ew_header("Re: 自己宣言完了メールのご提出について"),
                                 "Mon, 11 Mar 2024 10:00:00 +0900", "q11@sample-shoji.example.jp",
                                 extra=[("In-Reply-To", "<req11@grant.example.lg.jp>")]),
                       text, "utf-8", "quoted-printable")
    add("inline-quoted-gmail-forward-consistent", msg, "crlf",
        **decl_expect("inline", 1, user, decl, "株式会社サンプル商事", subj))

    # Full-width digits in the IDs (４９９９…), forwarded inline from Gmail (ja UI).
    user, decl = "99999910012", "49999910012"
    fw = str.maketrans("0123456789", "０１２３４５６７８９")
    subj = decl_subject("二つ星")
    text = ("ご担当者様\n\n転送します。\n\n" + fwd_gmail_ja(subj, to="<yoshida@sample-hanbai.example.jp>")
            + declaration("サンプル販売株式会社", "吉田 十和", user.translate(fw), decl.translate(fw),
                          "："))
    msg = text_message(applicant(ew_name_addr("吉田 十和", "yoshida@sample-hanbai.example.jp"),
                                 ew_header("Fwd: " + subj), "Mon, 11 Mar 2024 11:00:00 +0900",
                                 "fw12@sample-hanbai.example.jp"), text, "utf-8", "base64")
    add("inline-fullwidth-digit-ids-consistent", msg, "lf",
        **decl_expect("inline", 2, user, decl, "サンプル販売株式会社"))

    # HTML only (Gmail HTML forward): <br>, &lt; &gt; &amp; &nbsp; entities.
    user, decl = "99999910013", "49999910013"
    subj = decl_subject("一つ星")
    notice = declaration("サンプル&パートナーズ株式会社", "山本 一葉", user, decl)
    html_notice = (notice.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                   .replace("山本 一葉", "山本&nbsp;一葉").replace("\n", "<br>\n"))
    html = ('<div dir="ltr">ご担当者様<br><br>山本です。転送します。<br><br>'
            '<div class="gmail_quote"><div dir="ltr" class="gmail_attr">'
            "---------- Forwarded message ---------<br>"
            'From: <strong class="gmail_sendername" dir="auto">SECURITY ACTION事務局</strong> '
            '<span dir="auto">&lt;<a href="mailto:security-action-info@ipa.go.jp">'
            "security-action-info@ipa.go.jp</a>&gt;</span><br>"
            "Date: 2024年3月4日(月) 10:12<br>Subject: %s<br>"
            'To: &lt;<a href="mailto:yamamoto@sample-partners.example.jp">'
            "yamamoto@sample-partners.example.jp</a>&gt;<br></div><br><br>\n"
            "<div>%s</div></div></div>\n" % (subj, html_notice))
    msg = text_message(applicant(ew_name_addr("山本 一葉", "yamamoto@sample-partners.example.jp"),
                                 ew_header("Fwd: " + subj), "Tue, 12 Mar 2024 09:00:00 +0900",
                                 "h13@sample-partners.example.jp"),
                       html, "utf-8", "quoted-printable", "html")
    add("inline-html-only-gmail-entities-consistent", msg, "crlf",
        **decl_expect("inline", 1, user, decl, "サンプル&パートナーズ株式会社"))

    # multipart/alternative (Outlook JP): text/plain and text/html alternatives.
    user, decl = "99999910014", "49999910014"
    subj = decl_subject("二つ星", ":")
    plain = "ご担当者様\n\n転送いたします。\n\n" + fwd_outlook_ja(
        subj, to="清水 <shimizu@sample-iryo.example.jp>") + declaration(
            "医療法人サンプル会", "清水 百合", user, decl)
    html = ("<html><body><p>ご担当者様</p><p>転送いたします。</p><hr>"
            "<b>差出人:</b> SECURITY ACTION事務局 &lt;security-action-info@ipa.go.jp&gt;<br>"
            "<b>送信日時:</b> 2024年3月4日 10:12<br><b>宛先:</b> 清水 &lt;shimizu@sample-iryo"
            ".example.jp&gt;<br><b>件名:</b> %s<br><br>%s</body></html>\n"
            % (subj, declaration("医療法人サンプル会", "清水 百合", user, decl)
               .replace("\n", "<br>\n")))
    msg = multipart(applicant(ew_name_addr("清水 百合", "shimizu@sample-iryo.example.jp"),
                              ew_header("転送: " + subj), "Tue, 12 Mar 2024 10:00:00 +0900",
                              "alt14@sample-iryo.example.jp"),
                    "alternative", "_000_alt14_", [text_part(plain, "utf-8", "base64"),
                                                   text_part(html, "utf-8", "base64", "html")],
                    preamble=False)
    add("inline-multipart-alternative-outlook-ja-consistent", msg, "lf",
        **decl_expect("inline", 2, user, decl, "医療法人サンプル会", subj))


def pseudo_pdf(size, seed=12345):
    """Deterministic incompressible bytes dressed as a PDF (for a large attachment)."""
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    x = seed
    while len(out) < size - 6:
        x ^= (x << 13) & 0xFFFFFFFF
        x ^= x >> 17
        x ^= (x << 5) & 0xFFFFFFFF
        out += x.to_bytes(4, "little")
    return bytes(out[:size - 6]) + b"%%EOF\n"


def build_large_samples():
    # A large message: the application form (a 200 KB PDF) plus the notice forwarded inline.
    user, decl = "99999950001", "49999950001"
    subj = decl_subject("二つ星")
    text = ("補助金ご担当者様\n\n交付申請書（PDF）を添付し、自己宣言完了のメールを下記に転送します。\n\n"
            + fwd_gmail_ja(subj, to="<yamada@sample-shoji.example.jp>")
            + declaration("株式会社サンプル商事", "山田 太郎", user, decl))
    msg = multipart(applicant(YAMADA, ew_header("交付申請書の提出と" + subj),
                              "Fri, 22 Mar 2024 15:00:00 +0900", "big1@sample-shoji.example.jp"),
                    "mixed", "big-pdf-b1", [
                        text_part(text, "utf-8", "base64"),
                        part('application/pdf; name="koufu-shinsei.pdf"',
                             b64_lines(pseudo_pdf(200 * 1024)).encode(), "base64",
                             [("Content-Disposition", 'attachment; filename="koufu-shinsei.pdf"')])])
    add("inline-gmail-ja-with-large-pdf-attachment-consistent", msg, "crlf",
        **decl_expect("inline", 2, user, decl, "株式会社サンプル商事"))


def build_direct_samples():
    # Server-side auto-forward: the original itself arrives.
    user, decl = "99999920001", "49999920001"
    subj = decl_subject("一つ星")
    msg = ipa_message(declaration("株式会社サンプル精機", "井上 一", user, decl), subj,
                      to="inoue@sample-seiki.example.jp",
                      extra=[received("mail.sample-seiki.example.jp", "192.0.2.40", "4TqD1", "Mon,"
                                      " 04 Mar 2024 10:12:40 +0900"),
                             ("Received", "from mta.sa.ipa.go.jp (mta.sa.ipa.go.jp [198.51.100.7])"
                              "\n\tby mail.sample-seiki.example.jp; Mon, 04 Mar 2024 10:12:35 +0900"),
                             ("Delivered-To", "inoue@sample-seiki.example.jp")])
    add("direct-server-autoforward-consistent", msg, "crlf",
        **decl_expect("direct", 1, user, decl, "株式会社サンプル精機"))

    # Redirect (bounce): Resent-* headers added by the applicant's client.
    user, decl = "99999920002", "49999920002"
    subj = decl_subject("二つ星", ":")
    msg = ipa_message(declaration("株式会社サンプル印刷", "木下 二葉", user, decl), subj, "utf-8",
                      "base64", to="kinoshita@sample-insatsu.example.jp", subj_charset="UTF-8",
                      extra=[received("mail.sample-insatsu.example.jp", "192.0.2.41", "4TqD2",
                                      "Tue, 05 Mar 2024 09:00:05 +0900"),
                             ("Resent-From", "kinoshita@sample-insatsu.example.jp"),
                             ("Resent-To", GRANT),
                             ("Resent-Date", "Tue, 05 Mar 2024 09:00:00 +0900"),
                             ("Resent-Message-ID", "<resent2@sample-insatsu.example.jp>")])
    add("redirect-resent-headers-consistent", msg, "lf",
        **decl_expect("redirect", 2, user, decl, "株式会社サンプル印刷", subj))


def suspicious(forward, notice, star=None, reasons=(), **more):
    e = dict(verdict="suspicious", forward=forward, notice=notice,
             reasons=["forward=" + forward] + list(reasons))
    if star is not None:
        e["star"] = star
    e.update(more)
    return e


def forward_attached(orig, subject, who, addr, date, msgid, boundary, eol, name, expected,
                     extra=()):
    msg = multipart(applicant(ew_name_addr(who, addr), ew_header("Fwd: " + subject), date, msgid,
                              extra=extra),
                    "mixed", boundary, [text_part("ご担当者様\n\n添付のとおりです。\n"),
                                        rfc822_part(orig)])
    add(name, msg, eol, **expected)


def build_suspicious_samples():
    # Look-alike ipa-go.jp, attached.
    user, decl = "99999930001", "49999930001"
    subj = decl_subject("一つ星", ":")
    orig = ipa_message(declaration("株式会社サンプル商事", "山田 太郎", user, decl), subj,
                       from_=ew_name_addr(IPA_NAME, "security-action-info@ipa-go.jp"))
    forward_attached(orig, subj, "山田 太郎", "yamada@sample-shoji.example.jp",
                     "Wed, 13 Mar 2024 09:00:00 +0900", "s1@sample-shoji.example.jp", "s1-b",
                     "crlf", "suspicious-lookalike-ipa-go-jp-hyphen-attachment",
                     suspicious("attachment", "declaration-complete", 1,
                                ["sender-domain=ipa-go.jp", "sender=not-allowed",
                                 "lookalike-domain=ipa-go.jp", "subject=declaration-complete",
                                 "body=declaration-complete", "signature=ok"],
                                declaration_id=decl, user_number=masked(user),
                                original_from_contains="@ipa-go.jp"))

    # Look-alike lpa.go.jp (l for i), inline Gmail.
    user, decl = "99999930002", "49999930002"
    subj = decl_subject("二つ星")
    text = ("ご担当者様\n\n転送します。\n\n"
            + fwd_gmail_en(subj, "%s <security-action-info@lpa.go.jp>" % IPA_NAME)
            + declaration("見本工業株式会社", "佐藤 次郎", user, decl))
    msg = text_message(applicant(ew_name_addr("佐藤 次郎", "sato@mihon-kogyo.example.jp"),
                                 ew_header("Fwd: " + subj), "Wed, 13 Mar 2024 09:10:00 +0900",
                                 "s2@mihon-kogyo.example.jp"), text, "utf-8", "8bit")
    add("suspicious-lookalike-lpa-go-jp-inline-gmail", msg, "lf",
        **suspicious("inline", "declaration-complete", 2,
                     ["sender-domain=lpa.go.jp", "sender=not-allowed", "lookalike-domain=lpa.go.jp",
                      "subject=declaration-complete", "signature=ok"],
                     declaration_id=decl, company="見本工業株式会社",
                     original_from_contains="security-action-info@lpa.go.jp"))

    # Look-alike ipa.go.jp.example.com, delivered directly by the applicant's auto-forward.
    user, decl = "99999930003", "49999930003"
    subj = decl_subject("一つ星")
    msg = ipa_message(declaration("株式会社サンプル精機", "井上 一", user, decl), subj,
                      from_=ew_name_addr(IPA_NAME, "security-action-info@ipa.go.jp.example.com"),
                      to="inoue@sample-seiki.example.jp",
                      extra=[received("mail.sample-seiki.example.jp", "192.0.2.40", "4TqS3",
                                      "Wed, 13 Mar 2024 09:20:00 +0900")])
    add("suspicious-lookalike-ipa-go-jp-example-com-direct", msg, "crlf",
        **suspicious("direct", "declaration-complete", 1,
                     ["sender-domain=ipa.go.jp.example.com", "sender=not-allowed",
                      "lookalike-domain=ipa.go.jp.example.com", "subject=declaration-complete"],
                     declaration_id=decl, original_from_contains="ipa.go.jp.example.com"))

    # Punycode look-alike: Cyrillic а in ipа.go.jp.
    puny = "ip\u0430".encode("idna").decode("ascii") + ".go.jp"
    user, decl = "99999930004", "49999930004"
    subj = decl_subject("二つ星", ":")
    orig = ipa_message(declaration("株式会社加藤製作所", "加藤 五郎", user, decl), subj, "utf-8",
                       "base64", from_=ew_name_addr(IPA_NAME, "security-action-info@" + puny),
                       subj_charset="UTF-8")
    forward_attached(orig, subj, "加藤 五郎", "kato@kato-seisakusho.example.jp",
                     "Wed, 13 Mar 2024 09:30:00 +0900", "s4@kato-seisakusho.example.jp", "s4-b",
                     "lf", "suspicious-lookalike-punycode-cyrillic-attachment",
                     suspicious("attachment", "declaration-complete", 2,
                                ["sender-domain=" + puny, "sender=not-allowed",
                                 "lookalike-domain=" + puny, "subject=declaration-complete"],
                                declaration_id=decl, original_subject=subj,
                                original_from_contains=puny))

    # A sender that is not IPA and imitates nothing, inline Thunderbird.
    user, decl = "99999930005", "49999930005"
    subj = decl_subject("一つ星", ":")
    text = ("お世話になっております。\n\n" + fwd_thunderbird_en(
        subj, "SECURITY ACTION 事務局 <sa-office@sample-support.example.com>")
        + declaration("株式会社加藤製作所", "加藤 五郎", user, decl))
    msg = text_message(applicant(ew_name_addr("加藤 五郎", "kato@kato-seisakusho.example.jp"),
                                 ew_header("Fwd: " + subj), "Wed, 13 Mar 2024 10:00:00 +0900",
                                 "s5@kato-seisakusho.example.jp"), text, "utf-8", "8bit")
    add("suspicious-non-ipa-sender-inline-thunderbird", msg, "crlf",
        **suspicious("inline", "declaration-complete", 1,
                     ["sender-domain=sample-support.example.com", "sender=not-allowed",
                      "subject=declaration-complete", "body=declaration-complete"],
                     declaration_id=decl, original_from_contains="sa-office@sample-support"))

    # Edited subject (三つ星 does not exist): claims by 【SECURITY ACTION】 but fits no
    # template; the body still fits declaration-complete.
    user, decl = "99999930006", "49999930006"
    subj = "【SECURITY ACTION】三つ星：自己宣言完了のお知らせ"
    text = ("ご担当者様\n\n転送いたします。\n\n" + fwd_outlook_ja(subj)
            + declaration("有限会社ダミー食品", "鈴木 一郎", user, decl))
    msg = text_message(applicant(ew_name_addr("鈴木 一郎", "suzuki@dummy-foods.example.jp"),
                                 ew_header("転送: " + subj), "Wed, 13 Mar 2024 10:30:00 +0900",
                                 "s6@dummy-foods.example.jp"), text, "utf-8", "base64")
    add("suspicious-edited-subject-inline-outlook-ja", msg, "lf",
        **suspicious("inline", "declaration-complete", 0,
                     ["sender=allowed", "subject=no-template", "body=declaration-complete",
                      "signature=ok"], declaration_id=decl))

    # 自己宣言ID not starting with 4.
    user, decl = "99999930007", "59999930007"
    subj = decl_subject("一つ星")
    orig = ipa_message(declaration("株式会社サンプル物流", "松本 三郎", user, decl), subj)
    forward_attached(orig, subj, "松本 三郎", "matsumoto@sample-butsuryu.example.jp",
                     "Wed, 13 Mar 2024 11:00:00 +0900", "s7@sample-butsuryu.example.jp", "s7-b",
                     "crlf", "suspicious-declaration-id-starts-with-5",
                     suspicious("attachment", "declaration-complete", 1,
                                ["sender=allowed", "subject=declaration-complete",
                                 "signature=ok", "id-format=bad"]))

    # 自己宣言ID of 10 digits, inline Apple Mail (en).
    user, decl = "99999930008", "4999993008"
    subj = decl_subject("二つ星", ":")
    text = ("Please see below.\n\n" + fwd_apple_en(subj)
            + declaration("サンプルデザイン合同会社", "中村 八重", user, decl))
    msg = text_message(applicant(ew_name_addr("Nakamura", "nakamura@sample-design.example.com"),
                                 ew_header("Fwd: " + subj), "Wed, 13 Mar 2024 11:30:00 +0900",
                                 "s8@sample-design.example.com"), text, "utf-8", "quoted-printable")
    add("suspicious-declaration-id-10-digits-inline-apple", msg, "lf",
        **suspicious("inline", "declaration-complete", 2,
                     ["sender=allowed", "subject=declaration-complete", "id-format=bad"]))

    # The signature block is missing (cut by the applicant).
    user, decl = "99999930009", "49999930009"
    subj = decl_subject("一つ星")
    text = ("Dear grant office,\n\n" + fwd_gmail_en(subj)
            + declaration("株式会社サンプル商事", "山田 太郎", user, decl, signature=False))
    msg = text_message(applicant(YAMADA, ew_header("Fwd: " + subj),
                                 "Wed, 13 Mar 2024 12:00:00 +0900", "s9@sample-shoji.example.jp"),
                       text, "utf-8", "base64")
    add("suspicious-missing-signature-inline-gmail", msg, "crlf",
        **suspicious("inline", "declaration-complete", 1,
                     ["sender=allowed", "subject=declaration-complete", "signature=missing"],
                     declaration_id=decl, user_number=masked(user)))

    # Two different 自己宣言IDs in one notice.
    user, decl = "99999930010", "49999930010"
    subj = decl_subject("二つ星")
    extra = "\n自己宣言ID:49999930999\n※二つ星への変更後の自己宣言IDです。\n"
    orig = ipa_message(declaration("伊藤建設株式会社", "伊藤 六郎", user, decl, extra=extra), subj,
                       "utf-8", "quoted-printable", subj_charset="UTF-8")
    forward_attached(orig, subj, "伊藤 六郎", "ito@ito-kensetsu.example.jp",
                     "Wed, 13 Mar 2024 13:00:00 +0900", "s10@ito-kensetsu.example.jp", "s10-b",
                     "lf", "suspicious-two-declaration-ids",
                     suspicious("attachment", "declaration-complete", 2,
                                ["sender=allowed", "subject=declaration-complete", "id-conflict"]))

    # The 自己宣言ID line is gone (the declaration-complete notice must carry one).
    user = "99999930012"
    subj = decl_subject("一つ星")
    body = declaration("株式会社サンプル物流", "松本 三郎", user, "49999930012")
    body = body.replace("自己宣言ID:49999930012\n", "")
    orig = ipa_message(body, subj, "utf-8", "base64", subj_charset="UTF-8")
    forward_attached(orig, subj, "松本 三郎", "matsumoto@sample-butsuryu.example.jp",
                     "Wed, 13 Mar 2024 14:00:00 +0900", "s12@sample-butsuryu.example.jp", "s12-b",
                     "lf", "suspicious-declaration-id-missing-attachment",
                     suspicious("attachment", "declaration-complete", 1,
                                ["sender=allowed", "subject=declaration-complete", "signature=ok",
                                 "id=missing"], declaration_id="", user_number=masked(user)))

    # 利用者番号 of 9 digits (the configured format is 11 digits).
    user, decl = "999993013", "49999930013"
    subj = decl_subject("二つ星", ":")
    text = "ご担当者様\n\n" + fwd_gmail_en(subj) + declaration("見本工業株式会社", "佐藤 次郎", user,
                                                            decl)
    msg = text_message(applicant(ew_name_addr("佐藤 次郎", "sato@mihon-kogyo.example.jp"),
                                 ew_header("Fwd: " + subj), "Wed, 13 Mar 2024 14:10:00 +0900",
                                 "s13@mihon-kogyo.example.jp"), text, "utf-8", "base64")
    add("suspicious-user-number-9-digits-inline-gmail", msg, "crlf",
        **suspicious("inline", "declaration-complete", 2,
                     ["sender=allowed", "subject=declaration-complete", "id-format=bad"],
                     declaration_id=decl, user_number=masked(user)))

    # myipa.go.jp ends with "ipa.go.jp" but not at a label boundary: not allowed.
    user, decl = "99999930014", "49999930014"
    subj = decl_subject("一つ星")
    orig = ipa_message(declaration("株式会社加藤製作所", "加藤 五郎", user, decl), subj,
                       from_=ew_name_addr(IPA_NAME, "security-action-info@myipa.go.jp"))
    forward_attached(orig, subj, "加藤 五郎", "kato@kato-seisakusho.example.jp",
                     "Wed, 13 Mar 2024 14:20:00 +0900", "s14@kato-seisakusho.example.jp", "s14-b",
                     "crlf", "suspicious-sender-not-label-boundary-myipa-go-jp",
                     suspicious("attachment", "declaration-complete", 1,
                                ["sender-domain=myipa.go.jp", "sender=not-allowed",
                                 "subject=declaration-complete", "signature=ok", "id-format=ok"],
                                declaration_id=decl, original_from_contains="@myipa.go.jp"))

    # Phishing that claims SECURITY ACTION in its subject, from a look-alike domain.
    subj = "【重要】【SECURITY ACTION】新システム開始のご案内"
    orig = ipa_message(PHISHING_BODY, subj, "utf-8", "8bit",
                       from_=ew_name_addr(IPA_NAME, "info@ipa-go.jp"), subj_charset="UTF-8",
                       msgid="phish11@mailer.example.com")
    forward_attached(orig, subj, "渡辺 七海", "watanabe@watanabe-shoten.example.jp",
                     "Thu, 14 Mar 2024 09:00:00 +0900", "s11@watanabe-shoten.example.jp", "s11-b",
                     "crlf", "suspicious-phishing-new-system-lookalike-attachment",
                     suspicious("attachment", "", 0,
                                ["sender-domain=ipa-go.jp", "sender=not-allowed",
                                 "lookalike-domain=ipa-go.jp", "subject=no-template",
                                 "body=missing-markers"],
                                original_subject=subj, original_from_contains="info@ipa-go.jp"))


def build_none_samples():
    # Ordinary application mail with a PDF attachment.
    pdf = b"%PDF-1.4\n% sample application form\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
    msg = multipart(applicant(YAMADA, ew_header("補助金交付申請書の提出（株式会社サンプル商事）"),
                              "Fri, 15 Mar 2024 09:00:00 +0900", "n1@sample-shoji.example.jp"),
                    "mixed", "n1-b", [
                        text_part("補助金ご担当者様\n\n交付申請書を添付にてお送りします。\n"
                                  "ご査収のほどよろしくお願いいたします。\n\n株式会社サンプル商事 山田\n",
                                  "iso-2022-jp", "7bit"),
                        part('application/pdf; name="shinsei.pdf"', b64_lines(pdf).encode(),
                             "base64", [("Content-Disposition",
                                         'attachment; filename="shinsei.pdf"')])])
    add("none-ordinary-application-mail", msg, "crlf", verdict="none", forward="none", notice="",
        reasons=["no-notice"])

    # The applicant types the ID in their own words.
    text = ("補助金ご担当者様\n\n株式会社サンプル商事の山田です。\n"
            "弊社はSECURITY ACTION二つ星を宣言しました。\n"
            "自己宣言IDは41234567890です。\n利用者番号は控えております。\n\n"
            "よろしくお願いいたします。\n")
    msg = text_message(applicant(YAMADA, ew_header("SECURITY ACTION自己宣言IDのご連絡"),
                                 "Fri, 15 Mar 2024 09:30:00 +0900", "n2@sample-shoji.example.jp"),
                       text, "iso-2022-jp", "7bit")
    add("none-applicant-typed-declaration-id", msg, "lf", verdict="none", forward="none",
        notice="", reasons=["no-notice"])

    # A newsletter that mentions SECURITY ACTION without 【】.
    text = ("中小企業ITニュース 第42号\n\n"
            "■ SECURITY ACTION 二つ星を補助金の要件とする自治体が増えています\n"
            "SECURITY ACTIONは、中小企業自らが情報セキュリティ対策に取り組むことを自己宣言する制度です。\n"
            "宣言後に届く自己宣言完了のお知らせメールを申請書類に添付する例が一般的です。\n\n"
            "■ 配信停止\nhttps://news.example.com/unsubscribe\n\n"
            "発行：サンプル中小企業ニュース編集部\n")
    msg = text_message([("From", ew_name_addr("中小企業ITニュース", "news@chusho-news.example.com")),
                        ("To", GRANT),
                        ("Subject", ew_header("中小企業ITニュース 第42号 SECURITY ACTIONと補助金")),
                        ("Date", "Fri, 15 Mar 2024 07:00:00 +0900"),
                        ("Message-ID", "<n3.42@chusho-news.example.com>"),
                        ("List-Unsubscribe", "<https://news.example.com/unsubscribe>")],
                       text, "utf-8", "base64")
    add("none-newsletter-mentions-security-action", msg, "crlf", verdict="none", forward="none",
        notice="", reasons=["no-notice"])

    # The phishing subject 「【重要】SECURITY ACTION新システム開始のご案内」 has no 【SECURITY ACTION】
    # and its body carries no notice markers: by the contract it does not claim to be a notice.
    subj = "【重要】SECURITY ACTION新システム開始のご案内"
    text = ("ご担当者様\n\nこのようなメールが届きました。本物でしょうか。\n\n"
            + fwd_gmail_ja(subj, "%s <info@ipa-go.jp>" % IPA_NAME,
                           "<watanabe@watanabe-shoten.example.jp>") + PHISHING_BODY)
    msg = text_message(applicant(ew_name_addr("渡辺 七海", "watanabe@watanabe-shoten.example.jp"),
                                 ew_header("Fwd: " + subj), "Thu, 14 Mar 2024 09:10:00 +0900",
                                 "n4@watanabe-shoten.example.jp"), text, "utf-8", "8bit")
    add("none-phishing-subject-without-claim-inline", msg, "lf", verdict="none", forward="none",
        notice="", reasons=["no-notice"])


def build_hostile_samples():
    # Control characters and CR/LF-looking text in the company line; an encoded CR LF +
    # "Bcc:" in the original's From display name; an ESC byte and a BEL in the body.
    user, decl = "99999940001", "49999940001"
    subj = decl_subject("一つ星", ":")
    company = "株式会社サンプル\\r\\nBcc: attacker@example.com\x1b[0m商事\x07"
    name = ("SECURITY ACTION事務局\r\nBcc: attacker@example.com\x1b").encode("utf-8")
    from_ = "=?UTF-8?B?%s?= <%s>" % (base64.b64encode(name).decode(), IPA_ADDR)
    orig = ipa_message(declaration(company, "山田 太郎", user, decl), subj, "utf-8",
                       "quoted-printable", from_=from_, subj_charset="UTF-8")
    forward_attached(orig, subj, "山田 太郎", "yamada@sample-shoji.example.jp",
                     "Mon, 18 Mar 2024 09:00:00 +0900", "h1@sample-shoji.example.jp", "h1-b",
                     "crlf", "hostile-company-controls-encoded-crlf-consistent",
                     dict(verdict="consistent", forward="attachment",
                          notice="declaration-complete", star=1, declaration_id=decl,
                          user_number=masked(user), original_from_contains=IPA_ADDR,
                          original_subject=subj,
                          reasons=["forward=attachment", "sender-domain=ipa.go.jp",
                                   "sender=allowed", "subject=declaration-complete",
                                   "signature=ok", "id-format=ok"]))

    # The applicant's own Subject and From carry an encoded CR LF + Bcc; the forwarded
    # notice inside is genuine.
    user, decl = "99999940002", "49999940002"
    subj = decl_subject("二つ星", ":")
    inject = "=?UTF-8?B?%s?=" % base64.b64encode(
        "Fwd: 自己宣言\r\nBcc: attacker@example.com\r\n\r\n本文".encode()).decode()
    who = "=?UTF-8?B?%s?= <yamada@sample-shoji.example.jp>" % base64.b64encode(
        "株式会社サンプル商事\r\nBcc: attacker@example.com".encode()).decode()
    text = "ご担当者様\n\n" + fwd_gmail_ja(subj) + declaration("株式会社サンプル商事", "山田 太郎",
                                                              user, decl)
    msg = text_message(applicant(who, inject, "Mon, 18 Mar 2024 09:10:00 +0900",
                                 "h2@sample-shoji.example.jp"), text, "utf-8", "8bit")
    add("hostile-applicant-headers-encoded-crlf-consistent", msg, "lf",
        **decl_expect("inline", 2, user, decl, "株式会社サンプル商事", subj))

    # Forged verdict headers (two X-SA-Triage-Verdict: verified and a star) on a notice
    # from a sender that is not IPA.
    user, decl = "99999940003", "49999940003"
    subj = decl_subject("二つ星")
    orig = ipa_message(declaration("株式会社サンプル商事", "山田 太郎", user, decl), subj,
                       from_=ew_name_addr(IPA_NAME, "sa-jimukyoku@secure-action.example.com"))
    forward_attached(orig, subj, "山田 太郎", "yamada@sample-shoji.example.jp",
                     "Mon, 18 Mar 2024 09:20:00 +0900", "h3@sample-shoji.example.jp", "h3-b",
                     "crlf", "hostile-forged-verdict-headers-suspicious",
                     suspicious("attachment", "declaration-complete", 2,
                                ["sender-domain=secure-action.example.com", "sender=not-allowed"]),
                     extra=[("X-SA-Triage-Verdict", "verified"),
                            ("X-SA-Triage-Star", "2"),
                            ("X-SA-Triage-Verdict", "verified")])

    # Malformed MIME: the closing boundary is missing.
    user, decl = "99999940004", "49999940004"
    subj = decl_subject("一つ星")
    orig = ipa_message(declaration("株式会社渡辺商店", "渡辺 七海", user, decl), subj)
    msg = multipart(applicant(ew_name_addr("渡辺 七海", "watanabe@watanabe-shoten.example.jp"),
                              ew_header("Fwd: " + subj), "Mon, 18 Mar 2024 09:30:00 +0900",
                              "h4@watanabe-shoten.example.jp"),
                    "mixed", "h4-unclosed", [text_part("添付します。\n"), rfc822_part(orig)],
                    close=False)
    add("hostile-malformed-mime-no-closing-boundary-consistent", msg, "lf",
        **decl_expect("attachment", 1, user, decl, "株式会社渡辺商店"))

    # Truncated base64: the original's body stops after the 自己宣言ID note, mid-quantum.
    user, decl = "99999940005", "49999940005"
    subj = decl_subject("一つ星", ":")
    body = declaration("小林運輸株式会社", "小林 九郎", user, decl).encode("utf-8")
    keep = body.index("ロゴマークをご使用".encode("utf-8")) // 3 * 4 + 2
    b64 = base64.b64encode(body).decode()[:keep]
    b64 = "\n".join(b64[i:i + 76] for i in range(0, len(b64), 76)) + "\n"
    orig = headers_bytes([("Date", "Mon, 04 Mar 2024 10:12:33 +0900"),
                          ("From", ew_name_addr(IPA_NAME, IPA_ADDR)),
                          ("To", "kobayashi@kobayashi-unyu.example.jp"),
                          ("Subject", ew_header(subj)),
                          ("Message-ID", "<trunc5@sa.ipa.go.jp>"),
                          ("MIME-Version", "1.0"),
                          ("Content-Type", 'text/plain; charset="utf-8"'),
                          ("Content-Transfer-Encoding", "base64")]) + b"\n" + b64.encode()
    forward_attached(orig, subj, "小林 九郎", "kobayashi@kobayashi-unyu.example.jp",
                     "Mon, 18 Mar 2024 09:40:00 +0900", "h5@kobayashi-unyu.example.jp", "h5-b",
                     "crlf", "hostile-truncated-base64-suspicious",
                     suspicious("attachment", "declaration-complete", 1,
                                ["sender=allowed", "subject=declaration-complete",
                                 "signature=missing"], original_subject=subj))

    # Unknown charset label on the cover note; the attached original is fine.
    user, decl = "99999940006", "49999940006"
    subj = decl_subject("二つ星")
    orig = ipa_message(declaration("株式会社サンプル精機", "井上 一", user, decl), subj, "utf-8",
                       "quoted-printable", subj_charset="UTF-8")
    cover = part('text/plain; charset="x-sjis-custom"',
                 encode_text("ご担当者様\n\n添付いたします。\n井上\n", "shift_jis"), "8bit")
    msg = multipart(applicant(ew_name_addr("井上 一", "inoue@sample-seiki.example.jp"),
                              ew_header("Fwd: " + subj), "Mon, 18 Mar 2024 09:50:00 +0900",
                              "h6@sample-seiki.example.jp"),
                    "mixed", "h6-b", [cover, rfc822_part(orig)])
    add("hostile-unknown-charset-cover-consistent", msg, "lf",
        **decl_expect("attachment", 2, user, decl, "株式会社サンプル精機"))

    # Empty body.
    msg = headers_bytes(applicant(YAMADA, ew_header("自己宣言の件"), "Mon, 18 Mar 2024 10:00:00 +0900",
                                  "h7@sample-shoji.example.jp") +
                        [("MIME-Version", "1.0"),
                         ("Content-Type", 'text/plain; charset="utf-8"')]) + b"\n"
    add("hostile-empty-body-none", msg, "crlf", verdict="none", forward="none", notice="",
        reasons=["no-notice"])


def indent4(text):
    """Outlook's "reply style" plain text: the quoted original indented by four spaces."""
    return "".join(("    " + line if line else "") + "\n" for line in text.split("\n")[:-1])


def build_layout_samples():
    """Forward and reply layouts beyond separator + header block (docs/forward-layouts.md)."""
    # A Gmail (ja) reply to the notice: no subject in the quote, so the Re: subject gives it.
    user, decl = "99999950001", "49999950001"
    subj = decl_subject("一つ星", ":")
    text = ("ご担当者様\n\nIPAから届いたメールに返信する形でお送りします。\n\n"
            "2024年3月4日(月) 10:12 %s <%s>:\n\n" % (IPA_NAME, IPA_ADDR)
            + quote(declaration("株式会社サンプル商事", "山田 太郎", user, decl)))
    msg = text_message(applicant(YAMADA, ew_header("Re: " + subj),
                                 "Mon, 18 Mar 2024 11:00:00 +0900", "l1@sample-shoji.example.jp"),
                       text, "utf-8", "quoted-printable")
    add("inline-reply-gmail-ja-quoted-notice-consistent", msg, "lf",
        **decl_expect("inline", 1, user, decl, "株式会社サンプル商事", subj))

    # Outlook desktop (de) in reply style: an attribution line, the body indented.
    user, decl = "99999950002", "49999950002"
    subj = decl_subject("二つ星", ":")
    text = ("Sehr geehrte Damen und Herren,\n\nanbei die Bestätigung.\n\n"
            'Am 04.03.2024, 10:12 schrieb "%s" <%s>:\n\n' % (IPA_NAME, IPA_ADDR)
            + indent4(declaration("見本工業株式会社", "佐藤 次郎", user, decl)))
    msg = text_message(applicant(ew_name_addr("佐藤 次郎", "sato@mihon-kogyo.example.jp"),
                                 ew_header("AW: " + subj), "Mon, 18 Mar 2024 11:10:00 +0900",
                                 "l2@mihon-kogyo.example.jp"), text, "utf-8", "8bit")
    add("inline-reply-outlook-de-indented-consistent", msg, "crlf",
        **decl_expect("inline", 2, user, decl, "見本工業株式会社", subj))

    # Yahoo Mail (en): the whole pasted header on the separator line.
    user, decl = "99999950003", "49999950003"
    subj = decl_subject("一つ星", ":")
    text = ("Please find it below.\n\n   ----- Forwarded Message ----- From: %s <%s>To: "
            '"nakamura@sample-design.example.com" <nakamura@sample-design.example.com>Sent: '
            "Monday, March 4, 2024, 10:12:33 AM GMT+9Subject: %s\n" % (IPA_NAME, IPA_ADDR, subj)
            + declaration("サンプルデザイン合同会社", "中村 八重", user, decl))
    msg = text_message(applicant(ew_name_addr("Nakamura", "nakamura@sample-design.example.com"),
                                 ew_header("Fwd: " + subj), "Mon, 18 Mar 2024 11:20:00 +0900",
                                 "l3@sample-design.example.com"), text, "utf-8", "base64")
    add("inline-yahoo-one-line-header-en-consistent", msg, "crlf",
        **decl_expect("inline", 1, user, decl, "サンプルデザイン合同会社", subj))

    # Missive: an unquoted header block over a '> ' quoted body; the company has no '> '.
    user, decl = "99999950004", "49999950004"
    subj = decl_subject("一つ星", ":")
    text = ("FYI\n\n---------- Forwarded message ----------\nFrom: %s <%s<mailto:%s>>\n"
            "Date: March 4, 2024 at 10:12 AM\nTo: kato@kato-seisakusho.example.jp\nSubject: %s\n\n"
            % (IPA_NAME, IPA_ADDR, IPA_ADDR, subj)
            + quote(declaration("株式会社加藤製作所", "加藤 五郎", user, decl)))
    msg = text_message(applicant(ew_name_addr("加藤 五郎", "kato@kato-seisakusho.example.jp"),
                                 ew_header("Fwd: " + subj), "Mon, 18 Mar 2024 11:30:00 +0900",
                                 "l4@kato-seisakusho.example.jp"), text, "utf-8", "8bit")
    add("inline-missive-quoted-body-consistent", msg, "lf",
        **decl_expect("inline", 1, user, decl, "株式会社加藤製作所", subj))

    # An applicant's question about the notice: a reply subject, no notice in the body.
    text = ("補助金ご担当者様\n\n株式会社サンプル商事の山田です。\n"
            "自己宣言完了のお知らせが届きましたが、申請書のどの欄に自己宣言IDを書けばよいでしょうか。\n\n"
            "よろしくお願いいたします。\n")
    msg = text_message(applicant(YAMADA, ew_header("Re: " + decl_subject("一つ星", ":") + " について"),
                                 "Mon, 18 Mar 2024 11:40:00 +0900", "l5@sample-shoji.example.jp"),
                       text, "iso-2022-jp", "7bit")
    add("none-applicant-question-reply-subject", msg, "lf", verdict="none", forward="none",
        notice="", reasons=["no-notice"])

    # A 自己宣言ID with a letter O: reported whole (never cut to 407329), id-format=bad.
    user, decl = "99999950006", "407329O2623"
    subj = decl_subject("一つ星")
    text = ("ご担当者様\n\n転送します。\n\n" + fwd_gmail_ja(subj)
            + declaration("株式会社サンプル物流", "松本 三郎", user, decl))
    msg = text_message(applicant(ew_name_addr("松本 三郎", "matsumoto@sample-butsuryu.example.jp"),
                                 ew_header("Fwd: " + subj), "Mon, 18 Mar 2024 11:50:00 +0900",
                                 "l6@sample-butsuryu.example.jp"), text, "utf-8", "8bit")
    add("suspicious-declaration-id-letter-o-inline-gmail", msg, "crlf",
        **suspicious("inline", "declaration-complete", 1,
                     ["sender=allowed", "subject=declaration-complete", "id-format=bad"],
                     declaration_id=decl))


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    build_attachment_samples()
    build_inline_samples()
    build_large_samples()
    build_direct_samples()
    build_suspicious_samples()
    build_none_samples()
    build_hostile_samples()
    build_layout_samples()
    names = [s[0] for s in SAMPLES]
    assert len(names) == len(set(names)), "duplicate sample name"
    for name, data, expected in SAMPLES:
        with open(os.path.join(out, name + ".eml"), "wb") as f:
            f.write(data)
        with open(os.path.join(out, name + ".expected"), "w", encoding="utf-8") as f:
            f.write(expected)
    print("wrote %d samples to %s" % (len(SAMPLES), out))


if __name__ == "__main__":
    main()
