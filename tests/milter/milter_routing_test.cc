// milter_routing_test.cc - routing, scope, size cap and failure policy as the MTA sees them:
// recipient changes, quarantine, reject/tempfail replies, untouched out-of-scope mail.
#include <catch2/catch.hpp>

#include "milter_fixture.h"
#include "test_messages.h"

namespace sa::test {
namespace {

const std::string kGrant = "hojokin@grant.example.lg.jp";

YAML::Node rule(const std::string& name, const std::string& verdict, const std::string& action) {
  YAML::Node r;
  r["name"] = name;
  r["match"]["verdict"].push_back(verdict);
  r["action"] = action;
  return r;
}

}  // namespace

TEST_CASE("suspicious notice goes to the hold queue with the reason", "[milter][routing]") {
  MilterUnderTest milter;  // the shipped config quarantines suspicious mail
  MilterClient client = milter.session();
  auto replies = client.send_message("security-action-info@ipa-go.jp", {kGrant},
                                     direct_notice("", "ipa-go.jp"), "4R1");
  CHECK(added(replies, "X-SA-Triage-Verdict") == "suspicious");
  auto q = replies_with(replies, 'q');
  REQUIRE(q.size() == 1);
  CHECK(q[0].value == "sa-triage: suspicious SECURITY ACTION evidence");
  CHECK(replies.back().code == 'a');
  CHECK(milter.daemon->wait_for_log("result=quarantine", std::chrono::seconds(5)));
}

TEST_CASE("add_recipients copies a notice to the reviewer", "[milter][routing]") {
  MilterUnderTest milter([](YAML::Node& c) {
    YAML::Node r = rule("copy-reviewer", "consistent", "add_recipients");
    r["recipients"].push_back("reviewer@grant.example.lg.jp");
    c["routing"] = YAML::Node(YAML::NodeType::Sequence);
    c["routing"].push_back(r);
  });
  MilterClient client = milter.session();
  auto replies =
      client.send_message("security-action-info@ipa.go.jp", {kGrant}, direct_notice(), "4R2");
  auto adds = replies_with(replies, '+');
  REQUIRE(adds.size() == 1);
  CHECK(adds[0].value == "<reviewer@grant.example.lg.jp>");
  CHECK(replies_with(replies, '-').empty());
  CHECK(replies.back().code == 'a');
}

TEST_CASE("replace_recipients removes the grant address as given in RCPT TO", "[milter][routing]") {
  MilterUnderTest milter([](YAML::Node& c) {
    YAML::Node r = rule("to-reviewer", "consistent", "replace_recipients");
    r["recipients"].push_back("reviewer@grant.example.lg.jp");
    c["routing"] = YAML::Node(YAML::NodeType::Sequence);
    c["routing"].push_back(r);
  });
  MilterClient client = milter.session();
  auto replies =
      client.send_message("security-action-info@ipa.go.jp", {kGrant}, direct_notice(), "4R3");
  auto adds = replies_with(replies, '+');
  auto dels = replies_with(replies, '-');
  REQUIRE(adds.size() == 1);
  REQUIRE(dels.size() == 1);
  CHECK(adds[0].value == "<reviewer@grant.example.lg.jp>");
  CHECK(dels[0].value == "<" + kGrant + ">");
}

TEST_CASE("reject and tempfail rules answer with the configured SMTP reply", "[milter][routing]") {
  MilterUnderTest milter([](YAML::Node& c) {
    YAML::Node reject = rule("refuse-suspicious", "suspicious", "reject");
    reject["smtp_code"] = "550";
    reject["smtp_xcode"] = "5.7.1";
    reject["smtp_message"] = "suspicious SECURITY ACTION notice refused";
    YAML::Node later = rule("later", "consistent", "tempfail");
    later["smtp_message"] = "try again later";
    c["routing"] = YAML::Node(YAML::NodeType::Sequence);
    c["routing"].push_back(reject);
    c["routing"].push_back(later);
  });
  MilterClient client = milter.session();
  auto rejected = client.send_message("security-action-info@ipa-go.jp", {kGrant},
                                      direct_notice("", "ipa-go.jp"), "4R4");
  REQUIRE(rejected.size() == 1);
  CHECK(rejected[0].code == 'y');
  CHECK(rejected[0].value == "550 5.7.1 suspicious SECURITY ACTION notice refused");

  auto deferred =
      client.send_message("security-action-info@ipa.go.jp", {kGrant}, direct_notice(), "4R5");
  REQUIRE(deferred.size() == 1);
  CHECK(deferred[0].code == 'y');
  CHECK(deferred[0].value == "451 4.7.1 try again later");
  client.quit();
}

TEST_CASE("mail outside scope passes untouched except for forged headers", "[milter][scope]") {
  MilterUnderTest milter([](YAML::Node& c) { c["scope"]["recipients"].push_back(kGrant); });
  MilterClient client = milter.session();
  auto replies =
      client.send_message("security-action-info@ipa.go.jp", {"someone@grant.example.lg.jp"},
                          direct_notice("X-SA-Triage-Verdict: verified\r\n"), "4S1");
  REQUIRE(replies.size() == 2);
  CHECK(replies[0].code == 'm');
  CHECK(replies[0].name == "X-SA-Triage-Verdict");
  CHECK(replies[0].index == 1);
  CHECK(replies[1].code == 'a');

  auto in_scope =
      client.send_message("security-action-info@ipa.go.jp", {kGrant}, direct_notice(), "4S2");
  CHECK(added(in_scope, "X-SA-Triage-Verdict") == "consistent");
  // The first one claimed a notice in its Subject: that is noted, for a missing address.
  CHECK(milter.daemon->wait_for_log("queue_id=4S1", std::chrono::seconds(5)));
  CHECK(milter.daemon->log().find("in_scope=no out_of_scope_claim=yes") != std::string::npos);
}

TEST_CASE("subaddresses and whole domains are in scope, case aside", "[milter][scope]") {
  MilterUnderTest milter([](YAML::Node& c) {
    c["scope"]["recipients"].push_back(kGrant);
    c["scope"]["recipients"].push_back("@Hojo.example.lg.jp");
  });
  MilterClient client = milter.session();
  int n = 0;
  for (const std::string rcpt :
       {"<Hojokin+Kobe@grant.example.lg.jp>", "<desk@HOJO.example.lg.jp>"}) {
    auto replies = client.send_message("security-action-info@ipa.go.jp", {rcpt}, direct_notice(),
                                       "4SD" + std::to_string(++n));
    INFO(rcpt);
    CHECK(added(replies, "X-SA-Triage-Verdict") == "consistent");
  }
  auto outside = client.send_message("security-action-info@ipa.go.jp",
                                     {"<hojokin@sub.hojo.example.lg.jp>"}, direct_notice(), "4SD3");
  CHECK(added(outside, "X-SA-Triage-Verdict").empty());
}

TEST_CASE("a message over the size cap is tagged too-large and still loses forged headers",
          "[milter][limits]") {
  MilterUnderTest milter([](YAML::Node& c) { c["limits"]["max_message_bytes"] = 4096; });
  MilterClient client = milter.session();
  std::string big =
      direct_notice("X-SA-Triage-Verdict: verified\r\n") + std::string(20000, 'x') + "\r\n";
  auto replies = client.send_message("security-action-info@ipa.go.jp", {kGrant}, big, "4L1");
  auto deletes = replies_with(replies, 'm', "X-SA-Triage-Verdict");
  REQUIRE(deletes.size() == 1);
  CHECK(deletes[0].index == 1);
  CHECK(added(replies, "X-SA-Triage-Verdict") == "error");
  CHECK(added(replies, "X-SA-Triage-Reasons").find("too-large") != std::string::npos);
  CHECK(replies.back().code == 'a');
}

TEST_CASE("on_error decides when the engine runs out of time", "[milter][failure]") {
  // 10 ms is the smallest budget the config allows; inspecting 12 MB takes longer.
  std::string filler;
  for (int i = 0; i < 200000; ++i) filler += "自己宣言ID:49999910002 の確認をお願いします。\r\n";

  SECTION("tempfail asks the MTA to retry") {
    MilterUnderTest milter([](YAML::Node& c) {
      c["milter"]["timeout_ms"] = 10;
      c["milter"]["on_error"] = "tempfail";
    });
    MilterClient client = milter.session();
    auto replies = client.send_message("security-action-info@ipa.go.jp", {kGrant},
                                       direct_notice() + filler, "4T1");
    REQUIRE(replies.size() == 1);
    CHECK(replies[0].code == 'y');
    CHECK(replies[0].value.rfind("451 4.3.0", 0) == 0);
    CHECK(milter.daemon->wait_for_log("failure=timeout", std::chrono::seconds(5)));
  }
  SECTION("accept delivers it tagged verdict=error") {
    MilterUnderTest milter([](YAML::Node& c) { c["milter"]["timeout_ms"] = 10; });
    MilterClient client = milter.session();
    auto replies = client.send_message("security-action-info@ipa.go.jp", {kGrant},
                                       direct_notice("X-SA-Triage-Star: 2\r\n") + filler, "4T2");
    CHECK(replies_with(replies, 'm', "X-SA-Triage-Star").size() == 1);
    CHECK(added(replies, "X-SA-Triage-Verdict") == "error");
    CHECK(added(replies, "X-SA-Triage-Reasons") == "timeout");
    CHECK(replies.back().code == 'a');
  }
}

}  // namespace sa::test
