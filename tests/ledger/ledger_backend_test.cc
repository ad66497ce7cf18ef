// ledger_backend_test.cc - the evidence ledger's behaviour, the same cases against SQLite
// and PostgreSQL: sightings, entries without an ID, concurrent writers, purge, what a row
// keeps (sighting, auth, reasons), the migration of an older ledger, and every way a ledger
// can fail (read-only, unreachable, locked) ending as a prompt LedgerError.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <thread>
#include <vector>

#include "ledger_backends.h"

using namespace sa;
using namespace sa::test;
using Clock = std::chrono::steady_clock;

namespace {

LedgerEntry entry(const std::string& id, const std::string& domain, std::time_t when = 0) {
  LedgerEntry e;
  e.time = when ? when : std::time(nullptr);
  e.queue_id = "4Q" + id;
  e.message_id = "<" + id + "@" + domain + ">";
  e.envelope_sender = "grants@" + domain;
  e.applicant_domain = domain;
  e.declaration_id = id;
  e.notice = "declaration-complete";
  e.star = 1;
  e.verdict = Verdict::Consistent;
  e.company = "株式会社サンプル";
  e.forward = ForwardStyle::Attachment;
  return e;
}

std::vector<LedgerRow> all_rows(LedgerReader& reader, LedgerFilter filter = {}) {
  std::vector<LedgerRow> out;
  reader.rows(filter, [&](const LedgerRow& r) { out.push_back(r); });
  return out;
}

}  // namespace

TEMPLATE_TEST_CASE(
    "the same ID from the same domain is a repeat and from another an other-applicant", "[ledger]",
    SqliteBackend, PostgresqlBackend) {
  TestType backend;
  auto ledger = backend.open();
  CHECK(ledger->record(entry("41234567890", "applicant-a.example")) == Sighting::First);
  CHECK(ledger->record(entry("41234567890", "Applicant-A.example")) == Sighting::Repeat);
  CHECK(ledger->record(entry("41234567890", "applicant-b.example")) == Sighting::OtherApplicant);
  // Once another applicant used it, the first applicant's next copy is suspect too.
  CHECK(ledger->record(entry("41234567890", "applicant-a.example")) == Sighting::OtherApplicant);
  CHECK(ledger->record(entry("49999999999", "applicant-b.example")) == Sighting::First);

  // The rows survive a reopen, and a new ledger object sees the earlier sightings.
  ledger.reset();
  auto again = backend.open();
  CHECK(again->record(entry("49999999999", "applicant-b.example")) == Sighting::Repeat);
  const auto rows = all_rows(*again);
  REQUIRE(rows.size() == 6);
  CHECK(rows[0].entry.declaration_id == "41234567890");
  CHECK(rows[0].entry.envelope_sender == "grants@applicant-a.example");
  CHECK(rows[0].entry.company == "株式会社サンプル");
  CHECK(rows[0].entry.verdict == Verdict::Consistent);
  CHECK(rows[0].entry.forward == ForwardStyle::Attachment);
  CHECK(rows[0].entry.star == 1);
}

TEMPLATE_TEST_CASE("entries without a declaration ID are recorded and never match", "[ledger]",
                   SqliteBackend, PostgresqlBackend) {
  TestType backend;
  auto ledger = backend.open();
  LedgerEntry accepted = entry("", "applicant-a.example");
  accepted.notice = "application-accepted";
  CHECK(ledger->record(accepted) == Sighting::First);
  CHECK(ledger->record(accepted) == Sighting::First);
  accepted.applicant_domain = "applicant-b.example";
  CHECK(ledger->record(accepted) == Sighting::First);
  CHECK(all_rows(*ledger).size() == 3);
}

