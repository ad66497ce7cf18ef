// text_normalize_test.cc - the matching normalisation (NFKC, wave dash, line ends) and
// control stripping.
#include "core/text_normalize.h"

#include <glib.h>

#include <catch2/catch.hpp>
#include <string>

namespace {

std::string glib_nfkc(const std::string& s) {
  gchar* n = g_utf8_normalize(s.data(), static_cast<gssize>(s.size()), G_NORMALIZE_NFKC);
  std::string out(n);
  g_free(n);
  return out;
}

}  // namespace

TEST_CASE("NFKC folds full-width digits, colons and half-width kana", "[normalize]") {
  CHECK(sa::normalize_for_matching("利用者番号：４１２") == "利用者番号:412");
  CHECK(sa::normalize_for_matching("ｾｷｭﾘﾃｨ") == "セキュリティ");
  CHECK(sa::normalize_for_matching("ＳＥＣＵＲＩＴＹ　ＡＣＴＩＯＮ") == "SECURITY ACTION");
  CHECK(sa::normalize_for_matching("①") == "1");
}

TEST_CASE("wave dash, full-width tilde and minus sign are unified", "[normalize]") {
  CHECK(sa::normalize_for_matching("9時〜17時") == "9時~17時");
  CHECK(sa::normalize_for_matching("9時～17時") == "9時~17時");
  CHECK(sa::normalize_for_matching("a\u2053b") == "a~b");
  CHECK(sa::normalize_for_matching("03\u22121234") == "03-1234");
}

TEST_CASE("line ends become LF and invalid UTF-8 is replaced", "[normalize]") {
  CHECK(sa::normalize_for_matching("a\r\nb\rc\n") == "a\nb\nc\n");
  CHECK(sa::normalize_for_matching("x\xFFy") == "x\xEF\xBF\xBDy");
  CHECK(sa::normalize_for_matching("") == "");
}

TEST_CASE("strip_controls removes C0/C1 controls and invalid bytes", "[normalize]") {
  CHECK(sa::strip_controls("a\x01"
                           "b\x7F"
                           "c\xC2\x85"
                           "d\xFF"
                           "e",
                           true) == "abcde");
  CHECK(sa::strip_controls("line1\nline2\tx\r\n", true) == "line1\nline2\tx\n");
  CHECK(sa::strip_controls("line1\nline2\tx", false) == "line1 line2 x");
  CHECK(sa::strip_controls("日本語", false) == "日本語");
}

TEST_CASE("segmented NFKC agrees with whole-text NFKC", "[normalize]") {
  // Combining marks after stable characters, compatibility characters between them.
  for (std::string s :
       {"か\u3099き", "ｶﾞｷﾞ漢字", "テスト①ｶﾞ漢字ﾃｽﾄ㈱", "e\u0301t\u00E9", "㍻ＡＢＣ", "\u3099start",
        "end\u0301", "パ\u309Aピ", "ﾞﾞa", "가\u11A8각"}) {
    CHECK(sa::normalize_for_matching(s) == glib_nfkc(s));
  }
}
