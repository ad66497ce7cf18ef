// ledger_backends.h - test support: the same test cases run against both ledger
// backends. SqliteBackend works in a fresh temporary directory; PostgresqlBackend in a
// fresh schema of the server the CTest fixture started (pg_server.sh, its directory in
// SA_LEDGER_PG_DIR). Each also knows how to lock, break and make read-only its ledger.
#pragma once

#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "ledger/postgresql_ledger.h"
#include "ledger/sqlite_ledger.h"

namespace sa::test {

// A fresh directory under /tmp, removed with everything in it at the end.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "sa-ledger-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
    ::chmod(path_.c_str(), 0755);  // reachable for the unprivileged user of some tests
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::permissions(path_, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::add, ec);
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// While alive, file permissions apply: as root, the effective user becomes nobody.
class Unprivileged {
 public:
  Unprivileged() {
    if (::geteuid() == 0) {
      REQUIRE(::setegid(65534) == 0);
      REQUIRE(::seteuid(65534) == 0);
      switched_ = true;
    }
  }
  ~Unprivileged() {
    if (switched_) {
      (void)::seteuid(0);
      (void)::setegid(0);
    }
  }

 private:
  bool switched_ = false;
};

// The milter's ledgers wait at most 2 s (ledger_factory.cc); a test that does not measure
// that bound waits longer, so a slow moment of the CI machine's disk is not a failure.
constexpr int kTestWaitMs = 10000;

struct LedgerOptions {
  int wait_ms = kTestWaitMs;
  unsigned retention_days = 0;
  int flush_interval_ms = 200;
  std::size_t queue_rows = 10000;
};

// Holds a write lock on the ledger from another connection while alive.
class LockHolder {
 public:
  virtual ~LockHolder() = default;
};

// What version 2 added to version 1's table, and one ① of 株式会社サンプル商事 (SQL that
// both backends take; `time` is the epoch in SQLite and a timestamptz in PostgreSQL).
inline constexpr const char* kVersion2Columns =
    "ALTER TABLE evidence ADD COLUMN seen text NOT NULL DEFAULT '';"
    "ALTER TABLE evidence ADD COLUMN auth text NOT NULL DEFAULT '';"
    "ALTER TABLE evidence ADD COLUMN reasons text NOT NULL DEFAULT '';";
inline std::string version_2_row(const std::string& time) {
  return "INSERT INTO evidence (\"time\", applicant_domain, declaration_id, notice, star,"
         " verdict, company, forward, seen, auth, reasons) VALUES (" +
         time +
         ", 'sample-shoji.example.jp', '40000000001', 'declaration-complete', 2, 'verified',"
         " '株式会社サンプル商事', 'attachment', 'first', 'dkim=pass header.d=ipa.go.jp',"
         " 'forward=attachment');";
}

// One more row of 42222222222 from A.example, at `time` (as version_2_row).
inline std::string copy_of_one_id(const std::string& time) {
  return "INSERT INTO evidence (\"time\", applicant_domain, declaration_id, seen) VALUES (" + time +
         ", 'A.example', '42222222222', 'repeat');";
}

class SqliteBackend {
 public:
  static constexpr const char* kName = "sqlite";
  using Ledger = SqliteLedger;

  std::unique_ptr<SqliteLedger> open(LedgerOptions o = {}) const {
    SqliteLedgerOptions so;
    so.busy_timeout_ms = o.wait_ms;
    so.retention_days = o.retention_days;
    so.flush_interval_ms = o.flush_interval_ms;
    so.queue_rows = o.queue_rows;
    return std::make_unique<SqliteLedger>(path(), so);
  }

  // Rows committed to the file, counted past the ledger object (which would flush first).
  std::int64_t stored_rows() const { return scalar("SELECT count(*) FROM evidence"); }
  bool has_index(const std::string& name) const {
    return scalar("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = '" + name +
                  "'") == 1;
  }
  std::string path() const { return dir_.file("ledger.sqlite"); }

  std::unique_ptr<LockHolder> lock() const {
    struct Holder : LockHolder {
      sqlite3* db = nullptr;
      ~Holder() override {
        sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
        sqlite3_close(db);
      }
    };
    auto h = std::make_unique<Holder>();
    REQUIRE(sqlite3_open(path().c_str(), &h->db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(h->db, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr) == SQLITE_OK);
    return h;
  }

  // Opens a ledger that cannot be written: a read-only file (as an unprivileged user
  // when root); expects LedgerError from opening or from the first record.
  template <typename Check>
  void with_read_only_ledger(Check check) const {
    open();  // creates the file and schema
    REQUIRE(::chmod(path().c_str(), 0444) == 0);
    REQUIRE(::chmod(dir_.path().c_str(), 0555) == 0);
    Unprivileged nobody;
    check([this] { return open(); });
  }

  // Makes the ledger an older sa-triage wrote (no seen, auth, reasons columns), one row in it.
  void create_version_1_ledger() const {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path().c_str(), &db) == SQLITE_OK);
    const char* sql =
        "PRAGMA journal_mode=WAL;"
        "CREATE TABLE evidence (id INTEGER PRIMARY KEY, time INTEGER NOT NULL,"
        " queue_id TEXT NOT NULL DEFAULT '', message_id TEXT NOT NULL DEFAULT '',"
        " envelope_sender TEXT NOT NULL DEFAULT '', applicant_domain TEXT NOT NULL DEFAULT '',"
        " declaration_id TEXT NOT NULL DEFAULT '', notice TEXT NOT NULL DEFAULT '',"
        " star INTEGER NOT NULL DEFAULT 0, verdict TEXT NOT NULL DEFAULT '',"
        " company TEXT NOT NULL DEFAULT '', forward TEXT NOT NULL DEFAULT '');"
        "INSERT INTO evidence (time, applicant_domain, declaration_id, notice, star, verdict,"
        " company, forward) VALUES (1700000000, 'a.example', '41234567890',"
        " 'declaration-complete', 2, 'consistent', 'Old Co', 'inline');";
    REQUIRE(sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
  }