TEMPLATE_TEST_CASE("eight concurrent writers lose no rows and see each ID first exactly once",
                   "[ledger]", SqliteBackend, PostgresqlBackend) {
  TestType backend;
  constexpr int kThreads = 8;
  constexpr int kPerThread = 25;
  // shared: the milter's threads on one ledger; separate: 8 processes or MX hosts.
  for (const bool shared : {true, false}) {
    INFO((shared ? "one shared ledger" : "one ledger per writer"));
    auto common = backend.open({kTestWaitMs, 0});
    std::vector<std::unique_ptr<typename TestType::Ledger>> own;
    for (int t = 0; t < kThreads && !shared; ++t) own.push_back(backend.open({kTestWaitMs, 0}));
    const std::string round = shared ? "s" : "p";
    std::map<std::string, int> firsts;
    std::mutex m;
    std::atomic<int> errors{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        EvidenceLedger& ledger = shared ? *common : *own[t];
        for (int k = 0; k < kPerThread; ++k) {
          const std::string id = round + std::to_string(k);
          try {
            const Sighting s = ledger.record(entry(id, "writer" + std::to_string(t) + ".example"));
            std::lock_guard<std::mutex> lock(m);
            if (s == Sighting::First) ++firsts[id];
          } catch (const LedgerError&) {
            ++errors;
          }
        }
      });
    }
    for (auto& th : threads) th.join();
    for (auto& ledger : own) CHECK(ledger->flush());
    CHECK(errors == 0);
    CHECK(firsts.size() == kPerThread);
    for (const auto& [id, n] : firsts) CHECK(n == 1);
    std::size_t mine = 0;
    for (const auto& r : all_rows(*common)) mine += r.entry.declaration_id.rfind(round, 0) == 0;
    CHECK(mine == kThreads * kPerThread);
  }
}

TEMPLATE_TEST_CASE("the row count runs beside records and lookups and counts every row", "[ledger]",
                   SqliteBackend, PostgresqlBackend) {
  TestType backend;
  auto ledger = backend.open({kTestWaitMs, 0, 20});
  constexpr int kRows = 150;
  std::atomic<bool> done{false};
  std::atomic<int> errors{0};
  std::atomic<int> taken{0};
  std::vector<std::int64_t> counts;
  // The metrics gauge's thread: counts while the milter's threads record and look up.
  std::thread gauge([&] {
    do {
      try {
        counts.push_back(ledger->row_count());
      } catch (const LedgerError&) {
        ++errors;
      }
      ++taken;
    } while (!done);
  });
  // On a loaded machine the gauge may not run before the records are done: start them only
  // once it has counted (so the two do run side by side).
  while (taken == 0) std::this_thread::yield();
  int firsts = 0;
  for (int i = 0; i < kRows; ++i) {
    const std::string id = "4" + std::to_string(3000000000 + i);
    firsts += ledger->record(entry(id, "a.example")) == Sighting::First;
    CHECK_FALSE(ledger->find_notice("a.example\tsample", "application-accepted"));
  }
  done = true;
  gauge.join();
  CHECK(errors == 0);
  CHECK(firsts == kRows);
  REQUIRE_FALSE(counts.empty());
  CHECK(std::is_sorted(counts.begin(), counts.end()));  // rows only ever added
  CHECK(counts.back() <= kRows);
  CHECK(ledger->row_count() == kRows);
}

TEMPLATE_TEST_CASE("purge removes rows past the retention and opening purges too", "[ledger]",
                   SqliteBackend, PostgresqlBackend) {
  TestType backend;
  const std::time_t now = std::time(nullptr);
  {
    auto ledger = backend.open();
    ledger->record(entry("41111111111", "old.example", now - 800 * 86400));
    ledger->record(entry("42222222222", "old.example", now - 400 * 86400));
    ledger->record(entry("43333333333", "new.example", now - 3600));
    CHECK(ledger->purge(0) == 0);  // 0 keeps forever
    CHECK(ledger->purge(730) == 1);
    CHECK(all_rows(*ledger).size() == 2);
    // A purged ID is forgotten: it is first again.
    CHECK(ledger->record(entry("41111111111", "other.example")) == Sighting::First);
  }
  auto reopened = backend.open({kTestWaitMs, 365});
  const auto rows = all_rows(*reopened);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].entry.declaration_id == "43333333333");
  CHECK(rows[1].entry.declaration_id == "41111111111");
}

TEMPLATE_TEST_CASE("a read-only ledger is a LedgerError and not a crash", "[ledger]", SqliteBackend,
                   PostgresqlBackend) {
  TestType backend;
  backend.with_read_only_ledger([](auto open_read_only) {
    try {
      auto ledger = open_read_only();
      CHECK_THROWS_AS(ledger->record(entry("41234567890", "a.example")), LedgerError);
    } catch (const LedgerError& e) {
      INFO(e.what());
      CHECK(std::string(e.what()).find("read") != std::string::npos);
    }
  });
}

