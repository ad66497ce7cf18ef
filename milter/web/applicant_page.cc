// applicant_page.cc - the 申請者 page: one applicant (applicant domain + folded company), its
// ① and ② in time order with star, ID, verdict, forward style, DKIM result and reasons, and
// the same 自己宣言IDs sent by other applicants.
#include "web/desk_pages.h"
#include "web/html_escape.h"
#include "web/page_parts.h"

namespace sa::web {
namespace {

std::string rows_table(Lang lang, const std::vector<LedgerRow>& rows, const TimeZone& zone,
                       const char* id, bool with_applicant) {
  std::string b = "<table id=\"" + std::string(id) + "\"><thead><tr><th>" +
                  tr(lang, "受信", "Received") + "</th><th>" + tr(lang, "通知", "Notice") +
                  "</th><th>" + tr(lang, "星", "Star") + "</th><th>" +
                  tr(lang, "自己宣言ID", "Declaration ID") + "</th><th>" +
                  tr(lang, "判定", "Verdict") + "</th>";
  if (with_applicant) {
    b += "<th>" + std::string(tr(lang, "申請者", "Applicant")) + "</th>";
  } else {
    b += "<th>" + std::string(tr(lang, "事業者名", "Company")) + "</th><th>" +
         tr(lang, "転送", "Forward") + "</th><th>DKIM</th><th>" +
         tr(lang, "助成制度・要件", "Programme, requirement") + "</th>";
  }
  b += "<th>" + std::string(tr(lang, "理由", "Reasons")) + "</th></tr></thead><tbody>";
  for (const LedgerRow& row : rows) {
    const LedgerEntry& e = row.entry;
    b += "<tr class=\"row\" data-id=\"" + std::to_string(row.id) + "\"><td>" +
         time_html(zone, e.time) + "</td><td class=\"notice-name\">" + notice_html(lang, e.notice) +
         "</td><td>" + star_html(e.star) + "</td><td class=\"id\">" +
         escape_html(e.declaration_id) + "</td><td>" + verdict_html(to_string(e.verdict)) + "</td>";
    if (with_applicant) {
      b += "<td>" + applicant_link(e, lang) + " (" + escape_html(e.applicant_domain) + ")</td>";
    } else {
      b += "<td>" + escape_html(e.company) + "</td><td>" + escape_html(to_string(e.forward)) +
           "</td><td class=\"auth\">" + escape_html(e.auth.empty() ? "-" : e.auth) +
           "</td><td class=\"requirement\">" + requirement_html(lang, e) + "</td>";
    }
    b += "<td class=\"reasons\">";
    for (const auto& r : e.reasons) b += escape_html(r) + " ";
    b += "</td></tr>";
  }
  return b + "</tbody></table>";
}

}  // namespace

std::string render_applicant(const Frame& frame, const Applicant& a, const TimeZone& zone) {
  const Lang lang = frame.lang;
  std::string b = "<p>" + std::string(tr(lang, "申請者ドメイン: ", "Applicant domain: ")) +
                  "<b id=\"domain\">" + escape_html(a.domain) + "</b></p>";
  if (a.timeline.empty()) {
    b += "<p id=\"empty\">" +
         std::string(tr(lang, "この申請者の記録はありません。", "No rows for this applicant.")) +
         "</p>";
    return render_frame(frame, b);
  }
  bool first = false, second = false;
  for (const LedgerRow& r : a.timeline) {
    first = first || r.entry.notice == "declaration-complete";
    second = second || r.entry.notice == "application-accepted";
  }
  b += "<p id=\"pair\">① " + std::string(tr(lang, "自己宣言完了: ", "declaration complete: ")) +
       (first ? tr(lang, "あり", "received") : tr(lang, "なし", "missing")) + " · ② " +
       tr(lang, "申込受理: ", "application accepted: ") +
       (second ? tr(lang, "あり", "received") : tr(lang, "なし", "missing")) + "</p>";
  b += "<h2>" + std::string(tr(lang, "経過", "Timeline")) + "</h2>" +
       rows_table(lang, a.timeline, zone, "timeline", false);
  b += "<h2>" +
       std::string(tr(lang, "同じ自己宣言IDの他の申請者",
                      "Other applicants with the same declaration ID")) +
       "</h2>";
  if (a.duplicates.empty()) {
    b += "<p id=\"no-duplicates\">" + std::string(tr(lang, "ありません。", "None.")) + "</p>";
  } else {
    b += rows_table(lang, a.duplicates, zone, "duplicates", true);
  }
  b += "<p><a href=\"" + std::string(kIpaSearchUrl) +
       "\" rel=\"noopener noreferrer\" target=\"_blank\">" +
       tr(lang, "IPA の自己宣言事業者検索で確認する",
          "Cross-check at IPA's search of declared businesses") +
       "</a></p>";
  return render_frame(frame, b);
}

}  // namespace sa::web
