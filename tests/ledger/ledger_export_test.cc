// ledger_export_test.cc - what a reviewer gets from `sa-triage ledger export`: CSV that a
// strict RFC 4180 reader splits back into the stored values (hostile company names too),
// with a byte order mark for Excel, English or Japanese headings, an empty star for notices
// without one, seen, auth and reasons, times in the ledger's time zone; JSON lines; the
// --since and --verdict filters, on both backends.
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

const std::string kBom = "\xEF\xBB\xBF";

const TimeZone& tokyo() {
  static const TimeZone zone = *TimeZone::find("Asia/Tokyo");
  return zone;
}

std::string csv_export(LedgerReader& reader, const LedgerFilter& filter = {},
                       ExportOptions options = {}) {
  std::ostringstream out;
  export_rows(reader, filter, options, tokyo(), out);
  return out.str();
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
  e.auth = "dkim=pass header.d=ipa.go.jp header.s=s1";
  e.programme = "東京都サイバー助成金";
  e.requirement = "met";
  e.reasons = {"forward=inline", "sender=allowed"};
  return e;
}

}  // namespace

TEMPLATE_TEST_CASE("export writes CSV and JSON lines that read back to the stored values",
                   "[ledger][export]", SqliteBackend, PostgresqlBackend) {
  TestType backend;
  auto ledger = backend.open();
  const std::time_t since = *tokyo().start_of_day("2024-04-01");
  ledger->record(row("41000000001", Verdict::Verified, since - 60, "株式会社 前日"));
  ledger->record(row("41000000002", Verdict::Suspicious, since + 60, kHostile));
  ledger->record(row("41000000003", Verdict::Consistent, since + 120, kFormula));
  ledger->record(row("41000000004", Verdict::Suspicious, since + 180, "ＡＢＣ商事\xff"));

  SECTION("CSV, all rows") {
    const std::string text = csv_export(*ledger);
    REQUIRE(text.rfind(kBom, 0) == 0);  // Japanese Excel reads it as UTF-8 on a double click
    const auto records = read_csv(text.substr(kBom.size()));
    REQUIRE(records.size() == 5);
    CHECK(records[0] == std::vector<std::string>{"id", "time", "queue_id", "message_id",
                                                 "envelope_sender", "applicant_domain",
                                                 "declaration_id", "notice", "star", "verdict",
                                                 "company", "forward", "seen", "auth", "reasons",
                                                 "programme", "requirement"});
    for (const auto& r : records) CHECK(r.size() == 17);
    CHECK(records[1][10] == "株式会社 前日");
    CHECK(records[2][10] == kHostile);
    CHECK(records[2][9] == "suspicious");
    CHECK(records[3][10] == "'" + kFormula);            // never a live formula in a spreadsheet
    CHECK(records[4][10] == "ＡＢＣ商事\xEF\xBF\xBD");  // invalid byte: U+FFFD
    CHECK(records[1][1] == "2024-03-31T23:59:00+09:00");
    CHECK(records[1][8] == "2");
    CHECK(records[1][11] == "inline");
    CHECK(records[1][12] == "first");
    CHECK(records[1][13] == "dkim=pass header.d=ipa.go.jp header.s=s1");
    CHECK(records[1][14] == "forward=inline sender=allowed");
    CHECK(records[1][15] == "東京都サイバー助成金");
    CHECK(records[1][16] == "met");
  }
  SECTION("CSV without a byte order mark, with Japanese headings") {
    ExportOptions options;
    options.bom = false;
    options.headings = ExportHeadings::Japanese;
    const auto records = read_csv(csv_export(*ledger, {}, options));
    REQUIRE(records.size() == 5);
    CHECK(records[0] == std::vector<std::string>{"番号", "受信日時", "キューID", "Message-ID",
                                                 "送信者", "申請者ドメイン", "自己宣言ID", "通知",
                                                 "星", "判定", "事業者名", "転送", "既出", "認証",
                                                 "理由", "助成制度", "星の要件"});
    CHECK(records[1][6] == "41000000001");  // the values stay as they are
  }
  SECTION("CSV since a date and of one verdict") {
    LedgerFilter filter;
    filter.since = since;
    filter.verdict = Verdict::Suspicious;
    ExportOptions options;
    options.bom = false;
    const auto records = read_csv(csv_export(*ledger, filter, options));
    REQUIRE(records.size() == 3);
    CHECK(records[1][6] == "41000000002");
    CHECK(records[2][6] == "41000000004");
  }
  SECTION("JSON lines since a date") {
    std::ostringstream out;
    LedgerFilter filter;
    filter.since = since;
    ExportOptions options;
    options.format = ExportFormat::JsonLines;
    CHECK(export_rows(*ledger, filter, options, tokyo(), out) == 3);
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
    CHECK(docs[0]["time"] == "2024-04-01T00:01:00+09:00");
    CHECK(docs[0]["seen"] == "first");
    CHECK(docs[0]["reasons"] == nlohmann::json::array({"forward=inline", "sender=allowed"}));
    CHECK(docs[0]["programme"] == "東京都サイバー助成金");
    CHECK(docs[0]["requirement"] == "met");
    CHECK(out.str().rfind("{", 0) == 0);  // no byte order mark in JSON
  }
}

