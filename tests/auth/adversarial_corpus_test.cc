// adversarial_corpus_test.cc - the adversarial corpus (fixtures/adversarial, made by
// make_adversarial.py): attacks built from genuine test-signed IPA notices, run through
// sa::Engine with the shipped config and the test keys, against expected.tsv. `verified` must
// mean exactly what was signed: controls keep their signed fields, attacks never verify.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "auth/original_authenticator.h"
#include "core/engine.h"
#include "fixture_files.h"

using sa::test::fixture_path;
using sa::test::read_fixture;

namespace {

// One line of adversarial/expected.tsv (its header comment documents the columns).
struct Row {
  std::string file;
  std::string verdict;
  std::string notice;
  std::string star;
  std::string declaration_id;
  std::string company;
  std::vector<std::string> reasons;  // prefixes that must all be present
  std::string cls;                   // attack class ("control" for the genuine ones)
};

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    std::size_t end = s.find(sep, start);
    out.emplace_back(s.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return out;
    start = end + 1;
  }
}

std::vector<Row> manifest() {
  static const std::vector<Row> rows = [] {
    std::vector<Row> out;
    const std::string text = read_fixture("adversarial/expected.tsv");
    for (const std::string& line : split(text, '\n')) {
      if (line.empty() || line[0] == '#' || line.rfind("file\t", 0) == 0) continue;
      const auto f = split(line, '\t');
      if (f.size() < 7) throw std::runtime_error("expected.tsv: short row: " + line);
      Row r{f[0], f[1], f[2], f[3], f[4], f[5], {}, f.size() > 7 ? f[7] : ""};
      for (auto& p : split(f[6], ',')) {
        if (!p.empty()) r.reasons.push_back(std::move(p));
      }
      out.push_back(std::move(r));
    }
    return out;
  }();
  return rows;
}

const sa::Engine& engine() {
  static const sa::Engine instance = [] {
    // The shipped config's notices and routing, with the test keys.
    std::ifstream in(SA_CONFIG_FILE);
    std::string shipped((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    shipped = shipped.substr(0, shipped.find("\ndkim:"));
    auto config = sa::load_config_text(
        shipped + "\ndkim:\n  key_file: " + fixture_path("keys/key_file.txt") + "\n", "test.yaml");
    return sa::Engine(config, sa::make_original_authenticator(config));
  }();
  return instance;
}

std::string describe(const sa::Evidence& ev) {
  std::string out = "verdict=" + std::string(to_string(ev.verdict)) + " notice=" + ev.notice +
                    " star=" + std::to_string(ev.star) + " declaration_id=" + ev.declaration_id +
                    " company=" + ev.company + " reasons=";
  for (const auto& r : ev.reasons) out += r + " ";
  return out;
}

bool has_reason_prefix(const sa::Evidence& ev, const std::string& prefix) {
  return std::any_of(ev.reasons.begin(), ev.reasons.end(),
                     [&](const std::string& r) { return r.rfind(prefix, 0) == 0; });
}

// A verified row names the exact value ("-": none).
std::string exact(const std::string& cell, const std::string& none = "") {
  return cell == "-" ? none : cell;
}

// An attack row may name a forged value ("!V") that must not be reported.
void check_not_forged(const std::string& cell, const std::string& actual) {
  if (cell.size() > 1 && cell[0] == '!') {
    INFO("forged value " << cell.substr(1));
    CHECK(actual != cell.substr(1));
  }
}

void check_row(const Row& row) {
  const sa::Evidence ev = engine().examine(read_fixture("adversarial/" + row.file));
  INFO(row.file << " [" << row.cls << "]: " << describe(ev));
  CHECK(std::string(to_string(ev.verdict)) == row.verdict);
  if (row.verdict == "verified") {
    CHECK(ev.notice == exact(row.notice));
    CHECK(std::to_string(ev.star) == exact(row.star, "0"));
    CHECK(ev.declaration_id == exact(row.declaration_id));
    CHECK(ev.company == exact(row.company));
  } else {
    CHECK(ev.verdict != sa::Verdict::Verified);
    check_not_forged(row.notice, ev.notice);
    check_not_forged(row.star, std::to_string(ev.star));
    check_not_forged(row.declaration_id, ev.declaration_id);
    check_not_forged(row.company, ev.company);
  }
  for (const auto& prefix : row.reasons) {
    INFO("required reason prefix: " << prefix);
    CHECK(has_reason_prefix(ev, prefix));
  }
}

}  // namespace

TEST_CASE("adversarial corpus: the manifest covers every message", "[auth][adversarial]") {
  const auto rows = manifest();
  CHECK(rows.size() >= 45);
  std::map<std::string, int> per_class;
  std::vector<std::string> listed;
  for (const auto& r : rows) {
    INFO(r.file);
    CHECK(std::filesystem::is_regular_file(fixture_path("adversarial/" + r.file)));
    CHECK((r.verdict == "verified") == (r.cls == "control"));
    CHECK(!r.reasons.empty());
    ++per_class[r.cls];
    listed.push_back(r.file);
  }
  for (const auto& [cls, count] : per_class) {
    INFO("class " << cls);
    CHECK(count >= 3);
  }
  for (const auto& entry : std::filesystem::directory_iterator(fixture_path("adversarial"))) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() != ".eml") continue;
    INFO("not in expected.tsv: " << name);
    CHECK(std::find(listed.begin(), listed.end(), name) != listed.end());
  }
}

TEST_CASE("adversarial corpus: genuine signed notices verify exactly as signed",
          "[auth][adversarial]") {
  for (const auto& row : manifest()) {
    if (row.verdict != "verified") continue;
    DYNAMIC_SECTION(row.file) { check_row(row); }
  }
}

TEST_CASE("adversarial corpus: attacks on signed notices never verify", "[auth][adversarial]") {
  for (const auto& row : manifest()) {
    if (row.verdict == "verified") continue;
    DYNAMIC_SECTION(row.file) { check_row(row); }
  }
}

// Not run by default: prints what the engine says about every row (for whoever works on a
// failing row): sa_auth_tests "[adversarial-report]"
TEST_CASE("adversarial corpus: report", "[.][adversarial-report]") {
  for (const auto& row : manifest()) {
    const sa::Evidence ev = engine().examine(read_fixture("adversarial/" + row.file));
    std::cout << row.file << "\t" << describe(ev) << "\n";
  }
  SUCCEED();
}
