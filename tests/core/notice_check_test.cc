// notice_check_test.cc - one candidate against the shipped templates: which verdict and
// which reasons a reviewer will see for each kind of flaw.
#include "core/notice_check.h"

#include <re2/re2.h>

#include <algorithm>
#include <catch2/catch.hpp>

#include "core/config.h"

using namespace sa;

namespace {

const Config& shipped() {
  static const auto config = load_config(SA_CONFIG_FILE);
  return *config;
}

const std::string kBody =
    "株式会社サンプル商事\n"
    "山田 太郎様\n\n"
    "SECURITY ACTION 自己宣言の手続きが完了しました。\n"
    "利用者番号、自己宣言IDは下記のとおりです。\n\n"
    "利用者番号:12345678901\n"
    "自己宣言ID:41234567890\n\n"
    "独立行政法人情報処理推進機構 (IPA)\n"
    "セキュリティセンター\n"
    "SECURITY ACTION事務局\n"
    "Eメール: security-action-info@ipa.go.jp\n";

Candidate genuine() {
  Candidate c;
  c.style = ForwardStyle::Inline;
  c.from = "SECURITY ACTION事務局 <security-action-info@ipa.go.jp>";
  c.subject = "【SECURITY ACTION】一つ星:自己宣言完了のお知らせ";
  c.body = kBody;
  return c;
}

bool has(const CandidateFinding& f, const std::string& reason) {
  return std::find(f.reasons.begin(), f.reasons.end(), reason) != f.reasons.end();
}

}  // namespace

TEST_CASE("a genuine-looking declaration notice is consistent with its fields", "[notice]") {
  const auto f = check_candidate(genuine(), shipped());
  CHECK(f.claims);
  CHECK(f.verdict == Verdict::Consistent);
  CHECK(f.notice == "declaration-complete");
  CHECK(f.star == 1);
  CHECK(f.declaration_id == "41234567890");
  CHECK(f.user_number == "12345678901");
  CHECK(f.company == "株式会社サンプル商事");
  CHECK(has(f, "sender-domain=ipa.go.jp"));
  CHECK(has(f, "subject=declaration-complete"));
  CHECK(has(f, "signature=ok"));
  CHECK(has(f, "id-format=ok"));
}

TEST_CASE("two stars and the seed's doubled bracket are recognised", "[notice]") {
  Candidate c = genuine();
  c.subject = "【SECURITY ACTION】二つ星:自己宣言完了のお知らせ";
  CHECK(check_candidate(c, shipped()).star == 2);
  c.subject = "【【SECURITY ACTION】申込受理のご連絡";
  c.body =
      "株式会社サンプル\n〇〇〇〇様\n\n手続きが完了いたしました。\nロゴマークのダウンロード手順\n"
      "独立行政法人情報処理推進機構 (IPA)\nSECURITY ACTION事務局\n";
  const auto f = check_candidate(c, shipped());
  CHECK(f.verdict == Verdict::Consistent);
  CHECK(f.notice == "application-accepted");
  CHECK(f.company == "株式会社サンプル");
}

TEST_CASE("each flaw makes the notice suspicious with its reason", "[notice]") {
  SECTION("look-alike sender") {
    Candidate c = genuine();
    c.from = "SECURITY ACTION事務局 <info@ipa-go.jp>";
    const auto f = check_candidate(c, shipped());
    CHECK(f.verdict == Verdict::Suspicious);
    CHECK(has(f, "lookalike-domain=ipa-go.jp"));
    CHECK(has(f, "sender=not-allowed"));
  }
  SECTION("edited subject") {
    Candidate c = genuine();
    c.subject = "【SECURITY ACTION】三つ星:自己宣言完了のお知らせ";
    const auto f = check_candidate(c, shipped());
    CHECK(f.verdict == Verdict::Suspicious);
    CHECK(has(f, "subject=no-template"));
  }
  SECTION("malformed declaration id") {
    Candidate c = genuine();
    c.body.replace(c.body.find("41234567890"), 11, "31234567890");
    const auto f = check_candidate(c, shipped());
    CHECK(f.verdict == Verdict::Suspicious);
    CHECK(has(f, "id-format=bad"));
  }
  SECTION("two different declaration ids") {
    Candidate c = genuine();
    c.body += "\n自己宣言ID:49999999999\n";
    const auto f = check_candidate(c, shipped());
    CHECK(f.verdict == Verdict::Suspicious);
    CHECK(has(f, "id-conflict"));
  }
  SECTION("missing signature block") {
    Candidate c = genuine();
    c.body = c.body.substr(0, c.body.find("独立行政法人"));
    const auto f = check_candidate(c, shipped());
    CHECK(f.verdict == Verdict::Suspicious);
    CHECK(has(f, "signature=missing"));
  }
  SECTION("missing declaration id") {
    Candidate c = genuine();
    c.body.replace(c.body.find("自己宣言ID:41234567890"), 26, "");
    const auto f = check_candidate(c, shipped());
    CHECK(f.verdict == Verdict::Suspicious);
    CHECK(has(f, "id=missing"));
  }
}

TEST_CASE("an applicant's own words are not a notice", "[notice]") {
  Candidate c;
  c.style = ForwardStyle::Direct;
  c.from = "山田 <yamada@sample.example.jp>";
  c.subject = "補助金申請の件";
  c.body =
      "お世話になっております。\n弊社の自己宣言IDは41234567890です。\nよろしくお願いします。\n";
  CHECK_FALSE(check_candidate(c, shipped()).claims);
}

