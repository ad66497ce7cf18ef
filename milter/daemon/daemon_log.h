// daemon_log.h - where the daemon's log lines go: stderr (journald) or syslog (mail facility),
// chosen by config `milter.log` and switchable on reload. Thread-safe. Formats nothing.
#pragma once

#include <string_view>

#include "core/config.h"

namespace sa {

enum class LogLevel { Info, Warning, Error };

// Chooses the target for all later lines.
void set_log_target(Config::LogTarget target);

// Writes one line (control characters are replaced, so a line stays one line).
void log_line(LogLevel level, std::string_view text);

}  // namespace sa
