// forward_labels.cc - the single-line parsers of forward separators and header labels, with
// the words of a ForwardLayouts table. No knowledge of blocks, quoting or bodies.
#include "core/forward_labels.h"

#include <algorithm>
#include <cstddef>

namespace sa {
namespace {

constexpr std::size_t kMinUnderscores = 20;
constexpr std::size_t kMaxPhraseBytes = 96;  // a dashed phrase with spaces around it
constexpr std::size_t kMaxOneLineLabels = 16;

bool is_space(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// Removes up to two '*' (a bold mark) from the front or back.
std::string_view strip_leading_stars(std::string_view s) {
  for (int i = 0; i < 2 && !s.empty() && s.front() == '*'; ++i) s.remove_prefix(1);
  return s;
}
std::string_view strip_trailing_stars(std::string_view s) {
  for (int i = 0; i < 2 && !s.empty() && s.back() == '*'; ++i) s.remove_suffix(1);
  return s;
}

// "*Name* <addr>" -> "Name <addr>", "**x**" -> "x": removes a leading bold mark and
// the first matching closing mark.
std::string strip_bold(std::string_view v) {
  std::size_t stars = 0;
  while (stars < 2 && stars < v.size() && v[stars] == '*') ++stars;
  if (stars == 0) return std::string(v);
  const std::string_view mark = v.substr(0, stars);
  const std::size_t close = v.find(mark, stars);
  std::string out;
  if (close == std::string_view::npos) {
    out = std::string(trim(strip_trailing_stars(v.substr(stars))));
  } else {
    out.reserve(v.size());
    out.append(v.substr(stars, close - stars));
    out.append(v.substr(close + stars));
  }
  return std::string(trim(out));
}

SeparatorLine underscores(std::string_view s) {
  if (s.size() < kMinUnderscores || s.find_first_not_of('_') != std::string_view::npos) return {};
  return {SeparatorLine::Kind::Underscores, "outlook", {}};
}

// "-------- TEXT --------", "-----TEXT-----", "----- TEXT ----- From: ...", and the same
// with '=' (Zoho): tries each run of two or more of the rule character after the first as
// the closing one, so TEXT may itself hold dashes ("Preposlaná správa --- Forwarded
// Message"). A whole-line separator wins over one with text after it.
SeparatorLine ruled(std::string_view s, const ForwardLayouts& layouts) {
  const char rule = s.front();
  const SeparatorForm form = rule == '-' ? SeparatorForm::Dashed : SeparatorForm::Ruled;
  const char pair[] = {rule, rule};
  const std::string_view run(pair, 2);
  std::size_t lead = 0;
  while (lead < s.size() && s[lead] == rule) ++lead;
  if (lead < 2) return {};
  SeparatorLine one_line;
  for (std::size_t close = s.find(run, lead);
       close != std::string_view::npos && close - lead <= kMaxPhraseBytes;
       close = s.find(run, close)) {
    std::size_t after = close;
    while (after < s.size() && s[after] == rule) ++after;
    const std::string_view phrase = trim(s.substr(lead, close - lead));
    const std::string* client = phrase.empty() ? nullptr : layouts.separator(form, phrase);
    if (client != nullptr) {
      const std::string_view rest = trim(s.substr(after));
      if (rest.empty()) return {SeparatorLine::Kind::Phrase, *client, {}};
      if (one_line.kind == SeparatorLine::Kind::None) {
        one_line = {SeparatorLine::Kind::Phrase, *client, rest};
      }
    }
    close = after;
  }
  return one_line;
}

// "Begin forwarded message:", "*転送されたメッセージ:*".
SeparatorLine whole_line(std::string_view s, const ForwardLayouts& layouts) {
  s = trim(strip_trailing_stars(strip_leading_stars(s)));
  if (!s.empty() && s.back() == ':') s = trim(s.substr(0, s.size() - 1));
  if (!layouts.may_be_line_separator(s)) return {};
  const std::string* client = layouts.separator(SeparatorForm::Line, s);
  if (client == nullptr) return {};
  return {SeparatorLine::Kind::Phrase, *client, {}};
}

bool continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// A label found in a one-line header: where its name starts and its value starts.
struct FoundLabel {
  std::size_t start = 0;
  std::size_t value = 0;
  HeaderLabel label = HeaderLabel::Other;
};

// The longest table label that ends at `end` (exclusive) and does not continue a lower-case
// word ("Asunto" in "CETAsunto", not "to").
bool label_ending_at(std::string_view text, std::size_t end, const ForwardLayouts& layouts,
                     FoundLabel& out) {
  for (const std::size_t len : layouts.label_lengths()) {
    if (len > end) continue;
    const std::size_t start = end - len;
    if (continuation_byte(text[start])) continue;
    if (start > 0 && text[start - 1] >= 'a' && text[start - 1] <= 'z') continue;
    HeaderLabel field;
    if (layouts.label(text.substr(start, len), field)) {
      out.start = start;
      out.label = field;
      return true;
    }
  }
  return false;
}

}  // namespace

bool parse_label_line(std::string_view content, const ForwardLayouts& layouts, LabelLine& out) {
  std::string_view s = strip_leading_stars(trim(content));
  const std::size_t colon = s.substr(0, layouts.max_label_bytes() + 6).find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  const std::string_view name = trim(strip_trailing_stars(trim(s.substr(0, colon))));
  HeaderLabel field;
  if (!layouts.label(name, field)) return false;
  std::string_view rest = strip_leading_stars(s.substr(colon + 1));
  bool tab = false;
  while (!rest.empty() && is_space(rest.front())) {
    tab = tab || rest.front() == '\t';
    rest.remove_prefix(1);
  }
  out.label = field;
  out.tab_after_colon = tab;
  out.value = strip_bold(trim(rest));
  return true;
}

SeparatorLine classify_separator(std::string_view content, const ForwardLayouts& layouts) {
  const std::string_view s = trim(content);
  if (s.empty()) return {};
  if (s.front() == '_') return underscores(s);
  if (s.front() == '-' || s.front() == '=') return ruled(s, layouts);
  return whole_line(s, layouts);
}

std::vector<LabelLine> parse_one_line_labels(std::string_view text, const ForwardLayouts& layouts) {
  text = trim(text);
  std::vector<FoundLabel> found;
  for (std::size_t colon = text.find(':');
       colon != std::string_view::npos && found.size() < kMaxOneLineLabels;
       colon = text.find(':', colon + 1)) {
    FoundLabel f;
    const std::size_t floor = found.empty() ? 0 : found.back().value;
    const bool spaced = colon > 0 && text[colon - 1] == ' ';  // "De : x" (French)
    if ((label_ending_at(text, colon, layouts, f) ||
         (spaced && label_ending_at(text, colon - 1, layouts, f))) &&
        f.start >= floor) {
      f.value = colon + 1;
      found.push_back(f);
    }
  }
  std::vector<LabelLine> labels;
  if (found.empty() || found.front().start != 0) return labels;
  for (std::size_t i = 0; i < found.size(); ++i) {
    const std::size_t end = i + 1 < found.size() ? found[i + 1].start : text.size();
    LabelLine l;
    l.label = found[i].label;
    l.value = strip_bold(trim(text.substr(found[i].value, end - found[i].value)));
    labels.push_back(std::move(l));
  }
  return labels;
}

}  // namespace sa
