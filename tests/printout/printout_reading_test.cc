// printout_reading_test.cc - the printout readers and the engine on the fixtures that
// make_printouts.py builds at build time (real PDFs with Japanese text, screenshots rendered
// by pdftoppm, hostile files): verdicts, fields, reasons, and bounded time with no crash.
// Time bounds are generous (the machine is shared); the measured times are printed.
#include <glib.h>
#include <zlib.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>

#include "core/config.h"
#include "core/engine.h"
#include "printout/image_ocr.h"
#include "printout/pdf_stream_guard.h"
#include "printout/pdf_text.h"

namespace {

using Clock = std::chrono::steady_clock;

std::string fixture(const std::string& name) {
  const std::string path = std::string(SA_PRINTOUT_FIXTURES) + "/" + name;
  std::ifstream in(path, std::ios::binary);
  INFO(path);
  REQUIRE(in);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// An applicant's message with `bytes` attached as `filename` of type `mime_type`; `text` is
// the cover note.
std::string mail_with(const std::string& filename, const std::string& mime_type,
                      const std::string& bytes, const std::string& text = "See attached.") {
  gchar* b64 = g_base64_encode(reinterpret_cast<const guchar*>(bytes.data()), bytes.size());
  std::string body;
  for (std::string_view rest = b64; !rest.empty();
       rest.remove_prefix(std::min<std::size_t>(76, rest.size()))) {
    body += std::string(rest.substr(0, 76)) + "\r\n";
  }
  g_free(b64);
  return "From: yamada@sample-shoji.example.jp\r\nTo: hojokin@grant.example.lg.jp\r\n"
         "Subject: printout\r\nDate: Tue, 01 Dec 2026 10:00:00 +0900\r\n"
         "Message-ID: <p@sample-shoji.example.jp>\r\nMIME-Version: 1.0\r\n"
         "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
         "--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" +
         text + "\r\n--b\r\nContent-Type: " + mime_type + "; name=\"" + filename +
         "\"\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=\"" +
         filename + "\"\r\n\r\n" + body + "--b--\r\n";
}

std::shared_ptr<const sa::Config> shipped() {
  static const auto config = sa::load_config(SA_CONFIG_FILE);
  return config;
}

// The shipped config with its `printouts:` section replaced whole, and milter.timeout_ms.
std::shared_ptr<const sa::Config> shipped_with(const std::string& printouts,
                                               unsigned timeout_ms = 10000) {
  std::ifstream in(SA_CONFIG_FILE);
  std::ostringstream text;
  text << in.rdbuf();
  std::string yaml = text.str();
  const auto at = yaml.find("\nprintouts:");
  REQUIRE(at != std::string::npos);
  const auto end = yaml.find("\n\n", at + 1);
  yaml.replace(at + 1, end - at - 1, printouts);
  const auto timeout = yaml.find("  timeout_ms: 10000");
  REQUIRE(timeout != std::string::npos);
  yaml.replace(timeout, 19, "  timeout_ms: " + std::to_string(timeout_ms));
  return sa::load_config_text(yaml, "test.yaml");
}

bool has(const sa::Evidence& ev, const std::string& reason) {
  return std::find(ev.reasons.begin(), ev.reasons.end(), reason) != ev.reasons.end();
}

std::string reasons(const sa::Evidence& ev) {
  std::string out;
  for (const auto& r : ev.reasons) out += r + " ";
  return out;
}

sa::PrintoutClock::time_point in_seconds(int s) {
  return sa::PrintoutClock::now() + std::chrono::seconds(s);
}

}  // namespace

TEST_CASE("PDF text with Japanese (poppler with poppler-data)", "[printout][pdf]") {
  const sa::PrintoutReading r = sa::read_pdf_text(fixture("top-2star.pdf"), {}, in_seconds(30));
  std::cout << "PDF read (top-2star.pdf): " << r.millis << " ms\n";
  CHECK(r.problems.empty());
  CHECK(r.pages == 1);
  CHECK(r.text.find("事業者名") != std::string::npos);
  CHECK(r.text.find("株式会社サンプル商事") != std::string::npos);
  CHECK(r.text.find("二つ星") != std::string::npos);
}

TEST_CASE("hostile PDFs are refused with a reason, in bounded time", "[printout][pdf]") {
  const auto read = [](const std::string& name) {
    const auto start = Clock::now();
    sa::PrintoutReading r = sa::read_pdf_text(fixture(name), {}, in_seconds(30));
    const double s = seconds_since(start);
    std::cout << name << ": " << s * 1000 << " ms\n";
    CHECK(s < 10.0);
    return r;
  };
  CHECK(read("encrypted.pdf").problems == std::vector<std::string>{"printout=pdf-encrypted"});
  CHECK(read("truncated.pdf").problems == std::vector<std::string>{"printout=pdf-unreadable"});
  CHECK(read("flate-bomb.pdf").problems ==
        std::vector<std::string>{"printout=pdf-inflated-too-large"});
  // 5,000 pages draw more text than any printout of a web page: refused before poppler.
  CHECK(read("pages-5000.pdf").problems == std::vector<std::string>{"printout=pdf-too-complex"});
  // Six short pages: the first four are read.
  std::string six =
      "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
      "2 0 obj << /Type /Pages /Count 6 /Kids [";
  for (int i = 0; i < 6; ++i) six += std::to_string(10 + i) + " 0 R ";
  six += "] >> endobj\n";
  for (int i = 0; i < 6; ++i) {
    const std::string content = "BT /F1 12 Tf 72 700 Td (page " + std::to_string(i + 1) + ") Tj ET";
    six += std::to_string(10 + i) +
           " 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents " +
           std::to_string(20 + i) +
           " 0 R /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont "
           "/Helvetica >> >> >> >> endobj\n" +
           std::to_string(20 + i) + " 0 obj << /Length " + std::to_string(content.size()) +
           " >>\nstream\n" + content + "\nendstream endobj\n";
  }
  six += "trailer << /Root 1 0 R >>\n%%EOF\n";
  const sa::PrintoutReading many = sa::read_pdf_text(six, {}, in_seconds(30));
  CHECK(many.pages == 4);
  CHECK(many.problems == std::vector<std::string>{"printout=pages-limit"});
  CHECK(many.text.find("page 4") != std::string::npos);
  CHECK(many.text.find("page 5") == std::string::npos);
  // Three FlateDecode layers are inflated (and counted) like one.
  const sa::PrintoutReading chain = read("flate-chain.pdf");
  CHECK(chain.problems.empty());
  CHECK(chain.text.find("chained filters") != std::string::npos);
  sa::PrintoutLimits tight;
  tight.max_pdf_bytes = 1024;
  CHECK(sa::read_pdf_text(fixture("top-2star.pdf"), tight, in_seconds(30)).problems ==
        std::vector<std::string>{"printout=pdf-too-large"});
  CHECK(sa::read_pdf_text("not a pdf at all", {}, in_seconds(30)).problems ==
        std::vector<std::string>{"printout=pdf-unreadable"});
  // A deadline already past: no page is read.
  CHECK(sa::read_pdf_text(fixture("top-2star.pdf"), {}, sa::PrintoutClock::now()).problems ==
        std::vector<std::string>{"printout=timeout"});
}

TEST_CASE("the stream guard measures nested Flate and refuses unmeasured filters",
          "[printout][pdf]") {
  CHECK(sa::pdf_stream_problem(fixture("flate-chain.pdf"), 1 << 20).empty());
  // The innermost text is 47 bytes: a budget below it refuses the chain.
  CHECK(sa::pdf_stream_problem(fixture("flate-chain.pdf"), 20) ==
        "printout=pdf-inflated-too-large");
  CHECK(sa::pdf_stream_problem("<< /Filter /LZWDecode >>", 1 << 20) ==
        "printout=pdf-filter-refused");
  CHECK(sa::pdf_stream_problem("<< /Filter /LZW#44ecode >>", 1 << 20) ==
        "printout=pdf-filter-refused");
  CHECK(sa::pdf_stream_problem("BI /W 10 /H 10 /F /RL ID", 1 << 20) ==
        "printout=pdf-filter-refused");
  CHECK(sa::pdf_stream_problem("<< /Filter [/FlateDecode /RunLengthDecode] >>", 1 << 20) ==
        "printout=pdf-filter-refused");
  CHECK(sa::pdf_stream_problem("<< /Filter /FlateDecode /Name /LZWish >>", 1 << 20).empty());
  // The names alone, not as a filter (binary data may hold "/RL" by chance): not refused.
  CHECK(sa::pdf_stream_problem("\x01\x02/RL\x03 /LZW ] /Fl\x00", 1 << 20).empty());
  CHECK(sa::pdf_stream_problem("<< /Filter /FlateDecode /Type /RL >>", 1 << 20).empty());
  // A Flate stream behind or inside an ASCII filter is not seen by the guard (the red-team's
  // 5.6 KB bomb: [/FlateDecode /ASCIIHexDecode /FlateDecode] inflated 512 MiB in poppler).
  CHECK(sa::pdf_stream_problem("<< /Filter [/FlateDecode /ASCIIHexDecode /FlateDecode] >>",
                               1 << 20) == "printout=pdf-filter-refused");
  // [/ASCII85Decode /FlateDecode] (ReportLab's streams) and [/ASCIIHexDecode /FlateDecode]
  // are decoded from their text and measured like any Flate stream.
  CHECK(sa::pdf_stream_problem(fixture("top-2star.pdf"), 1 << 20).empty());
  CHECK(sa::pdf_stream_problem(fixture("top-2star.pdf"), 20) == "printout=pdf-inflated-too-large");
  std::string page(2 << 20, ' ');
  uLongf packed_size = compressBound(page.size());
  std::string packed(packed_size, '\0');
  REQUIRE(compress(reinterpret_cast<Bytef*>(packed.data()), &packed_size,
                   reinterpret_cast<const Bytef*>(page.data()), page.size()) == Z_OK);
  packed.resize(packed_size);
  std::string hex;
  for (unsigned char c : packed) {
    hex += "0123456789abcdef"[c >> 4];
    hex += "0123456789abcdef"[c & 15];
  }
  const std::string bomb = "1 0 obj << /Filter [/ASCIIHexDecode /FlateDecode] >>\nstream\n" + hex +
                           ">\nendstream\nendobj\n";
  CHECK(sa::pdf_stream_problem(bomb, 1 << 20) == "printout=pdf-inflated-too-large");
  CHECK(sa::pdf_stream_problem(bomb, 4 << 20).empty());
  CHECK(sa::pdf_stream_problem("BI /W 9 /H 9 /F [/AHx /DCT] ID", 1 << 20).empty());
  CHECK(
      sa::pdf_stream_problem("<< /Filter /ASCIIHexDecode >> << /Filter [/FlateDecode] >>", 1 << 20)
          .empty());
}

TEST_CASE("OCR of screenshots and photos (Tesseract, jpn)", "[printout][ocr]") {
  sa::PrintoutReading png =
      sa::read_image_text(fixture("screenshot-2star.png"), {}, in_seconds(60));
  const double init = sa::ocr_init_millis();
  std::cout << "Tesseract init: " << init << " ms; OCR screenshot-2star.png: " << png.millis
            << " ms\n";
  CHECK(init > 0);
  CHECK(png.problems.empty());
  CHECK(png.text.find("株式会社サンプル商事") != std::string::npos);
  // The same thread keeps its Tesseract: no second initialisation.
  const sa::PrintoutReading jpg =
      sa::read_image_text(fixture("photo-1star.jpg"), {}, in_seconds(60));
  std::cout << "OCR photo-1star.jpg (initialised): " << jpg.millis << " ms\n";
  CHECK(sa::ocr_init_millis() == init);
  CHECK(jpg.text.find("有限会社見本ソフト") != std::string::npos);
  // Another thread gets its own.
  double other = 0;
  std::thread([&] {
    sa::read_image_text(fixture("bomb.png"), {}, in_seconds(60));
    other = sa::ocr_init_millis();
  }).join();
  CHECK(other > 0);
}

TEST_CASE("hostile images: a bomb header, junk, a budget already spent", "[printout][ocr]") {
  const auto start = Clock::now();
  CHECK(sa::read_image_text(fixture("bomb.png"), {}, in_seconds(60)).problems ==
        std::vector<std::string>{"printout=image-too-large"});
  CHECK(seconds_since(start) < 5.0);  // the header is read, the pixels never decoded
  CHECK(sa::read_image_text("\x89PNG\r\n\x1a\njunk", {}, in_seconds(60)).problems ==
        std::vector<std::string>{"printout=image-unreadable"});
  const std::string png = fixture("screenshot-2star.png");
  CHECK(
      sa::read_image_text(png.substr(0, png.size() / 3), {}, in_seconds(60)).text.find("宣言済") ==
      std::string::npos);
  const auto late = Clock::now();
  CHECK(sa::read_image_text(png, {}, sa::PrintoutClock::now() + std::chrono::milliseconds(100))
            .problems == std::vector<std::string>{"printout=timeout"});
  CHECK(seconds_since(late) < 5.0);
}

TEST_CASE("a printed top page is a printout: consistent at most", "[printout][engine]") {
  const sa::Engine engine(shipped());
  const sa::Evidence two =
      engine.examine(mail_with("top.pdf", "application/pdf", fixture("top-2star.pdf")));
  INFO(reasons(two));
  CHECK(two.verdict == sa::Verdict::Consistent);
  CHECK(two.forward == sa::ForwardStyle::Printout);
  CHECK(two.notice == "declarer-site-top");
  CHECK(two.star == 2);
  CHECK(two.company == "株式会社サンプル商事");
  CHECK(two.printout_status == "宣言済");
  CHECK(two.declaration_id == "49999950001");
  CHECK(has(two, "printout=unverifiable"));
  CHECK(has(two, "printout-source=pdf"));
  CHECK(has(two, "id-format=ok"));
  // By file name alone (Outlook on the web sends application/octet-stream).
  const sa::Evidence one =
      engine.examine(mail_with("SA.PDF", "application/octet-stream", fixture("top-1star.pdf")));
  CHECK(one.verdict == sa::Verdict::Consistent);
  CHECK(one.star == 1);
  CHECK(one.company == "有限会社見本ソフト");
  CHECK(one.declaration_id.empty());
}

TEST_CASE("a top page printed by a browser (Chromium) is a printout", "[printout][engine]") {
  std::ifstream in(SA_PRINTOUT_SOURCE "/browser-top-2star.pdf", std::ios::binary);
  REQUIRE(in);
  std::ostringstream pdf;
  pdf << in.rdbuf();
  const sa::Evidence ev =
      sa::Engine(shipped()).examine(mail_with("top.pdf", "application/pdf", pdf.str()));
  INFO(reasons(ev));
  CHECK(ev.verdict == sa::Verdict::Consistent);
  CHECK(ev.forward == sa::ForwardStyle::Printout);
  CHECK(ev.star == 2);
  CHECK(ev.company == "株式会社サンプル商事");
  CHECK(ev.printout_status == "宣言済");
}

TEST_CASE("a page that claims to be a printout but lacks a field is suspicious",
          "[printout][engine]") {
  const sa::Engine engine(shipped());
  const sa::Evidence ev =
      engine.examine(mail_with("top.pdf", "application/pdf", fixture("top-no-stage.pdf")));
  INFO(reasons(ev));
  CHECK(ev.verdict == sa::Verdict::Suspicious);
  CHECK(ev.forward == sa::ForwardStyle::Printout);
  CHECK(has(ev, "printout-missing=star"));
  CHECK(has(ev, "printout=unverifiable"));
  const sa::Evidence applying =
      engine.examine(mail_with("top.pdf", "application/pdf", fixture("top-applying.pdf")));
  CHECK(applying.verdict == sa::Verdict::Suspicious);
  CHECK(has(applying, "printout-status=not-declared"));
  CHECK(applying.printout_status == "受付中");
}

TEST_CASE("other PDFs and unreadable ones give none, with the reason", "[printout][engine]") {
  const sa::Engine engine(shipped());
  const sa::Evidence quote =
      engine.examine(mail_with("mitsumori.pdf", "application/pdf", fixture("not-a-printout.pdf")));
  CHECK(quote.verdict == sa::Verdict::None);
  CHECK(quote.reasons == std::vector<std::string>{"no-notice"});
  for (const auto& [name, reason] :
       {std::pair<std::string, std::string>{"encrypted.pdf", "printout=pdf-encrypted"},
        {"truncated.pdf", "printout=pdf-unreadable"},
        {"flate-bomb.pdf", "printout=pdf-inflated-too-large"}}) {
    INFO(name);
    const auto start = Clock::now();
    const sa::Evidence ev = engine.examine(mail_with(name, "application/pdf", fixture(name)));
    CHECK(seconds_since(start) < 10.0);
    CHECK(ev.verdict == sa::Verdict::None);
    CHECK(has(ev, reason));
  }
}

TEST_CASE("OCR is opt-in and bounded by the message's time budget", "[printout][engine][ocr]") {
  const std::string shot = mail_with("screen.png", "image/png", fixture("screenshot-2star.png"));
  CHECK(sa::Engine(shipped()).examine(shot).verdict == sa::Verdict::None);  // ocr: false
  // A generous budget: the machine is shared (about 2 s per page measured here).
  const sa::Engine ocr(shipped_with("printouts:\n  ocr: true\n  time_budget_ms: 30000\n", 60000));
  const sa::Evidence two = ocr.examine(shot);
  INFO(reasons(two));
  CHECK(two.verdict == sa::Verdict::Consistent);
  CHECK(two.forward == sa::ForwardStyle::Printout);
  CHECK(two.star == 2);
  CHECK(two.company == "株式会社サンプル商事");
  CHECK(two.declaration_id == "49999950001");
  CHECK(has(two, "printout-source=ocr"));
  const sa::Evidence one =
      ocr.examine(mail_with("photo.jpg", "image/jpeg", fixture("photo-1star.jpg")));
  INFO(reasons(one));
  CHECK(one.verdict == sa::Verdict::Consistent);
  CHECK(one.star == 1);
  const sa::Evidence no_stage =
      ocr.examine(mail_with("s.png", "image/png", fixture("screenshot-no-stage.png")));
  CHECK(no_stage.verdict == sa::Verdict::Suspicious);
  CHECK(has(no_stage, "printout-missing=star"));
  // A budget too short for OCR: the message is judged in time, and says why.
  const sa::Engine hurried(shipped_with("printouts:\n  ocr: true\n  time_budget_ms: 100\n"));
  const auto start = Clock::now();
  const sa::Evidence late = hurried.examine(shot);
  std::cout << "OCR with a 100 ms budget: " << seconds_since(start) * 1000 << " ms\n";
  CHECK(seconds_since(start) < 3.0);
  CHECK(late.verdict == sa::Verdict::None);
  CHECK(has(late, "printout=timeout"));
}

TEST_CASE("a consistent notice wins and its PDF is not read", "[printout][engine]") {
  const std::string forwarded =
      "Please find the notice below.\r\n\r\n"
      "---------- Forwarded message ---------\r\n"
      "From: SECURITY ACTION事務局 <security-action-info@ipa.go.jp>\r\n"
      "Date: 2026年11月10日(火) 10:12\r\n"
      "Subject: 【SECURITY ACTION】二つ星:自己宣言完了のお知らせ\r\n"
      "To: <yamada@sample-shoji.example.jp>\r\n\r\n"
      "株式会社サンプル商事\r\n山田 太郎様\r\n\r\n"
      "SECURITY ACTION 自己宣言の手続きが完了しました。\r\n"
      "利用者番号、自己宣言IDは下記のとおりです。\r\n\r\n"
      "利用者番号:99999950001\r\n自己宣言ID:49999950001\r\n\r\n"
      "独立行政法人情報処理推進機構 (IPA)\r\nセキュリティセンター\r\nSECURITY ACTION事務局\r\n";
  const sa::Evidence ev = sa::Engine(shipped()).examine(
      mail_with("top.pdf", "application/pdf", fixture("top-1star.pdf"), forwarded));
  INFO(reasons(ev));
  CHECK(ev.verdict == sa::Verdict::Consistent);
  CHECK(ev.forward == sa::ForwardStyle::Inline);
  CHECK(ev.company == "株式会社サンプル商事");
  CHECK_FALSE(has(ev, "printout-source=pdf"));
}

TEST_CASE("printout templates are data: errors name file, line and key", "[printout][config]") {
  const auto error_of = [](const std::string& printouts) {
    try {
      shipped_with(printouts);
    } catch (const sa::ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("(loaded)");
  };
  CHECK_THAT(error_of("printouts:\n  templates:\n    - name: x\n      markers: ['(']\n"),
             Catch::Contains("test.yaml:") &&
                 Catch::Contains("printouts.templates[0].markers[0]") &&
                 Catch::Contains("bad pattern"));
  CHECK_THAT(error_of("printouts:\n  templates:\n    - name: x\n      markers: [a]\n"),
             Catch::Contains("printouts.templates[0].required") &&
                 Catch::Contains("'company' is required but no field pattern reads it"));
  CHECK_THAT(error_of("printouts:\n  templates:\n    - name: x\n      markers: [a]\n      "
                      "required: []\n      fields: { company: 'no group' }\n"),
             Catch::Contains("printouts.templates[0].fields.company") &&
                 Catch::Contains("exactly 1 capture group"));
  CHECK_THAT(error_of("printouts:\n  templates:\n    - name: x\n      markers: [a]\n      "
                      "required: []\n      colour: red\n"),
             Catch::Contains("printouts.templates[0].colour: unknown key"));
  CHECK_THAT(error_of("printouts:\n  max_pages: 0\n"),
             Catch::Contains("printouts.max_pages: must be between 1 and 100"));
  // The budget never exceeds half of milter.timeout_ms.
  CHECK(shipped_with("printouts:\n  time_budget_ms: 300000\n")->printouts.time_budget_ms ==
        shipped()->timeout_ms / 2);
  // A template named like the built-in one replaces it; builtin: false leaves none.
  const auto replaced = shipped_with(
      "printouts:\n  templates:\n    - name: declarer-site-top\n      markers: ['御見積書']\n"
      "      required: []\n");
  REQUIRE(replaced->printouts.templates.size() == 1);
  const sa::Evidence quote = sa::Engine(replaced).examine(
      mail_with("q.pdf", "application/pdf", fixture("not-a-printout.pdf")));
  CHECK(quote.verdict == sa::Verdict::Consistent);
  CHECK(quote.forward == sa::ForwardStyle::Printout);
  CHECK(shipped_with("printouts:\n  builtin: false\n")->printouts.templates.empty());
  CHECK(sa::Engine(shipped_with("printouts:\n  builtin: false\n"))
            .examine(mail_with("top.pdf", "application/pdf", fixture("top-2star.pdf")))
            .verdict == sa::Verdict::None);
}
