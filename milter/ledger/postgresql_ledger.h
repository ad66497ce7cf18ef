// postgresql_ledger.h - the shared evidence ledger for offices with several MX hosts:
// every milter records into one PostgreSQL table, so a 自己宣言ID seen on one host is a
// repeat on another. Same schema and semantics as the SQLite ledger. Two sessions per
// ledger, each guarded by a mutex, with its statements prepared once and reconnected when
// it breaks: one asks the database for the sighting at record time (indexed: the other
// hosts' rows), the other is the RecordQueue's writer, which commits this host's rows in
// batches; a third, connected when first asked, counts the rows. Two copies of one ID on two hosts
// within one flush interval may both read first. Every wait is bounded (connect_timeout,
// statement_timeout, lock_timeout, TCP keepalives). No SQLite here.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "core/evidence_ledger.h"
#include "ledger/ledger_reader.h"
#include "ledger/record_queue.h"

struct pg_conn;
struct pg_result;

namespace sa {

struct PostgresqlLedgerOptions {
  int connect_timeout_s = 3;        // longest wait for a connection
  int statement_timeout_ms = 2000;  // longest statement, and longest wait for a lock
  unsigned retention_days = 0;      // 0: keep forever; else purged at open and hourly
  bool read_only = false;           // export: never creates, writes nor purges
  int flush_interval_ms = 200;      // ledger.flush_interval_ms: longest a row waits for COMMIT
  std::size_t queue_rows = 10000;   // rows waiting at most (RecordQueue)
};

class PostgresqlLedger final : public EvidenceLedger, public LedgerReader, private LedgerStore {
 public:
  // `conninfo`: a libpq connection string or URI (ledger.connection). Connects, creates
  // the table when missing, adds the columns an older ledger lacks (read-only: reads it as
  // it is), adds the lookup's index when missing and purges old rows. Throws LedgerError
  // when it cannot, or when a writable ledger's session is read-only.
  explicit PostgresqlLedger(std::string conninfo, PostgresqlLedgerOptions options = {});
  ~PostgresqlLedger() override;  // writes what is still queued
  PostgresqlLedger(const PostgresqlLedger&) = delete;
  PostgresqlLedger& operator=(const PostgresqlLedger&) = delete;

  // The sighting at once; the row is committed within flush_interval_ms (RecordQueue).
  Sighting record(const LedgerEntry& entry) override;
  // The pending rows first, then the database (indexed).
  std::optional<NoticeSighting> find_notice(const std::string& applicant_key,
                                            const std::string& notice) override;
  bool flush() override;
  // rows, purge and row_count first write what is queued.
  void rows(const LedgerFilter& filter, const std::function<void(const LedgerRow&)>& sink) override;
  std::size_t purge(unsigned retention_days) override;
  std::int64_t row_count() override;

 private:
  class Result;
  struct Session;
  PriorRows prior_rows(const LedgerEntry& entry) override;
  std::optional<NoticeSighting> stored_notice(const std::string& applicant_key,
                                              const std::string& notice) override;
  void write_rows(const std::vector<QueuedRow>& rows) override;
  void after_batch() override;
  void connect(Session& s);  // (re)connects, checks the schema, prepares; throws LedgerError
  void ensure_connected(Session& s);
  void prepare(Session& s, const char* name, const char* sql, int params);
  Result exec(Session& s, const char* sql, const std::vector<std::string>& params,
              const char* step);
  Result exec_prepared(Session& s, const char* name, const std::vector<std::string>& params,
                       const char* step);
  std::vector<std::string> find_missing_columns(Session& s);
  void backfill_applicant_keys(Session& s);
  std::size_t purge_with(Session& s, unsigned retention_days);
  [[noreturn]] void fail(Session& s, const char* step, const std::string& detail);

  const std::string conninfo_;
  const PostgresqlLedgerOptions options_;
  const std::unique_ptr<Session> lookup_;  // lookups and rows
  const std::unique_ptr<Session> writer_;  // the queue's batches and purges
  // row_count (the metrics gauge, every 30 s; a count over a million rows takes 60-100 ms):
  // connected when first asked, so that it never holds the lookups' session.
  const std::unique_ptr<Session> census_;
  // Of kReviewColumns, those an older ledger opened read-only lacks (read as "").
  std::vector<std::string> missing_columns_;
  std::chrono::steady_clock::time_point last_purge_{};  // writer_'s
  std::unique_ptr<RecordQueue> queue_;                  // none when read-only
};

}  // namespace sa
