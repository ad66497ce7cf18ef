// user_number_free_text_test.cc - the 利用者番号 (a login credential) never reaches a header,
// the log or the ledger whole through a free-text field: a company line, an original's
// Subject or a printout row that carries it is masked like the number itself.
#include <glib.h>

#include <catch2/catch.hpp>

#include "core/engine.h"
#include "core/privacy.h"

using namespace sa;

namespace {

std::string decoded(const std::string& value) {
  // The encoded-words of one header value, decoded (GMime's reader, not ours).
  std::string out;
  for (std::size_t at = 0; (at = value.find("=?UTF-8?B?", at)) != std::string::npos;) {
    const std::size_t end = value.find("?=", at + 10);
    gsize n = 0;
    guchar* bytes = g_base64_decode(value.substr(at + 10, end - at - 10).c_str(), &n);
    out.append(reinterpret_cast<char*>(bytes), n);
    g_free(bytes);
    at = end + 2;
  }
  return out;
}

}  // namespace

TEST_CASE("a 利用者番号 inside free text is masked, labelled or equal to the notice's",
          "[privacy]") {
  CHECK(mask_user_numbers_in("株式会社サンプル 利用者番号:12345678901", "") ==
        "株式会社サンプル 利用者番号:*******8901");
  CHECK(mask_user_numbers_in("利用者番号 ： 123-4567-8901 様", "") ==
        "利用者番号 ： ***-****-8901 様");
  CHECK(mask_user_numbers_in("利用者番号１２３４５６７８９０１", "") ==
        "利用者番号*******８９０１");
  // The notice's own number anywhere, not a longer or shorter run of digits.
  CHECK(mask_user_numbers_in("お知らせ 12345678901", "12345678901") == "お知らせ *******8901");
  CHECK(mask_user_numbers_in("ID 412345678901 / 2345678901", "12345678901") ==
        "ID 412345678901 / 2345678901");
  CHECK(mask_user_numbers_in("株式会社テスト工業", "12345678901") == "株式会社テスト工業");
  CHECK(mask_user_numbers_in("利用者番号は", "") == "利用者番号は");
  CHECK(mask_user_numbers_in("利用者番号:12 と 利用者番号:98765432100", "") ==
        "利用者番号:** と 利用者番号:*******2100");
}

TEST_CASE("a company line carrying the 利用者番号 does not put it in the headers",
          "[privacy][engine]") {
  const Engine engine(load_config(SA_CONFIG_FILE));
  const std::string raw =
      "From: 山田 <yamada@sample.example.jp>\r\nTo: hojokin@grant.example.lg.jp\r\n"
      "Subject: Fwd: 【SECURITY ACTION】一つ星：自己宣言完了のお知らせ\r\n"
      "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
      "Content-Transfer-Encoding: 8bit\r\n\r\n"
      "---------- Forwarded message ---------\r\n"
      "From: SECURITY ACTION事務局 <security-action-info@ipa.go.jp>\r\n"
      "Date: 2026年4月1日(水) 10:00\r\n"
      "Subject: 【SECURITY ACTION】一つ星：自己宣言完了のお知らせ 12345678901\r\n"
      "To: <yamada@sample.example.jp>\r\n\r\n"
      "株式会社サンプル 利用者番号:12345678901\r\n山田 太郎様\r\n\r\n"
      "SECURITY ACTION 自己宣言の手続きが完了しました。\r\n"
      "利用者番号:12345678901\r\n自己宣言ID:41234567890\r\n\r\n"
      "独立行政法人情報処理推進機構 (IPA)\r\nセキュリティセンター\r\nSECURITY ACTION事務局\r\n";
  const Inspection in = engine.inspect(
      raw, Envelope{"yamada@sample.example.jp", {"hojokin@grant.example.lg.jp"}, "Q1"});
  CHECK(in.evidence.user_number == "12345678901");  // kept whole inside, for the ledger rules
  CHECK(in.evidence.company == "株式会社サンプル 利用者番号:*******8901");
  CHECK(in.evidence.original_subject.find("12345678901") == std::string::npos);
  REQUIRE_FALSE(in.plan.adds.empty());
  for (const auto& add : in.plan.adds) {
    INFO(add.name << ": " << add.value);
    CHECK(add.value.find("12345678901") == std::string::npos);
    CHECK(decoded(add.value).find("12345678901") == std::string::npos);
  }
}
