// http_endpoint.cc - MetricsServer on Boost.Asio: one io_context on one thread, an acceptor,
// and one Session per connection that reads a bounded request head under a deadline,
// answers it and closes (no keep-alive). The only file that includes Asio; it knows HTTP
// just well enough for GET/HEAD of two paths.
#include "metrics/http_endpoint.h"

#include <array>
#include <boost/asio/buffers_iterator.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <stdexcept>
#include <string_view>
#include <thread>
#include <unordered_set>

#include "core/config.h"

namespace sa {

namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using boost::system::error_code;

// After the response, what the client still sends is read and dropped (so closing does not
// reset the connection before the client has read the answer), up to this much.
constexpr std::size_t kMaxDrainBytes = 1 << 20;
// Pause before accepting again after an accept error (e.g. out of file descriptors).
constexpr auto kAcceptRetry = std::chrono::milliseconds(100);

// The same parse the config loader validates metrics.listen with (core/config.h).
tcp::endpoint parse_listen(const std::string& listen) {
  auto fail = [&](const std::string& why) {
    throw std::runtime_error("metrics listen \"" + listen + "\": " + why);
  };
  ListenAddress parsed;
  std::string why;
  if (!parse_listen_address(listen, parsed, why)) fail(why);
  asio::ip::address address;
  if (parsed.host == "localhost") {
    address = asio::ip::address_v4::loopback();
  } else {
    error_code ec;
    address = asio::ip::make_address(parsed.host, ec);
    if (ec) fail("host must be an IP address or localhost");
  }
  return tcp::endpoint(address, static_cast<unsigned short>(parsed.port));
}

std::string http_response(std::string_view status, std::string_view content_type,
                          const std::string& body, bool with_body,
                          std::string_view extra_headers = "") {
  std::string out = "HTTP/1.1 ";
  out.append(status).append("\r\nContent-Type: ").append(content_type);
  out.append("\r\nContent-Length: ").append(std::to_string(body.size()));
  out.append("\r\nCache-Control: no-store\r\nConnection: close\r\n").append(extra_headers);
  out.append("\r\n");
  if (with_body) out.append(body);
  return out;
}

constexpr std::string_view kPlain = "text/plain; charset=utf-8";

// The whole response to one request head (request line and headers, CRLF CRLF included).
std::string answer(std::string_view head, const std::function<std::string()>& metrics,
                   const std::function<HealthReport()>& health) {
  std::string_view line = head.substr(0, head.find("\r\n"));
  std::size_t first = line.find(' ');
  std::size_t second = first == std::string_view::npos ? first : line.find(' ', first + 1);
  if (second == std::string_view::npos || line.find(' ', second + 1) != std::string_view::npos ||
      !line.substr(second + 1).starts_with("HTTP/1.") || first == 0) {
    return http_response("400 Bad Request", kPlain, "bad request\n", true);
  }
  std::string_view method = line.substr(0, first);
  std::string_view target = line.substr(first + 1, second - first - 1);
  target = target.substr(0, target.find('?'));
  bool head_only = method == "HEAD";
  if (method != "GET" && !head_only) {
    return http_response("405 Method Not Allowed", kPlain, "method not allowed\n", true,
                         "Allow: GET, HEAD\r\n");
  }
  try {
    if (target == "/metrics") {
      return http_response("200 OK", "text/plain; version=0.0.4; charset=utf-8", metrics(),
                           !head_only);
    }
    if (target == "/healthz") {
      const HealthReport report = health();
      if (report.healthy) return http_response("200 OK", kPlain, "ok\n", !head_only);
      std::string body = "unhealthy";
      if (!report.detail.empty()) body += ": " + report.detail;
      for (char& c : body) {
        if (c == '\n' || c == '\r') c = ' ';
      }
      return http_response("503 Service Unavailable", kPlain, body + "\n", !head_only);
    }
  } catch (const std::exception&) {
    return http_response("500 Internal Server Error", kPlain, "internal error\n", !head_only);
  }
  return http_response("404 Not Found", kPlain, "not found\n", !head_only);
}

class Session;

// The acceptor and everything the sessions share; touched only on the io thread after start.
class Listener {
 public:
  Listener(std::string listen, std::function<std::string()> metrics,
           std::function<HealthReport()> health)
      : listen_(std::move(listen)), metrics_(std::move(metrics)), health_(std::move(health)) {}

  void open();
  void accept();
  void close_all();

  asio::io_context io_;
  tcp::acceptor acceptor_{io_};
  asio::steady_timer accept_retry_{io_};
  std::string listen_;
  std::function<std::string()> metrics_;
  std::function<HealthReport()> health_;
  std::unordered_set<Session*> sessions_;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Listener& listener)
      : socket_(std::move(socket)), listener_(listener), deadline_(listener.io_) {
    listener_.sessions_.insert(this);
  }
  ~Session() { listener_.sessions_.erase(this); }

