// nameserver_address.h - one entry of dkim.nameservers: a DNS server given as an IP address
// with an optional port ("192.0.2.53", "192.0.2.53:5353", "2001:db8::53",
// "[2001:db8::53]:5353"). Names are refused: the servers that resolve names cannot be found
// by name. Parsing only; the DNS client is milter/auth/dns_key_resolver.h.
#pragma once

#include <string>

namespace sa {

struct NameserverAddress {
  std::string host;  // an IPv4 or IPv6 address, without brackets
  unsigned port = 53;
  bool ipv6 = false;
};

// False with `why` set when `text` is not IP, IP:PORT or [IPv6]:PORT (port 1..65535).
bool parse_nameserver_address(const std::string& text, NameserverAddress& out, std::string& why);

}  // namespace sa
