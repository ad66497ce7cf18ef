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
  std::string failure;    // "" on success, else e.g. "engine-error=bad_alloc" or "timeout"
};

// Calls engine.inspect (or inspect_too_large for a message past the cap) on a worker thread
// and waits at most `budget`. On overrun the worker is left to finish on its own; it owns
// copies of everything it uses.
GuardedInspection inspect_guarded(std::shared_ptr<const Engine> engine,
                                  const MessageBuffer& message, std::chrono::milliseconds budget);

}  // namespace sa
