// message_log.h - the one log line written per message: queue id, envelope sender, verdict,
// notice, star, declaration id, user number as privacy allows, forward style, route, what
// happened and elapsed ms. Formats only; daemon_log.h writes it.
#pragma once

#include <string>

#include "core/config.h"
#include "core/engine.h"

namespace sa {

struct MessageRecord {
  const Envelope* envelope = nullptr;
  const Inspection* inspection = nullptr;
  std::string result;  // "accept", "reject", "tempfail", "quarantine"...
  long elapsed_ms = 0;
};

// e.g. "queue_id=4Xb1 from=<a@b> verdict=consistent notice=declaration-complete star=2
// declaration_id=41234567890 user_number=*******8901 forward=inline in_scope=yes route=
// result=accept elapsed_ms=3", with out_of_scope_claim=yes for mail out of scope whose
// Subject claims a notice, hold_reason="..." for a held message (the routing rule's reason,
// as Postfix gets it) and failure=REASON when on_error applied. Untrusted values are
// quoted-safe and bounded.
std::string format_message_line(const MessageRecord& record, const Config& config);

}  // namespace sa
