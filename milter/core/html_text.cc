// html_text.cc - HTML body to plain text for matching: a small single-pass state machine.
// Tags are dropped; <script>, <style>, <head> and comments lose their content; entities
// (common named ones, &#NNN; and &#xHH;) are decoded; <br> and block elements give line
// breaks; runs of whitespace collapse to one space, at most one blank line is kept. It is
// not an HTML parser: no DOM, no CSS (display:none text stays), no quoting of blockquotes.
#include "core/html_text.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/ascii.h"
#include "core/utf8.h"

namespace sa {
namespace {

struct NamedEntity {
  std::string_view name;
  std::uint32_t code_point;
};

constexpr std::array<NamedEntity, 45> kEntities = {{
    {"amp", '&'},       {"lt", '<'},       {"gt", '>'},       {"quot", '"'},     {"apos", '\''},
    {"nbsp", ' '},      {"yen", 0xA5},     {"copy", 0xA9},    {"reg", 0xAE},     {"trade", 0x2122},
    {"hellip", 0x2026}, {"mdash", 0x2014}, {"ndash", 0x2013}, {"lsquo", 0x2018}, {"rsquo", 0x2019},
    {"ldquo", 0x201C},  {"rdquo", 0x201D}, {"middot", 0xB7},  {"bull", 0x2022},  {"laquo", 0xAB},
    {"raquo", 0xBB},    {"times", 0xD7},   {"divide", 0xF7},  {"deg", 0xB0},     {"plusmn", 0xB1},
    {"sect", 0xA7},     {"para", 0xB6},    {"euro", 0x20AC},  {"pound", 0xA3},   {"cent", 0xA2},
    {"ensp", ' '},      {"emsp", ' '},     {"thinsp", ' '},   {"zwnj", 0x200C},  {"zwj", 0x200D},
    {"shy", 0xAD},      {"larr", 0x2190},  {"rarr", 0x2192},  {"uarr", 0x2191},  {"darr", 0x2193},
    {"minus", 0x2212},  {"iexcl", 0xA1},   {"iquest", 0xBF},  {"acute", 0xB4},   {"macr", 0xAF},
}};

// Elements whose start and end tags separate lines.
constexpr std::array<std::string_view, 30> kBlockElements = {
    "p",    "div",   "tr",         "li",      "h1",      "h2",     "h3",     "h4",
    "h5",   "h6",    "blockquote", "table",   "ul",      "ol",     "dl",     "dt",
    "dd",   "pre",   "hr",         "section", "article", "header", "footer", "center",
    "form", "title", "address",    "tbody",   "thead",   "caption"};

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool is_html_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// Case-insensitive search for an ASCII needle (lower case) starting at `from`.
std::size_t ifind(std::string_view hay, std::string_view needle, std::size_t from) {
  if (needle.empty() || hay.size() < needle.size()) return std::string_view::npos;
  for (std::size_t i = from; i + needle.size() <= hay.size(); ++i) {
    if (ascii_lower(hay[i]) != needle[0]) continue;
    std::size_t k = 1;
    while (k < needle.size() && ascii_lower(hay[i + k]) == needle[k]) ++k;
    if (k == needle.size()) return i;
  }
  return std::string_view::npos;
}

// Decodes the entity at html[i] == '&'. Returns the index after it, or i when it is not
// an entity we know (the '&' is then literal text).
std::size_t decode_entity(std::string_view html, std::size_t i, std::uint32_t& cp) {
  std::size_t j = i + 1;
  if (j < html.size() && html[j] == '#') {
    ++j;
    bool hex = j < html.size() && (html[j] == 'x' || html[j] == 'X');
    if (hex) ++j;
    std::uint32_t value = 0;
    std::size_t digits = 0;
    while (j < html.size() && digits < 8) {
      char c = html[j];
      int d = -1;
      if (c >= '0' && c <= '9') d = c - '0';
      if (hex && c >= 'a' && c <= 'f') d = c - 'a' + 10;
      if (hex && c >= 'A' && c <= 'F') d = c - 'A' + 10;
      if (d < 0) break;
      value = value * (hex ? 16 : 10) + static_cast<std::uint32_t>(d);
      ++digits;
      ++j;
    }
    if (digits == 0) return i;
    if (j < html.size() && html[j] == ';') ++j;
    cp = value;
    return j;
  }
  std::size_t name_start = j;
  while (j < html.size() && j - name_start < 10 &&
         (is_alpha(html[j]) || (html[j] >= '0' && html[j] <= '9')))
    ++j;
  if (j >= html.size() || html[j] != ';') return i;
  std::string_view name = html.substr(name_start, j - name_start);
  for (const auto& e : kEntities) {
    if (e.name == name) {
      cp = e.code_point;
      return j + 1;
    }
  }
  return i;
}

class TextSink {
 public:
  explicit TextSink(std::size_t reserve) { out_.reserve(reserve); }

