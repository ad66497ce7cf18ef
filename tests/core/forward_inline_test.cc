// forward_inline_test.cc - find_inline_originals on IPA SECURITY ACTION notices forwarded
// inline by each mail client style (from the seed's notice text), quoted and nested
// forwards, look-alikes that are not forwards, and hostile input.
#include "core/forward_inline.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <random>
#include <string>

namespace {

using sa::find_inline_originals;
using sa::InlineOriginal;

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

}  // namespace

TEST_CASE("Gmail forward (English UI) with a bold sender name") {
  const std::string text =
      "山田です。完了メールを転送します。\n\n"
      "---------- Forwarded message ---------\n"
      "From: *SECURITY ACTION事務局* <security-action-info@ipa.go.jp>\n"
      "Date: 2023年5月10日(水) 10:15\n"
      "Subject: " +
      kSubject +
      "\n"
      "To: <yamada@example.co.jp>\n\n\n" +
      kNotice;
  const InlineOriginal o = only_original(text);
  CHECK(o.client == "gmail");
  CHECK(o.from == kIpaFrom);
  CHECK(o.date == "2023年5月10日(水) 10:15");
  CHECK(o.subject == kSubject);
  CHECK(o.to == "<yamada@example.co.jp>");
  check_notice_body(o);
  CHECK(o.body.find("山田です") == std::string::npos);
}

TEST_CASE("Gmail forward (Japanese UI): localized separator and From label") {
  const std::string text =
      "---------- 転送されたメッセージ ----------\n"
      "差出人: " +
      kIpaFrom +
      "\n"
      "Date: 2023年5月10日(水) 10:15\n"
      "Subject: " +
      kSubject +
      "\n"
      "To: 山田 <yamada@example.co.jp>\n\n" +
      kNotice;
  const InlineOriginal o = only_original(text);
  CHECK(o.client == "gmail");
  CHECK(o.from == kIpaFrom);
  CHECK(o.subject == kSubject);
  CHECK(o.date == "2023年5月10日(水) 10:15");
  check_notice_body(o);
}

TEST_CASE("Outlook on the web, Japanese: underscores then 差出人/送信日時/宛先/CC/件名") {
  const std::string text =
      "お世話になっております。\n\n"
      "________________________________\n"
      "差出人: " +
      kIpaFrom +
      "\n"
      "送信日時: 2020年5月21日 16:15\n"
      "宛先: 山田 太郎 <yamada@example.co.jp>\n"
      "CC: 総務 <somu@example.co.jp>\n"
      "件名: " +
      kSubject + "\n\n" + kNotice;
  const InlineOriginal o = only_original(text);
  CHECK(o.client == "outlook-ja");
  CHECK(o.from == kIpaFrom);
  CHECK(o.date == "2020年5月21日 16:15");
  CHECK(o.subject == kSubject);
  CHECK(o.to == "山田 太郎 <yamada@example.co.jp>");
  check_notice_body(o);
  CHECK(o.body.find("somu@") == std::string::npos);
}

TEST_CASE("Outlook, English: -----Original Message----- with [mailto:]") {
  const std::string text =
      "-----Original Message-----\n"
      "From: SECURITY ACTION事務局 [mailto:security-action-info@ipa.go.jp]\n"
      "Sent: Thursday, May 21, 2020 4:15 PM\n"
      "To: yamada@example.co.jp\n"
      "Subject: " +
      kSubject + "\n\n" + kNotice;
  const InlineOriginal o = only_original(text);
  CHECK(o.client == "outlook-en");
  CHECK(o.from == "SECURITY ACTION事務局 [mailto:security-action-info@ipa.go.jp]");
  CHECK(o.date == "Thursday, May 21, 2020 4:15 PM");
  CHECK(o.subject == kSubject);
  check_notice_body(o);
}

TEST_CASE("Outlook, English: underscores separator") {
  const std::string text =
      "FYI\n\n________________________________________\n"
      "From: " +
      kIpaFrom +
      "\n"
      "Sent: Thursday, May 21, 2020 4:15 PM\n"
      "To: yamada@example.co.jp\n"
      "Subject: " +
      kSubject + "\n\n" + kNotice;
  const InlineOriginal o = only_original(text);
  CHECK(o.client == "outlook-en");
  CHECK(o.from == kIpaFrom);
  check_notice_body(o);
}

TEST_CASE("A header block without a separator line") {
  const std::string text =
      "申請書類に添付します。\n\n"
      "From: " +
      kIpaFrom +
      "\n"
      "Sent: Thursday, May 21, 2020 4:15 PM\n"
      "To: yamada@example.co.jp\n"
      "Subject: " +
      kSubject + "\n\n" + kNotice;
  const InlineOriginal o = only_original(text);
  CHECK(o.client == "header-block");
  CHECK(o.from == kIpaFrom);
  CHECK(o.date == "Thursday, May 21, 2020 4:15 PM");
  CHECK(o.subject == kSubject);
  check_notice_body(o);
}

