// text_normalize_property_test.cc - normalize_for_matching and strip_controls against the
// plain implementation they replaced (GLib's UTF-8 decoder on every character, kept below as
// the reference), on random input nobody wrote by hand: Japanese text, fullwidth and
// halfwidth forms, combining marks, wave dashes, CR/LF mixes and invalid or cut-short UTF-8.
#include <glib.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "core/text_normalize.h"
#include "core/utf8.h"

namespace reference {
using sa::append_utf8;

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

// Decodes one UTF-8 sequence at s[i]; returns its length (0 when invalid) and the code point.
std::size_t next_code_point(std::string_view s, std::size_t i, gunichar& cp) {
  const gchar* p = s.data() + i;
  gunichar c = g_utf8_get_char_validated(p, static_cast<gssize>(s.size() - i));
  if (c == static_cast<gunichar>(-1) || c == static_cast<gunichar>(-2)) return 0;
  cp = c;
  return static_cast<std::size_t>(g_utf8_next_char(p) - p);
}

// Characters NFKC leaves alone that never combine with the character before them: a
// normalisation segment may start at any of them. Covers ASCII and the bulk of Japanese
// text (kana, common CJK ideographs and punctuation).
bool is_stable_starter(gunichar cp) {
  return cp < 0x80 || (cp >= 0x3001 && cp <= 0x3002) || (cp >= 0x300C && cp <= 0x3011) ||
         (cp >= 0x3041 && cp <= 0x3096) || (cp >= 0x30A1 && cp <= 0x30FC) ||
         (cp >= 0x4E00 && cp <= 0x9FFF);
}

// NFKC of valid UTF-8, calling GLib only on the runs that may change (GLib's normaliser
// is slow: running it over whole Japanese bodies would dominate the engine's time). A run
// starts at the stable character before the first unstable one, so compositions with it
// (e.g. か + U+3099) are still made.
std::string nfkc_segments(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t committed = 0;  // text[0, committed) is in `out`
  std::size_t prev = 0;       // start of the last stable character
  std::size_t region = std::string_view::npos;
  auto normalize_region = [&](std::size_t end) {
    gchar* n =
        g_utf8_normalize(text.data() + region, static_cast<gssize>(end - region), G_NORMALIZE_NFKC);
    if (n) {
      out.append(n);
      g_free(n);
    }
    committed = end;
    region = std::string_view::npos;
  };
  for (std::size_t i = 0; i < text.size();) {
    gunichar cp = 0;
    std::size_t len = next_code_point(text, i, cp);
    if (len == 0) len = 1;  // cannot happen: the caller passes valid UTF-8
    if (is_stable_starter(cp)) {
      if (region != std::string_view::npos) normalize_region(i);
      prev = i;
    } else if (region == std::string_view::npos) {
      region = std::max(prev, committed);
      out.append(text.substr(committed, region - committed));
    }
    i += len;
  }
  if (region != std::string_view::npos) {
    normalize_region(text.size());
  } else {
    out.append(text.substr(committed));
  }
  return out;
}

std::string normalize_for_matching(std::string_view utf8) {
  std::string pre;
  pre.reserve(utf8.size());
  bool ascii_only = true;
  for (std::size_t i = 0; i < utf8.size();) {
    unsigned char c = static_cast<unsigned char>(utf8[i]);
    if (c == '\r') {
      pre.push_back('\n');
      i += (i + 1 < utf8.size() && utf8[i + 1] == '\n') ? 2 : 1;
      continue;
    }
    if (c < 0x80) {
      pre.push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    ascii_only = false;
    gunichar cp = 0;
    std::size_t n = next_code_point(utf8, i, cp);
    if (n == 0) {
      pre.append(kReplacement);
      ++i;
      continue;
    }
    if (cp == 0x301C || cp == 0x2053) {
      append_utf8(pre, 0xFF5E);
    } else if (cp == 0x2212) {
      pre.push_back('-');
    } else {
      pre.append(utf8.substr(i, n));
    }
    i += n;
  }
  if (ascii_only) return pre;
  return nfkc_segments(pre);
}

std::string strip_controls(std::string_view utf8, bool keep_newlines) {
  std::string out;
  out.reserve(utf8.size());
  for (std::size_t i = 0; i < utf8.size();) {
    unsigned char c = static_cast<unsigned char>(utf8[i]);
    if (c < 0x80) {
      if (c == '\t' || c == '\n') {
        // Without newlines kept, TAB and LF separate words: they become one space.
        out.push_back(keep_newlines ? static_cast<char>(c) : ' ');
      } else if (c >= 0x20 && c != 0x7F) {
        out.push_back(static_cast<char>(c));
      }
      ++i;
      continue;
    }
    gunichar cp = 0;
    std::size_t n = next_code_point(utf8, i, cp);
    if (n == 0) {
      ++i;
      continue;
    }
    if (cp >= 0x80 && cp <= 0x9F) {
      i += n;
      continue;
    }
    out.append(utf8.substr(i, n));
    i += n;
  }
  return out;
}

}  // namespace reference

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
    "\xEF\xBF\xBE", "\xEF\xBF\xBF", "\xF3\xA0\x80\x81"};

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
