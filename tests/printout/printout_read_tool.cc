// printout_read_tool.cc - prints what the printout readers make of files, with times: for
// measuring (docs/printouts.md) and for looking at a fixture. Not a test.
//   printout-read [--ocr] FILE...   (PDF by its name, anything else as an image)
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "printout/image_ocr.h"
#include "printout/pdf_text.h"

int main(int argc, char** argv) {
  sa::PrintoutLimits limits;
  for (int i = 1; i < argc; ++i) {
    const std::string path = argv[i];
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    const bool pdf = path.size() > 4 && path.substr(path.size() - 4) == ".pdf";
    const auto deadline = sa::PrintoutClock::now() + std::chrono::seconds(30);
    const sa::PrintoutReading r = pdf ? sa::read_pdf_text(bytes.str(), limits, deadline)
                                      : sa::read_image_text(bytes.str(), limits, deadline);
    std::cout << "== " << path << ": " << r.millis << " ms, " << r.pages << " page(s)";
    if (!pdf) std::cout << ", tesseract init " << sa::ocr_init_millis() << " ms";
    for (const auto& p : r.problems) std::cout << " " << p;
    std::cout << "\n" << r.text << "\n";
  }
  return 0;
}
