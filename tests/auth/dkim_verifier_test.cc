// dkim_verifier_test.cc - DKIM verdicts on committed, test-only signed notices (key file,
// no network): pass, tampering, wrong key, l= tags, unaligned d=, unknown selector.
#include "auth/dkim_verifier.h"

#include <catch2/catch.hpp>

#include "fixture_files.h"

using sa::AuthResult;
using sa::test::fixture_path;
using sa::test::read_fixture;
using Status = AuthResult::Status;

namespace {

sa::DkimVerifier& verifier() {
  static sa::DkimVerifier v({fixture_path("keys/key_file.txt"), 1000, {"ipa.go.jp"}, {}});
  return v;
}

AuthResult verify(const std::string& name, const std::string& from_domain = "ipa.go.jp") {
  return verifier().verify(read_fixture(name), from_domain);
}

bool has_reason(const AuthResult& r, const std::string& reason) {
  for (const auto& x : r.reasons) {
    if (x == reason) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("a notice signed by ipa.go.jp passes", "[dkim]") {
  AuthResult r = verify("dkim/signed.eml");
  CHECK(r.status == Status::Pass);
  CHECK(r.method == "dkim");
  CHECK(r.domain == "ipa.go.jp");
  CHECK(r.selector == "s1");
  CHECK(has_reason(r, "dkim=pass"));
  CHECK(r.header == "dkim=pass header.d=ipa.go.jp header.s=s1");
}

TEST_CASE("the signature survives CRLF line ends and a subdomain From", "[dkim]") {
  std::string lf = read_fixture("dkim/signed.eml");
  std::string crlf;
  for (char c : lf) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  CHECK(verifier().verify(crlf, "ipa.go.jp").status == Status::Pass);
  CHECK(verifier().verify(lf, "mail.ipa.go.jp").status == Status::Pass);
}

TEST_CASE("a changed declaration ID fails with a body hash mismatch", "[dkim]") {
  AuthResult r = verify("dkim/body-tampered.eml");
  CHECK(r.status == Status::Fail);
  CHECK(has_reason(r, "dkim=fail"));
  CHECK(r.detail == "body hash mismatch");
  CHECK(r.header.rfind("dkim=fail (body hash mismatch) header.d=ipa.go.jp", 0) == 0);
}

TEST_CASE("a changed signed header fails", "[dkim]") {
  AuthResult r = verify("dkim/header-tampered.eml");
  CHECK(r.status == Status::Fail);
  CHECK(has_reason(r, "dkim=fail"));
}

TEST_CASE("a signature made with another key than the published one fails", "[dkim]") {
  AuthResult r = verify("dkim/wrong-key.eml");
  CHECK(r.status == Status::Fail);
  CHECK(has_reason(r, "dkim=fail"));
}

TEST_CASE("l= covering the whole body passes; appended unsigned text is only partial", "[dkim]") {
  CHECK(verify("dkim/length-signed.eml").status == Status::Pass);
  AuthResult r = verify("dkim/length-appended.eml");
  CHECK(r.status == Status::Partial);
  CHECK(has_reason(r, "dkim-l=partial"));
  CHECK_FALSE(has_reason(r, "dkim=pass"));
}

TEST_CASE("a valid example.com signature does not count for an IPA notice", "[dkim]") {
  AuthResult r = verify("dkim/unaligned.eml");
  CHECK(r.status == Status::None);
  CHECK(has_reason(r, "dkim=pass-unaligned"));
  CHECK(has_reason(r, "dkim-domain=example.com"));
}

TEST_CASE("an ipa.go.jp signature on mail from another domain is unaligned", "[dkim]") {
  AuthResult r = verify("dkim/signed.eml", "example.com");
  CHECK(r.status == Status::None);
  CHECK(has_reason(r, "dkim=pass-unaligned"));
}

TEST_CASE("allowed domains match on label boundaries only", "[dkim]") {
  sa::DkimVerifier strict({fixture_path("keys/key_file.txt"), 1000, {"go.jp.example"}, {}});
  AuthResult r = strict.verify(read_fixture("dkim/signed.eml"), "ipa.go.jp");
  CHECK(r.status == Status::None);
  CHECK(has_reason(r, "dkim=pass-unaligned"));
}

TEST_CASE("an unsigned notice has no DKIM result", "[dkim]") {
  AuthResult r = verify("dkim/unsigned.eml");
  CHECK(r.status == Status::None);
  CHECK(has_reason(r, "dkim=none"));
  CHECK(r.header == "dkim=none");
}

TEST_CASE("a selector missing from the key file is a permanent error, not a failure", "[dkim]") {
  AuthResult r = verify("dkim/unknown-selector.eml");
  CHECK(r.status == Status::None);
  CHECK(has_reason(r, "dkim=permerror"));
}

TEST_CASE("an unreadable key file is a temporary error", "[dkim]") {
  sa::DkimVerifier broken({fixture_path("keys/no-such-file.txt"), 1000, {"ipa.go.jp"}, {}});
  AuthResult r = broken.verify(read_fixture("dkim/signed.eml"), "ipa.go.jp");
  CHECK(r.status == Status::TempError);
  CHECK(has_reason(r, "dkim=temperror"));
}

TEST_CASE("junk input never throws and yields no pass", "[dkim]") {
  std::string junk = "DKIM-Signature: v=1; d=ipa.go.jp; s=s1; b=!!!\n";
  junk += std::string(1000, '\0') + "\n\n" + std::string(100000, '\xff');
  AuthResult r = verifier().verify(junk, "ipa.go.jp");
  CHECK(r.status != Status::Pass);
  CHECK(verifier().verify("", "ipa.go.jp").status == Status::None);
  std::string many;
  for (int i = 0; i < 200; ++i) many += "DKIM-Signature: v=1; a=rsa-sha256; d=ipa.go.jp; s=x;\n";
  many += "From: a@ipa.go.jp\n\nbody\n";
  CHECK(verifier().verify(many, "ipa.go.jp").status != Status::Pass);
}

TEST_CASE("a body without its final line break verifies, as RFC 6376 canonicalises it", "[dkim]") {
  // An attached original cut just before its closing delimiter ends this way.
  std::string raw = read_fixture("dkim/signed.eml");
  REQUIRE(raw.back() == '\n');
  raw.pop_back();
  CHECK(verifier().verify(raw, "ipa.go.jp").status == Status::Pass);
}

TEST_CASE("NUL or a bare CR in the original is never verified", "[dkim]") {
  std::string raw = read_fixture("dkim/signed.eml");
  // Each would still give a pass by libopendkim after CRLF normalisation / C-string reads.
  std::string nul = raw;
  nul.insert(nul.find("\nTo:"), std::string(1, '\0') + "forged");
  std::string cr = raw;
  const std::size_t blank_line = cr.find("\n\n");
  REQUIRE(blank_line != std::string::npos);
  cr[blank_line + 1] = '\r';
  for (const std::string& bad : {nul, cr}) {
    AuthResult r = verifier().verify(bad, "ipa.go.jp");
    CHECK(r.status == Status::None);
    CHECK(has_reason(r, "dkim=permerror"));
  }
}
