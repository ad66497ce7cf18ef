// engine_ledger_test.cc - the engine with a real SQLite ledger, as the milter runs it: the
// same IPA notice forwarded by two applicants gets reason duplicate-id and the header
// X-SA-Triage-Seen: other-applicant; by the same applicant again, repeat; and a ledger that
// cannot write still lets the message through with its verdict and reason ledger=error.
#include <algorithm>
#include <fstream>
#include <sstream>

#include "core/engine.h"
#include "ledger_backends.h"

using namespace sa;
using namespace sa::test;

namespace {

std::string sample() {
  std::ifstream in(std::string(SA_SAMPLES_DIR) +
                   "/attachment-rfc822-iso2022jp-declaration-1star-consistent.eml");
  REQUIRE(in);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

Envelope from(const std::string& sender) {
  Envelope env;
  env.sender = sender;
  env.recipients = {"hojokin@grant.example.lg.jp"};
  env.queue_id = "4TqA1B2C3D";
  return env;
}

std::string header(const Inspection& in, const std::string& name) {
  for (const auto& a : in.plan.adds) {
    if (a.name == name) return a.value;
  }
  return "(absent)";
}

bool has_reason(const Inspection& in, const std::string& reason) {
  const auto& r = in.evidence.reasons;
  return std::find(r.begin(), r.end(), reason) != r.end();
}

}  // namespace

TEST_CASE("engine: one notice from two applicants is a duplicate-id with Seen other-applicant",
          "[ledger][engine]") {
  TempDir dir;
  auto ledger = std::make_shared<SqliteLedger>(dir.file("ledger.sqlite"));
  const Engine engine(load_config(SA_CONFIG_FILE), nullptr, ledger);
  const std::string raw = sample();

  const Inspection first = engine.inspect(raw, from("yamada@sample-shoji.example.jp"));
  REQUIRE(first.evidence.verdict == Verdict::Consistent);
  CHECK(first.evidence.declaration_id == "49999901234");
  CHECK(header(first, "X-SA-Triage-Seen") == "first");
  CHECK_FALSE(has_reason(first, "duplicate-id"));

  const Inspection again = engine.inspect(raw, from("suzuki@Sample-Shoji.example.jp"));
  CHECK(header(again, "X-SA-Triage-Seen") == "repeat");
  CHECK_FALSE(has_reason(again, "duplicate-id"));

  const Inspection other = engine.inspect(raw, from("sato@another-company.example.jp"));
  CHECK(header(other, "X-SA-Triage-Seen") == "other-applicant");
  CHECK(has_reason(other, "duplicate-id"));
  CHECK(header(other, "X-SA-Triage-Reasons").find("duplicate-id") != std::string::npos);
  CHECK(header(other, "X-SA-Triage-Verdict") == "consistent");

  std::vector<LedgerRow> rows;
  ledger->rows({}, [&](const LedgerRow& r) { rows.push_back(r); });
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].entry.applicant_domain == "sample-shoji.example.jp");
  CHECK(rows[0].entry.queue_id == "4TqA1B2C3D");
  CHECK(rows[0].entry.message_id == "<fwd1@sample-shoji.example.jp>");
  CHECK(rows[0].entry.company == "株式会社サンプル商事");
  CHECK(rows[2].entry.envelope_sender == "sato@another-company.example.jp");
}

TEST_CASE("engine: a ledger that cannot write still gives the verdict with reason ledger=error",
          "[ledger][engine]") {
  TempDir dir;
  const std::string sub = dir.file("ledger-dir");
  std::filesystem::create_directory(sub);
  SqliteLedgerOptions options;
  options.busy_timeout_ms = 200;
  auto ledger = std::make_shared<SqliteLedger>(sub + "/ledger.sqlite", options);
  const Engine engine(load_config(SA_CONFIG_FILE), nullptr, ledger);
  // The ledger's directory is gone and its path now unwritable (even for root).
  std::filesystem::remove_all(sub);
  std::ofstream(sub) << "not a directory";

  const Inspection in = engine.inspect(sample(), from("yamada@sample-shoji.example.jp"));
  CHECK(in.evidence.verdict == Verdict::Consistent);
  CHECK(header(in, "X-SA-Triage-Verdict") == "consistent");
  CHECK(header(in, "X-SA-Triage-Declaration-ID") == "49999901234");
  CHECK(has_reason(in, "ledger=error"));
  CHECK(header(in, "X-SA-Triage-Seen") == "(absent)");
  CHECK(in.evidence.ledger_error.find("ledger-dir/ledger.sqlite") != std::string::npos);
}
