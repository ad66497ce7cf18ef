// edit_planner_test.cc - the edit plan: forged headers deleted last-first, headers added,
// the subject tag, scope and every routing action.
#include "core/edit_planner.h"

#include <catch2/catch.hpp>

#include "core/charset.h"
#include "core/config.h"
#include "core/engine.h"

using namespace sa;

namespace {

const std::string kRaw =
    "From: a@example.jp\r\n"
    "X-SA-Triage-Verdict: verified\r\n"
    "Subject: =?UTF-8?B?5qCq?=\r\n"
    "x-sa-triage-verdict: verified\r\n"
    "X-SA-Triage-Star: 2\r\n"
    "X-Other: 1\r\n"
    "\r\n"
    "X-SA-Triage-Verdict: in the body, not a header\r\n";

Evidence consistent_evidence() {
  Evidence ev;
  ev.verdict = Verdict::Consistent;
  ev.notice = "declaration-complete";
  ev.star = 2;
  ev.declaration_id = "41234567890";
  ev.user_number = "12345678901";
  ev.company = "株式会社サンプル";
  ev.forward = ForwardStyle::Attachment;
  ev.reasons = {"forward=attachment", "sender=allowed"};
  return ev;
}

std::string value_of(const EditPlan& plan, const std::string& name) {
  for (const auto& a : plan.adds) {
    if (a.name == name) return a.value;
  }
  return "<absent>";
}

}  // namespace

TEST_CASE("forged prefixed headers are deleted from the last occurrence backwards", "[plan]") {
  const auto config = load_config(SA_CONFIG_FILE);
  const auto deletes = plan_forged_header_deletes(kRaw, *config);
  REQUIRE(deletes.size() == 3);
  CHECK(deletes[0].name == "X-SA-Triage-Verdict");
  CHECK(deletes[0].index == 2);
  CHECK(deletes[1].index == 1);
  CHECK(deletes[2].name == "X-SA-Triage-Star");
  CHECK(deletes[2].index == 1);
}

TEST_CASE("the verdict headers carry the evidence, user number masked", "[plan]") {
  const auto config = load_config(SA_CONFIG_FILE);
  const EditPlan plan =
      plan_edits(kRaw, consistent_evidence(), {"hojokin@grant.example.lg.jp"}, "", *config);
  CHECK(value_of(plan, "X-SA-Triage-Verdict") == "consistent");
  CHECK(value_of(plan, "X-SA-Triage-Notice") == "declaration-complete");
  CHECK(value_of(plan, "X-SA-Triage-Star") == "2");
  CHECK(value_of(plan, "X-SA-Triage-Declaration-ID") == "41234567890");
  CHECK(value_of(plan, "X-SA-Triage-User-Number") == "*******8901");
  CHECK(value_of(plan, "X-SA-Triage-Company") == "=?UTF-8?B?5qCq5byP5Lya56S+44K144Oz44OX44Or?=");
  CHECK(value_of(plan, "X-SA-Triage-Forward") == "attachment");
  CHECK(value_of(plan, "X-SA-Triage-Reasons") == "forward=attachment sender=allowed");
  CHECK_FALSE(plan.new_subject);
  CHECK_FALSE(plan.quarantine_reason);
}

TEST_CASE("prefix, subject tag and privacy come from the config", "[plan]") {
  const auto config = load_config_text(
      "headers:\n  prefix: X-Grant-\n  subject_tag: { enabled: true, format: '[SA{star} "
      "{verdict}]' }\n"
      "privacy: { user_number: omit }\n"
      "notices: [{ name: x, subject: 'x' }]\n",
      "t.yaml");
  const std::string raw = "X-Grant-Verdict: forged\nSubject: Fwd: hello\n\nbody\n";
  const EditPlan plan = plan_edits(raw, consistent_evidence(), {"a@b"}, "Fwd: hello", *config);
  CHECK(value_of(plan, "X-Grant-Verdict") == "consistent");
  CHECK(value_of(plan, "X-Grant-User-Number") == "<absent>");
  REQUIRE(plan.deletes.size() == 1);
  CHECK(plan.deletes[0].name == "X-Grant-Verdict");
  REQUIRE(plan.new_subject);
  CHECK(*plan.new_subject == "[SA2 consistent] Fwd: hello");
}

// A Gmail inline forward of the seed's notice under the applicant's own Subject line.
std::string forward_with_subject(const std::string& subject_line) {
  return subject_line +
         "\nFrom: a@b.example\nContent-Type: text/plain; charset=utf-8\n\n"
         "---------- Forwarded message ---------\n"
         "From: SECURITY ACTION事務局 <security-action-info@ipa.go.jp>\n"
         "Date: 2026年4月1日(水) 10:00\n"
         "Subject: 【SECURITY ACTION】一つ星：自己宣言完了のお知らせ\n\n"
         "株式会社サンプル\n山田 太郎様\n\nSECURITY ACTION 自己宣言の手続きが完了しました。\n"
         "利用者番号:12345678901\n自己宣言ID:41234567890\n\n"
         "独立行政法人情報処理推進機構 (IPA)\nSECURITY ACTION事務局\n";
}

