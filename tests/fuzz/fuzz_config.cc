// fuzz_config.cc - libFuzzer target: arbitrary text through sa::load_config_text: only ConfigError
// may escape, and a config that loads must give an engine that inspects a small forwarded notice
// safely. The checks live in fuzz_checks.h so regression inputs replay in the normal build.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  sa::fuzz::abort_on_problem(
      sa::fuzz::config_input(std::string_view(reinterpret_cast<const char*>(data), size)));
  return 0;
}
