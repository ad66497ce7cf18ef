// sender_domain_test.cc - From parsing, allowed domains on label boundaries, look-alikes.
#include "core/sender_domain.h"

#include <catch2/catch.hpp>

using namespace sa;

TEST_CASE("addresses are found in every From spelling", "[sender]") {
  CHECK(address_of("SECURITY ACTION事務局 <Security-Action-Info@IPA.go.jp>") ==
        "security-action-info@ipa.go.jp");
  CHECK(address_of("IPA [mailto:sa@ipa.go.jp]") == "sa@ipa.go.jp");
  CHECK(address_of("sa@ipa.go.jp (IPA)") == "sa@ipa.go.jp");
  CHECK(address_of("*SECURITY ACTION事務局* <sa@ipa.go.jp>") == "sa@ipa.go.jp");
  CHECK(address_of("\"ipa.go.jp\" <x@evil.example>") == "x@evil.example");
  CHECK(address_of("no address here") == "");
  CHECK(domain_of("a@IPA.GO.JP.") == "ipa.go.jp");
}

TEST_CASE("allowed domains match on a label boundary", "[sender]") {
  const std::vector<std::string> allowed{"ipa.go.jp"};
  CHECK(domain_allowed("ipa.go.jp", allowed));
  CHECK(domain_allowed("sa.ipa.go.jp", allowed));
  CHECK_FALSE(domain_allowed("xipa.go.jp", allowed));
  CHECK_FALSE(domain_allowed("ipa.go.jp.example.com", allowed));
  CHECK_FALSE(domain_allowed("ipa-go.jp", allowed));
}

TEST_CASE("look-alike domains are named", "[sender]") {
  const std::vector<std::string> allowed{"ipa.go.jp"};
  CHECK(imitated_domain("ipa-go.jp", allowed) == "ipa.go.jp");
  CHECK(imitated_domain("lpa.go.jp", allowed) == "ipa.go.jp");
  CHECK(imitated_domain("ipa.go.jp.example.com", allowed) == "ipa.go.jp");
  CHECK(imitated_domain("secure-ipa-go-jp.com", allowed) == "ipa.go.jp");
  CHECK(imitated_domain("ipa.go.jq", allowed) == "ipa.go.jp");
  // Cyrillic а (U+0430) in "ipа.go.jp", as punycode.
  CHECK(imitated_domain("xn--ip-8kc.go.jp", allowed) == "ipa.go.jp");
  CHECK(imitated_domain("example.co.jp", allowed) == "");
  CHECK(imitated_domain("sa.ipa.go.jp", allowed) == "");  // allowed, not a look-alike
}
