// mapi_values_test.cc - UTF-16LE strings, code pages and FILETIME as MAPI stores them.
#include "core/mapi_values.h"

#include <catch2/catch.hpp>
#include <string>

using namespace sa;

namespace {

std::string utf16le(std::initializer_list<unsigned> units) {
  std::string out;
  for (unsigned u : units) {
    out.push_back(static_cast<char>(u & 0xFF));
    out.push_back(static_cast<char>(u >> 8));
  }
  return out;
}

}  // namespace

TEST_CASE("UTF-16LE strings become UTF-8 up to their NUL", "[mapi]") {
  CHECK(utf16le_to_utf8(utf16le({0x81EA, 0x5DF1, 0x5BA3, 0x8A00, 0x0041})) == "自己宣言A");
  CHECK(utf16le_to_utf8(utf16le({0x0041, 0x0000, 0x0042})) == "A");
  CHECK(utf16le_to_utf8(utf16le({0xD83D, 0xDE00})) == "\xF0\x9F\x98\x80");  // a pair
  CHECK(utf16le_to_utf8(utf16le({0xD83D, 0x0041})) ==
        "\xEF\xBF\xBD"
        "A");                                                             // lone high
  CHECK(utf16le_to_utf8(utf16le({0xDE00})) == "\xEF\xBF\xBD");            // lone low
  CHECK(utf16le_to_utf8(utf16le({0x0041}) + "\x42") == "A\xEF\xBF\xBD");  // odd byte
  CHECK(utf16le_to_utf8("").empty());
}

TEST_CASE("Windows code pages name the charsets charset.h decodes", "[mapi]") {
  CHECK(codepage_charset(0).empty());
  CHECK(codepage_charset(932) == "cp932");
  CHECK(codepage_charset(50220) == "iso-2022-jp");
  CHECK(codepage_charset(51932) == "euc-jp");
  CHECK(codepage_charset(65001) == "utf-8");
  CHECK(codepage_charset(1252) == "windows-1252");
  CHECK(codepage_charset(28595) == "iso-8859-5");
  CHECK(codepage_charset(437) == "cp437");
}

TEST_CASE("FILETIME becomes an RFC 5322 date in UTC", "[mapi]") {
  CHECK(filetime_to_rfc5322(134194788000000000ULL) == "Wed, 01 Apr 2026 01:00:00 +0000");
  CHECK(filetime_to_rfc5322(116444736000000000ULL) == "Thu, 01 Jan 1970 00:00:00 +0000");
  CHECK(filetime_to_rfc5322(131012208005000000ULL) == "Mon, 29 Feb 2016 12:00:00 +0000");
  CHECK_FALSE(filetime_to_rfc5322(0).has_value());
  CHECK_FALSE(filetime_to_rfc5322(116444735990000000ULL).has_value());  // before 1970
  CHECK_FALSE(filetime_to_rfc5322(~0ULL).has_value());                  // year 58000
}
