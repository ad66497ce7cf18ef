// postgresql_ledger.cc - the PostgreSQL evidence ledger over libpq: bounded connects,
// the schema created (and an older one migrated) once under an advisory lock, statements
// prepared once per session, the indexed duplicate lookup on its own session, batches of
// inserts in one transaction on the writer's session (RecordQueue), reconnect and one retry
// when the connection broke before COMMIT was sent, streaming export.
#include "ledger/postgresql_ledger.h"

#include <libpq-fe.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <iterator>
#include <utility>

#include "core/notice_pair.h"

namespace sa {

namespace {

// Advisory lock key (first int4 of the two-key form) of schema changes.
constexpr int kSchemaLockClass = 0x5a70;
constexpr std::chrono::hours kPurgeInterval{1};

constexpr const char* kSchema =
    "CREATE TABLE IF NOT EXISTS evidence ("
    " id bigserial PRIMARY KEY,"
    " \"time\" timestamptz NOT NULL,"
    " queue_id text NOT NULL DEFAULT '',"
    " message_id text NOT NULL DEFAULT '',"
    " envelope_sender text NOT NULL DEFAULT '',"
    " applicant_domain text NOT NULL DEFAULT '',"
    " declaration_id text NOT NULL DEFAULT '',"
    " notice text NOT NULL DEFAULT '',"
    " star integer NOT NULL DEFAULT 0,"
    " verdict text NOT NULL DEFAULT '',"
    " company text NOT NULL DEFAULT '',"
    " forward text NOT NULL DEFAULT '',"
    " seen text NOT NULL DEFAULT '',"
    " auth text NOT NULL DEFAULT '',"
    " reasons text NOT NULL DEFAULT '',"
    " programme text NOT NULL DEFAULT '',"
    " requirement text NOT NULL DEFAULT '',"
    " applicant_key text NOT NULL DEFAULT '')";
constexpr const char* kTimeIndex =
    "CREATE INDEX IF NOT EXISTS evidence_time ON evidence (\"time\")";
// The duplicate lookup's index: (ID, domain as compared), so that whether an ID was seen,
// and seen from another domain, are each one index seek however many copies it has. It
// replaces the index on the ID alone of earlier versions.
constexpr const char* kLookupIndex =
    "CREATE INDEX IF NOT EXISTS evidence_declaration_domain"
    " ON evidence (declaration_id, lower(applicant_domain))";

constexpr const char* kLookupStatement = "sa_triage_lookup";
// The lowest and the highest domain of the ID's rows, each the first entry of an index
// range: seen when there is one, from another applicant when either is not this one. The
// ORDER BY ... LIMIT 1 keeps the index even in the generic plan PostgreSQL caches for a
// prepared statement (EXISTS with a range did not: a sequential scan on skewed statistics).
constexpr const char* kLookup =
    "SELECT low IS NOT NULL, low <> lower($2) OR high <> lower($2) FROM ("
    " SELECT (SELECT lower(applicant_domain) FROM evidence WHERE declaration_id = $1"
    "   ORDER BY lower(applicant_domain) LIMIT 1) AS low,"
    "  (SELECT lower(applicant_domain) FROM evidence WHERE declaration_id = $1"
    "   ORDER BY lower(applicant_domain) DESC LIMIT 1) AS high) AS ends";

constexpr const char* kFindNoticeStatement = "sa_triage_find_notice";
// The applicant's latest usable notice of a kind (pairing ① with ②).
constexpr const char* kFindNotice =
    "SELECT extract(epoch FROM \"time\")::bigint, star, declaration_id, verdict FROM evidence"
    " WHERE applicant_key = $1 AND notice = $2 AND verdict IN ('verified', 'consistent')"
    " ORDER BY \"time\" DESC, id DESC LIMIT 1";

constexpr const char* kInsertStatement = "sa_triage_insert";
constexpr const char* kInsert =
    "INSERT INTO evidence (\"time\", queue_id, message_id, envelope_sender, applicant_domain,"
    " declaration_id, notice, star, verdict, company, forward, seen, auth, reasons, programme,"
    " requirement, applicant_key)"
    " VALUES (to_timestamp($1::bigint), $2, $3, $4, $5, $6, $7, $8::int, $9, $10, $11, $12,"
    " $13, $14, $15, $16, $17)";

// The pairing lookup's index: the applicant's latest notice of a kind is the last entry of
// one index range. It replaces (applicant_key, notice) of the previous version, after which
// the lookup read and sorted all of the applicant's rows.
constexpr const char* kApplicantIndex =
    "CREATE INDEX IF NOT EXISTS evidence_applicant_latest"
    " ON evidence (applicant_key, notice, \"time\", id)";

// The columns the table has (kReviewColumns missing: an older sa-triage made it).
constexpr const char* kColumnNames =
    "SELECT attname FROM pg_attribute WHERE attrelid = 'evidence'::regclass"
    " AND NOT attisdropped AND attnum > 0";

std::string trimmed(const char* text) {
  std::string s = text ? text : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

void ignore_notice(void*, const char*) {}

std::vector<const char*> c_strings(const std::vector<std::string>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p.c_str());
  return values;
}

// A LedgerError that says whether the connection itself broke.
struct PgFailure : LedgerError {
  PgFailure(const std::string& what, bool lost) : LedgerError(what), broken(lost) {}
  bool broken;
};

}  // namespace

class PostgresqlLedger::Result {
 public:
  explicit Result(pg_result* r) : r_(r) {}
  bool ok() const {
    const ExecStatusType status = r_ ? PQresultStatus(r_) : PGRES_FATAL_ERROR;
    return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
  }
  std::string error(pg_conn* conn) const {
    return trimmed(r_ ? PQresultErrorMessage(r_) : PQerrorMessage(conn));
  }
  ~Result() { PQclear(r_); }
  Result(Result&& o) noexcept : r_(std::exchange(o.r_, nullptr)) {}
  Result(const Result&) = delete;
  Result& operator=(const Result&) = delete;
  int rows() const { return PQntuples(r_); }
  std::string text(int row, int col) const { return PQgetvalue(r_, row, col); }
  long long integer(int row, int col) const { return std::atoll(PQgetvalue(r_, row, col)); }
  std::size_t affected() const {
    return static_cast<std::size_t>(std::strtoull(PQcmdTuples(r_), nullptr, 10));
  }

