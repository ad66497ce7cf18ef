// sqlite_desk_database.cc - the desk's read-only SQLite connection (SQLITE_OPEN_READONLY:
// it never creates a ledger, writes or purges; WAL lets it read while the milter writes).
#include <sqlite3.h>

#include <mutex>

#include "web/desk_database.h"

namespace sa::web {
namespace {

class SqliteDesk final : public DeskDatabase {
 public:
  SqliteDesk(std::string path, int busy_timeout_ms)
      : path_(std::move(path)), timeout_ms_(busy_timeout_ms) {
    std::lock_guard<std::mutex> lock(mutex_);
    open_locked();
  }
  ~SqliteDesk() override {
    if (db_) sqlite3_close_v2(db_);
  }

  Dialect dialect() const override { return Dialect::Sqlite; }

  void rows(const SqlQuery& query, const std::function<bool(const LedgerRow&)>& sink) override {
    run(query, [&](sqlite3_stmt* s) {
      auto text = [s](int col) {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s, col));
        return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(s, col)))
                 : std::string();
      };
      return sink(desk_row(text, sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1),
                           sqlite3_column_int(s, 8)));
    });
  }

  std::vector<std::pair<std::string, std::int64_t>> counts(const SqlQuery& query) override {
    std::vector<std::pair<std::string, std::int64_t>> out;
    run(query, [&](sqlite3_stmt* s) {
      const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
      out.emplace_back(p ? p : "", sqlite3_column_int64(s, 1));
      return true;
    });
    return out;
  }

 private:
  [[noreturn]] void fail(const std::string& step) {
    const std::string msg =
        "ledger " + path_ + ": " + step + ": " + (db_ ? sqlite3_errmsg(db_) : "not open");
    if (db_) sqlite3_close_v2(db_);
    db_ = nullptr;  // the next request opens it again
    throw LedgerError(msg);
  }

  void open_locked() {
    if (db_) return;
    if (sqlite3_open_v2(path_.c_str(), &db_, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) !=
        SQLITE_OK) {
      fail("open read-only");
    }
    sqlite3_busy_timeout(db_, timeout_ms_);
  }

  void run(const SqlQuery& query, const std::function<bool(sqlite3_stmt*)>& each) {
    std::lock_guard<std::mutex> lock(mutex_);
    open_locked();
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, query.text.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      fail("prepare");
    }
    int i = 0;
    for (const SqlParam& p : query.params) {
      ++i;
      if (p.integer) {
        sqlite3_bind_int64(stmt, i, std::stoll(p.text));
      } else {
        sqlite3_bind_text(stmt, i, p.text.data(), static_cast<int>(p.text.size()),
                          SQLITE_TRANSIENT);
      }
    }
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      if (!each(stmt)) break;
    }
    sqlite3_finalize(stmt);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) fail("read");
  }

  const std::string path_;
  const int timeout_ms_;
  std::mutex mutex_;
  sqlite3* db_ = nullptr;
};

}  // namespace

std::unique_ptr<DeskDatabase> open_sqlite_desk(const std::string& path, int busy_timeout_ms) {
  return std::make_unique<SqliteDesk>(path, busy_timeout_ms);
}

}  // namespace sa::web
