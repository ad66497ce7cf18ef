// ledger_bench.cc - what EvidenceLedger::record costs per message as the ledger grows, and
// the pairing lookup (find_notice) every ① and ② makes: for
// SQLite and (with --pg-dir) PostgreSQL, a fresh ledger is filled with 0, 100,000 and
// 1,000,000 rows (directly through SQL, one transaction, 1,000 of them copies of one ID),
// then record() is timed for messages with new IDs and for more copies of that ID, and
// with the commit of the queued rows (flush) included; then find_notice() for the applicant
// of those copies, who has a row for each of them by then; then the same lookups while
// another thread counts the rows as the metrics gauge does (row_count), with the count's
// time and the longest lookup meanwhile. Prints µs/message and the ratio of the largest
// ledger to the empty one. Wrong sightings make it exit 1; times assert nothing.
//
// Usage: sa-triage-ledger-bench [--rows 0,100000,1000000] [--messages 2000] [--rounds 5]
//                               [--dir DIR] [--pg-dir DIR]  (DIR: pg_server.sh start's)
#include <libpq-fe.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "core/notice_pair.h"
#include "ledger/postgresql_ledger.h"
#include "ledger/sqlite_ledger.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr int kHotCopies = 1000;
constexpr const char* kHotId = "49999999999";
constexpr const char* kHotDomain = "hot.example";

struct Options {
  std::vector<long> rows = {0, 100000, 1000000};
  int messages = 2000;
  int rounds = 5;      // per case, on the same ledger; the median is printed
  std::string dir;     // for the SQLite files ("": a temporary directory)
  std::string pg_dir;  // "": no PostgreSQL
};

// One backend: a fresh ledger, filled with `rows` rows.
struct Backend {
  std::string name;
  std::function<void()> reset;     // drops any earlier ledger
  std::function<void(long)> fill;  // `rows` rows through SQL, one transaction
  std::function<std::unique_ptr<sa::EvidenceLedger>()> open;
};

sa::LedgerEntry entry(const std::string& id, const std::string& domain) {
  sa::LedgerEntry e;
  e.time = std::time(nullptr);
  e.queue_id = "4QBENCH";
  e.message_id = "<" + id + "@" + domain + ">";
  e.envelope_sender = "grants@" + domain;
  e.applicant_domain = domain;
  e.declaration_id = id;
  e.notice = "declaration-complete";
  e.star = 2;
  e.verdict = sa::Verdict::Consistent;
  e.company = "株式会社ベンチ";
  e.forward = sa::ForwardStyle::Inline;
  e.reasons = {"forward=inline", "sender=allowed"};
  e.applicant_key = sa::applicant_key(domain, e.company);
  return e;
}

void sqlite_exec(sqlite3* db, const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    const std::string what = err ? err : "?";
    sqlite3_free(err);
    throw std::runtime_error("sqlite: " + what);
  }
}

void pg_exec(PGconn* conn, const std::string& sql) {
  PGresult* r = PQexec(conn, sql.c_str());
  const auto status = PQresultStatus(r);
  const std::string what = PQresultErrorMessage(r);
  PQclear(r);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    throw std::runtime_error("postgresql: " + what);
  }
}

// The rows of a fill, as SELECT columns over a series x = 1..N: the first kHotCopies rows
// are copies of one ID, the others each a new ID from one of 5,000 domains.
std::string fill_columns(const std::string& id_of_x, const std::string& domain_of_x) {
  return "CASE WHEN x <= " + std::to_string(kHotCopies) + " THEN '" + kHotId + "' ELSE " + id_of_x +
         " END, CASE WHEN x <= " + std::to_string(kHotCopies) + " THEN '" + kHotDomain + "' ELSE " +
         domain_of_x +
         " END, 'declaration-complete', 2, 'consistent', 'Company', 'inline', 'first'";
}

