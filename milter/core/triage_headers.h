// triage_headers.h - reading back the X-SA-Triage-* headers the milter wrote, from a message
// as it sits in a queue or mailbox (e.g. Postfix's hold queue), plus its own From, To,
// Subject and Date for display: the inverse of the header part of edit_planner.h, for the
// `sa-triage held` commands and the tests. Trusts only the headers' presence, not their
// meaning: a message the milter never saw has none (present is false).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sa {

struct TriageHeaders {
  bool present = false;  // at least one header with the prefix
  std::string verdict;
  std::string notice;
  std::string star;  // "1", "2" or ""
  std::string declaration_id;
  std::string user_number;      // as written (masked by default); see display_user_number
  std::string company;          // RFC 2047 decoded
  std::string printout_status;  // a printout's 受付状況, RFC 2047 decoded
  std::string original_from;
  std::string forward;
  std::string auth;
  std::string seen;
  std::string programme;    // RFC 2047 decoded
  std::string requirement;  // "met", "not-met", "unknown" or ""
  std::string pair;         // e.g. "first-notice-seen 2026-11-10 ★★ 40000000001"
  std::vector<std::string> reasons;

  // The message's own header fields, decoded.
  std::string from;
  std::string to;
  std::string subject;
  std::string date;
};

// Reads the header section of `raw_message` (headers only is enough). `prefix` is
// headers.prefix ("X-SA-Triage-"), matched case-insensitively. Where a name occurs more than
// once the last occurrence counts (the milter appends its own after deleting forged ones).
TriageHeaders read_triage_headers(std::string_view raw_message, std::string_view prefix);

// The 利用者番号 as a person may see it in a list or a digest: masked whatever the header
// holds (privacy.user_number: full writes it whole); hashed and masked values unchanged.
std::string display_user_number(const std::string& written);

}  // namespace sa
