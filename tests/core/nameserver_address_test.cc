// nameserver_address_test.cc - dkim.nameservers entries: IP, IP:port, [IPv6]:port, and the
// errors a wrong entry gives at load, naming file, line and key.
#include "core/nameserver_address.h"

#include <catch2/catch.hpp>

#include "config_error.h"
#include "core/config.h"

using sa::NameserverAddress;
using sa::test::error_of;

namespace {

std::string why_not(const std::string& text) {
  NameserverAddress a;
  std::string why;
  return sa::parse_nameserver_address(text, a, why) ? "" : why;
}

}  // namespace

TEST_CASE("a nameserver is an IP address with an optional port", "[config]") {
  NameserverAddress a;
  std::string why;
  REQUIRE(sa::parse_nameserver_address("192.0.2.53", a, why));
  CHECK((a.host == "192.0.2.53" && a.port == 53 && !a.ipv6));
  REQUIRE(sa::parse_nameserver_address("127.0.0.1:5353", a, why));
  CHECK((a.host == "127.0.0.1" && a.port == 5353 && !a.ipv6));
  REQUIRE(sa::parse_nameserver_address("2001:db8::53", a, why));
  CHECK((a.host == "2001:db8::53" && a.port == 53 && a.ipv6));
  REQUIRE(sa::parse_nameserver_address("[::1]:5300", a, why));
  CHECK((a.host == "::1" && a.port == 5300 && a.ipv6));
}

TEST_CASE("a host name, a bad port or a bare IPv6 with a port is refused", "[config]") {
  CHECK(why_not("ns.example.org") ==
        "must be an IP address, optionally with :port (not a host name)");
  CHECK(why_not("192.0.2.53:0") == "port must be a number from 1 to 65535");
  CHECK(why_not("192.0.2.53:65536") == "port must be a number from 1 to 65535");
  CHECK(why_not("192.0.2.53:") == "port must be a number from 1 to 65535");
  CHECK(why_not("[::1]") == "expected [IPv6 address]:port");
  CHECK(why_not("[192.0.2.1]:53") == "'192.0.2.1' is not an IPv6 address");
  CHECK(why_not("2001:db8::53:x") ==
        "not an IPv6 address (with a port, write [2001:db8::53]:5353)");
  CHECK(why_not("") == "must be an IP address, optionally with :port (not a host name)");
}

TEST_CASE("dkim.nameservers loads in order, and a wrong entry names its line", "[config]") {
  const std::string notices = "notices:\n  - name: x\n    subject: ['x']\n";
  auto c = sa::load_config_text(notices + "dkim:\n  nameservers: [127.0.0.1:5353, '::1']\n",
                                "test.yaml");
  REQUIRE(c->dkim_nameservers.size() == 2);
  CHECK(c->dkim_nameservers[0].port == 5353);
  CHECK(c->dkim_nameservers[1].host == "::1");
  CHECK(sa::load_config_text(notices, "test.yaml")->dkim_nameservers.empty());
  CHECK(sa::load_config_text(notices + "dkim:\n  nameservers: 192.0.2.53\n", "test.yaml")
            ->dkim_nameservers.size() == 1);
  CHECK(error_of(notices + "dkim:\n  nameservers:\n    - 192.0.2.53\n    - ns1.example.jp\n") ==
        "test.yaml:7: dkim.nameservers: 'ns1.example.jp': must be an IP address, optionally "
        "with :port (not a host name)");
  CHECK(error_of(notices + "dkim:\n  nameservers: {a: 1}\n") ==
        "test.yaml:5: dkim.nameservers: must be a list of strings");
}
