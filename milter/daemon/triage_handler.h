// triage_handler.h - what sa-triage does at each milter step: per-connection and per-message
// state, negotiation, and at end of message: engine, edit plan, log line. The engine in use
// comes from an EngineSlot; the protocol is milter_session.h's, sockets milter_server.h's,
// signals and privileges main.cc's.
#pragma once

#include <chrono>
#include <memory>

#include "daemon/engine_slot.h"
#include "daemon/milter_session.h"
#include "metrics/metrics_registry.h"

namespace sa {

// What every connection's handler shares; must outlive the handlers.
struct TriageContext {
  EngineSlot& slot;
  MetricsRegistry& metrics;
};

// A handler for one new MTA connection.
std::unique_ptr<MailHandler> make_triage_handler(const TriageContext& context);

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
