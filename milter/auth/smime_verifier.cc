// smime_verifier.cc - PKCS#7 signature, certificate chain and signer address checks.
#include "auth/smime_verifier.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pkcs7.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

#include "auth/domain_policy.h"
#include "auth/raw_message.h"
#include "core/ascii.h"
#include "core/sender_domain.h"

namespace sa {
namespace {

struct Free {
  void operator()(BIO* p) const { BIO_free(p); }
  void operator()(PKCS7* p) const { PKCS7_free(p); }
  void operator()(X509_STORE_CTX* p) const { X509_STORE_CTX_free(p); }
  void operator()(STACK_OF(X509) * p) const { sk_X509_free(p); }
  void operator()(STACK_OF(OPENSSL_STRING) * p) const { X509_email_free(p); }
};
template <typename T>
using Owned = std::unique_ptr<T, Free>;

AuthResult result(AuthResult::Status status, std::string reason, std::string detail) {
  AuthResult r;
  r.status = status;
  if (status != AuthResult::Status::None) r.method = "smime";
  r.header = reason + (detail.empty() ? "" : " (" + detail + ")");
  r.reasons = {std::move(reason)};
  r.detail = std::move(detail);
  return r;
}

std::string openssl_error() {
  unsigned long e = ERR_get_error();
  ERR_clear_error();
  if (e == 0) return "signature verification failed";
  char buf[256];
  ERR_error_string_n(e, buf, sizeof buf);
  return buf;
}

// The signer's e-mail addresses (subject emailAddress and subjectAltName rfc822Name).
std::vector<std::string> signer_emails(X509* cert) {
  std::vector<std::string> out;
  Owned<STACK_OF(OPENSSL_STRING)> emails(X509_get1_email(cert));
  for (int i = 0; emails && i < sk_OPENSSL_STRING_num(emails.get()); ++i) {
    out.push_back(ascii_lower(sk_OPENSSL_STRING_value(emails.get(), i)));
  }
  return out;
}

}  // namespace

SmimeVerifier::SmimeVerifier(SmimeSettings settings) : settings_(std::move(settings)) {
  store_ = X509_STORE_new();
  if (!store_) return;
  if (settings_.ca_file.empty()) {
    X509_STORE_set_default_paths(store_);
  } else {
    X509_STORE_load_file(store_, settings_.ca_file.c_str());
  }
  ERR_clear_error();
}

SmimeVerifier::~SmimeVerifier() { X509_STORE_free(store_); }

bool SmimeVerifier::is_signed(std::string_view raw) {
  for (const RawHeaderField& h : split_raw_message(raw, 500).headers) {
    if (!ascii_iequals(h.name, "Content-Type")) continue;
    std::string v = ascii_lower(h.unfolded_value());
    return v.rfind("multipart/signed", 0) == 0 && v.find("pkcs7-signature") != std::string::npos;
  }
  return false;
}

AuthResult SmimeVerifier::verify(std::string_view raw, std::string_view from_domain) const {
  using Status = AuthResult::Status;
  ERR_clear_error();
  std::string canonical = normalize_crlf(raw);
  Owned<BIO> in(BIO_new_mem_buf(canonical.data(), static_cast<int>(canonical.size())));
  BIO* content_raw = nullptr;
  Owned<PKCS7> p7(in ? SMIME_read_PKCS7(in.get(), &content_raw) : nullptr);
  Owned<BIO> content(content_raw);
  if (!p7 || !content || !PKCS7_type_is_signed(p7.get())) {
    ERR_clear_error();
    return result(Status::None, "smime=permerror", "unreadable S/MIME structure");
  }
  // 1. The signature over the signed part, without judging the certificate yet.
  Owned<BIO> sink(BIO_new(BIO_s_null()));
  if (PKCS7_verify(p7.get(), nullptr, nullptr, content.get(), sink.get(),
                   PKCS7_NOVERIFY | PKCS7_NOCHAIN) != 1) {
    return result(Status::Fail, "smime=fail", openssl_error());
  }
  Owned<STACK_OF(X509)> signers(PKCS7_get0_signers(p7.get(), nullptr, 0));
  if (!signers || sk_X509_num(signers.get()) < 1) {
    return result(Status::Fail, "smime=fail", "no signer certificate");
  }
  X509* signer = sk_X509_value(signers.get(), 0);
  // 2. The signer certificate must chain to a trusted CA for S/MIME signing.
  Owned<X509_STORE_CTX> ctx(X509_STORE_CTX_new());
  if (!store_ || !ctx || X509_STORE_CTX_init(ctx.get(), store_, signer, p7->d.sign->cert) != 1) {
    return result(Status::None, "smime=untrusted", "no certificate store");
  }
  X509_STORE_CTX_set_purpose(ctx.get(), X509_PURPOSE_SMIME_SIGN);
  if (X509_verify_cert(ctx.get()) != 1) {
    std::string why = X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx.get()));
    ERR_clear_error();
    return result(Status::None, "smime=untrusted", why);
  }
  // 3. The signer address must be in an allowed domain aligned with the From domain.
  std::vector<std::string> emails = signer_emails(signer);
  for (const std::string& email : emails) {
    std::string domain = domain_of(email);
    if (domain_allowed(domain, settings_.allowed_domains) && domains_aligned(domain, from_domain)) {
      AuthResult r = result(Status::Pass, "smime=pass", "");
      r.domain = domain;
      r.detail = "signer " + email;
      r.header = "smime=pass signer=" + email;
      return r;
    }
  }
  std::string who = emails.empty() ? "no address" : emails.front();
  AuthResult r = result(Status::None, "smime=pass-unaligned", "signer " + who);
  r.header = "smime=pass-unaligned signer=" + who;
  return r;
}

}  // namespace sa
