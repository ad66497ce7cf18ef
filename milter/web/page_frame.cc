// page_frame.cc - the frame around every page, the sign-in and error pages, the stylesheet.
#include "web/desk_pages.h"
#include "web/html_escape.h"
#include "web/url.h"

namespace sa::web {

std::string render_frame(const Frame& f, const std::string& body) {
  const Lang other = f.lang == Lang::Ja ? Lang::En : Lang::Ja;
  std::string h;
  h += "<!DOCTYPE html>\n<html lang=\"";
  h += f.lang == Lang::Ja ? "ja" : "en";
  h += "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
       "content=\"width=device-width\"><title>";
  h += escape_html(f.title) +
       " - sa-triage</title><link rel=\"stylesheet\" href=\"/desk.css\">"
       "</head><body><header><nav>";
  h += "<a href=\"/list\">" + std::string(tr(f.lang, "一覧", "List")) + "</a> ";
  h += "<a href=\"/held\">" + std::string(tr(f.lang, "保留", "Held")) + "</a> ";
  h += "<a class=\"ext\" href=\"" + std::string(kIpaSearchUrl) +
       "\" rel=\"noopener noreferrer\" target=\"_blank\">" +
       tr(f.lang, "IPA 自己宣言事業者検索", "IPA search of declared businesses") + "</a> ";
  h += "<a id=\"lang\" href=\"/lang?to=" + std::string(other == Lang::Ja ? "ja" : "en") +
       "&amp;back=" + escape_html(url_encode(f.self)) + "\">" +
       (other == Lang::Ja ? "日本語" : "English") + "</a>";
  h += "</nav><div class=\"who\">";
  if (f.reviewer.empty()) {
    h += tr(f.lang, "ローカル閲覧 (読み取りのみ)", "local viewer (read-only)");
  } else {
    h += "<span id=\"reviewer\">" + escape_html(f.reviewer) + "</span>";
  }
  if (f.signed_in) {
    h += " <form method=\"post\" action=\"/logout\"><input type=\"hidden\" name=\"csrf\" value=\"" +
         escape_html(f.csrf) + "\"><button>" + tr(f.lang, "サインアウト", "Sign out") +
         "</button></form>";
  }
  h += "</div></header><main><h1>" + escape_html(f.title) + "</h1>\n" + body +
       "</main><footer>sa-triage " SA_VERSION " · " +
       tr(f.lang, "宣言の内容は申請者が「宣言した」ものです。証明ではありません。",
          "A declaration is what an applicant declared; it is not a certificate.") +
       "</footer></body></html>\n";
  return h;
}

std::string render_login(const Frame& f, bool failed) {
  std::string b;
  if (failed) {
    b += "<p class=\"problem\" id=\"login-failed\">" +
         std::string(tr(f.lang, "名前またはパスワードが違います。", "Wrong name or password.")) +
         "</p>";
  }
  b += "<form method=\"post\" action=\"/login\" class=\"login\"><label>" +
       std::string(tr(f.lang, "名前", "Name")) +
       " <input name=\"name\" autocomplete=\"username\" required></label> <label>" +
       tr(f.lang, "パスワード", "Password") +
       " <input name=\"password\" type=\"password\" autocomplete=\"current-password\" "
       "required></label> <button>" +
       tr(f.lang, "サインイン", "Sign in") + "</button></form>";
  return render_frame(f, b);
}

std::string render_error(const Frame& f, const std::string& message) {
  return render_frame(f, "<p class=\"problem\">" + escape_html(message) + "</p>");
}

const std::string& desk_css() {
  static const std::string css =
      R"(body{font-family:"IPAGothic","Noto Sans CJK JP",sans-serif;margin:0;color:#222}
header{display:flex;justify-content:space-between;align-items:center;background:#1f3a5f;color:#fff;padding:.4em 1em}
header a{color:#fff;margin-right:1em}header form{display:inline}
main{padding:0 1em 1em}h1{font-size:1.3em}footer{font-size:.8em;color:#666;padding:1em}
table{border-collapse:collapse;width:100%;font-size:.9em}th,td{border-bottom:1px solid #ddd;padding:.25em .4em;text-align:left;vertical-align:top}
tr.day th{background:#eef2f7;font-size:1em}
.v-verified{color:#0a6b2d;font-weight:bold}.v-consistent{color:#1f5fa8}.v-suspicious{color:#b00020;font-weight:bold}.v-error{color:#8a4b00}.v-none{color:#666}
.req-met{color:#0a6b2d}.req-not-met{color:#b00020;font-weight:bold}.req-unknown{color:#8a4b00}
.reasons{font-family:monospace;font-size:.85em;color:#444}.problem{color:#b00020}.notice{background:#fff6d5;padding:.4em}
form.filters{display:flex;flex-wrap:wrap;gap:.6em;align-items:end;margin:.5em 0}
#rows td:nth-child(-n+4),#timeline td:nth-child(-n+2),#duplicates td:nth-child(-n+2),#held td:nth-child(-n+5){white-space:nowrap}
.paging a{margin-right:1em}.chart{margin:.5em 0}.dup{background:#fde8ea}
)";
  return css;
}

}  // namespace sa::web
