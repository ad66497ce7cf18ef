// dkim_key_cache.h - DKIM key answers kept by name until they expire, at most `capacity`
// of them: when full, expired entries go first, then the one that would expire soonest (so
// short holds of failures are dropped before keys with long TTLs). Thread-safe.
// What is kept, and for how long, is decided by dkim_key_lookup.h.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "auth/dns_key_resolver.h"

namespace sa {

class DkimKeyCache {
 public:
  using Clock = std::chrono::steady_clock;

  explicit DkimKeyCache(std::size_t capacity);

  // The answer kept for `name` if it has not expired at `now`.
  std::optional<KeyAnswer> find(const std::string& name, Clock::time_point now) const;
  // Keeps `answer` until `expires` (replacing what was kept for `name`).
  void store(const std::string& name, const KeyAnswer& answer, Clock::time_point expires,
             Clock::time_point now);
  std::size_t size() const;

 private:
  struct Entry {
    KeyAnswer answer;
    Clock::time_point expires;
  };
  void make_room(Clock::time_point now);  // mutex_ held

  std::size_t capacity_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace sa
