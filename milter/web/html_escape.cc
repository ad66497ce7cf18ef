// html_escape.cc - escape_html: valid UTF-8 first (ledger/ledger_reader.h's valid_utf8), then
// one pass over the code points.
#include "web/html_escape.h"

#include <cstdio>

#include "core/text_controls.h"
#include "ledger/ledger_reader.h"

namespace sa::web {

bool is_bidi_control(char32_t cp) { return sa::is_bidi_control(cp) || is_invisible_format(cp); }

std::string escape_html(std::string_view raw) {
  const std::string text = valid_utf8(raw);
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    char32_t cp = c;
    if (len > 1) {
      cp = c & (0x7F >> len);
      for (std::size_t k = 1; k < len; ++k) cp = cp << 6 | (text[i + k] & 0x3F);
    }
    if (cp == '&') {
      out += "&amp;";
    } else if (cp == '<') {
      out += "&lt;";
    } else if (cp == '>') {
      out += "&gt;";
    } else if (cp == '"') {
      out += "&quot;";
    } else if (cp == '\'') {
      out += "&#39;";
    } else if (is_control_char(cp)) {
      out += ' ';  // controls (CR, LF, TAB too): one space, nothing the browser interprets
    } else if (is_bidi_control(cp)) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "[U+%04X]", static_cast<unsigned>(cp));
      out += buf;
    } else {
      out.append(text, i, len);
    }
    i += len;
  }
  return out;
}

}  // namespace sa::web
