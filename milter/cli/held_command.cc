// held_command.cc - `sa-triage held list|show|release|delete|digest`: the hold-queue
// workflow for admins and reviewers. Lists what the milter quarantined with what it found
// (verdict, reasons, notice, star, IDs with the 利用者番号 masked, company, sender, age),
// shows one message, releases or deletes it, and writes a digest fit to mail to reviewers.
// The queue is reached through Postfix's tools (postfix_queue.h), the headers read by
// core/triage_headers.h; this file only parses arguments and formats.
#include <unistd.h>

#include <ctime>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "cli/commands.h"
#include "cli/postfix_queue.h"
#include "core/header_value.h"
#include "core/triage_headers.h"

namespace sa::cli {
namespace {

constexpr const char* kUsage =
    "usage: sa-triage held list [--json] [-c POSTFIX_CONFIG_DIR] [--config FILE]\n"
    "       sa-triage held show [--raw] QUEUE_ID [-c DIR] [--config FILE]\n"
    "       sa-triage held release QUEUE_ID [-c DIR] [--config FILE]\n"
    "       sa-triage held delete QUEUE_ID [-c DIR] [--config FILE]\n"
    "       sa-triage held digest [--mail-to ADDR] [--skip-empty] [-c DIR] [--config FILE]\n";

int usage_error(const std::string& why) {
  std::cerr << "sa-triage held: " << why << "\n" << kUsage;
  return 2;
}

// One held message: the queue's envelope and what the milter wrote in its headers.
struct Held {
  HeldEntry entry;
  TriageHeaders headers;
};

std::string age(std::int64_t arrival, std::time_t now) {
  std::int64_t s = now - arrival;
  if (s < 0) s = 0;
  if (s < 3600) return std::to_string(s / 60) + "m";
  if (s < 86400) return std::to_string(s / 3600) + "h" + std::to_string(s % 3600 / 60) + "m";
  return std::to_string(s / 86400) + "d" + std::to_string(s % 86400 / 3600) + "h";
}

std::string local_time(std::int64_t t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  localtime_r(&tt, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %z", &tm);
  return buf;
}

std::string or_dash(const std::string& s) { return s.empty() ? "-" : s; }

std::string joined(const std::vector<std::string>& items, const std::string& sep) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : sep) + i;
  return out;
}

// The block `list` and `digest` print per message.
void write_summary(std::ostream& out, const Held& h, std::time_t now, const std::string& indent) {
  const TriageHeaders& t = h.headers;
  out << h.entry.queue_id << "  held " << age(h.entry.arrival_time, now) << "  ";
  if (!t.present) {
    out << "(no sa-triage headers: held by another rule)\n";
  } else {
    out << or_dash(t.verdict) << "  " << or_dash(t.notice);
    if (!t.star.empty()) out << "  ★" << t.star;
    out << "\n";
  }
  out << indent << "sender:   <" << h.entry.sender << ">";
  if (!t.original_from.empty()) out << "  original: " << t.original_from;
  out << "\n";
  if (!t.present) return;
  if (!t.company.empty()) out << indent << "company:  " << t.company << "\n";
  if (!t.declaration_id.empty() || !t.user_number.empty()) {
    out << indent << "ids:      自己宣言ID " << or_dash(t.declaration_id) << "  利用者番号 "
        << or_dash(display_user_number(t.user_number)) << "\n";
  }
  out << indent << "reasons:  " << or_dash(joined(t.reasons, " ")) << "\n";
}

nlohmann::json to_json(const Held& h, std::time_t now) {
  const TriageHeaders& t = h.headers;
  auto text = [](const std::string& s) { return s.empty() ? nlohmann::json() : nlohmann::json(s); };
  nlohmann::json j;
  j["queue_id"] = h.entry.queue_id;
  j["arrival_time"] = h.entry.arrival_time;
  j["age_seconds"] = now - h.entry.arrival_time;
  j["size"] = h.entry.size;
  j["sender"] = h.entry.sender;
  j["recipients"] = h.entry.recipients;
  j["subject"] = t.subject;
  j["triaged"] = t.present;
  j["verdict"] = text(t.verdict);
  j["notice"] = text(t.notice);
  j["star"] = t.star == "1" || t.star == "2" ? nlohmann::json(t.star[0] - '0') : text(t.star);
  j["declaration_id"] = text(t.declaration_id);
  j["user_number"] = text(display_user_number(t.user_number));
  j["company"] = text(t.company);
  j["original_from"] = text(t.original_from);
  j["forward"] = text(t.forward);
  j["auth"] = text(t.auth);
  j["seen"] = text(t.seen);
  j["programme"] = text(t.programme);
  j["requirement"] = text(t.requirement);
  j["pair"] = text(t.pair);
  j["reasons"] = t.reasons;
  return j;
}

Held read_held(const PostfixQueue& queue, const HeldEntry& entry, const Config& config) {
  return {entry, read_triage_headers(queue.message(entry.queue_id, false), config.header_prefix)};
}

std::vector<Held> read_all_held(const PostfixQueue& queue, const Config& config) {
  std::vector<Held> all;
  std::vector<std::pair<std::string, std::string>> unread;  // queue id, why
  for (const HeldEntry& e : queue.held()) {
    try {
      all.push_back(read_held(queue, e, config));
    } catch (const PostfixError& error) {
      unread.emplace_back(e.queue_id, error.what());
    }
  }
  if (unread.empty()) return all;
  // Released or deleted between the listing and the read is fine; still held and unreadable
  // (no permission) is not.
  const std::vector<HeldEntry> now = queue.held();
  for (const auto& [id, why] : unread) {
    for (const HeldEntry& e : now) {
      if (e.queue_id == id) throw PostfixError(why);
    }
  }
  return all;
}

std::string host_name() {
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) return "localhost";
  return buf;
}

