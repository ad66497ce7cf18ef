// socket_spec.cc - parsing and socket-level setup of the milter's listening socket.
#include "daemon/socket_spec.h"

#include <arpa/inet.h>
#include <grp.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <stdexcept>
#include <string_view>

namespace sa {
namespace {

// Parses "PORT@HOST" (HOST optional, "[v6]" brackets allowed).
void parse_port_host(std::string_view rest, SocketSpec& spec, const std::string& text) {
  std::string_view port_text = rest;
  std::string_view host;
  if (auto at = rest.find('@'); at != std::string_view::npos) {
    port_text = rest.substr(0, at);
    host = rest.substr(at + 1);
  }
  int port = 0;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port < 1 || port > 65535) {
    throw std::invalid_argument("socket '" + text + "': port must be 1-65535");
  }
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  for (char c : host) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '-' || c == ':' || c == '_';
    if (!ok) throw std::invalid_argument("socket '" + text + "': bad character in host");
  }
  spec.port = port;
  spec.host = std::string(host);
}

std::string errno_text() { return std::strerror(errno); }

}  // namespace

std::string SocketSpec::text() const {
  switch (family) {
    case Family::Unix:
      return "unix:" + path;
    case Family::Inet:
      return "inet:" + std::to_string(port) + (host.empty() ? "" : "@" + host);
    case Family::Inet6:
      return "inet6:" + std::to_string(port) + (host.empty() ? "" : "@" + host);
  }
  return "";
}

SocketSpec parse_socket_spec(const std::string& text) {
  SocketSpec spec;
  std::string_view t = text;
  auto colon = t.find(':');
  if (colon == std::string_view::npos) {
    throw std::invalid_argument("socket '" + text +
                                "': expected unix:/path, inet:PORT@HOST or inet6:PORT@HOST");
  }
  std::string_view kind = t.substr(0, colon);
  std::string_view rest = t.substr(colon + 1);
  if (kind == "unix" || kind == "local") {
    if (rest.empty() || rest.front() != '/') {
      throw std::invalid_argument("socket '" + text + "': unix socket path must be absolute");
    }
    if (rest.size() >= sizeof(sockaddr_un{}.sun_path)) {
      throw std::invalid_argument("socket '" + text + "': unix socket path too long");
    }
    spec.family = SocketSpec::Family::Unix;
    spec.path = std::string(rest);
  } else if (kind == "inet" || kind == "inet6") {
    spec.family = kind == "inet" ? SocketSpec::Family::Inet : SocketSpec::Family::Inet6;
    parse_port_host(rest, spec, text);
  } else {
    throw std::invalid_argument("socket '" + text + "': unknown kind '" + std::string(kind) +
                                "' (unix, inet or inet6)");
  }
  return spec;
}

void remove_stale_socket(const SocketSpec& spec) {
  if (spec.family != SocketSpec::Family::Unix) return;
  struct stat st {};
  if (lstat(spec.path.c_str(), &st) != 0) return;  // nothing there
  if (!S_ISSOCK(st.st_mode)) {
    throw std::runtime_error(spec.path + " exists and is not a socket");
  }
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error("socket(): " + errno_text());
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, spec.path.c_str(), spec.path.size() + 1);
  int rc = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  close(fd);
  if (rc == 0) throw std::runtime_error("another process is listening on " + spec.path);
  if (unlink(spec.path.c_str()) != 0 && errno != ENOENT) {
    throw std::runtime_error("cannot remove stale socket " + spec.path + ": " + errno_text());
  }
}

void apply_unix_socket_access(const SocketSpec& spec, const std::string& mode,
                              const std::string& group, int owner_uid) {
  if (spec.family != SocketSpec::Family::Unix) return;
  unsigned bits = 0;
  auto [end, ec] = std::from_chars(mode.data(), mode.data() + mode.size(), bits, 8);
  if (mode.empty() || ec != std::errc() || end != mode.data() + mode.size() || bits > 0777) {
    throw std::runtime_error("socket_mode '" + mode + "' is not an octal mode such as 0660");
  }
  gid_t gid = static_cast<gid_t>(-1);
  if (!group.empty()) {
    const struct group* gr = getgrnam(group.c_str());
    if (gr == nullptr) throw std::runtime_error("socket_group '" + group + "' does not exist");
    gid = gr->gr_gid;
  }
  if ((gid != static_cast<gid_t>(-1) || owner_uid >= 0) &&
      chown(spec.path.c_str(), static_cast<uid_t>(owner_uid), gid) != 0) {
    throw std::runtime_error("chown " + spec.path + ": " + errno_text());
  }
  if (chmod(spec.path.c_str(), static_cast<mode_t>(bits)) != 0) {
    throw std::runtime_error("chmod " + spec.path + ": " + errno_text());
  }
}

socklen_t connect_address(const SocketSpec& spec, sockaddr_storage& addr) {
  addr = sockaddr_storage{};
  socklen_t len = 0;
  if (spec.family == SocketSpec::Family::Unix) {
    auto* un = reinterpret_cast<sockaddr_un*>(&addr);
    un->sun_family = AF_UNIX;
    std::memcpy(un->sun_path, spec.path.c_str(), spec.path.size() + 1);
    len = sizeof(sockaddr_un);
  } else if (spec.family == SocketSpec::Family::Inet) {
    auto* in = reinterpret_cast<sockaddr_in*>(&addr);
    in->sin_family = AF_INET;
    in->sin_port = htons(static_cast<uint16_t>(spec.port));
    if (spec.host.empty() || inet_pton(AF_INET, spec.host.c_str(), &in->sin_addr) != 1) {
      in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    }
    len = sizeof(sockaddr_in);
  } else {
    auto* in6 = reinterpret_cast<sockaddr_in6*>(&addr);
    in6->sin6_family = AF_INET6;
    in6->sin6_port = htons(static_cast<uint16_t>(spec.port));
    if (spec.host.empty() || inet_pton(AF_INET6, spec.host.c_str(), &in6->sin6_addr) != 1) {
      in6->sin6_addr = in6addr_loopback;
    }
    len = sizeof(sockaddr_in6);
  }
  return len;
}

}  // namespace sa
