// start_check_test.cc - what -t and check-config report about the host: missing socket
// directory, user and group, a socket group that cannot reach the socket, a ledger directory
// the service user cannot write; each problem named FILE:LINE: KEY.
#include "host/start_check.h"

#include <grp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>

namespace sa {
namespace {

struct Dir {
  Dir() {
    char pattern[] = "/tmp/sa-host-test.XXXXXX";
    path = mkdtemp(pattern);
  }
  ~Dir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  std::string path;
};

std::string own_group() {
  const group* gr = getgrgid(getegid());
  return gr != nullptr ? gr->gr_name : "root";
}

// A config whose milter and ledger sections are `milter` and `ledger` (YAML, indented).
std::shared_ptr<const Config> config(const std::string& milter, const std::string& ledger) {
  return load_config_text("milter:\n" + milter + "ledger:\n" + ledger +
                              "metrics:\n  listen: \"\"\n"
                              "notices:\n  - name: a\n    subject: x\n",
                          "/etc/sa-triage/test.yaml");
}

std::string all_text(const std::vector<StartProblem>& problems) {
  std::string out;
  for (const auto& p : problems) out += p.text() + "\n";
  return out;
}

}  // namespace

TEST_CASE("a host that has everything the config names passes", "[host]") {
  Dir dir;
  auto c =
      config("  socket: unix:" + dir.path + "/milter.sock\n  user: \"\"\n  socket_group: \"\"\n",
             "  backend: sqlite\n  path: " + dir.path + "/ledger.sqlite\n");
  auto problems = check_start(*c, StartedBy::ServiceUser);
  CHECK(all_text(problems) == "");
}

TEST_CASE("a missing socket directory, user and group are named with file, line and key",
          "[host]") {
  Dir dir;
  auto c = config("  socket: unix:" + dir.path +
                      "/no/such/milter.sock\n"
                      "  user: sa-triage-no-such-user\n"
                      "  socket_group: sa-triage-no-such-group\n",
                  "  backend: none\n");
  const std::string text = all_text(check_start(*c, StartedBy::ServiceUser));
  CHECK_THAT(text, Catch::Contains("/etc/sa-triage/test.yaml:3: milter.user: user "
                                   "'sa-triage-no-such-user' does not exist"));
  CHECK_THAT(text, Catch::Contains("/etc/sa-triage/test.yaml:4: milter.socket_group: group "
                                   "'sa-triage-no-such-group' does not exist"));
  CHECK_THAT(text, Catch::Contains("/etc/sa-triage/test.yaml:2: milter.socket: directory " +
                                   dir.path + "/no/such: No such file or directory"));
  CHECK_THAT(text, Catch::Contains("install -d -m 0750 -o sa-triage-no-such-user -g "
                                   "sa-triage-no-such-group " +
                                   dir.path + "/no/such"));
}

TEST_CASE("a socket the socket group cannot use is refused: mode and directory", "[host]") {
  Dir dir;
  const std::string group = own_group();
  chmod(dir.path.c_str(), 0700);
  // The group is this process's own, but the check asks for a member that is not the owner:
  // the directory's group bits (0700: none) decide, as they do for Postfix.
  auto c = config("  socket: unix:" + dir.path +
                      "/milter.sock\n  user: \"\"\n"
                      "  socket_mode: \"0600\"\n  socket_group: " +
                      group + "\n",
                  "  backend: none\n");
  const std::string text = all_text(check_start(*c, StartedBy::ServiceUser));
  CHECK_THAT(text, Catch::Contains(":4: milter.socket_mode: mode 0600 gives group " + group +
                                   " no read and write access"));
  CHECK_THAT(text, Catch::Contains(":2: milter.socket: group " + group + " cannot enter " +
                                   dir.path + " (owner "));
  CHECK_THAT(text, Catch::Contains("mode 0700): Postfix cannot connect"));

  chmod(dir.path.c_str(), 0750);
  auto fixed = config("  socket: unix:" + dir.path +
                          "/milter.sock\n  user: \"\"\n"
                          "  socket_mode: \"0660\"\n  socket_group: " +
                          group + "\n",
                      "  backend: none\n");
  CHECK(all_text(check_start(*fixed, StartedBy::ServiceUser)) == "");
}

TEST_CASE("a ledger directory the service user cannot write is reported, not fatal at start",
          "[host]") {
  if (geteuid() != 0) {
    WARN("skipped: needs root (the directory must belong to someone other than nobody)");
    return;
  }
  Dir dir;
  chmod(dir.path.c_str(), 0755);
  std::filesystem::create_directory(dir.path + "/ledger");
  chmod((dir.path + "/ledger").c_str(), 0750);  // root's: nobody may not write
  auto c = config("  socket: unix:" + dir.path + "/milter.sock\n  user: nobody\n",
                  "  backend: sqlite\n  path: " + dir.path + "/ledger/ledger.sqlite\n");
  auto problems = check_start(*c, StartedBy::ServiceUser);
  const std::string text = all_text(problems);
  CHECK_THAT(text, Catch::Contains(":6: ledger.path: user nobody cannot enter " + dir.path +
                                   "/ledger (owner root:"));
  // The service user cannot create the socket in a directory of root's either...
  CHECK_THAT(text, Catch::Contains(":2: milter.socket: user nobody cannot create the socket in " +
                                   dir.path));
  // ...but started by root (the daemon's own check) root creates it; the ledger problem stays
  // and does not stop the start.
  auto at_start = check_start(*c, StartedBy::ThisProcess);
  REQUIRE(at_start.size() == 1);
  CHECK(at_start[0].where == "/etc/sa-triage/test.yaml:6: ledger.path");
  CHECK_FALSE(at_start[0].blocks_start);

  chmod((dir.path + "/ledger").c_str(), 0755);
  CHECK_THAT(all_text(check_start(*c, StartedBy::ServiceUser)),
             Catch::Contains("ledger.path: user nobody cannot write in " + dir.path + "/ledger"));
}

TEST_CASE("a ledger reviewer group must exist and have the service user", "[host]") {
  Dir dir;
  auto missing =
      config("  socket: unix:" + dir.path + "/milter.sock\n  user: \"\"\n  socket_group: \"\"\n",
             "  backend: sqlite\n  path: " + dir.path +
                 "/ledger.sqlite\n  reviewer_group: sa-triage-no-such-group\n");
  auto problems = check_start(*missing, StartedBy::ServiceUser);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].where == "/etc/sa-triage/test.yaml:8: ledger.reviewer_group");
  CHECK_THAT(problems[0].message,
             Catch::StartsWith("group 'sa-triage-no-such-group' does not exist (create it: "
                               "groupadd --system sa-triage-no-such-group)"));
  CHECK_FALSE(problems[0].blocks_start);  // mail flows; the evidence goes unrecorded

  auto mine =
      config("  socket: unix:" + dir.path + "/milter.sock\n  user: \"\"\n  socket_group: \"\"\n",
             "  backend: sqlite\n  path: " + dir.path + "/ledger.sqlite\n" +
                 "  reviewer_group: " + own_group() + "\n");
  CHECK(all_text(check_start(*mine, StartedBy::ServiceUser)) == "");

  auto outsider =
      config("  socket: unix:" + dir.path + "/milter.sock\n  user: nobody\n",
             "  backend: sqlite\n  path: " + dir.path + "/ledger.sqlite\n  reviewer_group: root\n");
  CHECK_THAT(all_text(check_start(*outsider, StartedBy::ServiceUser)),
             Catch::Contains("ledger.reviewer_group: user nobody is not a member of group root "
                             "(fix: usermod -aG root nobody)"));
}

