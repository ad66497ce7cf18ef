// text_normalize.cc - the normalisation applied before matching, and control-character
// stripping for header values. Choice made here: the wave-dash family (U+301C WAVE DASH,
// U+2053 SWUNG DASH, U+FF5E FULLWIDTH TILDE) all end up as ASCII '~' (U+301C and U+2053 are
// first mapped to U+FF5E, which NFKC folds to '~'), so CP932 and JIS decoders of Shift_JIS
// 81 60 agree. U+2212 MINUS SIGN becomes '-' for the same reason (Shift_JIS 81 7C).
// It does not decode charsets (charset.cc) nor strip HTML (html_text.cc).
#include "core/text_normalize.h"

#include <glib.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace sa {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

// Decodes one UTF-8 sequence at s[i]; returns its length (0 when invalid) and the code point.
std::size_t next_code_point(std::string_view s, std::size_t i, gunichar& cp) {
  const gchar* p = s.data() + i;
  gunichar c = g_utf8_get_char_validated(p, static_cast<gssize>(s.size() - i));
  if (c == static_cast<gunichar>(-1) || c == static_cast<gunichar>(-2)) return 0;
  cp = c;
  return static_cast<std::size_t>(g_utf8_next_char(p) - p);
}

void append_code_point(std::string& out, gunichar cp) {
  char buf[6];
  int n = g_unichar_to_utf8(cp, buf);
  out.append(buf, static_cast<std::size_t>(n));
}

}  // namespace

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
      append_code_point(pre, 0xFF5E);
    } else if (cp == 0x2212) {
      pre.push_back('-');
    } else {
      pre.append(utf8.substr(i, n));
    }
    i += n;
  }
  if (ascii_only) return pre;
  gchar* nfkc = g_utf8_normalize(pre.data(), static_cast<gssize>(pre.size()), G_NORMALIZE_NFKC);
  if (nfkc == nullptr) return pre;  // cannot happen: pre is valid UTF-8
  std::string out(nfkc);
  g_free(nfkc);
  return out;
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

}  // namespace sa