  void start() {
    deadline_.expires_after(std::chrono::milliseconds(MetricsServer::kRequestTimeoutMs));
    deadline_.async_wait([self = shared_from_this()](error_code ec) {
      if (!ec) self->close();
    });
    asio::async_read_until(
        socket_, request_, "\r\n\r\n",
        [self = shared_from_this()](error_code ec, std::size_t n) { self->on_request(ec, n); });
  }

  void close() {
    if (closed_) return;
    closed_ = true;
    error_code ignored;
    deadline_.cancel();
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
  }

 private:
  void on_request(error_code ec, std::size_t n) {
    if (closed_) return;
    if (ec == asio::error::not_found) {  // the buffer filled before the head ended
      respond(http_response("431 Request Header Fields Too Large", kPlain, "request too large\n",
                            true));
      return;
    }
    if (ec) {
      close();
      return;
    }
    std::string head(asio::buffers_begin(request_.data()),
                     asio::buffers_begin(request_.data()) + n);
    respond(answer(head, listener_.metrics_, listener_.health_));
  }

  void respond(std::string response) {
    response_ = std::move(response);
    asio::async_write(socket_, asio::buffer(response_),
                      [self = shared_from_this()](error_code ec, std::size_t) {
                        if (self->closed_) return;
                        if (ec) {
                          self->close();
                          return;
                        }
                        error_code ignored;
                        self->socket_.shutdown(tcp::socket::shutdown_send, ignored);
                        self->drain();
                      });
  }

  // Reads and drops until the client closes, the drain limit or the deadline.
  void drain() {
    socket_.async_read_some(asio::buffer(scratch_),
                            [self = shared_from_this()](error_code ec, std::size_t n) {
                              if (self->closed_) return;
                              self->drained_ += n;
                              if (ec || self->drained_ > kMaxDrainBytes) {
                                self->close();
                                return;
                              }
                              self->drain();
                            });
  }

  tcp::socket socket_;
  Listener& listener_;
  asio::steady_timer deadline_;
  asio::streambuf request_{MetricsServer::kMaxRequestBytes};
  std::string response_;
  std::array<char, 4096> scratch_{};
  std::size_t drained_ = 0;
  bool closed_ = false;
};

void Listener::open() {
  tcp::endpoint endpoint = parse_listen(listen_);
  error_code ec;
  auto fail = [&](std::string_view step) {
    error_code ignored;
    acceptor_.close(ignored);  // so a later start() can try again
    throw std::runtime_error("metrics listen \"" + listen_ + "\": cannot " + std::string(step) +
                             ": " + ec.message());
  };
  acceptor_.open(endpoint.protocol(), ec);
  if (ec) fail("open a socket");
  acceptor_.set_option(tcp::acceptor::reuse_address(true), ec);
  if (ec) fail("set SO_REUSEADDR");
  acceptor_.bind(endpoint, ec);
  if (ec) fail("bind");
  acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) fail("listen");
}

void Listener::accept() {
  acceptor_.async_accept([this](error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
    if (ec) {  // e.g. EMFILE: wait a little rather than spin
      accept_retry_.expires_after(kAcceptRetry);
      accept_retry_.async_wait([this](error_code timer_ec) {
        if (!timer_ec) accept();
      });
      return;
    }
    if (sessions_.size() < MetricsServer::kMaxConnections) {
      std::make_shared<Session>(std::move(socket), *this)->start();
    }  // else the socket closes as it goes out of scope
    accept();
  });
}

void Listener::close_all() {
  error_code ignored;
  acceptor_.close(ignored);
  accept_retry_.cancel();
  // close() does not destroy a session (its pending handlers hold it), so the set is stable.
  for (Session* session : sessions_) session->close();
}

}  // namespace

struct MetricsServer::State : Listener {
  using Listener::Listener;
  std::thread thread;
  unsigned short port = 0;
  bool started = false;
};

MetricsServer::MetricsServer(std::string listen, std::function<std::string()> metrics,
                             std::function<HealthReport()> health)
    : state_(std::make_unique<State>(std::move(listen), std::move(metrics), std::move(health))) {}

MetricsServer::MetricsServer(std::string listen, std::function<std::string()> metrics,
                             std::function<bool()> healthy)
    : MetricsServer(std::move(listen), std::move(metrics), [healthy = std::move(healthy)] {
        return HealthReport{healthy(), ""};
      }) {}

MetricsServer::~MetricsServer() { stop(); }

void MetricsServer::start() {
  if (state_->started) throw std::logic_error("MetricsServer::start called twice");
  state_->open();
  state_->started = true;
  state_->port = state_->acceptor_.local_endpoint().port();
  state_->accept();
  state_->thread = std::thread([state = state_.get()] {
    for (;;) {
      try {
        state->io_.run();
        return;
      } catch (const std::exception&) {
        // A handler failed (e.g. out of memory): that connection is lost, the server goes on.
      }
    }
  });
}

void MetricsServer::stop() {
  if (!state_->thread.joinable()) return;
  asio::post(state_->io_, [state = state_.get()] { state->close_all(); });
  state_->thread.join();
}

unsigned short MetricsServer::port() const { return state_->port; }

}  // namespace sa
