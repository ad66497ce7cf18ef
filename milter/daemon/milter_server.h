// milter_server.h - the listening socket and the MTA connections: one thread per connection,
// as libmilter had (kept for the next connection a while instead of ended), but each read takes
// every packet that has arrived (Postfix sends the no-reply steps back to back) and each answer
// goes out in one write (end of message: all edits and the final reply together). The protocol is
// MilterSession's, the decisions the MailHandler's.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "daemon/milter_session.h"
#include "daemon/socket_spec.h"

namespace sa {

class MilterServer {
 public:
  using HandlerFactory = std::function<std::unique_ptr<MailHandler>()>;

  // Opens and listens on `spec` (a unix socket starts with mode 0600: widen it after).
  // Throws std::runtime_error "cannot listen on SPEC: reason".
  MilterServer(const SocketSpec& spec, HandlerFactory factory);
  ~MilterServer();  // stops, cuts what is left, waits for the connection threads
  MilterServer(const MilterServer&) = delete;
  MilterServer& operator=(const MilterServer&) = delete;

  // Accepts connections until stop(); returns then (connections may still be finishing).
  void serve();

  // From any thread: no new connections; idle ones are closed now, one in the middle of a
  // message once that message is answered. Safe to call more than once.
  void stop();

  // After stop(): waits up to `limit` for every connection to end, then cuts the rest
  // (the MTA applies its default action) and waits for their threads. True when all ended
  // in time.
  bool wait_for_connections(std::chrono::milliseconds limit);

  int connection_count() const;

 private:
  struct Connection {
    int fd = -1;
    std::atomic<bool> in_message{false};
  };

  void connection_thread(std::shared_ptr<Connection> connection);  // then the next ones
  void run_connection(std::shared_ptr<Connection> connection);
  void start_connection(int fd);
  void end_connection(const std::shared_ptr<Connection>& connection);

  SocketSpec spec_;
  HandlerFactory factory_;
  int listen_fd_ = -1;
  int wake_fd_ = -1;  // eventfd: wakes serve() for stop()
  dev_t socket_dev_ = 0;
  ino_t socket_ino_ = 0;  // the unix socket file this server made (removed at the end)
  std::atomic<bool> stopping_{false};

  mutable std::mutex mutex_;
  std::condition_variable ended_;
  std::unordered_map<Connection*, std::shared_ptr<Connection>> connections_;
  std::condition_variable work_;  // a waiting connection, stop(), or the last thread ended
  std::deque<std::shared_ptr<Connection>> waiting_;  // accepted, for an idle thread
  int idle_threads_ = 0;                             // threads waiting for a connection
  int threads_ = 0;                                  // connection threads alive
};

}  // namespace sa
