// sqlite_ledger.cc - the SQLite evidence ledger: schema, WAL, the duplicate lookup and
// insert in one IMMEDIATE transaction, purging, and reading rows for export. Errors from
// SQLite become LedgerError naming the file and, for the usual causes, what to check.
#include "ledger/sqlite_ledger.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include <ctime>
#include <string_view>
#include <utility>

namespace sa {
namespace {

constexpr const char* kSchema =
    "CREATE TABLE IF NOT EXISTS evidence ("
    " id INTEGER PRIMARY KEY,"
    " time INTEGER NOT NULL,"
    " queue_id TEXT NOT NULL DEFAULT '',"
    " message_id TEXT NOT NULL DEFAULT '',"
    " envelope_sender TEXT NOT NULL DEFAULT '',"
    " applicant_domain TEXT NOT NULL DEFAULT '',"
    " declaration_id TEXT NOT NULL DEFAULT '',"
    " notice TEXT NOT NULL DEFAULT '',"
    " star INTEGER NOT NULL DEFAULT 0,"
    " verdict TEXT NOT NULL DEFAULT '',"
    " company TEXT NOT NULL DEFAULT '',"
    " forward TEXT NOT NULL DEFAULT '');"
    "CREATE INDEX IF NOT EXISTS evidence_declaration_id ON evidence(declaration_id);"
    "CREATE INDEX IF NOT EXISTS evidence_time ON evidence(time);";

constexpr std::chrono::hours kPurgeInterval{1};

// The message of a LedgerError: the file, the step, SQLite's words and what to check.
std::string describe(sqlite3* db, int rc, const std::string& path, std::string_view step,
                     int busy_timeout_ms) {
  std::string msg = "ledger " + path + ": " + std::string(step) + ": ";
  msg += db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      msg += " (another writer held the lock for more than " + std::to_string(busy_timeout_ms) +
             " ms)";
      break;
    case SQLITE_FULL:
      msg += " (the disk is full)";
      break;
    case SQLITE_READONLY:
      msg += " (the file or its directory is read-only for this user)";
      break;
    case SQLITE_CANTOPEN:
      msg += " (check that the directory exists and is writable by this user)";
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      msg += " (the file is not a usable SQLite database)";
      break;
    default:
      break;
  }
  return msg;
}

// A LedgerError that remembers SQLite's result code (busy or not).
struct SqliteFailure : LedgerError {
  SqliteFailure(const std::string& what, int code) : LedgerError(what), rc(code) {}
  int rc;
};

[[noreturn]] void fail(sqlite3* db, int rc, const std::string& path, std::string_view step,
                       int busy_timeout_ms) {
  throw SqliteFailure(describe(db, rc, path, step, busy_timeout_ms), rc);
}

// One prepared statement; every failure throws LedgerError.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql, const std::string& path, int timeout_ms)
      : db_(db), path_(path), timeout_ms_(timeout_ms) {
    const int rc = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr);
    if (rc != SQLITE_OK) fail(db_, rc, path_, "prepare", timeout_ms_);
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  void bind(int i, std::string_view text) {
    sqlite3_bind_text(stmt_, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  }
  void bind(int i, std::int64_t value) { sqlite3_bind_int64(stmt_, i, value); }
  // True while a row is available.
  bool step(std::string_view what) {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail(db_, rc, path_, what, timeout_ms_);
  }
  std::int64_t integer(int col) const { return sqlite3_column_int64(stmt_, col); }
  std::string text(int col) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string();
  }

 private:
  sqlite3* db_;
  const std::string& path_;
  int timeout_ms_;
  sqlite3_stmt* stmt_ = nullptr;
};

bool same_file(const std::string& path, dev_t dev, ino_t ino) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && st.st_dev == dev && st.st_ino == ino;
}

bool is_memory(const std::string& path) { return path.empty() || path == ":memory:"; }

}  // namespace

SqliteLedger::SqliteLedger(std::string path, SqliteLedgerOptions options)
    : path_(std::move(path)), options_(options) {
  std::lock_guard<std::mutex> lock(mutex_);
  open_locked();
  if (!options_.read_only && options_.retention_days > 0) {
    try {
      purge_locked(options_.retention_days);
    } catch (...) {
      close_locked();
      throw;
    }
  }
}

SqliteLedger::~SqliteLedger() { close_locked(); }

void SqliteLedger::close_locked() {
  if (db_) sqlite3_close_v2(db_);
  db_ = nullptr;
}

void SqliteLedger::open_locked() {
  close_locked();
  const int flags =
      (options_.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
      SQLITE_OPEN_NOMUTEX;
  struct stat existing {};
  if (options_.read_only && !is_memory(path_) && ::stat(path_.c_str(), &existing) != 0) {
    throw LedgerError("ledger " + path_ + ": no ledger file here (nothing recorded yet?)");
  }
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path_.c_str(), &db, flags, nullptr);
  auto fail = [&](int code, std::string_view step) {
    std::string msg = describe(db, code, path_, step, options_.busy_timeout_ms);
    sqlite3_close_v2(db);
    throw LedgerError(msg);
  };
  if (rc != SQLITE_OK) fail(rc, "open");
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, options_.busy_timeout_ms);
  if (!options_.read_only) {
    if (sqlite3_db_readonly(db, "main") == 1) fail(SQLITE_READONLY, "open for writing");
    // WAL: readers (export) never block the milter's writers, and one fsync-free commit per
    // message; synchronous=NORMAL keeps the file consistent on power loss (the last
    // commits may be lost, never the file).
    rc = sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", nullptr, nullptr,
                      nullptr);
    if (rc != SQLITE_OK) fail(rc, "set WAL mode");
    rc = sqlite3_exec(db, kSchema, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) fail(rc, "create schema");
  } else {
    rc = sqlite3_exec(db, "SELECT 1 FROM evidence LIMIT 1", nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) fail(rc, "read");
  }
  struct stat st {};
  if (!is_memory(path_) && ::stat(path_.c_str(), &st) == 0) {
    dev_ = st.st_dev;
    ino_ = st.st_ino;
  }
  db_ = db;
}

