// charset_iso2022jp_test.cc - every designation of the ISO-2022-JP family through decode_to_utf8,
// and what damage becomes: one U+FFFD per character that does not decode, never other text.
// Byte literals are what Python's iso2022_jp* codecs write for the same text.
#include <catch2/catch.hpp>
#include <string>
#include <string_view>

#include "core/charset.h"

namespace {

const std::string kFffd = "\xEF\xBF\xBD";

std::string decode(std::string_view bytes, std::string_view label = "ISO-2022-JP") {
  return sa::decode_to_utf8(bytes, label).utf8;
}

bool lossy(std::string_view bytes, std::string_view label = "ISO-2022-JP") {
  return sa::decode_to_utf8(bytes, label).lossy;
}

}  // namespace

TEST_CASE("KS C 5601 inside ISO-2022-JP-2 decodes, not as JIS kanji (the issue's example)",
          "[charset][iso2022jp]") {
  // 合同会社 in ESC $ B, ①②③ in ESC $ ( C; this used to come out as 合同会社�え竪腮荐�.
  const std::string bytes = "\x1B$B9gF12q<R\x1B$(C(g(h(i\x1B(B";
  for (const char* label : {"ISO-2022-JP-2", "ISO-2022-JP", "csISO2022JP2", "CP50220"}) {
    CHECK(decode(bytes, label) == "合同会社①②③");
    CHECK_FALSE(lossy(bytes, label));
  }
  CHECK(decode("\x1B$(CGQ19\x1B(B") == "한국");
}

TEST_CASE("JIS X 0212, GB 2312 and the ISO-8859 single shifts of ISO-2022-JP-1/-2",
          "[charset][iso2022jp]") {
  CHECK(decode("\x1B$BAp\x1B$(D<t\x1B(B", "ISO-2022-JP-1") == "草彅");
  CHECK(decode("\x1B$(D*\"*1+1\x1B(B", "ISO-2022-JP-2") == "ÀÉé");
  CHECK(decode("\x1B$AD"
               "c:C\x1B(B",
               "ISO-2022-JP-2") == "你好");
  CHECK(decode("\x1B$(AD"
               "c:C\x1B(B",
               "ISO-2022-JP-2") == "你好");
  CHECK(decode("a\x1B.A\x1BNib", "ISO-2022-JP-2") == "aéb");
  CHECK(decode("a\x1B.F\x1BNab\x1BN"
               "b",
               "ISO-2022-JP-2") == "aαbβ");
  // A single shift with no G2 designated: the character it announces is unknown.
  CHECK(decode("a\x1BN"
               "ab",
               "ISO-2022-JP-2") == "a" + kFffd + "b");
  // ISO-8859-7 has no character at AE.
  CHECK(decode("\x1B.F\x1BN.x", "ISO-2022-JP-2") == kFffd + "x");
}

TEST_CASE("JIS X 0213 planes 1 and 2 of ISO-2022-JP-3 and -2004", "[charset][iso2022jp]") {
  CHECK(decode("\x1B$BAp\x1B$(Qt:\x1B(B", "ISO-2022-JP-2004") == "草彅");
  CHECK(decode("\x1B$BAp\x1B$(Ot:\x1B(B", "ISO-2022-JP-3") == "草彅");
  CHECK(decode("\x1B$(Q-!-\"-#\x1B(B", "ISO-2022-JP-2004") == "①②③");
  CHECK(decode("\x1B$(Q.!,5\x1B(B", "ISO-2022-JP-2004") == "俱ⅰ");
  CHECK(decode("\x1B$(QOT\x1B(B", "ISO-2022-JP-2004") == "𠮟");
  CHECK(decode("\x1B$(Q$w\x1B(B", "ISO-2022-JP-2004") == "か゚");  // two code points
  CHECK(decode("\x1B$(P}L\x1B(B", "ISO-2022-JP-2004") == "𩸽");
  // Plane 1 is not JIS X 0208 plus CP932's IBM extensions: 1-92-66 is no NEC-selected kanji.
  CHECK(decode("\x1B$(Q|b\x1B(B", "ISO-2022-JP-2004") != decode("\x1B$B|b\x1B(B"));
}

