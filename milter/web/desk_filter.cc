// desk_filter.cc - parsing and folding for desk_filter.h.
#include "web/desk_filter.h"

#include <algorithm>
#include <charconv>

#include "core/notice_pair.h"
#include "core/text_normalize.h"

namespace sa::web {
namespace {

bool is_notice_name(std::string_view s) {
  return !s.empty() && s.size() <= 64 && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

bool is_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

}  // namespace

std::string fold_company(std::string_view company) { return fold_company_name(company); }

void apply_search(std::string_view text, DeskFilter& filter) {
  filter.search = std::string(text.substr(0, 200));
  std::string s = normalize_for_matching(filter.search);
  while (!s.empty() && s.back() == ' ') s.pop_back();
  while (!s.empty() && s.front() == ' ') s.erase(0, 1);
  if (s.empty()) return;
  const bool id_chars = std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  });
  const auto digits =
      std::count_if(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (id_chars && digits >= 6) {
    filter.declaration_id = s;
  } else {
    filter.company = fold_company(s);
  }
}

DeskFilter parse_desk_filter(const QueryParams& query, std::vector<std::string>& problems) {
  DeskFilter f;
  if (const std::string v = param(query, "verdict"); !v.empty()) {
    Verdict parsed;
    if (parse_verdict(v, parsed)) {
      f.verdict = parsed;
    } else {
      problems.push_back("verdict");
    }
  }
  if (const std::string n = param(query, "notice"); !n.empty()) {
    if (is_notice_name(n)) {
      f.notice = n;
    } else {
      problems.push_back("notice");
    }
  }
  if (const std::string s = param(query, "star"); !s.empty()) {
    if (s == "0" || s == "1" || s == "2") {
      f.star = s[0] - '0';
    } else {
      problems.push_back("star");
    }
  }
  if (const std::string p = param(query, "programme"); !p.empty()) {
    if (p.size() <= 200 && p.find_first_of("\r\n") == std::string::npos) {
      f.programme = p;
    } else {
      problems.push_back("programme");
    }
  }
  if (const std::string r = param(query, "requirement"); !r.empty()) {
    if (r == "met" || r == "not-met" || r == "unknown") {
      f.requirement = r;
    } else {
      problems.push_back("requirement");
    }
  }
  f.duplicates = param(query, "dup") == "1";
  if (const std::string d = param(query, "day"); !d.empty()) {
    if (is_date(d)) {
      f.day = d;
    } else {
      problems.push_back("day");
    }
  }
  apply_search(param(query, "q"), f);
  return f;
}

std::optional<Cursor> parse_cursor(std::string_view text) {
  const std::size_t dot = text.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  Cursor c;
  const auto t = std::from_chars(text.data(), text.data() + dot, c.time);
  const auto i = std::from_chars(text.data() + dot + 1, text.data() + text.size(), c.id);
  if (t.ec != std::errc() || t.ptr != text.data() + dot || i.ec != std::errc() ||
      i.ptr != text.data() + text.size()) {
    return std::nullopt;
  }
  return c;
}

std::string cursor_text(const Cursor& c) {
  return std::to_string(c.time) + "." + std::to_string(c.id);
}

PagePosition parse_page_position(const QueryParams& query) {
  PagePosition p;
  p.after = parse_cursor(param(query, "after"));
  if (!p.after) p.before = parse_cursor(param(query, "before"));
  p.last = !p.after && !p.before && param(query, "last") == "1";
  return p;
}

std::string filter_query(const DeskFilter& f) {
  std::string q;
  auto add = [&](std::string_view name, std::string_view value) {
    q += (q.empty() ? "" : "&") + std::string(name) + "=" + url_encode(value);
  };
  if (f.verdict) add("verdict", to_string(*f.verdict));
  if (!f.notice.empty()) add("notice", f.notice);
  if (f.star >= 0) add("star", std::to_string(f.star));
  if (!f.programme.empty()) add("programme", f.programme);
  if (!f.requirement.empty()) add("requirement", f.requirement);
  if (f.duplicates) add("dup", "1");
  if (!f.day.empty()) add("day", f.day);
  if (!f.search.empty()) add("q", f.search);
  return q;
}

}  // namespace sa::web
