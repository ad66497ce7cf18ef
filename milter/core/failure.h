// failure.h - why a message could not be judged the normal way, as a typed value: what
// failed (the kind) and what it said (the detail). The milter.on_error plan is made from it
// (Engine::inspect_failure), the log line and the error metrics read its kind. Deciding
// what to do about a failure is not here.
#pragma once

#include <string>

namespace sa {

struct Failure {
  enum class Kind {
    Engine,       // the engine threw (out of memory, a broken invariant)
    Timeout,      // the engine overran milter.timeout_ms
    Overloaded,   // every engine worker was busy and the queue full
    EditRefused,  // the MTA refused an edit of the plan
    Collect,      // the milter failed while collecting the message
  };
  Kind kind = Kind::Engine;
  std::string detail;  // the exception's text or the refused step; may be empty
};

// The reason word for headers and logs: "timeout", "overloaded", "engine-error=DETAIL",
// "apply-failed=STEP" or "daemon-error=DETAIL"; printable ASCII without spaces, commas or
// semicolons, at most 200 characters.
std::string failure_reason(const Failure& failure);

}  // namespace sa