TEST_CASE("the tagged Subject carries no control an encoded-word hid", "[plan]") {
  const auto config = load_config(SA_CONFIG_FILE);
  auto tagged = std::make_shared<Config>(*config);
  tagged->subject_tag = true;
  const Engine engine(tagged);
  const Envelope envelope{"a@b.example", {"h@grant.example.lg.jp"}, "Q"};
  // The applicant's Subject: =?UTF-8?B?...?= of "Fwd: x\r\nBcc: evil@x\e[1m" (printable
  // ASCII as received). The engine decodes it; the plan must not put the CR LF or ESC back.
  const Inspection in = engine.inspect(
      forward_with_subject("Subject: =?UTF-8?B?RndkOiB4DQpCY2M6IGV2aWxAeBtbMW0=?="), envelope);
  REQUIRE(in.plan.new_subject);
  const std::string decoded = decode_rfc2047(*in.plan.new_subject);
  INFO(*in.plan.new_subject << " -> " << decoded);
  CHECK(decoded.find_first_of("\r\n\x1b") == std::string::npos);
  CHECK(decoded.find("Fwd: x Bcc: evil@x[1m") != std::string::npos);
  // A long Subject is cut as text, never inside an encoded-word.
  std::string long_subject = "Subject:";
  for (int i = 0; i < 30; ++i) long_subject += " =?UTF-8?B?44CQU0VDVVJJVFkgQUNUSU9O44CR?=";
  const Inspection cut = engine.inspect(forward_with_subject(long_subject), envelope);
  REQUIRE(cut.plan.new_subject);
  const std::string& v = *cut.plan.new_subject;
  std::size_t opens = 0, closes = 0;
  for (std::size_t at = 0; (at = v.find("=?UTF-8?B?", at)) != std::string::npos; at += 2) ++opens;
  for (std::size_t at = 0; (at = v.find("?=", at)) != std::string::npos; at += 2) ++closes;
  CHECK(opens == closes);
  CHECK(decode_rfc2047(v).find("【SECURITY ACTION】【SECURITY ACTION】") != std::string::npos);
}

TEST_CASE("scope decides which mail is acted on", "[plan]") {
  const auto config = load_config_text(
      "scope: { recipients: [Hojokin@Grant.example.lg.jp] }\nnotices: [{ name: x, subject: 'x' "
      "}]\n",
      "t.yaml");
  CHECK(recipients_in_scope({"<hojokin@grant.example.lg.jp>"}, *config));
  CHECK(recipients_in_scope({"other@x", "HOJOKIN@grant.example.lg.jp"}, *config));
  CHECK_FALSE(recipients_in_scope({"other@grant.example.lg.jp"}, *config));
}

TEST_CASE("routing: first matching rule wins, each action fills the plan", "[plan]") {
  const auto config = load_config_text(
      "notices: [{ name: declaration-complete, subject: 'x' }]\n"
      "routing:\n"
      "  - { name: hold, match: { verdict: [suspicious] }, action: quarantine, reason: 'check "
      "it' }\n"
      "  - { name: tokyo, match: { star: [2], recipient: [tokyo@g.jp] }, action: add_recipients, "
      "recipients: [review2@g.jp] }\n"
      "  - { name: move, match: { notice: [declaration-complete] }, action: replace_recipients, "
      "recipients: [desk@g.jp] }\n"
      "  - { name: refuse, match: { verdict: [error] }, action: reject, smtp_message: 'too big' }\n"
      "  - { name: later, match: { verdict: [none] }, action: tempfail }\n",
      "t.yaml");
  Evidence ev = consistent_evidence();

  ev.verdict = Verdict::Suspicious;
  EditPlan p = plan_edits(kRaw, ev, {"tokyo@g.jp"}, "", *config);
  CHECK(p.route == "hold");
  CHECK(p.quarantine_reason == std::optional<std::string>("check it"));

  ev.verdict = Verdict::Consistent;
  p = plan_edits(kRaw, ev, {"tokyo@g.jp"}, "", *config);
  CHECK(p.route == "tokyo");
  CHECK(p.add_recipients == std::vector<std::string>{"review2@g.jp"});
  CHECK(p.delete_recipients.empty());

  p = plan_edits(kRaw, ev, {"<osaka@g.jp>"}, "", *config);
  CHECK(p.route == "move");
  CHECK(p.delete_recipients == std::vector<std::string>{"<osaka@g.jp>"});
  CHECK(p.add_recipients == std::vector<std::string>{"desk@g.jp"});

  ev.verdict = Verdict::Error;
  ev.notice.clear();
  p = plan_edits(kRaw, ev, {"x@g.jp"}, "", *config);
  REQUIRE(p.reject);
  CHECK(p.reject->code == "550");
  CHECK(p.reject->message == "too big");

  ev.verdict = Verdict::None;
  p = plan_edits(kRaw, ev, {"x@g.jp"}, "", *config);
  REQUIRE(p.tempfail);
  CHECK(p.tempfail->code == "451");
  CHECK(p.tempfail->xcode == "4.7.1");
}
