// evidence.h - what the engine found in one message: the verdict with its reasons and
// the fields extracted from the forwarded notice. Secrets (the user number) are kept in
// full here; presentation (masking) happens when headers or output are made.
#pragma once

#include <string>
#include <vector>

#include "core/verdict.h"

namespace sa {

struct Evidence {
  Verdict verdict = Verdict::None;
  std::vector<std::string> reasons;  // machine readable, e.g. "sender-domain=ipa.go.jp"
  std::string notice;                // template name, "" when none matched
  int star = 0;                      // 1 or 2; 0 unknown
  std::string declaration_id;        // ASCII digits
  std::string user_number;           // full value: a login credential, never log as is
  std::string company;
  std::string printout_status;  // a printout's 受付状況 as it shows it (e.g. 宣言済); "" otherwise
  std::string original_from;
  std::string original_subject;
  std::string original_date;
  ForwardStyle forward = ForwardStyle::None;
  std::string auth;          // value for the Auth header, "" when nothing was checked
  std::string ledger_error;  // why recording failed (for the log), "" when it did not
  std::string seen;          // ledger sighting: "first", "repeat", "other-applicant"; "" unrecorded
  // The grant programme the mail is addressed to (grant_requirement.h) and whether the star
  // meets its min_star: "met", "not-met", "unknown"; "" when no programme or min_star applies.
  std::string programme;
  std::string requirement;
  // Notice ① paired with ② (notice_pair.h): the X-SA-Triage-Pair value; "" when none.
  std::string pair;
  // When verified: the exact bytes of the original whose signature passed, the only bytes
  // every field above was read from (`sa-triage check --show-original` prints them).
  std::string verified_original;
};

}  // namespace sa
