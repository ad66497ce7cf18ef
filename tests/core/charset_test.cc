// charset_test.cc - decode_to_utf8 and decode_rfc2047 on the charsets Japanese mail
// really uses. Encoded inputs are produced with iconv or written as byte literals.
#include "core/charset.h"

#include <iconv.h>

#include <catch2/catch.hpp>
#include <string>
#include <string_view>

#include "encoded_text.h"

using sa::test::base64;
using sa::test::encode;

namespace {

const std::string kSubject = "【SECURITY ACTION】一つ星：自己宣言完了のお知らせ";

}  // namespace

TEST_CASE("strict ISO-2022-JP decodes", "[charset]") {
  std::string jis = encode("自己宣言の手続きが完了しました。", "ISO-2022-JP");
  auto d = sa::decode_to_utf8(jis, "ISO-2022-JP");
  CHECK(d.utf8 == "自己宣言の手続きが完了しました。");
  CHECK_FALSE(d.lossy);
  CHECK_FALSE(d.unknown_charset);
}

TEST_CASE("ISO-2022-JP with NEC row 13 falls back to CP50220 decoding", "[charset]") {
  // ESC $ B 2D21 2D6A ESC ( B: ① ㈱, rejected by strict iconv.
  std::string bytes = "A \x1B$B\x2D\x21\x2D\x6A\x1B(B end";
  auto d = sa::decode_to_utf8(bytes, "iso-2022-jp");
  CHECK(d.utf8 == "A ①㈱ end");
  CHECK_FALSE(d.lossy);
  // Mixed with ordinary kanji in the same run.
  std::string mixed = encode("自己宣言", "ISO-2022-JP");
  std::string with_nec = mixed.substr(0, mixed.size() - 3) + "\x2D\x21" + "\x1B(B";
  CHECK(sa::decode_to_utf8(with_nec, "ISO-2022-JP").utf8 == "自己宣言①");
}

TEST_CASE("ISO-2022-JP half-width kana in ESC ( I and SO/SI", "[charset]") {
  auto d = sa::decode_to_utf8("x\x1B(I\x31\x32\x1B(By", "ISO-2022-JP");
  CHECK(d.utf8 == "xｱｲy");
  CHECK(sa::decode_to_utf8("x\x0E\x31\x0Fy", "ISO-2022-JP").utf8 == "xｱy");
}

TEST_CASE("broken ISO-2022-JP keeps the rest of the text", "[charset]") {
  // An 8-bit byte inside a JIS run and a truncated pair at the end.
  std::string bytes = "ok \x1B$B\x2D\x21\xFF\x30\x42\x1B(B tail \x1B$B\x30";
  auto d = sa::decode_to_utf8(bytes, "ISO-2022-JP");
  CHECK(d.lossy);
  CHECK(d.utf8.find("ok ①") == 0);
  CHECK(d.utf8.find("安") != std::string::npos);  // JIS 3042
  CHECK(d.utf8.find(" tail ") != std::string::npos);
}

TEST_CASE("UTF-8 mislabelled as ISO-2022-JP decodes as UTF-8", "[charset]") {
  auto d = sa::decode_to_utf8(kSubject, "ISO-2022-JP");
  CHECK(d.utf8 == kSubject);
  CHECK_FALSE(d.lossy);
}

TEST_CASE("Shift_JIS and its aliases decode through CP932", "[charset]") {
  std::string sjis = encode("利用者番号①：４１２", "CP932");
  for (const char* label : {"Shift_JIS", "sjis", "x-sjis", "CP932", "Windows-31J", "MS932"}) {
    auto d = sa::decode_to_utf8(sjis, label);
    CHECK(d.utf8 == "利用者番号①：４１２");
    CHECK_FALSE(d.lossy);
  }
}

TEST_CASE("EUC-JP body decodes", "[charset]") {
  std::string euc = encode("情報処理推進機構", "EUC-JP");
  auto d = sa::decode_to_utf8(euc, "EUC-JP");
  CHECK(d.utf8 == "情報処理推進機構");
  CHECK_FALSE(d.lossy);
}

