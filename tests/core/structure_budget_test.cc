// structure_budget_test.cc - messages past what GMime may build are refused before it builds
// them (structure_budget.h): millions of parts or fields no longer take the process down,
// while ordinary and large-but-sane messages pass.
#include "core/structure_budget.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <iterator>
#include <string>

#include "core/engine.h"

using namespace sa;

namespace {

std::string multipart(std::size_t parts, const std::string& boundary_param = "boundary=\"b\"") {
  std::string raw =
      "From: a@example.jp\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
      "Content-Type: multipart/mixed; " +
      boundary_param + "\r\n\r\n";
  for (std::size_t i = 0; i < parts; ++i) raw += "--b\r\n\r\n";
  return raw + "--b--\r\n";
}

}  // namespace

TEST_CASE("delimiters of declared boundaries are counted, other dashes are not",
          "[structure_budget]") {
  const StructureBudget budget{1000};
  CHECK(structure_over_budget(multipart(1000), budget).empty());
  CHECK(structure_over_budget(multipart(2100), budget) == "too-many-parts");
  // RFC 2231 and unquoted spellings of the parameter.
  CHECK(structure_over_budget(multipart(2100, "boundary*0=b"), budget) == "too-many-parts");
  CHECK(structure_over_budget(multipart(2100, "BOUNDARY = b"), budget) == "too-many-parts");
  // Lines of dashes in a text body are no delimiters.
  std::string text = "From: a@example.jp\r\nContent-Type: text/plain\r\n\r\n";
  for (int i = 0; i < 50000; ++i) text += "----------\r\n--b\r\n";
  CHECK(structure_over_budget(text, budget).empty());
}

TEST_CASE("fields of every header block are counted", "[structure_budget]") {
  const StructureBudget budget{1000, 50000};
  std::string ten_thousand = "From: a@example.jp\n";
  for (int i = 0; i < 10000; ++i) ten_thousand += "X-Note: " + std::to_string(i) + "\n";
  CHECK(structure_over_budget(ten_thousand + "\nbody\n", budget).empty());
  std::string many = "From: a@example.jp\n";
  for (int i = 0; i < 60000; ++i) many += "X:\n";
  CHECK(structure_over_budget(many + "\n", budget) == "too-many-headers");
  // The same fields as body text are not fields.
  CHECK(structure_over_budget("From: a@example.jp\n\n" + many, budget).empty());
  // ... but inside an attached message they are its header block.
  const std::string attached =
      "From: a@example.jp\nContent-Type: multipart/mixed; boundary=o\n\n"
      "--o\nContent-Type: message/rfc822\n\n" +
      many + "\nbody\n--o--\n";
  CHECK(structure_over_budget(attached, budget) == "too-many-headers");
}

TEST_CASE("a message past the budget is an error with the reason, quickly and without GMime",
          "[structure_budget][engine][bad-input]") {
  const Engine engine(load_config(SA_CONFIG_FILE));
  // 1,000,000 empty parts (7 MB): GMime alone took 10 s and 1.3 GB for these; 3,000,000
  // aborted the process.
  const auto start = std::chrono::steady_clock::now();
  const Evidence parts = engine.examine(multipart(1000000));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(parts.verdict == Verdict::Error);
  CHECK(parts.reasons == std::vector<std::string>{"too-many-parts"});
  CHECK(seconds < 2.0);  // a bound against building the tree, not a benchmark (~0.05 s)
  std::string fields = "From: a@example.jp\n";
  for (int i = 0; i < 200000; ++i) fields += "X:\n";
  const Inspection in =
      engine.inspect(fields + "X-SA-Triage-Verdict: verified\n\nbody\n", Envelope{});
  CHECK(in.evidence.verdict == Verdict::Error);
  CHECK(in.evidence.reasons == std::vector<std::string>{"too-many-headers"});
  // A forged header below them is still found and deleted.
  REQUIRE(in.plan.deletes.size() == 1);
  CHECK(in.plan.deletes[0].name == "X-SA-Triage-Verdict");
}
