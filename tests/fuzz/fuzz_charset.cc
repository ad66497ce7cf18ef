// fuzz_charset.cc - libFuzzer target: a charset label (chosen by the first byte, or the payload's
// first line) and a payload through decode_to_utf8, decode_rfc2047, normalize_for_matching,
// strip_controls and html_to_text; every output must be valid UTF-8, and normalize_for_matching
// must give exactly what the plain reference (tests/core/normalize_reference.h: whole-text
// GLib NFKC) gives. The checks live in fuzz_checks.h so regression inputs replay in the
// normal build.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  sa::fuzz::abort_on_problem(
      sa::fuzz::charset_input(std::string_view(reinterpret_cast<const char*>(data), size)));
  return 0;
}
