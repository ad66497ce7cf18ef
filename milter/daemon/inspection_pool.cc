// inspection_pool.cc - workers, the bounded queue, and the abandon/record handshake.
#include "daemon/inspection_pool.h"

#include <algorithm>

namespace sa {

struct InspectionPool::Job {
  Work work;
  std::mutex mutex;
  std::condition_variable finished;
  bool done = false;
  bool abandoned = false;
  bool recording = false;
};

InspectionPool::InspectionPool(std::size_t workers, std::size_t max_queued)
    : max_queued_(max_queued) {
  workers = std::max<std::size_t>(1, workers);
  workers_.reserve(workers);
  for (std::size_t i = 0; i < workers; ++i) workers_.emplace_back([this] { work_loop(); });
}

InspectionPool::~InspectionPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  ready_.notify_all();
  for (auto& t : workers_) t.join();
}

void InspectionPool::work_loop() {
  for (;;) {
    std::shared_ptr<Job> job;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      ready_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping
      job = std::move(queue_.front());
      queue_.pop_front();
      ++busy_;
    }
    bool skip = false;
    {
      std::lock_guard<std::mutex> lock(job->mutex);
      skip = job->abandoned;  // its caller gave up while it waited in the queue
    }
    if (!skip) {
      job->work([&job] {
        std::lock_guard<std::mutex> lock(job->mutex);
        if (job->abandoned) return false;
        job->recording = true;
        return true;
      });
    }
    {
      std::lock_guard<std::mutex> lock(job->mutex);
      job->done = true;
    }
    job->finished.notify_all();
    std::lock_guard<std::mutex> lock(mutex_);
    --busy_;
  }
}

InspectionPool::Outcome InspectionPool::run(Work work, std::chrono::milliseconds budget) {
  auto job = std::make_shared<Job>();
  job->work = std::move(work);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (queue_.size() >= max_queued_) {
      ++refused_;
      return Outcome::Refused;
    }
    queue_.push_back(job);
  }
  ready_.notify_one();
  std::unique_lock<std::mutex> lock(job->mutex);
  if (job->finished.wait_for(lock, budget, [&] { return job->done; })) return Outcome::Done;
  lock.unlock();
  {
    // Not started yet: drop it now, with its copy of the message.
    std::lock_guard<std::mutex> pool_lock(mutex_);
    auto queued = std::find(queue_.begin(), queue_.end(), job);
    if (queued != queue_.end()) {
      queue_.erase(queued);
      ++abandoned_;
      return Outcome::Timeout;
    }
  }
  lock.lock();
  if (job->done) return Outcome::Done;
  if (job->recording) {
    job->finished.wait(lock, [&] { return job->done; });
    return Outcome::Done;
  }
  job->abandoned = true;
  lock.unlock();
  std::lock_guard<std::mutex> pool_lock(mutex_);
  ++abandoned_;
  return Outcome::Timeout;
}

InspectionPool::Counters InspectionPool::counters() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return {abandoned_, refused_, busy_};
}

InspectionPool& InspectionPool::shared() {
  // Never destroyed: at exit a worker may still be busy with an abandoned job, and joining
  // it would hold up the daemon's stop.
  static InspectionPool* pool =
      new InspectionPool(std::max(4u, 2 * std::thread::hardware_concurrency()), 64);
  return *pool;
}

}  // namespace sa
