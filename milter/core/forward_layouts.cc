// forward_layouts.cc - the forward/reply wording table: how entries are added, checked for
// contradictions and looked up. Words are NFKC-normalised like mail text and keyed with
// ASCII letters folded to lower case. Attribution wordings are compiled into one RE2::Set
// (which wording matches) plus one RE2 each (what its placeholders captured).
#include "core/forward_layouts.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <functional>

#include "core/ascii.h"
#include "core/attribution_template.h"
#include "core/text_normalize.h"

namespace sa {

struct ForwardLayouts::AttributionSet {
  explicit AttributionSet(const RE2::Options& options) : set(options, RE2::ANCHOR_BOTH) {}
  RE2::Set set;
};

namespace {

constexpr std::size_t kMaxWordBytes = 80;
constexpr std::size_t kMaxPrefixBytes = 24;  // "Redir.", "AW[12]": a prefix is short
constexpr int kMaxPrefixes = 10;
constexpr std::int64_t kMaxSetMemory = 64 << 20;

std::string fold(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

bool is_space(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// The word as mail text reads after normalisation, or "" when it is empty or too long.
std::string normalized_word(std::string_view word) {
  std::string n = normalize_for_matching(trim(word));
  const std::string_view t = trim(n);
  if (t.empty() || t.size() > kMaxWordBytes || t.find('\n') != std::string_view::npos) return "";
  return std::string(t);
}

void add_shape(std::array<std::uint64_t, 256>& shapes, std::string_view key) {
  shapes[static_cast<unsigned char>(key.front())] |= std::uint64_t{1} << (key.size() % 64);
}

bool has_shape(const std::array<std::uint64_t, 256>& shapes, std::string_view s) {
  if (s.empty()) return false;
  return (shapes[static_cast<unsigned char>(ascii_lower(s.front()))] >> (s.size() % 64)) & 1;
}

std::string_view field_name(HeaderLabel field) {
  switch (field) {
    case HeaderLabel::From:
      return "from";
    case HeaderLabel::Date:
      return "date";
    case HeaderLabel::Subject:
      return "subject";
    case HeaderLabel::To:
      return "to";
    case HeaderLabel::Cc:
      return "cc";
    case HeaderLabel::ReplyTo:
      return "reply_to";
    case HeaderLabel::Other:
      break;
  }
  return "other";
}

// "AW[2]", "Re^3", "Re(2)", "Re*2", "Re2" -> "AW", "Re".
std::string_view without_count(std::string_view word) {
  auto digits_before = [&](std::size_t end) {
    std::size_t b = end;
    while (b > 0 && word[b - 1] >= '0' && word[b - 1] <= '9') --b;
    return b;
  };
  if (word.size() > 2 && (word.back() == ']' || word.back() == ')')) {
    const char open = word.back() == ']' ? '[' : '(';
    const std::size_t b = digits_before(word.size() - 1);
    if (b < word.size() - 1 && b > 0 && word[b - 1] == open) return trim(word.substr(0, b - 1));
    return word;
  }
  const std::size_t b = digits_before(word.size());
  if (b == word.size() || b == 0) return word;
  if (word[b - 1] == '^' || word[b - 1] == '*') return word.substr(0, b - 1);
  return word.substr(0, b);
}

}  // namespace

bool ForwardLayouts::may_be_label(std::string_view name) const {
  return has_shape(label_shapes_, name);
}

bool ForwardLayouts::label(std::string_view name, HeaderLabel& field) const {
  if (name.empty() || name.size() > max_label_bytes_ || !may_be_label(name)) return false;
  const auto it = labels_.find(fold(name));
  if (it == labels_.end()) return false;
  field = it->second;
  return true;
}

const std::string* ForwardLayouts::separator(SeparatorForm form, std::string_view text) const {
  const auto f = static_cast<std::size_t>(form);
  if (const auto it = separators_exact_[f].find(text); it != separators_exact_[f].end()) {
    return &it->second;
  }
  if (const auto it = separators_folded_[f].find(fold(text)); it != separators_folded_[f].end()) {
    return &it->second;
  }
  return nullptr;
}

bool ForwardLayouts::may_be_line_separator(std::string_view text) const {
  return text.size() <= max_line_separator_bytes_ && has_shape(line_shapes_, text);
}

bool ForwardLayouts::attribution(std::string_view line, Attribution& out) const {
  if (attributions_.empty() || line.empty() || line.back() != ':') return false;
  std::vector<int> candidates;
  if (attribution_set_) {
    if (!attribution_set_->set.Match(line, &candidates) || candidates.empty()) return false;
  } else {
    for (std::size_t i = 0; i < attributions_.size(); ++i)
      candidates.push_back(static_cast<int>(i));
  }
  std::sort(candidates.begin(), candidates.end());
  const AttributionRule* best = nullptr;
  std::array<re2::StringPiece, 3> captured;  // the whole match, and at most two groups
  std::array<re2::StringPiece, 3> best_captured;
  for (const int i : candidates) {
    const AttributionRule& rule = attributions_[static_cast<std::size_t>(i)];
    if (best != nullptr && rule.specificity <= best->specificity) continue;
    if (!rule.pattern->Match(line, 0, line.size(), RE2::ANCHOR_BOTH, captured.data(),
                             static_cast<int>(captured.size()))) {
      continue;
    }
    best = &rule;
    best_captured = captured;
  }
  if (best == nullptr) return false;
  const auto text = [&](int g) {
    return g == 0 ? std::string()
                  : std::string(
                        trim(std::string_view(best_captured[g].data(), best_captured[g].size())));
  };
  out.client = best->client;
  out.from = text(best->from_group);
  out.date = text(best->date_group);
  out.specificity = best->specificity;
  return !out.from.empty();
}

std::string_view ForwardLayouts::strip_prefixes(std::string_view subject, bool& replied) const {
  std::string_view s = trim(subject);
  for (int n = 0; n < kMaxPrefixes; ++n) {
    const std::size_t colon = s.substr(0, kMaxPrefixBytes + 1).find(':');
    if (colon == std::string_view::npos || colon == 0) break;
    const std::string_view word = without_count(trim(s.substr(0, colon)));
    const auto it = prefixes_.find(fold(word));
    if (word.empty() || it == prefixes_.end()) break;
    replied = replied || it->second;
    s = trim(s.substr(colon + 1));
  }
  return s;
}

void ForwardLayoutsBuilder::add_language(std::string code) {
  if (std::find(table_.languages_.begin(), table_.languages_.end(), code) ==
      table_.languages_.end()) {
    table_.languages_.push_back(std::move(code));
  }
}

std::string ForwardLayoutsBuilder::add_label(HeaderLabel field, std::string_view word) {
  const std::string w = normalized_word(word);
  if (w.empty()) return "must be a word of 1 to 80 bytes on one line";
  if (w.find(':') != std::string::npos) return "'" + w + "' must not contain ':'";
  std::string key = fold(w);
  const auto [it, inserted] = table_.labels_.emplace(key, field);
  if (!inserted && it->second != field) {
    return "'" + w + "' is already a label of " + std::string(field_name(it->second));
  }
  add_shape(table_.label_shapes_, key);
  table_.max_label_bytes_ = std::max(table_.max_label_bytes_, key.size());
  auto& lengths = table_.label_lengths_;
  if (std::find(lengths.begin(), lengths.end(), key.size()) == lengths.end()) {
    lengths.insert(std::upper_bound(lengths.begin(), lengths.end(), key.size(), std::greater<>()),
                   key.size());
  }
  return "";
}

std::string ForwardLayoutsBuilder::add_separator(SeparatorForm form, std::string_view text,
                                                 std::string client) {
  std::string t = normalized_word(text);
  if (form == SeparatorForm::Line && !t.empty() && t.back() == ':') {
    t = std::string(trim(std::string_view(t).substr(0, t.size() - 1)));
  }
  if (t.empty()) return "must be text of 1 to 80 bytes on one line";
  if ((form == SeparatorForm::Dashed && (t.front() == '-' || t.back() == '-')) ||
      (form == SeparatorForm::Ruled && (t.front() == '=' || t.back() == '='))) {
    return "'" + t + "' is written without the " +
           (form == SeparatorForm::Dashed ? "dashes" : "'='") + " around it";
  }
  const auto f = static_cast<std::size_t>(form);
  table_.separators_exact_[f][t] = client;
  table_.separators_folded_[f].emplace(fold(t), std::move(client));
  if (form == SeparatorForm::Line) {
    add_shape(table_.line_shapes_, fold(t));
    table_.max_line_separator_bytes_ = std::max(table_.max_line_separator_bytes_, t.size() + 1);
  }
  return "";
}

std::string ForwardLayoutsBuilder::add_attribution(std::string_view wording, std::string client) {
  const std::string w = normalize_for_matching(wording);
  AttributionPattern p;
  if (std::string error = attribution_pattern(w, p); !error.empty()) return error;
  RE2::Options options;
  options.set_log_errors(false);
  options.set_case_sensitive(false);
  auto re = std::make_shared<const RE2>(p.source, options);
  if (!re->ok()) return "gives a bad pattern: " + re->error();
  table_.attributions_.push_back(
      {std::move(client), std::move(re), p.from_group, p.date_group, p.literal_chars});
  attribution_sources_.push_back(std::move(p.source));
  return "";
}

std::string ForwardLayoutsBuilder::add_prefix(std::string_view word, bool reply) {
  std::string w = normalized_word(word);
  if (w.empty() || w.size() > kMaxPrefixBytes || w.find(':') != std::string::npos) {
    return "must be a word of 1 to 24 bytes, written without its ':'";
  }
  const auto [it, inserted] = table_.prefixes_.emplace(fold(w), reply);
  if (!inserted && it->second != reply) {
    return "'" + w + "' is already a " + (reply ? "forward" : "reply") + " prefix";
  }
  return "";
}

std::shared_ptr<const ForwardLayouts> ForwardLayoutsBuilder::build() const {
  auto table = std::make_shared<ForwardLayouts>(table_);
  if (!attribution_sources_.empty()) {
    RE2::Options options;
    options.set_log_errors(false);
    options.set_case_sensitive(false);
    options.set_max_mem(kMaxSetMemory);
    auto index = std::make_shared<ForwardLayouts::AttributionSet>(options);
    bool added = true;
    for (const std::string& source : attribution_sources_) {
      added = added && index->set.Add(source, nullptr) >= 0;
    }
    // Without the set (too large to compile) each wording is tried in turn.
    if (added && index->set.Compile()) table->attribution_set_ = std::move(index);
  }
  return table;
}

}  // namespace sa
