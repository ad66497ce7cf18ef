// printout_module.cc - the entry point of sa-triage-printout.so: the PDF and image readers
// of this directory, for the core to load when it first reads a printout.
#include "printout/image_ocr.h"
#include "printout/pdf_text.h"
#include "printout/printout_readers.h"

extern "C" __attribute__((visibility("default"))) const sa::PrintoutReaders*
sa_printout_readers_v1() {
  static const sa::PrintoutReaders readers{&sa::read_pdf_text, &sa::read_image_text};
  return &readers;
}
