// printout_reading.h - what reading one printout attachment (a PDF, or a screenshot or photo
// of the declarer site) gives back, and the bounds every reader keeps. Shared by pdf_text.h
// and image_ocr.h. Bytes in, text out: no mail, no templates, no verdicts.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace sa {

using PrintoutClock = std::chrono::steady_clock;

struct PrintoutLimits {
  std::size_t max_pdf_bytes = 10u * 1024u * 1024u;
  int max_pages = 4;  // pages read from the start of a PDF
  // Decompressed stream bytes per PDF (pdf_stream_guard.h): past it, the PDF is refused.
  std::size_t max_inflated_bytes = 16u * 1024u * 1024u;
  std::size_t max_image_bytes = 10u * 1024u * 1024u;
  std::size_t max_image_pixels = 20'000'000;  // width x height from the image header
};

struct PrintoutReading {
  std::string text;  // UTF-8; pages or OCR lines separated by LF; "" when nothing was read
  // Machine-readable notes, e.g. "printout=pdf-encrypted", "printout=pages-limit",
  // "printout=timeout". A note without text means the attachment was refused.
  std::vector<std::string> problems;
  int pages = 0;        // pages read (a PDF) or 1 (an image that was recognised)
  double millis = 0.0;  // time spent reading
};

// A reading under way: started when made; done() stamps the time and adds the problem.
struct PrintoutTimer {
  PrintoutClock::time_point start = PrintoutClock::now();
  PrintoutReading out;

  PrintoutReading done(const char* problem) {
    if (problem) out.problems.emplace_back(problem);
    out.millis = std::chrono::duration<double, std::milli>(PrintoutClock::now() - start).count();
    return out;
  }
};

}  // namespace sa
