// printout_module.cc - finding and loading sa-triage-printout.so (printout_module.h).
#include "core/printout_module.h"

#include <dlfcn.h>

#include <filesystem>
#include <fstream>
#include <mutex>

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
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    std::ifstream marker(exe.parent_path() / kPrintoutModuleMarker);
    std::string named;
    if (marker && std::getline(marker, named) && !named.empty()) return named;
  }
  return SA_INSTALLED_PRINTOUT_MODULE;
}

const PrintoutReaders* printout_readers(std::string* error) {
  static std::once_flag once;
  static Loaded loaded;
  std::call_once(once, [] { loaded = load(); });
  if (!loaded.readers && error) *error = loaded.error;
  return loaded.readers;
}

}  // namespace sa
