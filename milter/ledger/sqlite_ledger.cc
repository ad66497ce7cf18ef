// sqlite_ledger.cc - the SQLite evidence ledger: schema and its migration, WAL, the file's
// access for reviewers, the indexed duplicate lookup, batches of inserts in one IMMEDIATE
// transaction (for the RecordQueue), purging, and reading rows for export. Errors from SQLite
// become LedgerError naming the file and, for the usual causes, what to check.
#include "ledger/sqlite_ledger.h"

#include <fcntl.h>
#include <grp.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <iterator>
#include <optional>
#include <string_view>
#include <utility>

#include "core/notice_pair.h"

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
    " forward TEXT NOT NULL DEFAULT '',"
    " seen TEXT NOT NULL DEFAULT '',"
    " auth TEXT NOT NULL DEFAULT '',"
    " reasons TEXT NOT NULL DEFAULT '',"
    " programme TEXT NOT NULL DEFAULT '',"
    " requirement TEXT NOT NULL DEFAULT '',"
    " applicant_key TEXT NOT NULL DEFAULT '');"
    "CREATE INDEX IF NOT EXISTS evidence_time ON evidence(time);";

// After the migration (an older table lacks the column until then). The pairing lookup's
// index: the applicant's latest notice of a kind is the last entry of one index range, one
// seek however many rows the applicant has. It replaces (applicant_key, notice) of the
// previous version, after which the lookup read and sorted all of the applicant's rows.
constexpr const char* kApplicantIndex =
    "CREATE INDEX IF NOT EXISTS evidence_applicant_latest"
    " ON evidence(applicant_key, notice, time, id);"
    "DROP INDEX IF EXISTS evidence_applicant_key;";

// The duplicate lookup's index: (ID, domain as compared), so that whether an ID was seen,
// and seen from another domain, are each one index seek however many copies it has. It
// replaces the index on the ID alone of earlier versions.
constexpr const char* kLookupIndex = "evidence_declaration_domain";
constexpr const char* kIndexes =
    "CREATE INDEX IF NOT EXISTS evidence_declaration_domain"
    " ON evidence(declaration_id, lower(applicant_domain));"
    "DROP INDEX IF EXISTS evidence_declaration_id;";

// The lowest and the highest domain of the ID's rows, each the first entry of an index
// range: seen when there is one, from another applicant when either is not this one.
constexpr const char* kLookup =
    "SELECT low IS NOT NULL, low <> lower(?2) OR high <> lower(?2) FROM ("
    " SELECT (SELECT lower(applicant_domain) FROM evidence WHERE declaration_id = ?1"
    "   ORDER BY lower(applicant_domain) LIMIT 1) AS low,"
    "  (SELECT lower(applicant_domain) FROM evidence WHERE declaration_id = ?1"
    "   ORDER BY lower(applicant_domain) DESC LIMIT 1) AS high)";

// The applicant's latest usable notice of a kind (pairing ① with ②).
constexpr const char* kFindNotice =
    "SELECT time, star, declaration_id, verdict FROM evidence"
    " WHERE applicant_key = ?1 AND notice = ?2 AND verdict IN ('verified', 'consistent')"
    " ORDER BY time DESC, id DESC LIMIT 1";

constexpr const char* kInsert =
    "INSERT INTO evidence (time, queue_id, message_id, envelope_sender,"
    " applicant_domain, declaration_id, notice, star, verdict, company, forward,"
    " seen, auth, reasons, programme, requirement, applicant_key)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)";

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

}  // namespace

// One prepared statement; every failure throws LedgerError.
class SqliteStatement {
 public:
  // Resets the statement when the scope ends, for the next use (and so that a finished
  // read leaves no read transaction open).
  struct Use {
    explicit Use(SqliteStatement& s) : stmt(s.stmt_) {}
    ~Use() {
      sqlite3_reset(stmt);
      sqlite3_clear_bindings(stmt);
    }
    Use(const Use&) = delete;
    Use& operator=(const Use&) = delete;
    sqlite3_stmt* stmt;
  };

  SqliteStatement(sqlite3* db, const char* sql, const std::string& path, int timeout_ms)
      : db_(db), path_(path), timeout_ms_(timeout_ms) {
    const int rc = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr);
    if (rc != SQLITE_OK) fail(db_, rc, path_, "prepare", timeout_ms_);
  }
  ~SqliteStatement() { sqlite3_finalize(stmt_); }
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

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

namespace {

bool same_file(const std::string& path, dev_t dev, ino_t ino) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && st.st_dev == dev && st.st_ino == ino;
}

