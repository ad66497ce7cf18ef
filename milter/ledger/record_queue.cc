// record_queue.cc - the answer at record time (database lookup plus pending rows, under one
// lock), the bounded queue and the writer thread that commits it in batches.
#include "ledger/record_queue.h"

#include <algorithm>
#include <cstdio>

#include "ledger/ledger_reader.h"
#include "ledger/pending_rows.h"

namespace sa {
namespace {

using Clock = std::chrono::steady_clock;

// After a failed batch the writer waits this long before it tries again (a flush or stop
// does not wait).
constexpr std::chrono::seconds kRetryDelay{1};

}  // namespace

RecordQueue::RecordQueue(LedgerStore& store, RecordQueueOptions options)
    : store_(store),
      options_(std::move(options)),
      pending_(PendingRows::of_target(options_.target)),
      writer_([this] { run_writer(); }) {}

RecordQueue::~RecordQueue() { stop(); }

LedgerAnswer RecordQueue::record(const LedgerEntry& entry) {
  {
    std::unique_lock<std::mutex> lock(mutex_);
    auto room = [&] { return items_.size() + reserved_ < options_.capacity; };
    if (stopping_) throw LedgerError(options_.name + ": stopping");
    if (!room()) {
      // A database that fails gets no grace: every message would wait in vain.
      if (failing_) {
        throw LedgerError(options_.name + ": " + std::to_string(items_.size()) +
                          " rows wait to be written and the database fails: " + last_error_);
      }
      flush_until_ = std::max(flush_until_, next_seq_ - 1);
      writer_wake_.notify_one();
      progress_.wait_for(lock, std::chrono::milliseconds(options_.full_wait_ms),
                         [&] { return room() || failing_ || stopping_; });
      if (!room() || stopping_) {
        throw LedgerError(options_.name + ": write queue full (" +
                          std::to_string(options_.capacity) + " rows) for " +
                          std::to_string(options_.full_wait_ms) + " ms" +
                          (last_error_.empty() ? "" : ": " + last_error_));
      }
    }
    ++reserved_;
  }
  LedgerAnswer answer;
  try {
    std::lock_guard<std::mutex> hold(pending_->mutex());
    if (!entry.declaration_id.empty()) {
      PriorRows prior = pending_->prior_rows(entry);
      const PriorRows stored = store_.prior_rows(entry);
      prior.seen = prior.seen || stored.seen;
      prior.other_applicant = prior.other_applicant || stored.other_applicant;
      answer.sighting = sighting_of(prior.seen ? 1 : 0, prior.other_applicant ? 1 : 0);
    }
    pending_->add(entry);
  } catch (...) {
    std::lock_guard<std::mutex> lock(mutex_);
    --reserved_;
    progress_.notify_all();
    throw;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  --reserved_;
  const bool was_empty = items_.empty();
  items_.push_back(Item{next_seq_++, Clock::now(), QueuedRow{entry, answer}});
  // The writer sleeps until rows arrive, then until the oldest is due: wake it only then,
  // or when a batch is full.
  if (was_empty || items_.size() == options_.batch_rows) writer_wake_.notify_one();
  return answer;
}

std::optional<NoticeSighting> RecordQueue::find_notice(const std::string& applicant_key,
                                                       const std::string& notice) {
  {
    // Pending rows are the newest. Looked at first, then the database: a row committed and
    // dropped from here in between is in the database by the time that is asked.
    std::lock_guard<std::mutex> hold(pending_->mutex());
    if (auto found = pending_->latest_notice(applicant_key, notice)) return found;
  }
  return store_.stored_notice(applicant_key, notice);
}

bool RecordQueue::flush() {
  std::unique_lock<std::mutex> lock(mutex_);
  const std::uint64_t target = next_seq_ - 1;
  if (done_seq_ >= target) return true;
  if (stopped_) return false;
  const std::uint64_t failures = failures_;
  flush_until_ = std::max(flush_until_, target);
  writer_wake_.notify_one();
  progress_.wait(lock, [&] { return done_seq_ >= target || failures_ > failures; });
  return failures_ == failures;
}

void RecordQueue::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  writer_wake_.notify_one();
  progress_.notify_all();
  writer_.join();
  std::lock_guard<std::mutex> lock(mutex_);
  stopped_ = true;
  if (!items_.empty()) {
    std::fprintf(stderr, "sa-triage: %s: %zu rows could not be written before stopping: %s\n",
                 options_.name.c_str(), items_.size(), last_error_.c_str());
    std::lock_guard<std::mutex> hold(pending_->mutex());
    for (const Item& item : items_) pending_->remove(item.row.entry);
    items_.clear();
    ++failures_;
  }
  progress_.notify_all();
}

std::size_t RecordQueue::queued() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return items_.size();
}

std::string RecordQueue::last_error() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return last_error_;
}

void RecordQueue::run_writer() {
  const auto interval = std::chrono::milliseconds(options_.flush_interval_ms);
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    writer_wake_.wait(lock, [&] { return stopping_ || !items_.empty(); });
    if (items_.empty()) return;  // stopping, everything written
    auto due = items_.front().queued_at + interval;
    if (failing_) due = std::max(due, retry_at_);
    writer_wake_.wait_until(lock, due, [&] {
      return stopping_ || flush_until_ > done_seq_ || items_.size() >= options_.batch_rows;
    });
    const bool stopping = stopping_;
    if (!write_batch(lock) && stopping) return;  // stop() reports what is left
  }
}

bool RecordQueue::write_batch(std::unique_lock<std::mutex>& lock) {
  const std::size_t n = std::min(items_.size(), options_.batch_rows);
  std::vector<QueuedRow> rows;
  rows.reserve(n);
  for (std::size_t i = 0; i < n; ++i) rows.push_back(items_[i].row);
  const std::uint64_t last = items_[n - 1].seq;
  lock.unlock();

  bool written = false;
  bool gone = false;  // written or not, not to be tried again
  std::string error;
  try {
    store_.write_rows(rows);
    written = gone = true;
  } catch (const LedgerOutcomeUnknown& e) {
    gone = true;
    error = e.what();
  } catch (const std::exception& e) {
    error = e.what();
  }
  if (gone) {
    // Only now: until the commit, a lookup finds these rows here and not in the database.
    std::lock_guard<std::mutex> hold(pending_->mutex());
    for (const QueuedRow& row : rows) pending_->remove(row.entry);
  }
  try {
    store_.after_batch();
  } catch (const std::exception&) {
    // A chore (purge) failed; it is tried again after a later batch.
  }

  lock.lock();
  if (gone) {
    items_.erase(items_.begin(), items_.begin() + static_cast<std::ptrdiff_t>(n));
    done_seq_ = last;
  }
  if (written) {
    failing_ = false;
    last_error_.clear();
  } else {
    failing_ = true;
    last_error_ = error;
    ++failures_;
    retry_at_ = Clock::now() + kRetryDelay;
    flush_until_ = done_seq_;  // the flush that asked has its answer: no retry at once
  }
  progress_.notify_all();
  return written;
}

}  // namespace sa
