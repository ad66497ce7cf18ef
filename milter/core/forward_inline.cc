// forward_inline.cc - finds originals pasted inline by a mail client's forward or reply and
// recovers their From, Subject, Date, To and body from already-normalised text.
//
// A forward starts at
//   - a separator line (a table phrase between dashes or alone on its line, or a line of
//     underscores) followed by a label block, or with its labels on the same line (Yahoo's
//     one-line header "----- Forwarded Message ----- From: ... Subject: ...");
//   - a reply attribution ("On <date>, <sender> wrote:" and its translations, on one line or
//     wrapped over two) followed by the quoted original, or by the unquoted original when an
//     HTML reply was flattened;
//   - a bare label block that has at least From and Subject.
// InlineOriginal::client names the layout: the table's client for the separator or the
// attribution, "thunderbird" when labels are followed by a TAB, "yahoo" for a one-line
// header, "outlook" for underscores, "header-block" when there is no separator; with a
// "quoted-" prefix when the block is quoted with ">" (any depth).
// The body runs to the end of the text, to the end of the quoted region, or to the start of
// the next forward (so a forward of a forward gives the outer original, then the inner). A
// body quoted more deeply than its header block (Missive: header, then "> " lines) loses
// that quoting too. A block without Subject takes the outer message's subject without its
// Re:/Fwd: prefixes.
//
// One pass over the lines plus bounded look-ahead: linear in the input. It does not decode
// anything, judge whether an original is genuine, or look at MIME structure.
#include "core/forward_inline.h"

#include <algorithm>
#include <cstddef>
#include <utility>

#include "core/forward_labels.h"
#include "core/text_normalize.h"

namespace sa {
namespace {

constexpr std::size_t kMaxOriginals = 64;  // later forwards stay inside the last body
constexpr int kMaxBlockLines = 40;
constexpr std::size_t kMaxBlockBytes = 16 * 1024;
constexpr int kMaxBlankAfterSeparator = 3;
constexpr std::size_t kMaxAttributionBytes = 400;

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
  std::size_t p = skip_quote_levels(text, pos, end, 1 << 30, &l.depth);
  // Outlook starts its reply line with a byte order mark (U+FEFF), some editors with U+200B.
  for (std::string_view mark : {"\xEF\xBB\xBF", "\xE2\x80\x8B"}) {
    if (text.substr(p, mark.size()) == mark && p + mark.size() <= end) p += mark.size();
  }
  l.content = text.substr(p, end - p);
  return l;
}

// The labels of one forward block and where the block ends.
struct LabelBlock {
  int depth = 0;
  int labels = 0;
  bool has_from = false, has_subject = false, has_date = false, has_to = false;
  bool tab = false;
  std::string from, subject, date, to;
  std::size_t end = 0;  // first byte after the block: where the body begins
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
    case HeaderLabel::ReplyTo:
    case HeaderLabel::Other:
      break;
  }
  return {nullptr, nullptr};
}

// Adds a label to `b`; false when it repeats one the block already has (the block ends).
// `last_value` is where continuation lines go.
bool add_label(LabelBlock& b, LabelLine& label, std::string*& last_value) {
  auto [seen, value] = field_of(b, label.label);
  if (seen != nullptr) {
    if (*seen) return false;
    *seen = true;
    *value = std::move(label.value);
  }
  b.tab = b.tab || label.tab_after_colon;
  ++b.labels;
  last_value = value;
  return true;
}

bool contains_at(std::string_view s) { return s.find('@') != std::string_view::npos; }

