// pdf_content_budget_test.cc - pages poppler would take minutes over are refused before it
// starts (pdf_content_budget.h): many text runs, huge inline images, Form XObjects that draw
// each other twice; text that only looks like operators (in strings, comments, image data)
// is not counted, and a printout of the declarer site is nowhere near the limits.
#include "printout/pdf_content_budget.h"

#include <zlib.h>

#include <catch2/catch.hpp>
#include <string>

#include "printout/pdf_stream_guard.h"

namespace {

std::string count(const std::string& content, bool form = false, std::size_t piece = 7) {
  sa::ContentCounter counter({/*text*/ 10, /*pixels*/ 10000, /*form draws*/ 4});
  // Fed in small pieces: tokens, strings and dictionaries cut between calls.
  for (std::size_t at = 0; at < content.size(); at += piece) {
    const std::string part = content.substr(at, piece);
    counter.feed(reinterpret_cast<const unsigned char*>(part.data()), part.size(), form);
  }
  counter.end_stream();
  return counter.problem();
}

std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

std::string deflated(const std::string& text) {
  uLongf size = compressBound(text.size());
  std::string out(size, '\0');
  REQUIRE(compress(reinterpret_cast<Bytef*>(out.data()), &size,
                   reinterpret_cast<const Bytef*>(text.data()), text.size()) == Z_OK);
  out.resize(size);
  return out;
}

}  // namespace

TEST_CASE("text operators, inline images and form draws are counted as poppler sees them",
          "[printout][pdf]") {
  CHECK(count("BT " + repeat("(abc) Tj ", 10) + "ET").empty());
  CHECK(count("BT " + repeat("(abc) Tj ", 11) + "ET") == "printout=pdf-too-complex");
  CHECK(count(repeat("[(a) 10 (b)] TJ (c) ' 1 2 (d) \" ", 4)) == "printout=pdf-too-complex");
  // Operators inside strings, hex strings, comments and dictionaries are text, not drawing.
  CHECK(count(repeat("(Tj TJ \\(Tj\\) (nested Tj)) <546a> % Tj Tj Tj\n<< /Tj 1 >> ", 20)).empty());
  // Inline images: the declared size, then the binary data skipped to EI.
  CHECK(count("BI /W 100 /H 100 /BPC 8 /CS /G ID \x01(Tj\xff EI Q").empty());
  CHECK(count("BI /Width 101 /Height 100 /BPC 8 ID xx EI") == "printout=pdf-too-complex");
  // Do counts only inside Form XObjects (a page draws its images with Do).
  CHECK(count(repeat("/Im1 Do ", 50)).empty());
  CHECK(count(repeat("/X1 Do ", 5), true) == "printout=pdf-too-complex");
}

TEST_CASE("the stream guard refuses pages that would never end, whole PDFs in bounded time",
          "[printout][pdf]") {
  // The red-team's 15 KB mail: 200,000 overlapping text runs on one page (> 60 s in poppler).
  const std::string runs =
      deflated("BT /F1 10 Tf 100 100 Td\n" + repeat("(abcdefgh) Tj 0 0 Td\n", 200000) + "ET\n");
  const std::string pdf = "%PDF-1.4\n4 0 obj << /Length " + std::to_string(runs.size()) +
                          " /Filter /FlateDecode >>\nstream\n" + runs + "\nendstream endobj\n";
  CHECK(sa::pdf_stream_problem(pdf, 16 << 20) == "printout=pdf-too-complex");
  // The same uncompressed.
  const std::string plain = "%PDF-1.4\n4 0 obj << /Length 9 >>\nstream\n" +
                            repeat("(a) Tj ", 6000) + "\nendstream endobj\n";
  CHECK(sa::pdf_stream_problem(plain, 16 << 20) == "printout=pdf-too-complex");
  // Form XObjects drawing the next one twice, 20 levels (2^20 draws from 7 KB).
  std::string forms = "%PDF-1.4\n";
  for (int i = 0; i < 20; ++i) {
    const std::string body =
        "/X" + std::to_string(i + 1) + " Do /X" + std::to_string(i + 1) + " Do";
    forms += std::to_string(10 + i) + " 0 obj << /Type /XObject /Subtype /Form /Length " +
             std::to_string(body.size()) + " >>\nstream\n" + body + "\nendstream endobj\n";
  }
  CHECK(sa::pdf_stream_problem(forms, 16 << 20) == "printout=pdf-too-complex");
}
