// recipient_address_test.cc - scope as offices address mail: exact addresses, subaddresses
// with the configured delimiters, whole domains, ASCII case; and what a config may say.
#include "core/recipient_address.h"

#include <catch2/catch.hpp>

#include "core/config.h"
#include "core/edit_planner.h"
#include "core/engine.h"

using namespace sa;

TEST_CASE("recipients match addresses, subaddresses and @domains", "[scope]") {
  const std::vector<std::string> entries{"grants@example.lg.jp", "@grants.example.lg.jp",
                                         "tokyo+review@example.lg.jp"};
  CHECK(recipient_matches("grants@example.lg.jp", entries, "+"));
  CHECK(recipient_matches("<Grants@Example.LG.jp>", entries, "+"));
  CHECK(recipient_matches("grants+kobe@example.lg.jp", entries, "+"));
  CHECK(recipient_matches("GRANTS+Kobe+x@example.lg.jp", entries, "+"));
  CHECK_FALSE(recipient_matches("grants-kobe@example.lg.jp", entries, "+"));
  CHECK(recipient_matches("grants-kobe@example.lg.jp", entries, "+-"));
  CHECK_FALSE(recipient_matches("grants+kobe@example.lg.jp", entries, ""));  // no delimiter
  CHECK_FALSE(recipient_matches("+grants@example.lg.jp", entries, "+"));     // nothing before it
  CHECK(recipient_matches("anyone@grants.example.lg.jp", entries, "+"));
  CHECK(recipient_matches("x@GRANTS.example.lg.jp", entries, "+"));
  CHECK_FALSE(recipient_matches("x@sub.grants.example.lg.jp", entries, "+"));  // not subdomains
  CHECK_FALSE(recipient_matches("x@evilgrants.example.lg.jp", entries, "+"));
  // An entry with a subaddress is that subaddress only.
  CHECK(recipient_matches("tokyo+review@example.lg.jp", entries, "+"));
  CHECK_FALSE(recipient_matches("tokyo@example.lg.jp", entries, "+"));
  CHECK_FALSE(recipient_matches("tokyo+other@example.lg.jp", entries, "+"));
  CHECK_FALSE(recipient_matches("", entries, "+"));
}

TEST_CASE("configured addresses must be plain addresses or @domain", "[scope][config]") {
  CHECK(recipient_entry_problem("grants@example.lg.jp").empty());
  CHECK(recipient_entry_problem("@example.lg.jp").empty());
  CHECK(recipient_entry_problem("grants") == "has no '@'");
  CHECK(recipient_entry_problem("grants@") == "has no domain name after '@'");
  CHECK(recipient_entry_problem("a@localhost") == "has no domain name after '@'");
  CHECK(recipient_entry_problem("<a@b.jp>") == "must be a plain address or @domain");
  CHECK(recipient_entry_problem("a@b.jp, c@d.jp") == "must be a plain address or @domain");

  auto error_of = [](const std::string& yaml) {
    try {
      load_config_text(yaml + "notices: [{ name: x, subject: 'x' }]\n", "t.yaml");
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  CHECK(error_of("scope: { recipients: [grants] }\n") ==
        "t.yaml:1: scope.recipients: 'grants' has no '@'");
  CHECK(error_of("routing: [{ match: { recipient: ['a@b.jp>'] } }]\n") ==
        "t.yaml:1: routing[0].match.recipient: 'a@b.jp>' must be a plain address or @domain");
  CHECK(error_of("scope: { subaddress_delimiter: 'a' }\n")
            .find("scope.subaddress_delimiter: must be punctuation") != std::string::npos);
  CHECK(error_of("scope: { subaddress_delimiter: '+-', recipients: ['@G.example.jp'] }\n").empty());
}

TEST_CASE("scope and routing use the same address rules", "[scope][plan]") {
  const auto config = load_config_text(
      "scope: { recipients: [Hojokin@Grant.example.lg.jp, '@alias.example.lg.jp'] }\n"
      "routing: [{ name: kobe, match: { recipient: [kobe@grant.example.lg.jp] }, action: tag }]\n"
      "notices: [{ name: x, subject: 'x' }]\n",
      "t.yaml");
  CHECK(recipients_in_scope({"hojokin+2026@grant.example.lg.jp"}, *config));
  CHECK(recipients_in_scope({"<desk@ALIAS.example.lg.jp>"}, *config));
  CHECK_FALSE(recipients_in_scope({"desk@grant.example.lg.jp"}, *config));
  Evidence ev;
  ev.verdict = Verdict::Consistent;
  CHECK(plan_edits("", ev, {"kobe+x@grant.example.lg.jp"}, "", *config).route == "kobe");
  CHECK(plan_edits("", ev, {"osaka@grant.example.lg.jp"}, "", *config).route.empty());
}

TEST_CASE("mail out of scope whose Subject claims a notice is noted, not judged", "[scope]") {
  const Engine engine(
      load_config_text("scope: { recipients: [hojokin@grant.example.lg.jp] }\n"
                       "notices: [{ name: x, subject: '^never$' }]\n",
                       "t.yaml"));
  const Envelope elsewhere{"a@applicant.example", {"other@example.lg.jp"}, "Q"};
  const std::string claim =
      "From: a@applicant.example\r\n"
      "Subject: =?UTF-8?B?RndkOiDjgJBTRUNVUklUWSBBQ1RJT07jgJHkuozjgaTmmJ8=?=\r\n"  // Fwd:
                                                                                   // 【SA】二つ星
      "X-SA-Triage-Verdict: verified\r\n\r\nbody\r\n";
  const Inspection noted = engine.inspect(claim, elsewhere);
  CHECK_FALSE(noted.in_scope);
  CHECK(noted.out_of_scope_claim);
  CHECK(noted.evidence.verdict == Verdict::None);
  CHECK(noted.plan.adds.empty());
  CHECK(noted.plan.deletes.size() == 1);
  CHECK(engine.inspect_too_large(claim.substr(0, claim.find("\r\n\r\n") + 4), elsewhere)
            .out_of_scope_claim);

  const Inspection plain =
      engine.inspect("From: a@b.example\r\nSubject: hello\r\n\r\nbody\r\n", elsewhere);
  CHECK_FALSE(plain.out_of_scope_claim);
  // In scope the message is judged instead.
  const Envelope grant{"a@applicant.example", {"hojokin@grant.example.lg.jp"}, "Q"};
  CHECK_FALSE(engine.inspect(claim, grant).out_of_scope_claim);
}