bool is_memory(const std::string& path) { return path.empty() || path == ":memory:"; }

constexpr const char* kCompanions[] = {"", "-wal", "-shm"};  // the files of one WAL database

// The group of ledger.reviewer_group; throws LedgerError when there is none of that name.
gid_t reviewer_gid(const std::string& path, const std::string& group) {
  const struct group* g = ::getgrnam(group.c_str());
  if (g == nullptr) {
    throw LedgerError("ledger " + path + ": ledger.reviewer_group '" + group + "' does not exist");
  }
  return g->gr_gid;
}

// Creates an empty database file readable by its owner only, or also by the reviewer group
// (mode 0640): SQLite would create it with the umask's mode. An existing file is kept.
void create_ledger_file(const std::string& path, const std::string& group) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return;  // exists already, or SQLite's open reports why not
  bool ok = true;
  if (!group.empty()) {
    try {
      ok = ::fchown(fd, static_cast<uid_t>(-1), reviewer_gid(path, group)) == 0;
    } catch (...) {
      ::close(fd);
      ::unlink(path.c_str());
      throw;
    }
  }
  const int saved = errno;
  ok = ok && ::fchmod(fd, group.empty() ? 0600 : 0640) == 0;
  ::close(fd);
  if (!ok) {
    ::unlink(path.c_str());
    throw LedgerError("ledger " + path + ": cannot give it to ledger.reviewer_group '" + group +
                      "': " + std::strerror(saved) + " (the milter's user must be a member)");
  }
}

// Gives the database and its -wal and -shm to the reviewer group with mode 0640, so that
// `sa-triage ledger export` works for its members; throws LedgerError when it cannot.
void share_with_reviewers(const std::string& path, const std::string& group) {
  const gid_t gid = reviewer_gid(path, group);
  for (const char* suffix : kCompanions) {
    const std::string file = path + suffix;
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0) continue;
    if ((st.st_gid != gid && ::chown(file.c_str(), static_cast<uid_t>(-1), gid) != 0) ||
        ((st.st_mode & 07777) != 0640 && ::chmod(file.c_str(), 0640) != 0)) {
      throw LedgerError("ledger " + file + ": cannot give it to ledger.reviewer_group '" + group +
                        "': " + std::strerror(errno) +
                        " (the milter's user must own it and be a member of the group)");
    }
  }
}

// Before a read-only open: the database and its -wal and -shm must be readable by this
// user. Says "permission denied" when that is the cause, not "no ledger file here".
void check_readable(const std::string& path) {
  for (const char* suffix : kCompanions) {
    const std::string file = path + suffix;
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
      ::close(fd);
      continue;
    }
    const int err = errno;
    if (err == ENOENT && *suffix != '\0') continue;  // SQLite does without, or creates them
    if (err == ENOENT) {
      throw LedgerError("ledger " + path + ": no ledger file here (nothing recorded yet?)");
    }
    if (err == EACCES || err == EPERM) {
      throw LedgerError("ledger " + file +
                        ": permission denied: this user may not read the ledger (reviewers "
                        "must be in the group of ledger.reviewer_group; see sa-triage.yaml(5))");
    }
    throw LedgerError("ledger " + file + ": " + std::strerror(err));
  }
}

// The columns of kReviewColumns the evidence table lacks (an older sa-triage made it).
std::vector<std::string> missing_columns(sqlite3* db) {
  std::vector<std::string> missing(std::begin(kReviewColumns), std::end(kReviewColumns));
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT name FROM pragma_table_info('evidence')", -1, &stmt,
                         nullptr) != SQLITE_OK) {
    return missing;
  }
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    const auto* name = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    if (name == nullptr) continue;
    missing.erase(std::remove(missing.begin(), missing.end(), name), missing.end());
  }
  sqlite3_finalize(stmt);
  return missing;
}

bool has_index(sqlite3* db, const char* name) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?1", -1,
                         &stmt, nullptr) != SQLITE_OK) {
    return false;
  }
  sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
  const bool found = sqlite3_step(stmt) == SQLITE_ROW;
  sqlite3_finalize(stmt);
  return found;
}

