// forward_engine_test.cc - whole messages through sa::Engine with the shipped config: the
// HTML-only forms of each client's forward and reply (flattened by html_text.cc, labels in
// <b> or <th>, the reply's quote in a <blockquote>), a reply that quotes the full notice,
// an applicant's question about a notice (none), a quoted body under an unquoted header,
// Yahoo's one-line header, and a malformed 自己宣言ID.
#include <algorithm>
#include <catch2/catch.hpp>
#include <string>

#include "core/engine.h"

using namespace sa;

namespace {

const Engine& engine() {
  static const Engine instance(load_config(SA_CONFIG_FILE));
  return instance;
}

const std::string kSubject = "【SECURITY ACTION】一つ星：自己宣言完了のお知らせ";
const std::string kSubjectNormalised = "【SECURITY ACTION】一つ星:自己宣言完了のお知らせ";
const std::string kAddr = "security-action-info@ipa.go.jp";

// The seed's notice 1 as lines; `sep` joins them (LF for text, <br> for HTML).
std::string notice(const std::string& sep, const std::string& id = "49999999999") {
  const char* lines[] = {"株式会社サンプル",
                         "〇〇〇〇様",
                         "",
                         "SECURITY ACTION 自己宣言の手続きが完了しました。",
                         "利用者番号、自己宣言IDは下記のとおりです。",
                         "",
                         "利用者番号:99999999999",
                         "",
                         "自己宣言ID:ID",
                         "※自己宣言IDは担当者変更などを行う際に必要となります。",
                         "",
                         "独立行政法人情報処理推進機構 (IPA)",
                         "セキュリティセンター",
                         "SECURITY ACTION事務局",
                         "Eメール: security-action-info@ipa.go.jp"};
  std::string out;
  for (std::string line : lines) {
    if (line == "自己宣言ID:ID") line = "自己宣言ID:" + id;
    out += line + sep;
  }
  return out;
}

std::string message(const std::string& subject, const std::string& content_type,
                    const std::string& body) {
  return "From: 山田 太郎 <yamada@sample-shoji.example.jp>\r\n"
         "To: hojokin@grant.example.lg.jp\r\n"
         "Subject: " +
         subject +
         "\r\nDate: Mon, 18 Mar 2024 09:00:00 +0900\r\n"
         "Message-ID: <t1@sample-shoji.example.jp>\r\nMIME-Version: 1.0\r\n"
         "Content-Type: " +
         content_type + "; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + body;
}

std::string html(const std::string& subject, const std::string& body) {
  return message(subject, "text/html", "<html><body>" + body + "</body></html>\r\n");
}

bool has_reason(const Evidence& ev, const std::string& reason) {
  return std::find(ev.reasons.begin(), ev.reasons.end(), reason) != ev.reasons.end();
}

std::string reasons(const Evidence& ev) {
  std::string out;
  for (const auto& r : ev.reasons) out += r + " ";
  return out;
}

// The message must be the notice, recovered inline and consistent.
void expect_consistent(const std::string& raw) {
  const Evidence ev = engine().examine(raw);
  INFO("reasons: " << reasons(ev) << "\nfrom: " << ev.original_from
                   << "\nsubject: " << ev.original_subject);
  CHECK(ev.verdict == Verdict::Consistent);
  CHECK(ev.forward == ForwardStyle::Inline);
  CHECK(ev.notice == "declaration-complete");
  CHECK(ev.star == 1);
  CHECK(ev.declaration_id == "49999999999");
  CHECK(ev.company == "株式会社サンプル");
  CHECK(ev.original_from.find(kAddr) != std::string::npos);
  CHECK(ev.original_subject == kSubjectNormalised);
}

const std::string kMailto = "&lt;<a href=\"mailto:" + kAddr + "\">" + kAddr + "</a>&gt;";

}  // namespace

