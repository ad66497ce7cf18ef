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
  std::string from;            // normalised From value as written
  std::string subject;         // normalised
  bool subject_quoted = true;  // false: the original showed no subject; `subject` is the
                               // outer message's, which cannot make a claim by itself
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
  std::string declaration_id;                // the first one claimed, as a whole token
  std::vector<std::string> declaration_ids;  // every distinct one seen
  std::string user_number;                   // as a whole token
  std::string company;
  std::string from_domain;
  std::string status;  // a printout's 受付状況 (printout_check.h); "" for a notice
};

// A subject with a reply prefix (Re:, AW:, 返信:) or one the original did not carry claims
// nothing: such a candidate claims to be a notice only by its body's markers (an applicant's
// question "Re: 【SECURITY ACTION】…について" is not a notice).
CandidateFinding check_candidate(const Candidate& candidate, const Config& config);

}  // namespace sa
