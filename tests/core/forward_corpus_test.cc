// forward_corpus_test.cc - the inline-forward corpus (tests/core/forwards/, written by
// make_forwards.py): every fixture goes through sa::Engine with the shipped config, and its
// verdict, notice, star, 自己宣言ID, company and the recovered original From address, Subject and
// Date are compared with expected.tsv, one DYNAMIC_SECTION per file.
//
// Comparison rules. expected.tsv says what the pasted notice and header say, as written; the
// engine recovers values from text it has normalised with sa::normalize_for_matching (NFKC:
// ㈱ -> (株), full-width colons and digits to ASCII, half-width kana to full-width, the wave-dash
// family unified), so both sides are compared after that same normalisation:
//   - company, original_subject, original_date: normalize_for_matching, then runs of white space
//     collapsed to one space and the ends trimmed (a value that a client folded over two lines
//     compares equal to the unfolded one);
//   - original_from: the address sa::address_of finds in the recovered From value (lower case)
//     against the expected address;
//   - verdict, notice, declaration_id: exact; star: "" stands for 0.
//
// "[.forward-corpus-report]" (hidden) runs the same comparison without failing and prints pass
// tables per client, UI language, style, format and charset, and per field; with
// SA_FORWARD_REPORT_FAILURES=1 it also lists every mismatch.
// It does not run DKIM (no authenticator: inline text is never verified) or the ledger.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/engine.h"
#include "core/sender_domain.h"
#include "core/text_normalize.h"
#include "core/verdict.h"

namespace {

namespace fs = std::filesystem;

using Row = std::map<std::string, std::string>;

const std::vector<std::string> kColumns = {
    "file",          "client",         "lang",    "verdict",       "notice",
    "star",          "declaration_id", "company", "original_from", "original_subject",
    "original_date", "style",          "format",  "charset"};

std::string file_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> cells;
  std::size_t start = 0;
  for (;;) {
    const std::size_t tab = line.find('\t', start);
    cells.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
    if (tab == std::string::npos) return cells;
    start = tab + 1;
  }
}

// The manifest, one Row per fixture; a malformed manifest is reported by the sanity test.
struct Manifest {
  std::vector<Row> rows;
  std::vector<std::string> problems;
};

Manifest read_manifest() {
  Manifest m;
  std::istringstream in(file_bytes(fs::path(SA_FORWARDS_DIR) / "expected.tsv"));
  std::string line;
  if (!std::getline(in, line) || split_tabs(line) != kColumns) {
    m.problems.push_back("expected.tsv: missing or unexpected header line");
    return m;
  }
  for (int n = 2; std::getline(in, line); ++n) {
    if (line.empty()) continue;
    const auto cells = split_tabs(line);
    if (cells.size() != kColumns.size()) {
      m.problems.push_back("expected.tsv:" + std::to_string(n) + ": " +
                           std::to_string(cells.size()) + " columns");
      continue;
    }
    Row row;
    for (std::size_t i = 0; i < kColumns.size(); ++i) row[kColumns[i]] = cells[i];
    m.rows.push_back(std::move(row));
  }
  return m;
}

const Manifest& manifest() {
  static const Manifest m = read_manifest();
  return m;
}

const sa::Engine& engine() {
  static const sa::Engine e(sa::load_config(SA_CONFIG_FILE));
  return e;
}

// normalize_for_matching, white space runs collapsed to one space, ends trimmed.
std::string normalized(const std::string& text) {
  const std::string n = sa::normalize_for_matching(text);
  std::string out;
  bool space = false;
  for (char c : n) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

struct Mismatch {
  std::string field, expected, got;
};

std::vector<Mismatch> compare(const Row& row, const sa::Evidence& ev) {
  std::vector<Mismatch> out;
  auto check = [&out](const std::string& field, const std::string& expected,
                      const std::string& got) {
    if (expected != got) out.push_back({field, expected, got});
  };
  check("verdict", row.at("verdict"), std::string(sa::to_string(ev.verdict)));
  check("notice", row.at("notice"), ev.notice);
  check("star", row.at("star").empty() ? "0" : row.at("star"), std::to_string(ev.star));
  check("declaration_id", row.at("declaration_id"), ev.declaration_id);
  check("company", normalized(row.at("company")), normalized(ev.company));
  const std::string from = sa::address_of(ev.original_from);
  if (row.at("original_from") != from) {
    out.push_back({"original_from", row.at("original_from"),
                   from.empty() ? ev.original_from : from + " (from '" + ev.original_from + "')"});
  }
  check("original_subject", normalized(row.at("original_subject")),
        normalized(ev.original_subject));
  check("original_date", normalized(row.at("original_date")), normalized(ev.original_date));
  return out;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : " ") + item;
  return out;
}

std::string describe(const sa::Evidence& ev) {
  std::ostringstream out;
  out << "engine: verdict=" << sa::to_string(ev.verdict) << " forward=" << sa::to_string(ev.forward)
      << " notice=" << ev.notice << " star=" << ev.star << " declaration_id=" << ev.declaration_id
      << " company=" << ev.company << "\n  original_from=" << ev.original_from
      << "\n  original_subject=" << ev.original_subject << "\n  original_date=" << ev.original_date
      << "\n  reasons: " << joined(ev.reasons);
  return out.str();
}

std::string where(const Row& row) {
  return row.at("client") + " / " + row.at("lang") + " / " + row.at("style") + " / " +
         row.at("format") + " / " + row.at("charset");
}

