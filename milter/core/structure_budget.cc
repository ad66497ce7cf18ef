// structure_budget.cc - one pass over a message's lines counting delimiters and header fields
// (structure_budget.h). It follows the structure only as far as counting needs: a header block
// ends at an empty line; the body of a part whose Content-Type is message/* starts with the
// embedded message's header block; a line "--" + a declared boundary (+ "--") opens a part's
// header block. Boundaries are collected from every header block, as GMime would use them.
#include "core/structure_budget.h"

#include <algorithm>
#include <unordered_set>

#include "core/ascii.h"

namespace sa {
namespace {

bool is_wsp(char c) { return c == ' ' || c == '\t'; }

// `line` without its line end and trailing white space.
std::string_view trimmed_end(std::string_view line) {
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n' || is_wsp(line.back()))) {
    line.remove_suffix(1);
  }
  return line;
}

// Every boundary parameter value in a header line: boundary=, boundary*=, boundary*0=...,
// quoted or not (RFC 2231 continuations give their first piece; enough to count).
template <typename Add>
void find_boundaries(std::string_view line, Add add) {
  constexpr std::string_view kName = "boundary";
  for (std::size_t at = 0; at + kName.size() < line.size(); ++at) {
    if (!ascii_iequals(line.substr(at, kName.size()), kName)) continue;
    std::size_t i = at + kName.size();
    if (i < line.size() && line[i] == '*') {
      ++i;
      while (i < line.size() && line[i] >= '0' && line[i] <= '9') ++i;
      if (i < line.size() && line[i] == '*') ++i;
    }
    while (i < line.size() && is_wsp(line[i])) ++i;
    if (i >= line.size() || line[i] != '=') continue;
    ++i;
    while (i < line.size() && is_wsp(line[i])) ++i;
    std::size_t end = i;
    if (i < line.size() && line[i] == '"') {
      end = line.find('"', ++i);
      if (end == std::string_view::npos) end = line.size();
    } else {
      while (end < line.size() && line[end] != ';' && !is_wsp(line[end]) && line[end] != '\r') {
        ++end;
      }
    }
    if (end > i) add(line.substr(i, end - i));
    at = end;
  }
}

}  // namespace

std::string structure_over_budget(std::string_view raw, const StructureBudget& budget) {
  const std::size_t max_delimiters = 2 * budget.max_parts + 64;
  std::unordered_set<std::string_view> boundaries;
  std::size_t delimiters = 0;
  std::size_t fields = 0;
  bool in_header = true;         // the message starts with its header block
  bool message_part = false;     // the block being read declares Content-Type: message/*
  bool in_content_type = false;  // the field being read is Content-Type (continuations too)
  for (std::size_t pos = 0; pos < raw.size();) {
    std::size_t nl = raw.find('\n', pos);
    const std::size_t next = nl == std::string_view::npos ? raw.size() : nl + 1;
    const std::string_view line = raw.substr(pos, next - pos);
    pos = next;
    const std::string_view text = trimmed_end(line);
    if (in_header) {
      if (text.empty() && (line.empty() || line[0] == '\r' || line[0] == '\n')) {
        in_header = message_part;  // an embedded message's own header block follows
        message_part = false;
        in_content_type = false;
        continue;
      }
      const bool continuation = is_wsp(line[0]);
      if (!continuation) {
        if (++fields > budget.max_fields) return "too-many-headers";
        in_content_type = text.size() >= 13 && ascii_iequals(text.substr(0, 13), "content-type:");
      }
      if (in_content_type) {
        std::string_view value = continuation ? text : text.substr(13);
        while (!value.empty() && is_wsp(value.front())) value.remove_prefix(1);
        if (value.size() >= 8 && ascii_iequals(value.substr(0, 8), "message/")) {
          message_part = true;
        }
        bool full = false;
        find_boundaries(text, [&](std::string_view b) {
          if (boundaries.size() > max_delimiters) {
            full = true;
          } else {
            boundaries.insert(b);
          }
        });
        if (full) return "too-many-parts";
      }
      continue;
    }
    if (text.size() < 3 || text[0] != '-' || text[1] != '-') continue;
    std::string_view token = text.substr(2);
    bool delimiter = boundaries.count(token) > 0;
    const bool closing = !delimiter && token.size() > 2 && token.substr(token.size() - 2) == "--" &&
                         boundaries.count(token.substr(0, token.size() - 2)) > 0;
    if (!delimiter && !closing) continue;
    if (++delimiters > max_delimiters) return "too-many-parts";
    if (delimiter) in_header = true;  // a part's header block follows its delimiter
  }
  return "";
}

}  // namespace sa
