// forward_inline_test.cc - find_inline_originals on IPA SECURITY ACTION notices forwarded
// inline by each mail client style (from the seed's notice text), quoted and nested
// forwards, look-alikes that are not forwards, and hostile input.
#include "core/forward_inline.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <random>
#include <string>
#include <string_view>

#include "core/forward_layouts_loader.h"

namespace {

using sa::InlineOriginal;

// The originals the compiled-in layout table finds in `text`.
std::vector<InlineOriginal> find_inline_originals(std::string_view text,
                                                  std::string_view outer_subject = "") {
  return sa::find_inline_originals(text, *sa::builtin_forward_layouts(), outer_subject);
}

// Notice 1 of the seed ("declaration complete"), as the IPA mail body reads.
const std::string kNotice = R"(株式会社サンプル
〇〇〇〇様

SECURITY ACTION 自己宣言の手続きが完了しました。
利用者番号、自己宣言IDは下記のとおりです。

利用者番号:99999999999
※利用者番号はロゴマークダウンロードや登録情報変更の際に必要なログイン時に利用する情報です。
紛失・漏洩などには十分にご注意いただき、大切に保管してください。

自己宣言ID:49999999999
※自己宣言IDは担当者変更などを行う際に必要となります。

ロゴマークをご使用いただけるようになるまで1~2週間かかります。

独立行政法人情報処理推進機構 (IPA)
セキュリティセンター
SECURITY ACTION事務局
Eメール: security-action-info@ipa.go.jp
)";

const std::string kSubject = "【SECURITY ACTION】一つ星:自己宣言完了のお知らせ";
const std::string kIpaFrom = "SECURITY ACTION事務局 <security-action-info@ipa.go.jp>";

// `tmpl` with {from}, {subject}, {notice} and {tab} replaced: the IPA sender, the notice's
// subject, its body and a TAB character.
std::string mail(std::string_view tmpl) {
  std::string out;
  std::size_t pos = 0;
  while (pos < tmpl.size()) {
    const std::size_t open = tmpl.find('{', pos);
    const std::size_t close = tmpl.find('}', open);
    if (open == std::string_view::npos || close == std::string_view::npos) break;
    out.append(tmpl.substr(pos, open - pos));
    const std::string_view key = tmpl.substr(open + 1, close - open - 1);
    if (key == "from") {
      out += kIpaFrom;
    } else if (key == "subject") {
      out += kSubject;
    } else if (key == "notice") {
      out += kNotice;
    } else if (key == "tab") {
      out += '\t';
    } else {
      FAIL("unknown placeholder " << key);
    }
    pos = close + 1;
  }
  out.append(tmpl.substr(pos));
  return out;
}

// Every line of `text` prefixed with `prefix` (empty lines get the prefix without its space).
std::string quoted(const std::string& text, const std::string& prefix) {
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    const std::string line = text.substr(pos, nl - pos);
    out += line.empty() ? prefix.substr(0, prefix.find_last_not_of(' ') + 1) : prefix + line;
    out += '\n';
    pos = nl + 1;
  }
  return out;
}

// The one original found in `text`; fails the test when there is not exactly one.
InlineOriginal only_original(const std::string& text) {
  const auto found = find_inline_originals(text);
  REQUIRE(found.size() == 1);
  return found[0];
}

void check_notice_body(const InlineOriginal& o) {
  CHECK(o.body.find("自己宣言ID:49999999999") != std::string::npos);
  CHECK(o.body.find("利用者番号:99999999999") != std::string::npos);
  CHECK(o.body.rfind("株式会社サンプル\n", 0) == 0);  // starts at the notice, labels gone
  CHECK(o.body.find(kSubject) == std::string::npos);
  CHECK(o.body.find("Eメール: security-action-info@ipa.go.jp\n") != std::string::npos);
  for (const char* label : {"From:", "Subject:", "差出人", "件名", "Date:", "日付", "To:"}) {
    CHECK(o.body.find(label) == std::string::npos);
  }
  CHECK(o.body.find('>') == std::string::npos);
}

// The one original in `text` must be the notice from the IPA, forwarded by `client`, sent
// at `date`; returns it for further checks.
InlineOriginal expect_notice(const std::string& text, const std::string& client,
                             const std::string& date) {
  const InlineOriginal o = only_original(text);
  CHECK(o.client == client);
  CHECK(o.from == kIpaFrom);
  CHECK(o.subject == kSubject);
  CHECK(o.date == date);
  check_notice_body(o);
  return o;
}

}  // namespace