// A migration that added applicant_key: the key of every row already there, from its domain
// and company, so that a ② arriving after the upgrade still finds the ① recorded before.
int backfill_applicant_keys(sqlite3* db) {
  sqlite3_stmt* read = nullptr;
  sqlite3_stmt* write = nullptr;
  int rc = sqlite3_prepare_v2(
      db, "SELECT id, applicant_domain, company FROM evidence WHERE company <> ''", -1, &read,
      nullptr);
  if (rc == SQLITE_OK) {
    rc = sqlite3_prepare_v2(db, "UPDATE evidence SET applicant_key = ?1 WHERE id = ?2", -1, &write,
                            nullptr);
  }
  while (rc == SQLITE_OK && (rc = sqlite3_step(read)) == SQLITE_ROW) {
    const auto text = [&](int col) {
      const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(read, col));
      return std::string(p ? p : "", static_cast<std::size_t>(sqlite3_column_bytes(read, col)));
    };
    const std::string key = applicant_key(text(1), text(2));
    sqlite3_bind_text(write, 1, key.data(), static_cast<int>(key.size()), SQLITE_TRANSIENT);
    sqlite3_bind_int64(write, 2, sqlite3_column_int64(read, 0));
    rc = sqlite3_step(write) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(db);
    sqlite3_reset(write);
  }
  sqlite3_finalize(read);
  sqlite3_finalize(write);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

}  // namespace

struct SqliteLedger::Connection {
  ~Connection() { close(); }
  void close() {
    statements.clear();
    if (db) sqlite3_close_v2(db);
    db = nullptr;
  }

  std::mutex mutex;  // one thread at a time (SQLITE_OPEN_NOMUTEX)
  sqlite3* db = nullptr;
  dev_t dev = 0;  // identity of the file opened, to notice it being replaced or removed
  ino_t ino = 0;
  // Prepared once per connection (writable ledgers): lookup, insert, begin, commit, notice.
  std::vector<std::unique_ptr<SqliteStatement>> statements;
  SqliteStatement& lookup() { return *statements[0]; }
  SqliteStatement& insert() { return *statements[1]; }
  SqliteStatement& begin() { return *statements[2]; }
  SqliteStatement& commit() { return *statements[3]; }
  SqliteStatement& find_notice() { return *statements[4]; }
};

SqliteLedger::SqliteLedger(std::string path, SqliteLedgerOptions options)
    : path_(std::move(path)),
      options_(options),
      reader_(std::make_unique<Connection>()),
      writer_(std::make_unique<Connection>()),
      census_(std::make_unique<Connection>()) {
  if (!options_.read_only) {
    open(*writer_);
    if (options_.retention_days > 0) purge_with(*writer_, options_.retention_days);
  }
  open(*reader_);
  if (!options_.read_only) {
    RecordQueueOptions q;
    q.flush_interval_ms = options_.flush_interval_ms;
    q.capacity = options_.queue_rows;
    q.full_wait_ms = options_.busy_timeout_ms;
    q.target = is_memory(path_) ? "" : "sqlite:" + path_;
    q.name = "ledger " + path_;
    queue_ = std::make_unique<RecordQueue>(static_cast<LedgerStore&>(*this), q);
  }
}

SqliteLedger::~SqliteLedger() { queue_.reset(); }

