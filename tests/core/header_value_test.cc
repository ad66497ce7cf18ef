// header_value_test.cc - values copied from mail never carry CR, LF or controls into a
// header, and what mail clients decode is the text we meant.
#include "core/header_value.h"

#include <gmime/gmime.h>

#include <catch2/catch.hpp>

#include "core/mime_tree.h"

using namespace sa;

namespace {

// Every line break is LF followed by a space or tab; no CR; only printable ASCII.
bool safe_header_value(const std::string& v) {
  for (std::size_t i = 0; i < v.size(); ++i) {
    const unsigned char ch = static_cast<unsigned char>(v[i]);
    if (ch == '\n') {
      if (i + 1 >= v.size() || (v[i + 1] != ' ' && v[i + 1] != '\t')) return false;
      continue;
    }
    if (ch < 0x20 || ch >= 0x7f) return false;
  }
  return true;
}

// What a mail client shows: unfolded and RFC 2047 decoded (GMime's decoder).
std::string as_displayed(std::string v) {
  sa::mime_init();
  std::string unfolded;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '\n') continue;
    unfolded.push_back(v[i]);
  }
  gchar* out = g_mime_utils_header_decode_text(nullptr, unfolded.c_str());
  std::string s(out);
  g_free(out);
  return s;
}

std::size_t longest_line(const std::string& v) {
  std::size_t longest = 0, current = 0;
  for (char ch : v) {
    current = ch == '\n' ? 0 : current + 1;
    longest = std::max(longest, current);
  }
  return longest;
}

}  // namespace

TEST_CASE("a header injection in a company name is defused", "[header]") {
  const std::string hostile =
      "株式会社悪意\r\nBcc: victim@example.com\x1b"
      "$B\x07\x7f\xc2\x85"
      "end";
  const std::string clean = clean_header_text(hostile);
  CHECK(clean == "株式会社悪意 Bcc: victim@example.com$Bend");
  const std::string value = encode_header_value(clean, "X-SA-Triage-Company");
  CHECK(safe_header_value(value));
  CHECK(as_displayed(value) == clean);
}

TEST_CASE("plain ASCII stays readable and is folded when long", "[header]") {
  std::string reasons;
  for (int i = 0; i < 20; ++i) reasons += "reason-number-" + std::to_string(i) + " ";
  const std::string clean = clean_header_text(reasons, 900);
  const std::string value = encode_header_value(clean, "X-SA-Triage-Reasons");
  CHECK(safe_header_value(value));
  CHECK(value.find("=?") == std::string::npos);
  CHECK(longest_line(value) <= 78);
  CHECK(as_displayed(value).size() >= clean.size() - 20);
}

TEST_CASE("non-ASCII is encoded in words that never split a character", "[header]") {
  std::string long_name;
  for (int i = 0; i < 30; ++i) long_name += "株式会社サンプル";
  const std::string clean = clean_header_text(long_name, 120);
  const std::string value = encode_header_value(clean, "X-SA-Triage-Company");
  CHECK(safe_header_value(value));
  CHECK(longest_line(value) <= 76);
  CHECK(as_displayed(value) == clean);
}

TEST_CASE("ASCII that looks like an encoded word is encoded itself", "[header]") {
  const std::string tricky = "=?UTF-8?B?5qCq?= Evil";
  const std::string value = encode_header_value(tricky, "X-SA-Triage-Company");
  CHECK(as_displayed(value) == tricky);
}

TEST_CASE("cleaning cuts long values and drops invalid UTF-8", "[header]") {
  CHECK(clean_header_text("abc\xff\xfe def", 200) == "abc def");
  CHECK(clean_header_text(std::string(500, 'x'), 10) == std::string(10, 'x'));
  CHECK(clean_header_text("  \t\n  ") == "");
}

TEST_CASE("ASCII parts stay readable: addresses and IDs can be filtered on", "[header]") {
  const std::string from = "\"SECURITY ACTION事務局\" <security-action-info@ipa.go.jp>";
  const std::string value = encode_header_value(from, "X-SA-Triage-Original-From");
  CHECK(safe_header_value(value));
  CHECK(value.find("<security-action-info@ipa.go.jp>") != std::string::npos);
  CHECK(value.rfind("\"SECURITY =?UTF-8?B?", 0) == 0);  // only ACTION事務局" is encoded
  CHECK(as_displayed(value) == from);

  const std::string company = "株式会社 ABC 商事 (ID 41234567890)";
  const std::string encoded = encode_header_value(company, "X-SA-Triage-Company");
  CHECK(encoded.find(" ABC ") != std::string::npos);
  CHECK(encoded.find("41234567890)") != std::string::npos);
  CHECK(as_displayed(encoded) == company);

  // Spaces inside a run of non-ASCII words survive decoding (carried inside the words).
  const std::string name = "山田 太郎 様 <yamada@example.co.jp>";
  CHECK(as_displayed(encode_header_value(name, "X-SA-Triage-Original-From")) == name);
}

TEST_CASE("an address glued to non-ASCII text is split off readable", "[header]") {
  const std::string value =
      encode_header_value("事務局<sa@ipa.go.jp>", "X-SA-Triage-Original-From");
  CHECK(safe_header_value(value));
  CHECK(value.find(" <sa@ipa.go.jp>") != std::string::npos);
  CHECK(as_displayed(value) == "事務局 <sa@ipa.go.jp>");
}

TEST_CASE("long mixed values fold within 76 columns and read back", "[header]") {
  std::string text;
  for (int i = 0; i < 8; ++i) text += "株式会社サンプル" + std::to_string(i) + " example.co.jp ";
  const std::string clean = clean_header_text(text, 400);
  const std::string value = encode_header_value(clean, "X-SA-Triage-Company");
  CHECK(safe_header_value(value));
  CHECK(longest_line("X-SA-Triage-Company: " + value) <= 76);
  CHECK(as_displayed(value) == clean);
  CHECK(value.find("example.co.jp") != std::string::npos);
}
