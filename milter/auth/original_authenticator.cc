// original_authenticator.cc - runs S/MIME, DKIM and upstream checks and picks the result.
#include "auth/original_authenticator.h"

#include <algorithm>
#include <exception>

#include "auth/authentication_results.h"

namespace sa {
namespace {

constexpr std::size_t kMaxHeaderValue = 300;

// Lower is stronger.
int rank(AuthResult::Status s) {
  switch (s) {
    case AuthResult::Status::Pass:
      return 0;
    case AuthResult::Status::Fail:
      return 1;
    case AuthResult::Status::Partial:
      return 2;
    case AuthResult::Status::TempError:
      return 3;
    case AuthResult::Status::None:
      break;
  }
  return 4;
}

// Header values carry signer-chosen text: printable ASCII only, bounded.
std::string header_safe(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (out.size() >= kMaxHeaderValue) break;
    out.push_back(c >= 0x20 && c < 0x7f ? c : '?');
  }
  return out;
}

std::shared_ptr<const Config> or_defaults(std::shared_ptr<const Config> config) {
  return config ? config : std::make_shared<const Config>();
}

// An exception inside a check (out of memory...): no proof either way.
AuthResult internal_error(const std::string& what) {
  AuthResult r;
  r.status = AuthResult::Status::TempError;
  r.detail = "authentication aborted: " + what;
  r.reasons = {"dkim=temperror"};
  r.header = "dkim=temperror (internal error)";
  return r;
}

}  // namespace

SignedOriginalAuthenticator::SignedOriginalAuthenticator(std::shared_ptr<const Config> config)
    : config_(or_defaults(std::move(config))),
      dkim_({config_->dkim_key_file, config_->dkim_dns_timeout_ms, config_->allowed_domains,
             config_->dkim_nameservers}),
      smime_({config_->smime_ca_file, config_->allowed_domains}) {}

AuthResult SignedOriginalAuthenticator::combine(std::string_view raw,
                                                const std::string& from_domain,
                                                bool is_outer_message) const {
  std::vector<AuthResult> results;
  if (SmimeVerifier::is_signed(raw)) {
    results.push_back(smime_.verify(raw, from_domain));
    // S/MIME signs the body part only: From and Subject (the notice type and the star) stay
    // outside it, so a good S/MIME signature alone never proves what we read.
    if (results.back().status == AuthResult::Status::Pass) {
      results.back().status = AuthResult::Status::None;
      results.back().reasons.push_back("smime-headers=unsigned");
    }
  }
  results.push_back(dkim_.verify(raw, from_domain));
  if (is_outer_message && results.back().status != AuthResult::Status::Pass) {
    results.push_back(check_upstream_results(raw, from_domain, config_->trusted_authserv_ids,
                                             config_->allowed_domains));
  }
  auto best = std::min_element(results.begin(), results.end(), [](const auto& a, const auto& b) {
    return rank(a.status) < rank(b.status);
  });
  AuthResult out = *best;
  out.reasons.clear();
  for (const AuthResult& r : results) {
    for (const std::string& reason : r.reasons) {
      if (std::find(out.reasons.begin(), out.reasons.end(), reason) == out.reasons.end()) {
        out.reasons.push_back(reason);
      }
    }
  }
  out.header = header_safe(out.header);
  return out;
}

AuthResult SignedOriginalAuthenticator::authenticate(const MessageView& original,
                                                     const std::string& from_domain,
                                                     bool is_outer_message) const {
  try {
    return combine(original.raw, from_domain, is_outer_message);
  } catch (const std::exception& e) {
    return internal_error(e.what());
  } catch (...) {
    return internal_error("unknown exception");
  }
}

std::shared_ptr<const OriginalAuthenticator> make_original_authenticator(
    std::shared_ptr<const Config> config) {
  return std::make_shared<const SignedOriginalAuthenticator>(std::move(config));
}

}  // namespace sa
