// fuzz_engine.cc - libFuzzer target: arbitrary bytes as a whole message through sa::Engine::inspect
// (MIME parsing, forward recovery, notice templates, edit planning) with the shipped config, and
// its header section through inspect_too_large; the EditPlan must be safe to hand to the MTA. The
// checks live in fuzz_checks.h so regression inputs replay in the normal build.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  sa::fuzz::abort_on_problem(
      sa::fuzz::engine_input(std::string_view(reinterpret_cast<const char*>(data), size)));
  return 0;
}
