// page_parts.cc - the shared pieces of page_parts.h.
#include "web/page_parts.h"

#include "ledger/ledger_reader.h"
#include "web/html_escape.h"
#include "web/url.h"

namespace sa::web {

std::string verdict_html(std::string_view verdict) {
  const std::string v = escape_html(verdict.empty() ? "-" : verdict);
  return "<span class=\"v-" + v + "\">" + v + "</span>";
}

std::string notice_html(Lang lang, std::string_view notice) {
  // The seed's numbering: ① is the mail sent at once (件名 自己宣言完了のお知らせ), ② the one
  // 1-2 weeks later (件名 申込受理のご連絡), as core/notice_pair.h counts them.
  if (notice == "declaration-complete") return tr(lang, "① 自己宣言完了", "① declaration complete");
  if (notice == "application-accepted") return tr(lang, "② 申込受理", "② application accepted");
  return escape_html(notice.empty() ? "-" : notice);
}

std::string star_html(int star) {
  if (star == 1) return "★";
  if (star == 2) return "★★";
  return "-";
}

std::string time_html(const TimeZone& zone, std::time_t t) {
  const std::string iso = zone.iso8601(t);  // 2026-12-01T09:30:00+09:00
  if (iso.size() < 16) return escape_html(iso);
  return escape_html(iso.substr(0, 10) + " " + iso.substr(11, 5));
}

std::string applicant_link(const LedgerEntry& e, Lang lang) {
  const std::string shown =
      e.company.empty() ? tr(lang, "(事業者名なし)", "(no company)") : escape_html(e.company);
  const std::string key = applicant_key_of(e);
  if (key.empty()) return shown;
  return "<a class=\"applicant\" href=\"/applicant?key=" + escape_html(url_encode(key)) + "\">" +
         shown + "</a>";
}

std::string requirement_html(Lang lang, const LedgerEntry& e) {
  std::string out = escape_html(e.programme.empty() ? "-" : e.programme);
  if (e.requirement == "met") {
    out += std::string(" <span class=\"req-met\">") + tr(lang, "要件を満たす", "met") + "</span>";
  } else if (e.requirement == "not-met") {
    out +=
        std::string(" <span class=\"req-not-met\">") + tr(lang, "星が不足", "not met") + "</span>";
  } else if (e.requirement == "unknown") {
    out +=
        std::string(" <span class=\"req-unknown\">") + tr(lang, "星が不明", "unknown") + "</span>";
  } else if (!e.requirement.empty()) {
    out += " <span class=\"req-unknown\">" + escape_html(e.requirement) + "</span>";
  }
  return out;
}

}  // namespace sa::web
