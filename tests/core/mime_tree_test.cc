// mime_tree_test.cc - parse_message on the shapes forwarded notices arrive in: Japanese
// charsets, transfer encodings, HTML-only bodies, message/rfc822 and *.eml attachments,
// and hostile input (junk, deep nesting, truncated base64).
#include "core/mime_tree.h"

#include <gmime/gmime.h>
#include <iconv.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <string_view>

#include "core/charset.h"
#include "core/text_normalize.h"
#include "encoded_text.h"

using sa::test::base64;
using sa::test::encode;

namespace {

sa::MessageView parse(std::string_view raw, sa::ParseLimits limits = {}) {
  sa::mime_init();
  return sa::parse_message(raw, limits);
}

bool has_problem(const sa::MessageView& v, std::string_view p) {
  return std::find(v.problems.begin(), v.problems.end(), p) != v.problems.end();
}

const std::string kSubject = "【SECURITY ACTION】一つ星：自己宣言完了のお知らせ";
const std::string kBody =
    "SECURITY ACTION 自己宣言の手続きが完了しました。\n利用者番号:12345678901\n";

std::string message(std::string_view headers, std::string_view body) {
  return "From: IPA <security-action-info@ipa.go.jp>\r\nTo: office@example.jp\r\n" +
         std::string(headers) + "\r\n" + std::string(body);
}

}  // namespace

TEST_CASE("headers keep order, raw value unfolded, value decoded", "[mime]") {
  std::size_t cut = kSubject.find("一") + 1;  // inside a multibyte character
  std::string raw = message("Subject: =?UTF-8?B?" + base64(kSubject.substr(0, cut)) +
                                "?=\r\n =?UTF-8?B?" + base64(kSubject.substr(cut)) +
                                "?=\r\nX-Ctl: a\x01"
                                "b\r\nContent-Type: text/plain; charset=utf-8\r\n",
                            "body\r\n");
  auto v = parse(raw);
  REQUIRE(v.headers.size() == 5);
  CHECK(v.headers[0].name == "From");
  CHECK(v.headers[2].name == "Subject");
  CHECK(v.headers[4].name == "Content-Type");
  CHECK(v.header_value("subject") == kSubject);
  CHECK(v.header("SUBJECT")->raw_value.find("\r") == std::string::npos);
  CHECK(v.header("Subject")->raw_value.rfind("=?UTF-8?B?", 0) == 0);
  CHECK(v.header_value("X-Ctl") == "ab");
  CHECK(v.header("Missing") == nullptr);
  CHECK(v.header_value("Missing").empty());
  CHECK(v.text == "body\n");
  CHECK(v.raw == raw);
  CHECK(v.problems.empty());
}

TEST_CASE("ISO-2022-JP subject and body with NEC row 13", "[mime]") {
  std::string subject = encode("自己宣言完了", "ISO-2022-JP");
  std::string body = encode("株式会社", "ISO-2022-JP") + " \x1B$B\x2D\x6A\x2D\x21\x1B(B\r\n";
  auto v = parse(message("Subject: =?ISO-2022-JP?B?" + base64(subject) +
                             "?=\r\nContent-Type: text/plain; charset=ISO-2022-JP\r\n",
                         body));
  CHECK(v.header_value("Subject") == "自己宣言完了");
  CHECK(v.text == "株式会社 ㈱①\n");
}

TEST_CASE("Shift_JIS quoted-printable and EUC-JP base64 bodies", "[mime]") {
  std::string sjis = encode("利用者番号：４１２", "CP932");
  std::string qp;
  for (unsigned char c : sjis) {
    static const char* hex = "0123456789ABCDEF";
    qp += '=';
    qp += hex[c >> 4];
    qp += hex[c & 15];
  }
  auto v =
      parse(message("Content-Type: text/plain; charset=Shift_JIS\r\nContent-Transfer-Encoding: "
                    "quoted-printable\r\n",
                    qp + "\r\n"));
  CHECK(v.text == "利用者番号：４１２\n");

  auto e = parse(message(
      "Content-Type: text/plain; charset=\"euc-jp\"\r\nContent-Transfer-Encoding: base64\r\n",
      base64(encode(kBody, "EUC-JP")) + "\r\n"));
  CHECK(e.text == kBody);
  CHECK(e.problems.empty());
}

