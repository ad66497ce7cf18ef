// url.cc - percent-decoding and the path check of url.h.
#include "web/url.h"

namespace sa::web {
namespace {

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decodes `text` (and '+' as a space when `form`); none on a malformed escape when
// `strict`.
std::optional<std::string> decode(std::string_view text, bool form, bool strict) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
      out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
      i += 2;
    } else if (c == '%' && strict) {
      return std::nullopt;
    } else {
      out += form && c == '+' ? ' ' : c;
    }
  }
  return out;
}

}  // namespace

std::optional<Target> parse_target(std::string_view target) {
  const std::size_t q = target.find('?');
  const std::string_view raw_path = target.substr(0, q);
  if (raw_path.empty() || raw_path[0] != '/') return std::nullopt;
  const auto path = decode(raw_path, false, true);
  if (!path) return std::nullopt;
  for (unsigned char c : *path) {
    if (c < 0x20 || c == 0x7F || c == '\\') return std::nullopt;
  }
  // Every segment after the leading '/' must be a name: not empty, not "." or "..".
  if (path->size() > 1) {
    std::string_view rest = std::string_view(*path).substr(1);
    while (true) {
      const std::size_t slash = rest.find('/');
      const std::string_view segment = rest.substr(0, slash);
      if (segment.empty() || segment == "." || segment == "..") return std::nullopt;
      if (slash == std::string_view::npos) break;
      rest.remove_prefix(slash + 1);
    }
  }
  Target t;
  t.path = *path;
  if (q != std::string_view::npos) t.query = parse_form(target.substr(q + 1));
  return t;
}

QueryParams parse_form(std::string_view text) {
  QueryParams out;
  while (!text.empty()) {
    const std::size_t amp = text.find('&');
    const std::string_view pair = text.substr(0, amp);
    if (!pair.empty()) {
      const std::size_t eq = pair.find('=');
      const auto name = decode(pair.substr(0, eq), true, false);
      const auto value =
          eq == std::string_view::npos ? std::string() : *decode(pair.substr(eq + 1), true, false);
      out.emplace_back(*name, value);
    }
    if (amp == std::string_view::npos) break;
    text.remove_prefix(amp + 1);
  }
  return out;
}

std::string param(const QueryParams& params, std::string_view name) {
  for (const auto& [n, v] : params) {
    if (n == name) return v;
  }
  return "";
}

std::string url_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace sa::web
