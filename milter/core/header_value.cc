// header_value.cc - cleaning, RFC 2047 encoding and folding of added header values.
#include "core/header_value.h"

#include <glib.h>

#include <algorithm>
#include <vector>

#include "core/text_controls.h"

namespace sa {
namespace {

constexpr std::size_t kFoldAt = 76;

bool needs_encoding(std::string_view s) {
  for (unsigned char ch : s) {
    if (ch < 0x20 || ch >= 0x7f) return true;
  }
  return s.find("=?") != std::string_view::npos;  // would be read as an encoded-word
}

std::string base64(std::string_view bytes) {
  gchar* b64 = g_base64_encode(reinterpret_cast<const guchar*>(bytes.data()), bytes.size());
  std::string out(b64);
  g_free(b64);
  return out;
}

// Folds printable ASCII at spaces so that no line is longer than kFoldAt.
std::string fold_ascii(std::string_view value, std::size_t first_line_used) {
  std::string out;
  std::size_t line = first_line_used;
  std::size_t pos = 0;
  while (pos < value.size()) {
    std::size_t end = value.find(' ', pos);
    if (end == std::string_view::npos) end = value.size();
    const std::string_view word = value.substr(pos, end - pos);
    if (!out.empty()) {
      if (line + 1 + word.size() > kFoldAt) {
        out += "\n ";
        line = 1;
      } else {
        out += ' ';
        ++line;
      }
    }
    out += word;
    line += word.size();
    pos = end + 1;
  }
  return out;
}

// `text` as =?UTF-8?B?...?= words of whole UTF-8 characters, at most 45 bytes each: 60
// base64 characters, 72 with the wrapper (RFC 2047 allows 75). The first word holds at most
// `first_bytes` (it shares its line with the header's name). A word that is not the last
// ends, where whole characters allow, after a multiple of 3 bytes: its base64 then has no
// '=' padding, which decoders that join adjacent encoded-words before decoding (GMime,
// hence Evolution) would take for the end of the text.
std::vector<std::string> encoded_words(std::string_view text, std::size_t first_bytes = 45) {
  std::vector<std::string> words;
  const char* p = text.data();
  const char* end = p + text.size();
  while (p < end) {
    const char* start = p;
    const auto limit = static_cast<std::ptrdiff_t>(words.empty() ? first_bytes : 45);
    const char* unpadded = nullptr;  // the longest fitting prefix of 3n bytes
    while (p < end) {
      const char* next = g_utf8_find_next_char(p, end);
      if (!next) next = end;
      if (next - start > limit) break;
      p = next;
      if ((p - start) % 3 == 0) unpadded = p;
    }
    if (p < end && unpadded != nullptr) p = unpadded;
    if (p == start) p = std::min(end, start + 1);
    words.push_back("=?UTF-8?B?" + base64(std::string_view(start, p - start)) + "?=");
  }
  return words;
}

}  // namespace

std::string clean_header_text(std::string_view utf8, std::size_t max_chars) {
  std::string out;
  out.reserve(std::min(utf8.size(), max_chars * 4));
  const char* p = utf8.data();
  const char* end = p + utf8.size();
  const char* run = p;  // kept characters from here to p are not yet in `out`
  std::size_t chars = 0;
  bool pending_space = false;
  // Kept characters go into `out` a run at a time: one append per character cost more than
  // the rest of the loop (a profile of the daemon: about 120 instructions a character).
  const auto flush = [&] { out.append(run, p); };
  while (p < end && chars < max_chars) {
    const unsigned char byte = static_cast<unsigned char>(*p);
    gunichar c = byte;
    const char* next = p + 1;
    if (byte >= 0x80) {
      c = g_utf8_get_char_validated(p, end - p);
      if (c == static_cast<gunichar>(-1) || c == static_cast<gunichar>(-2)) {
        flush();  // invalid byte: dropped
        run = ++p;
        continue;
      }
      next = g_utf8_next_char(p);
    }
    const bool space =
        c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x3000 || c == 0x00A0;
    const bool control = is_unsafe_char(c);  // controls, bidi and invisible format characters
    if (space || control) {
      flush();
      if (space) pending_space = !out.empty();
      run = next;
    } else {
      // A space before this character: run == p, so every byte before it is in `out`.
      if (pending_space) {
        if (chars + 2 > max_chars) break;  // no room for the space and this character
        out.push_back(' ');
        ++chars;
        pending_space = false;
      }
      ++chars;
    }
    p = next;
  }
  flush();
  return out;
}

std::string encode_header_value(std::string_view value, std::string_view name) {
  if (!needs_encoding(value)) return fold_ascii(value, name.size() + 2);
  // Words of printable ASCII (addresses, IDs, reasons) stay as they are; each run of other
  // words becomes encoded-words, whose spaces they carry inside (RFC 2047 section 6.2: white
  // space between adjacent encoded-words is not shown). An address glued to non-ASCII text
  // ("事務局<a@ipa.go.jp>") is split off as a word of its own.
  std::vector<std::string> tokens;  // printable words and encoded-words, in order
  std::string run;                  // non-ASCII text not yet encoded
  // An encoded-word first in the value shares the first line with "Name: ": RFC 2047 limits
  // every line holding one to 76 characters, so that word is shorter (at least 4 bytes,
  // one character).
  const std::size_t room = kFoldAt > name.size() + 2 + 12 ? kFoldAt - name.size() - 2 - 12 : 0;
  const std::size_t first_bytes = std::clamp<std::size_t>(room / 4 * 3, 4, 45);
  const auto flush = [&] {
    if (run.empty()) return;
    for (auto& word : encoded_words(run, tokens.empty() ? first_bytes : 45)) {
      tokens.push_back(std::move(word));
    }
    run.clear();
  };
  const auto add_word = [&](std::string_view word) {
    if (word.empty()) return;
    if (needs_encoding(word)) {
      if (!run.empty()) run += ' ';
      run.append(word);
    } else {
      flush();
      tokens.emplace_back(word);
    }
  };
  std::size_t pos = 0;
  while (pos < value.size()) {
    std::size_t end = value.find(' ', pos);
    if (end == std::string_view::npos) end = value.size();
    std::string_view word = value.substr(pos, end - pos);
    const std::size_t open = word.find('<');
    const std::size_t close = word.find('>', open == std::string_view::npos ? 0 : open);
    if (needs_encoding(word) && open != std::string_view::npos && close != std::string_view::npos &&
        !needs_encoding(word.substr(open, close - open + 1))) {
      add_word(word.substr(0, open));
      add_word(word.substr(open, close - open + 1));
      add_word(word.substr(close + 1));
    } else {
      add_word(word);
    }
    pos = end + 1;
  }
  flush();
  std::string out;
  std::size_t line = name.size() + 2;
  for (const std::string& t : tokens) {
    if (!out.empty()) {
      if (line + 1 + t.size() > kFoldAt) {
        out += "\n ";
        line = 1;
      } else {
        out += ' ';
        ++line;
      }
    }
    out += t;
    line += t.size();
  }
  return out;
}

}  // namespace sa
