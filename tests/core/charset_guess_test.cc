// charset_guess_test.cc - bytes with no label, an unknown one, or one they contradict (8-bit
// bytes under ISO-2022-JP): damaged UTF-8 and damaged Shift_JIS are read as what they are, with
// one U+FFFD per broken character, not as ISO-8859-1 mojibake.
#include <catch2/catch.hpp>
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
