// http_server.cc - Boost.Beast behind DeskServer: accept, read one request with limits, hand
// it to the handler, write the answer, keep the connection while the client wants it.
#include "web/http_server.h"

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <stdexcept>

namespace sa::web {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct DeskServer::State {
  asio::io_context io;
  tcp::acceptor acceptor{io};
  std::function<HttpResponse(const HttpRequest&)> handler;
  std::atomic<std::size_t> connections{0};
};

namespace {

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket socket, DeskServer::State& state)
      : stream_(std::move(socket)), state_(state) {
    ++state_.connections;
    beast::error_code ec;
    const auto peer = stream_.socket().remote_endpoint(ec);
    if (!ec) {
      auto address = peer.address();
      if (address.is_v6() && address.to_v6().is_v4_mapped()) {
        address = asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6());
      }
      peer_ = address.to_string();
    }
  }
  ~Connection() { --state_.connections; }

  void read() {
    parser_.emplace();
    parser_->header_limit(DeskServer::kMaxHeaderBytes);
    parser_->body_limit(DeskServer::kMaxBodyBytes);
    stream_.expires_after(std::chrono::seconds(DeskServer::kRequestTimeoutSeconds));
    http::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

 private:
  void on_read(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
        ec == asio::error::operation_aborted) {
      close();
      return;
    }
    if (ec) {
      const bool too_big = ec == http::error::header_limit || ec == http::error::body_limit;
      HttpResponse r;
      r.status = too_big ? 413 : 400;
      r.content_type = "text/plain; charset=utf-8";
      r.body = too_big ? "request too large\n" : "bad request\n";
      write(r, 11, false);
      return;
    }
    const auto& msg = parser_->get();
    HttpRequest req;
    req.method = std::string(msg.method_string());
    req.target = std::string(msg.target());
    for (const auto& field : msg) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      req.headers[name] = std::string(field.value());
    }
    req.body = msg.body();
    req.peer = peer_;
    HttpResponse r;
    try {
      r = state_.handler(req);
    } catch (const std::exception& e) {
      r = HttpResponse{};
      r.status = 500;
      r.content_type = "text/plain; charset=utf-8";
      r.body = std::string("internal error: ") + e.what() + "\n";
    }
    write(r, msg.version(), msg.keep_alive());
  }

  void write(const HttpResponse& r, unsigned version, bool keep_alive) {
    auto res = std::make_shared<http::response<http::string_body>>(
        static_cast<http::status>(r.status), version);
    res->set(http::field::server, "sa-triage-web");
    res->set(http::field::content_type, r.content_type);
    for (const auto& [name, value] : r.headers) res->insert(name, value);
    res->body() = r.body;
    res->keep_alive(keep_alive);
    res->prepare_payload();
    http::async_write(
        stream_, *res,
        [self = shared_from_this(), res, keep_alive](beast::error_code ec, std::size_t) {
          if (ec || !keep_alive) {
            self->close();
          } else {
            self->read();
          }
        });
  }

  void close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  beast::tcp_stream stream_;
  DeskServer::State& state_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::string peer_;
};

void accept(DeskServer::State& state) {
  state.acceptor.async_accept([&state](beast::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted) return;
    if (!ec) {
      if (state.connections >= DeskServer::kMaxConnections) {
        socket.close(ec);
      } else {
        std::make_shared<Connection>(std::move(socket), state)->read();
      }
    }
    accept(state);
  });
}

}  // namespace

DeskServer::DeskServer(const std::string& listen,
                       std::function<HttpResponse(const HttpRequest&)> handler)
    : state_(std::make_unique<State>()) {
  state_->handler = std::move(handler);
  ListenAddress where;
  std::string why;
  if (!parse_listen_address(listen, where, why)) {
    throw std::runtime_error("web.listen '" + listen + "': " + why);
  }
  beast::error_code ec;
  const auto address =
      asio::ip::make_address(where.host == "localhost" ? "127.0.0.1" : where.host, ec);
  if (ec) throw std::runtime_error("web.listen '" + listen + "': not an address");
  const tcp::endpoint endpoint(address, static_cast<unsigned short>(where.port));
  state_->acceptor.open(endpoint.protocol(), ec);
  if (!ec) state_->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) state_->acceptor.bind(endpoint, ec);
  if (!ec) state_->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) throw std::runtime_error("web.listen '" + listen + "': " + ec.message());
}

DeskServer::~DeskServer() = default;

unsigned short DeskServer::port() const { return state_->acceptor.local_endpoint().port(); }

void DeskServer::run() {
  asio::signal_set signals(state_->io, SIGTERM, SIGINT);
  signals.async_wait([this](beast::error_code, int) { state_->io.stop(); });
  accept(*state_);
  state_->io.run();
}

}  // namespace sa::web
