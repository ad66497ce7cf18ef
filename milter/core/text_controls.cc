// text_controls.cc - the unsafe-character predicates and line_safe (text_controls.h).
#include "core/text_controls.h"

#include <glib.h>

#include <algorithm>

namespace sa {

bool is_control_char(char32_t c) {
  return c < 0x20 || (c >= 0x7f && c < 0xa0) || c == 0x2028 || c == 0x2029;
}

bool is_bidi_control(char32_t c) {
  return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e ||
         c == 0x200f || c == 0x061c;
}

bool is_invisible_format(char32_t c) {
  return (c >= 0x200b && c <= 0x200d) || (c >= 0x2060 && c <= 0x2064) ||
         (c >= 0x206a && c <= 0x206f) || c == 0xfeff || c == 0x00ad || c == 0x180e ||
         (c >= 0xfff9 && c <= 0xfffb);
}

std::string line_safe(std::string_view text, char replacement, bool spaces_too,
                      std::size_t max_bytes) {
  std::string out;
  out.reserve(std::min(text.size(), max_bytes) + 3);
  const char* p = text.data();
  const char* end = p + text.size();
  while (p < end) {
    const unsigned char byte = static_cast<unsigned char>(*p);
    const char* next = p + 1;
    bool keep = true;
    bool space = false;
    if (byte < 0x80) {
      space = byte == ' ';
      keep = !is_control_char(byte);
    } else {
      const gunichar c = g_utf8_get_char_validated(p, end - p);
      if (c == static_cast<gunichar>(-1) || c == static_cast<gunichar>(-2)) {
        keep = false;  // one invalid byte
      } else {
        next = g_utf8_next_char(p);
        space = g_unichar_isspace(c) || g_unichar_type(c) == G_UNICODE_SPACE_SEPARATOR;
        keep = !is_unsafe_char(c);
      }
    }
    if (spaces_too && space) keep = false;
    const std::size_t add = keep ? static_cast<std::size_t>(next - p) : 1;
    if (out.size() + add > max_bytes) {
      out += "...";
      break;
    }
    if (keep) {
      out.append(p, next);
    } else {
      out.push_back(replacement);
    }
    p = next;
  }
  return out;
}

}  // namespace sa
