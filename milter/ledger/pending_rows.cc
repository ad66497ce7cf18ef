// pending_rows.cc - the per-target overlay of uncommitted rows and its process-wide registry.
#include "ledger/pending_rows.h"

#include <algorithm>

#include "core/ascii.h"

namespace sa {
namespace {

// Domains compare as the SQL lookups compare them: lower(), ASCII letters.
std::string domain_key(const std::string& domain) { return ascii_lower(domain); }

// What pairing needs of an entry: none for an unusable verdict or no applicant key.
std::optional<NoticeSighting> notice_of(const LedgerEntry& entry) {
  if (entry.applicant_key.empty()) return std::nullopt;
  if (entry.verdict != Verdict::Verified && entry.verdict != Verdict::Consistent) {
    return std::nullopt;
  }
  NoticeSighting n;
  n.time = entry.time;
  n.star = entry.star;
  n.declaration_id = entry.declaration_id;
  n.verdict = entry.verdict;
  return n;
}

bool same_notice(const NoticeSighting& a, const NoticeSighting& b) {
  return a.time == b.time && a.star == b.star && a.declaration_id == b.declaration_id &&
         a.verdict == b.verdict;
}

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

std::optional<NoticeSighting> PendingRows::latest_notice(const std::string& applicant_key,
                                                         const std::string& notice) const {
  const auto it = by_applicant_.find({applicant_key, notice});
  if (it == by_applicant_.end()) return std::nullopt;
  // The latest by time, as the database's ORDER BY time DESC; among equal times the last.
  const NoticeSighting* latest = nullptr;
  for (const NoticeSighting& n : it->second) {
    if (latest == nullptr || n.time >= latest->time) latest = &n;
  }
  return *latest;
}

void PendingRows::add(const LedgerEntry& entry) {
  if (auto n = notice_of(entry)) by_applicant_[{entry.applicant_key, entry.notice}].push_back(*n);
  if (entry.declaration_id.empty()) return;
  ++by_id_[entry.declaration_id][domain_key(entry.applicant_domain)];
}

void PendingRows::remove(const LedgerEntry& entry) {
  if (const auto n = notice_of(entry)) {
    const auto a = by_applicant_.find({entry.applicant_key, entry.notice});
    if (a != by_applicant_.end()) {
      auto& rows = a->second;
      const auto r = std::find_if(rows.begin(), rows.end(),
                                  [&](const NoticeSighting& x) { return same_notice(x, *n); });
      if (r != rows.end()) rows.erase(r);
      if (rows.empty()) by_applicant_.erase(a);
    }
  }
  const auto it = by_id_.find(entry.declaration_id);
  if (it == by_id_.end()) return;
  auto& domains = it->second;
  const auto d = domains.find(domain_key(entry.applicant_domain));
  if (d != domains.end() && --d->second == 0) domains.erase(d);
  if (domains.empty()) by_id_.erase(it);
}

}  // namespace sa
