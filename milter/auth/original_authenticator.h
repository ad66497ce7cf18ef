// original_authenticator.h - the OriginalAuthenticator the CLI and the daemon use: S/MIME
// when the original is multipart/signed, DKIM on its exact bytes, and for the outer message
// (direct/redirect) a trusted upstream Authentication-Results. The strongest result wins
// (pass > fail > partial > temperror > none); reasons of every check that ran are kept.
#pragma once

#include <memory>

#include "auth/dkim_verifier.h"
#include "auth/smime_verifier.h"
#include "core/config.h"
#include "core/original_auth.h"

namespace sa {

class SignedOriginalAuthenticator : public OriginalAuthenticator {
 public:
  explicit SignedOriginalAuthenticator(std::shared_ptr<const Config> config);

  // Thread-safe; never throws (a failure inside becomes status None with a reason).
  AuthResult authenticate(const MessageView& original, const std::string& from_domain,
                          bool is_outer_message) const override;

 private:
  AuthResult combine(std::string_view raw, const std::string& from_domain,
                     bool is_outer_message) const;

  std::shared_ptr<const Config> config_;
  DkimVerifier dkim_;
  SmimeVerifier smime_;
};

// The authenticator for the CLI and the daemon (DNS or config.dkim_key_file, the
// configured CA bundle or the system store). A null config means the built-in defaults.
std::shared_ptr<const OriginalAuthenticator> make_original_authenticator(
    std::shared_ptr<const Config> config);

}  // namespace sa
