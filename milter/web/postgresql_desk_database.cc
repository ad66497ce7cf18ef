// postgresql_desk_database.cc - the desk's PostgreSQL connection: every query a read-only
// statement with its parameters bound by PQexecParams (never spliced into the text),
// reconnecting after a broken connection.
#include <libpq-fe.h>

#include <cstdlib>
#include <mutex>

#include "web/desk_database.h"

namespace sa::web {
namespace {

class PostgresqlDesk final : public DeskDatabase {
 public:
  explicit PostgresqlDesk(std::string conninfo) : conninfo_(std::move(conninfo)) {
    std::lock_guard<std::mutex> lock(mutex_);
    connect_locked();
  }
  ~PostgresqlDesk() override {
    if (conn_) PQfinish(conn_);
  }

  Dialect dialect() const override { return Dialect::Postgresql; }

  void rows(const SqlQuery& query, const std::function<bool(const LedgerRow&)>& sink) override {
    std::lock_guard<std::mutex> lock(mutex_);
    PGresult* r = exec_locked(query);
    const int n = PQntuples(r);
    for (int row = 0; row < n; ++row) {
      auto text = [r, row](int col) { return std::string(PQgetvalue(r, row, col)); };
      const LedgerRow lr =
          desk_row(text, std::atoll(PQgetvalue(r, row, 0)), std::atoll(PQgetvalue(r, row, 1)),
                   std::atoi(PQgetvalue(r, row, 8)));
      if (!sink(lr)) break;
    }
    PQclear(r);
  }

  std::vector<std::pair<std::string, std::int64_t>> counts(const SqlQuery& query) override {
    std::lock_guard<std::mutex> lock(mutex_);
    PGresult* r = exec_locked(query);
    std::vector<std::pair<std::string, std::int64_t>> out;
    for (int row = 0; row < PQntuples(r); ++row) {
      out.emplace_back(PQgetvalue(r, row, 0), std::atoll(PQgetvalue(r, row, 1)));
    }
    PQclear(r);
    return out;
  }

 private:
  void connect_locked() {
    if (conn_ && PQstatus(conn_) == CONNECTION_OK) return;
    if (conn_) PQfinish(conn_);
    conn_ = PQconnectdb(conninfo_.c_str());
    if (PQstatus(conn_) != CONNECTION_OK) {
      const std::string why = PQerrorMessage(conn_);
      PQfinish(conn_);
      conn_ = nullptr;
      throw LedgerError("ledger (postgresql): connect: " + why);
    }
    PGresult* r = PQexec(conn_, "SET default_transaction_read_only = on");
    PQclear(r);
  }

  PGresult* exec_locked(const SqlQuery& query) {
    connect_locked();
    std::vector<const char*> values;
    for (const SqlParam& p : query.params) values.push_back(p.text.c_str());
    PGresult* r = PQexecParams(conn_, query.text.c_str(), static_cast<int>(values.size()), nullptr,
                               values.data(), nullptr, nullptr, 0);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
      std::string why = PQresultErrorMessage(r);
      while (!why.empty() && why.back() == '\n') why.pop_back();
      PQclear(r);
      if (PQstatus(conn_) != CONNECTION_OK) {
        PQfinish(conn_);
        conn_ = nullptr;
      }
      throw LedgerError("ledger (postgresql): read: " + why);
    }
    return r;
  }

  const std::string conninfo_;
  std::mutex mutex_;
  PGconn* conn_ = nullptr;
};

}  // namespace

std::unique_ptr<DeskDatabase> open_postgresql_desk(const std::string& conninfo) {
  return std::make_unique<PostgresqlDesk>(conninfo);
}

}  // namespace sa::web
