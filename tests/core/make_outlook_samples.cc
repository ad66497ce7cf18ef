// make_outlook_samples.cc - writes the Outlook samples (an attached .msg, a winmail.dat) of
// outlook_fixtures.h into a samples directory, with their .expected files. Deterministic:
// outlook_samples_test.cc checks that the committed files are exactly what it writes.
// Usage: make-outlook-samples SAMPLES_DIR
#include <cstdio>
#include <fstream>
#include <string>

#include "outlook_fixtures.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: make-outlook-samples SAMPLES_DIR\n");
    return 2;
  }
  for (const auto& sample : sa::test::outlook_samples()) {
    for (const auto& [extension, text] :
         {std::pair{".eml", &sample.eml}, std::pair{".expected", &sample.expected}}) {
      const std::string path = std::string(argv[1]) + "/" + sample.name + extension;
      std::ofstream out(path, std::ios::binary);
      out << *text;
      if (!out) {
        std::fprintf(stderr, "make-outlook-samples: cannot write %s\n", path.c_str());
        return 1;
      }
      std::printf("%s\n", path.c_str());
    }
  }
  return 0;
}
