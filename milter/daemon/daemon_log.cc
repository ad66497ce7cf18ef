// daemon_log.cc - one-line log output to stderr or syslog.
#include "daemon/daemon_log.h"

#include <syslog.h>

#include <atomic>
#include <cstdio>
#include <mutex>
#include <string>

#include "core/text_controls.h"

namespace sa {
namespace {

std::atomic<Config::LogTarget> g_target{Config::LogTarget::Stderr};
std::mutex g_stderr_mutex;
std::once_flag g_openlog_once;

const char* level_name(LogLevel level) {
  switch (level) {
    case LogLevel::Info:
      return "info";
    case LogLevel::Warning:
      return "warning";
    case LogLevel::Error:
      return "error";
  }
  return "info";
}

int syslog_priority(LogLevel level) {
  switch (level) {
    case LogLevel::Info:
      return LOG_INFO;
    case LogLevel::Warning:
      return LOG_WARNING;
    case LogLevel::Error:
      return LOG_ERR;
  }
  return LOG_INFO;
}

}  // namespace

void set_log_target(Config::LogTarget target) {
  if (target == Config::LogTarget::Syslog) {
    std::call_once(g_openlog_once, [] { openlog("sa-triage-milter", LOG_PID, LOG_MAIL); });
  }
  g_target.store(target);
}

void log_line(LogLevel level, std::string_view text) {
  // Controls, Unicode line breaks (NEL, U+2028/2029), bidi controls and invalid UTF-8 all
  // become '?': a line stays one line for every reader of the log.
  const std::string line = line_safe(text, '?', false);
  if (g_target.load() == Config::LogTarget::Syslog) {
    syslog(syslog_priority(level), "%s", line.c_str());
    return;
  }
  std::lock_guard<std::mutex> lock(g_stderr_mutex);
  std::fprintf(stderr, "sa-triage-milter: %s: %s\n", level_name(level), line.c_str());
  std::fflush(stderr);
}

}  // namespace sa
