// pdf_text.h - the text of a PDF attachment with poppler (poppler-cpp; CJK text needs the
// poppler-data package's CMaps), bounded: the file's size, the pages read from its start,
// the decompressed bytes (pdf_stream_guard.h) and a deadline checked before each page.
// Encrypted PDFs are refused (their streams cannot be measured before decryption).
#pragma once

#include <string_view>

#include "printout/printout_reading.h"

namespace sa {

// Never throws for bad input; problems name what was refused or cut.
PrintoutReading read_pdf_text(std::string_view pdf, const PrintoutLimits& limits,
                              PrintoutClock::time_point deadline);

}  // namespace sa
