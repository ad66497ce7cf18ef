// ledger_reader.h - reading and purging a ledger's rows (for `sa-triage ledger export`
// and `purge`), and the rules both the SQLite and PostgreSQL ledgers share. Recording is
// EvidenceLedger (core/evidence_ledger.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <ctime>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/evidence_ledger.h"

namespace sa {

struct LedgerFilter {
  std::optional<std::time_t> since;  // rows at or after this time
  std::optional<Verdict> verdict;    // rows with this verdict only
};

struct LedgerRow {
  std::int64_t id = 0;
  LedgerEntry entry;
  std::optional<Sighting> seen;  // none for rows recorded before the ledger kept it
};

class LedgerReader {
 public:
  virtual ~LedgerReader() = default;
  // Calls `sink` for each row passing `filter`, oldest first. Throws LedgerError.
  virtual void rows(const LedgerFilter& filter,
                    const std::function<void(const LedgerRow&)>& sink) = 0;
  // Deletes rows older than `retention_days` days (0: none); returns how many.
  // Throws LedgerError.
  virtual std::size_t purge(unsigned retention_days) = 0;
  // How many rows the ledger holds (the sa_triage_ledger_rows gauge). Throws LedgerError.
  virtual std::int64_t row_count() = 0;
};

// The sighting of an entry whose 自己宣言ID is in `earlier` rows already, `from_other` of
// them from another applicant domain (domains compared case-insensitively, in SQL).
Sighting sighting_of(std::int64_t earlier, std::int64_t from_other);

// The stored spelling of a forward style back to the enum (unknown text: None).
ForwardStyle parse_forward_style(std::string_view text);

// The stored spelling of a sighting back to the enum (none for "" and unknown text).
std::optional<Sighting> parse_sighting(std::string_view text);

// The reasons a row stores: the entry's and the sighting's (add_sighting_reason), space
// separated, as X-SA-Triage-Reasons has them.
std::string stored_reasons(const LedgerEntry& entry, Sighting sighting);

// Stored reasons back to a list.
std::vector<std::string> split_reasons(std::string_view text);

// Columns a ledger written by an older sa-triage lacks; every backend adds them when it
// opens for writing, and reads them as "" while they are missing (read-only). The last three
// came with grant programmes and the pairing of notice ① with ② (core/notice_pair.h); a
// migration that adds applicant_key fills it in for the rows already there.
inline constexpr std::string_view kReviewColumns[] = {"seen",      "auth",        "reasons",
                                                      "programme", "requirement", "applicant_key"};

// The select list of kReviewColumns, in that order, with '' for each one in `missing`.
std::string review_columns_sql(const std::vector<std::string>& missing);

// The row's applicant key: the stored one, or (a row recorded before the ledger kept it)
// the one core/notice_pair.h makes from its domain and company.
std::string applicant_key_of(const LedgerEntry& entry);

// `text` as valid UTF-8 without NUL bytes: each invalid byte becomes U+FFFD, NUL is
// dropped (PostgreSQL text and the export formats take nothing else).
std::string valid_utf8(std::string_view text);

// The oldest time a row may have to survive a purge of `retention_days` at `now`.
std::time_t purge_cutoff(unsigned retention_days, std::time_t now);

}  // namespace sa
