// notice_pair_ledger_test.cc - notice ① paired with ② through the ledger, on SQLite and
// PostgreSQL: the lookup (latest trustworthy row of the other notice, per applicant key),
// the new columns kept in rows, the migration of a ledger of the previous schema (its rows
// get their applicant key), the engine's Pair and Requirement headers for ① and ② of one
// applicant, and the per-applicant list of `sa-triage ledger applicants`.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/applicant_export.h"
#include "core/charset.h"
#include "core/engine.h"
#include "core/notice_pair.h"
#include "ledger/applicant_summary.h"
#include "ledger_backends.h"

using namespace sa;
using namespace sa::test;

namespace {

const std::string kDomain = "sample-shoji.example.jp";

LedgerEntry notice_row(const std::string& notice, const std::string& company, Verdict v,
                       std::time_t when, int star = 0, const std::string& id = "") {
  LedgerEntry e;
  e.time = when;
  e.applicant_domain = kDomain;
  e.envelope_sender = "yamada@" + kDomain;
  e.notice = notice;
  e.company = company;
  e.verdict = v;
  e.star = star;
  e.declaration_id = id;
  e.forward = ForwardStyle::Attachment;
  e.applicant_key = applicant_key(kDomain, company);
  return e;
}

std::string read_sample(const std::string& name) {
  std::ifstream in(std::string(SA_SAMPLES_DIR) + "/" + name);
  REQUIRE(in);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The shipped config with two grant programmes.
std::shared_ptr<const Config> programmes_config() {
  YAML::Node root = YAML::LoadFile(SA_CONFIG_FILE);
  root["scope"] = YAML::Load(R"(
recipients:
  - hojokin@grant.example.lg.jp
  - { address: kobe@grant.example.lg.jp, programme: 神戸市補助金, min_star: 1 }
  - { address: cyber@grant.example.lg.jp, programme: 東京都サイバー助成金, min_star: 2 }
)");
  YAML::Emitter out;
  out << root;
  return load_config_text(out.c_str(), "programmes.yaml");
}

Envelope to(const std::string& rcpt, const std::string& sender = "yamada@" + kDomain) {
  Envelope env;
  env.sender = sender;
  env.recipients = {rcpt};
  env.queue_id = "4TqPAIR01";
  return env;
}

std::string header(const Inspection& in, const std::string& name) {
  for (const auto& a : in.plan.adds) {
    if (a.name == name) return decode_rfc2047(a.value);
  }
  return "(absent)";
}

bool has_reason(const Inspection& in, const std::string& reason) {
  const auto& r = in.evidence.reasons;
  return std::find(r.begin(), r.end(), reason) != r.end();
}

std::string today(std::time_t t = std::time(nullptr)) {
  return TimeZone::find("Asia/Tokyo")->iso8601(t).substr(0, 10);
}

const char* kFirst = "attachment-rfc822-iso2022jp-declaration-1star-consistent.eml";  // ★
const char* kSecond = "attachment-accepted-seed-doubled-bracket-consistent.eml";      // ②

}  // namespace

TEMPLATE_TEST_CASE("the pairing lookup finds the latest trustworthy notice of the applicant",
                   "[ledger][pair]", SqliteBackend, PostgresqlBackend) {
  TestType backend;
  auto ledger = backend.open();
  const std::string key = applicant_key(kDomain, "株式会社サンプル商事");
  CHECK_FALSE(ledger->find_notice(key, "declaration-complete"));
  ledger->record(notice_row("declaration-complete", "株式会社サンプル商事", Verdict::Consistent,
                            1794236400, 1, "40000000001"));
  ledger->record(notice_row("declaration-complete", "(株)サンプル商事", Verdict::Verified,
                            1794236400 + 3600, 2, "40000000002"));
  // Later, but suspicious: never vouches for the applicant.
  ledger->record(notice_row("declaration-complete", "サンプル商事", Verdict::Suspicious,
                            1794236400 + 7200, 2, "40000000003"));
  // Another applicant, and another notice.
  LedgerEntry other = notice_row("declaration-complete", "株式会社サンプル商事", Verdict::Verified,
                                 1794236400 + 9000, 1, "40000000004");
  other.applicant_domain = "other.example.jp";
  other.applicant_key = applicant_key(other.applicant_domain, other.company);
  ledger->record(other);
  ledger->record(notice_row("application-accepted", "株式会社サンプル商事", Verdict::Consistent,
                            1794236400 + 9999));

  const auto found = ledger->find_notice(key, "declaration-complete");
  REQUIRE(found);
  CHECK(found->time == 1794236400 + 3600);
  CHECK(found->star == 2);
  CHECK(found->declaration_id == "40000000002");
  CHECK(found->verdict == Verdict::Verified);
  const auto second = ledger->find_notice(key, "application-accepted");
  REQUIRE(second);
  CHECK(second->time == 1794236400 + 9999);
  CHECK_FALSE(ledger->find_notice("", "declaration-complete"));
  CHECK_FALSE(ledger->find_notice(applicant_key("nobody.example.jp", "株式会社サンプル商事"),
                                  "declaration-complete"));
}

TEMPLATE_TEST_CASE("rows keep their programme, requirement and applicant key", "[ledger][pair]",
                   SqliteBackend, PostgresqlBackend) {
  TestType backend;
  auto ledger = backend.open();
  LedgerEntry e =
      notice_row("application-accepted", "株式会社サンプル商事", Verdict::Consistent, 1794236400);
  e.programme = "東京都サイバー助成金";
  e.requirement = "unknown";
  ledger->record(e);
  std::vector<LedgerRow> rows;
  ledger->rows({}, [&](const LedgerRow& r) { rows.push_back(r); });
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].entry.programme == "東京都サイバー助成金");
  CHECK(rows[0].entry.requirement == "unknown");
  CHECK(rows[0].entry.applicant_key == kDomain + "\tサンプル商事");
}