// Reads consecutive label lines at `depth` starting at `pos`. Ends at a blank line, a change
// of quote depth, a repeated label, or a line that is neither a label nor a continuation
// (indented, or an address line after To/Cc).
LabelBlock read_label_block(std::string_view text, std::size_t pos, int depth,
                            const ForwardLayouts& layouts) {
  LabelBlock b;
  b.depth = depth;
  const std::size_t start = pos;
  HeaderLabel last = HeaderLabel::Other;
  std::string* last_value = nullptr;
  LabelLine label;
  for (int n = 0; n < kMaxBlockLines && pos < text.size() && pos - start < kMaxBlockBytes; ++n) {
    const Line l = read_line(text, pos);
    if (l.depth != depth || l.blank()) break;
    if (parse_label_line(l.content, layouts, label)) {
      if (!add_label(b, label, last_value)) break;
      last = label.label;
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
  bool attribution = false;  // a reply attribution: dropped when nothing is quoted under it
};

std::string styled(std::string_view client, int depth) {
  return depth > 0 ? "quoted-" + std::string(client) : std::string(client);
}

// The first non-blank line at or after `pos`, skipping at most kMaxBlankAfterSeparator
// blank lines; false when there is none.
bool first_content_line(std::string_view text, std::size_t pos, Line& out) {
  for (int blanks = 0; pos < text.size(); ++blanks) {
    out = read_line(text, pos);
    if (!out.blank()) return true;
    if (blanks == kMaxBlankAfterSeparator) return false;
    pos = out.next;
  }
  return false;
}

// Whether a separator's label block is enough to call it a forward. A line of underscores
// is often decoration, so it needs From plus Subject or Date.
bool separator_accepts(SeparatorLine::Kind kind, const LabelBlock& b) {
  if (kind == SeparatorLine::Kind::Underscores) return b.has_from && (b.has_subject || b.has_date);
  return b.has_from || b.has_subject || b.has_date;
}

// Yahoo's one-line header: the labels on the separator line itself.
bool one_line_forward(const Line& l, const SeparatorLine& sep, const ForwardLayouts& layouts,
                      ForwardStart& out) {
  LabelBlock block;
  block.depth = l.depth;
  std::string* last_value = nullptr;
  for (LabelLine& label : parse_one_line_labels(sep.rest, layouts)) {
    if (!add_label(block, label, last_value)) break;
  }
  if (!block.has_from || block.labels < 2) return false;
  block.end = l.next;
  out.start = l.begin;
  out.client = styled("yahoo", l.depth);
  out.block = std::move(block);
  return true;
}

// Tries a separator-led forward at line `l`. On success fills `out`.
bool forward_after_separator(std::string_view text, const Line& l, const SeparatorLine& sep,
                             const ForwardLayouts& layouts, ForwardStart& out) {
  if (!sep.rest.empty()) return one_line_forward(l, sep, layouts, out);
  Line first;
  if (!first_content_line(text, l.next, first) || first.depth < l.depth) return false;
  LabelBlock block = read_label_block(text, first.begin, first.depth, layouts);
  if (!separator_accepts(sep.kind, block)) return false;
  // Zoho closes the header block with the separator line again: not part of the body.
  if (block.end < text.size()) {
    const Line close = read_line(text, block.end);
    if (close.depth == l.depth && close.content == l.content) block.end = close.next;
  }
  out.start = l.begin;
  out.client = styled(block.tab ? "thunderbird" : sep.client, block.depth);
  out.block = std::move(block);
  return true;
}

// Tries a reply attribution at line `l`, alone or joined to `prev` (the line just before it
// at the same depth) when a client wrapped it ("On <date> <name> <addr>" / "wrote:", Becky!'s
// "On <date>" / "<name> <addr> wrote:"); the more specific reading wins. The original follows
// within a few blank lines, quoted at least as deeply.
bool reply_attribution(std::string_view text, const Line& l, std::string_view content,
                       const Line* prev, const ForwardLayouts& layouts, ForwardStart& out) {
  if (content.size() > kMaxAttributionBytes) return false;
  Attribution a;
  std::size_t start = l.begin;
  const bool alone = layouts.attribution(content, a);
  if (prev != nullptr && prev->content.size() + content.size() <= kMaxAttributionBytes) {
    std::string joined(prev->content);
    joined += ' ';
    joined += content;
    Attribution wrapped;
    if (layouts.attribution(joined, wrapped) && (!alone || wrapped.specificity > a.specificity)) {
      a = std::move(wrapped);
      start = prev->begin;
    }
  }
  if (start == l.begin && !alone) return false;
  Line first;
  if (!first_content_line(text, l.next, first) || first.depth < l.depth) return false;
  out.start = start;
  out.client = styled(a.client, l.depth);
  out.attribution = true;
  out.block.depth = l.depth;
  out.block.has_from = true;
  out.block.from = std::move(a.from);
  out.block.has_date = !a.date.empty();
  out.block.date = std::move(a.date);
  out.block.end = l.next;
  return true;
}

// Zoho writes its reply line between dashes ("---- On <date> <sender> wrote ----"): the text
// between them, with the colon other clients write. False for other lines.
bool dash_wrapped(std::string_view content, std::string& inner) {
  if (content.size() < 6 || content.substr(0, 2) != "--" ||
      content.substr(content.size() - 2) != "--") {
    return false;
  }
  const std::size_t b = content.find_first_not_of('-');
  const std::size_t e = content.find_last_not_of('-');
  if (b == std::string_view::npos || e <= b) return false;
  std::string_view t = content.substr(b, e - b + 1);
  while (!t.empty() && (t.front() == ' ' || t.back() == ' ')) {
    t = t.front() == ' ' ? t.substr(1) : t.substr(0, t.size() - 1);
  }
  if (t.empty() || t.back() == ':') return false;
  inner.assign(t);
  inner += ':';
  return true;
}

// First pass: every forward start in document order.
std::vector<ForwardStart> find_starts(std::string_view text, const ForwardLayouts& layouts) {
  std::vector<ForwardStart> starts;
  std::size_t pos = 0;
  LabelLine label;
  Line prev;
  bool have_prev = false;  // `prev` is the non-blank line just before this one
  while (pos < text.size() && starts.size() < kMaxOriginals) {
    const Line l = read_line(text, pos);
    pos = l.next;
    const bool prev_usable = have_prev && prev.depth == l.depth;
    have_prev = false;
    if (l.blank()) continue;
    const SeparatorLine sep = classify_separator(l.content, layouts);
    if (sep.kind != SeparatorLine::Kind::None) {
      ForwardStart f;
      if (forward_after_separator(text, l, sep, layouts, f)) {
        pos = f.block.end;
        starts.push_back(std::move(f));
      }
      continue;
    }
    std::string wrapped;
    const bool zoho = dash_wrapped(l.content, wrapped);
    const std::string_view reply_line = zoho ? std::string_view(wrapped) : l.content;
    if (reply_line.back() == ':') {
      ForwardStart f;
      if (reply_attribution(text, l, reply_line, prev_usable ? &prev : nullptr, layouts, f)) {
        if (zoho) f.client = styled("zoho", l.depth);
        pos = f.block.end;
        starts.push_back(std::move(f));
        continue;
      }
    }
    if (parse_label_line(l.content, layouts, label) && label.label == HeaderLabel::From) {
      LabelBlock block = read_label_block(text, l.begin, l.depth, layouts);
      // A failed block holds no From+Subject pair starting later either: skip it whole.
      pos = block.end > l.begin ? block.end : l.next;
      if (block.has_from && block.has_subject) {
        ForwardStart f;
        f.start = l.begin;
        f.client = styled("header-block", block.depth);
        f.block = std::move(block);
        starts.push_back(std::move(f));
      }
      continue;
    }
    prev = l;
    have_prev = true;
  }
  return starts;
}

// The body from `pos` up to `limit`, with the quoting of its first line removed (at least
// `depth` levels). Stops at the first non-blank line quoted less deeply; drops leading and
// trailing blank lines.
std::string body_text(std::string_view text, std::size_t pos, std::size_t limit, int depth) {
  std::string body;
  std::size_t pending_blank = 0;
  bool first = true;
  while (pos < limit) {
    const Line l = read_line(text, pos);
    pos = l.next;
    if (l.blank()) {
      if (!body.empty()) ++pending_blank;
      continue;
    }
    if (first) {
      depth = std::max(depth, l.depth);
      first = false;
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

std::vector<InlineOriginal> find_inline_originals(std::string_view normalized_text,
                                                  const ForwardLayouts& layouts,
                                                  std::string_view outer_subject) {
  try {
    std::vector<ForwardStart> starts = find_starts(normalized_text, layouts);
    std::vector<InlineOriginal> originals;
    originals.reserve(starts.size());
    std::string outer;  // normalised only when an original lacks its own Subject
    std::string_view inherited;
    bool outer_read = false;
    for (std::size_t i = 0; i < starts.size(); ++i) {
      ForwardStart& f = starts[i];
      const std::size_t limit =
          i + 1 < starts.size() ? starts[i + 1].start : normalized_text.size();
      InlineOriginal o;
      o.body = body_text(normalized_text, f.block.end, limit, f.block.depth);
      if (f.attribution && o.body.empty()) continue;
      o.client = std::move(f.client);
      o.from = std::move(f.block.from);
      if (f.block.has_subject) {
        o.subject = std::move(f.block.subject);
      } else {
        if (!outer_read) {
          outer = normalize_for_matching(outer_subject);
          bool replied = false;
          inherited = layouts.strip_prefixes(outer, replied);
          outer_read = true;
        }
        o.subject = std::string(inherited);
        o.subject_quoted = false;
      }
      o.date = std::move(f.block.date);
      o.to = std::move(f.block.to);
      originals.push_back(std::move(o));
    }
    return originals;
  } catch (...) {  // only allocation failure can get here
    return {};
  }
}

}  // namespace sa
