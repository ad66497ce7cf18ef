// guarded_inspection.h - runs the engine on one message within a time budget. An exception
// or an overrun becomes a failure text for the on_error policy (failure_plan.h); the mail
// itself is never dropped here. Does not touch libmilter.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "core/engine.h"
#include "daemon/message_buffer.h"

namespace sa {

struct GuardedInspection {
  Inspection inspection;  // valid when failure is empty
  std::string failure;    // "" on success, else e.g. "engine-error=...", "timeout", "overloaded"
};

// Calls engine.inspect (or inspect_too_large for a message past the cap) on the milter's
// worker pool (inspection_pool.h) and waits at most `budget`. On overrun ("timeout") the
// job is abandoned and records nothing in the ledger; when the pool is saturated the
// failure is "overloaded". Either way the on_error policy applies to the mail.
GuardedInspection inspect_guarded(std::shared_ptr<const Engine> engine,
                                  const MessageBuffer& message, std::chrono::milliseconds budget);

}  // namespace sa