TEMPLATE_TEST_CASE("a ledger of the previous schema migrates and its rows pair",
                   "[ledger][pair][migration]", SqliteBackend, PostgresqlBackend) {
  TestType backend;
  backend.create_version_2_ledger();
  {
    auto reader = backend.open_read_only();  // export before the milter ran the new version
    std::vector<LedgerRow> rows;
    reader->rows({}, [&](const LedgerRow& r) { rows.push_back(r); });
    REQUIRE(rows.size() == 2);               // version 1's row and the ①
    CHECK(rows[1].seen == Sighting::First);  // the columns it has are read
    CHECK(rows[1].entry.auth == "dkim=pass header.d=ipa.go.jp");
    CHECK(rows[1].entry.reasons == std::vector<std::string>{"forward=attachment"});
    CHECK(rows[1].entry.applicant_key.empty());
    CHECK_FALSE(
        reader->find_notice(applicant_key(kDomain, "サンプル商事"), "declaration-complete"));
    // The applicant list computes the key of such rows itself.
    const auto applicants = summarize_applicants(*reader, {});
    REQUIRE(applicants.size() == 2);
    CHECK(applicants[1].first.declaration_ids == std::vector<std::string>{"40000000001"});
  }
  auto ledger = backend.open();  // the milter: adds the columns and fills in the keys
  const auto found =
      ledger->find_notice(applicant_key(kDomain, "㈱サンプル商事"), "declaration-complete");
  REQUIRE(found);
  CHECK(found->star == 2);
  CHECK(found->declaration_id == "40000000001");
  ledger->record(notice_row("application-accepted", "株式会社サンプル商事", Verdict::Consistent,
                            1794236400 + 86400));
  REQUIRE(ledger->flush());     // a second ledger object reads committed rows only
  auto again = backend.open();  // a second open finds nothing to add
  std::vector<LedgerRow> rows;
  again->rows({}, [&](const LedgerRow& r) { rows.push_back(r); });
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].entry.applicant_key == "a.example\toldco");
  CHECK(rows[1].entry.applicant_key == kDomain + "\tサンプル商事");
  CHECK(rows[1].entry.reasons == std::vector<std::string>{"forward=attachment"});
}

