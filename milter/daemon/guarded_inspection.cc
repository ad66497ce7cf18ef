// guarded_inspection.cc - engine call on the shared worker pool with a deadline.
#include "daemon/guarded_inspection.h"

#include <exception>
#include <new>
#include <optional>

#include "daemon/inspection_pool.h"

namespace sa {

Inspection inspect_guarded(std::shared_ptr<const Engine> engine, MessageBuffer& message,
                           std::chrono::milliseconds budget) {
  // The job owns (a share of) everything it uses: on a timeout it may finish after we
  // return. The message bytes are shared with the buffer, not copied.
  struct Job {
    std::shared_ptr<const Engine> engine;
    std::shared_ptr<const ByteBuffer> raw;
    bool too_large = false;
    Envelope envelope;
    Inspection inspection;
    std::optional<Failure> failure;
  };
  std::shared_ptr<Job> job;
  try {
    job = std::make_shared<Job>();
    job->engine = engine;
    job->too_large = message.too_large();
    job->raw = message.share_raw();
    job->envelope = message.envelope();
  } catch (const std::bad_alloc&) {
    return engine->inspect_failure(message.raw_headers(),
                                   Failure{Failure::Kind::Engine, "out-of-memory"});
  }
  auto work = [job](const std::function<bool()>& may_record) {
    try {
      const std::string_view raw = job->raw->view();
      job->inspection = job->too_large ? job->engine->inspect_too_large(raw, job->envelope)
                                       : job->engine->inspect(raw, job->envelope, may_record);
    } catch (const std::bad_alloc&) {
      job->failure = Failure{Failure::Kind::Engine, "out-of-memory"};
    } catch (const std::exception& e) {
      job->failure = Failure{Failure::Kind::Engine, e.what()};
    } catch (...) {
      job->failure = Failure{Failure::Kind::Engine, "unknown"};
    }
  };
  std::optional<Failure> failure;
  switch (InspectionPool::shared().run(std::move(work), budget)) {
    case InspectionPool::Outcome::Done:
      if (!job->failure) return std::move(job->inspection);
      failure = job->failure;
      break;
    case InspectionPool::Outcome::Timeout:
      failure = Failure{Failure::Kind::Timeout, ""};
      break;
    case InspectionPool::Outcome::Refused:
      failure = Failure{Failure::Kind::Overloaded, ""};
      break;
  }
  return engine->inspect_failure(message.raw_headers(), *failure);
}

}  // namespace sa
