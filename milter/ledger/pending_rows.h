// pending_rows.h - the rows this process recorded into one ledger target (file, connection
// string) and has not committed yet, by 自己宣言ID: the overlay that makes a sighting right
// while its earlier rows still wait in a write queue. Shared by every ledger object of the
// target in the process (a reload opens a second one while the first still writes).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

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
  void add(const LedgerEntry& entry);
  void remove(const LedgerEntry& entry);

 private:
  std::mutex mutex_;
  // ID -> lower-cased applicant domain -> rows pending.
  std::unordered_map<std::string, std::map<std::string, std::size_t>> by_id_;
};

}  // namespace sa
