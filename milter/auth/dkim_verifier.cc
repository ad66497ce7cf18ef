// dkim_verifier.cc - feeds an original to libopendkim and classifies each signature.
#include "auth/dkim_verifier.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <optional>

#include "auth/dkim_key_lookup.h"
#include "auth/domain_policy.h"
#include "auth/opendkim.h"
#include "auth/raw_message.h"
#include "auth/signing_policy.h"
#include "core/ascii.h"
#include "core/sender_domain.h"

namespace sa {
namespace {

// Signatures verified per message: each may cost a key lookup (all within one DNS timeout).
constexpr int kMaxSignatures = 6;
constexpr std::size_t kBodyChunk = 64 * 1024;

constexpr unsigned kMinKeyBits = 1024;  // RFC 8301 section 3.2

// What one signature amounts to, best first. Refused: it verifies (or would), but does not
// prove what we read: a header we read is not covered, l= leaves body bytes unsigned,
// rsa-sha1, a weak or testing key, expired (see signing_policy.h).
enum class Outcome { Pass, Fail, Refused, TempError, PermError, Unaligned };

struct SignatureVerdict {
  Outcome outcome = Outcome::PermError;
  std::string domain;
  std::string selector;
  std::string detail;
  std::vector<std::string> refusals;  // reasons, e.g. "dkim-h=subject-unsigned"
};

struct MessageContext {
  const std::vector<std::string>* allowed = nullptr;
  DkimKeyLookup* keys = nullptr;                   // DNS; null with a key file
  std::chrono::steady_clock::time_point deadline;  // of every key lookup of this original
  std::map<const DKIM_SIGINFO*, std::string> lookup_details;  // why a lookup failed
};

std::string sig_text(unsigned char* s) { return s ? reinterpret_cast<const char*>(s) : ""; }

// Whether q= (absent: dns/txt) allows a DNS TXT lookup, as libopendkim checks it when it
// looks keys up itself.
bool allows_dns(DKIM_SIGINFO* sig) {
  u_char tag[] = "q";
  const std::string q = ascii_lower(sig_text(dkim_sig_gettagvalue(sig, false, tag)));
  if (q.empty()) return true;
  for (std::size_t start = 0; start <= q.size();) {
    const std::size_t end = std::min(q.find(':', start), q.size());
    const std::string method = q.substr(start, end - start);
    if (method == "dns" || method == "dns/txt") return true;
    start = end + 1;
  }
  return false;
}

// libopendkim's key lookup callback, for DNS. A failure that is not "no key" is reported by
// setting the signature's error and handing back an empty record: libopendkim then marks the
// signature processed and keeps that error (a TRYAGAIN status instead would stop it
// processing the message's other signatures).
DKIM_CBSTAT lookup_key(DKIM* dkim, DKIM_SIGINFO* sig, u_char* buf, size_t buflen) {
  auto* ctx = static_cast<MessageContext*>(dkim_get_user_context(dkim));
  buf[0] = '\0';
  if (!ctx || !ctx->keys) {
    dkim_sig_seterror(sig, DKIM_SIGERROR_KEYFAIL);
    return DKIM_CBSTAT_CONTINUE;
  }
  if (!allows_dns(sig)) {
    dkim_sig_seterror(sig, DKIM_SIGERROR_INVALID_Q);
    return DKIM_CBSTAT_CONTINUE;
  }
  const std::string name =
      sig_text(dkim_sig_getselector(sig)) + "._domainkey." + sig_text(dkim_sig_getdomain(sig));
  KeyAnswer answer = ctx->keys->find(name, ctx->deadline);
  ctx->lookup_details[sig] = answer.detail;
  switch (answer.kind) {
    case KeyAnswer::Kind::Found:
      if (answer.record.size() < buflen) {
        std::memcpy(buf, answer.record.data(), answer.record.size());
        buf[answer.record.size()] = '\0';
      } else {
        dkim_sig_seterror(sig, DKIM_SIGERROR_DNSSYNTAX);
      }
      return DKIM_CBSTAT_CONTINUE;
    case KeyAnswer::Kind::Missing:
      return DKIM_CBSTAT_NOTFOUND;
    case KeyAnswer::Kind::Multiple:
      dkim_sig_seterror(sig, DKIM_SIGERROR_MULTIREPLY);
      return DKIM_CBSTAT_CONTINUE;
    case KeyAnswer::Kind::Unusable:
      dkim_sig_seterror(sig, DKIM_SIGERROR_DNSSYNTAX);
      return DKIM_CBSTAT_CONTINUE;
    case KeyAnswer::Kind::TempFail:
      break;
  }
  dkim_sig_seterror(sig, DKIM_SIGERROR_KEYFAIL);
  return DKIM_CBSTAT_CONTINUE;
}

// Prescreen: keep at most kMaxSignatures, those from allowed domains first.
DKIM_CBSTAT prescreen(DKIM* dkim, DKIM_SIGINFO** sigs, int nsigs) {
  auto* ctx = static_cast<MessageContext*>(dkim_get_user_context(dkim));
  int kept = 0;
  for (int pass = 0; pass < 2; ++pass) {
    for (int i = 0; i < nsigs; ++i) {
      bool allowed = ctx && domain_allowed(sig_text(dkim_sig_getdomain(sigs[i])), *ctx->allowed);
      if (allowed != (pass == 0)) continue;
      if (kept < kMaxSignatures) {
        ++kept;
      } else {
        dkim_sig_ignore(sigs[i]);
      }
    }
  }
  return DKIM_CBSTAT_CONTINUE;
}

bool is_temporary(int err) {
  return err == DKIM_SIGERROR_KEYFAIL || err == DKIM_SIGERROR_MULTIREPLY;
}

bool is_forgery(int err) {
  return err == DKIM_SIGERROR_BADSIG || err == DKIM_SIGERROR_KEYHASHMISMATCH;
}

// Whether the signature's h= names a header (libopendkim's reading of the tag).
std::function<bool(const std::string&)> signs(DKIM_SIGINFO* sig) {
  return [sig](const std::string& name) {
    std::string copy = name;
    return dkim_sig_hdrsigned(sig, reinterpret_cast<u_char*>(copy.data()));
  };
}

// The policy refusals of a signature that libopendkim says verifies.
std::vector<std::string> refusals_of(DKIM* dkim, DKIM_SIGINFO* sig,
                                     const std::vector<std::string>& required) {
  std::vector<std::string> out = coverage_refusals(required, signs(sig));
  dkim_alg_t alg = DKIM_SIGN_DEFAULT;
  if (dkim_sig_getsignalg(sig, &alg) == DKIM_STAT_OK && alg == DKIM_SIGN_RSASHA1) {
    out.push_back("dkim-alg=rsa-sha1");
  }
  unsigned int bits = 0;
  if (dkim_sig_getkeysize(sig, &bits) == DKIM_STAT_OK && bits < kMinKeyBits) {
    out.push_back("dkim-key=weak");
  }
  if (dkim_sig_getflags(sig) & DKIM_SIGFLAG_TESTKEY) out.push_back("dkim-key=testing");
  ssize_t msglen = -1, canonlen = -1, signlen = -1;
  dkim_sig_getcanonlen(dkim, sig, &msglen, &canonlen, &signlen);
  if (signlen >= 0 && msglen > signlen) out.push_back("dkim-l=partial");
  return out;
}

std::string describe(const std::vector<std::string>& refusals) {
  std::string out;
  for (const auto& r : refusals) {
    if (r == "dkim-alg=rsa-sha1")
      out += out.empty() ? "rsa-sha1 not accepted" : ", rsa-sha1";
    else if (r == "dkim-key=weak")
      out += std::string(out.empty() ? "" : ", ") + "key under 1024 bits";
    else if (r == "dkim-key=testing")
      out += std::string(out.empty() ? "" : ", ") + "key in testing mode (t=y)";
    else if (r == "dkim-l=partial")
      out += std::string(out.empty() ? "" : ", ") + "l= leaves body bytes unsigned";
    else if (r == "dkim=expired")
      out += std::string(out.empty() ? "" : ", ") + "signature expired (x=)";
    else if (r == "dkim=future")
      out += std::string(out.empty() ? "" : ", ") + "signature time in the future";
    else
      out += std::string(out.empty() ? "" : ", ") + r.substr(r.find('=') + 1);
  }
  return out;
}

std::optional<SignatureVerdict> judge(DKIM* dkim, DKIM_SIGINFO* sig, std::string_view from_domain,
                                      const std::vector<std::string>& allowed,
                                      const std::vector<std::string>& required) {
  unsigned int flags = dkim_sig_getflags(sig);
  if (flags & DKIM_SIGFLAG_IGNORE) return std::nullopt;
  SignatureVerdict v;
  v.domain = ascii_lower(sig_text(dkim_sig_getdomain(sig)));
  v.selector = sig_text(dkim_sig_getselector(sig));
  int err = dkim_sig_geterror(sig);
  int bh = dkim_sig_getbh(sig);
  bool counts = domain_allowed(v.domain, allowed) && domains_aligned(v.domain, from_domain);
  bool passed = (flags & DKIM_SIGFLAG_PASSED) && bh == DKIM_SIGBH_MATCH;
  if (passed) {
    v.refusals = refusals_of(dkim, sig, required);
    v.outcome = v.refusals.empty() ? Outcome::Pass : Outcome::Refused;
    v.detail = describe(v.refusals);
  } else if (bh == DKIM_SIGBH_MISMATCH) {
    v.outcome = Outcome::Fail;
    v.detail = "body hash mismatch";
  } else if (is_forgery(err)) {
    v.outcome = Outcome::Fail;
    v.detail = dkim_sig_geterrorstr(err) ? dkim_sig_geterrorstr(err) : "bad signature";
  } else if (err == DKIM_SIGERROR_EXPIRED || err == DKIM_SIGERROR_FUTURE ||
             err == DKIM_SIGERROR_KEYTOOSMALL) {
    v.outcome = Outcome::Refused;
    v.refusals = {err == DKIM_SIGERROR_EXPIRED  ? "dkim=expired"
                  : err == DKIM_SIGERROR_FUTURE ? "dkim=future"
                                                : "dkim-key=weak"};
    v.detail = describe(v.refusals);
  } else if (err == DKIM_SIGERROR_INVALID_H &&
             !(v.refusals = coverage_refusals(required, signs(sig))).empty()) {
    // libopendkim rejects an h= without From before any check: say what it left out.
    v.outcome = Outcome::Refused;
    v.detail = describe(v.refusals);
  } else if (is_temporary(err)) {
    v.outcome = Outcome::TempError;
    v.detail = "key lookup failed";
    if (auto* ctx = static_cast<MessageContext*>(dkim_get_user_context(dkim))) {
      auto why = ctx->lookup_details.find(sig);
      if (why != ctx->lookup_details.end() && !why->second.empty()) v.detail += ": " + why->second;
    }
  } else if (err == DKIM_SIGERROR_NOKEY) {
    v.outcome = Outcome::PermError;
    v.detail = "no key published for " + v.selector + "._domainkey." + v.domain;
  } else {
    v.outcome = Outcome::PermError;
    const char* text = dkim_sig_geterrorstr(err);
    v.detail = text ? text : "signature not verifiable";
  }
  if (!counts && (v.outcome == Outcome::Pass || v.outcome == Outcome::Refused)) {
    v.outcome = Outcome::Unaligned;
  } else if (!counts) {
    return std::nullopt;  // a broken signature of another domain says nothing about IPA
  }
  return v;
}

std::string header_tags(const SignatureVerdict& v) {
  std::string out = " header.d=" + v.domain;
  if (!v.selector.empty()) out += " header.s=" + v.selector;
  return out;
}

AuthResult to_result(const SignatureVerdict& v) {
  AuthResult r;
  r.method = "dkim";
  r.domain = v.domain;
  r.selector = v.selector;
  r.detail = v.detail;
  std::string comment = v.detail.empty() ? "" : " (" + v.detail + ")";
  switch (v.outcome) {
    case Outcome::Pass:
      r.status = AuthResult::Status::Pass;
      r.reasons = {"dkim=pass"};
      r.header = "dkim=pass" + header_tags(v);
      break;
    case Outcome::Fail:
      r.status = AuthResult::Status::Fail;
      r.reasons = {"dkim=fail"};
      r.header = "dkim=fail" + comment + header_tags(v);
      break;
    case Outcome::Refused:
      r.status = AuthResult::Status::Partial;
      r.reasons = {"dkim=policy"};
      r.reasons.insert(r.reasons.end(), v.refusals.begin(), v.refusals.end());
      r.header = "dkim=policy" + comment + header_tags(v);
      break;
    case Outcome::TempError:
      r.status = AuthResult::Status::TempError;
      r.reasons = {"dkim=temperror"};
      r.header = "dkim=temperror" + comment + header_tags(v);
      break;
    case Outcome::PermError:
      r.status = AuthResult::Status::None;
      r.reasons = {"dkim=permerror"};
      r.header = "dkim=permerror" + comment + header_tags(v);
      break;
    case Outcome::Unaligned:
      r.status = AuthResult::Status::None;
      r.method.clear();
      r.detail = "signature of " + v.domain + " does not count for this sender";
      r.reasons = {"dkim=pass-unaligned", "dkim-domain=" + v.domain};
      r.header = "dkim=pass-unaligned" + header_tags(v);
      break;
  }
  return r;
}

AuthResult no_signature(std::string detail) {
  AuthResult r;
  r.detail = std::move(detail);
  r.reasons = {"dkim=none"};
  r.header = "dkim=none";
  return r;
}

bool has_nul_or_bare_cr(std::string_view raw) {
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\0') return true;
    if (raw[i] == '\r' && (i + 1 >= raw.size() || raw[i + 1] != '\n')) return true;
  }
  return false;
}

struct HandleCloser {
  void operator()(DKIM* d) const { dkim_free(d); }
};

}  // namespace