void SqliteLedger::open(Connection& c) {
  c.close();
  const int flags =
      (options_.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
      SQLITE_OPEN_NOMUTEX;
  if (!is_memory(path_)) {
    if (options_.read_only) {
      check_readable(path_);
    } else {
      create_ledger_file(path_, options_.reviewer_group);
    }
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
    // WAL: readers (export, the lookup) never block the writer, and commits need no fsync;
    // synchronous=NORMAL keeps the file consistent on power loss (the last commits may be
    // lost, never the file).
    rc = sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", nullptr, nullptr,
                      nullptr);
    if (rc != SQLITE_OK) fail(rc, "set WAL mode");
    rc = sqlite3_exec(db, kSchema, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) fail(rc, "create schema");
    // A ledger of an older sa-triage: add the columns it lacks and the lookup's index, and
    // drop the index that one replaces, once (under the write lock, so that two processes
    // opening it together do not both try). Building the index reads every row once.
    if (!missing_columns(db).empty() || !has_index(db, kLookupIndex)) {
      rc = sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
      if (rc != SQLITE_OK) fail(rc, "migrate schema");
      // The message before ROLLBACK, which would replace SQLite's words.
      auto abort_migration = [&](int code) {
        const std::string msg =
            describe(db, code, path_, "migrate schema", options_.busy_timeout_ms);
        sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
        sqlite3_close_v2(db);
        throw LedgerError(msg);
      };
      const std::vector<std::string> missing = missing_columns(db);
      std::string sql;
      for (const std::string& column : missing) {
        sql += "ALTER TABLE evidence ADD COLUMN " + column + " TEXT NOT NULL DEFAULT '';";
      }
      rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
      if (rc != SQLITE_OK) abort_migration(rc);
      if (std::find(missing.begin(), missing.end(), "applicant_key") != missing.end()) {
        rc = backfill_applicant_keys(db);
        if (rc != SQLITE_OK) abort_migration(rc);
      }
      rc = sqlite3_exec(db, kIndexes, nullptr, nullptr, nullptr);
      if (rc != SQLITE_OK) abort_migration(rc);
      rc = sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
      if (rc != SQLITE_OK) fail(rc, "migrate schema");
    }
    rc = sqlite3_exec(db, kApplicantIndex, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) fail(rc, "create schema");
    if (!is_memory(path_)) {
      // The -wal and -shm files stay when the milter closes the ledger, so that a reader who
      // may not create files in its directory (a reviewer) can still open it.
      int persist = 1;
      sqlite3_file_control(db, "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
      if (!options_.reviewer_group.empty()) {
        try {
          share_with_reviewers(path_, options_.reviewer_group);
        } catch (...) {
          sqlite3_close_v2(db);
          throw;
        }
      }
    }
    // The census connection opens on the metrics thread while lookups read this: it leaves
    // it to the other two (the columns are the same for all three).
    if (&c != census_.get()) missing_columns_.clear();
  } else {
    rc = sqlite3_exec(db, "SELECT 1 FROM evidence LIMIT 1", nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) fail(rc, "read");
    if (&c != census_.get()) missing_columns_ = missing_columns(db);
  }
  struct stat st {};
  if (!is_memory(path_) && ::stat(path_.c_str(), &st) == 0) {
    c.dev = st.st_dev;
    c.ino = st.st_ino;
  }
  c.db = db;
  if (!options_.read_only) {
    try {
      for (const char* sql : {kLookup, kInsert, "BEGIN IMMEDIATE", "COMMIT", kFindNotice}) {
        c.statements.push_back(
            std::make_unique<SqliteStatement>(db, sql, path_, options_.busy_timeout_ms));
      }
    } catch (...) {
      c.close();
      throw;
    }
  }
}

void SqliteLedger::ensure_open(Connection& c) {
  // A file removed or replaced under a running milter would swallow rows unseen: reopen.
  if (c.db && (is_memory(path_) || same_file(path_, c.dev, c.ino))) return;
  open(c);
}

Sighting SqliteLedger::record(const LedgerEntry& e) {
  if (!queue_) throw LedgerError("ledger " + path_ + ": opened read-only");
  return queue_->record(e).sighting;
}

bool SqliteLedger::flush() { return queue_ ? queue_->flush() : true; }

PriorRows SqliteLedger::prior_rows(const LedgerEntry& e) {
  std::lock_guard<std::mutex> lock(reader_->mutex);
  ensure_open(*reader_);
  PriorRows prior;
  try {
    SqliteStatement& q = reader_->lookup();
    const SqliteStatement::Use use(q);  // reset after: no read transaction left open
    q.bind(1, e.declaration_id);
    q.bind(2, e.applicant_domain);
    if (q.step("look up declaration id")) {
      prior.seen = q.integer(0) != 0;
      prior.other_applicant = q.integer(1) != 0;
    }
  } catch (const SqliteFailure& f) {
    const int rc = f.rc & 0xff;
    if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) reader_->close();
    throw;
  }
  return prior;
}

std::optional<NoticeSighting> SqliteLedger::find_notice(const std::string& applicant_key,
                                                        const std::string& notice) {
  if (applicant_key.empty()) return std::nullopt;
  return queue_ ? queue_->find_notice(applicant_key, notice) : stored_notice(applicant_key, notice);
}

std::optional<NoticeSighting> SqliteLedger::stored_notice(const std::string& applicant_key,
                                                          const std::string& notice) {
  std::lock_guard<std::mutex> lock(reader_->mutex);
  ensure_open(*reader_);
  if (std::find(missing_columns_.begin(), missing_columns_.end(), "applicant_key") !=
      missing_columns_.end()) {
    return std::nullopt;  // an older ledger opened read-only: it never linked notices
  }
  std::optional<SqliteStatement> once;  // read-only: nothing prepared
  if (reader_->statements.empty()) {
    once.emplace(reader_->db, kFindNotice, path_, options_.busy_timeout_ms);
  }
  SqliteStatement& q = once ? *once : reader_->find_notice();
  try {
    const SqliteStatement::Use use(q);
    q.bind(1, applicant_key);
    q.bind(2, notice);
    if (!q.step("look up applicant")) return std::nullopt;
    NoticeSighting found;
    found.time = static_cast<std::time_t>(q.integer(0));
    found.star = static_cast<int>(q.integer(1));
    found.declaration_id = q.text(2);
    if (!parse_verdict(q.text(3), found.verdict)) found.verdict = Verdict::Error;
    return found;
  } catch (const SqliteFailure& f) {
    const int rc = f.rc & 0xff;
    if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) reader_->close();
    throw;
  }
}

