// fuzz_regressions_test.cc - replays every input kept under tests/fuzz/regressions/<target>/
// (inputs on which a fuzzer found a bug, in the code or in the fuzz checks themselves) through
// the same checks as the fuzz target (tests/fuzz/fuzz_checks.h), in the normal build.
// fuzz_milter_session inputs need the daemon library and are replayed by running that fuzz target
// on them in the SA_FUZZ build only.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "../fuzz/fuzz_checks.h"

namespace {

namespace fs = std::filesystem;

const fs::path kRegressions = fs::path(SA_SAMPLES_DIR) / ".." / "tests" / "fuzz" / "regressions";

std::vector<fs::path> inputs(const std::string& target) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(kRegressions / target, ec)) {
    if (entry.is_regular_file()) out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace

TEST_CASE("every fuzz regression input replays clean", "[fuzz-regression]") {
  REQUIRE(fs::is_directory(kRegressions));
  const std::vector<std::pair<std::string, std::function<std::string(std::string_view)>>> targets =
      {{"fuzz_engine", sa::fuzz::engine_input},
       {"fuzz_charset", sa::fuzz::charset_input},
       {"fuzz_config", sa::fuzz::config_input}};
  std::size_t replayed = 0;
  for (const auto& [target, check] : targets) {
    for (const fs::path& path : inputs(target)) {
      INFO(target << " regression input " << path.filename().string());
      CHECK(check(read(path)) == "");
      ++replayed;
    }
  }
  CHECK(replayed > 0);
}

TEST_CASE("the fuzz invariants catch what they are meant to", "[fuzz-regression]") {
  sa::EditPlan plan;
  plan.adds = {{"X-SA-Triage-Verdict", "consistent\r\n injected"}};
  CHECK(sa::fuzz::plan_problem(plan) != "");
  plan.adds = {{"X-SA-Triage-Reason", "a\nb"}};
  CHECK(sa::fuzz::plan_problem(plan) != "");
  plan.adds = {{"X-SA-Triage-Reason", "a\n b"}};
  CHECK(sa::fuzz::plan_problem(plan) == "");
  plan.deletes = {{"X-SA-Triage-Verdict", 1}, {"x-sa-triage-verdict", 2}};
  CHECK(sa::fuzz::plan_problem(plan) != "");
  plan.deletes = {{"X-SA-Triage-Verdict", 2}, {"X-SA-Triage-Verdict", 1}};
  CHECK(sa::fuzz::plan_problem(plan) == "");
  CHECK(sa::fuzz::valid_utf8(std::string("a\0b", 3)));  // U+0000 is UTF-8
  CHECK_FALSE(sa::fuzz::valid_utf8("a\xff"));
  CHECK_FALSE(sa::fuzz::valid_utf8("\xe3\x80"));
}
