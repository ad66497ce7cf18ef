// held_desk.cc - listing, releasing and deleting held mail for the desk.
#include "web/held_desk.h"

#include "core/text_controls.h"

namespace sa::web {

HeldDesk::HeldDesk(std::string postfix_config_dir, std::string prefix, std::ostream& log)
    : queue_(std::move(postfix_config_dir)), prefix_(std::move(prefix)), log_(log) {}

std::vector<HeldMessage> HeldDesk::list() const {
  std::vector<HeldMessage> out;
  for (const cli::HeldEntry& e : queue_.held()) {
    try {
      out.push_back({e, read_triage_headers(queue_.message(e.queue_id, false), prefix_)});
    } catch (const cli::PostfixError&) {
      // Released or deleted since the listing: no longer held.
    }
  }
  return out;
}

HeldMessage HeldDesk::act(Action action, const std::string& queue_id,
                          const std::string& reviewer) const {
  HeldMessage m{queue_.find_held(queue_id), {}};
  m.headers = read_triage_headers(queue_.message(queue_id, false), prefix_);
  if (action == Action::Release) {
    queue_.release(queue_id);
  } else {
    queue_.remove(queue_id);
  }
  log_ << "sa-triage-web: " << (action == Action::Release ? "released " : "deleted ") << queue_id
       << " reviewer=" << line_safe(reviewer, '?', true, 64) << " verdict="
       << (m.headers.verdict.empty() ? "-" : line_safe(m.headers.verdict, '?', true, 32))
       << " sender=<" << line_safe(m.entry.sender, '?', true, 200) << ">" << std::endl;
  return m;
}

}  // namespace sa::web
