// attribution_template.cc - reply attribution wording -> anchored RE2 source (see the header
// for the placeholder rules). Literal text is quoted with RE2::QuoteMeta.
#include "core/attribution_template.h"

#include <re2/re2.h>

#include <cstddef>

namespace sa {
namespace {

constexpr std::size_t kMaxWordingBytes = 200;

// Text before a clock time, the time, and what clients write right after it: seconds, a.m./
// p.m., "Uhr", a zone offset or name, a Portuguese "de <date>". Lazy, so it ends at the
// first time the rest accepts.
constexpr std::string_view kDate =
    "(.*?[0-9]{1,2}[:.][0-9]{2}(?:[:.][0-9]{2})?"
    "(?:\\s?[AaPp]\\.?\\s?[Mm]\\.?)?"
    "(?:\\s?Uhr)?"
    "(?:\\s?(?:GMT|UTC)?\\s?[+-][0-9]{1,2}(?::?[0-9]{2})?)?"
    "(?:\\s?\\(?(?:JST|KST|UTC|GMT|CET|CEST|MEZ|MESZ|EST|EDT|PST|PDT)\\)?)?"
    "(?:\\s+de\\s+[0-9]{1,4}[./-][0-9]{1,2}[./-][0-9]{2,4})?)";
constexpr std::string_view kFrom = "(.+?)";
constexpr std::string_view kMailbox =
    "([^<>\\[\\]]*?[<\\[(][^<>\\[\\]()\\s]+@[^<>\\[\\]()\\s]+[>\\])]\\)?)";

bool is_space(char c) { return c == ' ' || c == '\t'; }

bool is_ascii_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Whether a space next to this neighbour separates two words (so must be there): true for
// ASCII letters, digits and placeholders ('}' or '{').
bool word_edge(char neighbour) {
  return is_ascii_alnum(neighbour) || neighbour == '{' || neighbour == '}';
}

}  // namespace

std::string attribution_pattern(std::string_view wording, AttributionPattern& out) {
  while (!wording.empty() && is_space(wording.front())) wording.remove_prefix(1);
  while (!wording.empty() && is_space(wording.back())) wording.remove_suffix(1);
  if (wording.empty()) return "is empty";
  if (wording.size() > kMaxWordingBytes) return "is longer than 200 bytes";
  if (wording.back() != ':') return "must end with ':'";
  out = AttributionPattern{};
  std::string re = "^\\s*";
  int groups = 0;
  std::size_t i = 0;
  while (i < wording.size()) {
    const char c = wording[i];
    if (c == '{') {
      const std::size_t close = wording.find('}', i);
      if (close == std::string_view::npos) return "has a '{' without '}'";
      const std::string_view name = wording.substr(i + 1, close - i - 1);
      if (name == "date") {
        if (out.date_group != 0) return "has {date} twice";
        re += kDate;
        out.date_group = ++groups;
      } else if (name == "from" || name == "mailbox") {
        if (out.from_group != 0) return "has more than one of {from} and {mailbox}";
        re += name == "from" ? kFrom : kMailbox;
        out.from_group = ++groups;
      } else {
        return "has an unknown placeholder {" + std::string(name) +
               "} (known: {date}, {from}, {mailbox})";
      }
      i = close + 1;
      continue;
    }
    if (c == '}') return "has a '}' without '{'";
    if (is_space(c)) {
      std::size_t end = i;
      while (end < wording.size() && is_space(wording[end])) ++end;
      const bool between_words = i > 0 && end < wording.size() && word_edge(wording[i - 1]) &&
                                 word_edge(wording[end]) && wording[end] != ':';
      re += between_words ? "\\s+" : "\\s*";
      i = end;
      continue;
    }
    if (c == ':') re += "\\s*";
    ++out.literal_chars;
    // One UTF-8 character at a time, quoted.
    std::size_t len = 1;
    while (i + len < wording.size() &&
           (static_cast<unsigned char>(wording[i + len]) & 0xC0) == 0x80) {
      ++len;
    }
    re += RE2::QuoteMeta(wording.substr(i, len));
    i += len;
  }
  if (out.from_group == 0) return "needs {from} or {mailbox}";
  re += "\\s*$";
  out.source = std::move(re);
  return "";
}

}  // namespace sa
