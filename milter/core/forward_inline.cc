// forward_inline.cc - finds originals pasted inline by a mail client's "forward" and
// recovers their From, Subject, Date, To and body from already-normalised text.
//
// A forward starts at a separator line followed by a label block, or at a bare label block
// that has at least From and Subject. InlineOriginal::client names the style:
//   "gmail"        ---------- Forwarded message --------- (or 転送されたメッセージ), From first
//   "thunderbird"  -------- Forwarded Message -------- / 転送メッセージ, or labels + TAB
//   "outlook-ja"   underscores or -----Original Message----- with 差出人/送信日時/件名
//   "outlook-en"   the same with From/Sent/Subject
//   "apple-mail"   Begin forwarded message: / 転送されたメッセージ:
//   "jp-web"       ---------- メッセージを転送 --------- (送信元/日付/件名/送信先)
//   "header-block" no separator: From + Subject (+ Date/To...) labels alone
// each with a "quoted-" prefix when the label block is quoted with ">" (any depth).
// The body runs to the end of the text, to the end of the quoted region, or to the start
// of the next forward (so a forward of a forward gives the outer original, then the inner).
//
// One pass over the lines plus bounded look-ahead: linear in the input. It does not decode
// anything, judge whether an original is genuine, or look at MIME structure.
#include "core/forward_inline.h"

#include <cstddef>
#include <utility>

#include "core/forward_labels.h"

