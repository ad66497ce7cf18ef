// milter_ledger_test.cc - the running daemon records evidence in its SQLite ledger: a
// 自己宣言ID sent by a second applicant is flagged, a broken ledger never costs a message,
// and signals during reloads never stop the milter.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <csignal>
#include <filesystem>
#include <thread>

#include "milter_fixture.h"
#include "test_messages.h"

namespace sa::test {
namespace {

std::vector<MilterReply> send_notice(MilterUnderTest& milter, const std::string& sender,
                                     const std::string& queue_id) {
  MilterClient client = milter.session();
  auto replies =
      client.send_message(sender, {"hojokin@grant.example.lg.jp"}, direct_notice(), queue_id);
  client.quit();
  return replies;
}

}  // namespace

TEST_CASE("the same declaration id from another applicant is flagged as a duplicate",
          "[milter][ledger]") {
  MilterUnderTest milter([](YAML::Node& c) {
    c["ledger"]["backend"] = "sqlite";
    c["ledger"]["path"] = "ledger.sqlite";  // relative to the config file
  });
  auto first = send_notice(milter, "sato@mihon-kogyo.example.jp", "4L1");
  CHECK(added(first, "X-SA-Triage-Seen") == "first");
  auto again = send_notice(milter, "suzuki@mihon-kogyo.example.jp", "4L2");
  CHECK(added(again, "X-SA-Triage-Seen") == "repeat");
  auto other = send_notice(milter, "someone@other-company.example.jp", "4L3");
  CHECK(added(other, "X-SA-Triage-Seen") == "other-applicant");
  CHECK(added(other, "X-SA-Triage-Reasons").find("duplicate-id") != std::string::npos);
  CHECK(added(other, "X-SA-Triage-Verdict") == "consistent");
  CHECK(std::filesystem::exists(milter.dir.path() + "/ledger.sqlite"));
}

TEST_CASE("a ledger that cannot be written still lets every message through, tagged",
          "[milter][ledger]") {
  MilterUnderTest milter([](YAML::Node& c) {
    c["ledger"]["backend"] = "sqlite";
    c["ledger"]["path"] = "missing-dir/ledger.sqlite";  // the directory does not exist
  });
  for (int i = 0; i < 3; ++i) {
    auto replies = send_notice(milter, "sato@mihon-kogyo.example.jp", "4LE" + std::to_string(i));
    CHECK(added(replies, "X-SA-Triage-Verdict") == "consistent");
    CHECK(added(replies, "X-SA-Triage-Reasons").find("ledger=error") != std::string::npos);
    CHECK(added(replies, "X-SA-Triage-Seen").empty());
    CHECK(replies.back().code == 'a');
  }
  CHECK(milter.daemon->log().find("ledger_error=ledger_unavailable:") != std::string::npos);
  // Once the directory exists the ledger comes back by itself (after a reload at once).
  std::filesystem::create_directory(milter.dir.path() + "/missing-dir");
  milter.daemon->signal(SIGHUP);
  CHECK(milter.daemon->wait_for_log("reloaded config", std::chrono::seconds(5)));
  auto replies = send_notice(milter, "sato@mihon-kogyo.example.jp", "4LF");
  CHECK(added(replies, "X-SA-Triage-Seen") == "first");
}

TEST_CASE("a burst of SIGHUPs reloads and never stops the milter", "[milter][lifecycle]") {
  MilterUnderTest milter;
  for (int i = 0; i < 100; ++i) milter.daemon->signal(SIGHUP);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  CHECK(milter.daemon->wait_exit(std::chrono::milliseconds(100)) == -1);  // still running
  INFO("daemon log:\n" << milter.daemon->log());
  auto replies = send_notice(milter, "sato@mihon-kogyo.example.jp", "4LH");
  CHECK(added(replies, "X-SA-Triage-Verdict") == "consistent");
  CHECK(milter.daemon->log().find("reloaded config") != std::string::npos);
}

}  // namespace sa::test