TEST_CASE("HTML-only forwards of each client keep their labels", "[forward][html]") {
  const std::string fwd = "Fwd: " + kSubject;
  SECTION("Gmail: gmail_attr div, bold sender name") {
    expect_consistent(
        html(fwd,
             "<div dir=\"ltr\">転送します。<br><br><div class=\"gmail_quote\"><div dir=\"ltr\" "
             "class=\"gmail_attr\">---------- Forwarded message ---------<br>From: <strong "
             "class=\"gmail_sendername\" dir=\"auto\">SECURITY ACTION事務局</strong> <span "
             "dir=\"auto\">" +
                 kMailto + "</span><br>Date: 2023年5月10日(水) 10:15<br>Subject: " + kSubject +
                 "<br>To: &lt;yamada@sample-shoji.example.jp&gt;<br></div><br><br>" +
                 notice("<br>") + "</div></div>"));
  }
  SECTION("Outlook on the web / new Outlook: <hr>, then <b>差出人:</b> labels") {
    expect_consistent(
        html("FW: " + kSubject,
             "<div>お世話になっております。</div><hr style=\"display:inline-block;width:98%\">"
             "<div id=\"divRplyFwdMsg\" dir=\"ltr\"><font face=\"Calibri\"><b>差出人:</b> SECURITY "
             "ACTION事務局 &lt;" +
                 kAddr +
                 "&gt;<br><b>送信日時:</b> 2020年5月21日 16:15<br><b>宛先:</b> 山田 太郎 "
                 "&lt;yamada@sample-shoji.example.jp&gt;<br><b>件名:</b> " +
                 kSubject + "</font><div>&nbsp;</div></div><div>" + notice("<br>") + "</div>"));
  }
  SECTION("Apple Mail (iOS): blockquote type=cite, bold labels and subject") {
    expect_consistent(html(
        fwd,
        "<div>iPhoneから送信</div><div dir=\"ltr\"><br><blockquote type=\"cite\">"
        "転送されたメッセージ:<br><br></blockquote></div><blockquote type=\"cite\"><div "
        "dir=\"ltr\"><b>差出人:</b> SECURITY ACTION事務局 " +
            kMailto +
            "<br><b>日付:</b> 2024年3月3日 19:38:07 JST<br><b>宛先:</b> "
            "yamada@sample-shoji.example.jp<br><b>件名:</b> <b>" +
            kSubject + "</b><br></div></blockquote><blockquote type=\"cite\"><div dir=\"ltr\">" +
            notice("<br>") + "</div></blockquote>"));
  }
  SECTION("Yahoo Mail: the header in separate divs") {
    expect_consistent(
        html(fwd,
             "<div>送ります</div><div id=\"yahoo_quoted\"><div>----- Forwarded Message "
             "-----</div><div><b>From:</b> SECURITY ACTION事務局 &lt;" +
                 kAddr +
                 "&gt;</div><div><b>To:</b> yamada@sample-shoji.example.jp</div><div><b>Sent:</b> "
                 "Tuesday, November 2, 2021, 09:26:50 AM GMT+9</div><div><b>Subject:</b> " +
                 kSubject + "</div><div><br></div><div>" + notice("<br>") + "</div></div>"));
  }
  SECTION("Thunderbird: moz-email-headers-table with <th> labels") {
    expect_consistent(
        html(fwd,
             "<div class=\"moz-forward-container\"><br><br>-------- 転送メッセージ --------"
             "<table class=\"moz-email-headers-table\"><tbody><tr><th nowrap "
             "align=\"RIGHT\">件名: </th><td>" +
                 kSubject +
                 "</td></tr><tr><th>日付: </th><td>Wed, 10 May 2023 10:15:00 +0900</td></tr>"
                 "<tr><th>差出人: </th><td>SECURITY ACTION事務局 <a href=\"mailto:" +
                 kAddr + "\">&lt;" + kAddr +
                 "&gt;</a></td></tr><tr><th>宛先: </th><td>yamada@sample-shoji.example.jp</td>"
                 "</tr></tbody></table><br><br><pre class=\"moz-quote-pre\">" +
                 notice("\n") + "</pre></div>"));
  }
}

TEST_CASE("HTML-only replies that quote the full notice count as evidence", "[forward][html]") {
  SECTION("Gmail (ja): gmail_attr attribution, blockquote, subject from the outer Re:") {
    expect_consistent(
        html("Re: " + kSubject,
             "<div dir=\"ltr\">承知しました。申請に使います。</div><br><div "
             "class=\"gmail_quote\"><div dir=\"ltr\" class=\"gmail_attr\">2026年11月10日(火) 13:00 "
             "SECURITY ACTION事務局 " +
                 kMailto + ":<br></div><blockquote class=\"gmail_quote\" style=\"margin:0px\">" +
                 notice("<br>") + "</blockquote></div>"));
  }
  SECTION("Outlook (en): On ... wrote: above a blockquote") {
    expect_consistent(html("RE: " + kSubject,
                           "<p>Please find it below.</p><div>On 28/10/2021 12:46, \"SECURITY "
                           "ACTION事務局\" &lt;" +
                               kAddr + "&gt; wrote:</div><blockquote>" + notice("<br>") +
                               "</blockquote>"));
  }
  SECTION("Apple Mail (de): Am ... schrieb ...:") {
    expect_consistent(html("AW: " + kSubject,
                           "<div>Danke.</div><div><br><blockquote type=\"cite\">Am 10.05.2023 um "
                           "10:15 schrieb SECURITY ACTION事務局 " +
                               kMailto + ":<br><br></blockquote></div><blockquote type=\"cite\">" +
                               notice("<br>") + "</blockquote>"));
  }
}

