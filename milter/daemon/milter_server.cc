// milter_server.cc - listening, accepting, and one thread per MTA connection reading packets
// in bulk and writing each answer at once (see milter_server.h).
#include "daemon/milter_server.h"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <system_error>
#include <thread>

#include "daemon/daemon_log.h"
#include "daemon/milter_wire.h"

namespace sa {
namespace {

// How long a connection may stay silent, or a reply unread, before it is given up: the 2 h
// 10 s libmilter waited by default (Postfix's own timeouts are far shorter).
constexpr int kIdleSeconds = 7210;
// A thread whose connection ended waits this long for the next one before it ends: Postfix
// opens a milter connection per SMTP session, and under load the next one comes within
// milliseconds; after a burst the extra threads are gone in a moment.
constexpr std::chrono::seconds kThreadIdle{2};

std::string cannot_listen(const SocketSpec& spec, const std::string& why) {
  return "cannot listen on " + spec.text() + ": " + why;
}

std::string errno_text() { return std::strerror(errno); }

int listen_unix(const SocketSpec& spec) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (spec.path.size() >= sizeof addr.sun_path) {
    throw std::runtime_error(cannot_listen(
        spec, "path longer than " + std::to_string(sizeof addr.sun_path - 1) + " bytes"));
  }
  std::memcpy(addr.sun_path, spec.path.c_str(), spec.path.size() + 1);
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error(cannot_listen(spec, errno_text()));
  const mode_t old_mask = ::umask(0177);  // the socket starts private; widened by the caller
  const int rc = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  ::umask(old_mask);
  if (rc != 0 || ::listen(fd, SOMAXCONN) != 0) {
    const std::string why = errno_text();
    ::close(fd);
    throw std::runtime_error(cannot_listen(spec, why));
  }
  return fd;
}

int listen_tcp(const SocketSpec& spec) {
  addrinfo hints{};
  hints.ai_family = spec.family == SocketSpec::Family::Inet6 ? AF_INET6 : AF_INET;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string port = std::to_string(spec.port);
  const int rc =
      ::getaddrinfo(spec.host.empty() ? nullptr : spec.host.c_str(), port.c_str(), &hints, &found);
  if (rc != 0) throw std::runtime_error(cannot_listen(spec, ::gai_strerror(rc)));
  std::string why = "no address";
  int fd = -1;
  for (addrinfo* a = found; a != nullptr && fd < 0; a = a->ai_next) {
    fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) {
      why = errno_text();
      continue;
    }
    const int on = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    // Accepted sockets inherit it on Linux; set again on each, to be sure (REFERENCE.md §5).
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    if (::bind(fd, a->ai_addr, a->ai_addrlen) != 0 || ::listen(fd, SOMAXCONN) != 0) {
      why = errno_text();
      ::close(fd);
      fd = -1;
    }
  }
  ::freeaddrinfo(found);
  if (fd < 0) throw std::runtime_error(cannot_listen(spec, why));
  return fd;
}

// Over TCP the MTA sends the no-reply steps as small writes back to back, and Postfix does
// not set TCP_NODELAY: each write waits for the ACK of the one before. A delayed ACK here
// (up to 40 ms) would stall every such step (REFERENCE.md §5). TCP_QUICKACK sends any ACK
// now owed and keeps ACKs immediate until the kernel leaves quick-ACK mode again, so it is
// set before every read. (The milter's own side needs no such care: TCP_NODELAY is set, and
// each answer is one write.)
void ack_at_once(int fd) {
  const int on = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_QUICKACK, &on, sizeof on);
}

bool send_all(int fd, const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

MilterServer::MilterServer(const SocketSpec& spec, HandlerFactory factory)
    : spec_(spec), factory_(std::move(factory)) {
  listen_fd_ = spec.family == SocketSpec::Family::Unix ? listen_unix(spec) : listen_tcp(spec);
  wake_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (wake_fd_ < 0) {
    ::close(listen_fd_);
    throw std::runtime_error(cannot_listen(spec, "eventfd: " + errno_text()));
  }
  struct stat st {};
  if (spec.family == SocketSpec::Family::Unix && ::stat(spec.path.c_str(), &st) == 0) {
    socket_dev_ = st.st_dev;
    socket_ino_ = st.st_ino;
  }
}

MilterServer::~MilterServer() {
  stop();
  wait_for_connections(std::chrono::milliseconds(0));
  {
    std::unique_lock<std::mutex> lock(mutex_);
    work_.wait(lock, [this] { return threads_ == 0; });
  }
  ::close(listen_fd_);
  ::close(wake_fd_);
  struct stat st {};
  // The socket file goes with the server, unless another process has put its own there.
  if (socket_ino_ != 0 && ::stat(spec_.path.c_str(), &st) == 0 && st.st_dev == socket_dev_ &&
      st.st_ino == socket_ino_) {
    ::unlink(spec_.path.c_str());
  }
}

void MilterServer::serve() {
  while (!stopping_) {
    pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {wake_fd_, POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      log_line(LogLevel::Error, "poll on the listening socket: " + errno_text());
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      continue;
    }
    if (stopping_) break;
    if ((fds[0].revents & POLLIN) == 0) continue;
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
        log_line(LogLevel::Error, "cannot accept an MTA connection: " + errno_text());
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
      continue;
    }
    start_connection(fd);
  }
}

