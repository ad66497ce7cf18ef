// smime_verifier.h - S/MIME (multipart/signed, PKCS#7) verification of one original with
// OpenSSL. A changed signed part or a bad signature is a failure; a good signature counts
// only when the signer certificate chains to the configured CA bundle (default: the system
// store) and its e-mail address is in an allowed domain aligned with the From domain.
// It does not decrypt, and it does not check revocation.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/original_auth.h"

typedef struct x509_store_st X509_STORE;

namespace sa {

struct SmimeSettings {
  std::string ca_file;  // PEM bundle; empty: the system store
  std::vector<std::string> allowed_domains;
};

class SmimeVerifier {
 public:
  explicit SmimeVerifier(SmimeSettings settings);
  ~SmimeVerifier();
  SmimeVerifier(const SmimeVerifier&) = delete;
  SmimeVerifier& operator=(const SmimeVerifier&) = delete;

  // True when the top-level Content-Type is multipart/signed with a PKCS#7 signature.
  static bool is_signed(std::string_view raw);

  // Pass (smime=pass), Fail (smime=fail), or None with smime=pass-unaligned /
  // smime=untrusted
  // (chain not trusted) / smime=permerror (unreadable structure). Thread-safe; never throws.
  AuthResult verify(std::string_view raw, std::string_view from_domain) const;

 private:
  SmimeSettings settings_;
  X509_STORE* store_ = nullptr;
};

}  // namespace sa
