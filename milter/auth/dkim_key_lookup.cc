// dkim_key_lookup.cc - cache first, then DNS; stores by the policy in the header.
#include "auth/dkim_key_lookup.h"

#include "core/ascii.h"

namespace sa {

DkimKeyLookup::DkimKeyLookup(std::vector<NameserverAddress> servers,
                             std::chrono::milliseconds timeout, std::size_t capacity)
    : resolver_(std::move(servers)), timeout_(timeout), cache_(capacity) {}

KeyAnswer DkimKeyLookup::find(const std::string& name, Clock::time_point deadline) {
  const std::string key = ascii_lower(name);  // DNS names compare case-insensitively
  if (auto kept = cache_.find(key, Clock::now())) {
    if (kept->kind == KeyAnswer::Kind::TempFail) {
      kept->detail = "failed a moment ago, not asked again yet: " + kept->detail;
    }
    return *kept;
  }
  const auto given = deadline - Clock::now();
  KeyAnswer answer = resolver_.lookup(key, deadline);
  const auto now = Clock::now();
  if (answer.kind == KeyAnswer::Kind::Found && answer.ttl > 0) {
    const auto lifetime =
        std::min<std::chrono::seconds>(std::chrono::seconds(answer.ttl), kMaxKeyLifetime);
    cache_.store(key, answer, now + lifetime, now);
  } else if (answer.kind == KeyAnswer::Kind::TempFail && given >= timeout_ / 2) {
    cache_.store(key, answer, now + kTemporaryFailureHold, now);
  }
  return answer;
}

}  // namespace sa
