// charset_guess_test.cc - bytes with no label, an unknown one, or one they contradict (8-bit
// bytes under ISO-2022-JP): damaged UTF-8 and damaged Shift_JIS are read as what they are, with
// one U+FFFD per broken character, not as ISO-8859-1 mojibake.
#include "core/charset_guess.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "core/ascii.h"
#include "core/byte_structure.h"
#include "core/charset.h"
#include "core/charset_readings.h"
#include "encoded_text.h"

using sa::test::encode;

namespace {

const std::string kFffd = "\xEF\xBF\xBD";

std::string decode(std::string_view bytes, std::string_view label) {
  return sa::decode_to_utf8(bytes, label).utf8;
}

}  // namespace

TEST_CASE("8-bit text labelled ISO-2022-JP without escapes is read as what it is",
          "[charset][iso2022jp]") {
  CHECK(decode("株式会社①②③", "ISO-2022-JP") == "株式会社①②③");
  // Damaged UTF-8 stays UTF-8: without its lead byte, 式 is two stray continuation bytes, one
  // U+FFFD each (Unicode's rule), and nothing else changes.
  std::string damaged = "株式会社①②③";
  damaged.erase(3, 1);
  CHECK(decode(damaged, "ISO-2022-JP") == "株" + kFffd + kFffd + "会社①②③");
  // One stray 8-bit byte in ASCII text: U+FFFD, not a Latin-1 character.
  const std::string stray = std::string("abc\x80") + "def";
  CHECK(decode(stray, "ISO-2022-JP") == "abc" + kFffd + "def");
}

TEST_CASE("undeclared bytes: damaged UTF-8 or Shift_JIS is not read as ISO-8859-1", "[charset]") {
  std::string utf8 = "株式会社サンプル";
  utf8.erase(3, 1);
  CHECK(decode(utf8, "") == "株" + kFffd + kFffd + "会社サンプル");
  std::string sjis = encode("株式会社サンプル", "CP932") + "\xFF";
  CHECK(decode(sjis, "") == "株式会社サンプル" + kFffd);
  CHECK(decode(sjis, "x-unknown") == "株式会社サンプル" + kFffd);
  CHECK(decode("caf\xE9", "") == "café");
  CHECK(decode("\xE9t\xE9", "") == "été");
}

TEST_CASE("has_high_bytes finds one high byte at every position, length and alignment",
          "[charset][property]") {
  std::mt19937 rng(1201);
  std::string buf(80, 'a');
  for (std::size_t offset = 0; offset < 8; ++offset) {
    for (std::size_t len = 0; offset + len <= buf.size(); ++len) {
      const std::string_view s(buf.data() + offset, len);
      CHECK_FALSE(sa::has_high_bytes(s));
      for (std::size_t at = 0; at < len; ++at) {
        const char keep = buf[offset + at];
        buf[offset + at] = static_cast<char>(0x80 | (rng() & 0x7F));
        REQUIRE(sa::has_high_bytes(s));
        buf[offset + at] = keep;
      }
    }
  }
  for (int trial = 0; trial < 2000; ++trial) {  // random ASCII and high bytes, any mix
    std::string r(rng() % 64, '\0');
    for (char& c : r) c = static_cast<char>(rng() % 8 == 0 ? rng() & 0xFF : rng() & 0x7F);
    const bool any = std::any_of(r.begin(), r.end(),
                                 [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
    REQUIRE(sa::has_high_bytes(r) == any);
  }
}

TEST_CASE("ascii_run_end stops at the first high byte, or CR when asked, at any alignment",
          "[charset][property]") {
  // The byte-wise definition the eight-at-a-time scan must agree with.
  auto expected = [](std::string_view s, std::size_t i, bool stop_at_cr) {
    while (i < s.size() && static_cast<unsigned char>(s[i]) < 0x80 && !(stop_at_cr && s[i] == '\r'))
      ++i;
    return i;
  };
  std::mt19937 rng(1203);
  std::string buf(80, 'a');
  for (std::size_t offset = 0; offset < 8; ++offset) {
    for (std::size_t at = offset; at < buf.size(); ++at) {
      for (const char stop : {'\r', '\x80', '\xFF', '\n', '\x0C'}) {
        const char keep = buf[at];
        buf[at] = stop;
        for (const bool cr : {false, true}) {
          REQUIRE(sa::ascii_run_end(buf, offset, cr) == expected(buf, offset, cr));
        }
        buf[at] = keep;
      }
    }
  }
  for (int trial = 0; trial < 20000; ++trial) {  // CRs (and bytes next to CR), high bytes, ASCII
    std::string r(rng() % 70, '\0');
    for (char& c : r) {
      const unsigned pick = rng() % 16;
      c = static_cast<char>(pick == 0   ? '\r'
                            : pick == 1 ? 0x0C + rng() % 3
                            : pick == 2 ? rng() & 0xFF
                                        : rng() & 0x7F);
    }
    const std::size_t from = r.empty() ? 0 : rng() % (r.size() + 1);
    for (const bool cr : {false, true}) {
      REQUIRE(sa::ascii_run_end(r, from, cr) == expected(r, from, cr));
    }
  }
}

TEST_CASE("is_valid_utf8 agrees with a character-by-character check on mixed text",
          "[charset][property]") {
  auto expected = [](std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
      const std::size_t n = sa::utf8_char_len(s, i);
      if (n == 0) return false;
      i += n;
    }
    return true;
  };
  // ASCII runs of every length around characters of 2-4 bytes, whole or cut, and stray bytes.
  const std::vector<std::string> pieces = {
      "a",        "abcdefgh", "é",        "株",           "\xF0\x9F\x98\x80",
      "\xE6\xA0", "\x80",     "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80",
      "\r\n"};
  std::mt19937 rng(1204);
  for (int trial = 0; trial < 20000; ++trial) {
    std::string s;
    const int n = static_cast<int>(rng() % 12);
    for (int k = 0; k < n; ++k) {
      s.append(rng() % 8, 'x');
      s.append(pieces[rng() % pieces.size()]);
    }
    REQUIRE(sa::is_valid_utf8(s) == expected(s));
  }
}
