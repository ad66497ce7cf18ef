// forward_layouts.h - the wording mail clients put around an original they forward or quote,
// as data: separator phrases, header labels (mapped to From/Date/Subject/To/Cc/Reply-To),
// reply attribution lines and subject prefixes, for every client and UI language in
// config/forward-layouts.yaml plus what the admin adds. ForwardLayoutsBuilder collects the
// entries and refuses contradictory ones; ForwardLayouts answers lookups of one word or one
// line. Reading YAML is forward_layouts_loader.cc's job; combining lines into a forward is
// forward_inline.cc's.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace re2 {
class RE2;
}  // namespace re2

namespace sa {

enum class HeaderLabel { From, Date, Subject, To, Cc, ReplyTo, Other };

// How a separator phrase is written: between runs of dashes ("-------- TEXT --------",
// "-----TEXT-----"), between runs of '=' ("============ TEXT ============", Zoho), or alone
// on its line with an optional colon ("TEXT:").
enum class SeparatorForm { Dashed, Ruled, Line };

// What a reply attribution line ("On <date>, <sender> wrote:") says.
struct Attribution {
  std::string_view client;
  std::string from;
  std::string date;     // "" when the wording has no date
  int specificity = 0;  // characters of fixed text in the wording that matched
};

class ForwardLayouts {
 public:
  // The field a header label names ("From", "差出人", "Kopie (CC)"); false when `name` is not
  // a label. `name` is normalised text; ASCII letters compare case-insensitively.
  bool label(std::string_view name, HeaderLabel& field) const;
  // A cheap test that rejects most words that are not labels.
  bool may_be_label(std::string_view name) const;
  std::size_t max_label_bytes() const { return max_label_bytes_; }
  // Byte lengths of the labels, longest first (for labels glued to the previous value).
  const std::vector<std::size_t>& label_lengths() const { return label_lengths_; }

  // The client that writes separator `text` in `form`, or null. An exact match wins over a
  // case-insensitive one ("Forwarded message" is Gmail's, "Forwarded Message" Thunderbird's).
  const std::string* separator(SeparatorForm form, std::string_view text) const;
  // A cheap test for the Line form: first byte and length of some Line phrase.
  bool may_be_line_separator(std::string_view text) const;

  // Matches one line (or two joined with a space) against the attribution wordings; of
  // those that match, the one with the most fixed text wins ("Den {date} skrev {from}:"
  // over "{date} {mailbox}:"), then the first in table order. Only lines ending in ':'.
  bool attribution(std::string_view line, Attribution& out) const;

  // `subject` without its leading reply and forward prefixes ("Re: Fwd: AW[2]: x" -> "x").
  // `replied` is set when one of them was a reply prefix.
  std::string_view strip_prefixes(std::string_view subject, bool& replied) const;

  std::size_t language_count() const { return languages_.size(); }
  const std::vector<std::string>& languages() const { return languages_; }

 private:
  friend class ForwardLayoutsBuilder;

  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  template <typename V>
  using Map = std::unordered_map<std::string, V, Hash, std::equal_to<>>;

  struct AttributionRule {
    std::string client;
    std::shared_ptr<const re2::RE2> pattern;
    int from_group = 0;  // 1-based capture group of the sender
    int date_group = 0;  // 0: no date
    int specificity = 0;
  };

  Map<HeaderLabel> labels_;  // key: ASCII-folded label
  std::array<std::uint64_t, 256> label_shapes_{};
  std::size_t max_label_bytes_ = 0;
  std::vector<std::size_t> label_lengths_;
  std::array<Map<std::string>, 3> separators_exact_;  // by SeparatorForm
  std::array<Map<std::string>, 3> separators_folded_;
  std::array<std::uint64_t, 256> line_shapes_{};
  std::size_t max_line_separator_bytes_ = 0;
  struct AttributionSet;  // an RE2::Set of every wording (which one matches a line)
  std::vector<AttributionRule> attributions_;
  std::shared_ptr<const AttributionSet> attribution_set_;
  Map<bool> prefixes_;  // key: ASCII-folded prefix; value: true for a reply prefix
  std::vector<std::string> languages_;
};

// Collects table entries. Each add_* returns "" or why the entry is refused (the loader
// names the file, line and key). Words are normalised as mail text is before matching.
class ForwardLayoutsBuilder {
 public:
  void add_language(std::string code);
  std::string add_label(HeaderLabel field, std::string_view word);
  // A later entry for the same text replaces the client of an earlier one.
  std::string add_separator(SeparatorForm form, std::string_view text, std::string client);
  // `wording` uses {date}, {from} and {mailbox}; see attribution_template.h.
  std::string add_attribution(std::string_view wording, std::string client);
  std::string add_prefix(std::string_view word, bool reply);

  // The finished table (the builder can go on collecting for another one).
  std::shared_ptr<const ForwardLayouts> build() const;

 private:
  ForwardLayouts table_;
  std::vector<std::string> attribution_sources_;  // regex source of each attribution
};

}  // namespace sa
