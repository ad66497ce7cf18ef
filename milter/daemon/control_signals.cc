// control_signals.cc - SIGTERM, SIGINT and SIGHUP taken by the main thread through a
// self-pipe (see control_signals.h).
#include "daemon/control_signals.h"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace sa {
namespace {

int g_signal_pipe[2] = {-1, -1};

extern "C" void on_control_signal(int sig) {
  const unsigned char byte = static_cast<unsigned char>(sig);
  if (::write(g_signal_pipe[1], &byte, 1) < 0) {
    // The pipe is full: signals are already waiting to be handled.
  }
}

}  // namespace

void install_signal_pipe(const sigset_t& signals) {
  if (::pipe2(g_signal_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
    throw std::runtime_error(std::string("pipe2: ") + std::strerror(errno));
  }
  struct sigaction action {};
  action.sa_handler = on_control_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  for (int sig : {SIGTERM, SIGINT, SIGHUP}) sigaction(sig, &action, nullptr);
  pthread_sigmask(SIG_UNBLOCK, &signals, nullptr);
}

// The next signal caught, or 0 when `wait` passed without one.
int next_signal(std::chrono::milliseconds wait) {
  pollfd p{g_signal_pipe[0], POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(wait.count())) <= 0) return 0;
  unsigned char byte = 0;
  return ::read(g_signal_pipe[0], &byte, 1) == 1 ? byte : 0;
}

sigset_t control_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  return set;
}

}  // namespace sa
