// desk_database.h - where the desk's SQL runs: a read-only connection to the configured
// ledger (SQLite file or PostgreSQL), kept open between requests and reopened after a
// failure. Only runs the queries desk_sql.h builds and turns their rows into LedgerRow; the
// milter's recording code (milter/ledger) is not touched and never linked into the milter
// for this.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/config.h"
#include "ledger/ledger_reader.h"
#include "web/desk_sql.h"

namespace sa::web {

class DeskDatabase {
 public:
  virtual ~DeskDatabase() = default;
  virtual Dialect dialect() const = 0;
  // Runs a row query (the columns of SqlBuilder); `sink` returns false to stop early.
  // Throws LedgerError.
  virtual void rows(const SqlQuery& query, const std::function<bool(const LedgerRow&)>& sink) = 0;
  // Runs a query of (text, integer) pairs. Throws LedgerError.
  virtual std::vector<std::pair<std::string, std::int64_t>> counts(const SqlQuery& query) = 0;
};

// The ledger of `config`, read-only; throws LedgerError when it cannot be opened (backend
// none included: the desk has nothing to show).
std::unique_ptr<DeskDatabase> open_desk_database(const Config& config);

// A SQLite ledger file, read-only.
std::unique_ptr<DeskDatabase> open_sqlite_desk(const std::string& path, int busy_timeout_ms);
// A PostgreSQL ledger, read-only transactions.
std::unique_ptr<DeskDatabase> open_postgresql_desk(const std::string& conninfo);

// The row of a desk query from its column texts (what both backends read).
LedgerRow desk_row(const std::function<std::string(int)>& text, std::int64_t id, std::int64_t time,
                   int star);

}  // namespace sa::web
