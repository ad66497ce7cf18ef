// message_log.cc - formatting of the per-message log line.
#include "daemon/message_log.h"

#include "core/privacy.h"
#include "core/text_controls.h"
#include "core/verdict.h"

namespace sa {
namespace {

constexpr std::size_t kMaxField = 160;

// Untrusted text for a key=value log field: no spaces, controls, bidi or invisible format
// characters (a Unicode line break such as NEL or U+2028 would let a log reader show a
// forged line), valid UTF-8, bounded.
std::string field(const std::string& value) {
  if (value.empty()) return "-";
  return line_safe(value, '_', true, kMaxField);
}

// A value that may hold spaces (the configured hold reason), in double quotes.
std::string quoted(const std::string& value) {
  std::string out = "\"";
  for (char c : line_safe(value, '_', false, kMaxField)) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string format_message_line(const MessageRecord& record, const Config& config) {
  const Envelope& env = *record.envelope;
  const Evidence& ev = record.inspection->evidence;
  std::string line;
  line += "queue_id=" + field(env.queue_id);
  line += " from=<" + (env.sender.empty() ? std::string() : field(env.sender)) + ">";
  line += " verdict=" + std::string(to_string(ev.verdict));
  line += " notice=" + field(ev.notice);
  line += " star=" + (ev.star > 0 ? std::to_string(ev.star) : std::string("-"));
  line += " declaration_id=" + field(ev.declaration_id);
  line += " user_number=" +
          field(present_user_number(ev.user_number, config.user_number_privacy, config.hash_salt));
  line += " forward=" + std::string(to_string(ev.forward));
  line += std::string(" in_scope=") + (record.inspection->in_scope ? "yes" : "no");
  if (record.inspection->out_of_scope_claim) line += " out_of_scope_claim=yes";
  line += " route=" + field(record.inspection->plan.route);
  line += " result=" + record.result;
  if (const auto& reason = record.inspection->plan.quarantine_reason) {
    line += " hold_reason=" + quoted(*reason);
  }
  if (record.inspection->failure) {
    line += " failure=" + field(failure_reason(*record.inspection->failure));
  }
  if (!ev.ledger_error.empty()) line += " ledger_error=" + field(ev.ledger_error);
  if (!ev.reasons.empty()) {
    std::string reasons;
    for (const std::string& r : ev.reasons) reasons += (reasons.empty() ? "" : ",") + r;
    line += " reasons=" + field(reasons);
  }
  line += " elapsed_ms=" + std::to_string(record.elapsed_ms);
  return line;
}

}  // namespace sa
