// original_authenticator_test.cc - the combined authenticator on the end-to-end samples
// (fixtures/e2e): attached, nested, direct, redirected, tampered, S/MIME, upstream results.
// The embedded originals are cut out by boundary here; the engine gets them from GMime.
#include "auth/original_authenticator.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "fixture_files.h"

using sa::AuthResult;
using sa::test::fixture_path;
using sa::test::read_fixture;
using Status = AuthResult::Status;

namespace {

std::shared_ptr<const sa::OriginalAuthenticator> authenticator() {
  static auto instance = [] {
    auto config = std::make_shared<sa::Config>();
    config->dkim_key_file = fixture_path("keys/key_file.txt");
    config->smime_ca_file = fixture_path("smime/test-ca.cert.pem");
    config->trusted_authserv_ids = {"mx.grant-office.example.jp"};
    return sa::make_original_authenticator(config);
  }();
  return instance;
}

// The content of the first message/rfc822 part inside `boundary` (test shortcut).
std::string embedded(const std::string& raw, const std::string& boundary) {
  std::size_t part = raw.find("Content-Type: message/rfc822", raw.find("--" + boundary + "\n"));
  std::size_t start = raw.find("\n\n", part);
  std::size_t end = raw.find("\n--" + boundary, start);
  REQUIRE(part != std::string::npos);
  REQUIRE(end != std::string::npos);
  return raw.substr(start + 2, end - start - 1);
}

AuthResult authenticate(const std::string& raw, bool outer) {
  sa::MessageView view;
  view.raw = raw;
  return authenticator()->authenticate(view, "ipa.go.jp", outer);
}

AuthResult attached(const std::string& name, const std::string& boundary) {
  return authenticate(embedded(read_fixture(name), boundary), false);
}

bool has_reason(const AuthResult& r, const std::string& reason) {
  return std::find(r.reasons.begin(), r.reasons.end(), reason) != r.reasons.end();
}

}  // namespace

TEST_CASE("an attached signed original is proven", "[authenticator]") {
  AuthResult r = attached("e2e/attached-signed.eml", "sa-outer-1");
  CHECK(r.status == Status::Pass);
  CHECK(r.header == "dkim=pass header.d=ipa.go.jp header.s=s1");
}

TEST_CASE("a signed original nested two levels deep is proven", "[authenticator]") {
  std::string forward = embedded(read_fixture("e2e/nested-signed.eml"), "sa-outer-7");
  AuthResult r = authenticate(embedded(forward, "sa-mid-1"), false);
  CHECK(r.status == Status::Pass);
  // The colleague's forward itself carries no signature.
  CHECK(authenticate(forward, false).status == Status::None);
}

TEST_CASE("direct and redirected originals keep their signature", "[authenticator]") {
  CHECK(authenticate(read_fixture("e2e/direct-signed.eml"), true).status == Status::Pass);
  CHECK(authenticate(read_fixture("e2e/redirect-signed.eml"), true).status == Status::Pass);
}

TEST_CASE("a tampered or wrongly keyed attachment fails", "[authenticator]") {
  AuthResult r = attached("e2e/attached-tampered.eml", "sa-outer-2");
  CHECK(r.status == Status::Fail);
  CHECK(has_reason(r, "dkim=fail"));
  CHECK(attached("e2e/attached-wrong-key.eml", "sa-outer-5").status == Status::Fail);
}

TEST_CASE("an l= signature with appended text is partial, an unsigned one none",
          "[authenticator]") {
  AuthResult partial = attached("e2e/attached-length-appended.eml", "sa-outer-3");
  CHECK(partial.status == Status::Partial);
  CHECK(has_reason(partial, "dkim-l=partial"));
  AuthResult none = attached("e2e/attached-unsigned.eml", "sa-outer-4");
  CHECK(none.status == Status::None);
  CHECK(none.reasons == std::vector<std::string>{"dkim=none"});
}

TEST_CASE("S/MIME does not sign the Subject, so it alone proves no notice", "[authenticator]") {
  AuthResult r = attached("e2e/attached-smime-signed.eml", "sa-outer-6");
  CHECK(r.status == Status::None);
  CHECK(has_reason(r, "smime=pass"));
  CHECK(has_reason(r, "smime-headers=unsigned"));
  CHECK(r.header == "smime=pass signer=security-action-info@ipa.go.jp");
  CHECK(has_reason(r, "dkim=none"));
}

TEST_CASE("trusted upstream results count only for the outer message", "[authenticator]") {
  // Signed by ipa.go.jp with a selector we cannot look up; the border MTA verified it.
  std::string trusted =
      "Authentication-Results: mx.grant-office.example.jp;\n\tdkim=pass header.d=ipa.go.jp "
      "header.s=gone\n" +
      read_fixture("dkim/unknown-selector.eml");
  AuthResult r = authenticate(trusted, true);
  CHECK(r.status == Status::Pass);
  CHECK(r.method == "dkim-upstream");
  CHECK(has_reason(r, "dkim=pass-upstream"));
  CHECK(authenticate(trusted, false).status == Status::None);
  AuthResult untrusted = authenticate(read_fixture("e2e/direct-upstream-untrusted.eml"), true);
  CHECK(untrusted.status == Status::None);
  CHECK(has_reason(untrusted, "auth-results=untrusted"));
}

TEST_CASE("the default factory works without a config and on empty input", "[authenticator]") {
  auto plain = sa::make_original_authenticator(nullptr);
  sa::MessageView empty;
  AuthResult r = plain->authenticate(empty, "ipa.go.jp", true);
  CHECK(r.status == Status::None);
  CHECK(has_reason(r, "dkim=none"));
}

TEST_CASE("concurrent use gives the same results", "[authenticator]") {
  std::string good = read_fixture("e2e/direct-signed.eml");
  std::string bad = embedded(read_fixture("e2e/attached-tampered.eml"), "sa-outer-2");
  std::vector<std::thread> threads;
  std::vector<int> wrong(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        if (authenticate(good, true).status != Status::Pass) ++wrong[t];
        if (authenticate(bad, false).status != Status::Fail) ++wrong[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(wrong == std::vector<int>(4, 0));
}

TEST_CASE("header text from the mail reaches the result as bounded printable ASCII",
          "[authenticator]") {
  const std::string selector = "\xe3\x81\x82\x01" + std::string(400, 'x');
  std::string signed_notice = read_fixture("dkim/unknown-selector.eml");
  signed_notice.replace(signed_notice.find("s=gone;"), 6, "s=" + selector);
  std::string raw =
      "Authentication-Results: mx.grant-office.example.jp; dkim=pass\n"
      " header.d=ipa.go.jp header.s=" +
      selector + "\n" + signed_notice;
  AuthResult r = authenticate(raw, true);
  CHECK(r.status == Status::Pass);
  CHECK(r.header.rfind("dkim=pass header.d=ipa.go.jp header.s=????xxx", 0) == 0);
  CHECK(r.header.size() == 300);
}

TEST_CASE("a 10 MB signed original is handled in bounded time", "[authenticator][slow]") {
  std::string raw = read_fixture("dkim/signed.eml");
  raw.reserve(11u << 20);
  while (raw.size() < (10u << 20)) raw += "padding line appended after signing\n";
  auto start = std::chrono::steady_clock::now();
  AuthResult r = authenticate(raw, true);
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(r.status == Status::Fail);
  CHECK(seconds < 5.0);
}
