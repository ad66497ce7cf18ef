// held_desk.h - the hold queue as the 保留 page sees it: each held message's envelope and
// what the milter wrote in its headers (core/triage_headers.h), read through Postfix's own
// tools (cli/postfix_queue.h); releasing and deleting one by queue id, with a log line naming
// the reviewer. Who may do that is reviewer_auth.h's question, not this file's.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "cli/postfix_queue.h"
#include "core/triage_headers.h"

namespace sa::web {

struct HeldMessage {
  cli::HeldEntry entry;
  TriageHeaders headers;
};

class HeldDesk {
 public:
  // `postfix_config_dir`: "" for the default instance; `prefix`: headers.prefix.
  HeldDesk(std::string postfix_config_dir, std::string prefix, std::ostream& log);

  // Throws cli::PostfixError.
  std::vector<HeldMessage> list() const;

  enum class Action { Release, Remove };
  // Releases or deletes `queue_id` (a held message) for `reviewer` and logs it; throws
  // cli::PostfixError when it is not held or the tool fails.
  HeldMessage act(Action action, const std::string& queue_id, const std::string& reviewer) const;

 private:
  cli::PostfixQueue queue_;
  std::string prefix_;
  std::ostream& log_;
};

}  // namespace sa::web
