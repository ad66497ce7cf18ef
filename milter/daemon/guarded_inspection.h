// guarded_inspection.h - runs the engine on one message within a time budget. An exception,
// an overrun or a saturated pool becomes a typed Failure, planned by the engine like any other
// message (Engine::inspect_failure, the milter.on_error plan); the mail itself is never
// dropped here. Knows nothing of the milter protocol.
#pragma once

#include <chrono>
#include <memory>

#include "core/engine.h"
#include "daemon/message_buffer.h"

namespace sa {

// Calls engine.inspect (or inspect_too_large for a message past the cap) on the milter's
// worker pool (inspection_pool.h) and waits at most `budget`. On overrun (Timeout) the job
// is abandoned and records nothing in the ledger; when the pool is saturated the failure is
// Overloaded. A failure gives engine.inspect_failure's inspection.
Inspection inspect_guarded(std::shared_ptr<const Engine> engine, MessageBuffer& message,
                           std::chrono::milliseconds budget);

}  // namespace sa
