// fuzz_regressions_test.cc - replays every input the fuzzers found a bug with (kept under
// tests/fuzz/regressions/<target>/) through the same checks as the fuzz target
// (tests/fuzz/fuzz_checks.h), in the normal build. fuzz_milter_session inputs need the daemon
// library and are replayed by running that fuzz target on them in the SA_FUZZ build only.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
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

void replay(const std::string& target, const std::function<std::string(std::string_view)>& check) {
  for (const fs::path& path : inputs(target)) {
    INFO(target << " regression input " << path.filename().string());
    const std::string data = read(path);
    CHECK(check(data) == "");
  }
}

}  // namespace

TEST_CASE("fuzz_engine regression inputs give a safe edit plan", "[fuzz-regression]") {
  replay("fuzz_engine", sa::fuzz::engine_input);
}

TEST_CASE("fuzz_charset regression inputs decode to valid UTF-8", "[fuzz-regression]") {
  replay("fuzz_charset", sa::fuzz::charset_input);
}

TEST_CASE("fuzz_config regression inputs raise only ConfigError", "[fuzz-regression]") {
  replay("fuzz_config", sa::fuzz::config_input);
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
  CHECK(sa::fuzz::charset_input("\x03"
                                "abc") == "");
}
