// daemon_log.cc - one-line log output to stderr or syslog.
#include "daemon/daemon_log.h"

#include <syslog.h>

#include <atomic>
#include <cstdio>
#include <mutex>
#include <string>

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
  std::string line;
  line.reserve(text.size());
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    line.push_back(u < 0x20 || u == 0x7f ? '?' : c);
  }
  if (g_target.load() == Config::LogTarget::Syslog) {
    syslog(syslog_priority(level), "%s", line.c_str());
    return;
  }
  std::lock_guard<std::mutex> lock(g_stderr_mutex);
  std::fprintf(stderr, "sa-triage-milter: %s: %s\n", level_name(level), line.c_str());
  std::fflush(stderr);
}

}  // namespace sa
