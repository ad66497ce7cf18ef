// dns_key_resolver.h - asks DNS servers for the TXT record of a DKIM key name
// (<selector>._domainkey.<domain>) within a deadline, in milliseconds: each configured
// server in turn (dkim.nameservers, else the nameserver lines of /etc/resolv.conf), one
// query each, sharing what is left of the deadline, never a resolver's own retries. Packets
// are built and parsed by libldns; a reply counts only from the server asked, with the
// query's ID and question. No cache (dkim_key_lookup.h has it). Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "core/nameserver_address.h"

namespace sa {

// What DNS said about one key name.
struct KeyAnswer {
  enum class Kind {
    Found,     // one TXT record: `record`, valid for `ttl` seconds
    Missing,   // NXDOMAIN, or no TXT record at the name (NODATA)
    Multiple,  // more than one TXT record at the name
    Unusable,  // a TXT record that cannot be a key (NUL bytes, too long)
    TempFail,  // no usable answer in time: timeout, SERVFAIL, REFUSED, a broken reply
  };
  Kind kind = Kind::TempFail;
  std::string record;  // the TXT strings joined, for Found
  std::uint32_t ttl = 0;
  std::string detail;  // for the log and X-SA-Triage-Auth, e.g. "timed out (127.0.0.1:53)"
};

class DnsKeyResolver {
 public:
  using Clock = std::chrono::steady_clock;

  // Empty `servers`: the nameservers of /etc/resolv.conf, read now (127.0.0.1 when it
  // names none, as the C library does).
  explicit DnsKeyResolver(std::vector<NameserverAddress> servers);

  // The TXT record at `name` (a fully qualified name without the final dot). Returns by
  // `deadline` at the latest (a few ms of processing aside).
  KeyAnswer lookup(const std::string& name, Clock::time_point deadline) const;

  const std::vector<NameserverAddress>& servers() const { return servers_; }

 private:
  std::vector<NameserverAddress> servers_;
};

// Longest TXT record kept: libopendkim reads a key record into a 1024-byte buffer.
inline constexpr std::size_t kMaxKeyRecord = 1023;

}  // namespace sa