TEST_CASE("UTF-8 body mislabelled ISO-2022-JP, unknown charset recorded", "[mime]") {
  auto v = parse(message("Content-Type: text/plain; charset=iso-2022-jp\r\n", kBody));
  CHECK(v.text == kBody);
  auto u = parse(message("Content-Type: text/plain; charset=x-klingon\r\n", kBody));
  CHECK(u.text == kBody);
  CHECK(has_problem(u, "charset-unknown=x-klingon"));
}

TEST_CASE("multipart/alternative prefers plain; HTML-only bodies are flattened", "[mime]") {
  std::string alt =
      message("Content-Type: multipart/alternative; boundary=\"A\"\r\n",
              "--A\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nplain text\r\n"
              "--A\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>html text</p>\r\n--A--\r\n");
  CHECK(parse(alt).text == "plain text");  // the CRLF before a boundary is the boundary's

  std::string html_only = message(
      "Content-Type: multipart/alternative; boundary=\"A\"\r\n",
      "--A\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>利用者番号:1</p><p>自己宣言ID:4</p>"
      "\r\n--A--\r\n");
  CHECK(parse(html_only).text == "利用者番号:1\n自己宣言ID:4");

  std::string bare_html = message("Content-Type: text/html; charset=shift_jis\r\n",
                                  encode("<div>お知らせ</div><div>&amp;</div>", "CP932"));
  CHECK(parse(bare_html).text == "お知らせ\n&");
}

TEST_CASE("message/rfc822 attachments nest, raw is the original bytes", "[mime]") {
  std::string inner = "From: IPA <security-action-info@ipa.go.jp>\r\nSubject: =?UTF-8?B?" +
                      base64(kSubject) + "?=\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" +
                      kBody;
  std::string middle =
      "From: applicant@example.co.jp\r\nSubject: Fwd: notice\r\n"
      "Content-Type: multipart/mixed; boundary=\"M\"\r\n\r\n"
      "--M\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n"
      "--M\r\nContent-Type: message/rfc822\r\n\r\n" +
      inner + "\r\n--M--\r\n";
  std::string outer =
      message("Subject: Fwd: Fwd\r\nContent-Type: multipart/mixed; boundary=\"O\"\r\n",
              "--O\r\nContent-Type: text/plain\r\n\r\nouter text\r\n"
              "--O\r\nContent-Type: message/rfc822\r\n\r\n" +
                  middle + "\r\n--O--\r\n");
  auto v = parse(outer);
  CHECK(v.text == "outer text");
  REQUIRE(v.attached.size() == 1);
  const auto& m = v.attached[0];
  CHECK(m.header_value("Subject") == "Fwd: notice");
  CHECK(m.text == "see attached");
  CHECK(m.raw == middle);
  REQUIRE(m.attached.size() == 1);
  const auto& i = m.attached[0];
  CHECK(i.header_value("Subject") == kSubject);
  CHECK(i.text == kBody);
  CHECK(i.raw == inner);
}

TEST_CASE("an octet-stream part named *.eml is an embedded message", "[mime]") {
  std::string inner = "From: security-action-info@ipa.go.jp\r\nSubject: =?UTF-8?B?" +
                      base64(kSubject) + "?=\r\n\r\n" + kBody;
  std::string raw = message(
      "Subject: fw\r\nContent-Type: multipart/mixed; boundary=\"B\"\r\n",
      "--B\r\nContent-Type: text/plain\r\n\r\nbody\r\n"
      "--B\r\nContent-Type: application/octet-stream; name=\"notice.EML\"\r\n"
      "Content-Transfer-Encoding: base64\r\n\r\n" +
          base64(inner) +
          "\r\n--B\r\nContent-Type: application/octet-stream\r\n"
          "Content-Disposition: attachment; filename*=UTF-8''%E3%81%8A%E7%9F%A5.eml\r\n\r\n" +
          inner +
          "\r\n--B\r\nContent-Type: application/octet-stream; name=\"junk.eml\"\r\n\r\n"
          "just some bytes without headers\r\n--B--\r\n");
  auto v = parse(raw);
  REQUIRE(v.attached.size() == 2);
  CHECK(v.attached[0].raw == inner);
  CHECK(v.attached[0].header_value("Subject") == kSubject);
  CHECK(v.attached[0].text == kBody);
  CHECK(v.attached[1].header_value("From") == "security-action-info@ipa.go.jp");
  CHECK(v.text == "body");
}

