// relaxed_body.cc - DKIM's relaxed body form of a message (relaxed_body.h).
#include "core/relaxed_body.h"

namespace sa {
namespace {

// Where the body starts: after the first empty line (LF or CRLF); npos when there is none.
std::size_t body_start(std::string_view raw) {
  for (std::size_t i = 0; i < raw.size();) {
    const std::size_t nl = raw.find('\n', i);
    if (nl == std::string_view::npos) return std::string_view::npos;
    const std::size_t len = nl - i;
    if (len == 0 || (len == 1 && raw[i] == '\r')) return nl + 1;
    i = nl + 1;
  }
  return std::string_view::npos;
}

}  // namespace

std::string relaxed_body(std::string_view raw) {
  const std::size_t body = body_start(raw);
  if (body == std::string_view::npos) return std::string(raw);
  std::string out(raw.substr(0, body));
  out.reserve(raw.size());
  for (std::size_t i = body; i < raw.size();) {
    std::size_t nl = raw.find('\n', i);
    if (nl == std::string_view::npos) nl = raw.size();
    std::size_t end = nl;
    if (end > i && raw[end - 1] == '\r') --end;  // the CR of CRLF stays with the line end
    bool space = false;
    for (std::size_t k = i; k < end; ++k) {
      const char c = raw[k];
      if (c == ' ' || c == '\t') {
        space = true;
        continue;
      }
      if (space) out.push_back(' ');
      space = false;
      out.push_back(c);
    }
    out.append(raw, end, nl - end);  // "\r" of CRLF, if any
    if (nl < raw.size()) out.push_back('\n');
    i = nl + 1;
  }
  return out;
}

}  // namespace sa
