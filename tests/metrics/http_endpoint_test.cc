// http_endpoint_test.cc - the real MetricsServer on 127.0.0.1 port 0, scraped by a Boost.Asio
// client: /metrics, /healthz following healthy(), 404/405/400, an oversized request, a silent
// client that must not hold up others, many concurrent scrapes, bind failures, stop.
#include "metrics/http_endpoint.h"

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "metrics/metrics_registry.h"

namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

struct Reply {
  bool complete = false;  // the server answered and closed within the time limit
  int status = 0;
  std::string head;
  std::string body;
};

// Sends `request` to 127.0.0.1:port and reads until the server closes, for at most `limit`.
Reply http_exchange(unsigned short port, const std::string& request,
                    std::chrono::milliseconds limit = std::chrono::seconds(10)) {
  asio::io_context io;
  tcp::socket socket(io);
  std::string data;
  Reply reply;
  socket.async_connect({asio::ip::address_v4::loopback(), port}, [&](boost::system::error_code ec) {
    if (ec) return;
    asio::async_write(socket, asio::buffer(request), [&](boost::system::error_code, std::size_t) {
      asio::async_read(socket, asio::dynamic_buffer(data),
                       [&](boost::system::error_code read_ec, std::size_t) {
                         reply.complete = read_ec == asio::error::eof;
                       });
    });
  });
  io.run_for(limit);
  std::size_t end = data.find("\r\n\r\n");
  if (data.rfind("HTTP/1.1 ", 0) == 0 && end != std::string::npos) {
    reply.status = std::stoi(data.substr(9, 3));
    reply.head = data.substr(0, end);
    reply.body = data.substr(end + 4);
  }
  return reply;
}

Reply http_get(unsigned short port, const std::string& path,
               std::chrono::milliseconds limit = std::chrono::seconds(10)) {
  return http_exchange(port, "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: */*\r\n\r\n",
                       limit);
}

// True when the server closes `socket` (EOF or reset) within `limit`; what it sends first is
// read and dropped.
bool closed_by_server(asio::io_context& io, tcp::socket& socket, std::chrono::milliseconds limit) {
  std::string data;
  bool closed = false;
  asio::async_read(socket, asio::dynamic_buffer(data),
                   [&](boost::system::error_code, std::size_t) { closed = true; });
  io.restart();
  io.run_for(limit);
  if (!closed) {
    socket.close();
    io.restart();
    io.run();  // the aborted read's handler runs while `closed` still exists
    return false;
  }
  return true;
}

struct RunningServer {
  sa::MetricsRegistry registry{{"declaration-complete"}};
  std::atomic<bool> healthy{true};
  sa::MetricsServer server{"127.0.0.1:0", [this] { return registry.render_prometheus(); },
                           [this] { return healthy.load(); }};
  RunningServer() { server.start(); }
};

}  // namespace

