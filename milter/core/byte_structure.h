// byte_structure.h - where one character starts and ends in the byte encodings we decode, so
// that an undecodable character becomes exactly one U+FFFD and decoding resumes at the next
// character, never inside one. It knows byte ranges only: no mapping tables, no iconv.
#pragma once

#include <cstddef>
#include <string_view>

namespace sa {

enum class ByteStructure {
  Single,      // one byte per character: ISO-8859-*, windows-125x, KOI8-*, ...
  Utf8,        // RFC 3629
  Utf16,       // 2-byte units; a lone surrogate is one unit
  Utf32,       // 4-byte units
  ShiftJis,    // lead 81-9F or E0-FC + trail 40-7E or 80-FC; everything else one byte
  Euc,         // A1-FE + A1-FE, SS2 8E + 1 byte, SS3 8F + 2 bytes (EUC-JP, -KR, -CN, -JISX0213)
  EucTw,       // as Euc, but SS2 8E is followed by 3 bytes
  DoubleByte,  // lead 81-FE + trail 40-7E or 80-FE: GBK, CP949, Big5
  Gb18030,     // DoubleByte plus the 4-byte form 81-FE 30-39 81-FE 30-39
  Stateful,    // shift states we do not parse (UTF-7, HZ, ISO-2022-KR/-CN): no safe resync
};

// Structure of a charset by its iconv name (case-insensitive). Returns Stateful for names this
// table does not know; the iconv layer then probes whether the charset is single-byte.
ByteStructure structure_of(std::string_view iconv_name);

// Length of the valid UTF-8 character at s[i]; 0 when none starts there (RFC 3629: no overlong
// forms, no surrogates, nothing above U+10FFFF). Inline: every UTF-8 body goes through it.
inline std::size_t utf8_char_len(std::string_view s, std::size_t i) {
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  auto cont = [&](std::size_t k) { return (b(k) & 0xC0) == 0x80; };
  const unsigned char c = b(i);
  if (c < 0x80) return 1;
  const std::size_t n = s.size() - i;
  if (c >= 0xC2 && c <= 0xDF) return n >= 2 && cont(i + 1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (n < 3 || !cont(i + 1) || !cont(i + 2)) return 0;
    if (c == 0xE0 && b(i + 1) < 0xA0) return 0;   // overlong
    if (c == 0xED && b(i + 1) >= 0xA0) return 0;  // surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (n < 4 || !cont(i + 1) || !cont(i + 2) || !cont(i + 3)) return 0;
    if (c == 0xF0 && b(i + 1) < 0x90) return 0;   // overlong
    if (c == 0xF4 && b(i + 1) >= 0x90) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

// Length of the undecodable sequence at s[i] (i < s.size()): the longest prefix of s[i..] that is
// well-formed as the start of one character of `structure`, at least 1 (Unicode's "maximal
// subpart" rule, applied to every structure). For Stateful it is the rest of s. At a character
// that does decode, it is that character's length.
std::size_t broken_char_len(ByteStructure structure, std::string_view s, std::size_t i);

}  // namespace sa
