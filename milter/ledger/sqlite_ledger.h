// sqlite_ledger.h - the embedded evidence ledger: one SQLite file in WAL mode, shared by
// all milter threads through one mutex-guarded connection (and by other processes, such
// as `sa-triage ledger export`, through SQLite's own locking). Every wait is bounded by
// the busy timeout; every failure is a LedgerError. No PostgreSQL here.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <mutex>
#include <string>
#include <vector>

#include "core/evidence_ledger.h"
#include "ledger/ledger_reader.h"

struct sqlite3;

namespace sa {

struct SqliteLedgerOptions {
  int busy_timeout_ms = 2000;   // longest wait for another writer's lock
  unsigned retention_days = 0;  // 0: keep forever; else purged at open and hourly
  bool read_only = false;       // export: never creates, writes nor purges
  // ledger.reviewer_group: the group that may read the file and its -wal and -shm (mode
  // 0640, given to the group at every writable open); "": the owner only (0600 on creation).
  std::string reviewer_group;
};

class SqliteLedger final : public EvidenceLedger, public LedgerReader {
 public:
  // Opens `path` (creating the file, WAL mode and the schema when missing, adding the columns
  // an older ledger lacks) and purges old rows. Read-only, it reads an older ledger as it is.
  // Throws LedgerError when it cannot, naming permission denied as such.
  explicit SqliteLedger(std::string path, SqliteLedgerOptions options = {});
  ~SqliteLedger() override;
  SqliteLedger(const SqliteLedger&) = delete;
  SqliteLedger& operator=(const SqliteLedger&) = delete;

  Sighting record(const LedgerEntry& entry) override;
  std::optional<NoticeSighting> find_notice(const std::string& applicant_key,
                                            const std::string& notice) override;
  void rows(const LedgerFilter& filter, const std::function<void(const LedgerRow&)>& sink) override;
  std::size_t purge(unsigned retention_days) override;
  std::int64_t row_count() override;

  const std::string& path() const { return path_; }

 private:
  void open_locked();   // (re)opens the connection; throws LedgerError
  void close_locked();  // drops the connection; the next call reopens it
  void ensure_open_locked();
  std::size_t purge_locked(unsigned retention_days);

  const std::string path_;
  const SqliteLedgerOptions options_;
  std::mutex mutex_;
  sqlite3* db_ = nullptr;
  // Of kReviewColumns, those an older ledger opened read-only lacks (read as "").
  std::vector<std::string> missing_columns_;
  dev_t dev_ = 0;  // identity of the file opened, to notice it being replaced or removed
  ino_t ino_ = 0;
  std::chrono::steady_clock::time_point last_purge_{};
};

}  // namespace sa
