// fixture_files.h - reads the committed test fixtures of tests/auth/fixtures.
#pragma once

#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

namespace sa::test {

inline std::string fixture_path(const std::string& name) {
  return std::string(SA_AUTH_FIXTURES) + "/" + name;
}

inline std::string read_fixture(const std::string& name) {
  std::ifstream in(fixture_path(name), std::ios::binary);
  if (!in) throw std::runtime_error("missing fixture " + name);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace sa::test
