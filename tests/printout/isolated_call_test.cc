// isolated_call_test.cc - what poppler does to itself stays in the child (isolated_call.h):
// a page that never ends is killed at the deadline, one that eats memory stops at its
// limit, a crash ends only the child; and hostile PDFs of a few KB that held a worker for
// minutes (the red-team's) now cost at most the printout budget.
#include "printout/isolated_call.h"

#include <signal.h>
#include <unistd.h>
#include <zlib.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstring>
#include <string>
#include <vector>

#include "printout/pdf_text.h"

namespace {

using Clock = sa::PrintoutClock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// A one-page PDF whose content stream (Flate) is `content`; xref left for poppler to rebuild.
std::string pdf_with_content(const std::string& content) {
  uLongf size = compressBound(content.size());
  std::string packed(size, '\0');
  REQUIRE(compress(reinterpret_cast<Bytef*>(packed.data()), &size,
                   reinterpret_cast<const Bytef*>(content.data()), content.size()) == Z_OK);
  packed.resize(size);
  return "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
         "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
         "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
         "/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> "
         ">> >> endobj\n4 0 obj << /Length " +
         std::to_string(packed.size()) + " /Filter /FlateDecode >>\nstream\n" + packed +
         "\nendstream endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
}

}  // namespace

TEST_CASE("the child's result, its end, and what it cannot do to the caller", "[printout]") {
  const auto in = [](int ms) { return Clock::now() + std::chrono::milliseconds(ms); };
  const sa::IsolatedResult done = sa::run_isolated(
      [](int fd) { sa::write_all(fd, "page text", 9); }, in(5000), 64 << 20, 1 << 20);
  CHECK(done.end == sa::IsolatedResult::End::Done);
  CHECK(done.output == "page text");

  auto start = Clock::now();
  const sa::IsolatedResult hung = sa::run_isolated(
      [](int fd) {
        sa::write_all(fd, "first", 5);
        for (;;) pause();
      },
      in(300), 64 << 20, 1 << 20);
  CHECK(hung.end == sa::IsolatedResult::End::Timeout);
  CHECK(hung.output == "first");  // what came before the kill is there
  CHECK(seconds_since(start) < 2.0);

  start = Clock::now();
  const sa::IsolatedResult greedy = sa::run_isolated(
      [](int) {
        std::vector<std::string> hoard;  // 256 MB at most, then it waits
        for (int i = 0; i < 16; ++i) hoard.emplace_back(std::size_t{16} << 20, 'x');
        for (;;) pause();
      },
      in(1500), 64 << 20, 1 << 20);
#if defined(__SANITIZE_ADDRESS__)
  // ASan reserves its heap up front, so the address-space limit cannot see it grow: in that
  // build the deadline is what stops the child.
  CHECK(greedy.end == sa::IsolatedResult::End::Timeout);
#else
  CHECK(greedy.end == sa::IsolatedResult::End::Failed);  // bad_alloc past 64 MB: it died
#endif
  CHECK(seconds_since(start) < 3.0);

  const sa::IsolatedResult crashed =
      sa::run_isolated([](int) { raise(SIGSEGV); }, in(5000), 64 << 20, 1 << 20);
  CHECK(crashed.end == sa::IsolatedResult::End::Failed);

  const sa::IsolatedResult chatty = sa::run_isolated(
      [](int fd) {
        const std::string chunk(64 << 10, 'y');
        while (sa::write_all(fd, chunk.data(), chunk.size())) {
        }
      },
      in(5000), 64 << 20, 1 << 20);
  CHECK(chatty.end == sa::IsolatedResult::End::Failed);
}

TEST_CASE("a page poppler cannot finish costs the printout budget, not the worker",
          "[printout][pdf]") {
  // The red-team's 15 KB mail: 200,000 overlapping text runs on one page ran > 60 s.
  std::string content = "BT /F1 10 Tf 100 100 Td\n";
  for (int i = 0; i < 200000; ++i) content += "(abcdefgh) Tj 0 0 Td\n";
  content += "ET\n";
  sa::PrintoutLimits limits;
  const auto start = Clock::now();
  const sa::PrintoutReading r =
      sa::read_pdf_text(pdf_with_content(content), limits, start + std::chrono::seconds(2));
  CHECK(seconds_since(start) < 4.0);
  CHECK(r.problems == std::vector<std::string>{"printout=timeout"});
  // An ordinary page through the same path.
  const sa::PrintoutReading ok =
      sa::read_pdf_text(pdf_with_content("BT /F1 12 Tf 72 700 Td (SECURITY ACTION) Tj ET\n"),
                        limits, Clock::now() + std::chrono::seconds(5));
  CHECK(ok.problems.empty());
  CHECK(ok.pages == 1);
  CHECK(ok.text.find("SECURITY ACTION") != std::string::npos);
}