TEST_CASE("CP50220 forms: NEC row 13, IBM extensions, JIS-Roman, the announcer, ESC $ ( B",
          "[charset][iso2022jp]") {
  CHECK(decode("\x1B$B|b\x1B(B") == "髙");  // CP932 EEE0
  CHECK(decode("\x1B$B-!-j\x1B(B") == "①㈱");
  CHECK(decode("\x1B(J\\~\x1B(B\\~") == "¥‾\\~");
  CHECK(decode("\x1B&@\x1B$B9g\x1B(B") == "合");
  CHECK(decode("\x1B$(B9g\x1B$(@9g\x1B(B") == "合合");
  CHECK(decode("a\x1B)I\x0E"
               "12\x0F"
               "b") == "aｱｲb");
  CHECK_FALSE(lossy("\x1B$B|b-!\x1B(B"));
}

TEST_CASE("an unknown escape is one U+FFFD and the text it designates is not guessed",
          "[charset][iso2022jp]") {
  // The old decoder skipped only the ESC and printed "$(Z9gF1" as ASCII.
  CHECK(decode("ab\x1B$(Z9gF1\x1B(Bcd") == "ab" + kFffd + kFffd + "cd");
  CHECK(lossy("ab\x1B$(Z9gF1\x1B(Bcd"));
  // Inside a kanji run: the pairs after it are not read as JIS X 0208 any more.
  CHECK(decode("\x1B$B9gF1\x1B$(Z2q<R\x1B(B") == "合同" + kFffd + kFffd);
  // An escape that designates nothing (ESC p): what follows is in no known set.
  CHECK(decode("\x1B$B9g\x1Bp"
               "F12q\x1B(Bx") == "合" + kFffd + kFffd + "x");
  // "ESC . F" cut to its ESC: the Greek that follows must not come out in the Latin-1 set
  // designated before.
  CHECK(decode("\x1B.A\x1BNi\x1B\x1BNa", "ISO-2022-JP-2") == "é" + kFffd + kFffd);
  // An unknown G2 designation: G2 characters and G0 text alike are unknown until ESC ( B.
  CHECK(decode("a\x1B.Z\x1BNib\x1B(Bc", "ISO-2022-JP-2") == "a" + kFffd + kFffd + kFffd + "c");
}

TEST_CASE("a truncated escape does not leave the previous set in force", "[charset][iso2022jp]") {
  // "ESC ( B" lost its B before the line break: "Hello" must not be read as JIS pairs.
  CHECK(decode("\x1B$B9gF1\x1B(\r\nHello") == "合同" + kFffd + "\r\n" + kFffd);
  // "ESC $ B" lost its B: its pairs are not ASCII.
  CHECK(decode("ab\x1B$9gF1\x1B(Bcd") == "ab" + kFffd + kFffd + "cd");
  CHECK(decode("ab\x1B$") == "ab" + kFffd);
  CHECK(decode("ab\x1B$(") == "ab" + kFffd);
  CHECK(decode("ab\x1B") == "ab" + kFffd);
}

TEST_CASE("a bad pair is one U+FFFD and the next pair decodes", "[charset][iso2022jp]") {
  // JIS row 9 has no CP932 character: one U+FFFD for the pair, then 合 again.
  CHECK(decode("\x1B$B9g)!9g\x1B(B") == "合" + kFffd + "合");
  // KS C 5601 row 13 is empty; GB 2312 row 10; JIS X 0212 row 1.
  CHECK(decode("\x1B$(C-!(g\x1B(B") == kFffd + "①");
  CHECK(decode("\x1B$A*!D"
               "c\x1B(B") == kFffd + "你");
  CHECK(decode("\x1B$(D!!<t\x1B(B") == kFffd + "彅");
  // JIS X 0212 rows are no JIS X 0213 plane 2 characters.
  CHECK(decode("\x1B$(P<t\x1B(B") == kFffd);
  // A first byte alone: one U+FFFD, and the byte after it is read on its own.
  CHECK(decode("\x1B$B9gF\x1B(Bcd") == "合" + kFffd + "cd");
  CHECK(decode("\x1B$B9g9\xFF"
               "12\x1B(B") == "合" + kFffd + kFffd + "渦");
  // 8-bit bytes are in no ISO-2022-JP set.
  CHECK(decode("\x1B$B9g\x1B(Ba\x80"
               "b") == "合a" + kFffd + "b");
  CHECK(
      lossy("\x1B$B9g\x1B(Ba\x80"
            "b"));
}

TEST_CASE("line breaks and spaces pass through a two-byte run", "[charset][iso2022jp]") {
  CHECK(decode("\x1B$B9gF1\r\n9g\x1B(B") == "合同\r\n合");
  CHECK(decode("\x1B$B9g F1\x1B(B") == "合 同");
  CHECK_FALSE(lossy("\x1B$B9gF1\r\n9g\x1B(B"));
}
