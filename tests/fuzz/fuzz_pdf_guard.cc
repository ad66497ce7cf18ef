// fuzz_pdf_guard.cc - libFuzzer target: bytes as a PDF through pdf_stream_problem (the
// hand-written scan that inflates a PDF's streams before poppler sees them), with a small
// budget so that bombs are cut quickly. It must return "" or one of its two reasons, and
// never read past the input (ASan).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "printout/pdf_stream_guard.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string why =
      sa::pdf_stream_problem(std::string_view(reinterpret_cast<const char*>(data), size), 1 << 20);
  if (!why.empty() && why != "printout=pdf-inflated-too-large" &&
      why != "printout=pdf-filter-refused") {
    std::abort();
  }
  return 0;
}
