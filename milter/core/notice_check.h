// notice_check.h - judge one candidate original against the notice templates: does it
// claim to be an IPA notice, which one, is everything about it consistent, and what do
// its fields say. Works on normalised text; knows nothing of MIME or forwarding.
#pragma once

#include <string>
#include <vector>

#include "core/config.h"
#include "core/verdict.h"

namespace sa {

struct MessageView;

struct Candidate {
  ForwardStyle style = ForwardStyle::None;
  std::string from;     // normalised From value as written
  std::string subject;  // normalised
  std::string date;
  std::string body;                      // normalised
  const MessageView* message = nullptr;  // the original as a message (not for inline)
};

struct CandidateFinding {
  bool claims = false;              // it presents itself as a SECURITY ACTION notice
  Verdict verdict = Verdict::None;  // Consistent or Suspicious when it claims
  std::vector<std::string> reasons;
  std::string notice;
  int star = 0;
  std::string declaration_id;
  std::vector<std::string> declaration_ids;  // every distinct one seen
  std::string user_number;
  std::string company;
  std::string from_domain;
};

CandidateFinding check_candidate(const Candidate& candidate, const Config& config);

}  // namespace sa
