// control_signals.h - the daemon's control signals. libmilter's own signal thread treats
// SIGHUP as stop, so SIGTERM, SIGINT and SIGHUP stay blocked in every other thread and the
// main thread takes them with a handler feeding a pipe: Linux delivers a process-directed
// signal to the main thread when it does not block it, so even a SIGHUP arriving during a
// reload comes here, never to libmilter. Deciding what a signal means is main.cc's job.
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