// The digest's text: how many, the oldest, one block per message, and what to do next.
std::string digest_body(const std::vector<Held>& held, std::time_t now) {
  std::ostringstream out;
  out << "sa-triage: mail held for review on " << host_name() << " at " << local_time(now)
      << "\n\n";
  if (held.empty()) {
    out << "Nothing is held. 保留中のメールはありません。\n";
    return out.str();
  }
  out << held.size() << (held.size() == 1 ? " message is" : " messages are") << " held (保留中 "
      << held.size() << " 件), the oldest for " << age(held.front().entry.arrival_time, now)
      << ".\n\n";
  int n = 0;
  for (const Held& h : held) {
    out << ++n << ". ";
    write_summary(out, h, now, "   ");
    out << "\n";
  }
  out << "On " << host_name() << ", as an admin or a reviewer allowed to:\n"
      << "  sa-triage held show QUEUE_ID       the message and everything sa-triage found\n"
      << "  sa-triage held release QUEUE_ID    deliver it (it keeps its X-SA-Triage-* headers)\n"
      << "  sa-triage held delete QUEUE_ID     delete it\n";
  return out.str();
}

int run_list(const PostfixQueue& queue, const Config& config, bool json) {
  const std::time_t now = std::time(nullptr);
  const std::vector<Held> held = read_all_held(queue, config);
  for (const Held& h : held) {
    if (json) {
      std::cout << to_json(h, now).dump() << "\n";
    } else {
      write_summary(std::cout, h, now, "  ");
    }
  }
  if (!json) {
    std::cout << (held.empty() ? "nothing is held" : std::to_string(held.size()) + " held") << "\n";
  }
  return std::cout ? 0 : 1;
}

int run_show(const PostfixQueue& queue, const Config& config, const std::string& id, bool raw) {
  const HeldEntry entry = queue.find_held(id);
  const std::string message = queue.message(id, true);
  if (raw) {
    std::cout << message;
    return std::cout ? 0 : 1;
  }
  const std::time_t now = std::time(nullptr);
  const TriageHeaders t = read_triage_headers(message, config.header_prefix);
  auto line = [](const char* label, const std::string& value) {
    std::cout << label << or_dash(value) << "\n";
  };
  line("queue id:       ", entry.queue_id);
  line("held since:     ",
       local_time(entry.arrival_time) + " (" + age(entry.arrival_time, now) + ")");
  line("sender:         ", "<" + entry.sender + ">");
  line("recipients:     ", joined(entry.recipients, ", "));
  line("size:           ", std::to_string(entry.size) + " bytes");
  line("from:           ", t.from);
  line("subject:        ", t.subject);
  line("date:           ", t.date);
  if (!t.present) {
    std::cout << "sa-triage:      no X-SA-Triage-* headers (held by another rule)\n";
  } else {
    line("verdict:        ", t.verdict);
    line("reasons:        ", joined(t.reasons, " "));
    line("notice:         ", t.notice);
    line("star:           ", t.star);
    line("自己宣言ID:     ", t.declaration_id);
    line("利用者番号:     ", display_user_number(t.user_number));
    line("company:        ", t.company);
    line("original from:  ", t.original_from);
    line("forward:        ", t.forward);
    line("auth:           ", t.auth);
    line("seen:           ", t.seen);
    if (!t.programme.empty()) line("programme:      ", t.programme);
    if (!t.requirement.empty()) line("requirement:    ", t.requirement);
    if (!t.pair.empty()) line("pair:           ", t.pair);
  }
  std::cout << "\nThe whole message: sa-triage held show --raw " << id
            << "\nDeliver it: sa-triage held release " << id
            << "    Delete it: sa-triage held delete " << id << "\n";
  return std::cout ? 0 : 1;
}