TEST_CASE("Gmail forward (English UI) with a bold sender name") {
  const std::string text = mail(R"(山田です。完了メールを転送します。

---------- Forwarded message ---------
From: *SECURITY ACTION事務局* <security-action-info@ipa.go.jp>
Date: 2023年5月10日(水) 10:15
Subject: {subject}
To: <yamada@example.co.jp>


{notice})");
  const InlineOriginal o = expect_notice(text, "gmail", "2023年5月10日(水) 10:15");
  CHECK(o.to == "<yamada@example.co.jp>");
  CHECK(o.body.find("山田です") == std::string::npos);
}

TEST_CASE("Gmail forward (Japanese UI): localized separator and From label") {
  expect_notice(mail(R"(---------- 転送されたメッセージ ----------
差出人: {from}
Date: 2023年5月10日(水) 10:15
Subject: {subject}
To: 山田 <yamada@example.co.jp>

{notice})"),
                "gmail", "2023年5月10日(水) 10:15");
}

TEST_CASE("Outlook on the web, Japanese: underscores then 差出人/送信日時/宛先/CC/件名") {
  const std::string text = mail(R"(お世話になっております。

________________________________
差出人: {from}
送信日時: 2020年5月21日 16:15
宛先: 山田 太郎 <yamada@example.co.jp>
CC: 総務 <somu@example.co.jp>
件名: {subject}

{notice})");
  const InlineOriginal o = expect_notice(text, "outlook", "2020年5月21日 16:15");
  CHECK(o.to == "山田 太郎 <yamada@example.co.jp>");
  CHECK(o.body.find("somu@") == std::string::npos);
}