TEST_CASE("GET /metrics serves the registry's text", "[http]") {
  RunningServer s;
  REQUIRE(s.server.port() != 0);
  sa::Evidence e;
  e.verdict = sa::Verdict::Verified;
  e.notice = "declaration-complete";
  e.forward = sa::ForwardStyle::Direct;
  s.registry.observe_message(e, 0.01, 1234);

  Reply reply = http_get(s.server.port(), "/metrics");
  REQUIRE(reply.complete);
  CHECK(reply.status == 200);
  CHECK(reply.head.find("Content-Type: text/plain; version=0.0.4") != std::string::npos);
  CHECK(reply.head.find("Content-Length: " + std::to_string(reply.body.size())) !=
        std::string::npos);
  // The same text, but for the process_* gauges (memory and descriptors move between calls).
  auto without_process = [](const std::string& text) {
    return text.substr(0, text.find("# HELP process_"));
  };
  CHECK(without_process(reply.body) == without_process(s.registry.render_prometheus()));
  CHECK(
      reply.body.find(
          R"(sa_triage_messages_total{verdict="verified",notice="declaration-complete",forward="direct"} 1)") !=
      std::string::npos);
  CHECK(reply.body.find("sa_triage_message_bytes_total 1234") != std::string::npos);

  // A query string does not change the path; HEAD gets the headers only.
  CHECK(http_get(s.server.port(), "/metrics?name[]=x").status == 200);
  Reply head = http_exchange(s.server.port(), "HEAD /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(head.status == 200);
  CHECK(head.body.empty());
}

TEST_CASE("/healthz follows healthy()", "[http]") {
  RunningServer s;
  Reply ok = http_get(s.server.port(), "/healthz");
  CHECK(ok.status == 200);
  CHECK(ok.body == "ok\n");
  s.healthy = false;
  Reply down = http_get(s.server.port(), "/healthz");
  CHECK(down.status == 503);
  s.healthy = true;
  CHECK(http_get(s.server.port(), "/healthz").status == 200);
}

TEST_CASE("/healthz 503 names the cause on one line", "[http]") {
  std::string cause = "socket unix:/x/milter.sock: group postfix cannot enter /x\n(mode 0700)";
  sa::MetricsServer server(
      "127.0.0.1:0", [] { return std::string(); },
      [&] {
        return sa::HealthReport{cause.empty(), cause};
      });
  server.start();
  Reply down = http_get(server.port(), "/healthz");
  CHECK(down.status == 503);
  CHECK(down.body ==
        "unhealthy: socket unix:/x/milter.sock: group postfix cannot enter /x (mode 0700)\n");
  cause.clear();
  Reply ok = http_get(server.port(), "/healthz");
  CHECK(ok.status == 200);
  CHECK(ok.body == "ok\n");
}

TEST_CASE("a healthy() or metrics() that throws answers 500 and the server goes on", "[http]") {
  sa::MetricsServer server(
      "127.0.0.1:0", []() -> std::string { throw std::runtime_error("registry gone"); },
      []() -> bool { throw std::runtime_error("no state"); });
  server.start();
  CHECK(http_get(server.port(), "/metrics").status == 500);
  CHECK(http_get(server.port(), "/healthz").status == 500);
  CHECK(http_get(server.port(), "/nothing").status == 404);
}

TEST_CASE("unknown paths, other methods and malformed requests", "[http]") {
  RunningServer s;
  CHECK(http_get(s.server.port(), "/").status == 404);
  CHECK(http_get(s.server.port(), "/metrics/../etc/passwd").status == 404);
  Reply post = http_exchange(s.server.port(),
                             "POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi");
  CHECK(post.status == 405);
  CHECK(post.head.find("Allow: GET, HEAD") != std::string::npos);
  CHECK(http_exchange(s.server.port(), "GET /metrics\r\n\r\n").status == 400);
  CHECK(http_exchange(s.server.port(), "\x16\x03\x01 binary junk\r\n\r\n").status == 400);
}

TEST_CASE("an oversized request is refused without reading it all", "[http]") {
  RunningServer s;
  std::string request = "GET /metrics HTTP/1.1\r\nX-Pad: " + std::string(20000, 'a') + "\r\n\r\n";
  Reply reply = http_exchange(s.server.port(), request);
  REQUIRE(reply.complete);
  CHECK(reply.status == 431);
  // Just under the limit is still served.
  std::string fits = "GET /metrics HTTP/1.1\r\nX-Pad: " + std::string(7000, 'a') + "\r\n\r\n";
  CHECK(http_exchange(s.server.port(), fits).status == 200);
}

TEST_CASE("a silent client neither blocks a scrape nor stays connected", "[http]") {
  RunningServer s;
  asio::io_context io;
  tcp::socket silent(io);
  silent.connect({asio::ip::address_v4::loopback(), s.server.port()});
  // A request started but never finished, on a second connection.
  tcp::socket partial(io);
  partial.connect({asio::ip::address_v4::loopback(), s.server.port()});
  asio::write(partial, asio::buffer(std::string("GET /metrics HTTP/1.1\r\nHost:")));

  auto start = Clock::now();
  Reply reply = http_get(s.server.port(), "/metrics");
  CHECK(reply.status == 200);
  CHECK(Clock::now() - start < std::chrono::seconds(2));

  // The server closes both after its read timeout.
  auto limit = std::chrono::milliseconds(sa::MetricsServer::kRequestTimeoutMs + 2000);
  CHECK(closed_by_server(io, silent, limit));
  CHECK(closed_by_server(io, partial, std::chrono::milliseconds(500)));
}

TEST_CASE("many concurrent scrapes all succeed", "[http]") {
  RunningServer s;
  std::atomic<int> ok{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 16; ++t) {
    clients.emplace_back([&] {
      for (int i = 0; i < 10; ++i) {
        Reply reply = http_get(s.server.port(), i % 2 ? "/metrics" : "/healthz");
        if (reply.complete && reply.status == 200) ++ok;
      }
    });
  }
  for (auto& client : clients) client.join();
  CHECK(ok == 160);
}

TEST_CASE("more connections than the limit do not stop the server", "[http]") {
  RunningServer s;
  asio::io_context io;
  std::vector<tcp::socket> idle;
  for (std::size_t i = 0; i < sa::MetricsServer::kMaxConnections + 10; ++i) {
    idle.emplace_back(io);
    idle.back().connect({asio::ip::address_v4::loopback(), s.server.port()});
  }
  // Over the limit a connection is closed at once; after the idle ones time out, it serves.
  auto deadline =
      Clock::now() + std::chrono::milliseconds(sa::MetricsServer::kRequestTimeoutMs + 3000);
  int status = 0;
  while (status != 200 && Clock::now() < deadline) {
    status = http_get(s.server.port(), "/healthz", std::chrono::seconds(1)).status;
    if (status != 200) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  CHECK(status == 200);
}

TEST_CASE("listen addresses: IPv6, bad forms, address in use", "[http]") {
  sa::MetricsServer v6(
      "[::1]:0", [] { return std::string("m"); }, [] { return true; });
  v6.start();
  CHECK(v6.port() != 0);

  for (const char* bad :
       {"", "9795", "127.0.0.1", "127.0.0.1:", "127.0.0.1:65536", "127.0.0.1:http", "::1:9795",
        "[::1]9795", "[::1", "example.org:9795", "999.1.1.1:9795"}) {
    INFO(bad);
    sa::MetricsServer server(
        bad, [] { return std::string(); }, [] { return true; });
    CHECK_THROWS_AS(server.start(), std::runtime_error);
  }

  RunningServer first;
  sa::MetricsServer second(
      "127.0.0.1:" + std::to_string(first.server.port()), [] { return std::string(); },
      [] { return true; });
  CHECK_THROWS_WITH(second.start(), Catch::Contains("bind") && Catch::Contains("in use"));
  CHECK(http_get(first.server.port(), "/healthz").status == 200);
  // Once the port is free again, the same server starts.
  unsigned short port = first.server.port();
  first.server.stop();
  second.start();
  CHECK(second.port() == port);
  CHECK(http_get(port, "/healthz").status == 200);
}

TEST_CASE("stop closes open connections and returns promptly", "[http]") {
  auto s = std::make_unique<RunningServer>();
  unsigned short port = s->server.port();
  asio::io_context io;
  tcp::socket idle(io);
  idle.connect({asio::ip::address_v4::loopback(), port});
  auto start = Clock::now();
  s->server.stop();
  s->server.stop();  // idempotent
  CHECK(Clock::now() - start < std::chrono::seconds(1));
  CHECK(closed_by_server(io, idle, std::chrono::seconds(1)));
  CHECK_FALSE(http_get(port, "/healthz", std::chrono::seconds(1)).complete);
}
