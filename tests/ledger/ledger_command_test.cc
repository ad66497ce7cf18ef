// ledger_command_test.cc - `sa-triage ledger export|purge` as a reviewer runs it: the
// real binary against a config whose ledger.path points at a ledger the test filled; a
// reviewer outside the ledger's group is told permission denied, one inside it can export.
#include <grp.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "cli_run.h"
#include "ledger_backends.h"

using namespace sa;
using namespace sa::test;

namespace {

// Runs sa-triage with `args` as user and group nobody (65534, no other groups), as a
// reviewer would; stdout and stderr together in `out`.
Run run_as_nobody(const std::vector<std::string>& args) {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::dup2(fds[1], STDOUT_FILENO);
    ::dup2(fds[1], STDERR_FILENO);
    ::close(fds[0]);
    std::vector<char*> argv{const_cast<char*>(SA_TRIAGE_BIN)};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    if (::setgroups(0, nullptr) != 0 || ::setgid(65534) != 0 || ::setuid(65534) != 0) _exit(126);
    ::execv(SA_TRIAGE_BIN, argv.data());
    _exit(127);
  }
  ::close(fds[1]);
  Run r;
  char buf[4096];
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) r.out.append(buf, n);
  ::close(fds[0]);
  int st = 0;
  ::waitpid(pid, &st, 0);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

// The shipped config with ledger.path (and ledger.reviewer_group) replaced.
std::string config_with_ledger(const TempDir& dir, const std::string& ledger_path,
                               const std::string& reviewer_group = "") {
  std::ifstream in(SA_CONFIG_FILE);
  std::ostringstream text;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("  path: /var/lib/sa-triage/ledger.sqlite", 0) == 0)
      line = "  path: " + ledger_path;
    if (line.rfind("  reviewer_group: ", 0) == 0)
      line = "  reviewer_group: '" + reviewer_group + "'";
    text << line << "\n";
  }
  const std::string path = dir.file("sa-triage.yaml");
  std::ofstream(path) << text.str();
  return path;
}

}  // namespace

TEST_CASE("cli: sa-triage ledger export and purge work on the configured ledger", "[ledger][cli]") {
  TempDir dir;
  const std::string ledger_path = dir.file("ledger.sqlite");
  const std::string config = config_with_ledger(dir, ledger_path);

  CHECK(run("ledger export --format csv --config " + config).status == 1);  // no ledger yet
  {
    SqliteLedger ledger(ledger_path);
    LedgerEntry e;
    e.declaration_id = "41234567890";
    e.applicant_domain = "a.example";
    e.company = "Comma, \"Quote\" Inc.";
    e.verdict = Verdict::Suspicious;
    e.time = std::time(nullptr);
    ledger.record(e);
    e.verdict = Verdict::Consistent;
    ledger.record(e);
    e.time -= 1000 * 86400;
    ledger.record(e);
  }
  const Run csv = run("ledger export --format csv --verdict suspicious --config " + config);
  CHECK(csv.status == 0);
  CHECK(csv.out.rfind("\xEF\xBB\xBFid,time,queue_id,", 0) == 0);
  CHECK(csv.out.find(",\"Comma, \"\"Quote\"\" Inc.\",") != std::string::npos);
  CHECK(std::count(csv.out.begin(), csv.out.end(), '\n') == 2);

  const Run json = run("ledger export --format json --since 2000-01-01 --config " + config);
  CHECK(json.status == 0);
  CHECK(std::count(json.out.begin(), json.out.end(), '\n') == 3);

  const Run ja = run("ledger export --format csv --no-bom --columns ja --config " + config);
  CHECK(ja.status == 0);
  CHECK(ja.out.rfind("番号,受信日時,", 0) == 0);

  CHECK(run("ledger export --format xml --config " + config).status == 2);
  CHECK(run("ledger export --format json --no-bom --config " + config).status == 2);
  CHECK(run("ledger export --format csv --columns fr --config " + config).status == 2);
  CHECK(run("ledger export --format csv --since 2024-02-30 --config " + config).status == 2);

  const Run purge = run("ledger purge --config " + config);
  CHECK(purge.status == 0);
  CHECK(purge.out.find("purged 1 rows") != std::string::npos);
  const Run after = run("ledger export --format json --config " + config);
  CHECK(std::count(after.out.begin(), after.out.end(), '\n') == 2);
}

TEST_CASE("cli: a reviewer outside the ledger's group is told permission denied",
          "[ledger][cli][permissions]") {
  if (::geteuid() != 0) {
    WARN("needs root to act as another user: not checked");
    return;
  }
  TempDir dir;
  const std::string ledger_path = dir.file("ledger.sqlite");
  const std::string config = config_with_ledger(dir, ledger_path);
  ::chmod(config.c_str(), 0644);
  {
    SqliteLedger ledger(ledger_path);  // no reviewer group: the owner only
    LedgerEntry e;
    e.declaration_id = "41234567890";
    e.verdict = Verdict::Consistent;
    e.time = std::time(nullptr);
    ledger.record(e);
  }
  struct stat st {};
  REQUIRE(::stat(ledger_path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  const Run denied = run_as_nobody({"ledger", "export", "--format", "csv", "--config", config});
  INFO(denied.out);
  CHECK(denied.status == 1);
  CHECK(denied.out.find("permission denied") != std::string::npos);
  CHECK(denied.out.find("no ledger file here") == std::string::npos);
}

TEST_CASE("cli: a member of ledger.reviewer_group exports the ledger the milter wrote",
          "[ledger][cli][permissions]") {
  if (::geteuid() != 0) {
    WARN("needs root to act as another user: not checked");
    return;
  }
  TempDir dir;
  const std::string ledger_path = dir.file("ledger.sqlite");
  // nogroup (65534) is the group Unprivileged takes: the reviewer is a member.
  const std::string config = config_with_ledger(dir, ledger_path, "nogroup");
  ::chmod(config.c_str(), 0644);
  {
    SqliteLedgerOptions options;
    options.reviewer_group = "nogroup";
    SqliteLedger ledger(ledger_path, options);
    LedgerEntry e;
    e.declaration_id = "41234567890";
    e.verdict = Verdict::Consistent;
    e.time = std::time(nullptr);
    ledger.record(e);
  }  // closed, as when the milter stops: -wal and -shm stay for readers
  for (const char* suffix : {"", "-wal", "-shm"}) {
    INFO(suffix);
    struct stat st {};
    REQUIRE(::stat((ledger_path + suffix).c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0640);
    CHECK(st.st_gid == 65534);
  }
  ::chmod(dir.path().c_str(), 0751);  // reviewers may enter, not list or create
  const Run csv = run_as_nobody({"ledger", "export", "--format", "csv", "--config", config});
  INFO(csv.out);
  CHECK(csv.status == 0);
  CHECK(csv.out.find(",41234567890,") != std::string::npos);
}
