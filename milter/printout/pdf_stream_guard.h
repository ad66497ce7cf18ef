// pdf_stream_guard.h - a look at a PDF's raw bytes before poppler reads it, against
// decompression bombs: every Flate stream (also one inside another, and the object streams
// that hide dictionaries) is inflated here with a cap on the total output, and filters whose
// expansion this cannot measure (LZW, RunLength, and ASCIIHex/ASCII85 in a chain with Flate,
// which hide the zlib stream from it) are refused. Poppler has no such bound and
// no way to interrupt a page, so a PDF that passes here is one whose text poppler can read
// within the inflated-bytes budget. It does not parse the PDF's object structure.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sa {

// "" when every stream stays within `max_inflated` decompressed bytes in total; otherwise the
// reason word: "printout=pdf-inflated-too-large" or "printout=pdf-filter-refused".
std::string pdf_stream_problem(std::string_view pdf, std::size_t max_inflated);

}  // namespace sa
