// charset_readings_test.cc - which reading of a label decode_to_utf8 uses: EUC-JIS-2004 bytes
// labelled EUC-JP, CP932 and Shift_JIS-2004 under their labels; in every case what does not
// decode is U+FFFD, never another kanji.
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

TEST_CASE("EUC-JIS-2004 bytes labelled EUC-JP are read as EUC-JIS-2004", "[charset]") {
  // ⅰ (AC B5) and 俱 (AE A1) are in no row of eucJP-ms. The old decoder skipped one byte of
  // AC B5 and read B5 AE as a JIS X 0208 kanji.
  auto d = sa::decode_to_utf8("\xAC\xB5\xAE\xA1", "EUC-JP");
  CHECK(d.utf8 == "ⅰ俱");
  CHECK_FALSE(d.lossy);
  CHECK(decode("\xC1\xF0\xF4\xBA", "EUC-JP") == "草彅");
  CHECK(decode(encode("情報処理推進機構", "EUC-JISX0213"), "x-euc-jp") == "情報処理推進機構");
  CHECK(decode("\xAC\xB5\x8F\xA1\xA1", "EUC-JP") == "ⅰ𠂉");  // plane 2, row 1
}

TEST_CASE("where eucJP-ms and EUC-JIS-2004 read a character differently, neither is guessed",
          "[charset]") {
  // 8F F3 F3 is ⅰ (an IBM extension) in eucJP-ms and 𥸮 in JIS X 0213 plane 2. Beside 俱
  // (AE A1), which eucJP-ms lacks, the text cannot tell: it stays eucJP-ms, and 俱 is U+FFFD.
  auto d = sa::decode_to_utf8("\xAE\xA1\x8F\xF3\xF3", "EUC-JP");
  CHECK(d.utf8 == kFffd + "ⅰ");
  CHECK(d.lossy);
  // A user-defined character of eucJP-ms is no such reason: 8F FD CC is 𩸽.
  CHECK(decode("\xAC\xB5\x8F\xFD\xCC", "EUC-JP") == "ⅰ𩸽");
  // Without other evidence it stays what eucJP-ms says: a user-defined character.
  CHECK(decode("\x8F\xFD\xCC", "EUC-JP") == "\xEE\x9B\x87");  // U+E6C7
}

TEST_CASE("EUC-JP text keeps its eucJP-ms reading", "[charset]") {
  CHECK(decode("\xAD\xA1\xAD\xEA", "EUC-JP") == "①㈱");  // NEC row 13, the same in both
  CHECK(decode("\x8F\xF3\xF3", "eucJP-ms") == "ⅰ");      // IBM extension
  CHECK(decode("\x8F\xB0\xA1", "EUC-JP") == "丂");       // JIS X 0212
  // A user-defined character in text eucJP-ms reads cleanly stays private use.
  CHECK(decode("\xB9\xE7\xF5\xA1", "EUC-JP") == "合\xEE\x80\x80");
  // An explicit eucJP-ms label has no JIS X 0213 reading.
  CHECK(decode("\xAC\xB5", "eucJP-ms") == kFffd);
}

TEST_CASE("EUC-JIS-2004 labels read JIS X 0212 in the rows plane 2 leaves free", "[charset]") {
  auto d = sa::decode_to_utf8("\xC1\xF0\x8F\xE7\xA6", "EUC-JIS-2004");
  CHECK(d.utf8 == "草霝");
  CHECK_FALSE(d.lossy);
  CHECK(decode("\xAC\xB5\xAE\xA1", "EUC-JISX0213") == "ⅰ俱");
}

TEST_CASE("Shift_JIS is CP932 and Shift_JIS-2004 is JIS X 0213, with no fallback", "[charset]") {
  CHECK(decode("\xEE\xE0\xFA\x40\x87\x40", "Shift_JIS") == "髙ⅰ①");  // IBM, NEC row 13
  CHECK(decode("\xF0\x40", "Shift_JIS") == "\xEE\x80\x80");          // user-defined: private use
  // A bad pair is one U+FFFD: CP932's unassigned 8540 is a valid Shift_JIS-2004 pair, and
  // reading the whole text as Shift_JIS-2004 would turn 髙 and ⅰ into other kanji.
  CHECK(decode("\xEE\xE0\x85\x40\xFA\x40", "Shift_JIS") == "髙" + kFffd + "ⅰ");
  CHECK(decode("\x86\xB3", "CP932") == kFffd);
  CHECK(decode("\x86\xB3\x87\x9F\xFC\x6B", "Shift_JIS-2004") == "ⅰ俱𩸽");
  CHECK(decode("\x86\xB3", "Shift_JISX0213") == "ⅰ");
  // In Shift_JIS-2004, 5C and 7E are JIS-Roman.
  CHECK(decode("\\~", "Shift_JIS-2004") == "¥‾");
}