// Pass counts of one grouping (client, language, ...), printed as a table.
struct Tally {
  std::map<std::string, std::pair<int, int>> counts;  // key -> (passed, total)
  void add(const std::string& key, bool passed) {
    auto& c = counts[key];
    c.first += passed ? 1 : 0;
    c.second += 1;
  }
  void print(std::ostream& out, const std::string& title) const {
    out << "\n| " << title << " | pass | total | rate |\n| --- | ---: | ---: | ---: |\n";
    for (const auto& [key, c] : counts) {
      out << "| " << key << " | " << c.first << " | " << c.second << " | " << std::fixed
          << std::setprecision(0) << (100.0 * c.first / c.second) << "% |\n";
    }
  }
};

}  // namespace

TEST_CASE("the forward corpus and its manifest agree", "[forward-corpus]") {
  const Manifest& m = manifest();
  for (const auto& p : m.problems) FAIL_CHECK(p);
  std::set<std::string> listed;
  int positive = 0, negative = 0;
  for (const auto& row : m.rows) {
    INFO(row.at("file"));
    CHECK(listed.insert(row.at("file")).second);
    CHECK(fs::exists(fs::path(SA_FORWARDS_DIR) / row.at("file")));
    (row.at("verdict") == "none" ? negative : positive) += 1;
  }
  for (const auto& entry : fs::directory_iterator(SA_FORWARDS_DIR)) {
    if (entry.path().extension() != ".eml") continue;
    INFO("not in expected.tsv: " << entry.path().filename().string());
    CHECK(listed.count(entry.path().filename().string()) == 1);
  }
  CHECK(positive >= 250);
  CHECK(negative >= 15);
}

TEST_CASE("every inline forward in the corpus gives its expected evidence", "[forward-corpus]") {
  const Manifest& m = manifest();
  REQUIRE(m.problems.empty());
  REQUIRE(m.rows.size() >= 265);
  for (const auto& row : m.rows) {
    DYNAMIC_SECTION(row.at("file")) {
      const fs::path path = fs::path(SA_FORWARDS_DIR) / row.at("file");
      REQUIRE(fs::exists(path));
      const sa::Evidence ev = engine().examine(file_bytes(path));
      const auto mismatches = compare(row, ev);
      if (mismatches.empty()) {
        SUCCEED(row.at("file"));
      } else {
        // One failure per file: every wrong field with expected and got, then what the engine
        // saw (forward style, reasons) to tell a layout gap from a decoding problem.
        std::ostringstream msg;
        msg << row.at("file") << " (" << where(row) << "): " << mismatches.size()
            << " wrong field(s)";
        for (const auto& mm : mismatches) {
          msg << "\n  " << mm.field << ": expected '" << mm.expected << "', got '" << mm.got << "'";
        }
        msg << "\n" << describe(ev);
        FAIL_CHECK(msg.str());
      }
    }
  }
}

TEST_CASE("forward corpus pass tables", "[.forward-corpus-report]") {
  const Manifest& m = manifest();
  REQUIRE(m.problems.empty());
  const bool list = std::getenv("SA_FORWARD_REPORT_FAILURES") != nullptr;
  Tally by_client, by_lang, by_style, by_format, by_charset, by_verdict;
  std::map<std::string, int> field_failures;
  std::map<std::string, std::map<std::string, int>> field_failures_by_client;
  int passed = 0;
  std::ostringstream failures;
  for (const auto& row : m.rows) {
    const sa::Evidence ev =
        engine().examine(file_bytes(fs::path(SA_FORWARDS_DIR) / row.at("file")));
    const auto mismatches = compare(row, ev);
    const bool ok = mismatches.empty();
    passed += ok ? 1 : 0;
    by_client.add(row.at("client"), ok);
    by_lang.add(row.at("lang"), ok);
    by_style.add(row.at("style"), ok);
    by_format.add(row.at("format"), ok);
    by_charset.add(row.at("charset"), ok);
    by_verdict.add("expected " + row.at("verdict"), ok);
    for (const auto& mm : mismatches) {
      ++field_failures[mm.field];
      ++field_failures_by_client[row.at("client")][mm.field];
      if (list) {
        failures << row.at("file") << ": " << mm.field << ": expected '" << mm.expected
                 << "', got '" << mm.got << "'\n";
      }
    }
  }
  std::ostream& out = std::cout;
  out << "\nforward corpus: " << passed << " of " << m.rows.size() << " fixtures pass ("
      << std::fixed << std::setprecision(1) << (100.0 * passed / m.rows.size()) << "%)\n";
  by_client.print(out, "client");
  by_lang.print(out, "UI language");
  by_style.print(out, "style");
  by_format.print(out, "format");
  by_charset.print(out, "charset");
  by_verdict.print(out, "expected verdict");
  out << "\n| field | fixtures where it is wrong |\n| --- | ---: |\n";
  for (const auto& [field, n] : field_failures) out << "| " << field << " | " << n << " |\n";
  out << "\n| client | wrong fields (count) |\n| --- | --- |\n";
  for (const auto& [client, fields] : field_failures_by_client) {
    out << "| " << client << " |";
    for (const auto& [field, n] : fields) out << " " << field << "=" << n;
    out << " |\n";
  }
  if (list) out << "\n" << failures.str();
  SUCCEED();
}
