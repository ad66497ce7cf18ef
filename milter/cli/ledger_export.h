// ledger_export.h - ledger rows for reviewers: CSV (RFC 4180, UTF-8, header row, CRLF)
// or JSON lines, filtered by date and verdict. Reads through LedgerReader, so both
// backends export the same way. Does not open ledgers (ledger/ledger_factory.h does).
// Part of the CLI, not of the ledger library the daemon links.
#pragma once

#include <cstddef>
#include <ctime>
#include <ostream>
#include <string>
#include <string_view>

#include "ledger/ledger_reader.h"

namespace sa {

enum class ExportFormat { Csv, JsonLines };

// "csv" or "json"; false for anything else.
bool parse_export_format(std::string_view text, ExportFormat& out);

// YYYY-MM-DD as the start of that day in local time; false when it is not a real date.
bool parse_since_date(std::string_view text, std::time_t& out);

// One CSV field: quoted when it holds a quote, comma, CR or LF (quotes doubled). A text
// starting with = + - @ TAB or CR gets a leading ' so a spreadsheet never runs it as a
// formula (company names come from untrusted mail).
std::string csv_field(std::string_view text);

// Local time as ISO 8601 with offset, e.g. 2025-04-01T09:30:00+09:00.
std::string format_export_time(std::time_t t);

// Writes the rows passing `filter`; returns how many. Throws LedgerError.
std::size_t export_rows(LedgerReader& reader, const LedgerFilter& filter, ExportFormat format,
                        std::ostream& out);

}  // namespace sa
