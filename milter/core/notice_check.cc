// notice_check.cc - template matching and the consistent/suspicious decision for one
// candidate (see README "Verdicts"). RE2 patterns come compiled from the Config.
#include "core/notice_check.h"

#include <re2/re2.h>

#include <algorithm>

#include "core/forward_layouts.h"
#include "core/sender_domain.h"

namespace sa {
namespace {

bool any_match(const std::vector<Pattern>& patterns, const std::string& text) {
  return std::any_of(patterns.begin(), patterns.end(),
                     [&](const Pattern& p) { return RE2::PartialMatch(text, *p); });
}

bool all_match(const std::vector<Pattern>& patterns, const std::string& text) {
  return std::all_of(patterns.begin(), patterns.end(),
                     [&](const Pattern& p) { return RE2::PartialMatch(text, *p); });
}

std::string first_capture(const FieldRule& rule, const Candidate& c) {
  std::string value;
  const std::string& text = rule.source == FieldRule::Source::Subject ? c.subject : c.body;
  if (!RE2::PartialMatch(text, *rule.pattern, &value)) return "";
  return value;
}

std::vector<std::string> all_captures(const FieldRule& rule, const std::string& text) {
  std::vector<std::string> out;
  re2::StringPiece input(text);
  std::string value;
  while (out.size() < 16 && RE2::FindAndConsume(&input, *rule.pattern, &value)) {
    if (std::find(out.begin(), out.end(), value) == out.end()) out.push_back(value);
  }
  return out;
}

const NoticeTemplate* template_by_subject(const Config& config, const std::string& subject) {
  for (const auto& t : config.notices) {
    if (any_match(t.subjects, subject)) return &t;
  }
  return nullptr;
}

const NoticeTemplate* template_by_body(const Config& config, const std::string& body) {
  for (const auto& t : config.notices) {
    if (!t.body_required.empty() && all_match(t.body_required, body)) return &t;
  }
  return nullptr;
}

int star_of(const Config& config, const std::string& text) {
  for (const auto& rule : config.stars) {
    if (RE2::PartialMatch(text, *rule.match)) return rule.star;
  }
  return 0;
}

void check_sender(const Candidate& c, const Config& config, CandidateFinding& f, bool& ok) {
  const std::string address = address_of(c.from);
  f.from_domain = domain_of(address);
  if (f.from_domain.empty()) {
    f.reasons.push_back("sender-domain=missing");
    ok = false;
    return;
  }
  f.reasons.push_back("sender-domain=" + f.from_domain);
  if (domain_allowed(f.from_domain, config.allowed_domains)) {
    f.reasons.push_back("sender=allowed");
    return;
  }
  f.reasons.push_back("sender=not-allowed");
  if (!imitated_domain(f.from_domain, config.allowed_domains).empty()) {
    f.reasons.push_back("lookalike-domain=" + f.from_domain);
  }
  ok = false;
}

void extract_fields(const NoticeTemplate& t, const Candidate& c, const Config& config,
                    CandidateFinding& f, bool& ok) {
  if (auto it = t.fields.find("star"); it != t.fields.end()) {
    f.star = star_of(config, first_capture(it->second, c));
  }
  if (auto it = t.fields.find("company"); it != t.fields.end()) {
    f.company = first_capture(it->second, c);
  }
  bool ids_ok = true;
  if (auto it = t.fields.find("declaration_id"); it != t.fields.end()) {
    const std::string& text = it->second.source == FieldRule::Source::Subject ? c.subject : c.body;
    f.declaration_ids = all_captures(it->second, text);
    if (f.declaration_ids.empty()) {
      f.reasons.push_back("id=missing");
      ok = false;
    } else {
      f.declaration_id = f.declaration_ids.front();
      if (f.declaration_ids.size() > 1) {
        f.reasons.push_back("id-conflict");
        ok = false;
      }
      for (const auto& id : f.declaration_ids) {
        ids_ok = ids_ok && RE2::FullMatch(id, *config.declaration_id_format);
      }
    }
  }
  if (auto it = t.fields.find("user_number"); it != t.fields.end()) {
    f.user_number = first_capture(it->second, c);
    if (!f.user_number.empty())
      ids_ok = ids_ok && RE2::FullMatch(f.user_number, *config.user_number_format);
  }
  if (!f.declaration_id.empty() || !f.user_number.empty()) {
    f.reasons.push_back(ids_ok ? "id-format=ok" : "id-format=bad");
    ok = ok && ids_ok;
  }
}

}  // namespace

CandidateFinding check_candidate(const Candidate& c, const Config& config) {
  CandidateFinding f;
  bool replied = false;
  config.forward_layouts->strip_prefixes(c.subject, replied);
  const bool subject_claims = c.subject_quoted && !replied;
  const NoticeTemplate* by_subject = template_by_subject(config, c.subject);
  const NoticeTemplate* by_body = template_by_body(config, c.body);
  const bool claim_subject =
      subject_claims && (by_subject || any_match(config.claim_subjects, c.subject));
  f.claims = claim_subject || by_body;
  if (!f.claims) return f;

  bool ok = true;
  f.reasons.push_back(std::string("forward=") + std::string(to_string(c.style)));
  check_sender(c, config, f, ok);

  const NoticeTemplate* t = by_subject ? by_subject : by_body;
  if (by_subject) {
    f.reasons.push_back("subject=" + by_subject->name);
  } else if (!c.subject_quoted) {
    // A reply's quote shows no subject: the body alone is the evidence.
    f.reasons.push_back("subject=not-quoted");
  } else {
    f.reasons.push_back("subject=no-template");
    ok = false;
  }
  if (!t) {
    // Claims by subject alone: say what is missing a reviewer would look for.
    f.reasons.push_back("body=missing-markers");
    f.reasons.push_back(all_match(config.signature_markers, c.body) ? "signature=ok"
                                                                    : "signature=missing");
  } else {
    f.notice = t->name;
    if (all_match(t->body_required, c.body)) {
      f.reasons.push_back("body=" + t->name);
    } else {
      f.reasons.push_back("body=missing-markers");
      ok = false;
    }
    if (t->signature_required) {
      if (all_match(config.signature_markers, c.body)) {
        f.reasons.push_back("signature=ok");
      } else {
        f.reasons.push_back("signature=missing");
        ok = false;
      }
    }
    extract_fields(*t, c, config, f, ok);
  }
  f.verdict = ok ? Verdict::Consistent : Verdict::Suspicious;
  return f;
}

}  // namespace sa