TEST_CASE("Thunderbird (English UI): Subject first, labels followed by a TAB") {
  const std::string text =
      "-------- Forwarded Message --------\n"
      "Subject: \t" +
      kSubject +
      "\n"
      "Date: \tWed, 10 May 2023 10:15:00 +0900\n"
      "From: \t" +
      kIpaFrom +
      "\n"
      "To: \tyamada@example.co.jp\n\n\n\n" +
      kNotice;
  const InlineOriginal o = only_original(text);
  CHECK(o.client == "thunderbird");
  CHECK(o.from == kIpaFrom);
  CHECK(o.subject == kSubject);
  CHECK(o.date == "Wed, 10 May 2023 10:15:00 +0900");
  CHECK(o.to == "yamada@example.co.jp");
  check_notice_body(o);
}

TEST_CASE("Thunderbird (Japanese UI): 転送メッセージ and 件名/日付/差出人/宛先") {
  const std::string text =
      "-------- 転送メッセージ --------\n"
      "件名:\t" +
      kSubject +
      "\n"
      "日付:\tWed, 10 May 2023 10:15:00 +0900\n"
      "差出人:\t" +
      kIpaFrom +
      "\n"
      "宛先:\tyamada@example.co.jp\n\n" +
      kNotice;
  const InlineOriginal o = only_original(text);
  CHECK(o.client == "thunderbird");
  CHECK(o.from == kIpaFrom);
  CHECK(o.subject == kSubject);
  CHECK(o.date == "Wed, 10 May 2023 10:15:00 +0900");
  check_notice_body(o);
}

TEST_CASE("Apple Mail (English): Begin forwarded message:") {
  const std::string text =
      "Sent from my iPhone\n\nBegin forwarded message:\n\n"
      "From: " +
      kIpaFrom +
      "\n"
      "Subject: " +
      kSubject +
      "\n"
      "Date: May 10, 2023 at 10:15:00 GMT+9\n"
      "To: yamada@example.co.jp\n\n" +
      kNotice;
  const InlineOriginal o = only_original(text);
  CHECK(o.client == "apple-mail");
  CHECK(o.from == kIpaFrom);
  CHECK(o.subject == kSubject);
  CHECK(o.date == "May 10, 2023 at 10:15:00 GMT+9");
  check_notice_body(o);
}

TEST_CASE("Apple Mail / iPhone (Japanese), labels bold after HTML flattening") {
  SECTION("*label:* marks") {
    const std::string text =
        "iPhoneから送信\n\n転送されたメッセージ:\n\n"
        "*差出人:* " +
        kIpaFrom +
        "\n"
        "*件名:* " +
        kSubject +
        "\n"
        "*日付:* 2024年3月3日 午後7:38:07 GMT+9\n"
        "*宛先:* yamada@example.co.jp\n\n" +
        kNotice;
    const InlineOriginal o = only_original(text);
    CHECK(o.client == "apple-mail");
    CHECK(o.from == kIpaFrom);
    CHECK(o.subject == kSubject);
    CHECK(o.date == "2024年3月3日 午後7:38:07 GMT+9");
    check_notice_body(o);
  }
  SECTION("**label:** marks and a bold value") {
    const std::string text =
        "Begin forwarded message:\n\n"
        "**From:** **" +
        kIpaFrom +
        "**\n"
        "**Subject:** " +
        kSubject +
        "\n"
        "**Date:** 2024年3月3日 午後7:38:07 GMT+9\n\n" +
        kNotice;
    const InlineOriginal o = only_original(text);
    CHECK(o.client == "apple-mail");
    CHECK(o.from == kIpaFrom);
    CHECK(o.subject == kSubject);
    check_notice_body(o);
  }
}

TEST_CASE("Japanese web client: メッセージを転送 with 送信元/日付/件名/送信先") {
  const std::string text =
      "---------- メッセージを転送 ---------\n"
      "送信元: " +
      kIpaFrom +
      "\n"
      "日付: 2023年5月10日 10:15\n"
      "件名: " +
      kSubject +
      "\n"
      "送信先: yamada@example.co.jp\n\n" +
      kNotice;
  const InlineOriginal o = only_original(text);
  CHECK(o.client == "jp-web");
  CHECK(o.from == kIpaFrom);
  CHECK(o.date == "2023年5月10日 10:15");
  CHECK(o.subject == kSubject);
  CHECK(o.to == "yamada@example.co.jp");
  check_notice_body(o);
}

TEST_CASE("Labels are case-insensitive and allow spaces before the colon") {
  const std::string text =
      "-----original message-----\n"
      "FROM : " +
      kIpaFrom +
      "\n"
      "sent : Thursday, May 21, 2020 4:15 PM\n"
      "SUBJECT : " +
      kSubject + "\n\n" + kNotice;
  const InlineOriginal o = only_original(text);
  CHECK(o.client == "outlook-en");
  CHECK(o.from == kIpaFrom);
  CHECK(o.subject == kSubject);
  check_notice_body(o);
}

