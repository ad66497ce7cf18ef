// text_normalize.cc - the normalisation applied before matching, and control-character
// stripping for header values. A pre-pass, done character by character in the same single
// pass as NFKC: CR and CRLF become LF, invalid UTF-8 becomes U+FFFD, and the wave-dash family
// (U+301C WAVE DASH, U+2053 SWUNG DASH, U+FF5E FULLWIDTH TILDE) all end up as ASCII '~'
// (U+301C and U+2053 are first mapped to U+FF5E, which NFKC folds to '~'), so CP932 and JIS
// decoders of Shift_JIS 81 60 agree. U+2212 MINUS SIGN becomes '-' for the same reason
// (Shift_JIS 81 7C). It does not decode charsets (charset.cc) nor strip HTML (html_text.cc).
#include "core/text_normalize.h"

#include <glib.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/ascii.h"
#include "core/byte_structure.h"
#include "core/nfkc_table.h"
#include "core/utf8.h"

namespace sa {
namespace {

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

// One character as the normaliser sees it: its bytes in the input, the code point the
// pre-pass makes of it (see the top of this file) and how NFKC treats that (nfkc_table.h).
struct Char {
  std::size_t len = 1;
  gunichar cp = 0;         // after the pre-pass
  bool rewritten = false;  // the pre-pass changed it: its bytes are not the input's
  std::uint32_t kind = 0;  // kNfkcStable, kNfkcUnstable or the code point it maps to
};

[[gnu::always_inline]] inline Char read_char(std::string_view s, std::size_t i) {
  Char c;
  const unsigned char b = static_cast<unsigned char>(s[i]);
  if (b == '\r') {  // CR and CRLF become LF
    c.len = (i + 1 < s.size() && s[i + 1] == '\n') ? 2 : 1;
    c.cp = '\n';
    c.rewritten = true;
  } else if (b < 0x80) {
    c.cp = b;
    c.kind = kNfkcStable;
    return c;
  } else if (const std::size_t n = next_code_point(s, i, c.cp); n == 0) {
    c.cp = 0xFFFD;  // invalid or cut short: one replacement character per byte
    c.rewritten = true;
  } else {
    c.len = n;
    if (c.cp == 0x301C || c.cp == 0x2053) {
      c.cp = 0xFF5E;
      c.rewritten = true;
    } else if (c.cp == 0x2212) {
      c.cp = '-';
      c.rewritten = true;
    }
  }
  c.kind = nfkc_kind(c.cp);
  // A rewritten character's input bytes are not what NFKC must see: emit it, never copy it.
  if (c.rewritten && c.kind == kNfkcStable) c.kind = c.cp;
  return c;
}

// Whether the pre-pass rewrites the code point (see the top of this file).
inline bool pre_pass_rewrites(std::uint32_t cp) {
  return cp == 0x301C || cp == 0x2053 || cp == 0x2212;
}

// End of the run of characters from i that the pre-pass and NFKC leave alone (ASCII but CR,
// and two- and three-byte characters nfkc_kind calls stable); sets `last` to the start of
// its last character. The fast path for most Japanese mail: kana and common CJK ideographs
// need no table, and nothing here needs the general decoder.
std::size_t stable_run(std::string_view s, std::size_t i, std::size_t& last) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  auto cont = [p](std::size_t k) { return (p[k] & 0xC0) == 0x80; };
  while (i < n) {
    const unsigned char b = p[i];
    if (b < 0x80) {
      if (b == '\r') break;
      const std::size_t end = ascii_run_end(s, i, true);  // > i: s[i] is ASCII, not CR
      last = end - 1;
      i = end;
      continue;
    }
    std::uint32_t cp = 0;
    std::size_t len = 0;
    if (b >= 0xC2 && b <= 0xDF && i + 1 < n && cont(i + 1)) {
      cp = ((b & 0x1Fu) << 6) | (p[i + 1] & 0x3Fu);
      len = 2;
    } else if (b >= 0xE1 && b <= 0xEF && b != 0xED && i + 2 < n && cont(i + 1) && cont(i + 2)) {
      // No overlong forms (E0) or surrogates (ED) among these.
      cp = ((b & 0x0Fu) << 12) | ((p[i + 1] & 0x3Fu) << 6) | (p[i + 2] & 0x3Fu);
      len = 3;
    } else {
      break;
    }
    if (!nfkc_common_stable(cp) &&
        (pre_pass_rewrites(cp) || nfkc_kind_from_table(cp) != kNfkcStable)) {
      break;
    }
    last = i;
    i += len;
  }
  return i;
}

}  // namespace

// NFKC of the pre-passed text in one pass. Runs of stable characters are copied from the
// input whole; a mapped character is written as its one code point when the character after
// it cannot combine with that; GLib's normaliser (slow) runs only over the segments around
// unstable characters, from the last stable character before them (so that か + U+3099
// still composes) to the next stable or mapped one.
std::string normalize_for_matching(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::string segment;  // the pre-passed bytes of the segment GLib will normalise
  bool in_segment = false;
  std::size_t committed = 0;                    // text[0, committed) is accounted for in `out`
  std::size_t stable = std::string_view::npos;  // start of the last stable character
  auto append_char = [&](std::string& to, std::size_t i, const Char& c) {
    if (c.rewritten) {
      append_utf8(to, c.cp);
    } else {
      to.append(text.data() + i, c.len);
    }
  };
  auto close_segment = [&](std::size_t end) {
    gchar* n =
        g_utf8_normalize(segment.data(), static_cast<gssize>(segment.size()), G_NORMALIZE_NFKC);
    if (n) {
      out.append(n);
      g_free(n);
    }
    committed = end;
    in_segment = false;
  };
  for (std::size_t i = 0; i < text.size();) {
    if (!in_segment) {  // a run of stable characters, copied later
      if (const std::size_t j = stable_run(text, i, stable); j > i) {
        i = j;
        continue;
      }
    }
    const Char c = read_char(text, i);
    if (c.kind == kNfkcStable) {
      if (in_segment) close_segment(i);
      stable = i;
    } else if (c.kind != kNfkcUnstable) {  // maps to one stable code point
      if (in_segment) close_segment(i);
      const std::size_t next = i + c.len;
      out.append(text.data() + committed, i - committed);
      if (next >= text.size() || read_char(text, next).kind != kNfkcUnstable) {
        append_utf8(out, c.kind);
        committed = next;
      } else {  // what follows may combine with it: GLib decides, from here
        committed = i;
        segment.clear();
        append_char(segment, i, c);
        in_segment = true;
      }
    } else {
      if (!in_segment) {
        // From the stable character before, unless it is NUL (GLib stops at a NUL, and NUL
        // composes with nothing).
        std::size_t from = committed;
        if (stable != std::string_view::npos && stable >= committed && text[stable] != '\0') {
          from = stable;
        } else if (stable != std::string_view::npos && stable >= committed) {
          from = stable + 1;
        }
        out.append(text.data() + committed, from - committed);
        segment.assign(text.data() + from, i - from);
        committed = from;
        in_segment = true;
      }
      append_char(segment, i, c);
    }
    i += c.len;
  }
  if (in_segment) {
    close_segment(text.size());
  } else {
    out.append(text.data() + committed, text.size() - committed);
  }
  return out;
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