Backend sqlite_backend(const std::string& dir) {
  const std::string path = dir + "/bench-ledger.sqlite";
  Backend b;
  b.name = "sqlite";
  b.reset = [path] {
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix);
  };
  b.fill = [path](long rows) {
    { sa::SqliteLedger create(path); }  // the schema and indexes, as the milter makes them
    if (rows == 0) return;
    sqlite3* db = nullptr;
    if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) throw std::runtime_error("open " + path);
    sqlite_exec(db,
                "BEGIN; WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s WHERE x < " +
                    std::to_string(rows) +
                    ") INSERT INTO evidence (time, declaration_id, applicant_domain, notice, star,"
                    " verdict, company, forward, seen) SELECT strftime('%s','now') - x, " +
                    fill_columns("printf('3%010d', x)", "'d' || (x % 5000) || '.example'") +
                    " FROM s; COMMIT;");
    sqlite3_close(db);
  };
  b.open = [path] { return std::make_unique<sa::SqliteLedger>(path); };
  return b;
}

Backend postgresql_backend(const std::string& pg_dir) {
  std::ifstream in(pg_dir + "/conninfo");
  std::string base;
  std::getline(in, base);
  if (base.empty()) throw std::runtime_error("no " + pg_dir + "/conninfo (pg_server.sh start)");
  const std::string schema = "bench" + std::to_string(::getpid());
  const std::string conninfo = base + " options='-csearch_path=" + schema + "'";
  auto admin = std::shared_ptr<PGconn>(PQconnectdb(base.c_str()), PQfinish);
  if (PQstatus(admin.get()) != CONNECTION_OK) {
    throw std::runtime_error("postgresql: " + std::string(PQerrorMessage(admin.get())));
  }
  Backend b;
  b.name = "postgresql";
  b.reset = [admin, schema] {
    pg_exec(admin.get(), "SET client_min_messages = warning; DROP SCHEMA IF EXISTS " + schema +
                             " CASCADE; CREATE SCHEMA " + schema);
  };
  b.fill = [admin, schema, conninfo](long rows) {
    { sa::PostgresqlLedger create(conninfo); }
    if (rows > 0) {
      pg_exec(admin.get(),
              "INSERT INTO " + schema +
                  ".evidence (\"time\", declaration_id, applicant_domain, notice, star, verdict,"
                  " company, forward, seen) SELECT now() - x * interval '1 second', " +
                  fill_columns("'3' || lpad(x::text, 10, '0')", "'d' || (x % 5000) || '.example'") +
                  " FROM generate_series(1, " + std::to_string(rows) + ") AS x");
    }
    pg_exec(admin.get(), "ANALYZE " + schema + ".evidence");
  };
  b.open = [conninfo] {
    sa::PostgresqlLedgerOptions o;
    return std::make_unique<sa::PostgresqlLedger>(conninfo, o);
  };
  return b;
}

struct Timing {
  double record_us = 0;     // record() alone, per message
  double committed_us = 0;  // record() and the commit of every row (flush), per message
  int wrong = 0;            // sightings that were not what they must be
};

// `messages` records made by `make(i)` that must each read `expected`.
Timing time_records(sa::EvidenceLedger& ledger, int messages,
                    const std::function<sa::LedgerEntry(int)>& make, sa::Sighting expected) {
  std::vector<sa::LedgerEntry> entries;
  for (int i = 0; i < messages; ++i) entries.push_back(make(i));
  Timing t;
  const auto start = Clock::now();
  for (const auto& e : entries) {
    const sa::Sighting s = ledger.record(e);
    if (s != expected && t.wrong++ == 0) {
      std::fprintf(stderr, "sa-triage-ledger-bench: %s from %s read %s, not %s\n",
                   e.declaration_id.c_str(), e.applicant_domain.c_str(),
                   std::string(sa::to_string(s)).c_str(),
                   std::string(sa::to_string(expected)).c_str());
    }
  }
  const auto recorded = Clock::now();
  if (!ledger.flush()) throw std::runtime_error("flush failed");
  const auto committed = Clock::now();
  t.record_us = std::chrono::duration<double, std::micro>(recorded - start).count() / messages;
  t.committed_us = std::chrono::duration<double, std::micro>(committed - start).count() / messages;
  return t;
}

