// http_endpoint.h - the small HTTP server for Prometheus scrapes and health checks:
// GET /metrics and GET /healthz on its own thread. The facade over Boost.Asio: this header
// names no Asio type, and http_endpoint.cc is the only file under milter/ that includes it.
// It renders nothing itself: the metrics text and the health answer come from callbacks.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

namespace sa {

// The answer to /healthz: 200 "ok" when healthy, else 503 "unhealthy: " + detail (one line,
// for a person reading a monitoring alert).
struct HealthReport {
  bool healthy = false;
  std::string detail;
};

class MetricsServer {
 public:
  // Limits that keep a slow or hostile client from holding the server: a request (line and
  // headers) larger than kMaxRequestBytes gets 431, a connection that has not been answered
  // within kRequestTimeoutMs is closed, and connections beyond kMaxConnections are closed at
  // once.
  static constexpr std::size_t kMaxRequestBytes = 8192;
  static constexpr unsigned kRequestTimeoutMs = 5000;
  static constexpr std::size_t kMaxConnections = 64;

  // `listen`: "host:port" with an IPv4 address, "[v6 address]:port" or "localhost:port";
  // port 0 picks a free port (see port()). `metrics` returns the /metrics body; `health`
  // answers /healthz. Both run on the server's thread, must be thread-safe with respect to
  // the daemon and should be quick (a slow one holds up the other requests).
  MetricsServer(std::string listen, std::function<std::string()> metrics,
                std::function<HealthReport()> health);
  // The same with a plain yes/no health (503 "unhealthy" without detail).
  MetricsServer(std::string listen, std::function<std::string()> metrics,
                std::function<bool()> healthy);
  ~MetricsServer();  // stops
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

  // Binds, listens and starts the thread. Throws std::runtime_error naming the address when
  // `listen` is malformed or the address cannot be bound (e.g. in use); std::logic_error when
  // already started.
  void start();
  // Closes the listener and every open connection, then joins the thread. Idempotent.
  void stop();
  // The bound port (the one chosen when listening on port 0); 0 before start().
  unsigned short port() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace sa
