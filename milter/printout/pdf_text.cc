// pdf_text.cc - poppler-cpp over the bytes of one PDF, after pdf_stream_guard has measured
// them. Poppler's own messages to stderr are silenced once for the process, and one empty
// document is kept open for the process's life: poppler-cpp builds its global state (the
// CMap and CID-to-Unicode tables of poppler-data, with their caches) while any document
// exists and drops it with the last one, so without it every printout read those tables
// from disk again (~4 ms of a ~4.5 ms Japanese printout). Likewise two iconv descriptors
// for the conversions poppler-cpp opens around every page's text (UTF-8 <-> UTF-16LE) stay
// open: glibc unloads a gconv module nobody holds after three other releases (GMime closes
// one per decoded header), so without them every page dlopen()ed UTF-16.so again (about
// a quarter of a printout's time, see docs/performance.md).
#include "printout/pdf_text.h"

#include <iconv.h>
#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include <climits>
#include <memory>
#include <mutex>

#include "printout/pdf_stream_guard.h"

namespace sa {
namespace {

// The smallest valid PDF: one empty page; its bytes must outlive the document (not copied).
constexpr char kEmptyPdf[] =
    "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
    "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>\nendobj\n"
    "xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n"
    "0000000115 00000 n \ntrailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n184\n%%EOF\n";

}  // namespace

// Kept for the process's life and never freed (no destruction at exit while a worker may
// still be reading a PDF): it holds poppler's global state, see the top of this file.
// External linkage, so that the pointer is stored and the leak checker sees it reachable.
poppler::document* g_poppler_keeper = nullptr;
iconv_t g_utf16_keepers[2] = {};

namespace {

void prepare_poppler() {
  static std::once_flag once;
  std::call_once(once, [] {
    poppler::set_debug_error_function([](const std::string&, void*) {}, nullptr);
    // poppler::ustring::from_utf8 and to_utf8 (poppler-cpp's MiniIconv); a failed open
    // (-1) only means no module to keep.
    g_utf16_keepers[0] = iconv_open("UTF-16LE", "UTF-8");
    g_utf16_keepers[1] = iconv_open("UTF-8", "UTF-16LE");
    g_poppler_keeper =
        poppler::document::load_from_raw_data(kEmptyPdf, static_cast<int>(sizeof kEmptyPdf - 1));
  });
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
  prepare_poppler();
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
