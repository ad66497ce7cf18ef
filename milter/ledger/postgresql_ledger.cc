// postgresql_ledger.cc - the PostgreSQL evidence ledger over libpq: bounded connects,
// the schema created once under an advisory lock, duplicate detection serialized per
// 自己宣言ID with pg_advisory_xact_lock(hashtext(id)) across all hosts, reconnect and
// one retry when the connection broke before COMMIT was sent, streaming export.
#include "ledger/postgresql_ledger.h"

#include <libpq-fe.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <iterator>
#include <utility>

#include "core/notice_pair.h"

namespace sa {

// Advisory lock keys (first int4 of the two-key form): the schema, and one per ID.
namespace {

constexpr int kSchemaLockClass = 0x5a70;
constexpr int kIdLockClass = 0x5a71;
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

constexpr const char* kApplicantIndex =
    "CREATE INDEX IF NOT EXISTS evidence_applicant_key ON evidence (applicant_key, notice)";

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

// A LedgerError that says whether the connection itself broke.
struct PgFailure : LedgerError {
  PgFailure(const std::string& what, bool lost) : LedgerError(what), broken(lost) {}
  bool broken;
};

}  // namespace

class PostgresqlLedger::Result {
 public:
  explicit Result(pg_result* r) : r_(r) {}
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

PostgresqlLedger::PostgresqlLedger(std::string conninfo, PostgresqlLedgerOptions options)
    : conninfo_(std::move(conninfo)), options_(options) {
  std::lock_guard<std::mutex> lock(mutex_);
  connect_locked();
  if (!options_.read_only && options_.retention_days > 0) purge_locked(options_.retention_days);
}

PostgresqlLedger::~PostgresqlLedger() { disconnect_locked(); }

void PostgresqlLedger::fail(const char* step, const std::string& detail) {
  const bool broken = !conn_ || PQstatus(conn_) != CONNECTION_OK;
  throw PgFailure("ledger postgresql: " + std::string(step) + ": " + detail, broken);
}

void PostgresqlLedger::disconnect_locked() {
  if (conn_) PQfinish(conn_);
  conn_ = nullptr;
}

void PostgresqlLedger::connect_locked() {
  disconnect_locked();
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
  conn_ = PQconnectdbParams(keys, values, 1);
  if (!conn_) throw PgFailure("ledger postgresql: connect: out of memory", true);
  if (PQstatus(conn_) != CONNECTION_OK) {
    const std::string why = trimmed(PQerrorMessage(conn_));
    disconnect_locked();
    throw PgFailure("ledger postgresql: connect: " + why, true);
  }
  PQsetNoticeProcessor(conn_, ignore_notice, nullptr);
  try {
    const std::string t = std::to_string(std::max(1, options_.statement_timeout_ms));
    exec(("SET statement_timeout = " + t + "; SET lock_timeout = " + t +
          "; SET idle_in_transaction_session_timeout = " + std::to_string(10 * std::stoi(t)))
             .c_str(),
         {}, "set timeouts");
    const bool exists =
        exec("SELECT to_regclass('evidence') IS NOT NULL", {}, "find table").text(0, 0) == "t";
    if (!exists && options_.read_only) fail("find table", "no table evidence in this database");
    if (!exists) {
      exec("BEGIN", {}, "create schema");
      exec("SELECT pg_advisory_xact_lock($1::int, 0)", {std::to_string(kSchemaLockClass)},
           "create schema");
      exec(kSchema, {}, "create schema");
      exec("CREATE INDEX IF NOT EXISTS evidence_declaration_id ON evidence (declaration_id)", {},
           "create schema");
      exec("CREATE INDEX IF NOT EXISTS evidence_time ON evidence (\"time\")", {}, "create schema");
      exec(kApplicantIndex, {}, "create schema");
      exec("COMMIT", {}, "create schema");
    }
    missing_columns_ = find_missing_columns();
    if (!missing_columns_.empty() && !options_.read_only) {
      // A ledger of an older sa-triage: add what it lacks, once for all hosts.
      exec("BEGIN", {}, "migrate schema");
      exec("SELECT pg_advisory_xact_lock($1::int, 0)", {std::to_string(kSchemaLockClass)},
           "migrate schema");
      const std::vector<std::string> missing = find_missing_columns();  // under the lock
      for (const std::string& column : missing) {
        exec(("ALTER TABLE evidence ADD COLUMN IF NOT EXISTS " + column +
              " text NOT NULL DEFAULT ''")
                 .c_str(),
             {}, "migrate schema");
      }
      if (std::find(missing.begin(), missing.end(), "applicant_key") != missing.end()) {
        backfill_applicant_keys();
        exec(kApplicantIndex, {}, "migrate schema");
      }
      exec("COMMIT", {}, "migrate schema");
      missing_columns_.clear();
    }

  } catch (...) {
    disconnect_locked();
    throw;
  }
}

std::vector<std::string> PostgresqlLedger::find_missing_columns() {
  const Result r = exec(kColumnNames, {}, "find columns");
  std::vector<std::string> missing(std::begin(kReviewColumns), std::end(kReviewColumns));
  for (int i = 0; i < r.rows(); ++i) {
    missing.erase(std::remove(missing.begin(), missing.end(), r.text(i, 0)), missing.end());
  }
  return missing;
}

// A migration that added applicant_key: the key of every row already there (inside the
// migration's transaction), so a ② after the upgrade finds the ① recorded before.
void PostgresqlLedger::backfill_applicant_keys() {
  const Result r = exec("SELECT id, applicant_domain, company FROM evidence WHERE company <> ''",
                        {}, "migrate schema");
  for (int i = 0; i < r.rows(); ++i) {
    exec("UPDATE evidence SET applicant_key = $1 WHERE id = $2::bigint",
         {valid_utf8(applicant_key(r.text(i, 1), r.text(i, 2))), r.text(i, 0)}, "migrate schema");
  }
}

std::optional<NoticeSighting> PostgresqlLedger::find_notice(const std::string& key,
                                                            const std::string& notice) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (key.empty()) return std::nullopt;
  ensure_connected_locked();
  if (std::find(missing_columns_.begin(), missing_columns_.end(), "applicant_key") !=
      missing_columns_.end()) {
    return std::nullopt;  // an older ledger opened read-only: it never linked notices
  }
  try {
    const Result r = exec(
        "SELECT extract(epoch FROM \"time\")::bigint, star, declaration_id, verdict FROM evidence"
        " WHERE applicant_key = $1 AND notice = $2 AND verdict IN ('verified', 'consistent')"
        " ORDER BY \"time\" DESC, id DESC LIMIT 1",
        {valid_utf8(key), valid_utf8(notice)}, "look up applicant");
    if (r.rows() == 0) return std::nullopt;
    NoticeSighting found;
    found.time = static_cast<std::time_t>(r.integer(0, 0));
    found.star = static_cast<int>(r.integer(0, 1));
    found.declaration_id = r.text(0, 2);
    if (!parse_verdict(r.text(0, 3), found.verdict)) found.verdict = Verdict::Error;
    return found;
  } catch (const PgFailure& f) {
    if (f.broken) disconnect_locked();
    throw;
  }
}

void PostgresqlLedger::ensure_connected_locked() {
  if (!conn_ || PQstatus(conn_) != CONNECTION_OK) connect_locked();
}

PostgresqlLedger::Result PostgresqlLedger::exec(const char* sql,
                                                const std::vector<std::string>& params,
                                                const char* step) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p.c_str());
  pg_result* r = params.empty() ? PQexec(conn_, sql)
                                : PQexecParams(conn_, sql, static_cast<int>(values.size()), nullptr,
                                               values.data(), nullptr, nullptr, 0);
  Result result(r);
  const ExecStatusType status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    fail(step, trimmed(r ? PQresultErrorMessage(r) : PQerrorMessage(conn_)));
  }
  return result;
}

