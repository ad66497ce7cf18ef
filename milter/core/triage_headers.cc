// triage_headers.cc - read_triage_headers over header_section's raw fields.
#include "core/triage_headers.h"

#include "core/ascii.h"
#include "core/charset.h"
#include "core/header_section.h"
#include "core/header_value.h"
#include "core/privacy.h"

namespace sa {
namespace {

std::string trimmed(std::string s) {
  const auto first = s.find_first_not_of(" \t");
  const auto last = s.find_last_not_of(" \t");
  return first == std::string::npos ? std::string() : s.substr(first, last - first + 1);
}

}  // namespace

TriageHeaders read_triage_headers(std::string_view raw_message, std::string_view prefix) {
  TriageHeaders out;
  const std::string want = ascii_lower(prefix);
  for (const RawHeader& h : raw_headers(raw_message)) {
    const std::string name = ascii_lower(trimmed(h.name));
    // Shown on terminals and pages: no controls, bidi or invisible characters (an encoded
    // CR LF in a Subject must not print a forged "verdict: verified" line).
    const std::string value = clean_header_text(decode_rfc2047(h.value), 998);
    if (name == "from") out.from = value;
    if (name == "to") out.to = value;
    if (name == "subject") out.subject = value;
    if (name == "date") out.date = value;
    if (name.compare(0, want.size(), want) != 0) continue;
    out.present = true;
    const std::string field = name.substr(want.size());
    if (field == "verdict") out.verdict = value;
    if (field == "notice") out.notice = value;
    if (field == "star") out.star = value;
    if (field == "declaration-id") out.declaration_id = value;
    if (field == "user-number") out.user_number = value;
    if (field == "company") out.company = value;
    if (field == "printout-status") out.printout_status = value;
    if (field == "original-from") out.original_from = value;
    if (field == "forward") out.forward = value;
    if (field == "auth") out.auth = value;
    if (field == "seen") out.seen = value;
    if (field == "programme") out.programme = value;
    if (field == "requirement") out.requirement = value;
    if (field == "pair") out.pair = value;
    if (field == "reasons") {
      out.reasons.clear();
      std::string word;
      for (char c : value + " ") {
        if (c == ' ' || c == '\t') {
          if (!word.empty()) out.reasons.push_back(word);
          word.clear();
        } else {
          word += c;
        }
      }
    }
  }
  return out;
}

std::string display_user_number(const std::string& written) {
  // Already masked or hashed by the milter; anything else (a whole number, and a malformed
  // one such as "123-4567-8901", which is what a held message often carries) is masked.
  if (written.empty() || written.front() == '*' || written.rfind("sha256:", 0) == 0) {
    return written;
  }
  return present_user_number(written, UserNumberPrivacy::Mask, "");
}

}  // namespace sa
