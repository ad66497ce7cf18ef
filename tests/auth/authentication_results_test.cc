// authentication_results_test.cc - upstream Authentication-Results: only trusted
// authserv-ids count, only dkim=pass for an allowed, aligned header.d, comments skipped.
#include "auth/authentication_results.h"

#include <catch2/catch.hpp>

#include "fixture_files.h"

using sa::AuthResult;
using Status = AuthResult::Status;

namespace {

const std::vector<std::string> kTrusted{"mx.grant-office.example.jp"};
const std::vector<std::string> kAllowed{"ipa.go.jp"};

std::string with_header(const std::string& ar) {
  return "Authentication-Results: " + ar + "\n" + sa::test::read_fixture("dkim/unsigned.eml");
}

AuthResult check(const std::string& ar, const std::string& from = "ipa.go.jp") {
  return sa::check_upstream_results(with_header(ar), from, kTrusted, kAllowed);
}

}  // namespace

TEST_CASE("parses authserv-id, results and properties, skipping comments", "[auth-results]") {
  auto parsed = sa::parse_authentication_results(
      "mx.example.jp 1 (our (nested) border); dkim=pass (2048-bit key; secure)\r\n"
      "\theader.d=ipa.go.jp header.s=\"s1\"; spf = pass smtp.mailfrom=ipa.go.jp");
  CHECK(parsed.authserv_id == "mx.example.jp");
  REQUIRE(parsed.statements.size() == 2);
  CHECK(parsed.statements[0].method == "dkim");
  CHECK(parsed.statements[0].result == "pass");
  CHECK(parsed.statements[0].prop("header.d") == "ipa.go.jp");
  CHECK(parsed.statements[0].prop("header.s") == "s1");
  CHECK(parsed.statements[1].method == "spf");
  CHECK(parsed.statements[1].result == "pass");
}

TEST_CASE("a trusted dkim=pass for ipa.go.jp proves a direct notice", "[auth-results]") {
  AuthResult r = check(
      "mx.grant-office.example.jp;\n dkim=pass (2048-bit key) header.d=ipa.go.jp header.s=s1");
  CHECK(r.status == Status::Pass);
  CHECK(r.method == "dkim-upstream");
  CHECK(r.domain == "ipa.go.jp");
  CHECK(r.reasons == std::vector<std::string>{"dkim=pass-upstream"});
  CHECK(r.header ==
        "dkim=pass header.d=ipa.go.jp header.s=s1 (upstream mx.grant-office.example.jp)");
}

TEST_CASE("the same result from an untrusted authserv-id is ignored", "[auth-results]") {
  AuthResult r = check("mx.attacker.example; dkim=pass header.d=ipa.go.jp");
  CHECK(r.status == Status::None);
  CHECK(r.reasons == std::vector<std::string>{"auth-results=untrusted"});
}

TEST_CASE("a trusted result that is not a pass for an allowed aligned domain is no proof",
          "[auth-results]") {
  CHECK(check("mx.grant-office.example.jp; dkim=fail header.d=ipa.go.jp").status == Status::None);
  CHECK(check("mx.grant-office.example.jp; dkim=pass header.d=example.com").status == Status::None);
  CHECK(check("mx.grant-office.example.jp; dkim=pass header.d=evilipa.go.jp").status ==
        Status::None);
  CHECK(check("mx.grant-office.example.jp; spf=pass smtp.mailfrom=ipa.go.jp").status ==
        Status::None);
  CHECK(check("mx.grant-office.example.jp; dkim=pass header.d=ipa.go.jp", "example.com").status ==
        Status::None);
  // The trusted id only inside a comment is not the authserv-id.
  CHECK(check("(mx.grant-office.example.jp) mx.attacker.example; dkim=pass header.d=ipa.go.jp")
            .status == Status::None);
}

TEST_CASE("no Authentication-Results header gives no result and no reason", "[auth-results]") {
  AuthResult r = sa::check_upstream_results(sa::test::read_fixture("dkim/unsigned.eml"),
                                            "ipa.go.jp", kTrusted, kAllowed);
  CHECK(r.status == Status::None);
  CHECK(r.reasons.empty());
}

TEST_CASE("malformed headers never throw", "[auth-results]") {
  for (const char* junk : {"", ";;;", "=", "(((((((((((((", "a; =pass", "\"unterminated; dkim=pass",
                           "x; dkim=pass header.d="}) {
    CHECK_NOTHROW(check(junk));
    CHECK(check(junk).status == Status::None);
  }
}