namespace sa {
namespace {

constexpr std::size_t kMaxOriginals = 64;  // later forwards stay inside the last body
constexpr int kMaxBlockLines = 40;
constexpr std::size_t kMaxBlockBytes = 16 * 1024;
constexpr int kMaxBlankAfterSeparator = 3;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

// One line of the text: its bytes, its quote depth and its content after the quoting.
struct Line {
  std::size_t begin = 0;  // first byte of the line
  std::size_t end = 0;    // after the last non-space byte
  std::size_t next = 0;   // first byte of the following line
  int depth = 0;          // number of '>' quote marks
  std::string_view content;
  bool blank() const { return content.empty(); }
};

// Consumes `levels` quote marks ('>' with optional spaces before each) and one space after.
std::size_t skip_quote_levels(std::string_view text, std::size_t p, std::size_t end, int levels,
                              int* counted) {
  int n = 0;
  bool any = false;
  while (n < levels) {
    std::size_t q = p;
    while (q < end && (text[q] == ' ' || text[q] == '\t')) ++q;
    if (q >= end || text[q] != '>') break;
    p = q + 1;
    ++n;
    any = true;
  }
  if (any && p < end && text[p] == ' ') ++p;
  if (counted != nullptr) *counted = n;
  return p;
}

Line read_line(std::string_view text, std::size_t pos) {
  Line l;
  l.begin = pos;
  const std::size_t nl = text.find('\n', pos);
  std::size_t end = nl == std::string_view::npos ? text.size() : nl;
  l.next = nl == std::string_view::npos ? text.size() : nl + 1;
  while (end > pos && is_space(text[end - 1])) --end;
  l.end = end;
  const std::size_t p = skip_quote_levels(text, pos, end, 1 << 30, &l.depth);
  l.content = text.substr(p, end - p);
  return l;
}

// The labels of one forward block and where the block ends.
struct LabelBlock {
  int depth = 0;
  int labels = 0;
  bool has_from = false, has_subject = false, has_date = false, has_to = false;
  HeaderLabel first = HeaderLabel::Other;
  bool first_ascii = true;
  bool tab = false;
  std::string from, subject, date, to;
  std::size_t end = 0;  // first byte after the block
};

// The flag and value a label fills in `b`; both null for labels the block does not keep.
std::pair<bool*, std::string*> field_of(LabelBlock& b, HeaderLabel label) {
  switch (label) {
    case HeaderLabel::From:
      return {&b.has_from, &b.from};
    case HeaderLabel::Subject:
      return {&b.has_subject, &b.subject};
    case HeaderLabel::Date:
      return {&b.has_date, &b.date};
    case HeaderLabel::To:
      return {&b.has_to, &b.to};
    case HeaderLabel::Cc:
    case HeaderLabel::Other:
      break;
  }
  return {nullptr, nullptr};
}

bool contains_at(std::string_view s) { return s.find('@') != std::string_view::npos; }

// Reads consecutive label lines at `depth` starting at `pos`. Ends at a blank line, a change
// of quote depth, a repeated label, or a line that is neither a label nor a continuation
// (indented, or an address line after To/Cc).
LabelBlock read_label_block(std::string_view text, std::size_t pos, int depth) {
  LabelBlock b;
  b.depth = depth;
  const std::size_t start = pos;
  HeaderLabel last = HeaderLabel::Other;
  std::string* last_value = nullptr;
  LabelLine label;
  for (int n = 0; n < kMaxBlockLines && pos < text.size() && pos - start < kMaxBlockBytes; ++n) {
    const Line l = read_line(text, pos);
    if (l.depth != depth || l.blank()) break;
    if (parse_label_line(l.content, label)) {
      auto [seen, value] = field_of(b, label.label);
      if (seen != nullptr) {
        if (*seen) break;
        *seen = true;
        *value = std::move(label.value);
      }
      if (b.labels == 0) {
        b.first = label.label;
        b.first_ascii = label.ascii_label;
      }
      b.tab = b.tab || label.tab_after_colon;
      ++b.labels;
      last = label.label;
      last_value = value;
    } else {
      const bool indented = l.content.front() == ' ' || l.content.front() == '\t';
      const bool address_list =
          (last == HeaderLabel::To || last == HeaderLabel::Cc) && contains_at(l.content);
      if (b.labels == 0 || !(indented || address_list)) break;
      if (last_value != nullptr) {
        std::string_view more = l.content;
        while (!more.empty() && (more.front() == ' ' || more.front() == '\t')) {
          more.remove_prefix(1);
        }
        if (!last_value->empty()) last_value->push_back(' ');
        last_value->append(more);
      }
    }
    pos = l.next;
  }
  b.end = pos;
  return b;
}

// A forward found in the first pass: where it starts, its labels, where its body starts.
struct ForwardStart {
  std::size_t start = 0;
  std::string client;
  LabelBlock block;
};

std::string client_for(SeparatorLine sep, const LabelBlock& b) {
  std::string name;
  switch (sep) {
    case SeparatorLine::ForwardedMessage:
      name = (b.tab || b.first == HeaderLabel::Subject) ? "thunderbird" : "gmail";
      break;
    case SeparatorLine::ThunderbirdForwarded:
      name = "thunderbird";
      break;
    case SeparatorLine::OriginalMessage:
    case SeparatorLine::Underscores:
      name = b.first_ascii ? "outlook-en" : "outlook-ja";
      break;
    case SeparatorLine::BeginForwarded:
      name = "apple-mail";
      break;
    case SeparatorLine::JapaneseWebForward:
      name = "jp-web";
      break;
    case SeparatorLine::None:
      name = "header-block";
      break;
  }
  return b.depth > 0 ? "quoted-" + name : name;
}

// Whether a separator's label block is enough to call it a forward. A line of underscores
// is often decoration, so it needs From plus Subject or Date.
bool separator_accepts(SeparatorLine sep, const LabelBlock& b) {
  if (sep == SeparatorLine::Underscores) return b.has_from && (b.has_subject || b.has_date);
  return b.has_from || b.has_subject || b.has_date;
}

// Tries a separator-led forward at line `l`. On success fills `out`.
bool forward_after_separator(std::string_view text, const Line& l, SeparatorLine sep,
                             ForwardStart& out) {
  std::size_t pos = l.next;
  for (int blanks = 0; pos < text.size(); ++blanks) {
    const Line b = read_line(text, pos);
    if (!b.blank()) break;
    if (blanks == kMaxBlankAfterSeparator) return false;
    pos = b.next;
  }
  if (pos >= text.size()) return false;
  const Line first = read_line(text, pos);
  if (first.depth < l.depth) return false;
  LabelBlock block = read_label_block(text, pos, first.depth);
  if (!separator_accepts(sep, block)) return false;
  out.start = l.begin;
  out.client = client_for(sep, block);
  out.block = std::move(block);
  return true;
}

// First pass: every forward start in document order.
std::vector<ForwardStart> find_starts(std::string_view text) {
  std::vector<ForwardStart> starts;
  std::size_t pos = 0;
  LabelLine label;
  while (pos < text.size() && starts.size() < kMaxOriginals) {
    const Line l = read_line(text, pos);
    pos = l.next;
    if (l.blank()) continue;
    const SeparatorLine sep = classify_separator(l.content);
    if (sep != SeparatorLine::None) {
      ForwardStart f;
      if (forward_after_separator(text, l, sep, f)) {
        pos = f.block.end;
        starts.push_back(std::move(f));
      }
      continue;
    }
    if (!parse_label_line(l.content, label) || label.label != HeaderLabel::From) continue;
    LabelBlock block = read_label_block(text, l.begin, l.depth);
    // A failed block holds no From+Subject pair starting later either: skip it whole.
    pos = block.end > l.begin ? block.end : l.next;
    if (!block.has_from || !block.has_subject) continue;
    ForwardStart f;
    f.start = l.begin;
    f.client = client_for(SeparatorLine::None, block);
    f.block = std::move(block);
    starts.push_back(std::move(f));
  }
  return starts;
}

// The body from `pos` up to `limit`, with `depth` levels of quoting removed. Stops at the
// first non-blank line quoted less deeply; drops leading and trailing blank lines.
std::string body_text(std::string_view text, std::size_t pos, std::size_t limit, int depth) {
  std::string body;
  std::size_t pending_blank = 0;
  while (pos < limit) {
    const Line l = read_line(text, pos);
    pos = l.next;
    if (l.blank()) {
      if (!body.empty()) ++pending_blank;
      continue;
    }
    if (l.depth < depth) break;
    const std::size_t p = skip_quote_levels(text, l.begin, l.end, depth, nullptr);
    if (body.empty()) body.reserve(limit - l.begin);
    body.append(pending_blank, '\n');
    pending_blank = 0;
    body.append(text.substr(p, l.end - p));
    body.push_back('\n');
  }
  if (body.capacity() > 2 * body.size() + 4096) body.shrink_to_fit();
  return body;
}

}  // namespace

std::vector<InlineOriginal> find_inline_originals(std::string_view normalized_text) {
  try {
    std::vector<ForwardStart> starts = find_starts(normalized_text);
    std::vector<InlineOriginal> originals;
    originals.reserve(starts.size());
    for (std::size_t i = 0; i < starts.size(); ++i) {
      ForwardStart& f = starts[i];
      const std::size_t limit =
          i + 1 < starts.size() ? starts[i + 1].start : normalized_text.size();
      InlineOriginal o;
      o.client = std::move(f.client);
      o.from = std::move(f.block.from);
      o.subject = std::move(f.block.subject);
      o.date = std::move(f.block.date);
      o.to = std::move(f.block.to);
      o.body = body_text(normalized_text, f.block.end, limit, f.block.depth);
      originals.push_back(std::move(o));
    }
    return originals;
  } catch (...) {  // only allocation failure can get here
    return {};
  }
}

}  // namespace sa
