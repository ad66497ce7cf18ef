// list_page.cc - the 一覧 page: filters (a GET form), the chart, rows grouped by day, keyset
// paging links and the CSV link carrying exactly the same filter.
#include "web/desk_pages.h"
#include "web/html_escape.h"
#include "web/page_parts.h"

namespace sa::web {
namespace {

std::string option(const std::string& value, const std::string& label, bool selected) {
  return "<option value=\"" + escape_html(value) + "\"" + (selected ? " selected" : "") + ">" +
         escape_html(label) + "</option>";
}

std::string filter_form(Lang lang, const ListView& v) {
  const DeskFilter& f = v.filter;
  std::string h = "<form class=\"filters\" method=\"get\" action=\"/list\">";
  h += "<label>" + std::string(tr(lang, "判定", "Verdict")) + " <select name=\"verdict\">" +
       option("", tr(lang, "すべて", "any"), !f.verdict);
  for (const char* v : {"verified", "consistent", "suspicious", "error"}) {
    h += option(v, v, f.verdict && to_string(*f.verdict) == v);
  }
  h += "</select></label><label>" + std::string(tr(lang, "通知", "Notice")) +
       " <select name=\"notice\">" + option("", tr(lang, "すべて", "any"), f.notice.empty());
  for (const std::string& n : v.notices) h += option(n, n, f.notice == n);
  h += "</select></label><label>" + std::string(tr(lang, "星", "Star")) +
       " <select name=\"star\">" + option("", tr(lang, "すべて", "any"), f.star < 0) +
       option("1", "★", f.star == 1) + option("2", "★★", f.star == 2) +
       option("0", tr(lang, "なし", "none"), f.star == 0) + "</select></label>";
  if (!v.programmes.empty()) {
    h += "<label>" + std::string(tr(lang, "助成制度", "Programme")) +
         " <select name=\"programme\">" +
         option("", tr(lang, "すべて", "any"), f.programme.empty());
    for (const std::string& p : v.programmes) h += option(p, p, f.programme == p);
    h += "</select></label>";
  }
  h += "<label>" + std::string(tr(lang, "星の要件", "Requirement")) +
       " <select name=\"requirement\">" +
       option("", tr(lang, "すべて", "any"), f.requirement.empty()) +
       option("met", tr(lang, "満たす", "met"), f.requirement == "met") +
       option("not-met", tr(lang, "不足", "not met"), f.requirement == "not-met") +
       option("unknown", tr(lang, "不明", "unknown"), f.requirement == "unknown") +
       "</select></label>";
  h += "<label><input type=\"checkbox\" name=\"dup\" value=\"1\"" +
       std::string(f.duplicates ? " checked" : "") + "> " +
       tr(lang, "他の申請者と重複", "duplicates of other applicants") + "</label>";
  h += "<label>" + std::string(tr(lang, "日付", "Day")) +
       " <input type=\"date\" name=\"day\" value=\"" + escape_html(f.day) + "\"></label>";
  h += "<label>" + std::string(tr(lang, "事業者名または自己宣言ID", "Company or declaration ID")) +
       " <input type=\"search\" name=\"q\" value=\"" + escape_html(f.search) + "\"></label>";
  h += "<button>" + std::string(tr(lang, "絞り込む", "Filter")) + "</button> <a href=\"/list\">" +
       tr(lang, "解除", "Clear") + "</a></form>";
  return h;
}

std::string link(const std::string& query, const std::string& extra, const std::string& label,
                 const char* id) {
  std::string q = query;
  if (!extra.empty()) q += (q.empty() ? "" : "&") + extra;
  return "<a id=\"" + std::string(id) + "\" href=\"/list" + (q.empty() ? "" : "?") +
         escape_html(q) + "\">" + label + "</a>";
}

}  // namespace

std::string render_list(const Frame& frame, const ListView& v, const Desk& desk,
                        const TimeZone& zone) {
  const Lang lang = frame.lang;
  std::string b = filter_form(lang, v);
  for (const std::string& p : v.problems) {
    b += "<p class=\"problem\">" + std::string(tr(lang, "無視した条件: ", "Ignored filter: ")) +
         escape_html(p) + "</p>";
  }
  b += render_chart(lang, v.chart);
  const std::string query = filter_query(v.filter);
  b += "<p><a id=\"csv\" href=\"/export.csv" + std::string(query.empty() ? "" : "?") +
       escape_html(query) + "\">" +
       tr(lang, "この条件の行を CSV で (Excel 用 BOM 付き)",
          "These rows as CSV (with BOM, for Excel)") +
       "</a> · <a id=\"csv-ja\" href=\"/export.csv?" + escape_html(query) +
       (query.empty() ? "" : "&amp;") + "columns=ja\">" +
       tr(lang, "日本語の見出しで", "with Japanese headings") + "</a></p>";
  if (v.page.rows.empty()) {
    b += "<p id=\"empty\">" + std::string(tr(lang, "該当する記録はありません。", "No rows.")) +
         "</p>";
  } else {
    b += "<table id=\"rows\"><thead><tr><th>" + std::string(tr(lang, "受信", "Received")) +
         "</th><th>" + tr(lang, "判定", "Verdict") + "</th><th>" + tr(lang, "通知", "Notice") +
         "</th><th>" + tr(lang, "星", "Star") + "</th><th>" +
         tr(lang, "自己宣言ID", "Declaration ID") + "</th><th>" + tr(lang, "事業者名", "Company") +
         "</th><th>" + tr(lang, "申請者ドメイン", "Applicant domain") + "</th><th>" +
         tr(lang, "転送", "Forward") + "</th><th>" + tr(lang, "既出", "Seen") + "</th><th>" +
         tr(lang, "助成制度・要件", "Programme, requirement") + "</th><th>" +
         tr(lang, "理由", "Reasons") + "</th></tr></thead><tbody>";
    std::string day;
    for (const LedgerRow& row : v.page.rows) {
      const LedgerEntry& e = row.entry;
      if (const std::string d = desk.day_of(e.time); d != day) {
        day = d;
        b += "<tr class=\"day\"><th colspan=\"11\">" + escape_html(day) + "</th></tr>";
      }
      const bool dup = row.seen == Sighting::OtherApplicant;
      b += std::string("<tr class=\"row") + (dup ? " dup" : "") + "\" data-id=\"" +
           std::to_string(row.id) + "\"><td>" + time_html(zone, e.time) + "</td><td>" +
           verdict_html(to_string(e.verdict)) + "</td><td>" + notice_html(lang, e.notice) +
           "</td><td>" + star_html(e.star) + "</td><td class=\"id\">" +
           escape_html(e.declaration_id) + "</td><td class=\"company\">" + applicant_link(e, lang) +
           "</td><td>" + escape_html(e.applicant_domain) + "</td><td>" +
           escape_html(to_string(e.forward)) + "</td><td>" +
           (row.seen ? escape_html(to_string(*row.seen)) : "-") +
           "</td><td class=\"requirement\">" + requirement_html(lang, e) +
           "</td><td class=\"reasons\">";
      for (const auto& r : e.reasons) b += escape_html(r) + " ";
      b += "</td></tr>";
    }
    b += "</tbody></table>";
  }
  b += "<p class=\"paging\">";
  if (v.page.has_newer) {
    b += link(query, "", tr(lang, "« 最新", "« newest"), "first");
    b += link(query,
              "before=" + cursor_text({v.page.rows.front().entry.time, v.page.rows.front().id}),
              tr(lang, "‹ 新しい方へ", "‹ newer"), "newer");
  }
  if (v.page.has_older) {
    b += link(query, "after=" + cursor_text({v.page.rows.back().entry.time, v.page.rows.back().id}),
              tr(lang, "古い方へ ›", "older ›"), "older");
    b += link(query, "last=1", tr(lang, "最古 »", "oldest »"), "last");
  }
  b += "</p>";
  return render_frame(frame, b);
}

}  // namespace sa::web