TEMPLATE_TEST_CASE("a notice without a star exports an empty star, a repeat its sighting",
                   "[ledger][export]", SqliteBackend, PostgresqlBackend) {
  TestType backend;
  auto ledger = backend.open();
  LedgerEntry accepted = row("", Verdict::Consistent, 1711900000, "株式会社 受理");
  accepted.notice = "application-accepted";  // 申込受理のご連絡: no star
  accepted.star = 0;
  ledger->record(accepted);
  LedgerEntry first = row("41000000009", Verdict::Consistent, 1711900060, "A");
  ledger->record(first);
  first.applicant_domain = "other.example";
  first.time += 60;
  ledger->record(first);

  const auto records = read_csv(csv_export(*ledger).substr(kBom.size()));
  REQUIRE(records.size() == 4);
  CHECK(records[1][7] == "application-accepted");
  CHECK(records[1][8].empty());
  CHECK(records[3][12] == "other-applicant");
  CHECK(records[3][14] == "forward=inline sender=allowed duplicate-id");

  std::ostringstream out;
  ExportOptions json;
  json.format = ExportFormat::JsonLines;
  export_rows(*ledger, {}, json, tokyo(), out);
  const auto doc = nlohmann::json::parse(out.str().substr(0, out.str().find('\n')));
  CHECK(doc["star"].is_null());
}

TEST_CASE("exported times follow ledger.time_zone", "[ledger][export]") {
  SqliteBackend backend;
  auto ledger = backend.open();
  ledger->record(row("41000000001", Verdict::Verified, 1743467400, "A"));  // 2025-04-01 00:30Z
  std::ostringstream utc;
  ExportOptions json;
  json.format = ExportFormat::JsonLines;
  export_rows(*ledger, {}, json, *TimeZone::find("UTC"), utc);
  CHECK(nlohmann::json::parse(utc.str())["time"] == "2025-04-01T00:30:00+00:00");
  std::ostringstream jst;
  export_rows(*ledger, {}, json, tokyo(), jst);
  CHECK(nlohmann::json::parse(jst.str())["time"] == "2025-04-01T09:30:00+09:00");
}

TEST_CASE("CSV fields are quoted only when needed", "[ledger][export]") {
  CHECK(csv_field("plain") == "plain");
  CHECK(csv_field("a,b") == "\"a,b\"");
  CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_field("-1+1") == "'-1+1");
  CHECK(csv_field("@SUM(A1)") == "'@SUM(A1)");
  CHECK(csv_field(std::string("nul\0byte", 8)) == "nulbyte");
}
