// printout_readers.h - what the printout module (sa-triage-printout.so, printout_module.cc)
// hands the core once it is loaded (core/printout_module.h): its two readers, found by the
// one exported name below. Built together, so the C++ types on both sides are the same.
#pragma once

#include <string_view>

#include "printout/printout_reading.h"

namespace sa {

struct PrintoutReaders {
  PrintoutReading (*pdf_text)(std::string_view pdf, const PrintoutLimits& limits,
                              PrintoutClock::time_point deadline);
  PrintoutReading (*image_text)(std::string_view image, const PrintoutLimits& limits,
                                PrintoutClock::time_point deadline);
};

// extern "C" const PrintoutReaders* sa_printout_readers_v1();
inline constexpr const char* kPrintoutReadersSymbol = "sa_printout_readers_v1";

}  // namespace sa
