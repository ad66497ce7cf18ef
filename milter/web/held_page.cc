// held_page.cc - the 保留 page: every held message with what the milter found (the 利用者番号
// always masked: display_user_number), and release / delete forms that POST the queue id with
// the CSRF token, shown only to a reviewer who may use them.
#include "web/desk_pages.h"
#include "web/html_escape.h"
#include "web/page_parts.h"

namespace sa::web {
namespace {

std::string action_form(const std::string& action, const std::string& qid, const std::string& csrf,
                        const char* label) {
  return "<form method=\"post\" action=\"/held/" + action +
         "\"><input type=\"hidden\" name=\"qid\" "
         "value=\"" +
         escape_html(qid) + "\"><input type=\"hidden\" name=\"csrf\" value=\"" + escape_html(csrf) +
         "\"><button class=\"" + action + "\">" + label + "</button></form>";
}

}  // namespace

std::string render_held(const Frame& frame, const HeldView& v, std::time_t now) {
  const Lang lang = frame.lang;
  std::string b;
  if (!v.notice.empty()) b += "<p class=\"notice\" id=\"done\">" + escape_html(v.notice) + "</p>";
  if (!v.error.empty()) b += "<p class=\"problem\">" + escape_html(v.error) + "</p>";
  if (!v.may_release) {
    b += "<p>" +
         std::string(tr(
             lang, "解放・削除には、保留を扱うグループのレビュアーとしてサインインしてください。",
             "To release or delete, sign in as a reviewer of the release group.")) +
         "</p>";
  }
  if (v.held.empty()) {
    b += "<p id=\"empty\">" +
         std::string(tr(lang, "保留中のメールはありません。", "Nothing is held.")) + "</p>";
    return render_frame(frame, b);
  }
  b += "<table id=\"held\"><thead><tr><th>" + std::string(tr(lang, "キューID", "Queue id")) +
       "</th><th>" + tr(lang, "保留時間", "Held for") + "</th><th>" + tr(lang, "判定", "Verdict") +
       "</th><th>" + tr(lang, "通知", "Notice") + "</th><th>" + tr(lang, "星", "Star") +
       "</th><th>" + tr(lang, "件名・送信者", "Subject, sender") + "</th><th>" +
       tr(lang, "事業者名", "Company") + "</th><th>ID</th><th>" + tr(lang, "理由", "Reasons") +
       "</th><th></th></tr></thead><tbody>";
  for (const HeldMessage& m : v.held) {
    const TriageHeaders& t = m.headers;
    const int star = t.star == "1" ? 1 : t.star == "2" ? 2 : 0;
    b += "<tr class=\"row\" data-qid=\"" + escape_html(m.entry.queue_id) + "\"><td class=\"qid\">" +
         escape_html(m.entry.queue_id) + "</td><td>" + cli::queued_for(m.entry.arrival_time, now) +
         "</td><td>" +
         (t.present ? verdict_html(t.verdict)
                    : tr(lang, "(sa-triage 以外の保留)", "(held by another rule)")) +
         "</td><td>" + notice_html(lang, t.notice) + "</td><td>" + star_html(star) +
         "</td><td class=\"subject\">" + escape_html(t.subject) + "<br>&lt;" +
         escape_html(m.entry.sender) + "&gt;<br><span class=\"reasons\">" +
         tr(lang, "原本の差出人 ", "original from ") +
         escape_html(t.original_from.empty() ? "-" : t.original_from) + " · " +
         escape_html(t.forward.empty() ? "-" : t.forward) + " · " +
         escape_html(t.auth.empty() ? "-" : t.auth) + "</span></td><td class=\"company\">" +
         escape_html(t.company) + "</td><td class=\"id\">" + escape_html(t.declaration_id) +
         "<br>" + tr(lang, "利用者番号 ", "user number ") + "<span class=\"user-number\">" +
         escape_html(display_user_number(t.user_number)) + "</span></td><td class=\"reasons\">";
    for (const auto& r : t.reasons) b += escape_html(r) + " ";
    b += "</td><td>";
    if (v.may_release) {
      b += action_form("release", m.entry.queue_id, frame.csrf,
                       tr(lang, "解放して配送", "Release")) +
           action_form("delete", m.entry.queue_id, frame.csrf, tr(lang, "削除", "Delete"));
    }
    b += "</td></tr>";
  }
  return render_frame(frame, b + "</tbody></table>");
}

}  // namespace sa::web