TEST_CASE("a phishing subject claims to be a notice and is suspicious", "[notice]") {
  Candidate c;
  c.style = ForwardStyle::Direct;
  c.from = "SECURITY ACTION <info@ipa-security.example>";
  c.subject = "【重要】【SECURITY ACTION】新システム開始のご案内";
  c.body = "以下のURLからログインしてください。\n";
  const auto f = check_candidate(c, shipped());
  CHECK(f.claims);
  CHECK(f.verdict == Verdict::Suspicious);
  CHECK(has(f, "subject=no-template"));
}

TEST_CASE("a malformed ID is reported whole or not at all, never shortened", "[notice][id]") {
  const auto with_id = [](const std::string& id) {
    Candidate c = genuine();
    c.body.replace(c.body.find("41234567890"), 11, id);
    return check_candidate(c, shipped());
  };
  SECTION("a letter O inside the digits") {
    const auto f = with_id("407329O2623");
    CHECK(f.verdict == Verdict::Suspicious);
    CHECK(has(f, "id-format=bad"));
    CHECK(f.declaration_id == "407329O2623");
    CHECK(f.declaration_ids == std::vector<std::string>{"407329O2623"});
  }
  SECTION("a letter first: the pattern starts at it") {
    const auto f = with_id("O4073292623");
    CHECK(has(f, "id-format=bad"));
    CHECK(f.declaration_id == "O4073292623");
  }
  SECTION("a hyphenated ID") {
    const auto f = with_id("4073-2902-623");
    CHECK(has(f, "id-format=bad"));
    CHECK(f.declaration_id == "4073-2902-623");
  }
  SECTION("a non-ASCII character inside: withheld, still bad") {
    const auto f = with_id("407329〇2623");  // U+3007, which NFKC keeps
    CHECK(f.verdict == Verdict::Suspicious);
    CHECK(has(f, "id-format=bad"));
    CHECK(f.declaration_id.empty());
    CHECK_FALSE(has(f, "id=missing"));
  }
  SECTION("punctuation after a good ID ends the token") {
    for (const std::string after : {"。", "※自己宣言IDは担当者変更", ")", " (半角)", "、"}) {
      INFO(after);
      const auto f = with_id("41234567890" + after);
      CHECK(f.declaration_id == "41234567890");
      CHECK(has(f, "id-format=ok"));
    }
  }
  SECTION("an admin's old pattern that stops at the first non-digit") {
    auto config = std::make_shared<Config>(shipped());
    config->notices[0].fields["declaration_id"].pattern =
        std::make_shared<const re2::RE2>("自己宣言ID\\s*:\\s*([0-9]+)");
    Candidate c = genuine();
    c.body.replace(c.body.find("41234567890"), 11, "407329O2623");
    const auto f = check_candidate(c, *config);
    CHECK(f.declaration_id == "407329O2623");
    CHECK(has(f, "id-format=bad"));
  }
  SECTION("the user number is read whole too") {
    Candidate c = genuine();
    c.body.replace(c.body.find("12345678901"), 11, "1234567B901");
    const auto f = check_candidate(c, shipped());
    CHECK(f.user_number == "1234567B901");
    CHECK(has(f, "id-format=bad"));
  }
}

TEST_CASE("a reply-prefixed subject claims nothing without the notice body", "[notice][claim]") {
  Candidate question;
  question.style = ForwardStyle::Direct;
  question.from = "山田 <yamada@sample.example.jp>";
  question.body = "自己宣言完了のお知らせが届きましたが、申請にはどれを使えばよいですか。\n";
  for (const std::string subject :
       {"Re: 【SECURITY ACTION】一つ星:自己宣言完了のお知らせ について",
        "RE: 【SECURITY ACTION】一つ星:自己宣言完了のお知らせ",
        "AW: Re[2]: 【SECURITY ACTION】申込受理のご連絡",
        "返信: 【SECURITY ACTION】一つ星:自己宣言完了のお知らせ", "SV: 【SECURITY ACTION】質問",
        "Odp: 【SECURITY ACTION】一つ星:自己宣言完了のお知らせ", "回复: 【SECURITY ACTION】质问"}) {
    INFO(subject);
    question.subject = subject;
    CHECK_FALSE(check_candidate(question, shipped()).claims);
  }
  SECTION("a forward prefix still claims (a forward says it carries the notice)") {
    question.subject = "Fwd: 【SECURITY ACTION】一つ星:自己宣言完了のお知らせ";
    const auto f = check_candidate(question, shipped());
    CHECK(f.claims);
    CHECK(f.verdict == Verdict::Suspicious);
  }
  SECTION("the notice's markers in the body still claim") {
    Candidate c = genuine();
    c.subject = "Re: 【SECURITY ACTION】一つ星:自己宣言完了のお知らせ について";
    const auto f = check_candidate(c, shipped());
    CHECK(f.claims);
    CHECK(has(f, "body=declaration-complete"));
  }
}

TEST_CASE("a quote without its own subject is judged by its body", "[notice][claim]") {
  Candidate c = genuine();
  c.subject_quoted = false;
  SECTION("the outer subject names the template") {
    const auto f = check_candidate(c, shipped());
    CHECK(f.verdict == Verdict::Consistent);
    CHECK(has(f, "subject=declaration-complete"));
  }
  SECTION("the outer subject is the applicant's own") {
    c.subject = "【SECURITY ACTION】一つ星:自己宣言完了のお知らせ について";
    const auto f = check_candidate(c, shipped());
    CHECK(f.verdict == Verdict::Consistent);
    CHECK(has(f, "subject=not-quoted"));
    CHECK(f.declaration_id == "41234567890");
  }
  SECTION("an outer claim subject over a quote of something else is no claim") {
    c.body = "自己宣言の手続きはどこからできますか。\n";
    CHECK_FALSE(check_candidate(c, shipped()).claims);
  }
}
