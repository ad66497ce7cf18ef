// http_server.h - the desk's HTTP/1.1 server: Boost.Beast on one thread, a thin adapter that
// turns each request into an HttpRequest (desk_app.h), calls the handler and writes its
// HttpResponse. Limits keep a slow or hostile client from holding it: 16 KB of headers,
// 64 KB of body, 15 s per request, 128 connections. This header names no Asio or Beast
// type; http_server.cc is the only file of milter/web that includes them.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "web/desk_app.h"

namespace sa::web {

class DeskServer {
 public:
  static constexpr std::size_t kMaxHeaderBytes = 16 * 1024;
  static constexpr std::size_t kMaxBodyBytes = 64 * 1024;
  static constexpr unsigned kRequestTimeoutSeconds = 15;
  static constexpr std::size_t kMaxConnections = 128;

  // `listen`: HOST:PORT as web.listen (port 0: any free port). Throws std::runtime_error
  // when it cannot bind.
  DeskServer(const std::string& listen, std::function<HttpResponse(const HttpRequest&)> handler);
  ~DeskServer();
  DeskServer(const DeskServer&) = delete;
  DeskServer& operator=(const DeskServer&) = delete;

  unsigned short port() const;
  // Serves until SIGTERM or SIGINT.
  void run();

  struct State;  // the Asio objects, defined in http_server.cc

 private:
  std::unique_ptr<State> state_;
};

}  // namespace sa::web
