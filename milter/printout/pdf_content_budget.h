// pdf_content_budget.h - what one PDF asks poppler to draw, counted from its decoded streams
// before poppler draws it. Poppler cannot be stopped inside a page, and a few kilobytes make
// pages that take minutes: 200,000 overlapping text runs (text layout is super-linear in
// the words), inline images that declare 46340 x 46340 pixels (read byte by byte even for
// text), Form XObjects that each draw the next one twice (work doubling per level). The
// counter tokenises content the way a PDF reader does (strings, hex strings, comments and
// inline image data skipped) and says when a PDF asks for more than a printout of a web page
// ever does.
#pragma once

#include <cstddef>
#include <string>

namespace sa {

struct ContentBudget {
  std::size_t max_text_operators = 5000;  // Tj, TJ, ' and " in all streams (a web page: ~150)
  std::size_t max_inline_image_pixels = 1000000;  // /W x /H of one inline image
  std::size_t max_form_draws = 16;                // Do operators inside Form XObjects
};

class ContentCounter {
 public:
  explicit ContentCounter(ContentBudget budget = {}) : budget_(budget) {}

  // The next stream's bytes (decoded), in pieces; `form` when its dictionary says
  // /Subtype /Form. Call end_stream() after its last piece.
  void feed(const unsigned char* p, std::size_t n, bool form);
  void end_stream();

  // "" or "printout=pdf-too-complex".
  const std::string& problem() const { return problem_; }

 private:
  void token_end();
  void check(bool over) {
    if (over && problem_.empty()) problem_ = "printout=pdf-too-complex";
  }

  ContentBudget budget_;
  std::string problem_;
  std::string token_;
  bool form_ = false;
  int string_depth_ = 0;  // inside ( ... ), nested
  bool escape_ = false;
  bool hex_ = false;          // inside < ... >
  bool comment_ = false;      // % to the end of the line
  bool inline_dict_ = false;  // between BI and ID
  bool inline_data_ = false;  // between ID and EI
  char last_ = ' ';
  char key_ = 0;  // 'W' or 'H': the inline image key whose value comes next
  std::size_t width_ = 0, height_ = 0;
  std::size_t text_operators_ = 0;
  std::size_t form_draws_ = 0;
};

}  // namespace sa
