// dkim_key_cache.cc - an unordered_map under one mutex; eviction scans only when full.
#include "auth/dkim_key_cache.h"

#include <algorithm>

namespace sa {

DkimKeyCache::DkimKeyCache(std::size_t capacity) : capacity_(std::max<std::size_t>(1, capacity)) {}

std::optional<KeyAnswer> DkimKeyCache::find(const std::string& name, Clock::time_point now) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(name);
  if (it == entries_.end() || it->second.expires <= now) return std::nullopt;
  return it->second.answer;
}

void DkimKeyCache::store(const std::string& name, const KeyAnswer& answer,
                         Clock::time_point expires, Clock::time_point now) {
  if (expires <= now) return;
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(name);
  if (it != entries_.end()) {
    it->second = {answer, expires};
    return;
  }
  if (entries_.size() >= capacity_) make_room(now);
  entries_.emplace(name, Entry{answer, expires});
}

void DkimKeyCache::make_room(Clock::time_point now) {
  std::erase_if(entries_, [now](const auto& e) { return e.second.expires <= now; });
  if (entries_.size() < capacity_) return;
  auto soonest = std::min_element(
      entries_.begin(), entries_.end(),
      [](const auto& a, const auto& b) { return a.second.expires < b.second.expires; });
  entries_.erase(soonest);
}

std::size_t DkimKeyCache::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return entries_.size();
}

}  // namespace sa
