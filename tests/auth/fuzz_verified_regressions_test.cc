// fuzz_verified_regressions_test.cc - replays tests/fuzz/regressions/fuzz_verified/ (inputs
// the libFuzzer target fuzz_verified found, or that forged `verified` before the fix) in the
// normal build: each must give a non-verified verdict, or verified with exactly the fields
// of one of the genuine signed notices (the control rows of the adversarial manifest).
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "auth/original_authenticator.h"
#include "core/engine.h"
#include "fixture_files.h"

namespace {

using Signed = std::tuple<std::string, int, std::string, std::string>;

// (notice, star, declaration id, company) of every verified row of the adversarial manifest.
std::vector<Signed> genuine_tuples() {
  std::ifstream in(sa::test::fixture_path("adversarial/expected.tsv"));
  REQUIRE(in);
  std::vector<Signed> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cells;
    std::stringstream cells_in(line);
    for (std::string cell; std::getline(cells_in, cell, '\t');) cells.push_back(cell);
    if (cells.size() < 6 || cells[1] != "verified") continue;
    auto none = [](const std::string& c) { return c == "-" ? std::string() : c; };
    out.emplace_back(cells[2], cells[3] == "-" ? 0 : std::stoi(cells[3]), none(cells[4]),
                     none(cells[5]));
  }
  return out;
}

const sa::Engine& engine() {
  static const sa::Engine instance = [] {
    auto config = std::make_shared<sa::Config>(*sa::load_config(SA_CONFIG_FILE));
    config->dkim_key_file = sa::test::fixture_path("keys/key_file.txt");
    config->smime_ca_file = sa::test::fixture_path("smime/test-ca.cert.pem");
    return sa::Engine(config, sa::make_original_authenticator(config));
  }();
  return instance;
}

}  // namespace

TEST_CASE("fuzz_verified regression inputs never verify forged fields", "[auth][fuzz-verified]") {
  const std::vector<Signed> genuine = genuine_tuples();
  REQUIRE(genuine.size() >= 3);
  const std::filesystem::path dir =
      std::filesystem::path(SA_AUTH_FIXTURES) / "../../fuzz/regressions/fuzz_verified";
  std::size_t replayed = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const sa::Evidence ev = engine().examine(raw);
    INFO(entry.path().filename().string() << ": verdict=" << sa::to_string(ev.verdict)
                                          << " star=" << ev.star << " id=" << ev.declaration_id);
    if (ev.verdict == sa::Verdict::Verified) {
      const Signed read{ev.notice, ev.star, ev.declaration_id, ev.company};
      CHECK(std::find(genuine.begin(), genuine.end(), read) != genuine.end());
    }
    ++replayed;
  }
  CHECK(replayed >= 3);
}
