// engine.cc - inspect one message: parse it, gather the candidate originals (attached,
// inline, the message itself - or a winmail.dat carrying it), judge each, authenticate the
// best, read printouts when no notice is consistent, and plan the edits.
// Every failure of bad mail becomes Verdict::Error with a reason; nothing throws out.
#include "core/engine.h"

#include <glib.h>
#include <re2/re2.h>

#include <algorithm>
#include <ctime>
#include <exception>
#include <list>
#include <new>

#include "core/ascii.h"
#include "core/charset.h"
#include "core/edit_planner.h"
#include "core/forward_inline.h"
#include "core/grant_requirement.h"
#include "core/header_section.h"
#include "core/header_value.h"
#include "core/mime_tree.h"
#include "core/notice_check.h"
#include "core/notice_pair.h"
#include "core/original_reading.h"
#include "core/printout_check.h"
#include "core/privacy.h"
#include "core/sender_domain.h"
#include "core/text_normalize.h"

namespace sa {
namespace {

constexpr std::size_t kMaxCandidates = 64;

int rank(Verdict v) {
  switch (v) {
    case Verdict::Verified:
      return 3;
    case Verdict::Consistent:
      return 2;
    case Verdict::Suspicious:
      return 1;
    default:
      return 0;
  }
}

bool is_resent(const MessageView& m) {
  for (const auto& h : m.headers) {
    if (h.name.size() > 7 && ascii_istarts_with(h.name, "Resent-")) return true;
  }
  return false;
}

// `body` is m.text already normalised (each text is normalised once per message).
Candidate from_message(const MessageView& m, ForwardStyle style, std::string body) {
  Candidate c;
  c.style = style;
  c.from = normalize_for_matching(m.header_value("From"));
  c.subject = normalize_for_matching(m.header_value("Subject"));
  c.date = normalize_for_matching(m.header_value("Date"));
  c.body = std::move(body);
  c.message = &m;
  return c;
}

// Originals pasted inline in `text` (the normalised text of one message whose decoded
// subject is `subject`: a reply's quote shows none, and takes this one).
void gather_inline(const std::string& text, std::string_view subject, const Config& cfg,
                   std::vector<Candidate>& out, std::size_t limit) {
  for (auto& o : find_inline_originals(text, *cfg.forward_layouts, subject)) {
    if (out.size() >= limit) return;
    Candidate c;
    c.style = ForwardStyle::Inline;
    c.from = std::move(o.from);
    c.subject = std::move(o.subject);
    c.subject_quoted = o.subject_quoted;
    c.date = std::move(o.date);
    c.body = std::move(o.body);
    out.push_back(std::move(c));
  }
}

ForwardStyle attached_style(const MessageView& a) {
  return a.container == Container::OutlookMsg ? ForwardStyle::AttachmentMsg
                                              : ForwardStyle::Attachment;
}

// Attached originals depth first, each followed by what is pasted inline in it. A
// winmail.dat carries the message itself, not an original: what it holds is gathered, and
// the TNEF goes to `wrappers`, a candidate only like the message itself (see examine).
void gather_attached(const MessageView& m, const Config& cfg, std::vector<Candidate>& out,
                     std::size_t limit, std::vector<const MessageView*>& wrappers) {
  for (const auto& a : m.attached) {
    if (out.size() >= limit) return;
    if (a.container == Container::Tnef) {
      wrappers.push_back(&a);
      gather_attached(a, cfg, out, limit, wrappers);
      gather_inline(normalize_for_matching(a.text), a.header_value("Subject"), cfg, out, limit);
      continue;
    }
    out.push_back(from_message(a, attached_style(a), normalize_for_matching(a.text)));
    const std::string text = out.back().body;
    gather_attached(a, cfg, out, limit, wrappers);
    gather_inline(text, a.header_value("Subject"), cfg, out, limit);
  }
}

bool from_container(const Candidate& c) {
  return c.message && c.message->container != Container::None;
}

void authenticate(const OriginalAuthenticator& auth, const Candidate& c, CandidateFinding& f,
                  std::string& auth_header) {
  if (!c.message || from_container(c) || f.verdict == Verdict::None) return;
  const bool outer = c.style == ForwardStyle::Direct || c.style == ForwardStyle::Redirect;
  AuthResult r = auth.authenticate(*c.message, f.from_domain, outer);
  for (auto& reason : r.reasons) f.reasons.push_back(std::move(reason));
  auth_header = r.header;
  if (r.status == AuthResult::Status::Pass && f.verdict == Verdict::Consistent) {
    f.verdict = Verdict::Verified;
  } else if (r.status == AuthResult::Status::Fail || r.status == AuthResult::Status::Partial) {
    f.verdict = Verdict::Suspicious;
  }
}

void withhold_fields(CandidateFinding& f) {
  f.star = 0;
  f.declaration_id.clear();
  f.declaration_ids.clear();
  f.user_number.clear();
  f.company.clear();
}

void add_reasons(CandidateFinding& f, std::vector<std::string> reasons) {
  for (auto& r : reasons) {
    if (std::find(f.reasons.begin(), f.reasons.end(), r) == f.reasons.end()) {
      f.reasons.push_back(std::move(r));
    }
  }
}

// An original that a strict reading of its bytes finds ambiguous (original_reading.h), or
// whose From it reads differently, is never verified: two readers of one message would see
// two messages, and an attacker chooses which one we believe. Its star, IDs and company are
// withheld too: whichever reading they came from may be the attacker's, and a forged
// 自己宣言ID must not reach the headers or the ledger.
void refuse_ambiguity(const Candidate& c, CandidateFinding& f) {
  if (!c.message || !f.claims) return;
  StrictFindings strict = read_original_strictly(*c.message);
  const std::string read = address_of(c.from);
  if (!strict.from_address.empty() && !read.empty() && read != strict.from_address) {
    strict.ambiguities.emplace_back("ambiguous=from-address");
  }
  if (strict.ambiguities.empty()) return;
  add_reasons(f, std::move(strict.ambiguities));
  f.verdict = Verdict::Suspicious;
  withhold_fields(f);
}

// A verified original's fields must come from exactly the bytes its signature covers: an
// original GMime parsed inside its parent is judged again from a standalone parse of those
// bytes, and must say the same; and the applicant's message around it must be unambiguous
// (enclosing_ambiguities). Otherwise it is refused like any other ambiguity.
void confirm_from_signed_bytes(Candidate& c, CandidateFinding& f, const MessageView& top,
                               const Config& cfg, std::list<MessageView>& store) {
  if (f.verdict != Verdict::Verified || !c.message) return;
  std::vector<std::string> refused;
  if (c.message != &top) refused = enclosing_ambiguities(top);
  if (refused.empty() && !c.message->standalone) {
    const MessageView& own =
        standalone_view(*c.message, ParseLimits{cfg.max_depth, cfg.max_parts}, store);
    Candidate again = from_message(own, c.style, normalize_for_matching(own.text));
    CandidateFinding judged = check_candidate(again, cfg);
    const bool same = judged.claims && judged.verdict == Verdict::Consistent &&
                      judged.notice == f.notice && judged.star == f.star &&
                      judged.declaration_ids == f.declaration_ids &&
                      judged.user_number == f.user_number && judged.company == f.company &&
                      again.from == c.from && again.subject == c.subject && again.date == c.date;
    if (same) {
      c = std::move(again);
    } else {
      refused.emplace_back("ambiguous=mime-structure");
    }
  }
  // A relaxed body signature does not cover white space: the bytes with their body in that
  // form must give the same notice (relaxed_body.h). The company may differ only in the
  // white space the form collapses.
  if (refused.empty()) {
    if (const MessageView* relaxed =
            relaxed_view(*c.message, ParseLimits{cfg.max_depth, cfg.max_parts}, store)) {
      Candidate other = from_message(*relaxed, c.style, normalize_for_matching(relaxed->text));
      CandidateFinding judged = check_candidate(other, cfg);
      const bool same =
          judged.claims && judged.verdict == Verdict::Consistent && judged.notice == f.notice &&
          judged.star == f.star && judged.declaration_ids == f.declaration_ids &&
          judged.user_number == f.user_number &&
          clean_header_text(judged.company, 4096) == clean_header_text(f.company, 4096);
      if (!same) refused.emplace_back("ambiguous=relaxed-body");
    }
  }
  if (refused.empty()) return;
  add_reasons(f, std::move(refused));
  f.verdict = Verdict::Suspicious;
  withhold_fields(f);
}

// Whether the message's own Subject claims a notice (claim_subjects or a template's
// subject): the cheap look at mail out of scope, which is never judged.
bool subject_claims_notice(std::string_view raw, const Config& cfg) {
  if (const auto value = first_header_value(raw, "Subject")) {
    const std::string subject = normalize_for_matching(decode_rfc2047(*value));
    const auto hit = [&](const Pattern& p) { return p && RE2::PartialMatch(subject, *p); };
    if (std::any_of(cfg.claim_subjects.begin(), cfg.claim_subjects.end(), hit)) return true;
    return std::any_of(cfg.notices.begin(), cfg.notices.end(), [&](const NoticeTemplate& t) {
      return std::any_of(t.subjects.begin(), t.subjects.end(), hit);
    });
  }
  return false;
}

// An original read from an Outlook container (.msg, winmail.dat) has no MIME bytes of its
// own: nothing can prove it, so it is never authenticated and stays `consistent` at most
// (container=unverifiable). Where the container itself says two things - its properties
// and its transport headers - it is refused like any other ambiguity.
void hold_container(const Candidate& c, CandidateFinding& f) {
  if (!f.claims) return;
  add_reasons(f, {"container=unverifiable"});
  std::vector<std::string> ambiguities;
  for (const auto& p : c.message->problems) {
    if (p.rfind("ambiguous=", 0) == 0) ambiguities.push_back(p);
  }
  if (ambiguities.empty()) return;
  add_reasons(f, std::move(ambiguities));
  f.verdict = Verdict::Suspicious;
  withhold_fields(f);
}

Evidence error_evidence(std::string reason) {
  Evidence ev;
  ev.verdict = Verdict::Error;
  ev.reasons.push_back(std::move(reason));
  return ev;
}

std::string safe_reason(const char* prefix, const char* what) {
  return std::string(prefix) + clean_header_text(what, 80);
}

}  // namespace

Engine::Engine(std::shared_ptr<const Config> config,
               std::shared_ptr<const OriginalAuthenticator> auth,
               std::shared_ptr<EvidenceLedger> ledger)
    : config_(std::move(config)),
      auth_(std::move(auth)),
      ledger_(std::move(ledger)),
      zone_(TimeZone::find(config_->ledger_time_zone)) {
  mime_init();
}

Evidence Engine::examine(std::string_view raw) const {
  const Config& cfg = *config_;
  if (raw.size() > cfg.max_message_bytes) return error_evidence("too-large");
  if (raw.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return error_evidence("empty-message");
  }
  try {
    ParseLimits limits{cfg.max_depth, cfg.max_parts};
    printout_parse_limits(cfg.printouts, limits);
    // `raw` outlives the view (printouts are read below), so PDFs and images stay undecoded
    // views into it until then, and most messages never decode them.
    limits.defer_printouts = true;
    // The top view's bytes are copied only when the message itself is a candidate or an
    // original verified (enclosing_ambiguities reads them).
    MessageView top = parse_message(raw, limits, RawCopy::Later);
    auto top_raw = [&] {
      if (top.raw.empty()) top.raw.assign(raw);
    };
    for (const auto& p : top.problems) {
      // Not read at all: no message, or one past what GMime may build (structure_budget.h).
      if (p == "not-a-message" || p == "too-many-parts" || p == "too-many-headers") {
        return error_evidence(p);
      }
    }
    std::vector<Candidate> candidates;
    std::vector<const MessageView*> wrappers;  // winmail.dat carrying the message
    const std::string top_text = normalize_for_matching(top.text);
    gather_attached(top, cfg, candidates, kMaxCandidates, wrappers);
    gather_inline(top_text, top.header_value("Subject"), cfg, candidates, kMaxCandidates);
    std::vector<CandidateFinding> findings;
    std::list<MessageView> reparsed;  // see confirm_from_signed_bytes
    std::size_t claims = 0;
    for (const auto& c : candidates) {
      findings.push_back(check_candidate(c, cfg));
      claims += findings.back().claims ? 1 : 0;
    }
    if (claims == 0) {
      top_raw();  // the message itself is the candidate: its strict reading needs the bytes
      candidates.push_back(from_message(
          top, is_resent(top) ? ForwardStyle::Redirect : ForwardStyle::Direct, top_text));
      findings.push_back(check_candidate(candidates.back(), cfg));
      for (const MessageView* w : wrappers) {
        candidates.push_back(from_message(*w, ForwardStyle::Tnef, normalize_for_matching(w->text)));
        findings.push_back(check_candidate(candidates.back(), cfg));
      }
    }
    // Judge, authenticate, and keep the best (ties: the first found).
    std::ptrdiff_t best = -1;
    std::string best_auth;
    std::vector<std::string> ids;
    const auto judge = [&](std::size_t first) {
      for (std::size_t i = first; i < findings.size(); ++i) {
        CandidateFinding& f = findings[i];
        if (!f.claims) continue;
        const bool contained = from_container(candidates[i]);
        if (contained) {
          hold_container(candidates[i], f);
        } else {
          refuse_ambiguity(candidates[i], f);
        }
        for (const auto& id : f.declaration_ids) {
          if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
        }
        std::string auth_header;
        if (auth_ && !contained) authenticate(*auth_, candidates[i], f, auth_header);
        if (f.verdict == Verdict::Verified) top_raw();  // enclosing_ambiguities reads it
        if (!contained) confirm_from_signed_bytes(candidates[i], f, top, cfg, reparsed);
        if (best < 0 || rank(f.verdict) > rank(findings[best].verdict)) {
          best = static_cast<std::ptrdiff_t>(i);
          best_auth = auth_header;
        }
      }
    };
    judge(0);
    // Printouts (printout_check.h) are read only when no notice is consistent or verified:
    // a printout is consistent at most, and a tie goes to what was found first.
    std::vector<std::string> printout_problems;
    if (best < 0 || rank(findings[best].verdict) < rank(Verdict::Consistent)) {
      PrintoutEvidence printouts = read_printouts(top, cfg);
      const std::size_t first = candidates.size();
      for (auto& c : printouts.candidates) candidates.push_back(std::move(c));
      for (auto& f : printouts.findings) findings.push_back(std::move(f));
      printout_problems = std::move(printouts.problems);
      judge(first);
    }
    Evidence ev;
    if (best < 0) {
      ev.reasons.push_back("no-notice");
      for (const auto& p : top.problems) ev.reasons.push_back(p);
      for (auto& p : printout_problems) ev.reasons.push_back(std::move(p));
      return ev;
    }
    CandidateFinding& f = findings[best];
    const Candidate& c = candidates[best];
    if (ids.size() > 1 &&
        std::find(f.reasons.begin(), f.reasons.end(), "id-conflict") == f.reasons.end()) {
      f.reasons.push_back("id-conflict");
      if (f.verdict != Verdict::Suspicious) f.verdict = Verdict::Suspicious;
    }
    ev.verdict = f.verdict;
    ev.reasons = std::move(f.reasons);
    for (const auto& p : top.problems) ev.reasons.push_back(p);
    if (c.message && c.message != &top) {
      for (const auto& p : c.message->problems) {
        if (std::find(ev.reasons.begin(), ev.reasons.end(), p) == ev.reasons.end()) {
          ev.reasons.push_back(p);
        }
      }
    }
    for (auto& p : printout_problems) {
      if (std::find(ev.reasons.begin(), ev.reasons.end(), p) == ev.reasons.end()) {
        ev.reasons.push_back(std::move(p));
      }
    }
    if (ev.verdict == Verdict::Verified && c.message) ev.verified_original = c.message->raw;
    ev.notice = f.notice;
    ev.star = f.star;
    ev.declaration_id = f.declaration_id;
    ev.user_number = f.user_number;
    // Free text goes to headers, the log and the ledger: no 利用者番号 in it (privacy.h).
    ev.company = mask_user_numbers_in(f.company, f.user_number);
    ev.printout_status = mask_user_numbers_in(f.status, f.user_number);
    ev.original_from = mask_user_numbers_in(c.from, f.user_number);
    ev.original_subject = mask_user_numbers_in(c.subject, f.user_number);
    ev.original_date = c.date;
    ev.forward = c.style;
    ev.auth = best_auth;
    return ev;
  } catch (const std::bad_alloc&) {
    return error_evidence("engine-error=out-of-memory");
  } catch (const std::exception& e) {
    return error_evidence(safe_reason("engine-error=", e.what()));
  }
}

LedgerEntry Engine::ledger_entry(std::string_view raw, const Envelope& envelope,
                                 const Evidence& ev) const {
  LedgerEntry entry;
  entry.time = std::time(nullptr);
  entry.queue_id = clean_header_text(envelope.queue_id, 64);
  entry.envelope_sender = clean_header_text(envelope.sender, 254);
  std::string from;
  bool have_id = false, have_from = false;
  visit_raw_headers(raw, [&](std::string_view name, std::string_view value) {
    if (!have_id && ascii_iequals(name, "Message-ID")) {
      entry.message_id = clean_header_text(unfolded_value(value), 254);
      have_id = true;
    } else if (!have_from && ascii_iequals(name, "From")) {
      from = decode_rfc2047(unfolded_value(value));
      have_from = true;
    }
    return !(have_id && have_from);
  });
  entry.applicant_domain = domain_of(address_of(entry.envelope_sender));
  if (entry.applicant_domain.empty()) entry.applicant_domain = domain_of(address_of(from));
  entry.declaration_id = ev.declaration_id;
  entry.notice = ev.notice;
  entry.star = ev.star;
  entry.verdict = ev.verdict;
  entry.company = clean_header_text(ev.company, 200);
  entry.forward = ev.forward;
  entry.auth = clean_header_text(ev.auth, 300);
  entry.applicant_key = applicant_key(entry.applicant_domain, entry.company);
  return entry;
}

int Engine::pair(const LedgerEntry& entry, Evidence& ev) const {
  const std::string_view partner = partner_notice(ev.notice);
  if (partner.empty()) return 0;
  std::optional<NoticeSighting> found;
  if (!entry.applicant_key.empty()) {
    try {
      found = ledger_->find_notice(entry.applicant_key, std::string(partner));
    } catch (const std::exception& e) {
      ev.reasons.push_back("ledger=error");
      ev.ledger_error = e.what();
      return 0;
    }
  }
  if (zone_) ev.pair = pair_value(ev.notice, found, *zone_);
  return paired_star(ev.notice, found);
}

void Engine::record(LedgerEntry& entry, Evidence& ev) const {
  entry.reasons = ev.reasons;
  entry.programme = clean_header_text(ev.programme, 200);
  entry.requirement = ev.requirement;
  try {
    const Sighting s = ledger_->record(entry);
    ev.seen = std::string(to_string(s));
    add_sighting_reason(ev.reasons, s);
  } catch (const std::exception& e) {
    if (std::find(ev.reasons.begin(), ev.reasons.end(), "ledger=error") == ev.reasons.end()) {
      ev.reasons.push_back("ledger=error");
    }
    ev.ledger_error = e.what();
  }
}

Inspection Engine::inspect(std::string_view raw, const Envelope& envelope,
                           const std::function<bool()>& may_record) const {
  Inspection result;
  result.in_scope = recipients_in_scope(envelope.recipients, *config_);
  if (!result.in_scope) {
    result.plan.deletes = plan_forged_header_deletes(raw, *config_);
    result.out_of_scope_claim = subject_claims_notice(raw, *config_);
    return result;
  }
  result.evidence = examine(raw);
  Evidence& ev = result.evidence;
  const bool evidence = ledger_ && ev.verdict != Verdict::None;
  LedgerEntry entry;
  int first_star = 0;  // the star of the applicant's ①, for a ②
  if (evidence) {
    entry = ledger_entry(raw, envelope, ev);
    first_star = pair(entry, ev);
  }
  apply_requirement(ev, envelope.recipients, first_star, *config_);
  if (evidence && (!may_record || may_record())) record(entry, ev);
  std::string subject;
  if (config_->subject_tag) {
    // Decoded and cleaned, whatever it was: an encoded-word may carry CR LF or ESC, which
    // copying it as received would keep (hidden, but decoded by every reader).
    if (const auto value = first_header_value(raw, "Subject")) {
      subject = clean_header_text(decode_rfc2047(*value), 300);
    }
  }
  result.plan = plan_edits(raw, result.evidence, envelope.recipients, subject, *config_);
  return result;
}

Inspection Engine::inspect_too_large(std::string_view headers_raw, const Envelope& envelope) const {
  Inspection result;
  result.in_scope = recipients_in_scope(envelope.recipients, *config_);
  if (!result.in_scope) {
    result.plan.deletes = plan_forged_header_deletes(headers_raw, *config_);
    result.out_of_scope_claim = subject_claims_notice(headers_raw, *config_);
    return result;
  }
  result.evidence = error_evidence("too-large");
  result.plan = plan_edits(headers_raw, result.evidence, envelope.recipients, "", *config_);
  return result;
}

Inspection Engine::inspect_failure(std::string_view headers_raw, const Failure& failure) const {
  Inspection result;
  result.failure = failure;
  result.evidence = error_evidence(failure_reason(failure));
  result.plan = plan_failure(headers_raw, result.evidence, *config_);
  return result;
}

}  // namespace sa
