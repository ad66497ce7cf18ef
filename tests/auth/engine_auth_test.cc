// engine_auth_test.cc - what a reviewer sees when the engine proves originals: the e2e
// fixtures through sa::Engine with the shipped config plus the test keys, verdicts and
// the X-SA-Triage-Auth header, exactly as `sa-triage check` and the milter produce them.
#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>

#include "auth/original_authenticator.h"
#include "core/engine.h"
#include "fixture_files.h"

using sa::test::fixture_path;
using sa::test::read_fixture;

namespace {

const sa::Engine& engine() {
  static const sa::Engine instance = [] {
    std::string yaml = "dkim:\n  key_file: " + fixture_path("keys/key_file.txt") +
                       "\n  trusted_authserv_ids: [mx.grant-office.example.jp]\n"
                       "smime:\n  ca_file: " +
                       fixture_path("smime/test-ca.cert.pem") + "\n";
    // The shipped config's notices and routing, with the test keys.
    std::ifstream in(SA_CONFIG_FILE);
    std::string shipped((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    shipped = shipped.substr(0, shipped.find("\ndkim:"));
    auto config = sa::load_config_text(shipped + "\n" + yaml, "test.yaml");
    return sa::Engine(config, sa::make_original_authenticator(config));
  }();
  return instance;
}

std::string header(const sa::Inspection& in, const std::string& name) {
  for (const auto& a : in.plan.adds) {
    if (a.name == name) return a.value;
  }
  return "";
}

bool has_reason(const sa::Evidence& ev, const std::string& r) {
  return std::find(ev.reasons.begin(), ev.reasons.end(), r) != ev.reasons.end();
}

}  // namespace

TEST_CASE("signed originals that survive forwarding are verified", "[auth][engine]") {
  const sa::Envelope env{"applicant@sample.example.jp", {"hojokin@grant.example.lg.jp"}, "Q1"};
  for (const auto& [file, forward] :
       std::vector<std::pair<std::string, std::string>>{{"attached-signed.eml", "attachment"},
                                                        {"nested-signed.eml", "attachment"},
                                                        {"direct-signed.eml", "direct"},
                                                        {"redirect-signed.eml", "redirect"}}) {
    DYNAMIC_SECTION(file) {
      const auto in = engine().inspect(read_fixture("e2e/" + file), env);
      CHECK(in.evidence.verdict == sa::Verdict::Verified);
      CHECK(to_string(in.evidence.forward) == forward);
      CHECK(has_reason(in.evidence, "dkim=pass"));
      CHECK(header(in, "X-SA-Triage-Verdict") == "verified");
      CHECK(header(in, "X-SA-Triage-Auth").rfind("dkim=pass header.d=ipa.go.jp header.s=s1", 0) ==
            0);
    }
  }
}

TEST_CASE("a broken signature makes a consistent-looking notice suspicious", "[auth][engine]") {
  const sa::Envelope env{"applicant@sample.example.jp", {"hojokin@grant.example.lg.jp"}, "Q2"};
  for (const std::string file : {"attached-tampered.eml", "attached-wrong-key.eml"}) {
    DYNAMIC_SECTION(file) {
      const auto in = engine().inspect(read_fixture("e2e/" + file), env);
      CHECK(in.evidence.verdict == sa::Verdict::Suspicious);
      CHECK(has_reason(in.evidence, "dkim=fail"));
      CHECK(header(in, "X-SA-Triage-Auth").rfind("dkim=fail", 0) == 0);
    }
  }
}

TEST_CASE("l= with appended content never verifies", "[auth][engine]") {
  const auto ev = engine().examine(read_fixture("e2e/attached-length-appended.eml"));
  CHECK(ev.verdict == sa::Verdict::Suspicious);
  CHECK(has_reason(ev, "dkim-l=partial"));
}

TEST_CASE("unsigned and untrusted stay consistent with the reason", "[auth][engine]") {
  auto ev = engine().examine(read_fixture("e2e/attached-unsigned.eml"));
  CHECK(ev.verdict == sa::Verdict::Consistent);
  CHECK(has_reason(ev, "dkim=none"));
  ev = engine().examine(read_fixture("e2e/direct-upstream-untrusted.eml"));
  CHECK(ev.verdict == sa::Verdict::Consistent);
  CHECK(has_reason(ev, "auth-results=untrusted"));
}

TEST_CASE(
    "S/MIME stays consistent (its signature leaves the Subject out); trusted upstream "
    "results verify",
    "[auth][engine]") {
  auto ev = engine().examine(read_fixture("e2e/attached-smime-signed.eml"));
  CHECK(ev.verdict == sa::Verdict::Consistent);
  CHECK(has_reason(ev, "smime=pass"));
  CHECK(has_reason(ev, "smime-headers=unsigned"));
  ev = engine().examine(
      "Authentication-Results: mx.grant-office.example.jp;\n\tdkim=pass header.d=ipa.go.jp "
      "header.s=gone\n" +
      read_fixture("dkim/unknown-selector.eml"));
  CHECK(ev.verdict == sa::Verdict::Verified);
  CHECK(has_reason(ev, "dkim=pass-upstream"));
  CHECK(ev.star == 1);
}
