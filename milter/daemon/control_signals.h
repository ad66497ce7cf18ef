// control_signals.h - the daemon's control signals. SIGTERM, SIGINT and SIGHUP stay blocked in
// every thread but the main one, which takes them with a handler feeding a pipe. Deciding what a
// signal means is main.cc's job.
#pragma once

#include <signal.h>

#include <chrono>

namespace sa {

// SIGTERM, SIGINT, SIGHUP: block them before starting any thread.
sigset_t control_signals();

// Catches `signals` in the calling thread from now on (installs the handler, unblocks them
// here only). Throws std::runtime_error when the pipe cannot be made.
void install_signal_pipe(const sigset_t& signals);

// The next signal caught, or 0 when `wait` passed without one.
int next_signal(std::chrono::milliseconds wait);

}  // namespace sa
