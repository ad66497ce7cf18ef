// printout_module.cc - finding and loading sa-triage-printout.so (printout_module.h).
#include "core/printout_module.h"

#include <dlfcn.h>

#include <mutex>

#include "core/config.h"

namespace sa {
namespace {

struct Loaded {
  const PrintoutReaders* readers = nullptr;
  std::string error;
};

Loaded load() {
  Loaded out;
  const std::string path = printout_module_path();
  // Never closed: the readers keep per-thread state (Tesseract) and global tables (poppler).
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char* why = dlerror();
    out.error = why ? why : ("cannot load " + path);
    return out;
  }
  using Entry = const PrintoutReaders* (*)();
  auto entry = reinterpret_cast<Entry>(dlsym(handle, kPrintoutReadersSymbol));
  const PrintoutReaders* readers = entry ? entry() : nullptr;
  if (!readers || !readers->pdf_text || !readers->image_text) {
    out.error = path + ": no " + kPrintoutReadersSymbol;
    return out;
  }
  out.readers = readers;
  return out;
}

}  // namespace

std::string printout_module_path() {
  std::string named = named_beside_executable(kPrintoutModuleMarker);
  return named.empty() ? std::string(SA_INSTALLED_PRINTOUT_MODULE) : named;
}

const PrintoutReaders* printout_readers(std::string* error) {
  static std::once_flag once;
  static Loaded loaded;
  std::call_once(once, [] { loaded = load(); });
  if (!loaded.readers && error) *error = loaded.error;
  return loaded.readers;
}

}  // namespace sa
