// outlook_samples_test.cc - the committed Outlook samples (samples/*-msg-*, *-tnef-*) are
// exactly what make-outlook-samples writes from outlook_fixtures.cc, so that the golden test
// and the Postfix end-to-end test run the very fixtures the core tests check.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "outlook_fixtures.h"

namespace {

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace

TEST_CASE("the Outlook samples are what make-outlook-samples writes", "[outlook][samples]") {
  const auto samples = sa::test::outlook_samples();
  REQUIRE(samples.size() == 2);
  for (const auto& s : samples) {
    INFO(s.name << ": run `make-outlook-samples samples` to rewrite it");
    const std::string base = std::string(SA_SAMPLES_DIR) + "/" + s.name;
    CHECK(file_bytes(base + ".eml") == s.eml);
    CHECK(file_bytes(base + ".expected") == s.expected);
  }
}
