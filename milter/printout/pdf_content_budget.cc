// pdf_content_budget.cc - the content tokeniser and its counts (pdf_content_budget.h).
#include "printout/pdf_content_budget.h"

#include <cstdlib>

namespace sa {
namespace {

bool white(unsigned char c) {
  return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}
bool delimiter(unsigned char c) {
  return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' ||
         c == '}' || c == '/' || c == '%';
}

}  // namespace

void ContentCounter::token_end() {
  if (token_.empty()) return;
  const std::string t = std::move(token_);
  token_.clear();
  if (inline_dict_) {
    if (t == "/W" || t == "/Width") {
      key_ = 'W';
    } else if (t == "/H" || t == "/Height") {
      key_ = 'H';
    } else if (t == "ID") {
      inline_dict_ = false;
      inline_data_ = true;
      check(height_ > 0 && width_ > budget_.max_inline_image_pixels / height_);
    } else {
      if (key_ != 0 && !t.empty() && t[0] >= '0' && t[0] <= '9') {
        const std::size_t v = std::strtoull(t.c_str(), nullptr, 10);
        (key_ == 'W' ? width_ : height_) = v;
      }
      key_ = 0;
    }
    return;
  }
  if (t == "Tj" || t == "TJ" || t == "'" || t == "\"") {
    check(++text_operators_ > budget_.max_text_operators);
  } else if (t == "Do") {
    if (form_) check(++form_draws_ > budget_.max_form_draws);
  } else if (t == "BI") {
    inline_dict_ = true;
    key_ = 0;
    width_ = height_ = 0;
  }
}

void ContentCounter::feed(const unsigned char* p, std::size_t n, bool form) {
  form_ = form;
  for (std::size_t i = 0; i < n && problem_.empty(); ++i) {
    const unsigned char c = p[i];
    if (inline_data_) {  // binary image data: up to " EI"
      if (last_ == 'E' && c == 'I') {
        inline_data_ = false;
        last_ = ' ';
        continue;
      }
      last_ = (c == 'E' && white(static_cast<unsigned char>(last_))) ? 'E' : white(c) ? ' ' : 'x';
      continue;
    }
    if (comment_) {
      comment_ = c != '\n' && c != '\r';
      continue;
    }
    if (string_depth_ > 0) {
      if (escape_) {
        escape_ = false;
      } else if (c == '\\') {
        escape_ = true;
      } else if (c == '(') {
        ++string_depth_;
      } else if (c == ')') {
        --string_depth_;
      }
      continue;
    }
    if (hex_) {
      hex_ = c != '>';
      continue;
    }
    if (white(c)) {
      token_end();
      last_ = ' ';
      continue;
    }
    if (delimiter(c)) {
      token_end();
      if (c == '(') string_depth_ = 1;
      if (c == '%') comment_ = true;
      if (c == '<' && i + 1 < n && p[i + 1] == '<') {
        ++i;  // a dictionary, not a hex string
      } else if (c == '<') {
        hex_ = true;
      }
      if (c == '/') token_.push_back('/');
      continue;
    }
    if (token_.size() < 32) token_.push_back(static_cast<char>(c));
  }
}

void ContentCounter::end_stream() {
  token_end();
  string_depth_ = 0;
  escape_ = hex_ = comment_ = inline_dict_ = inline_data_ = false;
  last_ = ' ';
}

}  // namespace sa
