#!/usr/bin/python3
"""make_printouts.py - builds the printout fixtures: real PDFs with Japanese text (reportlab's
built-in CID fonts HeiseiKakuGo-W5 / HeiseiMin-W3, not embedded, so poppler needs
poppler-data's CMaps to read them), real screenshots rendered from them by pdftoppm (-r 150,
the glyphs from fonts-ipafont-gothic through fontconfig), and hostile files: an encrypted
PDF, a truncated PDF, a 5,000-page PDF, a PDF with a 100 MB FlateDecode stream (a zip bomb
of 100 KB), a PNG whose header declares 100,000 x 100,000 pixels, and a PDF whose text is
split across a chain of three FlateDecode filters.

The pages imitate the SECURITY ACTION 自己宣言者サイト top page as the seed describes it
(事業者名, 取組み段階 一つ星/二つ星, 受付状況 宣言済) and IPA's manual names its parts (the menu
with ロゴマークダウンロード); the real page's layout is not reproduced.

Usage: make_printouts.py OUTPUT_DIR [--samples SAMPLES_DIR]
  OUTPUT_DIR gets the fixtures (*.pdf, *.png, *.jpg); with --samples, the printout samples
  (*.eml and *.expected) are written there too. Deterministic: the same bytes every run
  (reportlab's invariant mode), except what pdftoppm renders.
Needs python3-reportlab and poppler-utils (pdftoppm).
"""

import base64
import os
import struct
import subprocess
import sys
import zlib

from reportlab import rl_config

rl_config.invariant = 1

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # noqa: E402
from reportlab.pdfbase.ttfonts import TTFont  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

GOTHIC = "HeiseiKakuGo-W5"
MINCHO = "HeiseiMin-W3"
pdfmetrics.registerFont(UnicodeCIDFont(GOTHIC))
pdfmetrics.registerFont(UnicodeCIDFont(MINCHO))
# The screen's font for screenshots: embedded, so that pdftoppm draws its own glyphs.
SCREEN = "IPAGothic"
pdfmetrics.registerFont(TTFont(SCREEN, "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf"))

COMPANY_2 = "株式会社サンプル商事"
COMPANY_1 = "有限会社見本ソフト"
ID_2 = "49999950001"
ID_1 = "47777705678"


def top_page(path, company, stage, status="宣言済", declaration_id=None, encrypt=None,
             screen=False):
    """The declarer site's top page as a browser prints it. stage None: no 取組み段階 line;
    screen: drawn in the IPA font, as the page looks on screen (for the screenshots)."""
    c = canvas.Canvas(path, pagesize=A4, encrypt=encrypt)
    w, h = A4
    font = SCREEN if screen else GOTHIC
    c.setFont(font, 18)
    c.drawString(40, h - 50, "SECURITY ACTION 自己宣言者サイト")
    c.setFont(font, 10)
    c.drawString(40, h - 70, "独立行政法人情報処理推進機構 (IPA)")
    y = h - 110
    c.setFont(font, 12)
    for label, value in (("事業者名", company), ("取組み段階", stage), ("受付状況", status),
                         ("自己宣言ID", declaration_id)):
        if value is None:
            continue
        c.drawString(60, y, label)
        c.drawString(180, y, value)
        y -= 24
    c.setFont(SCREEN if screen else MINCHO, 11)
    y -= 20
    for item in ("TOP", "登録情報変更", "ロゴマークダウンロード", "取組み段階の変更", "ログアウト"):
        c.drawString(60, y, "・" + item)
        y -= 18
    c.showPage()
    c.save()


def invoice(path):
    """A PDF that is not a printout: an applicant's own quotation."""
    c = canvas.Canvas(path, pagesize=A4)
    c.setFont(GOTHIC, 16)
    c.drawString(40, 780, "御見積書")
    c.setFont(MINCHO, 11)
    c.drawString(40, 750, "株式会社サンプル商事 御中")
    c.drawString(40, 730, "件名: セキュリティ対策機器の導入 一式  金額: 1,100,000円 (税込)")
    c.showPage()
    c.save()


def many_pages(path, pages):
    c = canvas.Canvas(path, pagesize=A4)
    for i in range(pages):
        c.setFont(GOTHIC, 10)
        c.drawString(40, 800, "資料 %d ページ" % (i + 1))
        c.showPage()
    c.save()