int run_digest(const PostfixQueue& queue, const Config& config, const std::string& mail_to,
               bool skip_empty) {
  const std::time_t now = std::time(nullptr);
  const std::vector<Held> held = read_all_held(queue, config);
  if (held.empty() && skip_empty) return 0;
  const std::string body = digest_body(held, now);
  if (mail_to.empty()) {
    std::cout << body;
    return std::cout ? 0 : 1;
  }
  const std::string subject = "[sa-triage] " + std::to_string(held.size()) +
                              " held for review / 保留 " + std::to_string(held.size()) + " 件 (" +
                              host_name() + ")";
  std::string message = "To: " + mail_to + "\n";
  message += "Subject: " + encode_header_value(subject, "Subject") + "\n";
  message += "Auto-Submitted: auto-generated\n";
  message += "MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n";
  message += "Content-Transfer-Encoding: 8bit\n\n";
  queue.submit(message + body);
  std::cerr << "sa-triage held: digest of " << held.size() << " held sent to " << mail_to << "\n";
  return 0;
}

}  // namespace

int run_held(const std::vector<std::string>& args) {
  if (args.empty()) return usage_error("missing subcommand (list, show, release, delete, digest)");
  const std::string& action = args[0];
  if (action != "list" && action != "show" && action != "release" && action != "delete" &&
      action != "digest") {
    return usage_error("unknown subcommand '" + action + "'");
  }
  std::string config_path = default_config_path();
  std::string postfix_dir;
  std::string queue_id;
  std::string mail_to;
  bool json = false, raw = false, skip_empty = false;
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    const bool has_value = i + 1 < args.size();
    if (a == "--config" && has_value) {
      config_path = args[++i];
    } else if ((a == "-c" || a == "--postfix-config") && has_value) {
      postfix_dir = args[++i];
    } else if (action == "list" && a == "--json") {
      json = true;
    } else if (action == "show" && a == "--raw") {
      raw = true;
    } else if (action == "digest" && a == "--mail-to" && has_value) {
      mail_to = args[++i];
      if (mail_to.find('@') == std::string::npos ||
          mail_to.find_first_of(" \t\r\n,<>") != std::string::npos) {
        return usage_error("--mail-to must be one plain address, not '" + mail_to + "'");
      }
    } else if (action == "digest" && a == "--skip-empty") {
      skip_empty = true;
    } else if ((action == "show" || action == "release" || action == "delete") &&
               queue_id.empty() && !a.empty() && a[0] != '-') {
      queue_id = a;
    } else {
      return usage_error("unexpected argument '" + a + "'");
    }
  }
  const bool needs_id = action == "show" || action == "release" || action == "delete";
  if (needs_id && queue_id.empty()) return usage_error(action + " needs a QUEUE_ID");
  if (needs_id && !PostfixQueue::valid_queue_id(queue_id)) {
    return usage_error("'" + queue_id + "' is not a queue id");
  }
  try {
    const auto config = load_config(config_path);
    const PostfixQueue queue(postfix_dir);
    if (action == "list") return run_list(queue, *config, json);
    if (action == "show") return run_show(queue, *config, queue_id, raw);
    if (action == "digest") return run_digest(queue, *config, mail_to, skip_empty);
    const Held h = read_held(queue, queue.find_held(queue_id), *config);
    if (action == "release") {
      queue.release(queue_id);
      std::cout << "released " << queue_id << " (" << or_dash(h.headers.verdict) << ", from <"
                << h.entry.sender << ">): queued for delivery with its X-SA-Triage-* headers\n";
    } else {
      queue.remove(queue_id);
      std::cout << "deleted " << queue_id << " (" << or_dash(h.headers.verdict) << ", from <"
                << h.entry.sender << ">)\n";
    }
    return 0;
  } catch (const ConfigError& e) {
    std::cerr << "sa-triage: " << e.what() << "\n";
    return 2;
  } catch (const PostfixError& e) {
    std::cerr << "sa-triage held: " << e.what() << "\n";
    if (std::string(e.what()).find("ermission denied") != std::string::npos) {
      std::cerr << "sa-triage held: reading the hold queue needs root or the postfix user "
                   "(see docs/operations.md: a sudo rule for reviewers)\n";
    }
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "sa-triage held: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace sa::cli