TEST_CASE("A long To: list wrapped over several lines stays out of the body") {
  const std::string text =
      "________________________________\n"
      "差出人: " +
      kIpaFrom +
      "\n"
      "送信日時: 2020年5月21日 16:15\n"
      "宛先: a@example.co.jp; b@example.co.jp;\n"
      "    c@example.co.jp;\n"
      "d@example.co.jp\n"
      "件名: " +
      kSubject + "\n\n" + kNotice;
  const InlineOriginal o = only_original(text);
  CHECK(o.to == "a@example.co.jp; b@example.co.jp; c@example.co.jp; d@example.co.jp");
  CHECK(o.subject == kSubject);
  check_notice_body(o);
}

TEST_CASE("Quoted forwards: the quoting is removed from the original") {
  const std::string gmail =
      "---------- Forwarded message ---------\n"
      "From: " +
      kIpaFrom +
      "\n"
      "Date: 2023年5月10日(水) 10:15\n"
      "Subject: " +
      kSubject +
      "\n"
      "To: <yamada@example.co.jp>\n\n" +
      kNotice;
  SECTION("one level of '> ', reply text after the quote is not in the body") {
    const std::string text =
        "2023年5月11日 山田 wrote:\n" + quoted(gmail, "> ") + "\n了解しました。申請に使います。\n";
    const InlineOriginal o = only_original(text);
    CHECK(o.client == "quoted-gmail");
    CHECK(o.from == kIpaFrom);
    CHECK(o.subject == kSubject);
    check_notice_body(o);
    CHECK(o.body.find("了解しました") == std::string::npos);
  }
  SECTION("two levels, written '> > '") {
    const InlineOriginal o = only_original(quoted(quoted(gmail, "> "), "> "));
    CHECK(o.client == "quoted-gmail");
    CHECK(o.date == "2023年5月10日(水) 10:15");
    check_notice_body(o);
  }
  SECTION("'>' without a space, Outlook JA") {
    const std::string outlook =
        "________________________________\n"
        "差出人: " +
        kIpaFrom +
        "\n"
        "送信日時: 2020年5月21日 16:15\n"
        "件名: " +
        kSubject + "\n\n" + kNotice;
    const InlineOriginal o = only_original(quoted(outlook, ">"));
    CHECK(o.client == "quoted-outlook-ja");
    CHECK(o.from == kIpaFrom);
    check_notice_body(o);
  }
  SECTION("a quoted header block with no separator begins the quoted region") {
    const std::string block = "From: " + kIpaFrom +
                              "\n"
                              "Subject: " +
                              kSubject +
                              "\n"
                              "Date: Wed, 10 May 2023 10:15:00 +0900\n\n" +
                              kNotice;
    const InlineOriginal o = only_original("以下の通りです。\n\n" + quoted(block, "> "));
    CHECK(o.client == "quoted-header-block");
    CHECK(o.from == kIpaFrom);
    CHECK(o.date == "Wed, 10 May 2023 10:15:00 +0900");
    check_notice_body(o);
  }
}

TEST_CASE("Forward of a forward gives the outer original first, its body cut at the inner") {
  const std::string text =
      "担当の山田さんから届いたものを転送します。\n\n"
      "---------- Forwarded message ---------\n"
      "From: 山田 太郎 <yamada@example.co.jp>\n"
      "Date: 2023年5月11日(木) 9:00\n"
      "Subject: Fwd: " +
      kSubject +
      "\n"
      "To: 申請窓口 <grant@example.lg.jp>\n\n"
      "申請に添付するメールです。\n\n"
      "---------- Forwarded message ---------\n"
      "From: " +
      kIpaFrom +
      "\n"
      "Date: 2023年5月10日(水) 10:15\n"
      "Subject: " +
      kSubject +
      "\n"
      "To: <yamada@example.co.jp>\n\n" +
      kNotice;
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
    const std::string text =
        "ご連絡ありがとうございます。\n\n________________________________\n"
        "株式会社サンプル 総務部\n電話: 03-0000-0000\n";
    CHECK(find_inline_originals(text).empty());
  }
  SECTION("underscores followed by a lone From line") {
    CHECK(find_inline_originals("______________________________\nFrom: 総務部\n\n本文\n").empty());
  }
  SECTION("'From: me' in prose") {
    const std::string text =
        "Hello,\nFrom: me, the applicant.\nPlease find the notice below.\n"
        "Date: tomorrow is fine.\n";
    CHECK(find_inline_originals(text).empty());
  }
  SECTION("the seed's own 件名: line inside a document") {
    CHECK(find_inline_originals("【②自己宣言完了のお知らせメール】\n件名:" + kSubject + "\n\n" +
                                kNotice)
              .empty());
  }
  SECTION("a Gmail separator with no labels after it") {
    CHECK(find_inline_originals("---------- Forwarded message ---------\n\n" + kNotice).empty());
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