def raw_pdf(content, filters=1, extra_stream=None):
    """A one-page PDF written by hand whose content stream is `content` compressed `filters`
    times with FlateDecode; `extra_stream` (bytes, already compressed) is one more object."""
    data = content
    for _ in range(filters):
        data = zlib.compress(data, 9)
    names = " ".join(["/FlateDecode"] * filters)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter [%s] >>\nstream\n" % (len(data), names.encode()) + data +
        b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    if extra_stream is not None:
        objects.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(extra_stream) +
                       extra_stream + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % (i + 1) + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def bomb_png():
    """A valid PNG signature and IHDR declaring 100000 x 100000 RGB, then a small IDAT."""
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    ihdr = struct.pack(">IIBBBBB", 100000, 100000, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\0" * (1 << 20), 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def render(pdf, stem, fmt):
    """pdftoppm's rendering of page 1: what a screenshot of the page holds."""
    subprocess.run(["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-singlefile",
                    "-" + fmt, pdf, stem], check=True)


def applicant_mail(filename, mime_type, payload, message_id):
    b64 = base64.encodebytes(payload).decode("ascii").replace("\n", "\r\n")
    subject = "=?UTF-8?B?" + base64.b64encode(
        "交付申請: 自己宣言者サイトの印刷".encode()).decode() + "?="
    text = base64.encodebytes(
        "補助金ご担当者様\n\n自己宣言のメールを紛失したため、自己宣言者サイトの"
        "トップページを印刷して添付します。\n\n株式会社サンプル商事 山田\n".encode()).decode()
    return ("From: yamada@sample-shoji.example.jp\r\n"
            "To: hojokin@grant.example.lg.jp\r\n"
            "Subject: " + subject + "\r\n"
            "Date: Tue, 01 Dec 2026 10:00:00 +0900\r\n"
            "Message-ID: <" + message_id + "@sample-shoji.example.jp>\r\n"
            "MIME-Version: 1.0\r\n"
            "Content-Type: multipart/mixed; boundary=\"printout-b1\"\r\n\r\n"
            "--printout-b1\r\nContent-Type: text/plain; charset=utf-8\r\n"
            "Content-Transfer-Encoding: base64\r\n\r\n" + text.replace("\n", "\r\n") +
            "--printout-b1\r\nContent-Type: " + mime_type + "; name=\"" + filename + "\"\r\n"
            "Content-Transfer-Encoding: base64\r\n"
            "Content-Disposition: attachment; filename=\"" + filename + "\"\r\n\r\n" +
            b64 + "--printout-b1--\r\n").encode("ascii")


SAMPLES = {
    # name: (fixture, mime type, expected lines)
    "attachment-printout-pdf-declarer-site-2star-consistent": (
        "top-2star.pdf", "application/pdf", [
            "verdict: consistent", "forward: printout", "notice: declarer-site-top",
            "star: 2", "declaration_id: " + ID_2, "company: " + COMPANY_2,
            "reasons: forward=printout printout-source=pdf printout-template=declarer-site-top "
            "id-format=ok printout=unverifiable"]),
    "hostile-printout-pdf-no-stage-suspicious": (
        "top-no-stage.pdf", "application/pdf", [
            "verdict: suspicious", "forward: printout", "notice: declarer-site-top",
            "star: 0", "company: " + COMPANY_1,
            "reasons: forward=printout printout-missing=star printout=unverifiable"]),
}


def main():
    args = sys.argv[1:]
    if not args:
        print(__doc__)
        return 2
    out = args[0]
    samples = args[args.index("--samples") + 1] if "--samples" in args else None
    os.makedirs(out, exist_ok=True)
    p = lambda name: os.path.join(out, name)  # noqa: E731
    top_page(p("top-2star.pdf"), COMPANY_2, "二つ星", declaration_id=ID_2)
    top_page(p("top-1star.pdf"), COMPANY_1, "★ 一つ星")
    top_page(p("top-no-stage.pdf"), COMPANY_1, None)
    top_page(p("top-applying.pdf"), COMPANY_1, "一つ星", status="受付中")
    top_page(p("encrypted.pdf"), COMPANY_2, "二つ星", encrypt="secret")
    invoice(p("not-a-printout.pdf"))
    with open(p("top-2star.pdf"), "rb") as f:
        whole = f.read()
    with open(p("truncated.pdf"), "wb") as f:
        f.write(whole[: len(whole) // 2])
    many_pages(p("pages-5000.pdf"), 5000)
    text = (b"BT /F1 12 Tf 40 800 Td (SECURITY ACTION) Tj ET\n" + b" " * (100 << 20))
    with open(p("flate-bomb.pdf"), "wb") as f:
        f.write(raw_pdf(text))
    with open(p("flate-chain.pdf"), "wb") as f:
        f.write(raw_pdf(b"BT /F1 12 Tf 40 800 Td (chained filters) Tj ET\n", filters=3))
    with open(p("bomb.png"), "wb") as f:
        f.write(bomb_png())
    top_page(p("screen-2star.pdf"), COMPANY_2, "二つ星", declaration_id=ID_2, screen=True)
    top_page(p("screen-1star.pdf"), COMPANY_1, "★ 一つ星", screen=True)
    top_page(p("screen-no-stage.pdf"), COMPANY_1, None, screen=True)
    render(p("screen-2star.pdf"), p("screenshot-2star"), "png")
    render(p("screen-1star.pdf"), p("photo-1star"), "jpeg")
    render(p("screen-no-stage.pdf"), p("screenshot-no-stage"), "png")
    if samples:
        for name, (fixture, mime_type, lines) in SAMPLES.items():
            with open(p(fixture), "rb") as f:
                payload = f.read()
            with open(os.path.join(samples, name + ".eml"), "wb") as f:
                f.write(applicant_mail(fixture, mime_type, payload, name))
            with open(os.path.join(samples, name + ".expected"), "w", encoding="utf-8") as f:
                f.write("# Written by tests/printout/make_printouts.py; expected values by hand\n"
                        "# from the printout contract (docs/printouts.md).\n")
                f.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