Sighting PostgresqlLedger::record_once(const LedgerEntry& e, bool& commit_sent) {
  Sighting sighting = Sighting::First;
  const std::string id = valid_utf8(e.declaration_id);
  const std::string domain = valid_utf8(e.applicant_domain);
  exec("BEGIN", {}, "begin");
  if (!id.empty()) {
    // Serializes writers of the same ID on every host: the lookup below then sees the
    // rows the previous holder committed (READ COMMITTED takes a snapshot per statement).
    exec("SELECT pg_advisory_xact_lock($1::int, hashtext($2))", {std::to_string(kIdLockClass), id},
         "lock declaration id");
    const Result r = exec(
        "SELECT count(*),"
        " coalesce(sum(CASE WHEN lower(applicant_domain) <> lower($2) THEN 1 ELSE 0 END), 0)"
        " FROM evidence WHERE declaration_id = $1",
        {id, domain}, "look up declaration id");
    sighting = sighting_of(r.integer(0, 0), r.integer(0, 1));
  }
  exec(
      "INSERT INTO evidence (\"time\", queue_id, message_id, envelope_sender, applicant_domain,"
      " declaration_id, notice, star, verdict, company, forward, seen, auth, reasons, programme,"
      " requirement, applicant_key)"
      " VALUES (to_timestamp($1::bigint), $2, $3, $4, $5, $6, $7, $8::int, $9, $10, $11, $12,"
      " $13, $14, $15, $16, $17)",
      {std::to_string(static_cast<long long>(e.time)), valid_utf8(e.queue_id),
       valid_utf8(e.message_id), valid_utf8(e.envelope_sender), domain, id, valid_utf8(e.notice),
       std::to_string(e.star), std::string(to_string(e.verdict)), valid_utf8(e.company),
       std::string(to_string(e.forward)), std::string(to_string(sighting)), valid_utf8(e.auth),
       valid_utf8(stored_reasons(e, sighting)), valid_utf8(e.programme), valid_utf8(e.requirement),
       valid_utf8(e.applicant_key)},
      "insert");
  commit_sent = true;
  exec("COMMIT", {}, "commit");
  return sighting;
}

