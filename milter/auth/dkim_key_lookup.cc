// dkim_key_lookup.cc - cache first, then the lookup in flight for the name, then DNS; stores
// by the policy in the header.
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
  std::shared_ptr<Flight> flight;
  bool asking = false;
  {
    std::lock_guard<std::mutex> lock(flights_mutex_);
    std::shared_ptr<Flight>& slot = flights_[key];
    if (!slot) {
      slot = std::make_shared<Flight>();
      asking = true;
    }
    flight = slot;
  }
  if (!asking) {  // another message is asking: its answer is this one's
    std::unique_lock<std::mutex> lock(flight->mutex);
    if (flight->answered.wait_until(lock, deadline, [&] { return flight->done; })) {
      return flight->answer;
    }
    KeyAnswer late;
    late.detail = "timed out waiting for the lookup in progress";
    return late;  // TempFail, as if this message had asked and timed out itself
  }
  KeyAnswer answer;
  try {
    answer = ask(key, deadline);
  } catch (...) {
    answer = KeyAnswer{};
    answer.detail = "lookup failed";
  }
  {
    std::lock_guard<std::mutex> lock(flight->mutex);
    flight->answer = answer;
    flight->done = true;
  }
  flight->answered.notify_all();
  std::lock_guard<std::mutex> lock(flights_mutex_);
  flights_.erase(key);
  return answer;
}

// Asks DNS and keeps the answer by the policy in the header.
KeyAnswer DkimKeyLookup::ask(const std::string& key, Clock::time_point deadline) {
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