TEST_CASE("plain-text replies and forwards through the engine", "[forward][reply]") {
  SECTION("a Gmail (ja) reply quoting the notice, subject Re:") {
    expect_consistent(
        message("Re: " + kSubject, "text/plain",
                "承知しました。\r\n\r\n2026年11月10日(火) 13:00 SECURITY ACTION事務局 <" + kAddr +
                    ">:\r\n\r\n> " + notice("\r\n> ")));
  }
  SECTION("a reply with extra words in the subject that quotes the full notice") {
    const Evidence ev = engine().examine(
        message("Re: " + kSubject + " について", "text/plain",
                "申請に使えますか。\r\n\r\n2026年11月10日(火) 13:00 SECURITY ACTION事務局 <" +
                    kAddr + ">:\r\n> " + notice("\r\n> ")));
    INFO(reasons(ev));
    CHECK(ev.verdict == Verdict::Consistent);
    CHECK(has_reason(ev, "subject=not-quoted"));
    CHECK(ev.declaration_id == "49999999999");
  }
  SECTION("Yahoo's one-line header") {
    expect_consistent(message(
        "Fwd: " + kSubject, "text/plain",
        "送ります\r\n\r\n   ----- Forwarded Message ----- From: SECURITY ACTION事務局 <" + kAddr +
            ">To: \"yamada@sample-shoji.example.jp\" <yamada@sample-shoji.example.jp>Sent: "
            "Tuesday, November 2, 2021, 09:26:50 AM GMT+9Subject: " +
            kSubject + "\r\n" + notice("\r\n")));
  }
  SECTION("Missive: unquoted header block, '> ' quoted body: company without '> '") {
    expect_consistent(
        message("Fwd: " + kSubject, "text/plain",
                "---------- Forwarded message ----------\r\nFrom: SECURITY ACTION事務局 <" + kAddr +
                    ">\r\nDate: July 1, 2022 at 5:03 PM\r\nSubject: " + kSubject + "\r\n\r\n> " +
                    notice("\r\n> ")));
  }
}

TEST_CASE("a message that only talks about a notice is none", "[forward][claim]") {
  for (const std::string& subject :
       {"Re: " + kSubject + " について", "Re: " + kSubject, "AW: " + kSubject,
        "返信: " + kSubject + "の件",
        std::string("RE: 【SECURITY ACTION】申込受理のご連絡について")}) {
    DYNAMIC_SECTION(subject) {
      const Evidence ev =
          engine().examine(message(subject, "text/plain",
                                   "ご担当者様\r\n\r\n自己宣言完了のお知らせが届きましたが、自己宣"
                                   "言IDはどこに書けばよいでしょうか。\r\n"
                                   "よろしくお願いいたします。\r\n山田\r\n"));
      INFO(reasons(ev));
      CHECK(ev.verdict == Verdict::None);
      CHECK(has_reason(ev, "no-notice"));
    }
  }
  SECTION("a quoted question (not the notice) under a reply line is none too") {
    const Evidence ev =
        engine().examine(message("Re: " + kSubject + " について", "text/plain",
                                 "ご質問ありがとうございます。\r\n\r\n2026年11月10日(火) 13:00 "
                                 "山田 <yamada@sample-shoji.example.jp>:\r\n"
                                 "> 自己宣言完了のお知らせはどこで確認できますか。\r\n"));
    INFO(reasons(ev));
    CHECK(ev.verdict == Verdict::None);
  }
  SECTION("a forward that lost the notice still claims (suspicious, held)") {
    const Evidence ev =
        engine().examine(message("Fwd: " + kSubject, "text/plain", "転送します。\r\n"));
    CHECK(ev.verdict == Verdict::Suspicious);
  }
}

TEST_CASE("a malformed 自己宣言ID is reported whole with id-format=bad", "[forward][id]") {
  const Evidence ev = engine().examine(
      message("Fwd: " + kSubject, "text/plain",
              "---------- Forwarded message ---------\r\nFrom: SECURITY ACTION事務局 <" + kAddr +
                  ">\r\nDate: 2023年5月10日(水) 10:15\r\nSubject: " + kSubject + "\r\n\r\n" +
                  notice("\r\n", "407329O2623")));
  INFO(reasons(ev));
  CHECK(ev.verdict == Verdict::Suspicious);
  CHECK(ev.declaration_id == "407329O2623");
  CHECK(has_reason(ev, "id-format=bad"));
}
