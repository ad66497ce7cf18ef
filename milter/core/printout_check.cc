// printout_check.cc - reading the kept attachments and matching their text. Everything about
// bytes (PDF, pixels, bombs, deadlines) is the printout/ library's; this file knows the
// templates, the fields and the verdict.
#include "core/printout_check.h"

#include <re2/re2.h>

#include <algorithm>
#include <utility>

#include "core/mime_tree.h"
#include "core/printout_module.h"
#include "core/text_normalize.h"

namespace sa {
namespace {

constexpr std::size_t kMaxIdBytes = 32;  // as notice_check.cc reports IDs

PrintoutLimits limits_of(const PrintoutSettings& s) {
  PrintoutLimits l;
  l.max_pdf_bytes = s.max_pdf_bytes;
  l.max_pages = s.max_pages;
  l.max_inflated_bytes = s.max_inflated_bytes;
  l.max_image_bytes = s.max_image_bytes;
  l.max_image_pixels = s.max_image_pixels;
  return l;
}

void add_once(std::vector<std::string>& list, const std::string& item) {
  if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(item);
}

std::string trimmed(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\n");
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(" \t\n") - first + 1);
}

std::string capture(const PrintoutTemplate& t, const char* field, const std::string& text) {
  const auto it = t.fields.find(field);
  std::string value;
  if (it == t.fields.end() || !RE2::PartialMatch(text, *it->second, &value)) return "";
  return trimmed(value);
}

int star_of(const Config& config, const std::string& text) {
  for (const auto& rule : config.stars) {
    if (!text.empty() && RE2::PartialMatch(text, *rule.match)) return rule.star;
  }
  return 0;
}

// Characters Tesseract's Japanese model confuses on these pages (measured on the fixtures of
// tests/printout): katakana ニ and the long-vowel mark for the kanji 二 and 一 before つ星,
// and the I of ID lost after 宣言.
std::string undo_ocr_confusions(std::string text) {
  static const std::pair<std::string_view, std::string_view> kFixes[] = {
      {"ニつ星", "二つ星"}, {"ーつ星", "一つ星"}, {"-つ星", "一つ星"}, {"宣言D", "宣言ID"}};
  for (const auto& [from, to] : kFixes) {
    for (std::size_t at = text.find(from); at != std::string::npos;
         at = text.find(from, at + to.size())) {
      text.replace(at, from.size(), to);
    }
  }
  return text;
}

const PrintoutTemplate* claimed(const Config& config, const std::string& text) {
  for (const auto& t : config.printouts.templates) {
    const bool all = std::all_of(t.markers.begin(), t.markers.end(),
                                 [&](const auto& m) { return RE2::PartialMatch(text, *m); });
    if (all) return &t;
  }
  return nullptr;
}

struct Reader {
  const Config& config;
  PrintoutLimits limits;
  PrintoutClock::time_point deadline;
  PrintoutEvidence out;

  void read(const PrintoutPart& part) {
    const bool pdf = part.kind == PrintoutPart::Kind::Pdf;
    const char* too_large = pdf ? "printout=pdf-too-large" : "printout=image-too-large";
    if (part.too_large) {
      add_once(out.problems, too_large);
      return;
    }
    if (PrintoutClock::now() >= deadline) {
      add_once(out.problems, "printout=timeout");
      return;
    }
    std::string scratch;  // a deferred part's content, decoded now (mime_tree.h)
    std::string_view bytes;
    if (!printout_content(part, scratch, bytes)) {
      add_once(out.problems, too_large);
      return;
    }
    const PrintoutReaders* readers = printout_readers();
    if (!readers) {  // sa-triage-printout.so is missing or broken (printout_module.h)
      add_once(out.problems, "printout=reader-unavailable");
      return;
    }
    const PrintoutReading reading = pdf ? readers->pdf_text(bytes, limits, deadline)
                                        : readers->image_text(bytes, limits, deadline);
    CandidateFinding f;
    if (!reading.text.empty()) f = check_printout(reading.text, pdf ? "pdf" : "ocr", config);
    if (!f.claims) {
      // A document that is no printout says nothing; one that could not be read says why.
      if (reading.text.empty()) {
        for (const auto& p : reading.problems) add_once(out.problems, p);
      }
      return;
    }
    for (const auto& p : reading.problems) add_once(f.reasons, p);
    Candidate c;
    c.style = ForwardStyle::Printout;
    c.body = printout_text(reading.text);
    out.candidates.push_back(std::move(c));
    out.findings.push_back(std::move(f));
  }