TEMPLATE_TEST_CASE("an unreachable ledger is a prompt LedgerError", "[ledger]", SqliteBackend,
                   PostgresqlBackend) {
  TestType backend;
  const auto start = Clock::now();
  CHECK_THROWS_AS(backend.open_unreachable(), LedgerError);
  CHECK(Clock::now() - start < std::chrono::seconds(3));
}

TEMPLATE_TEST_CASE("a locked ledger answers or fails within its bounded wait and then recovers",
                   "[ledger]", SqliteBackend, PostgresqlBackend) {
  TestType backend;
  auto ledger = backend.open({300, 0});
  ledger->record(entry("41234567890", "a.example"));
  REQUIRE(ledger->flush());
  bool answered = false;
  {
    auto held = backend.lock();
    const auto start = Clock::now();
    try {
      // SQLite (WAL) still reads under another's write lock: the answer comes at once and
      // the row waits in the queue. PostgreSQL's exclusive table lock stops the lookup too.
      const Sighting s = ledger->record(entry("41234567890", "b.example"));
      answered = true;
      CHECK(s == Sighting::OtherApplicant);
      CHECK(Clock::now() - start < std::chrono::milliseconds(250));
      CHECK_FALSE(ledger->flush());  // the writer cannot commit through the lock
    } catch (const LedgerError& e) {
      INFO(e.what());
      const auto waited = Clock::now() - start;
      CHECK(waited >= std::chrono::milliseconds(250));
    }
    CHECK(Clock::now() - start < std::chrono::milliseconds(2000));
    if (answered) CHECK(backend.stored_rows() == 1);  // (PostgreSQL's count would wait too)
  }
  CHECK(std::string(TestType::kName) == (answered ? "sqlite" : "postgresql"));
  CHECK(ledger->record(entry("41234567890", "b.example")) == Sighting::OtherApplicant);
  // Nothing answered is lost: the row that waited for the lock is written after it.
  REQUIRE(ledger->flush());
  CHECK(backend.stored_rows() == (answered ? 3 : 2));
}

TEMPLATE_TEST_CASE("a sighting counts the rows still waiting to be committed", "[ledger][queue]",
                   SqliteBackend, PostgresqlBackend) {
  TestType backend;
  auto ledger =
      backend.open({kTestWaitMs, 0, 60000});  // nothing is committed by itself for a minute
  CHECK(ledger->record(entry("41234567890", "a.example")) == Sighting::First);
  CHECK(ledger->record(entry("41234567890", "A.EXAMPLE")) == Sighting::Repeat);
  CHECK(ledger->record(entry("41234567890", "b.example")) == Sighting::OtherApplicant);
  CHECK(ledger->record(entry("", "b.example")) == Sighting::First);
  // The applicant's notice ① is found for pairing while its row still waits too.
  LedgerEntry first = entry("45555555555", "c.example");
  first.applicant_key = "c.example\tsample";
  first.star = 2;
  ledger->record(first);
  const auto found = ledger->find_notice("c.example\tsample", "declaration-complete");
  REQUIRE(found);
  CHECK(found->declaration_id == "45555555555");
  CHECK(found->star == 2);
  CHECK_FALSE(ledger->find_notice("c.example\tsample", "application-accepted"));
  CHECK(backend.stored_rows() == 0);
  // A second ledger object on the same target (a reload) sees the first one's queued rows.
  auto second = backend.open({kTestWaitMs, 0, 60000});
  CHECK(second->record(entry("41234567890", "a.example")) == Sighting::OtherApplicant);
  CHECK(second->record(entry("43333333333", "c.example")) == Sighting::First);
  REQUIRE(ledger->flush());
  CHECK(backend.stored_rows() == 5);
  CHECK(ledger->find_notice("c.example\tsample", "declaration-complete"));  // now stored
  // Committed, the rows answer from the database.
  CHECK(second->record(entry("41234567890", "c.example")) == Sighting::OtherApplicant);
  const auto start = Clock::now();
  second.reset();  // the destructor commits what is queued, without waiting for the interval
  CHECK(Clock::now() - start < std::chrono::seconds(5));
  CHECK(backend.stored_rows() == 8);
  const auto rows = all_rows(*ledger);
  REQUIRE(rows.size() == 8);
  CHECK(rows[2].seen == Sighting::OtherApplicant);
  CHECK(rows[2].entry.reasons == std::vector<std::string>{"duplicate-id"});
}