  std::int64_t scalar(const std::string& sql) const {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(path().c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
    const std::int64_t value = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return value;
  }

  // Makes a ledger of the schema before grant programmes and pairing (seen, auth, reasons;
  // no programme, requirement, applicant_key): version 1's row, then a ① of 株式会社サンプル商事.
  void create_version_2_ledger() const {
    create_version_1_ledger();
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path().c_str(), &db) == SQLITE_OK);
    const std::string sql = kVersion2Columns + version_2_row("1794236400");
    REQUIRE(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
  }

  // Version 2 with the index on the ID alone the versions before the lookup index made, and
  // `copies` more rows of one ID from A.example.
  void create_ledger_before_lookup_index(int copies) const {
    create_version_2_ledger();
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path().c_str(), &db) == SQLITE_OK);
    std::string sql =
        "CREATE INDEX evidence_declaration_id ON evidence(declaration_id);"
        "CREATE INDEX evidence_time ON evidence(time); BEGIN;";
    for (int i = 0; i < copies; ++i) sql += copy_of_one_id("1700000000");
    sql += "COMMIT;";
    REQUIRE(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
  }

  // A read-only handle, as `sa-triage ledger export` opens it.
  std::unique_ptr<SqliteLedger> open_read_only() const {
    SqliteLedgerOptions so;
    so.read_only = true;
    so.busy_timeout_ms = kTestWaitMs;
    return std::make_unique<SqliteLedger>(path(), so);
  }

  // A ledger whose place does not exist: its directory is a regular file.
  std::unique_ptr<SqliteLedger> open_unreachable() const {
    std::ofstream(dir_.file("not-a-directory")) << "x";
    SqliteLedgerOptions so;
    so.busy_timeout_ms = 500;
    return std::make_unique<SqliteLedger>(dir_.file("not-a-directory/ledger.sqlite"), so);
  }

 private:
  TempDir dir_;
};

class PostgresqlBackend {
 public:
  static constexpr const char* kName = "postgresql";
  using Ledger = PostgresqlLedger;

  PostgresqlBackend() {
    const char* dir = std::getenv("SA_LEDGER_PG_DIR");
    INFO(
        "SA_LEDGER_PG_DIR is not set: run the PostgreSQL cases through ctest, whose fixture "
        "starts the server (tests/ledger/pg_server.sh)");
    REQUIRE(dir != nullptr);
    std::ifstream in(std::string(dir) + "/conninfo");
    std::getline(in, base_);
    REQUIRE(!base_.empty());
    static std::atomic<int> counter{0};
    schema_ = "t" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    admin_ = PQconnectdb(base_.c_str());
    REQUIRE(PQstatus(admin_) == CONNECTION_OK);
    sql("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE; CREATE SCHEMA " + schema_);
  }
  ~PostgresqlBackend() {
    PQclear(PQexec(admin_, ("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE").c_str()));
    PQfinish(admin_);
  }
  PostgresqlBackend(const PostgresqlBackend&) = delete;
  PostgresqlBackend& operator=(const PostgresqlBackend&) = delete;

  std::string conninfo(const std::string& extra_options = "") const {
    return base_ + " application_name=" + app() + " options='-csearch_path=" + schema_ +
           extra_options + "'";
  }
  std::unique_ptr<PostgresqlLedger> open(LedgerOptions o = {}) const {
    PostgresqlLedgerOptions po;
    po.statement_timeout_ms = o.wait_ms;
    po.retention_days = o.retention_days;
    po.flush_interval_ms = o.flush_interval_ms;
    po.queue_rows = o.queue_rows;
    return std::make_unique<PostgresqlLedger>(conninfo(), po);
  }

  // Rows committed to the table, counted past the ledger object (which would flush first).
  std::int64_t stored_rows() const {
    return std::stoll(value("SELECT count(*) FROM " + schema_ + ".evidence"));
  }
  bool has_index(const std::string& name) const {
    return value("SELECT to_regclass('" + schema_ + "." + name + "') IS NOT NULL") == "t";
  }

