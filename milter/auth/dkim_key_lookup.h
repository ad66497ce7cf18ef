// dkim_key_lookup.h - DKIM public keys from DNS, through a bounded cache: what is kept and
// for how long.
// - A key record is kept for its TTL (at most a day; TTL 0: not kept).
// - NXDOMAIN, no TXT record, several or unusable records are not kept: the recursive
//   resolver caches negative answers itself (RFC 2308) and answers again at once, a key
//   published a moment ago counts at once, and made-up selectors cannot crowd keys out.
// - A temporary failure (timeout, SERVFAIL, REFUSED, no reachable server) is kept for
//   kTemporaryFailureHold: during a DNS outage one message per name and hold waits for the
//   timeout, the others get temperror at once instead of each waiting in the worker pool.
//   Only a lookup that had at least half of the timeout counts: one cut short because its
//   original's earlier lookups used up the time says nothing about the servers.
// - One question per name at a time: a message that needs a name already being asked waits
//   for that answer (until its own deadline) instead of asking again. Many sessions that
//   arrive together during an outage send one query, not one each.
// Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "auth/dkim_key_cache.h"
#include "auth/dns_key_resolver.h"

namespace sa {

inline constexpr std::chrono::seconds kMaxKeyLifetime{24 * 3600};
inline constexpr std::chrono::seconds kTemporaryFailureHold{5};
inline constexpr std::size_t kKeyCacheCapacity = 1000;

class DkimKeyLookup {
 public:
  using Clock = std::chrono::steady_clock;

  // `timeout`: dkim.dns_timeout_ms, what the lookups of one original may take together.
  DkimKeyLookup(std::vector<NameserverAddress> servers, std::chrono::milliseconds timeout,
                std::size_t capacity = kKeyCacheCapacity);

  // The answer for `name` (<selector>._domainkey.<domain>): kept, or asked by `deadline`.
  KeyAnswer find(const std::string& name, Clock::time_point deadline);

  const DnsKeyResolver& resolver() const { return resolver_; }
  const DkimKeyCache& cache() const { return cache_; }

 private:
  // A lookup in progress, shared by every message that needs its name meanwhile.
  struct Flight {
    std::mutex mutex;
    std::condition_variable answered;
    bool done = false;
    KeyAnswer answer;
  };
  KeyAnswer ask(const std::string& key, Clock::time_point deadline);

  DnsKeyResolver resolver_;
  std::chrono::milliseconds timeout_;
  DkimKeyCache cache_;
  std::mutex flights_mutex_;
  std::unordered_map<std::string, std::shared_ptr<Flight>> flights_;
};

}  // namespace sa