TEST_CASE("Outlook, English: -----Original Message----- with [mailto:]") {
  const InlineOriginal o = only_original(mail(R"(-----Original Message-----
From: SECURITY ACTION事務局 [mailto:security-action-info@ipa.go.jp]
Sent: Thursday, May 21, 2020 4:15 PM
To: yamada@example.co.jp
Subject: {subject}

{notice})"));
  CHECK(o.client == "outlook");
  CHECK(o.from == "SECURITY ACTION事務局 [mailto:security-action-info@ipa.go.jp]");
  CHECK(o.date == "Thursday, May 21, 2020 4:15 PM");
  CHECK(o.subject == kSubject);
  check_notice_body(o);
}

TEST_CASE("Outlook, English: underscores separator") {
  expect_notice(mail(R"(FYI

________________________________________
From: {from}
Sent: Thursday, May 21, 2020 4:15 PM
To: yamada@example.co.jp
Subject: {subject}

{notice})"),
                "outlook", "Thursday, May 21, 2020 4:15 PM");
}

TEST_CASE("A header block without a separator line") {
  expect_notice(mail(R"(申請書類に添付します。

From: {from}
Sent: Thursday, May 21, 2020 4:15 PM
To: yamada@example.co.jp
Subject: {subject}

{notice})"),
                "header-block", "Thursday, May 21, 2020 4:15 PM");
}

TEST_CASE("Thunderbird (English UI): Subject first, labels followed by a TAB") {
  const std::string text = mail(R"(-------- Forwarded Message --------
Subject: {tab}{subject}
Date: {tab}Wed, 10 May 2023 10:15:00 +0900
From: {tab}{from}
To: {tab}yamada@example.co.jp



{notice})");
  const InlineOriginal o = expect_notice(text, "thunderbird", "Wed, 10 May 2023 10:15:00 +0900");
  CHECK(o.to == "yamada@example.co.jp");
}

TEST_CASE("Thunderbird (Japanese UI): 転送メッセージ and 件名/日付/差出人/宛先") {
  expect_notice(mail(R"(-------- 転送メッセージ --------
件名:{tab}{subject}
日付:{tab}Wed, 10 May 2023 10:15:00 +0900
差出人:{tab}{from}
宛先:{tab}yamada@example.co.jp

{notice})"),
                "thunderbird", "Wed, 10 May 2023 10:15:00 +0900");
}

TEST_CASE("Thunderbird told from Gmail by the TAB after a translated separator") {
  expect_notice(mail(R"(-------- Weitergeleitete Nachricht --------
Betreff:{tab}{subject}
Datum:{tab}Wed, 10 May 2023 10:15:00 +0900
Von:{tab}{from}

{notice})"),
                "thunderbird", "Wed, 10 May 2023 10:15:00 +0900");
}

TEST_CASE("Apple Mail (English): Begin forwarded message:") {
  expect_notice(mail(R"(Sent from my iPhone

Begin forwarded message:

From: {from}
Subject: {subject}
Date: May 10, 2023 at 10:15:00 GMT+9
To: yamada@example.co.jp

{notice})"),
                "apple-mail", "May 10, 2023 at 10:15:00 GMT+9");
}

TEST_CASE("Apple Mail / iPhone (Japanese), labels bold after HTML flattening") {
  SECTION("*label:* marks") {
    expect_notice(mail(R"(iPhoneから送信

転送されたメッセージ:

*差出人:* {from}
*件名:* {subject}
*日付:* 2024年3月3日 午後7:38:07 GMT+9
*宛先:* yamada@example.co.jp

{notice})"),
                  "apple-mail", "2024年3月3日 午後7:38:07 GMT+9");
  }
  SECTION("**label:** marks and a bold value") {
    expect_notice(mail(R"(Begin forwarded message:

**From:** **{from}**
**Subject:** {subject}
**Date:** 2024年3月3日 午後7:38:07 GMT+9

{notice})"),
                  "apple-mail", "2024年3月3日 午後7:38:07 GMT+9");
  }
}

TEST_CASE("Japanese web client: メッセージを転送 with 送信元/日付/件名/送信先") {
  const std::string text = mail(R"(---------- メッセージを転送 ---------
送信元: {from}
日付: 2023年5月10日 10:15
件名: {subject}
送信先: yamada@example.co.jp

{notice})");
  const InlineOriginal o = expect_notice(text, "jp-web", "2023年5月10日 10:15");
  CHECK(o.to == "yamada@example.co.jp");
}

TEST_CASE("Labels are case-insensitive and allow spaces before the colon") {
  expect_notice(mail(R"(-----original message-----
FROM : {from}
sent : Thursday, May 21, 2020 4:15 PM
SUBJECT : {subject}

{notice})"),
                "outlook", "Thursday, May 21, 2020 4:15 PM");
}

TEST_CASE("A long To: list wrapped over several lines stays out of the body") {
  const std::string text = mail(R"(________________________________
差出人: {from}
送信日時: 2020年5月21日 16:15
宛先: a@example.co.jp; b@example.co.jp;
    c@example.co.jp;
d@example.co.jp
件名: {subject}

{notice})");
  const InlineOriginal o = expect_notice(text, "outlook", "2020年5月21日 16:15");
  CHECK(o.to == "a@example.co.jp; b@example.co.jp; c@example.co.jp; d@example.co.jp");
}

TEST_CASE("Quoted forwards: the quoting is removed from the original") {
  const std::string gmail = mail(R"(---------- Forwarded message ---------
From: {from}
Date: 2023年5月10日(水) 10:15
Subject: {subject}
To: <yamada@example.co.jp>

{notice})");
  SECTION("one level of '> ', reply text after the quote is not in the body") {
    const std::string text =
        "2023年5月11日 山田 wrote:\n" + quoted(gmail, "> ") + "\n了解しました。申請に使います。\n";
    const InlineOriginal o = expect_notice(text, "quoted-gmail", "2023年5月10日(水) 10:15");
    CHECK(o.body.find("了解しました") == std::string::npos);
  }
  SECTION("two levels, written '> > '") {
    expect_notice(quoted(quoted(gmail, "> "), "> "), "quoted-gmail", "2023年5月10日(水) 10:15");
  }
  SECTION("'>' without a space, Outlook JA") {
    const std::string outlook = mail(R"(________________________________
差出人: {from}
送信日時: 2020年5月21日 16:15
件名: {subject}

{notice})");
    expect_notice(quoted(outlook, ">"), "quoted-outlook", "2020年5月21日 16:15");
  }
  SECTION("a quoted header block with no separator begins the quoted region") {
    const std::string block = mail(R"(From: {from}
Subject: {subject}
Date: Wed, 10 May 2023 10:15:00 +0900

{notice})");
    expect_notice("以下の通りです。\n\n" + quoted(block, "> "), "quoted-header-block",
                  "Wed, 10 May 2023 10:15:00 +0900");
  }
}

TEST_CASE("Forward of a forward gives the outer original first, its body cut at the inner") {
  const std::string text = mail(R"(担当の山田さんから届いたものを転送します。

---------- Forwarded message ---------
From: 山田 太郎 <yamada@example.co.jp>
Date: 2023年5月11日(木) 9:00
Subject: Fwd: {subject}
To: 申請窓口 <grant@example.lg.jp>

申請に添付するメールです。

---------- Forwarded message ---------
From: {from}
Date: 2023年5月10日(水) 10:15
Subject: {subject}
To: <yamada@example.co.jp>

{notice})");
  const auto found = find_inline_originals(text);
  REQUIRE(found.size() == 2);
  CHECK(found[0].client == "gmail");
  CHECK(found[0].from == "山田 太郎 <yamada@example.co.jp>");
  CHECK(found[0].subject == "Fwd: " + kSubject);
  CHECK(found[0].body == "申請に添付するメールです。\n");
  CHECK(found[1].from == kIpaFrom);
  CHECK(found[1].subject == kSubject);
  check_notice_body(found[1]);
}

TEST_CASE("Look-alikes that are not forwards give nothing") {
  SECTION("text without any forward") { CHECK(find_inline_originals(kNotice).empty()); }
  SECTION("empty text") { CHECK(find_inline_originals("").empty()); }
  SECTION("a line of underscores used as decoration") {
    CHECK(find_inline_originals(R"(ご連絡ありがとうございます。

________________________________
株式会社サンプル 総務部
電話: 03-0000-0000
)")
              .empty());
  }
  SECTION("underscores followed by a lone From line") {
    CHECK(find_inline_originals("______________________________\nFrom: 総務部\n\n本文\n").empty());
  }
  SECTION("'From: me' in prose") {
    CHECK(find_inline_originals(R"(Hello,
From: me, the applicant.
Please find the notice below.
Date: tomorrow is fine.
)")
              .empty());
  }
  SECTION("the seed's own 件名: line inside a document") {
    CHECK(
        find_inline_originals(mail("【②自己宣言完了のお知らせメール】\n件名:{subject}\n\n{notice}"))
            .empty());
  }
  SECTION("a Gmail separator with no labels after it") {
    CHECK(
        find_inline_originals(mail("---------- Forwarded message ---------\n\n{notice}")).empty());
  }
}

TEST_CASE("Several megabytes of lines are handled in linear time") {
  std::string text;
  for (int i = 0; i < 40000; ++i) {
    text += kNotice;
    text += "From: someone " + std::to_string(i) + "\n> quoted line\n______________________\n";
  }
  text += "---------- Forwarded message ---------\nFrom: " + kIpaFrom + "\nSubject: " + kSubject +
          "\n\n" + kNotice;
  REQUIRE(text.size() > 20'000'000);
  const auto begin = std::chrono::steady_clock::now();
  const auto found = find_inline_originals(text);
  const auto elapsed = std::chrono::steady_clock::now() - begin;
  REQUIRE(found.size() == 1);
  CHECK(found[0].from == kIpaFrom);
  check_notice_body(found[0]);
  CHECK(elapsed < std::chrono::seconds(10));  // generous for Debug and sanitizer builds
}

TEST_CASE("Megabytes of lines that look like reply lines or one-line headers stay linear") {
  std::string text;
  while (text.size() < 20'000'000) {
    text += "2024年3月4日(月) 10:12 山田 のメールによれば次の通りです:\n";  // ends in ':', no match
    text += "On Monday someone wrote that\nwrote:\n";                       // a wrapped near-miss
    text += "----- Forwarded Message ----- Subject: x To: y\n";             // one-line, no From
    text += "---- not a reply ----\n";
  }
  const auto begin = std::chrono::steady_clock::now();
  const auto found = find_inline_originals(text);
  const auto elapsed = std::chrono::steady_clock::now() - begin;
  CHECK(found.empty());
  CHECK(elapsed < std::chrono::seconds(10));  // generous for Debug and sanitizer builds
}

TEST_CASE("Hostile input does not crash and stays bounded") {
  SECTION("random bytes") {
    std::mt19937 rng(12345);
    const char kAlphabet[] = "From:Subject:差出人件名>-_*\n\t \r\x00\xff@";
    const std::string alphabet(kAlphabet, sizeof(kAlphabet) - 1);
    for (int round = 0; round < 200; ++round) {
      std::string junk(rng() % 4096, '\0');
      for (char& c : junk) {
        c = (round % 2 == 0) ? static_cast<char>(rng() & 0xff) : alphabet[rng() % alphabet.size()];
      }
      const auto found = find_inline_originals(junk);
      CHECK(found.size() <= 64);
    }
  }
  SECTION("thousands of forwards are capped") {
    std::string text;
    for (int i = 0; i < 5000; ++i) text += "-----Original Message-----\nFrom: a\nSubject: b\n\nx\n";
    const auto found = find_inline_originals(text);
    CHECK(found.size() == 64);
    CHECK(found.front().body == "x\n");
  }
  SECTION("deep quoting, long lines, a block that never ends") {
    std::string text(100000, '>');
    text += " From: x\n" + std::string(1'000'000, 'a') + "\nFrom: y\n";
    for (int i = 0; i < 100000; ++i) text += "To: a@b\n c@d\n";
    CHECK(find_inline_originals(text).empty());
  }
}