TEST_CASE("truncated base64 is recorded and the rest decoded", "[mime]") {
  std::string b64 = base64("hello world, this is long enough");
  auto v = parse(message("Content-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n",
                         b64.substr(0, 13) + "\r\n"));
  CHECK(has_problem(v, "truncated-base64"));
  CHECK(v.text.rfind("hello wor", 0) == 0);
}

TEST_CASE("invalid bytes are recorded as decode-lossy", "[mime]") {
  auto v = parse(message("Content-Type: text/plain; charset=utf-8\r\n", "ok \xFF ok\r\n"));
  CHECK(has_problem(v, "decode-lossy"));
  CHECK(v.text == "ok \xEF\xBF\xBD ok\n");
}

TEST_CASE("empty input and binary junk are not messages", "[mime]") {
  auto e = parse("");
  CHECK(has_problem(e, "not-a-message"));
  CHECK(e.headers.empty());
  std::string junk;
  for (int i = 0; i < 4096; ++i) junk.push_back(static_cast<char>((i * 7919) % 251));
  junk[0] = '\x01';
  auto j = parse(junk);
  CHECK(has_problem(j, "not-a-message"));
  CHECK(j.raw == junk);
}

TEST_CASE("nesting beyond the depth limit is cut and recorded", "[mime]") {
  std::string raw = "From: a@b\r\nSubject: leaf\r\n\r\nleaf text\r\n";
  for (int i = 0; i < 12; ++i) {
    raw = "From: a@b\r\nSubject: level " + std::to_string(i) +
          "\r\nContent-Type: message/rfc822\r\n\r\n" + raw;
  }
  sa::ParseLimits limits;
  limits.max_depth = 4;
  auto v = parse(raw, limits);
  CHECK(has_problem(v, "depth-limit"));
  int depth = 0;
  const sa::MessageView* p = &v;
  while (!p->attached.empty()) {
    p = &p->attached[0];
    ++depth;
  }
  CHECK(depth == 4);
}

TEST_CASE("parts beyond the part limit are cut and recorded", "[mime]") {
  std::string body;
  for (int i = 0; i < 50; ++i) body += "--P\r\nContent-Type: text/plain\r\n\r\npart\r\n";
  body += "--P--\r\n";
  sa::ParseLimits limits;
  limits.max_parts = 10;
  auto v = parse(message("Content-Type: multipart/mixed; boundary=P\r\n", body), limits);
  CHECK(has_problem(v, "parts-limit"));
  CHECK(std::count(v.text.begin(), v.text.end(), '\n') < 10);
}

TEST_CASE("10,000 headers and a large body parse", "[mime]") {
  std::string headers;
  for (int i = 0; i < 10000; ++i) headers += "X-H" + std::to_string(i) + ": v\r\n";
  std::string body;
  std::string line = "利用者番号:12345678901 padding padding padding padding\r\n";
  while (body.size() < 8 * 1024 * 1024) body += line;
  auto v = parse(message(headers + "Content-Type: text/plain; charset=utf-8\r\n", body));
  CHECK(v.headers.size() == 10003);
  CHECK(v.text.size() == body.size() - body.size() / line.size());
}

TEST_CASE("undeclared 8-bit and raw ISO-2022-JP header values", "[mime]") {
  std::string raw = "From: a@example.jp\nSubject: " + encode("件名テスト", "CP932") +
                    "\nX-Utf8: 日本\nX-Jis: " + encode("件名", "ISO-2022-JP") + "\n\nbody\n";
  auto v = parse(raw);
  CHECK(v.header_value("Subject") == "件名テスト");
  CHECK(v.header_value("X-Utf8") == "日本");
  CHECK(v.header_value("X-Jis") == "件名");
}

