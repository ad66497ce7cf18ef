// record_queue.h - the ledger's write-behind: record() answers the sighting at once, from the
// database (one indexed lookup) plus the rows this process recorded and not yet committed,
// and hands the row to a writer thread that commits queued rows in one transaction at most
// every flush interval. The queue is bounded: when it is full, record() waits a bounded time
// for room and then fails with LedgerError (the engine tags the message ledger=error and
// delivers it). A crash loses at most the rows of the last flush interval; stop() and the
// destructor write everything still queued. The backends (SQLite, PostgreSQL) provide the
// lookup and the batch write as a LedgerStore.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/evidence_ledger.h"

namespace sa {

// What the earlier rows of an entry's 自己宣言ID say. Further lookups at record time (other
// columns of the earlier rows) go beside `seen` here and in PendingRows; lookups before it
// (find_notice, pairing notice ① with ②) have their own entry points, pending rows first.
struct PriorRows {
  bool seen = false;             // a row with this ID exists
  bool other_applicant = false;  // one of them from another applicant domain
};

// The answer of a record: what goes into the message's headers.
struct LedgerAnswer {
  Sighting sighting = Sighting::First;
};

// A row waiting to be written: the entry and the answer it was given.
struct QueuedRow {
  LedgerEntry entry;
  LedgerAnswer answer;
};

// What a backend does for the queue. prior_rows is called by recording threads one at a
// time; write_rows and after_batch by the writer thread only.
class LedgerStore {
 public:
  virtual ~LedgerStore() = default;
  // The earlier rows of `entry`'s ID in the database (entry.declaration_id is not empty).
  // Throws LedgerError.
  virtual PriorRows prior_rows(const LedgerEntry& entry) = 0;
  // The applicant's latest usable `notice` in the database (EvidenceLedger::find_notice).
  // Throws LedgerError.
  virtual std::optional<NoticeSighting> stored_notice(const std::string& applicant_key,
                                                      const std::string& notice) = 0;
  // Writes `rows` in one transaction: all or none. Throws LedgerError; a failure after
  // which the rows may or may not be written (the connection broke during COMMIT) throws
  // LedgerOutcomeUnknown, and the rows are not written again (no duplicates).
  virtual void write_rows(const std::vector<QueuedRow>& rows) = 0;
  // After each batch (written or not): hourly chores such as purging.
  virtual void after_batch() {}
};

struct LedgerOutcomeUnknown : LedgerError {
  using LedgerError::LedgerError;
};

class PendingRows;

struct RecordQueueOptions {
  int flush_interval_ms = 200;    // longest a row waits before its batch is committed
  std::size_t capacity = 10000;   // rows queued at most
  int full_wait_ms = 2000;        // longest record() waits for room in a full queue
  std::size_t batch_rows = 1000;  // rows per transaction at most
  // Ledger objects of one `target` (file, connection string) in this process share their
  // pending rows, so each sees the others' uncommitted rows. "": shared with no other.
  std::string target;
  std::string name;  // for messages: "ledger /var/lib/sa-triage/ledger.sqlite"
};

class RecordQueue {
 public:
  // Starts the writer thread. `store` must outlive the queue (or its stop()).
  RecordQueue(LedgerStore& store, RecordQueueOptions options);
  ~RecordQueue();  // stop()
  RecordQueue(const RecordQueue&) = delete;
  RecordQueue& operator=(const RecordQueue&) = delete;

  // The answer for `entry` (against the database and every pending row of the target),
  // then queues its row. Thread-safe. Throws LedgerError: lookup failed, or queue full.
  LedgerAnswer record(const LedgerEntry& entry);
  // EvidenceLedger::find_notice: the latest pending row of the target, else the database.
  std::optional<NoticeSighting> find_notice(const std::string& applicant_key,
                                            const std::string& notice);
  // Writes every row queued before the call now; true when they are written, false when
  // the writer's attempt failed (they stay queued and are tried again).
  bool flush();
  // Writes what is queued (one more attempt if the database fails) and ends the writer.
  // Rows that could not be written are reported on stderr. Idempotent.
  void stop();

  std::size_t queued() const;
  // The writer's last failure, "" after a batch was written.
  std::string last_error() const;

 private:
  struct Item {
    std::uint64_t seq;
    std::chrono::steady_clock::time_point queued_at;
    QueuedRow row;
  };
  void run_writer();
  bool write_batch(std::unique_lock<std::mutex>& lock);  // the front rows; lock held on entry

  LedgerStore& store_;
  const RecordQueueOptions options_;
  const std::shared_ptr<PendingRows> pending_;

  mutable std::mutex mutex_;
  std::condition_variable writer_wake_;  // rows arrived, flush wanted, stop
  std::condition_variable progress_;     // a batch was written or failed
  std::deque<Item> items_;
  std::size_t reserved_ = 0;       // places promised to record() calls in progress
  std::uint64_t next_seq_ = 1;     // of the next queued row
  std::uint64_t done_seq_ = 0;     // every row up to here is written (or dropped)
  std::uint64_t flush_until_ = 0;  // rows up to here are wanted now
  std::uint64_t failures_ = 0;     // failed attempts so far
  bool failing_ = false;           // the last attempt failed
  std::string last_error_;
  std::chrono::steady_clock::time_point retry_at_{};
  bool stopping_ = false;
  bool stopped_ = false;
  std::thread writer_;
};

}  // namespace sa
