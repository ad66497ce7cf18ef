// inspection_pool.h - a fixed set of worker threads that run the engine for the milter's
// connection threads, with a bounded queue. A job that outlives its caller's deadline is
// abandoned: it finishes on its worker, records nothing in the ledger (Engine::inspect's
// may_record gate) and is counted. When every worker is busy and the queue is full, a new
// job is refused at once (the on_error policy then applies) instead of piling up threads.
// Knows nothing of the milter protocol.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace sa {

class InspectionPool {
 public:
  // What a job gets: `may_record` as Engine::inspect wants it.
  using Work = std::function<void(const std::function<bool()>& may_record)>;

  enum class Outcome { Done, Timeout, Refused };

  InspectionPool(std::size_t workers, std::size_t max_queued);
  ~InspectionPool();
  InspectionPool(const InspectionPool&) = delete;
  InspectionPool& operator=(const InspectionPool&) = delete;

  // Runs `work` on a worker and waits at most `budget` for it. Timeout: the job is
  // abandoned, unless it had already begun recording (then the wait goes on until the
  // ledger call, bounded by its own timeouts, returns and the outcome is Done).
  Outcome run(Work work, std::chrono::milliseconds budget);

  struct Counters {
    long abandoned = 0;  // jobs whose caller gave up
    long refused = 0;    // jobs refused because the queue was full
    long busy = 0;       // workers running a job now (abandoned ones included)
  };
  Counters counters() const;

  // The process-wide pool of the milter (2 workers per core, at least 4; 64 queued).
  static InspectionPool& shared();

 private:
  struct Job;
  void work_loop();

  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::shared_ptr<Job>> queue_;
  std::vector<std::thread> workers_;
  std::size_t max_queued_;
  bool stopping_ = false;
  long abandoned_ = 0;
  long refused_ = 0;
  long busy_ = 0;
};

}  // namespace sa
