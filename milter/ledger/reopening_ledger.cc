// reopening_ledger.cc - lazy, retrying open of the configured ledger.
#include "ledger/reopening_ledger.h"

#include "ledger/ledger_factory.h"
#include "ledger/ledger_reader.h"

namespace sa {

ReopeningLedger::ReopeningLedger(const Config& config, std::chrono::seconds retry)
    : config_(config), retry_(retry) {}

std::shared_ptr<EvidenceLedger> ReopeningLedger::ledger() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (ledger_) return ledger_;
  const auto now = std::chrono::steady_clock::now();
  if (!attempted_ || now - last_attempt_ >= retry_) {
    attempted_ = true;
    last_attempt_ = now;
    try {
      ledger_ = open_ledger(config_);
      if (!ledger_) error_ = "ledger backend is none";
    } catch (const std::exception& e) {
      error_ = e.what();
    }
    if (ledger_) {
      error_.clear();
      return ledger_;
    }
  }
  throw LedgerError("ledger unavailable: " + error_);
}

Sighting ReopeningLedger::record(const LedgerEntry& entry) { return ledger()->record(entry); }

bool ReopeningLedger::flush() {
  std::shared_ptr<EvidenceLedger> open;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    open = ledger_;
  }
  return open ? open->flush() : true;
}

std::optional<NoticeSighting> ReopeningLedger::find_notice(const std::string& applicant_key,
                                                           const std::string& notice) {
  return ledger()->find_notice(applicant_key, notice);
}

std::optional<std::int64_t> ReopeningLedger::row_count() {
  try {
    auto reader = std::dynamic_pointer_cast<LedgerReader>(ledger());
    if (reader) return reader->row_count();
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

std::string ReopeningLedger::open_error() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return error_;
}

}  // namespace sa
