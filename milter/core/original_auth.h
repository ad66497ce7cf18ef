// original_auth.h - the interface through which the engine asks whether an original
// notice is cryptographically authentic (DKIM, S-MIME, trusted Authentication-Results).
// Implementations live outside the pure core (milter/auth) since they may use DNS.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/mime_tree.h"

namespace sa {

struct AuthResult {
  // Pass: proves the original as read. Fail: a signature of the claimed sender is broken.
  // Partial: a signature verifies but does not prove what is read (a header outside h=,
  // l=, rsa-sha1, weak or testing key, expired): the engine treats it like Fail.
  enum class Status { None, Pass, Fail, TempError, Partial };
  Status status = Status::None;
  std::string method;    // "dkim", "smime", "arc-trusted"...; empty when None
  std::string domain;    // d= / signer domain
  std::string selector;  // s= for DKIM
  std::string detail;    // human readable, e.g. "body hash mismatch"
  // Reasons to add to the verdict, e.g. "dkim=pass", "dkim=fail", "dkim-l=partial".
  std::vector<std::string> reasons;
  // Value for the <prefix>Auth header, e.g. "dkim=pass header.d=ipa.go.jp header.s=s1".
  std::string header;
};

class OriginalAuthenticator {
 public:
  virtual ~OriginalAuthenticator() = default;
  // `original` is the message that claims to be the IPA notice; original.raw holds its
  // exact bytes. `from_domain` is the domain of its From address (lower case).
  // Must be thread-safe and must not throw for bad input.
  virtual AuthResult authenticate(const MessageView& original, const std::string& from_domain,
                                  bool is_outer_message) const = 0;
};

}  // namespace sa
