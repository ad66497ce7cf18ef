// header_value_test.cc - values copied from mail never carry CR, LF or controls into a
// header, and what mail clients decode is the text we meant.
#include "core/header_value.h"

#include <gmime/gmime.h>

#include <catch2/catch.hpp>
#include <random>
#include <vector>

#include "core/charset.h"
#include "core/mime_tree.h"
#include "hostile_text.h"

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
  CHECK(clean_header_text("ab cd", 3) == "ab");  // a cut never leaves a trailing space
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

TEST_CASE("every line holding an encoded-word, the first with the name, fits 76 columns",
          "[header][property]") {
  // RFC 2047 section 2: a line of a header field that contains an encoded-word is at most
  // 76 characters, the header's name included on the first line.
  const std::vector<std::string> names = {
      "Subject", "X-SA-Triage-Company", "X-SA-Triage-Original-From", "X-SA-Triage-Printout-Status"};
  const std::vector<std::string> words = {
      "株式会社", "サンプル", "商事",     "a@ipa.go.jp",     "IPA", "SECURITY", "ACTION",
      "事務局",   "★★",       "<x@y.jp>", "\xf0\x9f\x98\x80"};
  std::mt19937 rng(76);
  for (int n = 0; n < 20000; ++n) {
    std::string text;
    const int count = 1 + static_cast<int>(rng() % 12);
    for (int i = 0; i < count; ++i) {
      const std::string& word = words[rng() % words.size()];
      // (an address glued to other text is split off with a space: tested above)
      if (word[0] == '<' && !text.empty() && text.back() != ' ') text += ' ';
      text += word;
      if (rng() % 2 || word[0] == '<') text += ' ';
    }
    const std::string clean = clean_header_text(text, 200);
    const std::string& name = names[rng() % names.size()];
    const std::string value = encode_header_value(clean, name);
    INFO(name << ": " << value);
    REQUIRE(safe_header_value(value));
    const std::string field = name + ": " + value;
    std::size_t start = 0;
    while (start <= field.size()) {
      std::size_t end = field.find('\n', start);
      if (end == std::string::npos) end = field.size();
      const std::string line = field.substr(start, end - start);
      if (line.find("=?") != std::string::npos) REQUIRE(line.size() <= 76);
      start = end + 1;
    }
    // Read back as sa-triage reads it (held desk, `held show`), which decodes every word
    // on its own as RFC 2047 says. (GMime joins adjacent words' base64 before decoding and
    // stops at a padded one; words end unpadded where whole characters allow, but
    // " 株株株..." allows no such cut.)
    std::string unfolded;
    for (char ch : value) {
      if (ch != '\n') unfolded.push_back(ch);
    }
    REQUIRE(decode_rfc2047(unfolded) == clean);
  }
}

TEST_CASE("cleaning, on random hostile text: no control, no line break, nothing invented",
          "[header][property]") {
  // Pieces an attacker mixes: spaces of every kind, C0 and C1 controls, line and paragraph
  // separators, zero-width and bidi marks, BOM, truncated, overlong and surrogate UTF-8.
  const std::vector<std::string>& pieces = sa::test::hostile_pieces();
  std::mt19937 rng(20261203);
  for (int n = 0; n < 100000; ++n) {
    std::string text;
    const int len = static_cast<int>(rng() % 30);
    for (int i = 0; i < len; ++i) {
      if (rng() % 4 == 0) {
        text.push_back(static_cast<char>(rng() % 256));
      } else {
        text += pieces[rng() % pieces.size()];
      }
    }
    const std::size_t max_chars = rng() % 3 == 0 ? rng() % 8 : 200;
    const std::string clean = clean_header_text(text, max_chars);
    INFO("input of " << text.size() << " bytes, case " << n);
    REQUIRE(g_utf8_validate(clean.data(), static_cast<gssize>(clean.size()), nullptr));
    REQUIRE(static_cast<std::size_t>(g_utf8_strlen(clean.data(), -1)) <= max_chars);
    REQUIRE(clean_header_text(clean, max_chars) == clean);  // nothing left to clean
    if (!clean.empty()) {
      REQUIRE(clean.front() != ' ');
      REQUIRE(clean.back() != ' ');
    }
    REQUIRE(clean.find("  ") == std::string::npos);
    for (const char* p = clean.c_str(); *p; p = g_utf8_next_char(p)) {
      const gunichar c = g_utf8_get_char(p);
      REQUIRE(c >= 0x20);
      REQUIRE(!(c >= 0x7f && c < 0xa0));
      REQUIRE(c != 0x2028);
      REQUIRE(c != 0x2029);
      REQUIRE(c != 0xfeff);
      REQUIRE(!(c >= 0x200b && c <= 0x200f));
      REQUIRE(!(c >= 0x202a && c <= 0x202e));
      REQUIRE(!(c >= 0x2066 && c <= 0x2069));  // bidi isolates
      REQUIRE(c != 0x061c);
      REQUIRE(c != 0x00ad);
      REQUIRE(!(c >= 0x2060 && c <= 0x2064));
    }
    // Nothing invented: without its spaces, the result is a subsequence of the input's bytes.
    std::size_t at = 0;
    for (char ch : clean) {
      if (ch == ' ') continue;
      at = text.find(ch, at);
      REQUIRE(at != std::string::npos);
      ++at;
    }
  }
}
