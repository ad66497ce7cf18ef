// ledger_factory.cc - builds the SQLite or PostgreSQL ledger from the configuration, with
// the milter's short bounds (it must never hold mail long) or the CLI's longer ones.
#include "ledger/ledger_factory.h"

#include "ledger/postgresql_ledger.h"
#include "ledger/sqlite_ledger.h"

namespace sa {
namespace {

constexpr int kMilterWaitMs = 2000;
constexpr int kCommandWaitMs = 30000;

template <typename Base>
std::shared_ptr<Base> open(const Config& c, bool read_only, int wait_ms, unsigned retention) {
  switch (c.ledger_backend) {
    case Config::LedgerBackend::None:
      return nullptr;
    case Config::LedgerBackend::Sqlite: {
      SqliteLedgerOptions o;
      o.busy_timeout_ms = wait_ms;
      o.retention_days = retention;
      o.read_only = read_only;
      o.reviewer_group = c.ledger_reviewer_group;
      o.flush_interval_ms = static_cast<int>(c.ledger_flush_interval_ms);
      return std::make_shared<SqliteLedger>(c.ledger_path, o);
    }
    case Config::LedgerBackend::Postgresql: {
      PostgresqlLedgerOptions o;
      o.statement_timeout_ms = wait_ms;
      o.retention_days = retention;
      o.read_only = read_only;
      o.flush_interval_ms = static_cast<int>(c.ledger_flush_interval_ms);
      return std::make_shared<PostgresqlLedger>(c.ledger_connection, o);
    }
  }
  return nullptr;
}

}  // namespace

std::shared_ptr<EvidenceLedger> open_ledger(const Config& config) {
  return open<EvidenceLedger>(config, false, kMilterWaitMs, config.ledger_retention_days);
}

std::shared_ptr<LedgerReader> open_ledger_reader(const Config& config, LedgerAccess access) {
  // Purging is the command's job here: opening does not purge on its own.
  return open<LedgerReader>(config, access == LedgerAccess::Read, kCommandWaitMs, 0);
}

}  // namespace sa
