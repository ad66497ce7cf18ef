// header_value.cc - cleaning, RFC 2047 encoding and folding of added header values.
#include "core/header_value.h"

#include <glib.h>

#include <vector>

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

}  // namespace

std::string clean_header_text(std::string_view utf8, std::size_t max_chars) {
  std::string out;
  out.reserve(std::min(utf8.size(), max_chars * 4));
  const char* p = utf8.data();
  const char* end = p + utf8.size();
  std::size_t chars = 0;
  bool pending_space = false;
  while (p < end && chars < max_chars) {
    const gunichar c = g_utf8_get_char_validated(p, end - p);
    if (c == static_cast<gunichar>(-1) || c == static_cast<gunichar>(-2)) {
      ++p;  // invalid byte: dropped
      continue;
    }
    const char* next = g_utf8_next_char(p);
    const bool space =
        c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x3000 || c == 0x00A0;
    const bool control = (c < 0x20) || (c >= 0x7f && c < 0xa0) || c == 0x2028 || c == 0x2029 ||
                         (c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) ||
                         c == 0xfeff;
    if (space) {
      pending_space = !out.empty();
    } else if (!control) {
      if (pending_space) {
        out.push_back(' ');
        ++chars;
        pending_space = false;
        if (chars >= max_chars) break;
      }
      out.append(p, next);
      ++chars;
    }
    p = next;
  }
  return out;
}

std::string encode_header_value(std::string_view value, std::string_view name) {
  if (!needs_encoding(value)) return fold_ascii(value, name.size() + 2);
  // Split into runs of whole UTF-8 characters of at most 45 bytes: 60 base64 characters,
  // 72 with the =?UTF-8?B? ... ?= wrapper.
  std::vector<std::string> words;
  const char* p = value.data();
  const char* end = p + value.size();
  while (p < end) {
    const char* start = p;
    while (p < end) {
      const char* next = g_utf8_find_next_char(p, end);
      if (!next) next = end;
      if (next - start > 45) break;
      p = next;
    }
    if (p == start) p = std::min(end, start + 1);
    words.push_back("=?UTF-8?B?" + base64(std::string_view(start, p - start)) + "?=");
  }
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += "\n ";
    out += words[i];
  }
  return out;
}

}  // namespace sa