TEMPLATE_TEST_CASE("rows are committed within the flush interval without any flush call",
                   "[ledger][queue]", SqliteBackend, PostgresqlBackend) {
  TestType backend;
  auto ledger = backend.open({kTestWaitMs, 0, 100});
  for (int i = 0; i < 20; ++i) ledger->record(entry("4" + std::to_string(i), "a.example"));
  const auto start = Clock::now();
  while (backend.stored_rows() < 20 && Clock::now() - start < std::chrono::seconds(5)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  CHECK(backend.stored_rows() == 20);
}

TEMPLATE_TEST_CASE("a full write queue waits a bounded time, then the message is a LedgerError",
                   "[ledger][queue]", SqliteBackend, PostgresqlBackend) {
  TestType backend;
  auto ledger = backend.open({300, 0, 0, 5});
  REQUIRE(ledger->flush());
  int answered = 0;
  {
    auto held = backend.lock();
    const auto start = Clock::now();
    for (int i = 0; i < 8; ++i) {
      try {
        ledger->record(entry("4123456789" + std::to_string(i), "a.example"));
        ++answered;
      } catch (const LedgerError& e) {
        INFO(e.what());
      }
    }
    // SQLite queues 5 rows, then refuses; PostgreSQL's lookup fails under the lock. Each
    // refusal is bounded by the 300 ms wait (none once the writer is known to fail).
    CHECK(answered == (std::string(TestType::kName) == "sqlite" ? 5 : 0));
    CHECK(Clock::now() - start < std::chrono::milliseconds(8 * 300 + 1500));
  }
  REQUIRE(ledger->flush());
  CHECK(backend.stored_rows() == answered);
  CHECK(ledger->record(entry("49999999999", "a.example")) == Sighting::First);
}

TEMPLATE_TEST_CASE("rows keep their sighting, auth and reasons", "[ledger]", SqliteBackend,
                   PostgresqlBackend) {
  TestType backend;
  auto ledger = backend.open();
  LedgerEntry e = entry("41234567890", "a.example");
  e.auth = "dkim=pass header.d=ipa.go.jp header.s=s1";
  e.reasons = {"forward=attachment", "dkim=pass"};
  ledger->record(e);
  e.applicant_domain = "b.example";
  ledger->record(e);
  const auto rows = all_rows(*ledger);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].seen == Sighting::First);
  CHECK(rows[0].entry.auth == "dkim=pass header.d=ipa.go.jp header.s=s1");
  CHECK(rows[0].entry.reasons == std::vector<std::string>{"forward=attachment", "dkim=pass"});
  // The row says what the headers said: another applicant's copy is a duplicate-id.
  CHECK(rows[1].seen == Sighting::OtherApplicant);
  CHECK(rows[1].entry.reasons ==
        std::vector<std::string>{"forward=attachment", "dkim=pass", "duplicate-id"});
}

TEMPLATE_TEST_CASE("a ledger of an older version is read as it is and migrated when written",
                   "[ledger][migration]", SqliteBackend, PostgresqlBackend) {
  TestType backend;
  backend.create_version_1_ledger();
  {
    auto reader = backend.open_read_only();  // export before the milter ran the new version
    const auto rows = all_rows(*reader);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].entry.declaration_id == "41234567890");
    CHECK_FALSE(rows[0].seen);
    CHECK(rows[0].entry.reasons.empty());
  }
  auto ledger = backend.open();  // the milter: adds the columns, keeps the row
  CHECK(ledger->record(entry("41234567890", "b.example")) == Sighting::OtherApplicant);
  REQUIRE(ledger->flush());
  auto again = backend.open();  // a second open finds nothing to add
  const auto rows = all_rows(*again);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].entry.company == "Old Co");
  CHECK(rows[0].entry.star == 2);
  CHECK_FALSE(rows[0].seen);
  CHECK(rows[1].seen == Sighting::OtherApplicant);
  CHECK(rows[1].entry.reasons == std::vector<std::string>{"duplicate-id"});
  const auto read = all_rows(*backend.open_read_only());
  CHECK(read.size() == 2);
}

