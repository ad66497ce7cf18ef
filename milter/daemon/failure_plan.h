// failure_plan.h - what happens to a message the engine could not handle, per config
// milter.on_error: `accept` delivers it tagged verdict=error with the reason (forged prefixed
// headers still removed), `tempfail` asks the sender to retry. Never drops mail.
#pragma once

#include <string>

#include "core/config.h"
#include "core/engine.h"
#include "daemon/message_buffer.h"

namespace sa {

// `failure`: e.g. "engine-error=..." or "timeout"; made safe for a header value here.
Inspection failure_inspection(const Config& config, const MessageBuffer& message,
                              const std::string& failure);

}  // namespace sa
