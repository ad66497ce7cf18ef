// pending_rows.cc - the per-target overlay of uncommitted rows and its process-wide registry.
#include "ledger/pending_rows.h"

#include "core/ascii.h"

namespace sa {
namespace {

// Domains compare as the SQL lookups compare them: lower(), ASCII letters.
std::string domain_key(const std::string& domain) { return ascii_lower(domain); }

}  // namespace

std::shared_ptr<PendingRows> PendingRows::of_target(const std::string& target) {
  if (target.empty()) return std::make_shared<PendingRows>();
  static std::mutex registry_mutex;
  static std::map<std::string, std::weak_ptr<PendingRows>> registry;
  std::lock_guard<std::mutex> lock(registry_mutex);
  for (auto it = registry.begin(); it != registry.end();) {
    it = it->second.expired() ? registry.erase(it) : std::next(it);
  }
  std::shared_ptr<PendingRows> rows = registry[target].lock();
  if (!rows) {
    rows = std::make_shared<PendingRows>();
    registry[target] = rows;
  }
  return rows;
}

PriorRows PendingRows::prior_rows(const LedgerEntry& entry) const {
  PriorRows prior;
  const auto it = by_id_.find(entry.declaration_id);
  if (it == by_id_.end()) return prior;
  prior.seen = true;
  const auto& domains = it->second;
  prior.other_applicant =
      domains.size() > 1 || domains.begin()->first != domain_key(entry.applicant_domain);
  return prior;
}

void PendingRows::add(const LedgerEntry& entry) {
  if (entry.declaration_id.empty()) return;
  ++by_id_[entry.declaration_id][domain_key(entry.applicant_domain)];
}

void PendingRows::remove(const LedgerEntry& entry) {
  const auto it = by_id_.find(entry.declaration_id);
  if (it == by_id_.end()) return;
  auto& domains = it->second;
  const auto d = domains.find(domain_key(entry.applicant_domain));
  if (d != domains.end() && --d->second == 0) domains.erase(d);
  if (domains.empty()) by_id_.erase(it);
}

}  // namespace sa
