// self_probe.h - the daemon's look at its own socket as Postfix would use it, for /healthz:
// the unix socket file still there and the one this process made, reachable by
// milter.socket_group (directories and mode), and answering a milter connection: connect,
// option negotiation (SMFIC_OPTNEG), quit. Speaks just enough of the milter protocol for
// that; it sends no mail and so counts no message.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>

#include "core/config.h"
#include "daemon/socket_spec.h"

namespace sa {

class SelfProbe {
 public:
  // Call right after the socket was opened: remembers the unix socket's inode.
  SelfProbe(SocketSpec spec, std::string socket_group, std::string socket_mode);

  // "" when Postfix could use the socket now, else the cause ("socket /x: mode 0600 gives
  // group postfix no read and write access"). Blocks for at most `limit`.
  std::string problem(std::chrono::milliseconds limit = std::chrono::milliseconds(1000)) const;

 private:
  SocketSpec spec_;
  std::string socket_group_;
  std::string socket_mode_;
  dev_t device_ = 0;
  ino_t inode_ = 0;
};

}  // namespace sa
