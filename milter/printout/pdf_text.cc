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
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>

#include "printout/isolated_call.h"
#include "printout/pdf_stream_guard.h"

namespace sa {
namespace {

// What the child reading the pages may map beyond the milter's own size.
constexpr std::size_t kReaderMemory = std::size_t{512} << 20;

// The smallest valid PDF: one empty page; its bytes must outlive the document (not copied).
constexpr char kEmptyPdf[] =
    "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
    "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>\nendobj\n"
    "xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n"
    "0000000115 00000 n \ntrailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n184\n%%EOF\n";

// A one-page PDF showing あ in HeiseiKakuGo-W5 (UniJIS-UCS2-H, Adobe-Japan1, not embedded),
// its xref offsets computed.
std::string japanese_text_pdf() {
  const char* objects[] = {
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] /Contents 4 0 R "
      "/Resources << /Font << /F1 5 0 R >> >> >>",
      "<< /Length 29 >>\nstream\nBT /F1 12 Tf 10 50 Td <3042> Tj ET\nendstream",
      "<< /Type /Font /Subtype /Type0 /BaseFont /HeiseiKakuGo-W5 /Encoding /UniJIS-UCS2-H "
      "/DescendantFonts [6 0 R] >>",
      "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /HeiseiKakuGo-W5 /CIDSystemInfo "
      "<< /Registry (Adobe) /Ordering (Japan1) /Supplement 2 >> /FontDescriptor 7 0 R >>",
      "<< /Type /FontDescriptor /FontName /HeiseiKakuGo-W5 /Flags 4 /FontBBox [0 -141 1000 "
      "859] /ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 769 /StemV 69 >>"};
  std::string pdf = "%PDF-1.4\n";
  std::string xref = "xref\n0 8\n0000000000 65535 f \n";
  int n = 1;
  for (const char* object : objects) {
    char entry[24];
    std::snprintf(entry, sizeof entry, "%010zu 00000 n \n", pdf.size());
    xref += entry;
    pdf += std::to_string(n++) + " 0 obj\n" + object + "\nendobj\n";
  }
  const std::size_t at = pdf.size();
  return pdf + xref + "trailer\n<< /Size 8 /Root 1 0 R >>\nstartxref\n" + std::to_string(at) +
         "\n%%EOF\n";
}

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
    // The pages are read in child processes, which lose what they load: the Japanese CMap
    // and CID-to-Unicode tables (poppler-data, ~4 ms from disk) are loaded here once, by
    // reading a page set in a non-embedded Adobe-Japan1 font, and every child inherits them.
    const std::string warm = japanese_text_pdf();
    std::unique_ptr<poppler::document> doc(
        poppler::document::load_from_raw_data(warm.data(), static_cast<int>(warm.size())));
    if (doc && doc->pages() > 0) {
      std::unique_ptr<poppler::page> page(doc->create_page(0));
      if (page) page->text(poppler::rectf(), poppler::page::physical_layout);
    }
  });
}

}  // namespace

namespace {

// The child's records on the pipe: a kind byte, a 64-bit length, that many bytes.
enum Record : char {
  kPage = 'P',         // one page's text, UTF-16 (poppler::ustring's code units)
  kUnreadable = 'U',   // poppler could not open it, or it has no pages
  kEncrypted = 'E',    // encrypted or locked
  kPagesLimit = 'L',   // printouts.max_pages reached
  kPageTimeout = 'T',  // the deadline passed between pages
  kDone = 'D',
};

bool put(int fd, Record kind, const void* bytes = nullptr, std::uint64_t size = 0) {
  char head[9];
  head[0] = kind;
  std::memcpy(head + 1, &size, sizeof size);
  return write_all(fd, head, sizeof head) && (size == 0 || write_all(fd, bytes, size));
}

// In the child: poppler over the bytes, every page's text to `fd`.
void read_pages(int fd, std::string_view pdf, const PrintoutLimits& limits,
                PrintoutClock::time_point deadline) {
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(pdf.data(), static_cast<int>(pdf.size())));
  if (!doc) {
    put(fd, kUnreadable);
    return;
  }
  if (doc->is_encrypted() || doc->is_locked()) {
    put(fd, kEncrypted);
    return;
  }
  const int pages = doc->pages();
  if (pages <= 0) {
    put(fd, kUnreadable);
    return;
  }
  for (int i = 0; i < pages; ++i) {
    if (i >= limits.max_pages) {
      put(fd, kPagesLimit);
      return;
    }
    if (PrintoutClock::now() >= deadline) {
      put(fd, kPageTimeout);
      return;
    }
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    if (!page) continue;
    const poppler::ustring text = page->text(poppler::rectf(), poppler::page::physical_layout);
    if (!put(fd, kPage, text.data(), text.size() * sizeof(text[0]))) return;
  }
  put(fd, kDone);
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
  if (PrintoutClock::now() >= deadline) return done("printout=timeout");
  prepare_poppler();  // before the fork: the child inherits poppler's tables already loaded
  // poppler cannot be stopped inside a page, and some pages never end (isolated_call.h): the
  // pages are read in a child process, killed at the deadline, its memory bounded.
  const IsolatedResult child =
      run_isolated([&](int fd) { read_pages(fd, pdf, limits, deadline); }, deadline, kReaderMemory,
                   limits.max_inflated_bytes * 4 + (1 << 20));
  // The records that arrived, also from a child that did not finish: its pages so far count.
  const std::string& bytes = child.output;
  bool finished = false;
  for (std::size_t at = 0; at + 9 <= bytes.size();) {
    const char kind = bytes[at];
    std::uint64_t size = 0;
    std::memcpy(&size, bytes.data() + at + 1, sizeof size);
    if (size > bytes.size() - at - 9) break;  // cut short by the kill
    const char* payload = bytes.data() + at + 9;
    at += 9 + size;
    switch (kind) {
      case kPage: {
        poppler::ustring text(size / 2, 0);
        std::memcpy(text.data(), payload, text.size() * 2);
        const poppler::byte_array utf8 = text.to_utf8();
        if (!out.text.empty()) out.text.push_back('\n');
        out.text.append(utf8.data(), utf8.size());
        ++out.pages;
        break;
      }
      case kUnreadable:
        return done("printout=pdf-unreadable");
      case kEncrypted:
        return done("printout=pdf-encrypted");
      case kPagesLimit:
        return done("printout=pages-limit");
      case kPageTimeout:
        return done("printout=timeout");
      case kDone:
        finished = true;
        break;
      default:
        break;
    }
  }
  if (child.end == IsolatedResult::End::Timeout) return done("printout=timeout");
  if (!finished || child.end != IsolatedResult::End::Done) {
    // It crashed, ran out of its memory, or wrote too much: what poppler does with this PDF
    // is nothing to rely on.
    return done("printout=pdf-reader-failed");
  }
  return done(nullptr);
}

}  // namespace sa
