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

// Length of the valid UTF-8 character at s[i] when s[i] >= 0x80; 0 when none starts there.
std::size_t utf8_multibyte_len(std::string_view s, std::size_t i);

// Length of the valid UTF-8 character at s[i]; 0 when none starts there.
inline std::size_t utf8_char_len(std::string_view s, std::size_t i) {
  return static_cast<unsigned char>(s[i]) < 0x80 ? 1 : utf8_multibyte_len(s, i);
}

// Length of the undecodable sequence at s[i] (i < s.size()): the longest prefix of s[i..] that is
// well-formed as the start of one character of `structure`, at least 1 (Unicode's "maximal
// subpart" rule, applied to every structure). For Stateful it is the rest of s. At a character
// that does decode, it is that character's length.
std::size_t broken_char_len(ByteStructure structure, std::string_view s, std::size_t i);

}  // namespace sa
