// inspection_pool_test.cc - the milter's worker pool: results come back, an overrun is
// abandoned and records nothing, a job already recording is waited for, a full queue
// refuses at once, and an abandoned queued job never runs.
#include "daemon/inspection_pool.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

using namespace std::chrono_literals;
using Outcome = sa::InspectionPool::Outcome;

TEST_CASE("a job's result comes back within its budget", "[pool]") {
  sa::InspectionPool pool(2, 4);
  int value = 0;
  CHECK(pool.run([&](const auto&) { value = 42; }, 1000ms) == Outcome::Done);
  CHECK(value == 42);
}

TEST_CASE("an overrun is abandoned and may not record", "[pool]") {
  sa::InspectionPool pool(1, 4);
  auto recorded = std::make_shared<std::atomic<int>>(-1);
  auto finished = std::make_shared<std::atomic<bool>>(false);
  CHECK(pool.run(
            [recorded, finished](const std::function<bool()>& may_record) {
              std::this_thread::sleep_for(300ms);
              *recorded = may_record() ? 1 : 0;
              *finished = true;
            },
            50ms) == Outcome::Timeout);
  for (int i = 0; i < 100 && !*finished; ++i) std::this_thread::sleep_for(10ms);
  REQUIRE(*finished);
  CHECK(*recorded == 0);  // the ledger would not have been written
  CHECK(pool.counters().abandoned == 1);
}

TEST_CASE("a job that began recording before the deadline is waited for", "[pool]") {
  sa::InspectionPool pool(1, 4);
  bool wrote = false;
  CHECK(pool.run(
            [&](const std::function<bool()>& may_record) {
              REQUIRE(may_record());
              std::this_thread::sleep_for(200ms);  // a slow ledger write
              wrote = true;
            },
            50ms) == Outcome::Done);
  CHECK(wrote);
  CHECK(pool.counters().abandoned == 0);
}

TEST_CASE("a saturated pool refuses at once, and abandoned queued jobs never run", "[pool]") {
  sa::InspectionPool pool(1, 1);
  std::atomic<bool> release{false};
  std::atomic<int> ran{0};
  std::thread blocker([&] {
    pool.run(
        [&](const auto&) {
          while (!release) std::this_thread::sleep_for(5ms);
        },
        5000ms);
  });
  while (pool.counters().busy == 0) std::this_thread::sleep_for(5ms);
  // One waits in the queue and times out there; it is dropped, not run later.
  CHECK(pool.run([&](const auto&) { ++ran; }, 50ms) == Outcome::Timeout);
  // The queue holds one: fill it from another caller, then a third is refused.
  std::thread queued([&] { pool.run([&](const auto&) { ++ran; }, 5000ms); });
  std::this_thread::sleep_for(50ms);
  const auto started = std::chrono::steady_clock::now();
  CHECK(pool.run([&](const auto&) { ++ran; }, 5000ms) == Outcome::Refused);
  CHECK(std::chrono::steady_clock::now() - started < 1000ms);
  release = true;
  blocker.join();
  queued.join();
  CHECK(ran == 1);  // only the job that stayed queued
  CHECK(pool.counters().refused == 1);
  CHECK(pool.counters().abandoned == 1);
}
