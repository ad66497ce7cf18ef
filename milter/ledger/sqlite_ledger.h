// sqlite_ledger.h - the embedded evidence ledger: one SQLite file in WAL mode, shared by
// all milter threads (and by other processes, such as `sa-triage ledger export`, through
// SQLite's own locking). Two connections with their statements prepared once: one answers
// the indexed duplicate lookup at record time, the other is the RecordQueue's writer, which
// commits the queued rows in batches; a third, opened when first asked, counts the rows. Every wait
// is bounded by the busy timeout; every failure is a LedgerError. No PostgreSQL here.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/evidence_ledger.h"
#include "ledger/ledger_reader.h"
#include "ledger/record_queue.h"

namespace sa {

struct SqliteLedgerOptions {
  int busy_timeout_ms = 2000;   // longest wait for another writer's lock
  unsigned retention_days = 0;  // 0: keep forever; else purged at open and hourly
  bool read_only = false;       // export: never creates, writes nor purges
  // ledger.reviewer_group: the group that may read the file and its -wal and -shm (mode
  // 0640, given to the group at every writable open); "": the owner only (0600 on creation).
  std::string reviewer_group;
  int flush_interval_ms = 200;     // ledger.flush_interval_ms: longest a row waits to be committed
  std::size_t queue_rows = 10000;  // rows waiting at most (RecordQueue)
};

class SqliteLedger final : public EvidenceLedger, public LedgerReader, private LedgerStore {
 public:
  // Opens `path` (creating the file, WAL mode and the schema when missing, adding the columns
  // and index an older ledger lacks) and purges old rows. Read-only, it reads an older ledger
  // as it is and records nothing. Throws LedgerError when it cannot, naming permission denied
  // as such.
  explicit SqliteLedger(std::string path, SqliteLedgerOptions options = {});
  ~SqliteLedger() override;  // writes what is still queued
  SqliteLedger(const SqliteLedger&) = delete;
  SqliteLedger& operator=(const SqliteLedger&) = delete;

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

  const std::string& path() const { return path_; }

 private:
  struct Connection;
  PriorRows prior_rows(const LedgerEntry& entry) override;
  std::optional<NoticeSighting> stored_notice(const std::string& applicant_key,
                                              const std::string& notice) override;
  void write_rows(const std::vector<QueuedRow>& rows) override;
  void after_batch() override;
  void open(Connection& c);         // (re)opens c; throws LedgerError
  void ensure_open(Connection& c);  // c open on the file now at path_
  std::size_t purge_with(Connection& c, unsigned retention_days);

  const std::string path_;
  const SqliteLedgerOptions options_;
  const std::unique_ptr<Connection> reader_;  // lookups and rows (each under its mutex)
  const std::unique_ptr<Connection> writer_;  // the queue's batches and purges
  // row_count (the metrics gauge, every 30 s): opened when first asked, so that a count over
  // a million rows never holds the lookups' connection.
  const std::unique_ptr<Connection> census_;
  // Of kReviewColumns, those an older ledger opened read-only lacks (read as "").
  std::vector<std::string> missing_columns_;
  std::chrono::steady_clock::time_point last_purge_{};  // writer_'s
  std::unique_ptr<RecordQueue> queue_;                  // none when read-only
};

}  // namespace sa
