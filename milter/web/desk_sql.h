// desk_sql.h - the desk's questions to the ledger as SQL text with bound parameters, for
// SQLite or PostgreSQL (the ledgers store the same columns; PostgreSQL keeps the time as
// timestamptz). Every value a reviewer typed is a parameter, never part of the text. The
// order is (time, id), newest first; a page continues from a cursor with a row comparison the
// time index answers (keyset paging), so the last page of a million rows costs what the
// first does. Runs nothing (desk_database.h does).
#pragma once

#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <vector>

#include "web/desk_filter.h"

namespace sa::web {

enum class Dialect { Sqlite, Postgresql };

struct SqlParam {
  std::string text;
  bool integer = false;
};

struct SqlQuery {
  std::string text;
  std::vector<SqlParam> params;
};

// A query's time range [since, until), from a filter's day.
struct TimeRange {
  std::optional<std::time_t> since;
  std::optional<std::time_t> until;
};

// The ledger columns every row query selects, in LedgerRow order: id, time (Unix seconds),
// queue_id, message_id, envelope_sender, applicant_domain, declaration_id, notice, star,
// verdict, company, forward, seen, auth, reasons, programme, requirement, applicant_key.
class SqlBuilder {
 public:
  explicit SqlBuilder(Dialect dialect) : dialect_(dialect) {}

  // Rows passing `filter` (the company searched in the folded part of applicant_key), in `range`,
  // strictly after `from` in the direction asked (newest first when `newest_first`), at most
  // `limit`.
  SqlQuery page(const DeskFilter& filter, const TimeRange& range, const std::optional<Cursor>& from,
                bool newest_first, std::size_t limit) const;

  // One applicant's rows (the ledger's applicant_key, core/notice_pair.h), oldest first.
  SqlQuery applicant(const std::string& key, std::size_t limit) const;

  // Rows with one of `ids` from another applicant domain, oldest first.
  SqlQuery other_applicants(const std::vector<std::string>& ids, const std::string& domain,
                            std::size_t limit) const;

  // (verdict, count) of the rows in [since, until).
  SqlQuery verdict_counts(std::time_t since, std::time_t until) const;

  Dialect dialect() const { return dialect_; }

 private:
  std::string placeholder(SqlQuery& q, std::string value, bool integer) const;
  std::string time_value(SqlQuery& q, std::int64_t t) const;
  std::string select_rows() const;

  Dialect dialect_;
};

}  // namespace sa::web
