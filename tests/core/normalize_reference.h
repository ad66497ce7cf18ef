// normalize_reference.h - plain reference implementations of normalize_for_matching and
// strip_controls for the differential tests (tests/core/text_normalize_property_test.cc and
// the fuzz_charset target): GLib's UTF-8 decoder on every character, the pre-pass as its own
// pass, and GLib's NFKC over the whole text at once (per NUL-free piece: GLib stops at NUL).
// Slow and obviously right; the real ones must give the same bytes.
#pragma once

#include <glib.h>

#include <string>
#include <string_view>

#include "core/utf8.h"

namespace sa::reference {
inline constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

// Decodes one UTF-8 sequence at s[i]; returns its length (0 when invalid) and the code point.
inline std::size_t next_code_point(std::string_view s, std::size_t i, gunichar& cp) {
  const gchar* p = s.data() + i;
  gunichar c = g_utf8_get_char_validated(p, static_cast<gssize>(s.size() - i));
  if (c == static_cast<gunichar>(-1) || c == static_cast<gunichar>(-2)) return 0;
  cp = c;
  return static_cast<std::size_t>(g_utf8_next_char(p) - p);
}

// NFKC of a whole valid UTF-8 text, by GLib in one call per NUL-free piece (GLib stops at
// a NUL, which NFKC leaves alone): what normalising segment by segment must equal.
inline std::string nfkc_whole(const std::string& text) {
  std::string out;
  std::size_t from = 0;
  while (true) {
    const std::size_t nul = text.find('\0', from);
    const std::size_t end = nul == std::string::npos ? text.size() : nul;
    gchar* n =
        g_utf8_normalize(text.data() + from, static_cast<gssize>(end - from), G_NORMALIZE_NFKC);
    if (n) out += n;
    g_free(n);
    if (nul == std::string::npos) return out;
    out.push_back('\0');
    from = nul + 1;
  }
}

inline std::string normalize_for_matching(std::string_view utf8) {
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
  return nfkc_whole(pre);
}

inline std::string strip_controls(std::string_view utf8, bool keep_newlines) {
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

}  // namespace sa::reference
