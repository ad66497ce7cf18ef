// applicant_export.h - `sa-triage ledger applicants`: the per-applicant list
// (ledger/applicant_summary.h) for reviewers, as CSV with the export's rules (UTF-8 with a
// byte order mark unless --no-bom, CRLF, English or Japanese headings, formula-safe fields;
// cli/ledger_export.h) or JSON lines, times in ledger.time_zone.
#pragma once

#include <cstddef>
#include <ostream>

#include "cli/ledger_export.h"
#include "core/time_zone.h"
#include "ledger/applicant_summary.h"

namespace sa {

// Writes one line per applicant; returns how many. Columns: applicant_domain, company,
// first_notices (how many ① rows), first_notice_time (the earliest), first_notice_stars,
// declaration_ids, first_notice_verdicts, second_notices, second_notice_time,
// second_notice_verdicts, paired (yes when a verified or consistent ① and ② are both
// there), duplicates, programmes, requirement. Lists are space separated in CSV, arrays in
// JSON. Throws LedgerError.
std::size_t export_applicants(LedgerReader& reader, const LedgerFilter& filter,
                              const ExportOptions& options, const TimeZone& zone,
                              std::ostream& out);

}  // namespace sa
