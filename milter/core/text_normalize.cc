// text_normalize.cc - the normalisation applied before matching, and control-character
// stripping for header values. Choice made here: the wave-dash family (U+301C WAVE DASH,
// U+2053 SWUNG DASH, U+FF5E FULLWIDTH TILDE) all end up as ASCII '~' (U+301C and U+2053 are
// first mapped to U+FF5E, which NFKC folds to '~'), so CP932 and JIS decoders of Shift_JIS
// 81 60 agree. U+2212 MINUS SIGN becomes '-' for the same reason (Shift_JIS 81 7C).
// It does not decode charsets (charset.cc) nor strip HTML (html_text.cc).
#include "core/text_normalize.h"

#include <glib.h>

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>

#include "core/byte_structure.h"
#include "core/utf8.h"

namespace sa {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

// Decodes the UTF-8 sequence at s[i]; returns its length, or 0 when it is invalid or cut
// short (byte_structure.h's utf8_char_len: RFC 3629, as GLib's g_utf8_get_char_validated).
[[gnu::always_inline]] inline std::size_t next_code_point(std::string_view s, std::size_t i,
                                                          gunichar& cp) {
  const std::size_t n = utf8_char_len(s, i);
  const auto* p = reinterpret_cast<const unsigned char*>(s.data()) + i;
  switch (n) {
    case 1:
      cp = p[0];
      break;
    case 2:
      cp = ((p[0] & 0x1Fu) << 6) | (p[1] & 0x3Fu);
      break;
    case 3:
      cp = ((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
      break;
    case 4:
      cp = ((p[0] & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) | ((p[2] & 0x3Fu) << 6) | (p[3] & 0x3Fu);
      break;
    default:
      break;
  }
  return n;
}

// Characters NFKC leaves alone that never combine with the character before them: a
// normalisation segment may start at any of them. Covers ASCII and the bulk of Japanese
// text (kana, common CJK ideographs and punctuation).
bool is_stable_starter(gunichar cp) {
  return cp < 0x80 || (cp >= 0x3001 && cp <= 0x3002) || (cp >= 0x300C && cp <= 0x3011) ||
         (cp >= 0x3041 && cp <= 0x3096) || (cp >= 0x30A1 && cp <= 0x30FC) ||
         (cp >= 0x4E00 && cp <= 0x9FFF);
}

// NFKC of valid UTF-8, calling GLib only on the runs that may change (GLib's normaliser
// is slow: running it over whole Japanese bodies would dominate the engine's time). A run
// starts at the stable character before the first unstable one, so compositions with it
// (e.g. か + U+3099) are still made.
std::string nfkc_segments(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t committed = 0;  // text[0, committed) is in `out`
  std::size_t prev = 0;       // start of the last stable character
  std::size_t region = std::string_view::npos;
  auto normalize_region = [&](std::size_t end) {
    gchar* n =
        g_utf8_normalize(text.data() + region, static_cast<gssize>(end - region), G_NORMALIZE_NFKC);
    if (n) {
      out.append(n);
      g_free(n);
    }
    committed = end;
    region = std::string_view::npos;
  };
  for (std::size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80 && region == std::string_view::npos) {
      // A run of ASCII outside a region: all stable; the last one is where a region starts.
      std::size_t j = i + 1;
      while (j < text.size() && static_cast<unsigned char>(text[j]) < 0x80) ++j;
      prev = j - 1;
      i = j;
      continue;
    }
    gunichar cp = 0;
    std::size_t len = next_code_point(text, i, cp);
    if (len == 0) len = 1;  // cannot happen: the caller passes valid UTF-8
    if (is_stable_starter(cp)) {
      if (region != std::string_view::npos) normalize_region(i);
      prev = i;
    } else if (region == std::string_view::npos) {
      region = std::max(prev, committed);
      out.append(text.substr(committed, region - committed));
    }
    i += len;
  }
  if (region != std::string_view::npos) {
    normalize_region(text.size());
  } else {
    out.append(text.substr(committed));
  }
  return out;
}

}  // namespace

std::string normalize_for_matching(std::string_view utf8) {
  std::string pre;
  pre.reserve(utf8.size());
  bool ascii_only = true;
  std::size_t copied = 0;  // utf8[0, copied) is in `pre`; bytes after it are copied in runs
  auto flush = [&](std::size_t to) { pre.append(utf8.data() + copied, to - copied); };
  for (std::size_t i = 0; i < utf8.size();) {
    const unsigned char c = static_cast<unsigned char>(utf8[i]);
    if (c < 0x80 && c != '\r') {
      ++i;
      continue;
    }
    if (c == '\r') {
      flush(i);
      pre.push_back('\n');
      i += (i + 1 < utf8.size() && utf8[i + 1] == '\n') ? 2 : 1;
      copied = i;
      continue;
    }
    ascii_only = false;
    gunichar cp = 0;
    const std::size_t n = next_code_point(utf8, i, cp);
    if (n == 0) {
      flush(i);
      pre.append(kReplacement);
      copied = ++i;
      continue;
    }
    if (cp == 0x301C || cp == 0x2053 || cp == 0x2212) {
      flush(i);
      if (cp == 0x2212) {
        pre.push_back('-');
      } else {
        append_utf8(pre, 0xFF5E);
      }
      copied = i + n;
    }
    i += n;
  }
  flush(utf8.size());
  if (ascii_only) return pre;
  return nfkc_segments(pre);
}

std::string strip_controls(std::string_view utf8, bool keep_newlines) {
  std::string out;
  out.reserve(utf8.size());
  std::size_t copied = 0;  // utf8[0, copied) is done; kept bytes after it are copied in runs
  for (std::size_t i = 0; i < utf8.size();) {
    const unsigned char c = static_cast<unsigned char>(utf8[i]);
    if (c >= 0x20 && c < 0x7F) {
      ++i;
      continue;
    }
    if (c < 0x80) {
      out.append(utf8.data() + copied, i - copied);
      // Without newlines kept, TAB and LF separate words: they become one space.
      if (c == '\t' || c == '\n') out.push_back(keep_newlines ? static_cast<char>(c) : ' ');
      copied = ++i;
      continue;
    }
    gunichar cp = 0;
    const std::size_t n = next_code_point(utf8, i, cp);
    if (n == 0 || (cp >= 0x80 && cp <= 0x9F)) {  // invalid, or a C1 control: dropped
      out.append(utf8.data() + copied, i - copied);
      i += n == 0 ? 1 : n;
      copied = i;
      continue;
    }
    i += n;
  }
  out.append(utf8.data() + copied, utf8.size() - copied);
  return out;
}

}  // namespace sa
