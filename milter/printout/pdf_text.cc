// pdf_text.cc - poppler-cpp over the bytes of one PDF, after pdf_stream_guard has measured
// them. Poppler's own messages to stderr are silenced once for the process.
#include "printout/pdf_text.h"

#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include <climits>
#include <memory>
#include <mutex>

#include "printout/pdf_stream_guard.h"

namespace sa {
namespace {

void quiet_poppler() {
  static std::once_flag once;
  std::call_once(
      once, [] { poppler::set_debug_error_function([](const std::string&, void*) {}, nullptr); });
}

}  // namespace

PrintoutReading read_pdf_text(std::string_view pdf, const PrintoutLimits& limits,
                              PrintoutClock::time_point deadline) {
  PrintoutTimer timer;
  PrintoutReading& out = timer.out;
  const auto done = [&](const char* problem) { return timer.done(problem); };
  if (pdf.size() > limits.max_pdf_bytes || pdf.size() > INT_MAX) {
    return done("printout=pdf-too-large");
  }
  if (pdf.substr(0, 1024).find("%PDF-") == std::string_view::npos) {
    return done("printout=pdf-unreadable");
  }
  if (std::string why = pdf_stream_problem(pdf, limits.max_inflated_bytes); !why.empty()) {
    out.problems.push_back(std::move(why));
    return done(nullptr);
  }
  quiet_poppler();
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(pdf.data(), static_cast<int>(pdf.size())));
  if (!doc) return done("printout=pdf-unreadable");
  if (doc->is_encrypted() || doc->is_locked()) return done("printout=pdf-encrypted");
  const int pages = doc->pages();
  if (pages <= 0) return done("printout=pdf-unreadable");
  for (int i = 0; i < pages; ++i) {
    if (i >= limits.max_pages) return done("printout=pages-limit");
    if (PrintoutClock::now() >= deadline) return done("printout=timeout");
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    if (!page) continue;
    const poppler::byte_array utf8 =
        page->text(poppler::rectf(), poppler::page::physical_layout).to_utf8();
    if (!out.text.empty()) out.text.push_back('\n');
    out.text.append(utf8.data(), utf8.size());
    ++out.pages;
  }
  return done(nullptr);
}

}  // namespace sa