TEST_CASE("message/rfc822 sent with base64 transfer encoding", "[mime]") {
  std::string inner = "From: security-action-info@ipa.go.jp\nSubject: inner\n\n" + kBody;
  std::string raw =
      message("Content-Type: multipart/mixed; boundary=B\r\n",
              "--B\r\nContent-Type: message/rfc822\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
                  base64(inner) + "\r\n--B--\r\n");
  auto v = parse(raw);
  REQUIRE(v.attached.size() == 1);
  CHECK(v.attached[0].raw == inner);
  CHECK(v.attached[0].text == kBody);
}

TEST_CASE("embedded raw with LF line ends and as the whole body", "[mime]") {
  std::string inner = "Subject: only\nContent-Type: text/plain\n\nx\n";
  auto v = parse("From: a@b\nContent-Type: message/rfc822\n\n" + inner);
  REQUIRE(v.attached.size() == 1);
  CHECK(v.attached[0].raw == inner);
  CHECK(v.attached[0].header_value("Subject") == "only");
  CHECK(v.attached[0].headers.size() == 2);
}

TEST_CASE("embedded raw ends at the parent's boundary, not a longer one", "[mime]") {
  std::string inner =
      "From: a@b\r\nSubject: inner\r\nContent-Type: multipart/mixed; boundary=\"B2\"\r\n\r\n"
      "--B2\r\nContent-Type: text/plain\r\n\r\ninner text\r\n--B2--\r\n";
  auto v = parse(message("Content-Type: multipart/mixed; boundary=\"B\"\r\n",
                         "--B\r\nContent-Type: message/rfc822\r\n\r\n" + inner + "\r\n--B--\r\n"));
  REQUIRE(v.attached.size() == 1);
  CHECK(v.attached[0].raw == inner);
  CHECK(v.attached[0].text == "inner text");
}

TEST_CASE("folded header values are unfolded as the plain rule says, on random folds",
          "[mime][property]") {
  // The plain rule: drop every CR and LF of GMime's raw value, then trim spaces and tabs.
  auto reference = [](std::string_view raw) {
    std::string out;
    for (char c : raw) {
      if (c != '\r' && c != '\n') out.push_back(c);
    }
    const std::size_t b = out.find_first_not_of(" \t");
    if (b == std::string::npos) return std::string();
    return out.substr(b, out.find_last_not_of(" \t") - b + 1);
  };
  const std::vector<std::string> pieces = {
      "a",          "Z9",   " ",  "\t",   "\r\n ",    "\r\n\t", "\n ", "\n\t\t", "\r",    "x\ry",
      "=?UTF-8?B?", "44GC", "?=", "自己", "\r\n  \t", ";",      "=",   "\x7F",   "\x1B$B"};
  std::mt19937 rng(1201);
  sa::mime_init();
  for (int trial = 0; trial < 2000; ++trial) {
    std::string value;
    for (int i = static_cast<int>(rng() % 24); i > 0; --i) value += pieces[rng() % pieces.size()];
    const std::string raw = "Subject:" + value + "\r\nX-Other: " + value + "\r\n\r\nbody\r\n";
    INFO("header value: " << value);
    const sa::MessageView v = sa::parse_message(raw, {});
    // GMime's own raw values, to apply the plain rule to.
    GMimeStream* stream =
        g_mime_stream_mem_new_with_buffer(raw.data(), static_cast<gsize>(raw.size()));
    GMimeParser* parser = g_mime_parser_new_with_stream(stream);
    GMimeMessage* message = g_mime_parser_construct_message(parser, nullptr);
    REQUIRE(message != nullptr);
    GMimeHeaderList* list = g_mime_object_get_header_list(GMIME_OBJECT(message));
    const int count = g_mime_header_list_get_count(list);
    REQUIRE(v.headers.size() == static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
      const char* gm = g_mime_header_get_raw_value(g_mime_header_list_get_header_at(list, i));
      const sa::HeaderField& f = v.headers[static_cast<std::size_t>(i)];
      CHECK(f.raw_value == reference(gm ? gm : ""));
      // The decoded value, whichever path made it (plain ASCII is taken as it is).
      CHECK(f.value == sa::strip_controls(sa::decode_rfc2047(f.raw_value), false));
    }
    g_object_unref(message);
    g_object_unref(parser);
    g_object_unref(stream);
  }
}
