// smime_verifier_test.cc - S/MIME verdicts on committed test-only signed notices: a valid
// IPA signer, a changed signed part, a signer from another domain, an untrusted CA.
#include "auth/smime_verifier.h"

#include <catch2/catch.hpp>

#include "fixture_files.h"

using sa::AuthResult;
using sa::test::fixture_path;
using sa::test::read_fixture;
using Status = AuthResult::Status;

namespace {

const sa::SmimeVerifier& verifier() {
  static sa::SmimeVerifier v({fixture_path("smime/test-ca.cert.pem"), {"ipa.go.jp"}});
  return v;
}

}  // namespace

TEST_CASE("recognises multipart/signed PKCS#7 messages only", "[smime]") {
  CHECK(sa::SmimeVerifier::is_signed(read_fixture("smime/signed.eml")));
  CHECK_FALSE(sa::SmimeVerifier::is_signed(read_fixture("dkim/signed.eml")));
  CHECK_FALSE(sa::SmimeVerifier::is_signed("Content-Type: multipart/signed; protocol=pgp\n\nx"));
}

TEST_CASE("a notice signed by the IPA test signer passes", "[smime]") {
  AuthResult r = verifier().verify(read_fixture("smime/signed.eml"), "ipa.go.jp");
  CHECK(r.status == Status::Pass);
  CHECK(r.method == "smime");
  CHECK(r.domain == "ipa.go.jp");
  CHECK(r.reasons == std::vector<std::string>{"smime=pass"});
  CHECK(r.header == "smime=pass signer=security-action-info@ipa.go.jp");
}

TEST_CASE("a changed declaration ID in the signed part fails", "[smime]") {
  AuthResult r = verifier().verify(read_fixture("smime/tampered.eml"), "ipa.go.jp");
  CHECK(r.status == Status::Fail);
  CHECK(r.reasons == std::vector<std::string>{"smime=fail"});
}

TEST_CASE("a valid signature by an example.com signer does not count", "[smime]") {
  AuthResult r = verifier().verify(read_fixture("smime/other-signer.eml"), "ipa.go.jp");
  CHECK(r.status == Status::None);
  CHECK(r.reasons == std::vector<std::string>{"smime=pass-unaligned"});
  CHECK(r.header == "smime=pass-unaligned signer=applicant@example.com");
}

TEST_CASE("a signer the CA bundle does not trust is not proof", "[smime]") {
  // The system store does not know the test CA.
  sa::SmimeVerifier system_store({"", {"ipa.go.jp"}});
  AuthResult r = system_store.verify(read_fixture("smime/signed.eml"), "ipa.go.jp");
  CHECK(r.status == Status::None);
  CHECK(r.reasons == std::vector<std::string>{"smime=untrusted"});
}

TEST_CASE("broken S/MIME structures never throw and never pass", "[smime]") {
  std::string signed_mail = read_fixture("smime/signed.eml");
  for (const std::string& junk :
       {std::string("Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\"\n\n"),
        signed_mail.substr(0, signed_mail.size() / 2), std::string(5000, '\xff')}) {
    AuthResult r = verifier().verify(junk, "ipa.go.jp");
    CHECK(r.status != Status::Pass);
  }
}
