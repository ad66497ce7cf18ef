// process_stats.h - this process's resident memory and file descriptors, read from
// /proc/self (still visible under systemd's ProtectProc=invisible and ProcSubset=pid) for the
// process_* metrics. Zero where a value cannot be read.
#pragma once

#include <cstdint>

namespace sa {

struct ProcessStats {
  std::int64_t resident_bytes = 0;
  std::int64_t open_fds = 0;
  std::int64_t max_fds = 0;
};

ProcessStats read_process_stats();

}  // namespace sa
