// nameserver_address.cc - IP[:port] and [IPv6]:port, checked with inet_pton.
#include "core/nameserver_address.h"

#include <arpa/inet.h>

namespace sa {
namespace {

bool is_ipv4(const std::string& host) {
  in_addr v4{};
  return inet_pton(AF_INET, host.c_str(), &v4) == 1;
}

bool is_ipv6(const std::string& host) {
  in6_addr v6{};
  return inet_pton(AF_INET6, host.c_str(), &v6) == 1;
}

bool parse_port(const std::string& text, unsigned& port, std::string& why) {
  if (text.empty() || text.size() > 5 ||
      text.find_first_not_of("0123456789") != std::string::npos || std::stoul(text) < 1 ||
      std::stoul(text) > 65535) {
    why = "port must be a number from 1 to 65535";
    return false;
  }
  port = static_cast<unsigned>(std::stoul(text));
  return true;
}

}  // namespace

bool parse_nameserver_address(const std::string& text, NameserverAddress& out, std::string& why) {
  NameserverAddress parsed;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      why = "expected [IPv6 address]:port";
      return false;
    }
    parsed.host = text.substr(1, close - 1);
    if (!is_ipv6(parsed.host)) {
      why = "'" + parsed.host + "' is not an IPv6 address";
      return false;
    }
    parsed.ipv6 = true;
    if (!parse_port(text.substr(close + 2), parsed.port, why)) return false;
  } else if (is_ipv6(text)) {
    parsed.host = text;
    parsed.ipv6 = true;
  } else {
    const auto colon = text.find(':');
    parsed.host = text.substr(0, colon);
    if (!is_ipv4(parsed.host)) {
      why = text.find(':') != text.rfind(':')
                ? "not an IPv6 address (with a port, write [2001:db8::53]:5353)"
                : "must be an IP address, optionally with :port (not a host name)";
      return false;
    }
    if (colon != std::string::npos && !parse_port(text.substr(colon + 1), parsed.port, why)) {
      return false;
    }
  }
  out = parsed;
  return true;
}

}  // namespace sa
