// byte_structure.cc - byte ranges of the multi-byte encodings, by iconv name, and the length of
// an undecodable character in each. The ranges are the encodings' structure (lead and trail byte
// sets), not their repertoire: a well-formed pair that maps to nothing is still one character.
#include "core/byte_structure.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

namespace sa {
namespace {

unsigned char byte_at(std::string_view s, std::size_t i) {
  return static_cast<unsigned char>(s[i]);
}

bool in(unsigned char c, unsigned lo, unsigned hi) { return c >= lo && c <= hi; }

// Upper case without '-' and '_': "Shift_JIS", "SHIFT-JIS" and "shiftjis" are one key.
std::string key_of(std::string_view name) {
  std::string k;
  for (char c : name) {
    if (c == '-' || c == '_') continue;
    k.push_back((c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c);
  }
  return k;
}

constexpr std::pair<std::string_view, ByteStructure> kNames[] = {
    {"UTF8", ByteStructure::Utf8},
    {"UTF16", ByteStructure::Utf16},
    {"UTF16LE", ByteStructure::Utf16},
    {"UTF16BE", ByteStructure::Utf16},
    {"UCS2", ByteStructure::Utf16},
    {"UCS2LE", ByteStructure::Utf16},
    {"UCS2BE", ByteStructure::Utf16},
    {"UTF32", ByteStructure::Utf32},
    {"UTF32LE", ByteStructure::Utf32},
    {"UTF32BE", ByteStructure::Utf32},
    {"UCS4", ByteStructure::Utf32},
    {"UCS4LE", ByteStructure::Utf32},
    {"UCS4BE", ByteStructure::Utf32},
    {"SHIFTJIS", ByteStructure::ShiftJis},
    {"SJIS", ByteStructure::ShiftJis},
    {"MSKANJI", ByteStructure::ShiftJis},
    {"CSSHIFTJIS", ByteStructure::ShiftJis},
    {"CP932", ByteStructure::ShiftJis},
    {"MS932", ByteStructure::ShiftJis},
    {"WINDOWS31J", ByteStructure::ShiftJis},
    {"IBM932", ByteStructure::ShiftJis},
    {"IBM943", ByteStructure::ShiftJis},
    {"SJISOPEN", ByteStructure::ShiftJis},
    {"SJISWIN", ByteStructure::ShiftJis},
    {"SHIFTJISX0213", ByteStructure::ShiftJis},
    {"EUCJP", ByteStructure::Euc},
    {"EUCJPMS", ByteStructure::Euc},
    {"EUCJPOPEN", ByteStructure::Euc},
    {"EUCJPWIN", ByteStructure::Euc},
    {"UJIS", ByteStructure::Euc},
    {"CSEUCPKDFMTJAPANESE", ByteStructure::Euc},
    {"EUCJISX0213", ByteStructure::Euc},
    {"EUCKR", ByteStructure::Euc},
    {"CSEUCKR", ByteStructure::Euc},
    {"EUCCN", ByteStructure::Euc},
    {"GB2312", ByteStructure::Euc},
    {"CSGB2312", ByteStructure::Euc},
    {"EUCTW", ByteStructure::EucTw},
    {"CSEUCTW", ByteStructure::EucTw},
    {"GBK", ByteStructure::DoubleByte},
    {"CP936", ByteStructure::DoubleByte},
    {"MS936", ByteStructure::DoubleByte},
    {"WINDOWS936", ByteStructure::DoubleByte},
    {"CP949", ByteStructure::DoubleByte},
    {"UHC", ByteStructure::DoubleByte},
    {"BIG5", ByteStructure::DoubleByte},
    {"BIGFIVE", ByteStructure::DoubleByte},
    {"CSBIG5", ByteStructure::DoubleByte},
    {"CP950", ByteStructure::DoubleByte},
    {"BIG5HKSCS", ByteStructure::DoubleByte},
    {"GB18030", ByteStructure::Gb18030},
};

// Longest prefix of s[i..] that could begin a UTF-8 character (for a broken one).
std::size_t utf8_prefix_len(std::string_view s, std::size_t i) {
  unsigned char c = byte_at(s, i);
  std::size_t need = 0;
  unsigned lo = 0x80;
  unsigned hi = 0xBF;
  if (in(c, 0xC2, 0xDF)) {
    need = 1;
  } else if (in(c, 0xE0, 0xEF)) {
    need = 2;
    if (c == 0xE0) lo = 0xA0;  // no overlong forms
    if (c == 0xED) hi = 0x9F;  // no surrogates
  } else if (in(c, 0xF0, 0xF4)) {
    need = 3;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
  } else {
    return 1;
  }
  std::size_t n = 1;
  while (n <= need && i + n < s.size()) {
    unsigned char t = byte_at(s, i + n);
    if (!(n == 1 ? in(t, lo, hi) : in(t, 0x80, 0xBF))) break;
    ++n;
  }
  return n;
}

// 1 + how many of the `count` bytes after s[i] lie in [lo, hi].
std::size_t lead_and_trail(std::string_view s, std::size_t i, std::size_t count, unsigned lo,
                           unsigned hi) {
  std::size_t n = 1;
  while (n <= count && i + n < s.size() && in(byte_at(s, i + n), lo, hi)) ++n;
  return n;
}

bool double_byte_trail(unsigned char t) { return in(t, 0x40, 0x7E) || in(t, 0x80, 0xFE); }

}  // namespace

ByteStructure structure_of(std::string_view iconv_name) {
  const std::string k = key_of(iconv_name);
  for (const auto& [name, structure] : kNames) {
    if (name == k) return structure;
  }
  return ByteStructure::Stateful;
}

std::size_t broken_char_len(ByteStructure structure, std::string_view s, std::size_t i) {
  const std::size_t left = s.size() - i;
  const unsigned char c = byte_at(s, i);
  const unsigned char next = left > 1 ? byte_at(s, i + 1) : 0;
  switch (structure) {
    case ByteStructure::Single:
      return 1;
    case ByteStructure::Utf8:
      return utf8_prefix_len(s, i);
    case ByteStructure::Utf16:
      return left < 2 ? left : 2;
    case ByteStructure::Utf32:
      return left < 4 ? left : 4;
    case ByteStructure::ShiftJis:
      if ((in(c, 0x81, 0x9F) || in(c, 0xE0, 0xFC)) && left > 1 &&
          (in(next, 0x40, 0x7E) || in(next, 0x80, 0xFC)))
        return 2;
      return 1;
    case ByteStructure::Euc:
      if (c == 0x8E) return lead_and_trail(s, i, 1, 0xA1, 0xFE);
      if (c == 0x8F) return lead_and_trail(s, i, 2, 0xA1, 0xFE);
      if (in(c, 0xA1, 0xFE)) return lead_and_trail(s, i, 1, 0xA1, 0xFE);
      return 1;
    case ByteStructure::EucTw:
      if (c == 0x8E) return lead_and_trail(s, i, 3, 0xA1, 0xFE);
      if (in(c, 0xA1, 0xFE)) return lead_and_trail(s, i, 1, 0xA1, 0xFE);
      return 1;
    case ByteStructure::DoubleByte:
      return in(c, 0x81, 0xFE) && left > 1 && double_byte_trail(next) ? 2 : 1;
    case ByteStructure::Gb18030:
      if (!in(c, 0x81, 0xFE) || left < 2) return 1;
      if (in(next, 0x30, 0x39)) {
        std::size_t n = 2;
        if (i + n < s.size() && in(byte_at(s, i + n), 0x81, 0xFE)) ++n;
        if (n == 3 && i + n < s.size() && in(byte_at(s, i + n), 0x30, 0x39)) ++n;
        return n;
      }
      return double_byte_trail(next) ? 2 : 1;
    case ByteStructure::Stateful:
      return left;
  }
  return 1;
}

}  // namespace sa
