// strict_reading.cc - the strict RFC reading of strict_reading.h. One pass classifies line
// ends; then each entity's header section is read field by field and its body is split at
// exact RFC 2046 delimiter lines only ("--" boundary ["--"] *LWSP). Anything another
// reader could take differently is recorded as an ambiguity; nothing is decoded.
#include "core/strict_reading.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <utility>

#include "core/ascii.h"

namespace sa {
namespace {

constexpr int kMaxDepth = 16;
constexpr std::size_t kMaxEntities = 2000;

// Fields that RFC 5322 / RFC 2045 allow once per message (and the MIME ones once per part).
constexpr std::array<std::string_view, 9> kOncePerMessage = {
    "from",         "subject",      "date",
    "sender",       "reply-to",     "message-id",
    "mime-version", "content-type", "content-transfer-encoding"};
constexpr std::array<std::string_view, 4> kOncePerPart = {
    "content-type", "content-transfer-encoding", "content-disposition", "mime-version"};

bool is_wsp(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (is_wsp(s.front()) || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (is_wsp(s.back()) || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Lines of `s` without their terminator ('\n', and a '\r' before it).
class Lines {
 public:
  explicit Lines(std::string_view s) : s_(s) {}
  bool next(std::string_view& line, std::size_t& start) {
    if (pos_ >= s_.size()) return false;
    start = pos_;
    std::size_t eol = s_.find('\n', pos_);
    if (eol == std::string_view::npos) {
      line = s_.substr(pos_);
      pos_ = s_.size();
    } else {
      line = s_.substr(pos_, eol - pos_);
      pos_ = eol + 1;
    }
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return true;
  }
  std::size_t pos() const { return pos_; }

 private:
  std::string_view s_;
  std::size_t pos_ = 0;
};

struct Field {
  std::string name;   // lower case
  std::string value;  // unfolded, trimmed
};

struct ContentType {
  std::string type;  // "text/plain", lower case; empty when absent
  std::string boundary;
  bool has_boundary = false;
};

// Removes RFC 5322 comments outside quoted strings; false when they do not balance.
bool strip_comments(std::string_view in, std::string& out) {
  int depth = 0;
  bool quoted = false;
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '\\' && i + 1 < in.size() && (quoted || depth > 0)) {
      if (depth == 0) {
        out.push_back(c);
        out.push_back(in[i + 1]);
      }
      ++i;
      continue;
    }
    if (depth == 0 && c == '"') quoted = !quoted;
    if (!quoted && c == '(') {
      ++depth;
      continue;
    }
    if (!quoted && c == ')' && depth > 0) {
      --depth;
      continue;
    }
    if (depth == 0) out.push_back(c);
  }
  return depth == 0 && !quoted;
}

bool boundary_char(char c) {
  static constexpr std::string_view extra = "'()+_,-./:=? ";
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         extra.find(c) != std::string_view::npos;
}

class Reader {
 public:
  Reader(const std::vector<std::string>& enclosing) {
    for (const auto& b : enclosing) enclosing_.push_back(b);
  }

  StrictReading run(std::string_view raw) {
    classify_line_ends(raw);
    entity(raw, /*is_message=*/true, /*top=*/true, /*digest_child=*/false, 0, {});
    return std::move(out_);
  }

 private:
  void flag(std::string_view what) {
    std::string r = "ambiguous=" + std::string(what);
    if (std::find(out_.ambiguities.begin(), out_.ambiguities.end(), r) == out_.ambiguities.end())
      out_.ambiguities.push_back(std::move(r));
  }

  // memchr-driven: NUL anywhere; each CR must start a CRLF; LF alone and CRLF not mixed.
  void classify_line_ends(std::string_view raw) {
    if (std::memchr(raw.data(), '\0', raw.size())) flag("nul");
    const char* p = raw.data();
    const char* end = p + raw.size();
    std::size_t crs = 0;
    for (const char* cr = p; (cr = static_cast<const char*>(std::memchr(cr, '\r', end - cr)));
         ++cr) {
      ++crs;
      if (cr + 1 == end || cr[1] != '\n') {
        flag("bare-cr");
        --crs;
      }
    }
    if (crs == 0) return;  // LF only (or no line break at all)
    for (const char* lf = p; (lf = static_cast<const char*>(std::memchr(lf, '\n', end - lf)));
         ++lf) {
      if (lf == p || lf[-1] != '\r') {
        flag("mixed-line-endings");
        return;
      }
    }
  }

  // Calls check_boundary_like for every line of `s` that starts with "--".
  void scan_dash_lines(std::string_view s, const std::vector<std::string_view>& active) {
    if (enclosing_.empty() && active.empty()) return;
    std::size_t at = s.substr(0, 2) == "--" ? 0 : s.find("\n--");
    while (at != std::string_view::npos) {
      if (s[at] == '\n') ++at;
      std::size_t eol = s.find('\n', at);
      std::string_view line = s.substr(at, eol == std::string_view::npos ? s.npos : eol - at);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      check_boundary_like(line, active);
      if (eol == std::string_view::npos) break;
      at = s.find("\n--", eol);
    }
  }

  // Reads the header section; returns the offset where the body starts.
  std::size_t header_section(std::string_view bytes, std::vector<Field>& fields) {
    Lines lines(bytes);
    std::string_view line;
    std::size_t start = 0;
    while (lines.next(line, start)) {
      if (line.empty()) return lines.pos();
      if (is_wsp(line.front())) {
        if (fields.empty()) {
          flag("malformed-header-line");
        } else {
          fields.back().value.append(line);
        }
        continue;
      }
      const std::size_t colon = line.find(':');
      if (colon == std::string_view::npos || colon == 0) {
        flag("malformed-header-line");
        continue;
      }
      std::string_view name = line.substr(0, colon);
      if (is_wsp(name.back())) {
        flag("space-before-colon");
        while (!name.empty() && is_wsp(name.back())) name.remove_suffix(1);
      }
      for (char c : name) {
        if (static_cast<unsigned char>(c) < 33 || static_cast<unsigned char>(c) > 126) {
          flag("malformed-header-line");
          break;
        }
      }
      fields.push_back({ascii_lower(name), std::string(line.substr(colon + 1))});
    }
    return bytes.size();
  }

  void check_unique(const std::vector<Field>& fields, bool is_message) {
    auto check = [&](std::string_view name) {
      std::size_t n = std::count_if(fields.begin(), fields.end(),
                                    [&](const Field& f) { return f.name == name; });
      if (n > 1) flag("duplicate-" + std::string(name));
    };
    if (is_message) {
      for (auto name : kOncePerMessage) check(name);
      check("content-disposition");
    } else {
      for (auto name : kOncePerPart) check(name);
    }
  }

  ContentType content_type(const std::vector<Field>& fields) {
    ContentType ct;
    auto it = std::find_if(fields.begin(), fields.end(),
                           [](const Field& f) { return f.name == "content-type"; });
    if (it == fields.end()) return ct;
    std::string value;
    if (!strip_comments(it->value, value)) flag("content-type");
    std::string_view v = value;
    std::size_t semi = v.find(';');
    ct.type = ascii_lower(trim(v.substr(0, semi)));
    std::vector<std::string> seen;
    while (semi != std::string_view::npos) {
      v.remove_prefix(semi + 1);
      std::size_t eq = v.find('=');
      if (eq == std::string_view::npos) {
        if (!trim(v).empty()) flag("content-type");
        break;
      }
      std::string name = ascii_lower(trim(v.substr(0, eq)));
      v.remove_prefix(eq + 1);
      while (!v.empty() && is_wsp(v.front())) v.remove_prefix(1);
      std::string param;
      if (!v.empty() && v.front() == '"') {
        std::size_t i = 1;
        for (; i < v.size() && v[i] != '"'; ++i) {
          if (v[i] == '\\' && i + 1 < v.size()) ++i;
          param.push_back(v[i]);
        }
        if (i >= v.size()) flag("content-type");
        v.remove_prefix(std::min(v.size(), i + 1));
        semi = v.find(';');
        if (!trim(v.substr(0, semi)).empty()) flag("content-type");
      } else {
        semi = v.find(';');
        param = std::string(trim(v.substr(0, semi)));
      }
      // RFC 2231 forms (name*, name*0) are a second spelling of the same parameter.
      std::string base = name.substr(0, name.find('*'));
      if (std::find(seen.begin(), seen.end(), base) != seen.end()) {
        flag("duplicate-parameter");
      }
      seen.push_back(base);
      if (base == "boundary") {
        if (name != "boundary") flag("encoded-boundary");
        ct.boundary = param;
        ct.has_boundary = true;
      }
    }
    return ct;
  }

  // Called for every line that is not a delimiter where one is expected: one that starts
  // with "--" and an enclosing or active boundary is refused (another reader may cut there).
  void check_boundary_like(std::string_view line, const std::vector<std::string_view>& active) {
    if (line.size() < 3 || line[0] != '-' || line[1] != '-') return;
    std::string_view rest = line.substr(2);
    for (const std::vector<std::string_view>* list : {&std::as_const(enclosing_), &active}) {
      for (std::string_view b : *list) {
        if (rest.substr(0, b.size()) == b) flag("boundary-like-line");
      }
    }
  }

  // 0: not a delimiter of b; 1: delimiter; 2: close delimiter. Exactly RFC 2046.
  static int delimiter_kind(std::string_view line, std::string_view b) {
    if (line.size() < b.size() + 2 || line[0] != '-' || line[1] != '-') return 0;
    if (line.substr(2, b.size()) != b) return 0;
    std::string_view rest = line.substr(2 + b.size());
    int kind = 1;
    if (rest.substr(0, 2) == "--") {
      kind = 2;
      rest.remove_prefix(2);
    }
    for (char c : rest) {
      if (!is_wsp(c)) return 0;
    }
    return kind;
  }

  void entity(std::string_view bytes, bool is_message, bool top, bool digest_child, int depth,
              std::vector<std::string_view> active) {
    if (depth > kMaxDepth || out_.entities >= kMaxEntities) {
      flag("too-complex");
      return;
    }
    ++out_.entities;
    std::vector<Field> fields;
    const std::size_t body_at = header_section(bytes, fields);
    check_unique(fields, is_message);
    if (top) from_mailbox(fields);
    const std::string_view body = bytes.substr(body_at);
    ContentType ct = content_type(fields);
    if (ct.type.empty() && digest_child) ct.type = "message/rfc822";
    std::string cte;
    for (const auto& f : fields) {
      if (f.name == "content-transfer-encoding") cte = ascii_lower(trim(f.value));
    }
    const bool identity = cte.empty() || cte == "7bit" || cte == "8bit" || cte == "binary";
    if (ct.type.rfind("multipart/", 0) == 0) {
      multipart(body, ct, depth, std::move(active));
      return;
    }
    if (identity &&
        (ct.type == "message/rfc822" || ct.type == "message/news" || ct.type == "message/global")) {
      entity(body, true, false, false, depth + 1, std::move(active));
      return;
    }
    scan_dash_lines(body, active);
  }

  void multipart(std::string_view body, const ContentType& ct, int depth,
                 std::vector<std::string_view> active) {
    if (!ct.has_boundary || ct.boundary.empty() || ct.boundary.size() > 70 ||
        ct.boundary.back() == ' ' ||
        !std::all_of(ct.boundary.begin(), ct.boundary.end(), boundary_char)) {
      flag("boundary-invalid");
      if (!ct.has_boundary || ct.boundary.empty()) return;
    }
    const std::string_view own = ct.boundary;
    for (std::string_view b : enclosing_) {
      if (b.substr(0, own.size()) == own || own.substr(0, b.size()) == b) flag("boundary-reused");
    }
    for (std::string_view b : active) {
      if (b.substr(0, own.size()) == own || own.substr(0, b.size()) == b) flag("boundary-reused");
    }
    active.push_back(own);
    const bool digest = ct.type == "multipart/digest";
    std::size_t part_start = std::string_view::npos;  // npos: in the preamble or epilogue
    bool closed = false;
    auto end_part = [&](std::size_t line_start) {
      if (part_start == std::string_view::npos) return;
      // The line break before a delimiter belongs to the delimiter.
      std::size_t end = line_start;
      if (end > part_start && body[end - 1] == '\n') --end;
      if (end > part_start && body[end - 1] == '\r') --end;
      entity(body.substr(part_start, std::max(end, part_start) - part_start), false, false, digest,
             depth + 1, active);
    };
    // Only lines that start with "--" can be delimiters or look like them.
    std::size_t at = body.substr(0, 2) == "--" ? 0 : body.find("\n--");
    while (at != std::string_view::npos) {
      if (body[at] == '\n') ++at;
      const std::size_t eol = body.find('\n', at);
      const std::size_t next = eol == std::string_view::npos ? body.size() : eol + 1;
      std::string_view line = body.substr(at, next - at);
      if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      const int kind = closed ? 0 : delimiter_kind(line, own);
      if (kind == 0) {
        check_boundary_like(line, active);
      } else {
        end_part(at);
        if (kind == 2) {
          closed = true;
          part_start = std::string_view::npos;
        } else {
          part_start = next;
        }
      }
      if (eol == std::string_view::npos) break;
      at = body.find("\n--", eol);
    }
    if (!closed && part_start != std::string_view::npos) end_part(body.size());
  }

  // The single From mailbox as written (encoded-words and comments are skipped).
  void from_mailbox(const std::vector<Field>& fields) {
    auto it =
        std::find_if(fields.begin(), fields.end(), [](const Field& f) { return f.name == "from"; });
    if (it == fields.end()) return;
    std::string text;
    if (!strip_comments(it->value, text)) {
      flag("from-address");
      return;
    }
    // Blank out quoted strings and encoded-words: they are display names.
    std::string plain;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
      char c = text[i];
      if (quoted) {
        if (c == '\\') ++i;
        if (c == '"') quoted = false;
        plain.push_back(' ');
        continue;
      }
      if (c == '"') {
        quoted = true;
        plain.push_back(' ');
        continue;
      }
      if (c == '=' && i + 1 < text.size() && text[i + 1] == '?') {
        std::size_t end = text.find("?=", i + 2);
        // "=?charset?B?text?=": the end marker comes after three more '?'.
        std::size_t q1 = text.find('?', i + 2);
        std::size_t q2 = q1 == std::string::npos ? q1 : text.find('?', q1 + 1);
        if (q2 != std::string::npos) end = text.find("?=", q2 + 1);
        if (end != std::string::npos) {
          plain.append(end + 2 - i, ' ');
          i = end + 1;
          continue;
        }
      }
      plain.push_back(c);
    }
    if (quoted || std::count(plain.begin(), plain.end(), '@') != 1 ||
        plain.find_first_of(",;") != std::string::npos ||
        std::count(plain.begin(), plain.end(), '<') > 1 ||
        std::count(plain.begin(), plain.end(), '>') > 1) {
      flag("from-address");
      return;
    }
    std::string_view p = plain;
    std::size_t lt = p.find('<');
    std::size_t at = p.find('@');
    std::string_view spec;
    if (lt != std::string_view::npos) {
      std::size_t gt = p.find('>', lt);
      if (gt == std::string_view::npos || at < lt || at > gt || !trim(p.substr(gt + 1)).empty()) {
        flag("from-address");
        return;
      }
      spec = trim(p.substr(lt + 1, gt - lt - 1));
    } else {
      spec = trim(p);
    }
    if (spec.empty() || spec.find_first_of(" \t<>") != std::string_view::npos) {
      flag("from-address");
      return;
    }
    out_.from_address = ascii_lower(spec);
  }

  std::vector<std::string_view> enclosing_;
  StrictReading out_;
};

}  // namespace

StrictReading read_strictly(std::string_view raw,
                            const std::vector<std::string>& enclosing_boundaries) {
  return Reader(enclosing_boundaries).run(raw);
}

}  // namespace sa
