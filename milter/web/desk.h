// desk.h - the reviewer's desk as questions and answers, the policy the pages only show: a
// page of the 一覧 (filters, keyset position), one applicant's timeline (the ledger's
// applicant_key: applicant domain + folded company, as the ①/② pairing links them) with
// the same 自己宣言IDs sent by other applicants, messages per day by verdict, and the CSV of
// exactly the filtered rows (ledger export's writer, so the same BOM and columns). No HTML,
// no HTTP.
#pragma once

#include <cstddef>
#include <ctime>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "cli/ledger_export.h"
#include "core/time_zone.h"
#include "web/desk_database.h"
#include "web/desk_filter.h"

namespace sa::web {

struct DeskPage {
  std::vector<LedgerRow> rows;  // newest first
  bool has_newer = false;       // a page before this one exists
  bool has_older = false;       // a page after this one exists
};

struct Applicant {
  std::string key;  // the ledger's applicant_key: domain TAB folded company
  std::string domain;
  std::vector<LedgerRow> timeline;    // oldest first
  std::vector<LedgerRow> duplicates;  // its 自己宣言IDs sent by other applicant domains
};

struct DayCounts {
  std::string day;  // YYYY-MM-DD
  std::map<Verdict, std::int64_t> by_verdict;
};

class Desk {
 public:
  Desk(DeskDatabase& db, const TimeZone& zone) : db_(db), zone_(zone), sql_(db.dialect()) {}

  // One page of `size` rows. Throws LedgerError.
  DeskPage page(const DeskFilter& filter, const PagePosition& position, std::size_t size);

  // Calls `sink` for every row passing `filter`, newest first. Throws LedgerError.
  void each(const DeskFilter& filter, const std::function<void(const LedgerRow&)>& sink);

  // The CSV of every row passing `filter` (export options: BOM, headings); returns how many.
  std::size_t export_csv(const DeskFilter& filter, const ExportOptions& options, std::ostream& out);

  // The applicant with this applicant_key (core/notice_pair.h); an empty timeline when there
  // is none.
  Applicant applicant(const std::string& key);

  // Messages per day by verdict for the `days` days up to and including `today` (YYYY-MM-DD).
  std::vector<DayCounts> per_day(const std::string& today, int days);

  // YYYY-MM-DD of `t` in the desk's zone.
  std::string day_of(std::time_t t) const;

  // At most this many rows of one applicant are read.
  static constexpr std::size_t kApplicantRows = 500;

 private:
  TimeRange range_of(const DeskFilter& filter) const;
  // At most `want` rows passing `filter` from `from` in one direction.
  std::vector<LedgerRow> scan(const DeskFilter& filter, std::optional<Cursor> from,
                              bool newest_first, std::size_t want);

  DeskDatabase& db_;
  const TimeZone& zone_;
  SqlBuilder sql_;
};

// The date after YYYY-MM-DD (a valid date), and the one `days` before.
std::string next_day(const std::string& day);
std::string add_days(const std::string& day, int days);

}  // namespace sa::web