 private:
  pg_result* r_;
};

struct PostgresqlLedger::Session {
  ~Session() { close(); }
  void close() {
    if (conn) PQfinish(conn);
    conn = nullptr;
  }
  bool ok() const { return conn && PQstatus(conn) == CONNECTION_OK; }

  std::mutex mutex;  // one thread at a time
  pg_conn* conn = nullptr;
};

PostgresqlLedger::PostgresqlLedger(std::string conninfo, PostgresqlLedgerOptions options)
    : conninfo_(std::move(conninfo)),
      options_(options),
      lookup_(std::make_unique<Session>()),
      writer_(std::make_unique<Session>()),
      census_(std::make_unique<Session>()) {
  if (!options_.read_only) {
    connect(*writer_);
    if (options_.retention_days > 0) purge_with(*writer_, options_.retention_days);
  }
  connect(*lookup_);
  if (!options_.read_only) {
    RecordQueueOptions q;
    q.flush_interval_ms = options_.flush_interval_ms;
    q.capacity = options_.queue_rows;
    q.full_wait_ms = options_.statement_timeout_ms;
    q.target = "postgresql:" + conninfo_;
    q.name = "ledger postgresql";
    queue_ = std::make_unique<RecordQueue>(static_cast<LedgerStore&>(*this), q);
  }
}

PostgresqlLedger::~PostgresqlLedger() { queue_.reset(); }

void PostgresqlLedger::fail(Session& s, const char* step, const std::string& detail) {
  throw PgFailure("ledger postgresql: " + std::string(step) + ": " + detail, !s.ok());
}

void PostgresqlLedger::connect(Session& s) {
  s.close();
  // Our bounds first; whatever ledger.connection says overrides them (libpq takes the
  // last value of a repeated keyword, and the expanded dbname comes last).
  const std::string connect_timeout = std::to_string(std::max(1, options_.connect_timeout_s));
  const std::string user_timeout =
      std::to_string(std::max(5000, 2 * options_.statement_timeout_ms));
  const char* keys[] = {"connect_timeout",  "keepalives",
                        "keepalives_idle",  "keepalives_interval",
                        "keepalives_count", "tcp_user_timeout",
                        "application_name", "client_encoding",
                        "dbname",           nullptr};
  const char* values[] = {
      connect_timeout.c_str(), "1",    "2", "1", "3", user_timeout.c_str(), "sa-triage", "UTF8",
      conninfo_.c_str(),       nullptr};
  s.conn = PQconnectdbParams(keys, values, 1);
  if (!s.conn) throw PgFailure("ledger postgresql: connect: out of memory", true);
  if (PQstatus(s.conn) != CONNECTION_OK) {
    const std::string why = trimmed(PQerrorMessage(s.conn));
    s.close();
    throw PgFailure("ledger postgresql: connect: " + why, true);
  }
  PQsetNoticeProcessor(s.conn, ignore_notice, nullptr);
  try {
    const std::string t = std::to_string(std::max(1, options_.statement_timeout_ms));
    exec(s,
         ("SET statement_timeout = " + t + "; SET lock_timeout = " + t +
          "; SET idle_in_transaction_session_timeout = " + std::to_string(10 * std::stoi(t)))
             .c_str(),
         {}, "set timeouts");
    if (!options_.read_only &&
        exec(s, "SELECT current_setting('transaction_read_only')", {}, "open").text(0, 0) == "on") {
      fail(s, "open for writing",
           "this database session is read-only (default_transaction_read_only, or a standby)");
    }
    const bool exists =
        exec(s, "SELECT to_regclass('evidence') IS NOT NULL", {}, "find table").text(0, 0) == "t";
    if (!exists && options_.read_only) fail(s, "find table", "no table evidence in this database");
    if (!exists) {
      exec(s, "BEGIN", {}, "create schema");
      exec(s, "SELECT pg_advisory_xact_lock($1::int, 0)", {std::to_string(kSchemaLockClass)},
           "create schema");
      exec(s, kSchema, {}, "create schema");
      exec(s, kTimeIndex, {}, "create schema");
      exec(s, kLookupIndex, {}, "create schema");
      exec(s, kApplicantIndex, {}, "create schema");
      exec(s, "COMMIT", {}, "create schema");
    }
    std::vector<std::string> missing_now = find_missing_columns(s);
    const bool indexed = exec(s,
                              "SELECT to_regclass('evidence_declaration_domain') IS NOT NULL"
                              " AND to_regclass('evidence_applicant_latest') IS NOT NULL",
                              {}, "find index")
                             .text(0, 0) == "t";
    if ((!missing_now.empty() || !indexed) && !options_.read_only) {
      // A ledger of an older sa-triage: add what it lacks, once for all hosts. Building the
      // index reads every row once: no statement timeout for it.
      exec(s, "BEGIN", {}, "migrate schema");
      exec(s, "SELECT pg_advisory_xact_lock($1::int, 0)", {std::to_string(kSchemaLockClass)},
           "migrate schema");
      exec(s, "SET LOCAL statement_timeout = 0", {}, "migrate schema");
      const std::vector<std::string> missing = find_missing_columns(s);  // under the lock
      for (const std::string& column : missing) {
        exec(s,
             ("ALTER TABLE evidence ADD COLUMN IF NOT EXISTS " + column +
              " text NOT NULL DEFAULT ''")
                 .c_str(),
             {}, "migrate schema");
      }
      if (std::find(missing.begin(), missing.end(), "applicant_key") != missing.end()) {
        backfill_applicant_keys(s);
      }
      exec(s, kApplicantIndex, {}, "migrate schema");
      exec(s, "DROP INDEX IF EXISTS evidence_applicant_key", {}, "migrate schema");
      exec(s, kLookupIndex, {}, "migrate schema");
      exec(s, "DROP INDEX IF EXISTS evidence_declaration_id", {}, "migrate schema");
      exec(s, "COMMIT", {}, "migrate schema");
      missing_now.clear();
    }
    // The census session connects on the metrics thread while lookups read this: it leaves
    // it to the other two (the columns are the same for all three).
    if (&s != census_.get()) missing_columns_ = std::move(missing_now);
    if (!options_.read_only && &s == lookup_.get()) {
      // The lookup's cached plan must stay on the index even when it was made while the
      // statistics said the table is tiny (a new ledger, before autovacuum analyzes it).
      exec(s, "SET enable_seqscan = off", {}, "set plan");
    }
    if (!options_.read_only) {
      // Kept for the session's life; a new session (reconnect) prepares them again.
      prepare(s, kLookupStatement, kLookup, 2);
      prepare(s, kFindNoticeStatement, kFindNotice, 2);
      prepare(s, kInsertStatement, kInsert, 17);
    }
  } catch (...) {
    s.close();
    throw;
  }
}

void PostgresqlLedger::ensure_connected(Session& s) {
  if (!s.ok()) connect(s);
}

std::vector<std::string> PostgresqlLedger::find_missing_columns(Session& s) {
  const Result r = exec(s, kColumnNames, {}, "find columns");
  std::vector<std::string> missing(std::begin(kReviewColumns), std::end(kReviewColumns));
  for (int i = 0; i < r.rows(); ++i) {
    missing.erase(std::remove(missing.begin(), missing.end(), r.text(i, 0)), missing.end());
  }
  return missing;
}

// A migration that added applicant_key: the key of every row already there (inside the
// migration's transaction), so a ② after the upgrade finds the ① recorded before.
void PostgresqlLedger::backfill_applicant_keys(Session& s) {
  const Result r = exec(s, "SELECT id, applicant_domain, company FROM evidence WHERE company <> ''",
                        {}, "migrate schema");
  for (int i = 0; i < r.rows(); ++i) {
    exec(s, "UPDATE evidence SET applicant_key = $1 WHERE id = $2::bigint",
         {valid_utf8(applicant_key(r.text(i, 1), r.text(i, 2))), r.text(i, 0)}, "migrate schema");
  }
}

std::optional<NoticeSighting> PostgresqlLedger::find_notice(const std::string& key,
                                                            const std::string& notice) {
  if (key.empty()) return std::nullopt;
  return queue_ ? queue_->find_notice(key, notice) : stored_notice(key, notice);
}

std::optional<NoticeSighting> PostgresqlLedger::stored_notice(const std::string& key,
                                                              const std::string& notice) {
  std::lock_guard<std::mutex> lock(lookup_->mutex);
  if (std::find(missing_columns_.begin(), missing_columns_.end(), "applicant_key") !=
      missing_columns_.end()) {
    return std::nullopt;  // an older ledger opened read-only: it never linked notices
  }
  const std::vector<std::string> params = {valid_utf8(key), valid_utf8(notice)};
  for (int attempt = 0;; ++attempt) {
    ensure_connected(*lookup_);
    try {
      // Prepared on a writable ledger's session; a read-only one (no queue) has none.
      const Result r =
          queue_ ? exec_prepared(*lookup_, kFindNoticeStatement, params, "look up applicant")
                 : exec(*lookup_, kFindNotice, params, "look up applicant");
      if (r.rows() == 0) return std::nullopt;
      NoticeSighting found;
      found.time = static_cast<std::time_t>(r.integer(0, 0));
      found.star = static_cast<int>(r.integer(0, 1));
      found.declaration_id = r.text(0, 2);
      if (!parse_verdict(r.text(0, 3), found.verdict)) found.verdict = Verdict::Error;
      return found;
    } catch (const PgFailure& f) {
      if (!f.broken) throw;
      lookup_->close();
      if (attempt > 0) throw;  // a lookup changes nothing: once more on a fresh session
    }
  }
}

void PostgresqlLedger::prepare(Session& s, const char* name, const char* sql, int params) {
  Result r(PQprepare(s.conn, name, sql, params, nullptr));
  if (!r.ok()) fail(s, "prepare", r.error(s.conn));
}

PostgresqlLedger::Result PostgresqlLedger::exec(Session& s, const char* sql,
                                                const std::vector<std::string>& params,
                                                const char* step) {
  const std::vector<const char*> values = c_strings(params);
  Result result(params.empty() ? PQexec(s.conn, sql)
                               : PQexecParams(s.conn, sql, static_cast<int>(values.size()), nullptr,
                                              values.data(), nullptr, nullptr, 0));
  if (!result.ok()) fail(s, step, result.error(s.conn));
  return result;
}

PostgresqlLedger::Result PostgresqlLedger::exec_prepared(Session& s, const char* name,
                                                         const std::vector<std::string>& params,
                                                         const char* step) {
  const std::vector<const char*> values = c_strings(params);
  Result result(PQexecPrepared(s.conn, name, static_cast<int>(values.size()), values.data(),
                               nullptr, nullptr, 0));
  if (!result.ok()) fail(s, step, result.error(s.conn));
  return result;
}

Sighting PostgresqlLedger::record(const LedgerEntry& e) {
  if (!queue_) throw LedgerError("ledger postgresql: opened read-only");
  return queue_->record(e).sighting;
}

bool PostgresqlLedger::flush() { return queue_ ? queue_->flush() : true; }

PriorRows PostgresqlLedger::prior_rows(const LedgerEntry& e) {
  std::lock_guard<std::mutex> lock(lookup_->mutex);
  // Other hosts' rows are in the database: always ask it (one index seek per question).
  for (int attempt = 0;; ++attempt) {
    ensure_connected(*lookup_);
    try {
      const Result r = exec_prepared(*lookup_, kLookupStatement,
                                     {valid_utf8(e.declaration_id), valid_utf8(e.applicant_domain)},
                                     "look up declaration id");
      PriorRows prior;
      prior.seen = r.text(0, 0) == "t";
      prior.other_applicant = r.text(0, 1) == "t";
      return prior;
    } catch (const PgFailure& f) {
      if (!f.broken) throw;
      lookup_->close();
      if (attempt > 0) throw;  // a lookup changes nothing: once more on a fresh session
    }
  }
}

void PostgresqlLedger::write_rows(const std::vector<QueuedRow>& rows) {
  std::lock_guard<std::mutex> lock(writer_->mutex);
  Session& s = *writer_;
  for (int attempt = 0;; ++attempt) {
    ensure_connected(s);
    bool commit_sent = false;
    try {
      exec(s, "BEGIN", {}, "begin");
      for (const QueuedRow& row : rows) {
        const LedgerEntry& e = row.entry;
        const Sighting sighting = row.answer.sighting;
        exec_prepared(
            s, kInsertStatement,
            {std::to_string(static_cast<long long>(e.time)), valid_utf8(e.queue_id),
             valid_utf8(e.message_id), valid_utf8(e.envelope_sender),
             valid_utf8(e.applicant_domain), valid_utf8(e.declaration_id), valid_utf8(e.notice),
             std::to_string(e.star), std::string(to_string(e.verdict)), valid_utf8(e.company),
             std::string(to_string(e.forward)), std::string(to_string(sighting)),
             valid_utf8(e.auth), valid_utf8(stored_reasons(e, sighting)), valid_utf8(e.programme),
             valid_utf8(e.requirement), valid_utf8(e.applicant_key)},
            "insert");
      }
      commit_sent = true;
      exec(s, "COMMIT", {}, "commit");
      return;
    } catch (const PgFailure& f) {
      if (!f.broken) {
        try {
          exec(s, "ROLLBACK", {}, "rollback");
        } catch (const LedgerError&) {
          s.close();
        }
        throw;
      }
      s.close();
      // After COMMIT was sent the outcome is unknown: writing the rows again could make
      // each a second row. Before it the server rolled back: once more on a fresh session.
      if (commit_sent) throw LedgerOutcomeUnknown(f.what());
      if (attempt > 0) throw;
    }
  }
}

void PostgresqlLedger::after_batch() {
  if (options_.retention_days == 0) return;
  std::lock_guard<std::mutex> lock(writer_->mutex);  // last_purge_ is the writer session's
  if (std::chrono::steady_clock::now() - last_purge_ < kPurgeInterval) return;
  ensure_connected(*writer_);
  purge_with(*writer_, options_.retention_days);
}

std::size_t PostgresqlLedger::purge(unsigned retention_days) {
  if (options_.read_only) throw LedgerError("ledger postgresql: opened read-only");
  flush();
  std::lock_guard<std::mutex> lock(writer_->mutex);
  ensure_connected(*writer_);
  return purge_with(*writer_, retention_days);
}

std::size_t PostgresqlLedger::purge_with(Session& s, unsigned retention_days) {
  last_purge_ = std::chrono::steady_clock::now();
  if (retention_days == 0) return 0;
  const auto cutoff = static_cast<long long>(purge_cutoff(retention_days, std::time(nullptr)));
  try {
    return exec(s, "DELETE FROM evidence WHERE \"time\" < to_timestamp($1::bigint)",
                {std::to_string(cutoff)}, "purge")
        .affected();
  } catch (const PgFailure& f) {
    if (f.broken) s.close();
    throw;
  }
}

std::int64_t PostgresqlLedger::row_count() {
  flush();
  std::lock_guard<std::mutex> lock(census_->mutex);
  ensure_connected(*census_);
  try {
    return exec(*census_, "SELECT count(*) FROM evidence", {}, "count").integer(0, 0);
  } catch (const PgFailure& f) {
    if (f.broken) census_->close();
    throw;
  }
}

void PostgresqlLedger::rows(const LedgerFilter& filter,
                            const std::function<void(const LedgerRow&)>& sink) {
  flush();
  std::lock_guard<std::mutex> lock(lookup_->mutex);
  Session& s = *lookup_;
  ensure_connected(s);
  std::string sql =
      "SELECT id, extract(epoch FROM \"time\")::bigint, queue_id, message_id, envelope_sender,"
      " applicant_domain, declaration_id, notice, star, verdict, company, forward, ";
  sql += review_columns_sql(missing_columns_);
  sql += " FROM evidence WHERE true";
  std::vector<std::string> params;
  if (filter.since) {
    params.push_back(std::to_string(static_cast<long long>(*filter.since)));
    sql += " AND \"time\" >= to_timestamp($" + std::to_string(params.size()) + "::bigint)";
  }
  if (filter.verdict) {
    params.emplace_back(to_string(*filter.verdict));
    sql += " AND verdict = $" + std::to_string(params.size());
  }
  sql += " ORDER BY \"time\", id";
  const std::vector<const char*> values = c_strings(params);
  // Row by row: an export of years of evidence never sits in memory at once.
  if (!PQsendQueryParams(s.conn, sql.c_str(), static_cast<int>(values.size()), nullptr,
                         values.data(), nullptr, nullptr, 0) ||
      !PQsetSingleRowMode(s.conn)) {
    const std::string why = trimmed(PQerrorMessage(s.conn));
    s.close();
    throw LedgerError("ledger postgresql: read: " + why);
  }
  std::string error;
  bool sink_failed = false;
  std::exception_ptr sink_error;
  while (pg_result* r = PQgetResult(s.conn)) {
    Result result(r);
    const ExecStatusType status = PQresultStatus(r);
    if (status == PGRES_SINGLE_TUPLE && !sink_failed) {
      LedgerRow row;
      row.id = result.integer(0, 0);
      LedgerEntry& e = row.entry;
      e.time = static_cast<std::time_t>(result.integer(0, 1));
      e.queue_id = result.text(0, 2);
      e.message_id = result.text(0, 3);
      e.envelope_sender = result.text(0, 4);
      e.applicant_domain = result.text(0, 5);
      e.declaration_id = result.text(0, 6);
      e.notice = result.text(0, 7);
      e.star = static_cast<int>(result.integer(0, 8));
      if (!parse_verdict(result.text(0, 9), e.verdict)) e.verdict = Verdict::Error;
      e.company = result.text(0, 10);
      e.forward = parse_forward_style(result.text(0, 11));
      row.seen = parse_sighting(result.text(0, 12));
      e.auth = result.text(0, 13);
      e.reasons = split_reasons(result.text(0, 14));
      e.programme = result.text(0, 15);
      e.requirement = result.text(0, 16);
      e.applicant_key = result.text(0, 17);
      try {
        sink(row);
      } catch (...) {
        // Stop handing rows on, but drain the results so the connection stays usable.
        sink_failed = true;
        sink_error = std::current_exception();
        PQrequestCancel(s.conn);
      }
    } else if (status != PGRES_SINGLE_TUPLE && status != PGRES_TUPLES_OK && error.empty() &&
               !sink_failed) {
      error = trimmed(PQresultErrorMessage(r));
    }
  }
  if (sink_error) std::rethrow_exception(sink_error);
  if (!error.empty()) {
    if (PQstatus(s.conn) != CONNECTION_OK) s.close();
    throw LedgerError("ledger postgresql: read: " + error);
  }
}

}  // namespace sa