void MilterServer::start_connection(int fd) {
  if (spec_.family != SocketSpec::Family::Unix) {
    const int on = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
  }
  timeval idle{kIdleSeconds, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &idle, sizeof idle);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &idle, sizeof idle);
  std::shared_ptr<Connection> connection;
  try {
    connection = std::make_shared<Connection>();
    connection->fd = fd;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      connections_.emplace(connection.get(), connection);
      if (idle_threads_ > 0) {  // a thread whose connection ended takes it
        --idle_threads_;
        waiting_.push_back(connection);
        work_.notify_one();
        return;
      }
      ++threads_;
    }
    try {
      std::thread([this, connection] { connection_thread(connection); }).detach();
    } catch (...) {
      std::lock_guard<std::mutex> lock(mutex_);
      if (--threads_ == 0) work_.notify_all();
      throw;
    }
  } catch (const std::exception& e) {
    // No thread (or no memory): the MTA sees the connection close and applies its default.
    log_line(LogLevel::Error, std::string("cannot serve an MTA connection: ") + e.what());
    if (connection)
      end_connection(connection);
    else
      ::close(fd);
  }
}

void MilterServer::connection_thread(std::shared_ptr<Connection> connection) {
  while (connection) {
    run_connection(std::move(connection));
    std::unique_lock<std::mutex> lock(mutex_);
    ++idle_threads_;
    work_.wait_for(lock, kThreadIdle, [this] { return !waiting_.empty() || stopping_; });
    if (!waiting_.empty()) {  // start_connection counted this thread busy again
      connection = std::move(waiting_.front());
      waiting_.pop_front();
    } else {
      --idle_threads_;
    }
  }
  std::lock_guard<std::mutex> lock(mutex_);
  if (--threads_ == 0) work_.notify_all();
}

void MilterServer::end_connection(const std::shared_ptr<Connection>& connection) {
  std::lock_guard<std::mutex> lock(mutex_);  // stop() must not shut a reused descriptor
  ::close(connection->fd);
  connections_.erase(connection.get());
  if (connections_.empty()) ended_.notify_all();
}

void MilterServer::run_connection(std::shared_ptr<Connection> connection) {
  const int fd = connection->fd;
  std::unique_ptr<MailHandler> handler;
  try {
    handler = factory_();
  } catch (const std::exception& e) {
    log_line(LogLevel::Error, std::string("cannot serve an MTA connection: ") + e.what());
    end_connection(connection);
    return;
  }
  {
    MilterSession session(*handler);
    wire::PacketReader reader;
    std::string out;
    bool open = true;
    const bool tcp = spec_.family != SocketSpec::Family::Unix;
    try {
      while (open) {
        const std::size_t want = reader.wanted();
        char* area = reader.read_area(want);
        if (tcp) ack_at_once(fd);
        const ssize_t n = ::recv(fd, area, want, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        reader.commit(static_cast<std::size_t>(n));
        while (open) {
          std::optional<wire::Packet> packet = reader.next();
          if (!packet) break;
          open = session.handle(*packet, out);
        }
        if (reader.failed()) {
          log_line(LogLevel::Warning, "closing an MTA connection: packet length out of range");
          open = false;
        }
        if (!out.empty()) {
          if (!send_all(fd, out)) open = false;
          out.clear();
        }
        connection->in_message = session.in_message();
        if (stopping_ && !session.in_message()) break;
      }
    } catch (const std::exception& e) {
      // No memory for a packet: the connection ends, the MTA applies its default action.
      log_line(LogLevel::Error, std::string("closing an MTA connection: ") + e.what());
    }
    session.finish();
  }
  handler.reset();
  end_connection(connection);
}

void MilterServer::stop() {
  stopping_ = true;
  const std::uint64_t one = 1;
  if (::write(wake_fd_, &one, sizeof one) < 0) {
    // Already signalled (the counter is full): serve() wakes anyway.
  }
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& [_, c] : connections_) {
    if (!c->in_message) ::shutdown(c->fd, SHUT_RD);
  }
  work_.notify_all();  // idle threads end
}

bool MilterServer::wait_for_connections(std::chrono::milliseconds limit) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (ended_.wait_for(lock, limit, [this] { return connections_.empty(); })) return true;
  for (const auto& [_, c] : connections_) ::shutdown(c->fd, SHUT_RDWR);
  ended_.wait(lock, [this] { return connections_.empty(); });
  return false;
}

int MilterServer::connection_count() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return static_cast<int>(connections_.size());
}

}  // namespace sa
