// engine.h - the pure core's entry point: raw message + envelope in, Evidence and the
// EditPlan out. No milter protocol, no sockets. Thread-safe: one Engine serves all threads.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"
#include "core/edit_plan.h"
#include "core/evidence.h"
#include "core/evidence_ledger.h"
#include "core/failure.h"
#include "core/original_auth.h"
#include "core/time_zone.h"

namespace sa {

struct Envelope {
  std::string sender;                   // MAIL FROM, without <>
  std::vector<std::string> recipients;  // RCPT TO, without <>
  std::string queue_id;
};

struct Inspection {
  Evidence evidence;
  EditPlan plan;
  bool in_scope = true;  // false: no recipient is a grant address; only forged headers go
  // Out of scope, but its Subject claims a notice (counted and logged, never judged): mail
  // for a grant address missing from scope.recipients.
  bool out_of_scope_claim = false;
  std::optional<Failure> failure;  // set when the message could not be judged (on_error plan)
};

class Engine {
 public:
  // `auth` proves originals (may be null: nothing is `verified`); `ledger` records
  // evidence in inspect() (may be null: nothing recorded, no Seen header).
  explicit Engine(std::shared_ptr<const Config> config,
                  std::shared_ptr<const OriginalAuthenticator> auth = nullptr,
                  std::shared_ptr<EvidenceLedger> ledger = nullptr);

  // Never throws for bad mail: failures become Verdict::Error with a reason.
  // `may_record` (optional) is asked once, just before the evidence would be written to the
  // ledger: false means the caller has given up on this inspection (a timeout), and then
  // nothing is recorded, so the ledger never holds a verdict the mail did not get.
  Inspection inspect(std::string_view raw_message, const Envelope& envelope,
                     const std::function<bool()>& may_record = {}) const;

  // For a message over limits.max_message_bytes: `headers_raw` is the header section
  // only. Gives verdict error, reason too-large, and still deletes forged headers.
  Inspection inspect_too_large(std::string_view headers_raw, const Envelope& envelope) const;

  // For a message that could not be judged (the engine threw or overran its budget, the MTA
  // refused an edit, collecting failed): verdict error with the failure's reason and the
  // milter.on_error plan. `headers_raw` is the header section (forged headers still go).
  Inspection inspect_failure(std::string_view headers_raw, const Failure& failure) const;

  // The evidence only (no plan), used by inspect and by tests.
  Evidence examine(std::string_view raw_message) const;

  const Config& config() const { return *config_; }

 private:
  // The ledger row of `evidence` (its reasons, programme and requirement are set by record).
  LedgerEntry ledger_entry(std::string_view raw, const Envelope& envelope,
                           const Evidence& evidence) const;
  // For a ① or ②: looks up the applicant's other notice and sets evidence.pair; returns the
  // star ②'s requirement is judged by (notice_pair.h). A ledger failure: reason ledger=error.
  int pair(const LedgerEntry& entry, Evidence& evidence) const;
  // Records evidence in the ledger; a ledger failure becomes reason ledger=error.
  void record(LedgerEntry& entry, Evidence& evidence) const;

  std::shared_ptr<const Config> config_;
  std::shared_ptr<const OriginalAuthenticator> auth_;
  std::shared_ptr<EvidenceLedger> ledger_;
  std::optional<TimeZone> zone_;  // ledger.time_zone, for the dates of X-SA-Triage-Pair
};

}  // namespace sa
