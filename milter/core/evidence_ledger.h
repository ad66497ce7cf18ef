// evidence_ledger.h - the interface to the evidence ledger: every evidence message is
// recorded, and the answer says whether its 自己宣言ID was seen before and from whom.
// Implementations (SQLite, PostgreSQL) live in milter/ledger; the core only calls this.
#pragma once

#include <ctime>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/verdict.h"

namespace sa {

struct LedgerEntry {
  std::time_t time = 0;
  std::string queue_id;
  std::string message_id;
  std::string envelope_sender;
  std::string applicant_domain;  // domain of the envelope sender (else of the From header)
  std::string declaration_id;    // may be empty (application-accepted carries none)
  std::string notice;
  int star = 0;
  Verdict verdict = Verdict::None;
  std::string company;
  ForwardStyle forward = ForwardStyle::None;
  std::string auth;                  // the X-SA-Triage-Auth value, "" when nothing was checked
  std::vector<std::string> reasons;  // the verdict's reasons before the sighting's
  // Sender domain and folded company name (notice_pair.h): links an applicant's notice ①
  // and ②; "" when either is missing.
  std::string applicant_key;
  std::string programme;    // X-SA-Triage-Programme, "" when none
  std::string requirement;  // X-SA-Triage-Requirement, "" when none
};

// A notice the ledger recorded for an applicant: what pairing ① with ② needs.
struct NoticeSighting {
  std::time_t time = 0;
  int star = 0;
  std::string declaration_id;
  Verdict verdict = Verdict::None;
};

// How the entry's 自己宣言ID relates to earlier entries.
enum class Sighting {
  First,           // never seen (or no ID to compare)
  Repeat,          // seen before, from the same applicant domain
  OtherApplicant,  // seen before from a different applicant domain: reason duplicate-id
};

// Thrown by a ledger that cannot record (locked, disk full, read-only, unreachable).
class LedgerError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class EvidenceLedger {
 public:
  virtual ~EvidenceLedger() = default;
  // Records the entry and reports the sighting. Thread-safe. Throws LedgerError. The
  // sighting is final at once; the row itself may be committed a little later (flush).
  virtual Sighting record(const LedgerEntry& entry) = 0;
  // Commits every row recorded before the call; false when that failed (the rows stay
  // queued and are tried again). A ledger that writes at once has nothing to do.
  virtual bool flush() { return true; }
  // The latest `verified` or `consistent` row of `notice` with this applicant_key, or none
  // (an empty key finds nothing), rows recorded and not yet committed included.
  // Thread-safe. Throws LedgerError.
  virtual std::optional<NoticeSighting> find_notice(const std::string& applicant_key,
                                                    const std::string& notice) = 0;
};

std::string_view to_string(Sighting s);

// Adds the reason a sighting gives (duplicate-id for OtherApplicant) to `reasons`, once:
// the engine for its headers, the ledgers for the row they store.
void add_sighting_reason(std::vector<std::string>& reasons, Sighting s);

}  // namespace sa
