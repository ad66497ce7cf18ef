// charset_guess_test.cc - bytes with no label, an unknown one, or one they contradict (8-bit
// bytes under ISO-2022-JP): damaged UTF-8 and damaged Shift_JIS are read as what they are, with
// one U+FFFD per broken character, not as ISO-8859-1 mojibake.
#include "core/charset_guess.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <string_view>

#include "core/charset.h"
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
