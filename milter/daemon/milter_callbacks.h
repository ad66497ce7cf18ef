// milter_callbacks.h - the libmilter callbacks (xxfi_*): per-connection and per-message
// state, negotiation, and at end of message: engine, edit plan, log line. The engine in use
// comes from an EngineSlot; socket, signals and privileges live in main.cc.
#pragma once

#include <libmilter/mfapi.h>

#include <chrono>

#include "daemon/engine_slot.h"
#include "metrics/metrics_registry.h"

namespace sa {

// The filter description to pass to smfi_register; callbacks take engines from `slot`,
// which must outlive smfi_main. `quiet_steps`: negotiate the steps that can only continue
// without replies (for a unix socket; over TCP that would meet Nagle stalls).
smfiDesc milter_description(EngineSlot& slot, MetricsRegistry& metrics, bool quiet_steps = false);

// Messages between MAIL FROM and end of message / abort right now.
int messages_in_flight();

// Waits until no message is in flight or `limit` has passed; true when none is left.
bool wait_for_messages_in_flight(std::chrono::milliseconds limit);

// Counters since start, for the shutdown log line.
struct MilterCounters {
  long messages = 0;
  long failures = 0;  // on_error applied
  long timeouts = 0;
};
MilterCounters milter_counters();

}  // namespace sa
