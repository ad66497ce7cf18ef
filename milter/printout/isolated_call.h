// isolated_call.h - untrusted-input work (poppler reading an applicant's PDF) in a child
// process forked from this one, so that what it does to itself cannot reach the milter: a
// page that takes minutes (poppler cannot be interrupted inside a page) is killed at the
// deadline, one whose memory grows without end (Form XObjects that draw each other twice)
// stops at its own limit, and a crash ends only the child. The child starts as a copy of
// this process, so poppler's global state (CMaps, already loaded) comes with it for free.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include "printout/printout_reading.h"

namespace sa {

struct IsolatedResult {
  enum class End { Done, Timeout, Failed };
  End end = End::Failed;
  std::string output;  // what the child wrote, whole only when end is Done
};

// Runs `work(fd)` in a forked child, which writes its result to `fd` and returns; the child
// then leaves with _exit. Waits until the child has closed the pipe and exited (Done when it
// exited with status 0), or until `deadline`: then the child is killed (Timeout). It may map
// at most `memory_bytes` more than this process has, and use CPU until the deadline.
// Failed: no child (fork failed), or it died, or wrote more than `max_output` bytes.
IsolatedResult run_isolated(const std::function<void(int fd)>& work,
                            PrintoutClock::time_point deadline, std::size_t memory_bytes,
                            std::size_t max_output);

// Writes all of `bytes` to `fd` (the child's side); false when the pipe is gone.
bool write_all(int fd, const void* bytes, std::size_t size);

}  // namespace sa
