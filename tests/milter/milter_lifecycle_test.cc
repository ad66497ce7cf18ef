// milter_lifecycle_test.cc - the daemon as a process: config and host check (-t), SIGHUP
// reload of a valid and an invalid config, SIGTERM stop.
#include <catch2/catch.hpp>
#include <csignal>

#include "milter_fixture.h"
#include "test_messages.h"

namespace sa::test {
namespace {

const std::string kGrant = "hojokin@grant.example.lg.jp";

std::vector<MilterReply> send_notice(MilterUnderTest& milter, const std::string& id) {
  MilterClient client = milter.session();
  auto replies =
      client.send_message("security-action-info@ipa.go.jp", {kGrant}, direct_notice(), id);
  client.quit();
  return replies;
}

}  // namespace

TEST_CASE("-t accepts the shipped config and refuses a bad one naming file and line",
          "[milter][lifecycle]") {
  std::string output;
  // The file alone: this machine need not have the sa-triage user or its directories.
  CHECK(run_milter_command("-t --no-host-checks --config " SA_CONFIG_FILE, output) == 0);
  CHECK(output.find("config OK") != std::string::npos);

  TempDir dir;
  write_config(test_config("unix:" + dir.path() + "/s.sock"), dir.path() + "/good.yaml");
  CHECK(run_milter_command("-t --config " + dir.path() + "/good.yaml", output) == 0);
  YAML::Node config = test_config("unix:" + dir.path() + "/s.sock");
  config["milter"]["on_error"] = "explode";
  write_config(config, dir.path() + "/bad.yaml");
  CHECK(run_milter_command("-t --config " + dir.path() + "/bad.yaml", output) == 2);
  CHECK(output.find(dir.path() + "/bad.yaml:") != std::string::npos);
  CHECK(output.find("milter.on_error") != std::string::npos);

  CHECK(run_milter_command("--socket bogus:1 -t --config " SA_CONFIG_FILE, output) == 2);
  CHECK(output.find("--socket: socket 'bogus:1'") != std::string::npos);
}

TEST_CASE("-t and a start refuse what the host lacks, naming file, line and key",
          "[milter][lifecycle]") {
  TempDir dir;
  YAML::Node config = test_config("unix:" + dir.path() + "/missing/deeper/s.sock");
  config["milter"]["socket_group"] = "sa-triage-no-such-group";
  write_config(config, dir.path() + "/host.yaml");
  std::string output;
  CHECK(run_milter_command("-t --config " + dir.path() + "/host.yaml", output) == 2);
  CHECK(output.find(dir.path() + "/host.yaml:") != std::string::npos);
  CHECK(output.find(": milter.socket_group: group 'sa-triage-no-such-group' does not exist") !=
        std::string::npos);
  CHECK(output.find(": milter.socket: directory " + dir.path() +
                    "/missing/deeper: No such file or directory") != std::string::npos);

  // Starting with it fails the same way, with the cause rather than "cannot listen".
  CHECK(run_milter_command("--config " + dir.path() + "/host.yaml", output) == 2);
  CHECK(output.find("milter.socket_group: group 'sa-triage-no-such-group' does not exist") !=
        std::string::npos);
  CHECK(output.find("cannot listen") == std::string::npos);
}

TEST_CASE("SIGHUP reloads a valid config and refuses an invalid one", "[milter][lifecycle]") {
  MilterUnderTest milter;
  CHECK(replies_with(send_notice(milter, "4H1"), 'q').empty());

  // Valid: now consistent notices are held too.
  YAML::Node config = test_config(milter.socket_spec);
  YAML::Node hold;
  hold["name"] = "hold-all";
  hold["action"] = "quarantine";
  hold["reason"] = "held after reload";
  config["routing"] = YAML::Node(YAML::NodeType::Sequence);
  config["routing"].push_back(hold);
  write_config(config, milter.config_path());
  milter.daemon->signal(SIGHUP);
  REQUIRE(milter.daemon->wait_for_log("reloaded config", std::chrono::seconds(5)));
  auto held = replies_with(send_notice(milter, "4H2"), 'q');
  REQUIRE(held.size() == 1);
  CHECK(held[0].value == "held after reload");

  // Invalid: refused with file:line: key, the previous config stays in service.
  config["routing"][0]["action"] = "shred";
  write_config(config, milter.config_path());
  milter.daemon->signal(SIGHUP);
  REQUIRE(milter.daemon->wait_for_log("reload refused", std::chrono::seconds(5)));
  std::string log = milter.daemon->log();
  CHECK(log.find(milter.config_path() + ":") != std::string::npos);
  CHECK(log.find("routing[0].action") != std::string::npos);
  CHECK(replies_with(send_notice(milter, "4H3"), 'q').size() == 1);
}

TEST_CASE("SIGTERM stops the daemon cleanly", "[milter][lifecycle]") {
  MilterUnderTest milter;
  MilterClient idle = milter.session();
  send_notice(milter, "4Z1");
  milter.daemon->signal(SIGTERM);
  CHECK(milter.daemon->wait_exit(std::chrono::seconds(15)) == 0);
  CHECK(milter.daemon->log().find("stopped: messages=1 failures=0 timeouts=0") !=
        std::string::npos);
}

}  // namespace sa::test
