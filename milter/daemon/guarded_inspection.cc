// guarded_inspection.cc - engine call on the shared worker pool with a deadline.
#include "daemon/guarded_inspection.h"

#include <exception>
#include <new>

#include "daemon/inspection_pool.h"

namespace sa {

GuardedInspection inspect_guarded(std::shared_ptr<const Engine> engine,
                                  const MessageBuffer& message, std::chrono::milliseconds budget) {
  // The job owns copies of everything it uses: on a timeout it may finish after we return.
  struct Job {
    std::shared_ptr<const Engine> engine;
    std::string raw;
    bool too_large = false;
    Envelope envelope;
    GuardedInspection result;
  };
  std::shared_ptr<Job> job;
  try {
    job = std::make_shared<Job>();
    job->engine = std::move(engine);
    job->too_large = message.too_large();
    job->raw = job->too_large ? message.raw_headers() : message.raw_message();
    job->envelope = message.envelope();
  } catch (const std::bad_alloc&) {
    return {{}, "engine-error=out-of-memory"};
  }
  auto work = [job](const std::function<bool()>& may_record) {
    try {
      job->result.inspection = job->too_large
                                   ? job->engine->inspect_too_large(job->raw, job->envelope)
                                   : job->engine->inspect(job->raw, job->envelope, may_record);
    } catch (const std::bad_alloc&) {
      job->result.failure = "engine-error=out-of-memory";
    } catch (const std::exception& e) {
      job->result.failure = std::string("engine-error=") + e.what();
    } catch (...) {
      job->result.failure = "engine-error=unknown";
    }
  };
  switch (InspectionPool::shared().run(std::move(work), budget)) {
    case InspectionPool::Outcome::Done:
      return std::move(job->result);
    case InspectionPool::Outcome::Timeout:
      return {{}, "timeout"};
    case InspectionPool::Outcome::Refused:
      break;
  }
  return {{}, "overloaded"};
}

}  // namespace sa
