// applicants_command_test.cc - the real `sa-triage` binary: `ledger applicants` (CSV with a
// byte order mark by default, --no-bom, --columns ja, JSON lines) over a ledger the engine
// filled with ① and ② of one applicant, and `sa-triage check` showing the grant
// programme's requirement (no ledger there: a ② is unknown and has no Pair header).
#include <stdio.h>
#include <sys/wait.h>

#include <fstream>
#include <sstream>

#include "cli_run.h"
#include "core/engine.h"
#include "ledger_backends.h"

using namespace sa;
using namespace sa::test;

namespace {

// The shipped config with ledger.path replaced and the cyber programme (★★) in scope.
std::string programme_config(const TempDir& dir) {
  std::ifstream in(SA_CONFIG_FILE);
  std::ostringstream text;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("  path: /var/lib/sa-triage/ledger.sqlite", 0) == 0)
      line = "  path: " + dir.file("ledger.sqlite");
    if (line.rfind("  recipients: []", 0) == 0) {
      line =
          "  recipients: [hojokin@grant.example.lg.jp, {address: cyber@grant.example.lg.jp,"
          " programme: 東京都サイバー助成金, min_star: 2}]";
    }
    text << line << "\n";
  }
  const std::string path = dir.file("sa-triage.yaml");
  std::ofstream(path) << text.str();
  return path;
}

std::string sample(const std::string& name) { return std::string(SA_SAMPLES_DIR) + "/" + name; }

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const char* kFirst = "attachment-rfc822-iso2022jp-declaration-1star-consistent.eml";
const char* kSecond = "attachment-accepted-seed-doubled-bracket-consistent.eml";

}  // namespace

TEST_CASE("sa-triage ledger applicants lists ① and ② of each applicant", "[ledger][cli][pair]") {
  TempDir dir;
  const std::string config = programme_config(dir);
  {
    const Engine engine(load_config(config), nullptr,
                        std::make_shared<SqliteLedger>(dir.file("ledger.sqlite")));
    Envelope env;
    env.sender = "yamada@sample-shoji.example.jp";
    env.recipients = {"cyber@grant.example.lg.jp"};
    engine.inspect(read(sample(kFirst)), env);
    engine.inspect(read(sample(kSecond)), env);
  }
  const Run csv = run("ledger applicants --config " + config);
  REQUIRE(csv.status == 0);
  REQUIRE(csv.out.rfind("\xEF\xBB\xBF"
                        "applicant_domain,company,first_notices,",
                        0) == 0);
  CHECK(csv.out.find("\r\nsample-shoji.example.jp,株式会社サンプル商事,1,") != std::string::npos);
  CHECK(csv.out.find(",1,49999901234,consistent,1,") != std::string::npos);
  CHECK(csv.out.find(",consistent,yes,0,東京都サイバー助成金,not-met\r\n") != std::string::npos);

  const Run ja = run("ledger applicants --no-bom --columns ja --config " + config);
  REQUIRE(ja.status == 0);
  CHECK(ja.out.rfind("申請者ドメイン,事業者名,自己宣言完了の件数,", 0) == 0);

  const Run json = run("ledger applicants --format json --config " + config);
  REQUIRE(json.status == 0);
  CHECK(json.out.find("\"declaration_ids\":[\"49999901234\"]") != std::string::npos);
  CHECK(json.out.find("\"paired\":true") != std::string::npos);

  CHECK(run("ledger applicants --format xml --config " + config).status == 2);
  CHECK(run("ledger applicants --format json --no-bom --config " + config).status == 2);
}

TEST_CASE("sa-triage check shows the programme's requirement", "[ledger][cli][requirement]") {
  TempDir dir;
  const std::string config = programme_config(dir);
  const Run one =
      run("check --config " + config + " --rcpt cyber@grant.example.lg.jp " + sample(kFirst));
  REQUIRE(one.status == 0);
  CHECK(one.out.find("requirement:    not-met") != std::string::npos);
  CHECK(one.out.find("X-SA-Triage-Requirement: not-met") != std::string::npos);
  CHECK(one.out.find("star-below-requirement") != std::string::npos);
  CHECK(one.out.find("X-SA-Triage-Programme: =?UTF-8?") != std::string::npos);

  const Run two = run("check --json --config " + config + " --rcpt cyber@grant.example.lg.jp " +
                      sample(kSecond));
  REQUIRE(two.status == 0);
  CHECK(two.out.find("\"requirement\":\"unknown\"") != std::string::npos);
  CHECK(two.out.find("\"programme\":\"東京都サイバー助成金\"") != std::string::npos);
  CHECK(two.out.find("\"pair\":null") != std::string::npos);  // check has no ledger

  // Without --rcpt: the first grant address, which has no programme.
  const Run plain = run("check --config " + config + " " + sample(kFirst));
  CHECK(plain.out.find("X-SA-Triage-Requirement") == std::string::npos);
}