  void text_char(char c, bool preformatted) {
    if (preformatted) {
      if (c == '\r') return;
      if (c == '\n') {
        newline(true);
        return;
      }
      flush_space();
      out_.push_back(c);
      return;
    }
    if (is_html_space(c)) {
      pending_space_ = true;
      return;
    }
    flush_space();
    out_.push_back(c);
  }

  void text(std::string_view s) {
    flush_space();
    out_.append(s);
  }

  void space() { pending_space_ = true; }

  // A line break: forced (<br>) always breaks; a block boundary only ends a non-empty line.
  void newline(bool forced) {
    pending_space_ = false;
    while (!out_.empty() && out_.back() == ' ') out_.pop_back();
    if (out_.empty()) return;
    if (!forced && out_.back() == '\n') return;
    std::size_t trailing = 0;
    for (auto it = out_.rbegin(); it != out_.rend() && *it == '\n'; ++it) ++trailing;
    if (trailing >= 2) return;  // at most one blank line
    out_.push_back('\n');
  }

  std::string finish() {
    while (!out_.empty() && (out_.back() == '\n' || out_.back() == ' ')) out_.pop_back();
    return std::move(out_);
  }

 private:
  void flush_space() {
    if (pending_space_ && !out_.empty() && out_.back() != '\n') out_.push_back(' ');
    pending_space_ = false;
  }

  std::string out_;
  bool pending_space_ = false;
};

bool is_block(std::string_view name) {
  for (auto b : kBlockElements) {
    if (b == name) return true;
  }
  return false;
}

}  // namespace

std::string html_to_text(std::string_view html) {
  TextSink sink(html.size() / 2);
  int pre_depth = 0;
  bool head_unclosed = false;  // a previous <head> had no </head>: never search again
  std::size_t i = 0;
  while (i < html.size()) {
    char c = html[i];
    if (c == '&') {
      std::uint32_t cp = 0;
      std::size_t next = decode_entity(html, i, cp);
      if (next != i) {
        if (cp == ' ' || cp == 0xA0) {
          sink.space();
        } else if (cp != 0xAD) {
          std::string utf8;
          append_utf8(utf8, cp);
          sink.text(utf8);
        }
        i = next;
        continue;
      }
      sink.text_char(c, pre_depth > 0);
      ++i;
      continue;
    }
    if (c != '<' || i + 1 >= html.size()) {
      sink.text_char(c, pre_depth > 0);
      ++i;
      continue;
    }
    char n = html[i + 1];
    if (n == '!' || n == '?') {
      if (html.substr(i, 4) == "<!--") {
        std::size_t end = html.find("-->", i + 4);
        i = end == std::string_view::npos ? html.size() : end + 3;
      } else {
        std::size_t end = html.find('>', i + 2);
        i = end == std::string_view::npos ? html.size() : end + 1;
      }
      continue;
    }
    bool closing = n == '/';
    std::size_t name_start = i + (closing ? 2 : 1);
    if (name_start >= html.size() || !is_alpha(html[name_start])) {
      sink.text_char(c, pre_depth > 0);
      ++i;
      continue;
    }
    std::size_t j = name_start;
    std::string name;
    while (j < html.size() && (is_alpha(html[j]) || (html[j] >= '0' && html[j] <= '9')) &&
           name.size() < 16) {
      name.push_back(ascii_lower(html[j]));
      ++j;
    }
    // Skip attributes up to the closing '>', honouring quoted values.
    char quote = 0;
    while (j < html.size()) {
      char a = html[j];
      if (quote) {
        if (a == quote) quote = 0;
      } else if (a == '"' || a == '\'') {
        quote = a;
      } else if (a == '>') {
        break;
      }
      ++j;
    }
    i = j < html.size() ? j + 1 : html.size();
    if (!closing && (name == "script" || name == "style" || name == "head")) {
      if (name == "head" && head_unclosed) continue;
      std::string closer = "</" + name;
      std::size_t end = ifind(html, closer, i);
      if (end == std::string_view::npos) {
        if (name == "head") {
          head_unclosed = true;  // keep the content: it is probably the body
          continue;
        }
        i = html.size();
        continue;
      }
      std::size_t gt = html.find('>', end);
      i = gt == std::string_view::npos ? html.size() : gt + 1;
      continue;
    }
    if (name == "br") {
      sink.newline(true);
    } else if (name == "td" || name == "th") {
      sink.space();
    } else if (is_block(name)) {
      sink.newline(false);
      if (name == "pre") pre_depth += closing ? (pre_depth > 0 ? -1 : 0) : 1;
    }
  }
  return sink.finish();
}

}  // namespace sa
