// dkim_verifier.h - DKIM verification of one original's exact bytes with libopendkim,
// judged by the project's rules: a signature counts only if it verifies, its d= is an
// allowed domain, it is aligned with the original's From domain, it signs the whole body
// and every header the engine reads (signing_policy.h), with rsa-sha256 and a key of at
// least 1024 bits, not in testing mode and not expired; otherwise it is refused. Keys come from a
// key file (OpenDKIM query-file format) or from DNS (dkim_key_lookup.h: the configured servers,
// a TTL cache), all lookups for one original within dns_timeout_ms. It does not look at S/MIME
// or Authentication-Results.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/nameserver_address.h"
#include "core/original_auth.h"

struct dkim_lib;  // libopendkim's DKIM_LIB

namespace sa {

struct DkimSettings {
  std::string key_file;            // empty: DNS
  unsigned dns_timeout_ms = 5000;  // for all key lookups of one original together
  std::vector<std::string> allowed_domains;
  std::vector<NameserverAddress> nameservers;  // empty: /etc/resolv.conf's
};

class DkimKeyLookup;

class DkimVerifier {
 public:
  explicit DkimVerifier(DkimSettings settings);
  ~DkimVerifier();
  DkimVerifier(const DkimVerifier&) = delete;
  DkimVerifier& operator=(const DkimVerifier&) = delete;

  // Verifies every DKIM-Signature of `raw` (at most a few, allowed domains first) and
  // returns the best one by pass > fail > refused > temperror > permerror > unaligned >
  // none. Thread-safe; never throws.
  AuthResult verify(std::string_view raw, std::string_view from_domain) const;

 private:
  DkimSettings settings_;
  std::unique_ptr<DkimKeyLookup> keys_;  // DNS; null with a key file
  dkim_lib* lib_ = nullptr;
};

}  // namespace sa