void SqliteLedger::write_rows(const std::vector<QueuedRow>& rows) {
  std::lock_guard<std::mutex> lock(writer_->mutex);
  ensure_open(*writer_);
  Connection& c = *writer_;
  try {
    {
      const SqliteStatement::Use use(c.begin());
      c.begin().step("begin");
    }
    SqliteStatement& ins = c.insert();
    for (const QueuedRow& row : rows) {
      const LedgerEntry& e = row.entry;
      const Sighting sighting = row.answer.sighting;
      const SqliteStatement::Use use(ins);
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
      ins.bind(12, to_string(sighting));
      ins.bind(13, e.auth);
      const std::string reasons = stored_reasons(e, sighting);
      ins.bind(14, reasons);
      ins.bind(15, e.programme);
      ins.bind(16, e.requirement);
      ins.bind(17, e.applicant_key);
      ins.step("insert");
    }
    const SqliteStatement::Use use(c.commit());
    c.commit().step("commit");
  } catch (const SqliteFailure& f) {
    const int rc = f.rc & 0xff;
    if (c.db && !sqlite3_get_autocommit(c.db)) {
      sqlite3_exec(c.db, "ROLLBACK", nullptr, nullptr, nullptr);
    }
    // Busy: the connection is fine, the next batch tries again. Anything else (disk
    // full, read-only, I/O): start afresh next time.
    if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) c.close();
    throw;
  }
}

void SqliteLedger::after_batch() {
  if (options_.retention_days == 0) return;
  std::lock_guard<std::mutex> lock(writer_->mutex);  // last_purge_ is the writer session's
  if (std::chrono::steady_clock::now() - last_purge_ < kPurgeInterval) return;
  ensure_open(*writer_);
  purge_with(*writer_, options_.retention_days);
}

std::size_t SqliteLedger::purge(unsigned retention_days) {
  if (options_.read_only) throw LedgerError("ledger " + path_ + ": opened read-only");
  flush();
  std::lock_guard<std::mutex> lock(writer_->mutex);
  ensure_open(*writer_);
  return purge_with(*writer_, retention_days);
}

std::size_t SqliteLedger::purge_with(Connection& c, unsigned retention_days) {
  last_purge_ = std::chrono::steady_clock::now();
  if (retention_days == 0) return 0;
  SqliteStatement del(c.db, "DELETE FROM evidence WHERE time < ?1", path_,
                      options_.busy_timeout_ms);
  del.bind(1, static_cast<std::int64_t>(purge_cutoff(retention_days, std::time(nullptr))));
  del.step("purge");
  return static_cast<std::size_t>(sqlite3_changes(c.db));
}

std::int64_t SqliteLedger::row_count() {
  flush();
  // Each connection to ":memory:" is a database of its own: there, the lookups' one.
  Connection& c = is_memory(path_) ? *reader_ : *census_;
  std::lock_guard<std::mutex> lock(c.mutex);
  ensure_open(c);
  SqliteStatement count(c.db, "SELECT count(*) FROM evidence", path_, options_.busy_timeout_ms);
  count.step("count");
  return count.integer(0);
}

void SqliteLedger::rows(const LedgerFilter& filter,
                        const std::function<void(const LedgerRow&)>& sink) {
  flush();
  std::lock_guard<std::mutex> lock(reader_->mutex);
  ensure_open(*reader_);
  std::string sql =
      "SELECT id, time, queue_id, message_id, envelope_sender, applicant_domain,"
      " declaration_id, notice, star, verdict, company, forward, ";
  sql += review_columns_sql(missing_columns_);
  sql += " FROM evidence WHERE 1";
  if (filter.since) sql += " AND time >= ?1";
  if (filter.verdict) sql += " AND verdict = ?2";
  sql += " ORDER BY time, id";
  SqliteStatement q(reader_->db, sql.c_str(), path_, options_.busy_timeout_ms);
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
    row.seen = parse_sighting(q.text(12));
    e.auth = q.text(13);
    e.reasons = split_reasons(q.text(14));
    e.programme = q.text(15);
    e.requirement = q.text(16);
    e.applicant_key = q.text(17);
    sink(row);
  }
}

}  // namespace sa
