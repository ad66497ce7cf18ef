// reopening_ledger.h - the milter's ledger handle: opens the configured ledger lazily and,
// while it cannot be opened (missing directory, database down), answers every record with
// a LedgerError and tries again at most every `retry` - so a ledger outage at start-up
// neither stops the milter nor delays mail, and the ledger comes back by itself.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "core/config.h"
#include "core/evidence_ledger.h"

namespace sa {

class ReopeningLedger final : public EvidenceLedger {
 public:
  explicit ReopeningLedger(const Config& config,
                           std::chrono::seconds retry = std::chrono::seconds(30));

  Sighting record(const LedgerEntry& entry) override;
  // Commits what the open ledger has queued (true when nothing is open).
  bool flush() override;
  std::optional<NoticeSighting> find_notice(const std::string& applicant_key,
                                            const std::string& notice) override;
  // Rows in the ledger, or nothing while it is not open or cannot count.
  std::optional<std::int64_t> row_count();
  // Why the last open failed ("" when open).
  std::string open_error() const;

 private:
  std::shared_ptr<EvidenceLedger> ledger();  // the open ledger, or throws LedgerError

  const Config config_;
  const std::chrono::seconds retry_;
  mutable std::mutex mutex_;
  std::shared_ptr<EvidenceLedger> ledger_;
  std::string error_;
  std::chrono::steady_clock::time_point last_attempt_{};
  bool attempted_ = false;
};

}  // namespace sa
