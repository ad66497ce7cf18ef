// recorded_decision_test.cc - what is recorded is what was decided: for genuine and forged
// originals, the ledger row, the X-SA-Triage-* headers, the milter's log line and the
// `check --json` object of one message carry the same verdict, star and 自己宣言ID, and the
// row the same sighting, signature check and reasons as the headers.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "auth/original_authenticator.h"
#include "cli/inspection_report.h"
#include "core/engine.h"
#include "daemon/message_log.h"
#include "ledger/sqlite_ledger.h"

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::string fixture(const std::string& name) {
  return read_file(std::string(SA_AUTH_FIXTURES) + "/" + name);
}

std::shared_ptr<const sa::Config> config_with_test_keys() {
  std::string shipped = read_file(SA_CONFIG_FILE);
  shipped = shipped.substr(0, shipped.find("\ndkim:"));
  return sa::load_config_text(
      shipped + "\ndkim:\n  key_file: " + std::string(SA_AUTH_FIXTURES) + "/keys/key_file.txt\n",
      "test.yaml");
}

std::string header(const sa::Inspection& in, const std::string& name) {
  for (const auto& a : in.plan.adds) {
    if (a.name == name) return a.value;
  }
  return "";
}

// A folded header value as one line.
std::string unfolded(std::string value) {
  for (std::size_t at; (at = value.find("\n ")) != std::string::npos;) value.erase(at, 1);
  return value;
}

// The value of key=... in the log line ("" when absent).
std::string log_field(const std::string& line, const std::string& key) {
  std::size_t at = line.find(" " + key + "=");
  if (at == std::string::npos && line.rfind(key + "=", 0) == 0)
    at = 0;
  else if (at != std::string::npos)
    ++at;
  else
    return "";
  std::size_t begin = at + key.size() + 1;
  std::size_t end = line.find(' ', begin);
  return line.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
}

const std::string kForgedSubject =
    "Subject: =?UTF-8?B?"
    "44CQU0VDVVJJVFkgQUNUSU9O44CR5LqM44Gk5pif77ya6Ieq5bex5a6j6KiA5a6M5LqG44Gu44GK55+l44KJ44Gb?=\n";

}  // namespace

TEST_CASE("ledger, headers, log line and check --json agree on verdict, star and ID",
          "[recorded]") {
  const std::string attached = fixture("e2e/attached-signed.eml");
  const std::string signed_notice = fixture("dkim/signed.eml");
  const std::size_t inner = attached.find("DKIM-Signature:");
  REQUIRE(inner != std::string::npos);
  struct Case {
    std::string name;
    std::string raw;
    std::string verdict;
  };
  const std::vector<Case> cases = {
      {"genuine attached", attached, "verified"},
      {"genuine direct", fixture("e2e/direct-signed.eml"), "verified"},
      {"forged Subject above the signed one",
       attached.substr(0, inner) + kForgedSubject + attached.substr(inner), "suspicious"},
      {"direct, forged Subject above", kForgedSubject + signed_notice, "suspicious"},
      {"tampered", fixture("e2e/attached-tampered.eml"), "suspicious"},
      {"unsigned", fixture("e2e/attached-unsigned.eml"), "consistent"},
  };

  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("sa-recorded-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto ledger = std::make_shared<sa::SqliteLedger>((dir / "ledger.sqlite").string());
  auto config = config_with_test_keys();
  const sa::Engine engine(config, sa::make_original_authenticator(config), ledger);

  std::vector<sa::Inspection> inspections;
  for (const Case& c : cases) {
    sa::Envelope envelope{"soumu@example.co.jp", {"hojo@grant-office.example.jp"}, "Q1"};
    inspections.push_back(engine.inspect(c.raw, envelope));
    const sa::Inspection& in = inspections.back();
    INFO(c.name);
    CHECK(std::string(sa::to_string(in.evidence.verdict)) == c.verdict);
    if (c.verdict != "verified") CHECK(in.evidence.star != 2);

    CHECK(header(in, "X-SA-Triage-Verdict") == c.verdict);
    const std::string star = in.evidence.star ? std::to_string(in.evidence.star) : "";
    CHECK(header(in, "X-SA-Triage-Star") == star);
    CHECK(header(in, "X-SA-Triage-Declaration-ID") == in.evidence.declaration_id);

    sa::MessageRecord record{&envelope, &in, "accept", 1};
    const std::string line = sa::format_message_line(record, *config);
    CHECK(log_field(line, "verdict") == c.verdict);
    CHECK(log_field(line, "star") == (star.empty() ? "-" : star));
    CHECK(log_field(line, "declaration_id") ==
          (in.evidence.declaration_id.empty() ? "-" : in.evidence.declaration_id));

    const auto json = nlohmann::json::parse(sa::inspection_json(c.name, in, *config));
    CHECK(json["verdict"] == c.verdict);
    CHECK((json["star"].is_null() ? 0 : json["star"].get<int>()) == in.evidence.star);
    CHECK(json["declaration_id"] == in.evidence.declaration_id);
  }

  std::vector<sa::LedgerRow> rows;
  ledger->rows({}, [&](const sa::LedgerRow& r) { rows.push_back(r); });
  REQUIRE(rows.size() == cases.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    INFO(cases[i].name);
    CHECK(std::string(sa::to_string(rows[i].entry.verdict)) == cases[i].verdict);
    CHECK(rows[i].entry.star == inspections[i].evidence.star);
    CHECK(rows[i].entry.declaration_id == inspections[i].evidence.declaration_id);
    // The reviewer's export shows what the headers said: sighting, signature check, reasons.
    REQUIRE(rows[i].seen);
    CHECK(std::string(sa::to_string(*rows[i].seen)) == header(inspections[i], "X-SA-Triage-Seen"));
    CHECK(rows[i].entry.auth == unfolded(header(inspections[i], "X-SA-Triage-Auth")));
    std::string reasons;
    for (const auto& r : rows[i].entry.reasons) reasons += (reasons.empty() ? "" : " ") + r;
    CHECK(reasons == unfolded(header(inspections[i], "X-SA-Triage-Reasons")));
  }
  // An ambiguous original's fields are withheld everywhere, the ledger included: whichever
  // reading they came from may be the attacker's.
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (cases[i].name.find("forged Subject") == std::string::npos) continue;
    INFO(cases[i].name);
    CHECK(rows[i].entry.declaration_id.empty());
    CHECK(rows[i].entry.star == 0);
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}
