// pending_rows.h - the rows this process recorded into one ledger target (file, connection
// string) and has not committed yet, by 自己宣言ID: the overlay that makes a sighting right
// while its earlier rows still wait in a write queue. Shared by every ledger object of the
// target in the process (a reload opens a second one while the first still writes).
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

#include "ledger/record_queue.h"

namespace sa {

class PendingRows {
 public:
  // The pending rows of `target`; "" gives a set of its own.
  static std::shared_ptr<PendingRows> of_target(const std::string& target);

  // Held across a database lookup, prior_rows and add, and by the writer around remove:
  // a row is always either pending here or committed where the lookup can see it.
  std::mutex& mutex() { return mutex_; }

  // The caller holds mutex(). `entry.declaration_id` is not empty.
  PriorRows prior_rows(const LedgerEntry& entry) const;
  // The latest pending `verified` or `consistent` row of `notice` with this applicant key.
  std::optional<NoticeSighting> latest_notice(const std::string& applicant_key,
                                              const std::string& notice) const;
  void add(const LedgerEntry& entry);
  void remove(const LedgerEntry& entry);

 private:
  std::mutex mutex_;
  // ID -> lower-cased applicant domain -> rows pending.
  std::unordered_map<std::string, std::map<std::string, std::size_t>> by_id_;
  // (applicant key, notice) -> its usable rows pending, oldest first.
  std::map<std::pair<std::string, std::string>, std::deque<NoticeSighting>> by_applicant_;
};

}  // namespace sa