void SqliteLedger::ensure_open_locked() {
  // A file removed or replaced under a running milter would swallow rows unseen: reopen.
  if (db_ && (is_memory(path_) || same_file(path_, dev_, ino_))) return;
  open_locked();
}

Sighting SqliteLedger::record(const LedgerEntry& e) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (options_.read_only) throw LedgerError("ledger " + path_ + ": opened read-only");
  ensure_open_locked();
  const int timeout = options_.busy_timeout_ms;
  Sighting sighting = Sighting::First;
  try {
    int rc = sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) fail(db_, rc, path_, "begin", timeout);
    if (!e.declaration_id.empty()) {
      Statement q(db_,
                  "SELECT count(*), coalesce(sum(lower(applicant_domain) <> lower(?2)), 0)"
                  " FROM evidence WHERE declaration_id = ?1",
                  path_, timeout);
      q.bind(1, e.declaration_id);
      q.bind(2, e.applicant_domain);
      if (q.step("look up declaration id")) sighting = sighting_of(q.integer(0), q.integer(1));
    }
    Statement ins(db_,
                  "INSERT INTO evidence (time, queue_id, message_id, envelope_sender,"
                  " applicant_domain, declaration_id, notice, star, verdict, company, forward)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                  path_, timeout);
    ins.bind(1, static_cast<std::int64_t>(e.time));
    ins.bind(2, e.queue_id);
    ins.bind(3, e.message_id);
    ins.bind(4, e.envelope_sender);
    ins.bind(5, e.applicant_domain);
    ins.bind(6, e.declaration_id);
    ins.bind(7, e.notice);
    ins.bind(8, static_cast<std::int64_t>(e.star));
    ins.bind(9, to_string(e.verdict));
    ins.bind(10, e.company);
    ins.bind(11, to_string(e.forward));
    ins.step("insert");
    rc = sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) fail(db_, rc, path_, "commit", timeout);
  } catch (const SqliteFailure& f) {
    const int rc = f.rc & 0xff;
    if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    // Busy: the connection is fine, the next message tries again. Anything else (disk
    // full, read-only, I/O): start afresh next time.
    if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) close_locked();
    throw;
  }
  const auto now = std::chrono::steady_clock::now();
  if (options_.retention_days > 0 && now - last_purge_ >= kPurgeInterval) {
    last_purge_ = now;
    try {
      purge_locked(options_.retention_days);
    } catch (const LedgerError&) {
      // The row is recorded; the purge is tried again within the hour.
    }
  }
  return sighting;
}

std::size_t SqliteLedger::purge(unsigned retention_days) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (options_.read_only) throw LedgerError("ledger " + path_ + ": opened read-only");
  ensure_open_locked();
  return purge_locked(retention_days);
}

std::size_t SqliteLedger::purge_locked(unsigned retention_days) {
  last_purge_ = std::chrono::steady_clock::now();
  if (retention_days == 0) return 0;
  Statement del(db_, "DELETE FROM evidence WHERE time < ?1", path_, options_.busy_timeout_ms);
  del.bind(1, static_cast<std::int64_t>(purge_cutoff(retention_days, std::time(nullptr))));
  del.step("purge");
  return static_cast<std::size_t>(sqlite3_changes(db_));
}

std::int64_t SqliteLedger::row_count() {
  std::lock_guard<std::mutex> lock(mutex_);
  ensure_open_locked();
  Statement count(db_, "SELECT count(*) FROM evidence", path_, options_.busy_timeout_ms);
  count.step("count");
  return count.integer(0);
}

void SqliteLedger::rows(const LedgerFilter& filter,
                        const std::function<void(const LedgerRow&)>& sink) {
  std::lock_guard<std::mutex> lock(mutex_);
  ensure_open_locked();
  std::string sql =
      "SELECT id, time, queue_id, message_id, envelope_sender, applicant_domain,"
      " declaration_id, notice, star, verdict, company, forward FROM evidence WHERE 1";
  if (filter.since) sql += " AND time >= ?1";
  if (filter.verdict) sql += " AND verdict = ?2";
  sql += " ORDER BY time, id";
  Statement q(db_, sql.c_str(), path_, options_.busy_timeout_ms);
  if (filter.since) q.bind(1, static_cast<std::int64_t>(*filter.since));
  if (filter.verdict) q.bind(2, to_string(*filter.verdict));
  while (q.step("read")) {
    LedgerRow row;
    row.id = q.integer(0);
    LedgerEntry& e = row.entry;
    e.time = static_cast<std::time_t>(q.integer(1));
    e.queue_id = q.text(2);
    e.message_id = q.text(3);
    e.envelope_sender = q.text(4);
    e.applicant_domain = q.text(5);
    e.declaration_id = q.text(6);
    e.notice = q.text(7);
    e.star = static_cast<int>(q.integer(8));
    if (!parse_verdict(q.text(9), e.verdict)) e.verdict = Verdict::Error;
    e.company = q.text(10);
    e.forward = parse_forward_style(q.text(11));
    sink(row);
  }
}

}  // namespace sa
