// text_controls.h - the one list of characters that must not reach a reader unchanged from
// mail: controls (C0, DEL, C1, line and paragraph separators), bidi controls, which reorder
// what a reviewer sees ("Trojan Source"), and invisible format characters, which hide text
// or split it. Used for added headers, log lines and terminal output alike, so that the
// three cannot disagree about what is safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sa {

// C0 (TAB, LF and CR included), DEL, C1 (NEL included), U+2028, U+2029.
bool is_control_char(char32_t c);

// U+202A-202E, U+2066-2069, U+200E, U+200F, U+061C.
bool is_bidi_control(char32_t c);

// Zero-width and invisible format characters: U+200B-200D, U+2060-2064, U+206A-206F,
// U+FEFF, U+00AD, U+180E, U+FFF9-FFFB.
bool is_invisible_format(char32_t c);

// Any of the three.
inline bool is_unsafe_char(char32_t c) {
  return is_control_char(c) || is_bidi_control(c) || is_invisible_format(c);
}

// Text from mail for one line of a log or a terminal: every unsafe character and every
// invalid UTF-8 byte becomes `replacement`, and so does white space when `spaces_too` (a
// key=value field). At most `max_bytes` bytes, never cut inside a UTF-8 sequence; "..."
// marks a cut.
std::string line_safe(std::string_view text, char replacement, bool spaces_too,
                      std::size_t max_bytes = std::string::npos);

}  // namespace sa
