// authentication_results.cc - conservative Authentication-Results parsing and trust check.
#include "auth/authentication_results.h"

#include <optional>

#include "auth/domain_policy.h"
#include "auth/raw_message.h"
#include "auth/signing_policy.h"
#include "core/ascii.h"
#include "core/sender_domain.h"

namespace sa {
namespace {

constexpr int kMaxCommentDepth = 8;

// Removes (nested) comments outside quoted strings; quotes are kept.
std::string strip_comments(std::string_view v) {
  std::string out;
  int depth = 0;
  bool quoted = false;
  for (std::size_t i = 0; i < v.size(); ++i) {
    char c = v[i];
    if (quoted) {
      out.push_back(c);
      if (c == '\\' && i + 1 < v.size()) {
        out.push_back(v[++i]);
      } else if (c == '"') {
        quoted = false;
      }
    } else if (depth > 0) {
      if (c == '\\' && i + 1 < v.size()) {
        ++i;
      } else if (c == '(') {
        if (++depth > kMaxCommentDepth) return std::string();
      } else if (c == ')') {
        --depth;
      }
    } else if (c == '(') {
      depth = 1;
      out.push_back(' ');
    } else {
      if (c == '"') quoted = true;
      out.push_back(c);
    }
  }
  return out;
}

// Splits on `sep` outside quoted strings.
std::vector<std::string> split_outside_quotes(std::string_view v, char sep) {
  std::vector<std::string> parts(1);
  bool quoted = false;
  for (std::size_t i = 0; i < v.size(); ++i) {
    char c = v[i];
    if (c == '"') quoted = !quoted;
    if (c == sep && !quoted) {
      parts.emplace_back();
    } else {
      parts.back().push_back(c);
    }
  }
  return parts;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Whitespace-separated tokens, with "a = b" joined to "a=b".
std::vector<std::string> tokens(std::string_view v) {
  std::vector<std::string> out;
  std::string current;
  bool quoted = false;
  for (char c : v) {
    if (c == '"') quoted = !quoted;
    if (is_space(c) && !quoted) {
      if (!current.empty()) out.push_back(std::move(current));
      current.clear();
    } else {
      current.push_back(c);
    }
  }
  if (!current.empty()) out.push_back(std::move(current));
  std::vector<std::string> joined;
  for (std::string& t : out) {
    bool glue = !joined.empty() && (t.front() == '=' || joined.back().back() == '=');
    if (glue) {
      joined.back() += t;
    } else {
      joined.push_back(std::move(t));
    }
  }
  return joined;
}

std::string unquote(std::string v) {
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  return v;
}

}  // namespace

std::string AuthResultStatement::prop(std::string_view name) const {
  for (const auto& [key, value] : props) {
    if (key == name) return value;
  }
  return "";
}

ParsedAuthResults parse_authentication_results(std::string_view value) {
  ParsedAuthResults parsed;
  std::vector<std::string> parts = split_outside_quotes(strip_comments(value), ';');
  std::vector<std::string> head = tokens(parts[0]);
  if (head.empty() || head[0].find('=') != std::string::npos) return parsed;
  parsed.authserv_id = ascii_lower(head[0]);
  for (std::size_t i = 1; i < parts.size(); ++i) {
    std::vector<std::string> toks = tokens(parts[i]);
    if (toks.empty()) continue;
    std::size_t eq = toks[0].find('=');
    if (eq == std::string::npos || eq == 0) continue;
    AuthResultStatement st;
    st.method = ascii_lower(toks[0].substr(0, eq));
    st.result = ascii_lower(toks[0].substr(eq + 1));
    for (std::size_t t = 1; t < toks.size(); ++t) {
      std::size_t peq = toks[t].find('=');
      if (peq == std::string::npos || peq == 0) continue;
      st.props.emplace_back(ascii_lower(toks[t].substr(0, peq)), unquote(toks[t].substr(peq + 1)));
    }
    parsed.statements.push_back(std::move(st));
  }
  return parsed;
}

namespace {

// The refusals (signing_policy.h) of the best DKIM-Signature of `msg` with d= `domain` (and
// s= `selector` when given); nullopt when the message carries no such signature.
std::optional<std::vector<std::string>> signature_refusals(const RawMessage& msg,
                                                           const std::string& domain,
                                                           const std::string& selector) {
  const std::vector<std::string> required = required_signed_headers(msg);
  std::optional<std::vector<std::string>> best;
  for (const RawHeaderField& h : msg.headers) {
    if (!ascii_iequals(h.name, "DKIM-Signature")) continue;
    auto tags = dkim_signature_tags(h.unfolded_value());
    std::string d, s;
    for (const auto& [k, v] : tags) {
      if (k == "d") d = ascii_lower(v);
      if (k == "s") s = v;
    }
    if (d != domain || (!selector.empty() && s != selector)) continue;
    std::vector<std::string> refusals = tag_refusals(tags, required);
    if (!best || refusals.size() < best->size()) best = std::move(refusals);
  }
  return best;
}

}  // namespace

AuthResult check_upstream_results(std::string_view raw, std::string_view from_domain,
                                  const std::vector<std::string>& trusted_authserv_ids,
                                  const std::vector<std::string>& allowed_domains) {
  AuthResult result;
  bool untrusted_claim = false;
  const RawMessage msg = split_raw_message(raw);
  if (msg.truncated_headers) {  // the coverage rule could not see every field
    result.status = AuthResult::Status::Partial;
    result.method = "dkim-upstream";
    result.detail = "more header fields than the coverage rule reads";
    result.reasons = {"dkim=policy", "headers=too-many"};
    result.header = "dkim=policy (too many header fields)";
    return result;
  }
  for (const RawHeaderField& h : msg.headers) {
    if (!ascii_iequals(h.name, "Authentication-Results")) continue;
    ParsedAuthResults parsed = parse_authentication_results(h.unfolded_value());
    if (parsed.authserv_id.empty()) continue;
    bool trusted = false;
    for (const std::string& id : trusted_authserv_ids)
      trusted = trusted || ascii_iequals(id, parsed.authserv_id);
    for (const AuthResultStatement& st : parsed.statements) {
      if (st.method != "dkim" || st.result != "pass") continue;
      std::string d = ascii_lower(st.prop("header.d"));
      if (!domain_allowed(d, allowed_domains) || !domains_aligned(d, from_domain)) continue;
      if (!trusted) {
        untrusted_claim = true;
        continue;
      }
      result.method = "dkim-upstream";
      result.domain = d;
      result.selector = st.prop("header.s");
      const std::string tags =
          " header.d=" + d + (result.selector.empty() ? "" : " header.s=" + result.selector);
      // The upstream verifier's word covers the crypto, not what it signed: read the
      // signature's own tags and apply our coverage rule to them.
      auto refusals = signature_refusals(msg, d, result.selector);
      if (!refusals) {
        result.status = AuthResult::Status::None;
        result.method.clear();
        result.detail = "no DKIM-Signature of " + d + " in the message";
        result.reasons = {"dkim=pass-upstream", "auth-results=no-signature"};
        result.header = "dkim=pass-upstream (no signature to check coverage)" + tags;
        return result;
      }
      if (!refusals->empty()) {
        result.status = AuthResult::Status::Partial;
        result.detail = "signature does not cover what is read";
        result.reasons = {"dkim=pass-upstream", "dkim=policy"};
        result.reasons.insert(result.reasons.end(), refusals->begin(), refusals->end());
        result.header = "dkim=policy (upstream " + parsed.authserv_id + ")" + tags;
        return result;
      }
      result.status = AuthResult::Status::Pass;
      result.detail = "verified upstream by " + parsed.authserv_id;
      result.reasons = {"dkim=pass-upstream"};
      result.header = "dkim=pass" + tags + " (upstream " + parsed.authserv_id + ")";
      return result;
    }
  }
  if (untrusted_claim) {
    result.detail = "dkim=pass claimed by an untrusted authserv-id";
    result.reasons = {"auth-results=untrusted"};
  }
  return result;
}

}  // namespace sa