  std::unique_ptr<LockHolder> lock() const {
    struct Holder : LockHolder {
      PGconn* conn = nullptr;
      ~Holder() override {
        PQclear(PQexec(conn, "ROLLBACK"));
        PQfinish(conn);
      }
    };
    auto h = std::make_unique<Holder>();
    h->conn = PQconnectdb(conninfo().c_str());
    REQUIRE(PQstatus(h->conn) == CONNECTION_OK);
    PGresult* r = PQexec(h->conn, "BEGIN; LOCK TABLE evidence IN ACCESS EXCLUSIVE MODE");
    REQUIRE(PQresultStatus(r) == PGRES_COMMAND_OK);
    PQclear(r);
    return h;
  }

  // A ledger whose sessions may not write (default_transaction_read_only).
  template <typename Check>
  void with_read_only_ledger(Check check) const {
    open();  // creates the table
    check([this] {
      PostgresqlLedgerOptions po;
      po.statement_timeout_ms = kTestWaitMs;
      return std::make_unique<PostgresqlLedger>(conninfo(" -cdefault_transaction_read_only=on"),
                                                po);
    });
  }

  // The table of the first version (no seen, auth, reasons columns, no index).
  std::string version_1_table() const {
    return "CREATE TABLE " + schema_ +
           ".evidence (id bigserial PRIMARY KEY, \"time\" timestamptz NOT NULL,"
           " queue_id text NOT NULL DEFAULT '', message_id text NOT NULL DEFAULT '',"
           " envelope_sender text NOT NULL DEFAULT '', applicant_domain text NOT NULL DEFAULT '',"
           " declaration_id text NOT NULL DEFAULT '', notice text NOT NULL DEFAULT '',"
           " star integer NOT NULL DEFAULT 0, verdict text NOT NULL DEFAULT '',"
           " company text NOT NULL DEFAULT '', forward text NOT NULL DEFAULT '');";
  }

  // Makes the ledger an older sa-triage wrote (no seen, auth, reasons columns), one row in it.
  void create_version_1_ledger() const {
    sql(version_1_table() + "INSERT INTO " + schema_ +
        ".evidence (\"time\", applicant_domain, declaration_id, notice, star, verdict,"
        " company, forward) VALUES (to_timestamp(1700000000), 'a.example', '41234567890',"
        " 'declaration-complete', 2, 'consistent', 'Old Co', 'inline')");
  }

  // Makes a ledger of the schema before grant programmes and pairing (seen, auth, reasons;
  // no programme, requirement, applicant_key): version 1's row, then a ① of 株式会社サンプル商事.
  void create_version_2_ledger() const {
    create_version_1_ledger();
    sql("SET search_path = " + schema_ + ";" + kVersion2Columns +
        version_2_row("to_timestamp(1794236400)") + "SET search_path = DEFAULT");
  }

  // Version 2 with the index on the ID alone the versions before the lookup index made, and
  // `copies` more rows of one ID from A.example.
  void create_ledger_before_lookup_index(int copies) const {
    create_version_2_ledger();
    std::string statements = "SET search_path = " + schema_ +
                             ";"
                             "CREATE INDEX evidence_declaration_id ON evidence (declaration_id);"
                             "CREATE INDEX evidence_time ON evidence (\"time\");";
    for (int i = 0; i < copies; ++i) statements += copy_of_one_id("to_timestamp(1700000000)");
    sql(statements + "SET search_path = DEFAULT");
  }

  // A read-only handle, as `sa-triage ledger export` opens it.
  std::unique_ptr<PostgresqlLedger> open_read_only() const {
    PostgresqlLedgerOptions po;
    po.read_only = true;
    po.statement_timeout_ms = kTestWaitMs;
    return std::make_unique<PostgresqlLedger>(conninfo(), po);
  }

  // A ledger whose server is not there: a socket directory with no server in it.
  std::unique_ptr<PostgresqlLedger> open_unreachable() const {
    TempDir nowhere;
    PostgresqlLedgerOptions po;
    po.connect_timeout_s = 2;
    return std::make_unique<PostgresqlLedger>(
        "host=" + nowhere.path() + " port=5 user=postgres dbname=sa_ledger_test", po);
  }

  // Ends every server session of this test's ledgers (as a restart or network cut would).
  void kill_sessions() const {
    sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
        " WHERE application_name = '" +
        app() + "'");
  }

  std::string app() const { return "sa-triage-test-" + schema_; }

  std::string value(const std::string& query) const {
    PGresult* r = PQexec(admin_, query.c_str());
    INFO(query << ": " << PQresultErrorMessage(r));
    REQUIRE(PQresultStatus(r) == PGRES_TUPLES_OK);
    const std::string v = PQgetvalue(r, 0, 0);
    PQclear(r);
    return v;
  }

  void sql(const std::string& statement) const {
    PGresult* r = PQexec(admin_, statement.c_str());
    const auto status = PQresultStatus(r);
    INFO(statement << ": " << PQresultErrorMessage(r));
    PQclear(r);
    REQUIRE((status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK));
  }

 private:
  std::string base_;
  std::string schema_;
  PGconn* admin_ = nullptr;
};

}  // namespace sa::test