TEMPLATE_TEST_CASE("a ledger of the version before the lookup index gets the index, old rows count",
                   "[ledger][migration]", SqliteBackend, PostgresqlBackend) {
  TestType backend;
  backend.create_ledger_before_lookup_index(1000);
  auto ledger = backend.open();
  CHECK(backend.has_index("evidence_declaration_domain"));
  CHECK_FALSE(backend.has_index("evidence_declaration_id"));
  CHECK(backend.has_index("evidence_applicant_latest"));  // the pairing lookup's
  CHECK_FALSE(backend.has_index("evidence_applicant_key"));
  CHECK(ledger->record(entry("42222222222", "a.example")) == Sighting::Repeat);
  CHECK(ledger->record(entry("42222222222", "b.example")) == Sighting::OtherApplicant);
  CHECK(ledger->record(entry("43333333333", "a.example")) == Sighting::First);
  ledger.reset();
  auto again = backend.open();  // nothing left to migrate
  CHECK(again->record(entry("42222222222", "a.example")) == Sighting::OtherApplicant);
  CHECK(again->row_count() == 1006);  // versions 1 and 2 left one row each
}

TEST_CASE("sqlite: a ledger file removed under a running ledger is created afresh",
          "[ledger][sqlite]") {
  SqliteBackend backend;
  auto ledger = backend.open();
  ledger->record(entry("41234567890", "a.example"));
  REQUIRE(ledger->flush());
  CHECK(ledger->row_count() == 1);  // the count's own connection, open on the first file
  for (const char* suffix : {"", "-wal", "-shm"}) std::remove((backend.path() + suffix).c_str());
  CHECK(ledger->record(entry("41234567890", "b.example")) == Sighting::First);
  REQUIRE(ledger->flush());
  ledger->record(entry("42222222222", "c.example"));
  CHECK(ledger->row_count() == 2);  // counted in the new file, not the removed one
  auto other = backend.open();
  CHECK(all_rows(*other).size() == 2);
}

TEST_CASE("sqlite: a ledger whose directory vanished fails each record and then recovers",
          "[ledger][sqlite]") {
  TempDir dir;
  const std::string sub = dir.file("db");
  std::filesystem::create_directory(sub);
  SqliteLedger ledger(sub + "/ledger.sqlite", {});
  ledger.record(entry("41234567890", "a.example"));
  REQUIRE(ledger.flush());
  std::filesystem::remove_all(sub);
  std::ofstream(sub) << "now a file";
  CHECK_THROWS_AS(ledger.record(entry("41234567890", "a.example")), LedgerError);
  CHECK_THROWS_AS(ledger.record(entry("41234567890", "a.example")), LedgerError);
  std::filesystem::remove(sub);
  std::filesystem::create_directory(sub);
  CHECK(ledger.record(entry("41234567890", "a.example")) == Sighting::First);
}

TEST_CASE("postgresql: a broken connection is replaced and the message still recorded",
          "[ledger][postgresql]") {
  PostgresqlBackend backend;
  auto ledger = backend.open();
  CHECK(ledger->record(entry("41234567890", "a.example")) == Sighting::First);
  backend.kill_sessions();
  CHECK(ledger->record(entry("41234567890", "b.example")) == Sighting::OtherApplicant);
  CHECK(all_rows(*ledger).size() == 2);
}

TEST_CASE("sqlite: the pairing lookup is one index seek, not a sort of the applicant's rows",
          "[ledger][sqlite][pair]") {
  SqliteBackend backend;
  auto ledger = backend.open();
  CHECK(backend.has_index("evidence_applicant_latest"));
  CHECK_FALSE(backend.has_index("evidence_applicant_key"));
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(backend.path().c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* plan = nullptr;
  // The statement of SqliteLedger::stored_notice (kFindNotice in sqlite_ledger.cc).
  REQUIRE(sqlite3_prepare_v2(db,
                             "EXPLAIN QUERY PLAN SELECT time, star, declaration_id, verdict FROM "
                             "evidence WHERE applicant_key = ?1 AND notice = ?2 AND verdict IN "
                             "('verified', 'consistent') ORDER BY time DESC, id DESC LIMIT 1",
                             -1, &plan, nullptr) == SQLITE_OK);
  std::string details;
  while (sqlite3_step(plan) == SQLITE_ROW) {
    details += reinterpret_cast<const char*>(sqlite3_column_text(plan, 3));
    details += "; ";
  }
  sqlite3_finalize(plan);
  sqlite3_close(db);
  INFO(details);
  CHECK(details.find("USING INDEX evidence_applicant_latest") != std::string::npos);
  CHECK(details.find("TEMP B-TREE") == std::string::npos);  // no sort
}
