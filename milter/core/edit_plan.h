// edit_plan.h - the edits the milter applies to one message, as data. Produced by the
// core (plan_edits), applied by the milter adapter, printed by `sa-triage check`.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace sa {

struct HeaderDelete {
  std::string name;  // as it appears in the message
  int index = 1;     // per-name occurrence index, from 1 (smfi_chgheader)
};

struct HeaderAdd {
  std::string name;
  std::string value;  // already safe: ASCII, RFC 2047 encoded, folded with LF + space
};

struct SmtpReply {
  std::string code;   // "550" or "451"
  std::string xcode;  // "5.7.1"
  std::string message;
};

struct EditPlan {
  // Every incoming header carrying the prefix, LAST occurrence first per name, so each
  // delete leaves the indices of the ones still to come unchanged.
  std::vector<HeaderDelete> deletes;
  std::vector<HeaderAdd> adds;
  std::optional<std::string> new_subject;  // encoded value for Subject (index 1)
  std::vector<std::string> add_recipients;
  std::vector<std::string> delete_recipients;
  std::optional<std::string> quarantine_reason;  // at most 100 characters
  std::optional<SmtpReply> reject;               // 5xx: the message is refused
  std::optional<SmtpReply> tempfail;             // 4xx: the sender retries
  std::string route;  // name of the routing rule that matched ("" = default tag)
};

}  // namespace sa
