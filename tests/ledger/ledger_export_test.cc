// ledger_export_test.cc - what a reviewer gets from `sa-triage ledger export`: CSV that a
// strict RFC 4180 reader splits back into the stored values (hostile company names too),
// JSON lines, the --since and --verdict filters, on both backends; and the date parser.
#include "cli/ledger_export.h"

#include <nlohmann/json.hpp>
#include <sstream>

#include "ledger_backends.h"

using namespace sa;
using namespace sa::test;

namespace {

// A strict RFC 4180 reader: records of fields, CRLF line ends, "" inside quotes.
std::vector<std::vector<std::string>> read_csv(const std::string& text) {
  std::vector<std::vector<std::string>> records(1, std::vector<std::string>(1));
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    std::string& field = records.back().back();
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      REQUIRE(field.empty());
      quoted = true;
    } else if (c == ',') {
      records.back().emplace_back();
    } else if (c == '\r') {
      REQUIRE(text.at(i + 1) == '\n');
      ++i;
      records.emplace_back(1);
    } else {
      REQUIRE(c != '\n');  // a bare LF outside quotes would split a record
      field += c;
    }
  }
  REQUIRE_FALSE(quoted);
  if (records.back().size() == 1 && records.back()[0].empty()) records.pop_back();
  return records;
}

const std::string kHostile = "ACME \"Quoted\", Inc.\r\nline two\nline three";
const std::string kFormula = "=HYPERLINK(\"http://evil.example\",\"x\")";

LedgerEntry row(const std::string& id, Verdict v, std::time_t when, const std::string& company) {
  LedgerEntry e;
  e.time = when;
  e.queue_id = "4Q" + id;
  e.message_id = "<" + id + "@mail.example>";
  e.envelope_sender = "grants@applicant.example";
  e.applicant_domain = "applicant.example";
  e.declaration_id = id;
  e.notice = "declaration-complete";
  e.star = 2;
  e.verdict = v;
  e.company = company;
  e.forward = ForwardStyle::Inline;
  return e;
}

}  // namespace

TEMPLATE_TEST_CASE("export writes CSV and JSON lines that read back to the stored values",
                   "[ledger][export]", SqliteBackend, PostgresqlBackend) {
  TestType backend;
  auto ledger = backend.open();
  std::time_t since = 0;
  REQUIRE(parse_since_date("2024-04-01", since));
  ledger->record(row("41000000001", Verdict::Verified, since - 60, "株式会社 前日"));
  ledger->record(row("41000000002", Verdict::Suspicious, since + 60, kHostile));
  ledger->record(row("41000000003", Verdict::Consistent, since + 120, kFormula));
  ledger->record(row("41000000004", Verdict::Suspicious, since + 180, "ＡＢＣ商事\xff"));

  SECTION("CSV, all rows") {
    std::ostringstream out;
    CHECK(export_rows(*ledger, {}, ExportFormat::Csv, out) == 4);
    const auto records = read_csv(out.str());
    REQUIRE(records.size() == 5);
    CHECK(records[0] == std::vector<std::string>{"id", "time", "queue_id", "message_id",
                                                 "envelope_sender", "applicant_domain",
                                                 "declaration_id", "notice", "star", "verdict",
                                                 "company", "forward"});
    for (const auto& r : records) CHECK(r.size() == 12);
    CHECK(records[1][10] == "株式会社 前日");
    CHECK(records[2][10] == kHostile);
    CHECK(records[2][9] == "suspicious");
    CHECK(records[3][10] == "'" + kFormula);            // never a live formula in a spreadsheet
    CHECK(records[4][10] == "ＡＢＣ商事\xEF\xBF\xBD");  // invalid byte: U+FFFD
    CHECK(records[1][1] == format_export_time(since - 60));
    CHECK(records[1][8] == "2");
    CHECK(records[1][11] == "inline");
  }
  SECTION("CSV since a date and of one verdict") {
    std::ostringstream out;
    LedgerFilter filter;
    filter.since = since;
    filter.verdict = Verdict::Suspicious;
    CHECK(export_rows(*ledger, filter, ExportFormat::Csv, out) == 2);
    const auto records = read_csv(out.str());
    REQUIRE(records.size() == 3);
    CHECK(records[1][6] == "41000000002");
    CHECK(records[2][6] == "41000000004");
  }
  SECTION("JSON lines since a date") {
    std::ostringstream out;
    LedgerFilter filter;
    filter.since = since;
    CHECK(export_rows(*ledger, filter, ExportFormat::JsonLines, out) == 3);
    std::istringstream lines(out.str());
    std::vector<nlohmann::json> docs;
    for (std::string line; std::getline(lines, line);) docs.push_back(nlohmann::json::parse(line));
    REQUIRE(docs.size() == 3);
    CHECK(docs[0]["company"] == kHostile);
    CHECK(docs[0]["declaration_id"] == "41000000002");
    CHECK(docs[0]["verdict"] == "suspicious");
    CHECK(docs[0]["star"] == 2);
    CHECK(docs[1]["company"] == kFormula);  // JSON is data: kept as it was
    CHECK(docs[2]["company"] == "ＡＢＣ商事\xEF\xBF\xBD");
    CHECK(docs[0]["time"] == format_export_time(since + 60));
  }
}

TEST_CASE("the --since date must be a real YYYY-MM-DD date", "[ledger][export]") {
  std::time_t t = 0;
  CHECK(parse_since_date("2025-02-28", t));
  std::tm tm{};
  localtime_r(&t, &tm);
  CHECK(tm.tm_year == 125);
  CHECK(tm.tm_mon == 1);
  CHECK(tm.tm_mday == 28);
  CHECK(tm.tm_hour == 0);
  CHECK_FALSE(parse_since_date("2025-02-30", t));
  CHECK_FALSE(parse_since_date("2025-2-3", t));
  CHECK_FALSE(parse_since_date("2025/02/03", t));
  CHECK_FALSE(parse_since_date("yesterday", t));
  CHECK_FALSE(parse_since_date("", t));
}

TEST_CASE("CSV fields are quoted only when needed", "[ledger][export]") {
  CHECK(csv_field("plain") == "plain");
  CHECK(csv_field("a,b") == "\"a,b\"");
  CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_field("-1+1") == "'-1+1");
  CHECK(csv_field("@SUM(A1)") == "'@SUM(A1)");
  CHECK(csv_field(std::string("nul\0byte", 8)) == "nulbyte");
}