TEMPLATE_TEST_CASE("the engine pairs ① and ② of one applicant and judges ② by ①'s star",
                   "[ledger][pair][engine]", SqliteBackend, PostgresqlBackend) {
  TestType backend;
  std::shared_ptr<EvidenceLedger> ledger = backend.open();
  const Engine engine(programmes_config(), nullptr, ledger);
  const std::string first = read_sample(kFirst);
  const std::string second = read_sample(kSecond);

  // ② before any ①: nothing to pair with, and no star to judge by.
  const Inspection early = engine.inspect(second, to("cyber@grant.example.lg.jp"));
  REQUIRE(early.evidence.verdict == Verdict::Consistent);
  CHECK(header(early, "X-SA-Triage-Pair") == "first-notice-not-seen");
  CHECK(header(early, "X-SA-Triage-Requirement") == "unknown");
  CHECK(header(early, "X-SA-Triage-Programme") == "東京都サイバー助成金");

  // ① after that ②: says so; its ★ is below the cyber programme's ★★.
  const Inspection late = engine.inspect(first, to("cyber@grant.example.lg.jp"));
  REQUIRE(late.evidence.verdict == Verdict::Consistent);
  CHECK(header(late, "X-SA-Triage-Pair") == "second-notice-seen " + today());
  CHECK(header(late, "X-SA-Triage-Requirement") == "not-met");
  CHECK(has_reason(late, "star-below-requirement"));

  // The next ②: ①'s date, star and ID; judged by that ★.
  const Inspection cyber = engine.inspect(second, to("cyber@grant.example.lg.jp"));
  CHECK(header(cyber, "X-SA-Triage-Pair") == "first-notice-seen " + today() + " ★ 49999901234");
  CHECK(header(cyber, "X-SA-Triage-Requirement") == "not-met");
  CHECK(has_reason(cyber, "star-below-requirement"));
  CHECK(header(cyber, "X-SA-Triage-Star") == "(absent)");  // ② itself shows none
  const Inspection kobe = engine.inspect(second, to("kobe@grant.example.lg.jp"));
  CHECK(header(kobe, "X-SA-Triage-Requirement") == "met");
  CHECK_FALSE(has_reason(kobe, "star-below-requirement"));
  // No programme: the pair still shows, no requirement.
  const Inspection plain = engine.inspect(second, to("hojokin@grant.example.lg.jp"));
  CHECK(header(plain, "X-SA-Triage-Pair").rfind("first-notice-seen ", 0) == 0);
  CHECK(header(plain, "X-SA-Triage-Requirement") == "(absent)");

  // The same ② from another sender domain is another applicant.
  const Inspection stranger =
      engine.inspect(second, to("cyber@grant.example.lg.jp", "sato@another.example.jp"));
  CHECK(header(stranger, "X-SA-Triage-Pair") == "first-notice-not-seen");

  // The rows record programme and requirement.
  REQUIRE(ledger->flush());  // a second ledger object reads committed rows only
  auto reader = backend.open();
  std::vector<LedgerRow> rows;
  reader->rows({}, [&](const LedgerRow& r) { rows.push_back(r); });
  REQUIRE(rows.size() == 6);
  CHECK(rows[0].entry.programme == "東京都サイバー助成金");
  CHECK(rows[0].entry.requirement == "unknown");
  CHECK(rows[1].entry.requirement == "not-met");
  CHECK(rows[3].entry.programme == "神戸市補助金");
  CHECK(rows[3].entry.requirement == "met");
  CHECK(rows[4].entry.programme.empty());

  // ledger applicants: one line per applicant, ① and ② together.
  const auto applicants = summarize_applicants(*reader, {});
  REQUIRE(applicants.size() == 2);
  const ApplicantSummary& a = applicants[0];
  CHECK(a.applicant_domain == kDomain);
  CHECK(a.company == "株式会社サンプル商事");
  CHECK(a.first.count == 1);
  CHECK(a.first.stars == std::vector<int>{1});
  CHECK(a.first.declaration_ids == std::vector<std::string>{"49999901234"});
  CHECK(a.second.count == 4);
  CHECK(a.second.verdicts == std::vector<Verdict>{Verdict::Consistent});
  CHECK(a.programmes == std::vector<std::string>{"東京都サイバー助成金", "神戸市補助金"});
  CHECK(applicants[1].applicant_domain == "another.example.jp");
  CHECK(applicants[1].first.count == 0);

  ExportOptions csv;
  std::ostringstream out;
  CHECK(export_applicants(*reader, {}, csv, *TimeZone::find("Asia/Tokyo"), out) == 2);
  const std::string text = out.str();
  REQUIRE(text.rfind("\xEF\xBB\xBF", 0) == 0);
  CHECK(text.find("applicant_domain,company,first_notices,first_notice_time,first_notice_stars,"
                  "declaration_ids,first_notice_verdicts,second_notices,second_notice_time,"
                  "second_notice_verdicts,paired,duplicates,programmes,requirement\r\n") == 3);
  CHECK(text.find("\r\nsample-shoji.example.jp,株式会社サンプル商事,1,") != std::string::npos);
  CHECK(text.find(",1,49999901234,consistent,4,") != std::string::npos);
  CHECK(text.find(",consistent,yes,0,東京都サイバー助成金 神戸市補助金,") != std::string::npos);
  CHECK(text.find("\r\nanother.example.jp,株式会社サンプル商事,0,,,,,1,") != std::string::npos);

  ExportOptions json;
  json.format = ExportFormat::JsonLines;
  std::ostringstream lines;
  export_applicants(*reader, {}, json, *TimeZone::find("Asia/Tokyo"), lines);
  std::istringstream in(lines.str());
  std::string line;
  REQUIRE(std::getline(in, line));
  const auto j = nlohmann::json::parse(line);
  CHECK(j["first_notice_stars"] == nlohmann::json::array({1}));
  CHECK(j["paired"] == true);
  CHECK(j["requirement"] == "met");  // of the latest row that had one (the Kobe ②)
  REQUIRE(std::getline(in, line));
  CHECK(nlohmann::json::parse(line)["first_notice_time"].is_null());
}
