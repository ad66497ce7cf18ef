// process_stats.cc - /proc/self/statm, /proc/self/fd and RLIMIT_NOFILE.
#include "metrics/process_stats.h"

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>

namespace sa {

ProcessStats read_process_stats() {
  ProcessStats stats;
  if (FILE* statm = std::fopen("/proc/self/statm", "r")) {
    long long size = 0;
    long long resident = 0;
    if (std::fscanf(statm, "%lld %lld", &size, &resident) == 2) {
      stats.resident_bytes = resident * sysconf(_SC_PAGESIZE);
    }
    std::fclose(statm);
  }
  if (DIR* dir = opendir("/proc/self/fd")) {
    while (const dirent* entry = readdir(dir)) {
      if (entry->d_name[0] != '.') ++stats.open_fds;
    }
    closedir(dir);
    --stats.open_fds;  // the directory stream's own descriptor
  }
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
    stats.max_fds = static_cast<std::int64_t>(limit.rlim_cur);
  }
  return stats;
}

}  // namespace sa
