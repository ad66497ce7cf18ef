// printout_templates.h - the printout settings and templates of the configuration: which
// attachments are read (PDF text always unless turned off, OCR of images only when turned
// on), their bounds, and the templates that say what a page of the SECURITY ACTION
// 自己宣言者サイト looks like. The compiled-in templates are config/printout-templates.yaml.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace re2 {
class RE2;
}

namespace sa {

struct PrintoutTemplate {
  std::string name;  // the value of X-SA-Triage-Notice for a page that matches
  std::vector<std::shared_ptr<const re2::RE2>> markers;  // all must match: it claims
  // company, star, status, declaration_id -> pattern with one capture group
  std::map<std::string, std::shared_ptr<const re2::RE2>> fields;
  std::vector<std::string> required;         // fields the page must show
  std::shared_ptr<const re2::RE2> declared;  // what status must say; null: anything
};

struct PrintoutSettings {
  bool pdf = true;   // read the text of PDF attachments
  bool ocr = false;  // OCR PNG and JPEG attachments (Tesseract; slow, so opt-in)
  std::size_t max_pdf_bytes = 10u * 1024u * 1024u;
  int max_pages = 4;
  std::size_t max_inflated_bytes = 16u * 1024u * 1024u;
  std::size_t max_image_bytes = 10u * 1024u * 1024u;
  std::size_t max_image_pixels = 20'000'000;
  unsigned time_budget_ms = 4000;           // all printouts of one message; below milter.timeout_ms
  std::vector<PrintoutTemplate> templates;  // never empty after load unless builtin is off
};

}  // namespace sa
