// notice_pair_test.cc - the applicant key (company names folded: NFKC, corporate forms,
// white space, ASCII case) and the X-SA-Triage-Pair values for ① and ②.
#include "core/notice_pair.h"

#include <catch2/catch.hpp>

using namespace sa;

TEST_CASE("company names fold to one applicant", "[pair]") {
  const std::string want = fold_company_name("サンプル商事");
  CHECK(want == "サンプル商事");
  for (const char* spelling :
       {"株式会社サンプル商事", "株式会社　サンプル商事", "(株)サンプル商事", "（株）サンプル商事",
        "㈱サンプル商事", "サンプル商事株式会社", "ｻﾝﾌﾟﾙ商事㈱", " サンプル 商事 "}) {
    INFO(spelling);
    CHECK(fold_company_name(spelling) == want);
  }
  CHECK(fold_company_name("有限会社テスト") == "テスト");
  CHECK(fold_company_name("㈲テスト") == "テスト");
  CHECK(fold_company_name("(有)テスト") == "テスト");
  CHECK(fold_company_name("合同会社ＡＢＣ") == "abc");
  CHECK(fold_company_name("一般社団法人 例示協会") == "例示協会");
  CHECK(fold_company_name("株式会社") == "");
  CHECK(fold_company_name("サンプル商店") != want);
}

TEST_CASE("the applicant key is the domain and the folded company", "[pair]") {
  CHECK(applicant_key("Sample-Shoji.example.jp", "株式会社サンプル商事") ==
        "sample-shoji.example.jp\tサンプル商事");
  CHECK(applicant_key("sample-shoji.example.jp", "(株)サンプル商事") ==
        applicant_key("SAMPLE-SHOJI.example.jp", "サンプル商事㈱"));
  CHECK(applicant_key("other.example.jp", "株式会社サンプル商事") !=
        applicant_key("sample-shoji.example.jp", "株式会社サンプル商事"));
  CHECK(applicant_key("", "株式会社サンプル商事").empty());
  CHECK(applicant_key("sample-shoji.example.jp", "").empty());
  CHECK(applicant_key("sample-shoji.example.jp", "株式会社").empty());
}

TEST_CASE("the Pair header of ② and of a late ①", "[pair]") {
  const auto zone = TimeZone::find("Asia/Tokyo");
  REQUIRE(zone);
  NoticeSighting first;
  first.time = 1794236400;  // 2026-11-10T00:00:00+09:00
  first.star = 2;
  first.declaration_id = "40000000001";
  first.verdict = Verdict::Verified;
  CHECK(pair_value("application-accepted", first, *zone) ==
        "first-notice-seen 2026-11-10 ★★ 40000000001");
  first.star = 1;
  CHECK(pair_value("application-accepted", first, *zone) ==
        "first-notice-seen 2026-11-10 ★ 40000000001");
  CHECK(paired_star("application-accepted", first) == 1);
  CHECK(pair_value("application-accepted", std::nullopt, *zone) == "first-notice-not-seen");
  CHECK(paired_star("application-accepted", std::nullopt) == 0);

  NoticeSighting second;
  second.time = 1794236400 + 10 * 86400;
  second.verdict = Verdict::Consistent;
  CHECK(pair_value("declaration-complete", second, *zone) == "second-notice-seen 2026-11-20");
  CHECK(pair_value("declaration-complete", std::nullopt, *zone).empty());
  CHECK(paired_star("declaration-complete", second) == 0);
  CHECK(pair_value("my-notice", first, *zone).empty());
  CHECK(partner_notice("application-accepted") == "declaration-complete");
  CHECK(partner_notice("declaration-complete") == "application-accepted");
  CHECK(partner_notice("my-notice").empty());
}