DkimVerifier::DkimVerifier(DkimSettings settings) : settings_(std::move(settings)) {
  lib_ = dkim_init(nullptr, nullptr);
  if (!lib_) return;
  if (!settings_.key_file.empty()) {
    dkim_query_t method = DKIM_QUERY_FILE;
    dkim_options(lib_, DKIM_OP_SETOPT, DKIM_OPTS_QUERYMETHOD, &method, sizeof method);
    dkim_options(lib_, DKIM_OP_SETOPT, DKIM_OPTS_QUERYINFO,
                 const_cast<char*>(settings_.key_file.c_str()), settings_.key_file.size());
  } else {
    // Keys from DNS by our lookup (milliseconds, the configured servers, our cache), not
    // libopendkim's resolver (whole seconds per query, then its retries).
    keys_ = std::make_unique<DkimKeyLookup>(settings_.nameservers,
                                            std::chrono::milliseconds(settings_.dns_timeout_ms));
    dkim_set_key_lookup(lib_, lookup_key);
  }
  dkim_set_prescreen(lib_, prescreen);
}

DkimVerifier::~DkimVerifier() {
  if (lib_) dkim_close(lib_);
}

AuthResult DkimVerifier::verify(std::string_view raw, std::string_view from_domain) const {
  if (!lib_) return no_signature("libopendkim unavailable");
  // CRLF normalisation would turn a bare CR into a line break and libopendkim reads header
  // fields as C strings: with either, what is verified is not what GMime reads.
  if (has_nul_or_bare_cr(raw)) {
    AuthResult r;
    r.detail = "NUL or bare CR in the original: not verified";
    r.reasons = {"dkim=permerror"};
    r.header = "dkim=permerror (NUL or bare CR)";
    return r;
  }
  RawMessage msg = split_raw_message(raw);
  // Past the header limit the rest is not seen here, while GMime reads it: a field below
  // the limit (an unsigned Content-Transfer-Encoding, say) would escape the coverage rule.
  if (msg.truncated_headers) {
    AuthResult r;
    r.status = AuthResult::Status::Partial;  // like a field outside h=: suspicious
    r.method = "dkim";
    r.detail = "more header fields than the verifier reads: not verified";
    r.reasons = {"dkim=policy", "headers=too-many"};
    r.header = "dkim=policy (too many header fields)";
    return r;
  }
  // RFC 6376 3.4.3/3.4.4: a body without a final CRLF is canonicalised with one added;
  // libopendkim fails such a body (an original cut just before its closing delimiter).
  if (!msg.body.empty() &&
      msg.body.compare(msg.body.size() - std::min<std::size_t>(2, msg.body.size()), 2, "\r\n") !=
          0) {
    msg.body += "\r\n";
  }
  bool has_signature = std::any_of(msg.headers.begin(), msg.headers.end(), [](const auto& h) {
    return ascii_iequals(h.name, DKIM_SIGNHEADER);
  });
  if (!has_signature) return no_signature("");

  DKIM_STAT status = DKIM_STAT_OK;
  std::unique_ptr<DKIM, HandleCloser> dkim(
      dkim_verify(lib_, reinterpret_cast<const unsigned char*>("sa-triage"), nullptr, &status));
  if (!dkim) return no_signature("libopendkim: no verification handle");
  MessageContext ctx;
  ctx.allowed = &settings_.allowed_domains;
  ctx.keys = keys_.get();
  ctx.deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(settings_.dns_timeout_ms);
  dkim_set_user_context(dkim.get(), &ctx);

  for (RawHeaderField& h : msg.headers) {
    dkim_header(dkim.get(), reinterpret_cast<u_char*>(h.field.data()), h.field.size());
  }
  status = dkim_eoh(dkim.get());
  if (status == DKIM_STAT_OK || status == DKIM_STAT_BADSIG || status == DKIM_STAT_NOKEY ||
      status == DKIM_STAT_KEYFAIL || status == DKIM_STAT_CANTVRFY) {
    for (std::size_t off = 0; off < msg.body.size(); off += kBodyChunk) {
      std::size_t len = std::min(kBodyChunk, msg.body.size() - off);
      dkim_body(dkim.get(), reinterpret_cast<u_char*>(msg.body.data() + off), len);
    }
    bool testkey = false;
    dkim_eom(dkim.get(), &testkey);
  }

  DKIM_SIGINFO** sigs = nullptr;
  int nsigs = 0;
  if (dkim_getsiglist(dkim.get(), &sigs, &nsigs) != DKIM_STAT_OK || nsigs == 0) {
    return no_signature("no usable DKIM-Signature");
  }
  const std::vector<std::string> required = required_signed_headers(msg);
  std::optional<SignatureVerdict> best;
  for (int i = 0; i < nsigs; ++i) {
    auto v = judge(dkim.get(), sigs[i], from_domain, settings_.allowed_domains, required);
    if (v && (!best || v->outcome < best->outcome)) best = std::move(v);
  }
  if (!best) return no_signature("no DKIM-Signature of an allowed, aligned domain");
  return to_result(*best);
}

}  // namespace sa