  void walk(const MessageView& view) {
    for (const auto& part : view.printouts) read(part);
    for (const auto& child : view.attached) walk(child);
  }
};

}  // namespace

void printout_parse_limits(const PrintoutSettings& s, ParseLimits& limits) {
  limits.keep_pdf_bytes = s.pdf ? s.max_pdf_bytes : 0;
  limits.keep_image_bytes = s.ocr ? s.max_image_bytes : 0;
}

std::string printout_text(const std::string& text) {
  const std::string n = normalize_for_matching(text);
  std::string out;
  out.reserve(n.size());
  for (std::size_t i = 0; i < n.size(); ++i) {
    if (n[i] == ' ' || n[i] == '\t') {
      std::size_t j = i;
      while (j < n.size() && (n[j] == ' ' || n[j] == '\t')) ++j;
      const bool between = j - i == 1 && !out.empty() &&
                           (static_cast<unsigned char>(out.back()) & 0x80) && j < n.size() &&
                           (static_cast<unsigned char>(n[j]) & 0x80);
      if (!between) out.append(n, i, j - i);
      i = j - 1;
      continue;
    }
    out.push_back(n[i]);
  }
  return out;
}

CandidateFinding check_printout(const std::string& raw_text, std::string_view source,
                                const Config& config) {
  CandidateFinding f;
  const std::string text =
      source == "ocr" ? undo_ocr_confusions(printout_text(raw_text)) : printout_text(raw_text);
  const PrintoutTemplate* t = claimed(config, text);
  if (!t) return f;
  f.claims = true;
  f.notice = t->name;
  f.reasons = {"forward=printout", "printout-source=" + std::string(source),
               "printout-template=" + t->name};
  bool ok = true;
  f.company = capture(*t, "company", text);
  const std::string star = capture(*t, "star", text);
  f.star = star_of(config, star);
  f.status = capture(*t, "status", text);
  const std::string id = capture(*t, "declaration_id", text);
  const auto shown = [&](const std::string& field) {
    if (field == "company") return !f.company.empty();
    if (field == "star") return f.star != 0;
    if (field == "status") return !f.status.empty();
    return !id.empty();
  };
  for (const std::string& field : t->required) {
    if (!shown(field)) {
      f.reasons.push_back("printout-missing=" + field);
      ok = false;
    }
  }
  if (t->declared && !f.status.empty() && !RE2::PartialMatch(f.status, *t->declared)) {
    f.reasons.push_back("printout-status=not-declared");
    ok = false;
  }
  if (!id.empty()) {
    const bool well_formed = RE2::FullMatch(id, *config.declaration_id_format);
    f.reasons.push_back(well_formed ? "id-format=ok" : "id-format=bad");
    ok = ok && well_formed;
    if (id.size() <= kMaxIdBytes) {
      f.declaration_id = id;
      f.declaration_ids.push_back(id);
    }
  }
  f.reasons.push_back("printout=unverifiable");
  f.verdict = ok ? Verdict::Consistent : Verdict::Suspicious;
  return f;
}

PrintoutEvidence read_printouts(const MessageView& top, const Config& config) {
  const auto budget = std::chrono::milliseconds(config.printouts.time_budget_ms);
  Reader reader{config, limits_of(config.printouts), PrintoutClock::now() + budget, {}};
  reader.walk(top);
  return std::move(reader.out);
}

}  // namespace sa
