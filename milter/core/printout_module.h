// printout_module.h - the printout readers (milter/printout/: poppler, Tesseract) live in
// their own shared module, sa-triage-printout.so, loaded with dlopen the first time a
// printout is read. Most mail carries none, and poppler, Tesseract and the libraries only
// they need would otherwise cost every process about 6 MB from the moment it starts.
#pragma once

#include <string>

#include "printout/printout_readers.h"

namespace sa {

// Beside a binary in the build tree, a file naming the module the build made (written by
// CMake, never installed), as for the config (kSourceConfigMarker).
inline constexpr const char* kPrintoutModuleMarker = "sa-triage-printout-module";

// The module's readers, loaded on the first call (once per process, thread-safe); nullptr
// when it cannot be loaded, and then `error` (if given) says why.
const PrintoutReaders* printout_readers(std::string* error = nullptr);

// Where the module is: the path named by the marker beside the running executable, else the
// installed SA_INSTALLED_PRINTOUT_MODULE.
std::string printout_module_path();

}  // namespace sa
