// socket_spec.h - the milter's listening socket: parsing `unix:/path`, `inet:PORT@HOST`,
// `inet6:PORT@HOST`, clearing a stale unix socket file before listening, and the access
// settings applied once the socket is open (mode, group). Does not open the socket itself:
// milter_server.h does.
#pragma once

#include <sys/socket.h>

#include <string>

namespace sa {

struct SocketSpec {
  enum class Family { Unix, Inet, Inet6 } family = Family::Unix;
  std::string path;  // unix
  int port = 0;      // inet, inet6
  std::string host;  // inet, inet6 (brackets removed); may be empty (any address)

  // The spelling the config uses (and libmilter-based milters accept).
  std::string text() const;
};

// Throws std::invalid_argument with a message naming what is wrong.
SocketSpec parse_socket_spec(const std::string& text);

// For a unix socket: removes the file when nothing listens on it (a crashed run's leftover).
// Throws std::runtime_error when another process is listening there.
void remove_stale_socket(const SocketSpec& spec);

// For a unix socket: chmod to `mode` (octal text such as "0660") and chgrp to `group`
// (empty: unchanged); `owner_uid` (-1: unchanged) lets a later unprivileged run remove it.
// Throws std::runtime_error.
void apply_unix_socket_access(const SocketSpec& spec, const std::string& mode,
                              const std::string& group, int owner_uid);

// The address to connect to for `spec` (an unset or wildcard host: loopback); its length.
socklen_t connect_address(const SocketSpec& spec, sockaddr_storage& addr);

}  // namespace sa
