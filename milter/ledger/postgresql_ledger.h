// postgresql_ledger.h - the shared evidence ledger for offices with several MX hosts:
// every milter records into one PostgreSQL table, so a 自己宣言ID seen on one host is a
// repeat on another. Same schema and semantics as the SQLite ledger. One connection per
// ledger, guarded by a mutex, reconnected when it breaks; every wait is bounded
// (connect_timeout, statement_timeout, lock_timeout, TCP keepalives). No SQLite here.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <vector>

#include "core/evidence_ledger.h"
#include "ledger/ledger_reader.h"

struct pg_conn;
struct pg_result;

namespace sa {

struct PostgresqlLedgerOptions {
  int connect_timeout_s = 3;        // longest wait for a connection
  int statement_timeout_ms = 2000;  // longest statement, and longest wait for a lock
  unsigned retention_days = 0;      // 0: keep forever; else purged at open and hourly
  bool read_only = false;           // export: never creates, writes nor purges
};

class PostgresqlLedger final : public EvidenceLedger, public LedgerReader {
 public:
  // `conninfo`: a libpq connection string or URI (ledger.connection). Connects, creates
  // the table when missing, adds the columns an older ledger lacks (read-only: reads it as
  // it is) and purges old rows. Throws LedgerError when it cannot.
  explicit PostgresqlLedger(std::string conninfo, PostgresqlLedgerOptions options = {});
  ~PostgresqlLedger() override;
  PostgresqlLedger(const PostgresqlLedger&) = delete;
  PostgresqlLedger& operator=(const PostgresqlLedger&) = delete;

  Sighting record(const LedgerEntry& entry) override;
  std::optional<NoticeSighting> find_notice(const std::string& applicant_key,
                                            const std::string& notice) override;
  void rows(const LedgerFilter& filter, const std::function<void(const LedgerRow&)>& sink) override;
  std::size_t purge(unsigned retention_days) override;
  std::int64_t row_count() override;

 private:
  class Result;
  void connect_locked();
  void disconnect_locked();
  void ensure_connected_locked();
  Result exec(const char* sql, const std::vector<std::string>& params, const char* step);
  std::vector<std::string> find_missing_columns();
  void backfill_applicant_keys();
  Sighting record_once(const LedgerEntry& entry, bool& commit_sent);
  std::size_t purge_locked(unsigned retention_days);
  [[noreturn]] void fail(const char* step, const std::string& detail);

  const std::string conninfo_;
  const PostgresqlLedgerOptions options_;
  std::mutex mutex_;
  pg_conn* conn_ = nullptr;
  // Of kReviewColumns, those an older ledger opened read-only lacks (read as "").
  std::vector<std::string> missing_columns_;
  std::chrono::steady_clock::time_point last_purge_{};
};

}  // namespace sa
