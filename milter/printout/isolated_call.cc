// isolated_call.cc - fork, limits, the pipe and the deadline (isolated_call.h).
#include "printout/isolated_call.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>

namespace sa {
namespace {

// This process's mapped size in bytes (the first field of /proc/self/statm, in pages).
std::size_t mapped_bytes() {
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return 0;
  unsigned long pages = 0;
  const bool ok = std::fscanf(f, "%lu", &pages) == 1;
  std::fclose(f);
  return ok ? pages * static_cast<std::size_t>(sysconf(_SC_PAGESIZE)) : 0;
}

void limit(int resource, rlim_t value) {
  rlimit r{value, value};
  setrlimit(resource, &r);
}

}  // namespace

bool write_all(int fd, const void* bytes, std::size_t size) {
  const char* p = static_cast<const char*>(bytes);
  while (size > 0) {
    const ssize_t n = ::write(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

IsolatedResult run_isolated(const std::function<void(int fd)>& work,
                            PrintoutClock::time_point deadline, std::size_t memory_bytes,
                            std::size_t max_output) {
  IsolatedResult result;
  // Measured before the fork: the child must not read /proc after it (fopen allocates, and
  // the child of a threaded process should do as little as it can besides the work).
  const std::size_t address_space = mapped_bytes() + memory_bytes;
  const auto left =
      std::chrono::duration_cast<std::chrono::seconds>(deadline - PrintoutClock::now());
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return result;
  const pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return result;
  }
  if (pid == 0) {
    // Only the pipe stays open: the milter's sockets, and other workers' pipes (which would
    // hold back their end of file), are not the child's.
    const unsigned keep = static_cast<unsigned>(fds[1]);
    if (keep > 3) close_range(3, keep - 1, 0);
    close_range(keep + 1, ~0U, 0);
    if (address_space > memory_bytes) limit(RLIMIT_AS, address_space);
    limit(RLIMIT_CPU, static_cast<rlim_t>(std::max<long>(1, left.count() + 1)));
    limit(RLIMIT_CORE, 0);
    work(fds[1]);
    _exit(0);
  }
  close(fds[1]);
  bool timed_out = false, too_much = false;
  char buf[64 * 1024];
  for (;;) {
    const auto now = PrintoutClock::now();
    if (now >= deadline) {
      timed_out = true;
      break;
    }
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count();
    pollfd p{fds[0], POLLIN, 0};
    const int ready = poll(&p, 1, static_cast<int>(std::min<long long>(ms + 1, 60000)));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;  // the deadline is checked above
    const ssize_t n = ::read(fds[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // the child closed the pipe (it is leaving)
    if (result.output.size() + static_cast<std::size_t>(n) > max_output) {
      too_much = true;
      break;
    }
    result.output.append(buf, static_cast<std::size_t>(n));
  }
  close(fds[0]);
  if (timed_out || too_much) kill(pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out) {
    result.end = IsolatedResult::End::Timeout;
  } else if (!too_much && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
    result.end = IsolatedResult::End::Done;
  }
  return result;
}

}  // namespace sa
