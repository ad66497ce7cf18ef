// applicant_summary.h - the ledger's rows per applicant (`sa-triage ledger applicants`):
// each applicant's notice ① (declaration-complete) and ② (application-accepted) with their
// dates, stars, IDs and verdicts, and how many of its rows were duplicates. Rows are grouped
// by applicant key (core/notice_pair.h; computed for rows recorded before the ledger stored
// it). Reads through LedgerReader, so both backends give the same list.
#pragma once

#include <cstddef>
#include <ctime>
#include <string>
#include <vector>

#include "ledger/ledger_reader.h"

namespace sa {

// One notice kind of one applicant.
struct NoticeSummary {
  std::size_t count = 0;                     // rows of this notice
  std::time_t first_time = 0;                // the earliest row (0: none)
  std::time_t last_time = 0;                 // the latest row
  std::vector<int> stars;                    // distinct stars shown, ascending (① only)
  std::vector<std::string> declaration_ids;  // distinct, in order of appearance
  std::vector<Verdict> verdicts;             // distinct, in order of appearance
  // A verified or consistent row exists: what pairing ① with ② counts.
  bool trustworthy = false;
};

struct ApplicantSummary {
  std::string applicant_key;
  std::string applicant_domain;         // as the first row wrote it
  std::string company;                  // as the first row wrote it
  NoticeSummary first;                  // ① declaration-complete
  NoticeSummary second;                 // ② application-accepted
  std::size_t duplicates = 0;           // rows whose 自己宣言ID another applicant sent too
  std::vector<std::string> programmes;  // distinct, in order of appearance
  std::string requirement;              // of the latest row that had one
};

// Every applicant with a ① or ② among the rows passing `filter`, in order of its first
// row. Rows without an applicant key (no company, no domain) are left out. Throws
// LedgerError.
std::vector<ApplicantSummary> summarize_applicants(LedgerReader& reader,
                                                   const LedgerFilter& filter);

}  // namespace sa