// µs per find_notice() of `key`'s latest declaration-complete, over `lookups` calls; -1
// when one finds nothing (the applicant has rows: a wrong answer).
double time_lookups(sa::EvidenceLedger& ledger, const std::string& key, int lookups) {
  const auto start = Clock::now();
  for (int i = 0; i < lookups; ++i) {
    if (!ledger.find_notice(key, "declaration-complete")) return -1;
  }
  return std::chrono::duration<double, std::micro>(Clock::now() - start).count() / lookups;
}

struct CountingLookups {
  double count_ms = 0;           // mean row_count() time
  double longest_lookup_us = 0;  // the slowest find_notice() while counts ran
  int counts = 0;
  bool found = true;
};

// find_notice() `lookups` times on this thread (at least until one count has finished)
// while another thread runs row_count() every 5 ms, as the metrics gauge does every 30 s.
CountingLookups time_lookups_while_counting(sa::EvidenceLedger& ledger, sa::LedgerReader& reader,
                                            const std::string& key, int lookups) {
  CountingLookups out;
  std::atomic<bool> done{false};
  std::atomic<int> counts{0};
  double count_seconds = 0;
  std::thread gauge([&] {
    while (!done) {
      const auto start = Clock::now();
      reader.row_count();
      count_seconds += std::chrono::duration<double>(Clock::now() - start).count();
      ++counts;
      // The gauge counts every 30 s; a short pause here gives many counts in a run without
      // starving the lookups of a mutex they share with it (std::mutex is not fair).
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });
  for (int i = 0; i < lookups || counts.load() == 0; ++i) {
    const auto start = Clock::now();
    if (!ledger.find_notice(key, "declaration-complete")) out.found = false;
    out.longest_lookup_us =
        std::max(out.longest_lookup_us,
                 std::chrono::duration<double, std::micro>(Clock::now() - start).count());
  }
  done = true;
  gauge.join();
  out.counts = counts.load();
  out.count_ms = out.counts ? 1000 * count_seconds / out.counts : 0;
  return out;
}

// The median of each time over the rounds.
Timing median(std::vector<Timing> rounds) {
  auto mid = [&](double Timing::*field) {
    std::sort(rounds.begin(), rounds.end(),
              [&](const Timing& a, const Timing& b) { return a.*field < b.*field; });
    return rounds[rounds.size() / 2].*field;
  };
  Timing t;
  t.record_us = mid(&Timing::record_us);
  t.committed_us = mid(&Timing::committed_us);
  return t;
}

std::vector<long> parse_rows(const std::string& text) {
  std::vector<long> out;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const std::size_t comma = text.find(',', pos);
    out.push_back(std::stol(text.substr(pos, comma - pos)));
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  return out;
}

int run(const Options& o) {
  std::string dir = o.dir;
  std::unique_ptr<fs::path, void (*)(fs::path*)> cleanup(nullptr, [](fs::path* p) {
    fs::remove_all(*p);
    delete p;
  });
  if (dir.empty()) {
    std::string tmpl = (fs::temp_directory_path() / "sa-ledger-bench-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    dir = tmpl;
    cleanup.reset(new fs::path(dir));
  }
  std::vector<Backend> backends = {sqlite_backend(dir)};
  if (!o.pg_dir.empty()) backends.push_back(postgresql_backend(o.pg_dir));

  std::printf(
      "%d rounds of %d messages per case, median; µs per message: record() alone / with the "
      "commit of its row\n\n",
      o.rounds, o.messages);
  std::printf(
      "| backend | rows before | fill s | new IDs | copies of an ID held %d+ times | pairing "
      "lookup, applicant with %d+ rows | row count ms | longest lookup while counting µs |\n",
      kHotCopies, o.rounds * o.messages);
  std::printf("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
  int wrong = 0;
  for (Backend& b : backends) {
    double first_new = 0, first_hot = 0, last_new = 0, last_hot = 0;
    for (std::size_t k = 0; k < o.rows.size(); ++k) {
      const long rows = o.rows[k];
      b.reset();
      const auto fill_start = Clock::now();
      b.fill(rows);
      const double fill_s = std::chrono::duration<double>(Clock::now() - fill_start).count();
      auto ledger = b.open();
      // Copies of the ID the fill repeated 1,000 times (else of one recorded now).
      if (rows == 0) ledger->record(entry(kHotId, kHotDomain));
      std::vector<Timing> fresh_rounds, hot_rounds;
      for (int r = 0; r < o.rounds; ++r) {
        const long first_id = 1000000000L + static_cast<long>(r) * o.messages;
        fresh_rounds.push_back(time_records(
            *ledger, o.messages,
            [&](int i) { return entry("5" + std::to_string(first_id + i), "new.example"); },
            sa::Sighting::First));
        hot_rounds.push_back(time_records(
            *ledger, o.messages, [&](int) { return entry(kHotId, kHotDomain); },
            sa::Sighting::Repeat));
        wrong += fresh_rounds.back().wrong + hot_rounds.back().wrong;
      }
      const Timing fresh = median(fresh_rounds);
      const Timing hot = median(hot_rounds);
      const double lookup_us =
          time_lookups(*ledger, sa::applicant_key(kHotDomain, "株式会社ベンチ"), o.messages);
      if (lookup_us < 0) {
        std::fprintf(stderr, "sa-triage-ledger-bench: the pairing lookup found nothing\n");
        ++wrong;
      }
      auto* reader = dynamic_cast<sa::LedgerReader*>(ledger.get());  // both ledgers are
      if (!reader) throw std::runtime_error(b.name + ": no LedgerReader");
      const CountingLookups counting = time_lookups_while_counting(
          *ledger, *reader, sa::applicant_key(kHotDomain, "株式会社ベンチ"), o.messages);
      if (!counting.found) {
        std::fprintf(stderr, "sa-triage-ledger-bench: a lookup beside the count found nothing\n");
        ++wrong;
      }
      std::printf("| %s | %ld | %.1f | %.1f / %.1f | %.1f / %.1f | %.1f | %.1f | %.0f |\n",
                  b.name.c_str(), rows, fill_s, fresh.record_us, fresh.committed_us, hot.record_us,
                  hot.committed_us, lookup_us, counting.count_ms, counting.longest_lookup_us);
      if (k == 0) {
        first_new = fresh.record_us;
        first_hot = hot.record_us;
      }
      last_new = fresh.record_us;
      last_hot = hot.record_us;
    }
    if (o.rows.size() > 1) {
      std::printf("| %s | ratio %ld/%ld rows (record) | | %.2f× | %.2f× | | | |\n", b.name.c_str(),
                  o.rows.back(), o.rows.front(), last_new / first_new, last_hot / first_hot);
    }
    b.reset();
  }
  if (wrong > 0) {
    std::fprintf(stderr, "sa-triage-ledger-bench: %d wrong sightings\n", wrong);
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--rows" && has_value) {
      o.rows = parse_rows(argv[++i]);
    } else if (a == "--messages" && has_value) {
      o.messages = std::atoi(argv[++i]);
    } else if (a == "--rounds" && has_value) {
      o.rounds = std::atoi(argv[++i]);
    } else if (a == "--dir" && has_value) {
      o.dir = argv[++i];
    } else if (a == "--pg-dir" && has_value) {
      o.pg_dir = argv[++i];
    } else {
      std::fprintf(stderr,
                   "usage: sa-triage-ledger-bench [--rows N,N,...] [--messages N] [--rounds N]"
                   " [--dir DIR] [--pg-dir DIR]\n");
      return 2;
    }
  }
  if (o.messages < 1 || o.rounds < 1 || o.rows.empty()) return 2;
  try {
    return run(o);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sa-triage-ledger-bench: %s\n", e.what());
    return 1;
  }
}
