// desk_filter.h - what a reviewer asks the 一覧 page for, read from the query string and
// checked once: verdict, notice, star, duplicates only, a day, a search (a 自己宣言ID, or a
// company name folded by fold_company so that ＡＢＣ株式会社, (株)ABC and abc match), and
// where the page starts (a keyset cursor: the time and id of a row, never an OFFSET). Knows
// no SQL (desk_sql.h) and no HTML.
#pragma once

#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <vector>

#include "core/verdict.h"
#include "web/url.h"

namespace sa::web {

// A row's place in the desk's order (time, then id).
struct Cursor {
  std::int64_t time = 0;
  std::int64_t id = 0;
};

struct DeskFilter {
  std::optional<Verdict> verdict;
  std::string notice;          // a notice name, "" for any
  int star = -1;               // -1 any, 0 none, 1, 2
  bool duplicates = false;     // only rows whose ID another applicant sent first (other-applicant)
  std::string day;             // YYYY-MM-DD in ledger.time_zone, "" for every day
  std::string programme;       // a grant programme (scope.recipients), "" for any
  std::string requirement;     // met, not-met, unknown; "" for any
  std::string declaration_id;  // from the search box: an exact 自己宣言ID
  std::string company;         // from the search box: folded (fold_company)
  std::string search;          // the search box as typed, for the form
};

// Where a page starts: the newest rows (no cursor), rows older than `after`, rows newer than
// `before`, or the oldest rows (`last`).
struct PagePosition {
  std::optional<Cursor> after;
  std::optional<Cursor> before;
  bool last = false;
};

// Reads the filter; a value that is not one of the choices is left out and named in
// `problems` (shown on the page), never passed on.
DeskFilter parse_desk_filter(const QueryParams& query, std::vector<std::string>& problems);
PagePosition parse_page_position(const QueryParams& query);

// The filter as query parameters for links and the CSV export (no position).
std::string filter_query(const DeskFilter& filter);

// "TIME.ID"; none when malformed.
std::optional<Cursor> parse_cursor(std::string_view text);
std::string cursor_text(const Cursor& c);

// A company name for comparing, as the ledger's applicant key folds it
// (core/notice_pair.h: NFKC, corporate forms such as 株式会社 and (株) and white space
// removed, ASCII lower-cased).
std::string fold_company(std::string_view company);

// The search box: an ID when it is one (ASCII letters and digits with at least six digits,
// after NFKC), else a folded company.
void apply_search(std::string_view text, DeskFilter& filter);

}  // namespace sa::web