Sighting PostgresqlLedger::record(const LedgerEntry& e) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (options_.read_only) throw LedgerError("ledger postgresql: opened read-only");
  Sighting sighting = Sighting::First;
  for (int attempt = 0;; ++attempt) {
    ensure_connected_locked();
    bool commit_sent = false;
    try {
      sighting = record_once(e, commit_sent);
      break;
    } catch (const PgFailure& f) {
      if (!f.broken) {
        try {
          exec("ROLLBACK", {}, "rollback");
        } catch (const LedgerError&) {
          disconnect_locked();
        }
        throw;
      }
      disconnect_locked();
      // A connection that broke before COMMIT left nothing behind (the server rolls the
      // transaction back): try once more on a fresh one. After COMMIT the outcome is
      // unknown, and a second row would be a false repeat.
      if (attempt > 0 || commit_sent) throw;
    }
  }
  const auto now = std::chrono::steady_clock::now();
  if (options_.retention_days > 0 && now - last_purge_ >= kPurgeInterval) {
    try {
      purge_locked(options_.retention_days);
    } catch (const LedgerError&) {
      // The row is recorded; the purge is tried again within the hour.
    }
  }
  return sighting;
}

std::size_t PostgresqlLedger::purge(unsigned retention_days) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (options_.read_only) throw LedgerError("ledger postgresql: opened read-only");
  ensure_connected_locked();
  return purge_locked(retention_days);
}

std::size_t PostgresqlLedger::purge_locked(unsigned retention_days) {
  last_purge_ = std::chrono::steady_clock::now();
  if (retention_days == 0) return 0;
  const auto cutoff = static_cast<long long>(purge_cutoff(retention_days, std::time(nullptr)));
  try {
    return exec("DELETE FROM evidence WHERE \"time\" < to_timestamp($1::bigint)",
                {std::to_string(cutoff)}, "purge")
        .affected();
  } catch (const PgFailure& f) {
    if (f.broken) disconnect_locked();
    throw;
  }
}

std::int64_t PostgresqlLedger::row_count() {
  std::lock_guard<std::mutex> lock(mutex_);
  ensure_connected_locked();
  try {
    return exec("SELECT count(*) FROM evidence", {}, "count").integer(0, 0);
  } catch (const PgFailure& f) {
    if (f.broken) disconnect_locked();
    throw;
  }
}

void PostgresqlLedger::rows(const LedgerFilter& filter,
                            const std::function<void(const LedgerRow&)>& sink) {
  std::lock_guard<std::mutex> lock(mutex_);
  ensure_connected_locked();
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
  std::vector<const char*> values;
  for (const auto& p : params) values.push_back(p.c_str());
  // Row by row: an export of years of evidence never sits in memory at once.
  if (!PQsendQueryParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr,
                         values.data(), nullptr, nullptr, 0) ||
      !PQsetSingleRowMode(conn_)) {
    const std::string why = trimmed(PQerrorMessage(conn_));
    disconnect_locked();
    throw LedgerError("ledger postgresql: read: " + why);
  }
  std::string error;
  bool sink_failed = false;
  std::exception_ptr sink_error;
  while (pg_result* r = PQgetResult(conn_)) {
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
        PQrequestCancel(conn_);
      }
    } else if (status != PGRES_SINGLE_TUPLE && status != PGRES_TUPLES_OK && error.empty() &&
               !sink_failed) {
      error = trimmed(PQresultErrorMessage(r));
    }
  }
  if (sink_error) std::rethrow_exception(sink_error);
  if (!error.empty()) {
    if (PQstatus(conn_) != CONNECTION_OK) disconnect_locked();
    throw LedgerError("ledger postgresql: read: " + error);
  }
}

}  // namespace sa
