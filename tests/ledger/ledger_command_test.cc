// ledger_command_test.cc - `sa-triage ledger export|purge` as a reviewer runs it: the
// real binary against a config whose ledger.path points at a ledger the test filled.
#include <stdio.h>
#include <sys/wait.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "ledger_backends.h"

using namespace sa;
using namespace sa::test;

namespace {

struct Run {
  int status = -1;
  std::string out;
};

Run run(const std::string& args) {
  Run r;
  FILE* p = ::popen((std::string(SA_TRIAGE_BIN) + " " + args + " 2>/dev/null").c_str(), "r");
  REQUIRE(p);
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) r.out.append(buf, n);
  const int st = ::pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

// The shipped config with ledger.path replaced.
std::string config_with_ledger(const TempDir& dir, const std::string& ledger_path) {
  std::ifstream in(SA_CONFIG_FILE);
  std::ostringstream text;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("  path: /var/lib/sa-triage/ledger.sqlite", 0) == 0)
      line = "  path: " + ledger_path;
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
  CHECK(csv.out.rfind("id,time,queue_id,", 0) == 0);
  CHECK(csv.out.find(",\"Comma, \"\"Quote\"\" Inc.\",") != std::string::npos);
  CHECK(std::count(csv.out.begin(), csv.out.end(), '\n') == 2);

  const Run json = run("ledger export --format json --since 2000-01-01 --config " + config);
  CHECK(json.status == 0);
  CHECK(std::count(json.out.begin(), json.out.end(), '\n') == 3);

  CHECK(run("ledger export --format xml --config " + config).status == 2);
  CHECK(run("ledger export --format csv --since 2024-02-30 --config " + config).status == 2);

  const Run purge = run("ledger purge --config " + config);
  CHECK(purge.status == 0);
  CHECK(purge.out.find("purged 1 rows") != std::string::npos);
  const Run after = run("ledger export --format json --config " + config);
  CHECK(std::count(after.out.begin(), after.out.end(), '\n') == 2);
}
