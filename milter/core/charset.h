// charset.h - decode bytes in a declared charset to UTF-8, tolerant of what Japanese mail
// really contains: the whole ISO-2022-JP family (CP50220-style NEC row 13 and kana, -1, -2, -3,
// -2004), Shift_JIS/CP932/Shift_JIS-2004, EUC-JP/eucJP-ms/EUC-JIS-2004, UTF-8 mislabelled as
// ISO-2022-JP. Undecodable input becomes one U+FFFD per character, never other text
// (docs/charsets.md).
#pragma once

#include <string>
#include <string_view>

namespace sa {

struct DecodedText {
  std::string utf8;
  bool lossy = false;            // some bytes could not be decoded and were replaced by U+FFFD
  bool unknown_charset = false;  // the label named no charset we know; decoded as best guess
};

// Decodes `bytes` labelled `charset` (case-insensitive label; empty = undeclared).
DecodedText decode_to_utf8(std::string_view bytes, std::string_view charset);

// Decodes RFC 2047 encoded-words in a header value (joins words split mid-character).
std::string decode_rfc2047(std::string_view raw_value);

}  // namespace sa
