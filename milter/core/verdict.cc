// verdict.cc - spellings of verdicts and forward styles.
#include "core/verdict.h"

#include <algorithm>

#include "core/evidence_ledger.h"

namespace sa {

std::string_view to_string(Verdict v) {
  switch (v) {
    case Verdict::None:
      return "none";
    case Verdict::Consistent:
      return "consistent";
    case Verdict::Verified:
      return "verified";
    case Verdict::Suspicious:
      return "suspicious";
    case Verdict::Error:
      return "error";
  }
  return "error";
}

std::string_view to_string(ForwardStyle f) {
  switch (f) {
    case ForwardStyle::None:
      return "none";
    case ForwardStyle::Direct:
      return "direct";
    case ForwardStyle::Redirect:
      return "redirect";
    case ForwardStyle::Attachment:
      return "attachment";
    case ForwardStyle::Inline:
      return "inline";
    case ForwardStyle::AttachmentMsg:
      return "attachment-msg";
    case ForwardStyle::Tnef:
      return "tnef";
    case ForwardStyle::Printout:
      return "printout";
  }
  return "none";
}

std::string_view to_string(Sighting s) {
  switch (s) {
    case Sighting::First:
      return "first";
    case Sighting::Repeat:
      return "repeat";
    case Sighting::OtherApplicant:
      return "other-applicant";
  }
  return "first";
}

void add_sighting_reason(std::vector<std::string>& reasons, Sighting s) {
  if (s != Sighting::OtherApplicant) return;
  if (std::find(reasons.begin(), reasons.end(), "duplicate-id") == reasons.end()) {
    reasons.emplace_back("duplicate-id");
  }
}

bool parse_verdict(std::string_view text, Verdict& out) {
  for (Verdict v : {Verdict::None, Verdict::Consistent, Verdict::Verified, Verdict::Suspicious,
                    Verdict::Error}) {
    if (to_string(v) == text) {
      out = v;
      return true;
    }
  }
  return false;
}

}  // namespace sa
