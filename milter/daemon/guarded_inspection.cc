// guarded_inspection.cc - engine call on a worker thread with a deadline.
#include "daemon/guarded_inspection.h"

#include <condition_variable>
#include <exception>
#include <mutex>
#include <new>
#include <optional>
#include <thread>

namespace sa {
namespace {

struct Job {
  std::shared_ptr<const Engine> engine;
  std::string raw;
  bool too_large = false;
  Envelope envelope;

  std::mutex mutex;
  std::condition_variable done_cv;
  bool done = false;
  Inspection inspection;
  std::optional<Failure> failure;
};

// Runs the engine; never throws.
void run(Job& job) {
  Inspection inspection;
  std::optional<Failure> failure;
  try {
    inspection = job.too_large ? job.engine->inspect_too_large(job.raw, job.envelope)
                               : job.engine->inspect(job.raw, job.envelope);
  } catch (const std::bad_alloc&) {
    failure = Failure{Failure::Kind::Engine, "out-of-memory"};
  } catch (const std::exception& e) {
    failure = Failure{Failure::Kind::Engine, e.what()};
  } catch (...) {
    failure = Failure{Failure::Kind::Engine, "unknown"};
  }
  std::lock_guard<std::mutex> lock(job.mutex);
  job.inspection = std::move(inspection);
  job.failure = std::move(failure);
  job.done = true;
  job.done_cv.notify_all();
}

}  // namespace

Inspection inspect_guarded(std::shared_ptr<const Engine> engine, const MessageBuffer& message,
                           std::chrono::milliseconds budget) {
  std::shared_ptr<Job> job;
  try {
    job = std::make_shared<Job>();
    job->engine = engine;
    job->too_large = message.too_large();
    job->raw = job->too_large ? message.raw_headers() : message.raw_message();
    job->envelope = message.envelope();
  } catch (const std::bad_alloc&) {
    return engine->inspect_failure(message.raw_headers(),
                                   Failure{Failure::Kind::Engine, "out-of-memory"});
  }
  try {
    std::thread([job] { run(*job); }).detach();
  } catch (const std::system_error&) {
    run(*job);  // no thread available: run here, without a deadline
  }
  std::unique_lock<std::mutex> lock(job->mutex);
  if (!job->done_cv.wait_for(lock, budget, [&] { return job->done; })) {
    return engine->inspect_failure(message.raw_headers(), Failure{Failure::Kind::Timeout, ""});
  }
  if (job->failure) return engine->inspect_failure(message.raw_headers(), *job->failure);
  return std::move(job->inspection);
}

}  // namespace sa
