// self_probe.cc - stat + permission look (host/start_check.h) and a timed milter handshake
// over a unix or TCP connection of its own.
#include "daemon/self_probe.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "daemon/milter_wire.h"
#include "host/start_check.h"

namespace sa {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::uint32_t kAllActions = 0x1FF;      // SMFI_CURR_ACTS, as Postfix 3.x offers
constexpr std::uint32_t kAllProtocol = 0x1FFFFF;  // SMFI_CURR_PROT

// One milter packet as a string.
std::string packet(char command, const std::string& data = "") {
  std::string out;
  wire::put_packet(out, command, data);
  return out;
}

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

int remaining_ms(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return left.count() > 0 ? static_cast<int>(left.count()) : 0;
}

// Waits for `events` on fd until the deadline; false on timeout or error.
bool wait_for(int fd, short events, Clock::time_point deadline) {
  pollfd p{fd, events, 0};
  for (;;) {
    int rc = poll(&p, 1, remaining_ms(deadline));
    if (rc > 0) return true;
    if (rc == 0 || errno != EINTR) return false;
  }
}

// Connects without blocking past the deadline; "" or why not.
std::string connect_to(const SocketSpec& spec, int& fd_out, Clock::time_point deadline) {
  sockaddr_storage addr{};
  const socklen_t len = connect_address(spec, addr);
  int fd = socket(addr.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) return std::string("socket(): ") + std::strerror(errno);
  fd_out = fd;
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), len) == 0) return "";
  if (errno != EINPROGRESS && errno != EAGAIN) return std::strerror(errno);
  if (!wait_for(fd, POLLOUT, deadline)) return "connect timed out";
  int err = 0;
  socklen_t err_len = sizeof err;
  getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &err_len);
  return err == 0 ? "" : std::strerror(err);
}

bool send_all(int fd, const std::string& data, Clock::time_point deadline) {
  std::size_t sent = 0;
  while (sent < data.size()) {
    ssize_t n = send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<std::size_t>(n);
    } else if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
      if (!wait_for(fd, POLLOUT, deadline)) return false;
    } else {
      return false;
    }
  }
  return true;
}

// Reads one packet's command byte (the rest is read and dropped); 0 on failure.
char read_reply(int fd, Clock::time_point deadline) {
  std::string got;
  std::size_t want = 5;
  char buf[512];
  while (got.size() < want) {
    if (!wait_for(fd, POLLIN, deadline)) return 0;
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) {
      if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
      return 0;
    }
    got.append(buf, static_cast<std::size_t>(n));
    if (got.size() >= 4) {
      const auto* p = reinterpret_cast<const unsigned char*>(got.data());
      const std::uint32_t len = (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) |
                                (std::uint32_t{p[2]} << 8) | p[3];
      if (len == 0 || len > 65536) return 0;
      want = 4 + len;
    }
  }
  return got[4];
}

}  // namespace

SelfProbe::SelfProbe(SocketSpec spec, std::string socket_group, std::string socket_mode)
    : spec_(std::move(spec)),
      socket_group_(std::move(socket_group)),
      socket_mode_(std::move(socket_mode)) {
  struct stat st {};
  if (spec_.family == SocketSpec::Family::Unix && stat(spec_.path.c_str(), &st) == 0) {
    device_ = st.st_dev;
    inode_ = st.st_ino;
  }
}

std::string SelfProbe::problem(std::chrono::milliseconds limit) const {
  const std::string name = "socket " + spec_.text();
  if (spec_.family == SocketSpec::Family::Unix) {
    struct stat st {};
    if (lstat(spec_.path.c_str(), &st) != 0) {
      return name + ": " + std::strerror(errno) + " (removed while the milter runs? restart it)";
    }
    if (!S_ISSOCK(st.st_mode) || st.st_dev != device_ || st.st_ino != inode_) {
      return name + ": replaced by another file since the milter opened it (restart it)";
    }
    if (!socket_group_.empty()) {
      const std::string why = group_access_problem(spec_.path, socket_group_, socket_mode_);
      if (!why.empty()) return name + ": " + why + ": Postfix cannot connect";
    }
  }
  const auto deadline = Clock::now() + limit;
  int raw = -1;
  const std::string refused = connect_to(spec_, raw, deadline);
  Fd fd(raw);
  if (!refused.empty()) return name + ": connect: " + refused;
  std::string negotiate;
  wire::put_u32(negotiate, wire::kVersion);
  wire::put_u32(negotiate, kAllActions);
  wire::put_u32(negotiate, kAllProtocol);
  if (!send_all(fd.get(), packet(wire::kNegotiate, negotiate), deadline)) {
    return name + ": the milter closed the connection before negotiating";
  }
  const char reply = read_reply(fd.get(), deadline);
  if (reply != wire::kNegotiate) {
    return name + (reply == 0 ? ": no milter negotiation reply within " +
                                    std::to_string(limit.count()) + " ms"
                              : std::string(": unexpected reply '") + reply + "' to negotiation");
  }
  send_all(fd.get(), packet(wire::kQuit), deadline);
  return "";
}

}  // namespace sa