TEST_CASE("unknown and missing labels guess UTF-8, Shift_JIS, EUC-JP", "[charset]") {
  auto u = sa::decode_to_utf8(kSubject, "x-nonsense-charset");
  CHECK(u.unknown_charset);
  CHECK(u.utf8 == kSubject);

  auto s = sa::decode_to_utf8(encode("お知らせ", "CP932"), "");
  CHECK_FALSE(s.unknown_charset);
  CHECK(s.utf8 == "お知らせ");

  CHECK(sa::decode_to_utf8(encode("お知らせ", "EUC-JP"), "").utf8 == "お知らせ");
  CHECK(sa::decode_to_utf8("caf\xE9", "").utf8 == "café");
  CHECK(sa::decode_to_utf8(encode("漢字", "ISO-2022-JP"), "").utf8 == "漢字");
}

TEST_CASE("invalid UTF-8 becomes U+FFFD and the rest survives", "[charset]") {
  // E3 81 is one truncated character: one U+FFFD (Unicode's maximal subpart), not two.
  auto d = sa::decode_to_utf8("ab\xC3(cd\xE3\x81", "utf-8");
  CHECK(d.lossy);
  CHECK(d.utf8 == "ab\xEF\xBF\xBD(cd\xEF\xBF\xBD");
  auto s = sa::decode_to_utf8("A\x85\x40\x82\xA2Z", "cp932");  // 8540 is unassigned in CP932
  CHECK(s.lossy);
  CHECK(s.utf8 == "A\xEF\xBF\xBDいZ");
}

TEST_CASE("other charsets known to iconv", "[charset]") {
  CHECK(sa::decode_to_utf8("caf\xE9", "ISO-8859-1").utf8 == "café");
  CHECK(sa::decode_to_utf8("\xA4", "iso-8859-15").utf8 == "€");
  CHECK(sa::decode_to_utf8("plain", "us-ascii").utf8 == "plain");
}

TEST_CASE("decoding a large input is linear and complete", "[charset]") {
  std::string big;
  std::string unit = encode("あいうえお①", "CP932") + "\xFF";
  for (int i = 0; i < 200000; ++i) big += unit;
  auto d = sa::decode_to_utf8(big, "cp932");
  CHECK(d.lossy);
  CHECK(d.utf8.size() == 200000u * (std::string("あいうえお①").size() + 3));
}

TEST_CASE("RFC 2047 words split inside a UTF-8 character are joined", "[rfc2047]") {
  // Split the bytes in the middle of 一 (E4 B8 80).
  std::size_t cut = kSubject.find("一") + 1;
  std::string a = base64(kSubject.substr(0, cut));
  std::string b = base64(kSubject.substr(cut));
  std::string raw = "=?UTF-8?B?" + a + "?=\r\n =?utf-8?b?" + b + "?=";
  CHECK(sa::decode_rfc2047(raw) == kSubject);
}

TEST_CASE("RFC 2047 ISO-2022-JP words, Q encoding, language suffix", "[rfc2047]") {
  std::string jis = encode("自己宣言完了", "ISO-2022-JP");
  CHECK(sa::decode_rfc2047("Re: =?ISO-2022-JP?B?" + base64(jis) + "?=") == "Re: 自己宣言完了");
  CHECK(sa::decode_rfc2047("=?iso-2022-jp?B?" + base64("\x1B$B\x2D\x21\x2D\x6A\x1B(B") + "?=") ==
        "①㈱");
  CHECK(sa::decode_rfc2047("=?utf-8?Q?caf=C3=A9_au_lait?= x") == "café au lait x");
  CHECK(sa::decode_rfc2047("=?UTF-8*ja?B?" + base64("日本") + "?=") == "日本");
  // Whitespace between a word and plain text is kept.
  CHECK(sa::decode_rfc2047("=?UTF-8?B?" + base64("A") + "?= b") == "A b");
}

TEST_CASE("RFC 2047 malformed words and raw 8-bit headers", "[rfc2047]") {
  CHECK(sa::decode_rfc2047("=?utf-8?X?abc?= and =?broken") == "=?utf-8?X?abc?= and =?broken");
  CHECK(sa::decode_rfc2047("=?=?=?") == "=?=?=?");
  CHECK(sa::decode_rfc2047(kSubject) == kSubject);
  CHECK(sa::decode_rfc2047(encode(kSubject, "CP932")) == kSubject);
  CHECK(sa::decode_rfc2047(encode("件名", "ISO-2022-JP")) == "件名");
  std::string many;
  for (int i = 0; i < 100000; ++i) many += "=?a?b?";
  CHECK(sa::decode_rfc2047(many) == many);
}
