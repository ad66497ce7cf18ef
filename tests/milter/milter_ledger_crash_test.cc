// milter_ledger_crash_test.cc - what a crash costs the ledger: the real daemon, its SQLite
// ledger committing every ledger.flush_interval_ms, under continuous load from four
// sessions, is killed with SIGKILL. Every message answered was tagged; every message
// answered more than the flush interval (plus scheduling slack) before the kill has its
// row; the file is intact and the daemon restarts on it; a clean stop commits the rows
// still queued however long the interval.
#include <sqlite3.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <csignal>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "milter_fixture.h"
#include "test_messages.h"

namespace sa::test {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kFlushMs = 200;
// The writer wakes when the oldest row is due and commits: on a loaded 2-core machine the
// thread may start late. Rows answered longer ago than interval + slack must be there.
constexpr int kSlackMs = 250;

struct Answered {
  std::string queue_id;
  Clock::time_point at;
  bool tagged = false;
};

// The queue ids of the ledger's rows; checks the file first.
std::set<std::string> ledger_queue_ids(const std::string& path) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
  std::set<std::string> ids;
  sqlite3_stmt* stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
  CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0))) == "ok");
  sqlite3_finalize(stmt);
  REQUIRE(sqlite3_prepare_v2(db, "SELECT queue_id FROM evidence", -1, &stmt, nullptr) == SQLITE_OK);
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    ids.insert(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return ids;
}

// Sends notices over fresh sessions until `stop` or the daemon goes away.
void send_until(MilterUnderTest& milter, int sender, const std::atomic<bool>& stop, std::mutex& m,
                std::vector<Answered>& answered) {
  for (int n = 0; !stop; ++n) {
    const std::string queue_id = "4K" + std::to_string(sender) + "x" + std::to_string(n);
    try {
      MilterClient client = milter.session();
      auto replies =
          client.send_message("sato@mihon-kogyo.example.jp", {"hojokin@grant.example.lg.jp"},
                              direct_notice(), queue_id);
      const auto at = Clock::now();
      if (replies.empty() || replies.back().code != 'a') continue;
      {
        std::lock_guard<std::mutex> lock(m);
        answered.push_back({queue_id, at, !added(replies, "X-SA-Triage-Verdict").empty()});
      }
      client.quit();
    } catch (const std::exception&) {
      return;  // the daemon was killed
    }
  }
}

}  // namespace

TEST_CASE("kill -9 under load loses at most the last flush interval of ledger rows, no mail",
          "[milter][ledger][crash]") {
  MilterUnderTest milter([](YAML::Node& c) {
    c["ledger"]["backend"] = "sqlite";
    c["ledger"]["path"] = "ledger.sqlite";
    c["ledger"]["flush_interval_ms"] = kFlushMs;
  });
  const std::string ledger_path = milter.dir.path() + "/ledger.sqlite";

  std::atomic<bool> stop{false};
  std::mutex m;
  std::vector<Answered> answered;
  std::vector<std::thread> senders;
  for (int s = 0; s < 4; ++s) {
    senders.emplace_back([&, s] { send_until(milter, s, stop, m, answered); });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  const auto killed_at = Clock::now();
  milter.daemon->signal(SIGKILL);
  CHECK(milter.daemon->wait_exit(std::chrono::seconds(5)) == 128 + SIGKILL);
  stop = true;
  for (auto& t : senders) t.join();

  const std::set<std::string> rows = ledger_queue_ids(ledger_path);
  const auto cutoff = killed_at - std::chrono::milliseconds(kFlushMs + kSlackMs);
  std::size_t old_enough = 0, missing = 0, untagged = 0;
  for (const Answered& a : answered) {
    untagged += !a.tagged;
    if (a.at >= cutoff) continue;
    ++old_enough;
    missing += rows.count(a.queue_id) == 0;
  }
  INFO(answered.size() << " answered, " << old_enough << " of them more than "
                       << kFlushMs + kSlackMs << " ms before the kill; " << rows.size()
                       << " rows in the ledger");
  REQUIRE(answered.size() > 50);  // it was under load
  CHECK(untagged == 0);
  CHECK(missing == 0);
  CHECK(rows.size() >= old_enough);
  CHECK(rows.size() <= answered.size() + 4);  // no row without a message (4 in flight)

  // It starts again on the same file, which still answers sightings; and with an interval
  // no test would wait for, SIGTERM commits the queued rows on its way out.
  YAML::Node config = YAML::LoadFile(milter.config_path());
  config["ledger"]["flush_interval_ms"] = 10000;
  write_config(config, milter.config_path());
  milter.daemon =
      std::make_unique<MilterDaemon>(milter.config_path(), milter.dir.path() + "/milter-again.log");
  std::vector<std::string> after;
  for (int n = 0; n < 10; ++n) {
    MilterClient client = milter.session();
    after.push_back("4KR" + std::to_string(n));
    auto replies =
        client.send_message("sato@mihon-kogyo.example.jp", {"hojokin@grant.example.lg.jp"},
                            direct_notice(), after.back());
    client.quit();
    CHECK(added(replies, "X-SA-Triage-Verdict") == "consistent");
    CHECK(added(replies, "X-SA-Triage-Seen") == "repeat");
  }
  milter.daemon->signal(SIGTERM);
  CHECK(milter.daemon->wait_exit(std::chrono::seconds(8)) == 0);
  const std::set<std::string> final_rows = ledger_queue_ids(ledger_path);
  for (const std::string& id : after) CHECK(final_rows.count(id) == 1);
  CHECK(final_rows.size() == rows.size() + after.size());
}

}  // namespace sa::test
