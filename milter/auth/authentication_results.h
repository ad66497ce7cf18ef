// authentication_results.h - reads Authentication-Results headers (RFC 8601 subset) left by
// a trusted upstream MTA: a trusted authserv-id reporting dkim=pass for an allowed, aligned
// header.d proves a directly delivered notice. Results from other authserv-ids are ignored:
// anyone can write that header. It does not verify anything itself, and it relies on the
// trusted MTA removing forged headers carrying its own authserv-id (RFC 8601 section 5).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/original_auth.h"

namespace sa {

// One "method=result" statement of an Authentication-Results header.
struct AuthResultStatement {
  std::string method;                                      // lower case, e.g. "dkim"
  std::string result;                                      // lower case, e.g. "pass"
  std::vector<std::pair<std::string, std::string>> props;  // e.g. {"header.d", "ipa.go.jp"}
  std::string prop(std::string_view name) const;           // "" when absent
};

struct ParsedAuthResults {
  std::string authserv_id;  // lower case; empty when the header is unparsable
  std::vector<AuthResultStatement> statements;
};

// Parses one header value; comments in parentheses are skipped. Never throws.
ParsedAuthResults parse_authentication_results(std::string_view value);

// Looks at every Authentication-Results header of `raw`. Pass (method "dkim-upstream",
// reason dkim=pass-upstream) when a trusted authserv-id says dkim=pass with header.d
// allowed and aligned with `from_domain`; None with reason auth-results=untrusted when
// only untrusted ids say so; None without reasons otherwise.
AuthResult check_upstream_results(std::string_view raw, std::string_view from_domain,
                                  const std::vector<std::string>& trusted_authserv_ids,
                                  const std::vector<std::string>& allowed_domains);

}  // namespace sa
