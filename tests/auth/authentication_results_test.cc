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

// A notice signed by ipa.go.jp with selector "gone" (a key we cannot look up ourselves):
// only the upstream verifier's word can prove it.
std::string with_header(const std::string& ar, const std::string& original = sa::test::read_fixture(
                                                   "dkim/unknown-selector.eml")) {
  return "Authentication-Results: " + ar + "\n" + original;
}

AuthResult check(const std::string& ar, const std::string& from = "ipa.go.jp") {
  return sa::check_upstream_results(with_header(ar), from, kTrusted, kAllowed);
}

// The fixture's DKIM-Signature with one tag rewritten (the crypto is not checked here).
std::string edited_signature(const std::string& from, const std::string& to) {
  std::string raw = sa::test::read_fixture("dkim/unknown-selector.eml");
  auto at = raw.find(from);
  REQUIRE(at != std::string::npos);
  REQUIRE(at < raw.find("\nFrom:"));
  return raw.replace(at, from.size(), to);
}

const std::string kTrustedPass =
    "mx.grant-office.example.jp; dkim=pass header.d=ipa.go.jp header.s=gone";

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
      "mx.grant-office.example.jp;\n dkim=pass (2048-bit key) header.d=ipa.go.jp header.s=gone");
  CHECK(r.status == Status::Pass);
  CHECK(r.method == "dkim-upstream");
  CHECK(r.domain == "ipa.go.jp");
  CHECK(r.reasons == std::vector<std::string>{"dkim=pass-upstream"});
  CHECK(r.header ==
        "dkim=pass header.d=ipa.go.jp header.s=gone (upstream mx.grant-office.example.jp)");
}

TEST_CASE("a trusted pass proves nothing without the signature whose coverage we can read",
          "[auth-results]") {
  AuthResult r = sa::check_upstream_results(
      with_header(kTrustedPass, sa::test::read_fixture("dkim/unsigned.eml")), "ipa.go.jp", kTrusted,
      kAllowed);
  CHECK(r.status == Status::None);
  CHECK(r.reasons == std::vector<std::string>{"dkim=pass-upstream", "auth-results=no-signature"});
  // A signature with another selector than the one the upstream verified does not count.
  CHECK(check("mx.grant-office.example.jp; dkim=pass header.d=ipa.go.jp header.s=s1").status ==
        Status::None);
}

TEST_CASE("a trusted pass of a signature that does not cover what we read is refused",
          "[auth-results]") {
  auto refused = [](const std::string& raw) {
    return sa::check_upstream_results(with_header(kTrustedPass, raw), "ipa.go.jp", kTrusted,
                                      kAllowed);
  };
  AuthResult r = refused(edited_signature("h=From:To:Subject:", "h=From:To:"));
  CHECK(r.status == Status::Partial);
  CHECK(r.reasons ==
        std::vector<std::string>{"dkim=pass-upstream", "dkim=policy", "dkim-h=subject-unsigned"});
  r = refused(edited_signature("h=From:To:", "h=To:"));
  CHECK(r.reasons.back() == "dkim-h=from-unsigned");
  r = refused(edited_signature("a=rsa-sha256", "a=rsa-sha1"));
  CHECK(r.reasons.back() == "dkim-alg=rsa-sha1");
  r = refused(edited_signature("t=1715563267;", "t=1715563267; l=10;"));
  CHECK(r.reasons.back() == "dkim-l=partial");
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
