// inspection_report_test.cc - what `sa-triage check` prints for an inspection, as JSON and
// as text: the decision and the plan as the core made them, the user number as privacy
// allows, the verified original only when asked, mail out of scope that claims a notice.
#include "cli/inspection_report.h"

#include <glib.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace sa;

namespace {

Inspection consistent() {
  Inspection in;
  in.evidence.verdict = Verdict::Verified;
  in.evidence.notice = "declaration-complete";
  in.evidence.star = 2;
  in.evidence.declaration_id = "41234567890";
  in.evidence.user_number = "12345678901";
  in.evidence.company = "株式会社サンプル";
  in.evidence.forward = ForwardStyle::Attachment;
  in.evidence.reasons = {"forward=attachment", "dkim=pass"};
  in.evidence.verified_original = "From: a@ipa.go.jp\r\n\r\nbody\r\n";
  in.plan.adds = {{"X-SA-Triage-Verdict", "verified"}};
  in.plan.deletes = {{"X-SA-Triage-Verdict", 1}};
  in.plan.route = "copy";
  return in;
}

}  // namespace

TEST_CASE("check --json carries the decision, the plan and, when asked, the original",
          "[cli][report]") {
  const auto config = load_config(SA_CONFIG_FILE);
  const auto j = nlohmann::json::parse(inspection_json("m.eml", consistent(), *config));
  CHECK(j["verdict"] == "verified");
  CHECK(j["star"] == 2);
  CHECK(j["user_number"] == "*******8901");
  CHECK(j["in_scope"] == true);
  CHECK(j["out_of_scope_claim"] == false);
  CHECK(j["headers"][0]["value"] == "verified");
  CHECK(j["edits"]["delete_headers"][0]["index"] == 1);
  CHECK(j["edits"]["route"] == "copy");
  CHECK_FALSE(j.contains("verified_original"));

  const auto shown = nlohmann::json::parse(inspection_json("m.eml", consistent(), *config, true));
  gsize n = 0;
  guchar* raw = g_base64_decode(shown["verified_original"].get<std::string>().c_str(), &n);
  CHECK(std::string(reinterpret_cast<char*>(raw), n) == consistent().evidence.verified_original);
  g_free(raw);
}

TEST_CASE("check says when mail out of scope claims a notice", "[cli][report][scope]") {
  const auto config = load_config(SA_CONFIG_FILE);
  Inspection out;
  out.in_scope = false;
  out.out_of_scope_claim = true;
  const auto j = nlohmann::json::parse(inspection_json("m.eml", out, *config));
  CHECK(j["verdict"] == "out-of-scope");
  CHECK(j["out_of_scope_claim"] == true);
  const std::string text = inspection_text("m.eml", out, *config);
  CHECK(text.find("out of scope") != std::string::npos);
  CHECK(text.find("missing from scope.recipients") != std::string::npos);
  out.out_of_scope_claim = false;
  CHECK(inspection_text("m.eml", out, *config).find("missing from") == std::string::npos);
}
