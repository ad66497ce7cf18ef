// ledger_export.h - ledger rows for reviewers: CSV (RFC 4180, UTF-8 with a byte order mark
// so that Japanese Excel opens it on a double click, CRLF, a header row in English or
// Japanese) or JSON lines, filtered by date and verdict, times in ledger.time_zone. Reads
// through LedgerReader, so both backends export the same way. Does not open ledgers
// (ledger/ledger_factory.h does). Part of the CLI, not of the ledger library the daemon links.
#pragma once

#include <cstddef>
#include <ostream>
#include <span>
#include <string>
#include <string_view>

#include "core/time_zone.h"
#include "ledger/ledger_reader.h"

namespace sa {

enum class ExportFormat { Csv, JsonLines };
enum class ExportHeadings { English, Japanese };

struct ExportOptions {
  ExportFormat format = ExportFormat::Csv;
  bool bom = true;                                    // CSV: U+FEFF first
  ExportHeadings headings = ExportHeadings::English;  // CSV: the header row
};

// "csv" or "json"; false for anything else.
bool parse_export_format(std::string_view text, ExportFormat& out);

// "en" or "ja" (--columns); false for anything else.
bool parse_export_headings(std::string_view text, ExportHeadings& out);

// One CSV field: quoted when it holds a quote, comma, CR or LF (quotes doubled). A text
// starting with = + - @ TAB or CR gets a leading ' so a spreadsheet never runs it as a
// formula (company names come from untrusted mail).
std::string csv_field(std::string_view text);

// A column of a reviewers' list: its CSV heading and JSON key, and its Japanese heading.
struct ExportColumn {
  const char* name;
  const char* label;  // --columns ja
};

// For CSV: the byte order mark (unless options.bom is false) and the heading row of
// `columns`; nothing for JSON lines.
void write_csv_start(std::span<const ExportColumn> columns, const ExportOptions& options,
                     std::ostream& out);

// Writes the rows passing `filter`, times in `zone`; returns how many. Columns: id, time,
// queue_id, message_id, envelope_sender, applicant_domain, declaration_id, notice, star
// (empty when the notice has none), verdict, company, forward, seen, auth, reasons,
// programme, requirement (grant_requirement.h; "" when none applied).
// Throws LedgerError.
std::size_t export_rows(LedgerReader& reader, const LedgerFilter& filter,
                        const ExportOptions& options, const TimeZone& zone, std::ostream& out);

}  // namespace sa
