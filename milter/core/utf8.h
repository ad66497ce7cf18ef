// utf8.h - appends one Unicode code point to a UTF-8 string (GLib's encoder). A value that
// is no scalar value (NUL, a surrogate, past U+10FFFF) becomes U+FFFD.
#pragma once

#include <glib.h>

#include <cstdint>
#include <string>

namespace sa {

inline void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  char buf[6];
  const int n = g_unichar_to_utf8(static_cast<gunichar>(cp), buf);
  out.append(buf, static_cast<std::size_t>(n));
}

}  // namespace sa
