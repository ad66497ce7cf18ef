// text_normalize_property_test.cc - normalize_for_matching and strip_controls against plain
// reference implementations (GLib's UTF-8 decoder on every character, a separate pre-pass,
// and GLib's NFKC over the whole text at once), on input nobody wrote by hand: random
// Japanese text, fullwidth and halfwidth forms, combining marks, Hangul, wave dashes, CR/LF
// mixes and invalid or cut-short UTF-8; and every BMP code point in the contexts where NFKC
// makes neighbours interact.
#include <glib.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "core/nfkc_table.h"
#include "core/text_normalize.h"
#include "core/utf8.h"
#include "normalize_reference.h"

namespace reference = sa::reference;

namespace {

// Pieces random texts are made of: each is one byte sequence, valid or not.
const std::vector<std::string> kPieces = {
    "a", "Z", "0", " ", "\t", "\n", "\r", "\r\n", ":", "-", "~", "自己宣言", "利用者番号", "一つ星",
    "二つ星", "【", "】", "「", "」", "：", "、", "。", "ＡＢＣ", "１２３", "（", "）", "　", "ｱｲｳ",
    "ｶﾞ", "ﾟ", "ﾞ", "か", "\xE3\x82\x99",  // U+3099
    "e", "\xCC\x81", "\xEF\xBD\x9E", "\xE3\x80\x9C", "\xE2\x81\x93", "\xE2\x88\x92", "①", "㈱",
    "㍻", "ﬁ", "Å", "\xE2\x84\xAB", "é", "★", "☆", "\xEF\xBB\xBF", "\xC2\x85", "\xC2\x9F", "\x7F",
    "\x01", "\x1B",
    // invalid or cut short
    "\xFF", "\xC0\xAF", "\xC1\xBF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80",
    "\xF8\x88\x80\x80\x80", "\xE3\x81", "\xE3", "\x80", "\xBF", "\xF0\x9F\x98", "\xF0\x9F\x98\x80",
    "\xEF\xBF\xBE", "\xEF\xBF\xBF", "\xF3\xA0\x80\x81",
    // characters NFKC maps, next to marks that may compose with what they map to
    "Ａ", "ｏ", "ｶ", "ﾊ", "ﾟ", "ｰ", "※", "■", "Ⅻ", "\xE2\x84\xA6", "\xC2\xA0", "\xE3\x80\x80", "=",
    "<", "\xCC\xB8", "\xCC\xA3", "\xE1\xBA\x9B", "\xCD\x84", "\xE0\xBD\xB3",
    // Hangul: a syllable, leading, vowel and trailing jamo
    "한", "가", "\xE1\x84\x80", "\xE1\x85\xA1", "\xE1\x86\xA8"};

std::string random_text(std::mt19937& rng) {
  std::string out;
  const int pieces = static_cast<int>(rng() % 40);
  for (int i = 0; i < pieces; ++i) {
    if (rng() % 8 == 0) {
      out.push_back(static_cast<char>(rng() & 0xFF));  // any byte at all
    } else {
      out += kPieces[rng() % kPieces.size()];
    }
  }
  return out;
}

}  // namespace

TEST_CASE("normalize_for_matching agrees with the reference on random text",
          "[normalize][property]") {
  std::mt19937 rng(1201);
  for (int trial = 0; trial < 20000; ++trial) {
    const std::string text = random_text(rng);
    INFO("input bytes " << text.size() << ": " << text);
    REQUIRE(sa::normalize_for_matching(text) == reference::normalize_for_matching(text));
    REQUIRE(sa::strip_controls(text, true) == reference::strip_controls(text, true));
    REQUIRE(sa::strip_controls(text, false) == reference::strip_controls(text, false));
  }
}

TEST_CASE("normalize_for_matching agrees with the reference on every two-byte input",
          "[normalize][property]") {
  std::string text(2, '\0');
  for (int a = 0; a < 256; ++a) {
    for (int b = 0; b < 256; ++b) {
      text[0] = static_cast<char>(a);
      text[1] = static_cast<char>(b);
      REQUIRE(sa::normalize_for_matching(text) == reference::normalize_for_matching(text));
    }
  }
}

TEST_CASE("every code point's UTF-8 is read as GLib reads it", "[normalize][property]") {
  // All scalar values and the surrogates (whose UTF-8 form is invalid), each between letters.
  for (gunichar cp = 0x80; cp <= 0x10FFFF; cp += (cp < 0x31000 ? 1 : 97)) {
    char buf[8];
    const int n = g_unichar_to_utf8(cp, buf);
    const std::string text = "a" + std::string(buf, static_cast<std::size_t>(n)) + "b";
    REQUIRE(sa::strip_controls(text, true) == reference::strip_controls(text, true));
  }
}

TEST_CASE("normalize_for_matching is GLib's NFKC for every BMP code point in context",
          "[normalize][property]") {
  // Each code point alone, before marks that compose or reorder (U+0301, U+0323, U+3099,
  // halfwidth U+FF9E, U+0338, a trailing Hangul jamo), and after bases that compose with it.
  const std::vector<std::pair<std::string, std::string>> contexts = {
      {"a", "b"},
      {"", "\xCC\x81"},
      {"", "\xCC\xA3\xCC\x81"},
      {"", "\xE3\x82\x99"},
      {"", "\xEF\xBE\x9E"},
      {"", "\xCC\xB8"},
      {"", "\xE1\x86\xA8"},
      {"か", ""},
      {"e", ""},
      {"\xE1\x84\x80", ""},
      {"가", "x"},
      {"ｶ", "１"},
      {std::string(1, '\0'), ""}};  // GLib stops at NUL: no segment may start with one
  for (gunichar cp = 1; cp < 0x10000; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    char buf[8];
    const std::string c(buf, static_cast<std::size_t>(g_unichar_to_utf8(cp, buf)));
    for (const auto& [before, after] : contexts) {
      const std::string text = before + c + after;
      INFO("U+" << std::hex << cp << " in context: " << text);
      REQUIRE(sa::normalize_for_matching(text) == reference::normalize_for_matching(text));
    }
  }
}

TEST_CASE("nfkc_kind's ranges answered without the table agree with the table",
          "[normalize][property]") {
  for (std::uint32_t cp = 0; cp < 0x10000; ++cp) {
    INFO("U+" << std::hex << cp);
    REQUIRE(sa::nfkc_kind(cp) == sa::nfkc_kind_from_table(cp));
  }
  REQUIRE(sa::nfkc_kind(0xFF1A) == ':');                // FULLWIDTH COLON
  REQUIRE(sa::nfkc_kind(0xFF76) == 0x30AB);             // HALFWIDTH KATAKANA KA
  REQUIRE(sa::nfkc_kind(0x3099) == sa::kNfkcUnstable);  // combining voiced sound mark
  REQUIRE(sa::nfkc_kind(0xFF9E) == sa::kNfkcUnstable);  // halfwidth one: maps to U+3099
  REQUIRE(sa::nfkc_kind(0x3042) == sa::kNfkcStable);
  REQUIRE(sa::nfkc_kind(0x1F600) == sa::kNfkcUnstable);  // past the BMP
}