TEST_CASE("defaults and command-line values are located too", "[host]") {
  auto c = load_config_text(
      "notices:\n  - name: a\n    subject: x\nmilter:\n  log: stderr\n  user: \"\"\n"
      "  socket_group: \"\"\n",
      "/etc/x.yaml");
  CHECK(c->locate("milter.socket") == "/etc/x.yaml:4: milter.socket (default)");
  CHECK(c->locate("ledger.path") == "/etc/x.yaml: ledger.path (default)");
  CHECK(c->locate("milter.log") == "/etc/x.yaml:5: milter.log");
  Config copy = *c;
  copy.key_lines["milter.socket"] = Config::kCommandLine;
  copy.socket = "unix:/nonexistent-sa-triage/x/milter.sock";
  auto problems = check_start(copy, StartedBy::ServiceUser, "--socket");
  REQUIRE_FALSE(problems.empty());
  CHECK(problems[0].where == "--socket");
}

TEST_CASE("metrics ports below 1024 need root, which the unit does not give", "[host]") {
  auto c = load_config_text(
      "milter:\n  user: nobody\n  socket: inet:10025@127.0.0.1\nledger:\n  backend: none\n"
      "metrics:\n  listen: 127.0.0.1:443\nnotices:\n  - name: a\n    subject: x\n",
      "/etc/x.yaml");
  const std::string text = all_text(check_start(*c, StartedBy::ServiceUser));
  CHECK_THAT(text, Catch::Contains("/etc/x.yaml:7: metrics.listen: port 443 is below 1024"));
}

TEST_CASE("started as root, a missing socket directory is created for the service", "[host]") {
  if (geteuid() != 0) {
    WARN("skipped: needs root");
    return;
  }
  Dir dir;
  auto c = config("  socket: unix:" + dir.path +
                      "/sa-triage/milter.sock\n  user: nobody\n"
                      "  socket_group: " +
                      own_group() + "\n",
                  "  backend: none\n");
  CHECK(check_start(*c, StartedBy::ThisProcess).empty());
  prepare_socket_directory(*c);
  struct stat st {};
  REQUIRE(stat((dir.path + "/sa-triage").c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0750);
  CHECK(st.st_uid == 65534);
  CHECK(st.st_gid == getegid());
}

TEST_CASE("a missing printout module is named, and does not block the start", "[host]") {
  Dir dir;
  const std::string milter =
      "  socket: unix:" + dir.path + "/milter.sock\n  user: \"\"\n  socket_group: \"\"\n";
  const std::string ledger = "  backend: none\n";
  auto c = config(milter, ledger);  // printouts.pdf is on by default
  const std::string missing = dir.path + "/sa-triage-printout.so";
  auto problems = check_start(*c, StartedBy::ServiceUser, "", missing);
  REQUIRE(problems.size() == 1);
  CHECK_FALSE(problems[0].blocks_start);
  CHECK(problems[0].text().find("printouts.pdf") != std::string::npos);
  CHECK(problems[0].text().find(missing) != std::string::npos);
  CHECK(problems[0].text().find("printout=reader-unavailable") != std::string::npos);
  // Printouts off: nothing to load, nothing to check.
  auto off = load_config_text("milter:\n" + milter + "ledger:\n" + ledger +
                                  "metrics:\n  listen: \"\"\nprintouts:\n  pdf: false\n"
                                  "notices:\n  - name: a\n    subject: x\n",
                              "/etc/sa-triage/test.yaml");
  CHECK(all_text(check_start(*off, StartedBy::ServiceUser, "", missing)) == "");
  // The module this build made (the default path, from the marker beside this test).
  CHECK(all_text(check_start(*c, StartedBy::ServiceUser)) == "");
}

}  // namespace sa
