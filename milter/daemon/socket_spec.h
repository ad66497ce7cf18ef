// socket_spec.h - the milter's listening socket: parsing `unix:/path`, `inet:PORT@HOST`,
// `inet6:PORT@HOST`, clearing a stale unix socket file before listening, and the
// socket-level settings applied once libmilter has opened it (mode, group, TCP_NODELAY).
// Does not open the socket itself: libmilter (smfi_opensocket) does.
#pragma once

#include <sys/socket.h>

#include <string>

namespace sa {

struct SocketSpec {
  enum class Family { Unix, Inet, Inet6 } family = Family::Unix;
  std::string path;  // unix
  int port = 0;      // inet, inet6
  std::string host;  // inet, inet6 (brackets removed); may be empty (any address)

  // The spelling libmilter's smfi_setconn accepts.
  std::string libmilter_spec() const;
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

// For TCP: sets TCP_NODELAY on this process's listening socket bound to spec.port (accepted
// sockets inherit it on Linux), avoiding Nagle/delayed-ACK stalls (REFERENCE.md §5).
// Returns false when no such socket was found.
bool set_nodelay_on_listener(const SocketSpec& spec);

// Connects to the socket once and closes: wakes libmilter's accept loop so a pending
// smfi_stop takes effect at once instead of at the loop's next poll timeout. Errors ignored.
void wake_listener(const SocketSpec& spec);

// The address to connect to for `spec` (an unset or wildcard host: loopback); its length.
socklen_t connect_address(const SocketSpec& spec, sockaddr_storage& addr);

}  // namespace sa
