// start_check.h - what sa-triage-milter needs from the host to start with a config, checked
// without starting it: the users and groups it names, the socket's directory (there, or
// creatable at start; writable by the service user; reachable by milter.socket_group, which
// also needs read and write in milter.socket_mode), the ledger's directory and file for the
// service user and its ledger.reviewer_group (which must exist and have the service user),
// a metrics port the service user may bind, and the printout readers' module. Used by
// `sa-triage-milter -t`, `sa-triage check-config` and the daemon's own start. Reads users, groups
// and file modes; changes nothing (see prepare_socket_directory for the one thing start may
// create).
#pragma once

#include <string>
#include <vector>

#include "core/config.h"

namespace sa {

struct StartProblem {
  std::string where;    // Config::locate: "FILE:LINE: KEY"
  std::string message;  // what is wrong and, where it helps, the command that fixes it
  // True when the daemon cannot start this way (socket, user, group, metrics); false for what
  // it survives (a ledger it cannot write makes each message's recording fail, mail flows).
  bool blocks_start = true;

  std::string text() const { return where + ": " + message; }
};

// The user the milter serves as: milter.user when set, else whoever runs the check; with the
// groups it will have (this process's groups when it already runs as that user, as under the
// systemd unit with its Group=).
struct ServiceIdentity {
  std::string name;
  unsigned uid = 0;
  std::vector<unsigned> gids;  // primary first
};

// Who starts the milter: the service user itself, as the systemd unit does (User=, no
// capabilities) - what -t and check-config assume; or this process, for the daemon's own
// check at start (as root it creates the socket and binds the metrics port before it drops
// to milter.user).
enum class StartedBy { ServiceUser, ThisProcess };

// All problems found, in config order. `socket_flag` names the command-line flag that set
// milter.socket, when one did (Config::kCommandLine).
// With printouts on (printouts.pdf or printouts.ocr), the printout readers' module must be
// a file the service user can read: `printout_module`, by default where the programs look
// for it (core/printout_module.h). It is not loaded here (it is loaded when a printout is
// first read); a missing one does not block the start: mail flows and its printouts say
// printout=reader-unavailable.
std::vector<StartProblem> check_start(const Config& config, StartedBy started_by,
                                      const std::string& socket_flag = "",
                                      const std::string& printout_module = "");

// Whether a member of `group` (not the owner: Postfix) can connect to the unix socket at
// `socket_path` with mode `socket_mode`: it must enter every directory on the way and have
// read and write access to the socket (its file when it exists, else the mode it will get).
// "" when it can, else why not ("group postfix cannot enter /x (owner a:b, mode 0700)").
std::string group_access_problem(const std::string& socket_path, const std::string& group,
                                 const std::string& socket_mode);

// At start, as root: creates a missing unix-socket directory (mode 0750, owner milter.user,
// group milter.socket_group) when its parent exists. Does nothing otherwise; throws
// std::runtime_error when the mkdir or chown fails.
void prepare_socket_directory(const Config& config);

}  // namespace sa
