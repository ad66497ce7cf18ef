// notice_check.cc - template matching and the consistent/suspicious decision for one
// candidate (see README "Verdicts"). RE2 patterns come compiled from the Config.
// IDs are read as whole tokens: where a field pattern's capture stops inside a run of
// letters and digits ("([0-9]+)" on "407329O2623"), the token is taken whole, so a
// malformed ID is reported as written (or not at all), never as a shorter number that
// looks well formed.
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

constexpr std::size_t kMaxIdBytes = 32;

// Whether the UTF-8 character starting at text[i] ends an ID token: white space, ASCII
// punctuation other than '-', general punctuation (U+2000-U+206F, "※") and CJK punctuation
// (U+3000-U+303F except 々〆〇, which stand in for letters or digits).
bool ends_token(const std::string& text, std::size_t i) {
  const auto c = static_cast<unsigned char>(text[i]);
  if (c < 0x80) {
    return !((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
             c == '-');
  }
  if (c != 0xE2 && c != 0xE3) return false;
  if (i + 2 >= text.size()) return true;
  const auto c1 = static_cast<unsigned char>(text[i + 1]);
  const auto c2 = static_cast<unsigned char>(text[i + 2]);
  if (c == 0xE2 && (c1 == 0x80 || c1 == 0x81)) return true;         // U+2000-U+207F
  if (c == 0xE3 && c1 == 0x80) return !(c2 >= 0x85 && c2 <= 0x87);  // U+3000-U+303F
  return false;
}

// The whole token `captured` (a piece of `text`) lies in.
std::string whole_token(const std::string& text, re2::StringPiece captured) {
  const std::size_t begin = static_cast<std::size_t>(captured.data() - text.data());
  std::size_t end = begin + captured.size();
  while (end < text.size() && end - begin <= kMaxIdBytes && !ends_token(text, end)) {
    ++end;
    while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
  }
  return text.substr(begin, end - begin);
}

// The token as it may be reported: ASCII letters, digits and '-' (after NFKC), at most 32
// bytes; "" for anything else (withheld: a reviewer reads the notice itself).
std::string cleaned_id(const std::string& token) {
  if (token.empty() || token.size() > kMaxIdBytes) return "";
  for (unsigned char c : token) {
    const bool ok =
        (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-';
    if (!ok) return "";
  }
  return token;
}

// Every distinct whole token the rule captures in `text` (at most 16).
std::vector<std::string> id_tokens(const FieldRule& rule, const std::string& text) {
  std::vector<std::string> out;
  re2::StringPiece input(text);
  re2::StringPiece value;
  while (out.size() < 16 && RE2::FindAndConsume(&input, *rule.pattern, &value)) {
    std::string token = whole_token(text, value);
    if (std::find(out.begin(), out.end(), token) == out.end()) out.push_back(std::move(token));
  }
  return out;
}

const NoticeTemplate* template_by_subject(const Config& config, const std::string& subject) {
  for (const auto& t : config.notices) {
    if (any_match(t.subjects, subject)) return &t;
  }
  return nullptr;
}

bool mentions_a_title(const Config& config, const std::string& subject) {
  return std::any_of(config.notices.begin(), config.notices.end(), [&](const NoticeTemplate& t) {
    return any_match(t.subject_mentions, subject);
  });
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
  bool any_id = false;
  if (auto it = t.fields.find("declaration_id"); it != t.fields.end()) {
    const std::string& text = it->second.source == FieldRule::Source::Subject ? c.subject : c.body;
    const std::vector<std::string> tokens = id_tokens(it->second, text);
    if (tokens.empty()) {
      f.reasons.push_back("id=missing");
      ok = false;
    } else {
      any_id = true;
      if (tokens.size() > 1) {
        f.reasons.push_back("id-conflict");
        ok = false;
      }
      for (const auto& token : tokens) {
        ids_ok = ids_ok && RE2::FullMatch(token, *config.declaration_id_format);
        std::string id = cleaned_id(token);
        if (!id.empty()) f.declaration_ids.push_back(std::move(id));
      }
      if (!f.declaration_ids.empty()) f.declaration_id = f.declaration_ids.front();
    }
  }
  if (auto it = t.fields.find("user_number"); it != t.fields.end()) {
    const std::string& text = it->second.source == FieldRule::Source::Subject ? c.subject : c.body;
    const std::vector<std::string> tokens = id_tokens(it->second, text);
    if (!tokens.empty()) {
      any_id = true;
      ids_ok = ids_ok && RE2::FullMatch(tokens.front(), *config.user_number_format);
      f.user_number = cleaned_id(tokens.front());
    }
  }
  if (any_id) {
    f.reasons.push_back(ids_ok ? "id-format=ok" : "id-format=bad");
    ok = ok && ids_ok;
  }
}

}  // namespace

CandidateFinding check_candidate(const Candidate& c, const Config& config) {
  CandidateFinding f;
  bool replied = false;
  const std::string bare(config.forward_layouts->strip_prefixes(c.subject, replied));
  const bool subject_claims = c.subject_quoted && !replied;
  const NoticeTemplate* by_subject = template_by_subject(config, c.subject);
  const NoticeTemplate* by_body = template_by_body(config, c.body);
  const bool claim_subject =
      subject_claims && (by_subject || any_match(config.claim_subjects, c.subject));
  f.claims = claim_subject || by_body;
  // Only a mention: a subject that names a notice among other words ("【SECURITY ACTION】
  // 一つ星:自己宣言完了のお知らせ について(質問)") over a body with none of its markers is
  // an applicant's question, not evidence: `none`. A forward that lost its notice keeps
  // the bare title (prefixes aside) and still claims.
  if (f.claims && !by_subject && !by_body && !template_by_subject(config, bare) &&
      mentions_a_title(config, bare)) {
    f.claims = false;
  }
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
    // by_body is the first template whose markers all matched: no need to match them again.
    if (t == by_body || all_match(t->body_required, c.body)) {
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
