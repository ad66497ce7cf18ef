// domain_policy.h - which signing domains count for an IPA notice: allowed domains
// (label-boundary suffix match) and relaxed alignment with the original's From domain.
// It does not detect look-alike domains (the core's sender checks do that).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sa {

// True when `domain` equals an allowed domain or is a subdomain of one (label boundary:
// sub.ipa.go.jp yes, evilipa.go.jp no). Case-insensitive; a trailing dot is ignored.
bool is_allowed_domain(std::string_view domain, const std::vector<std::string>& allowed);

// Relaxed alignment: the two domains are equal or one is a subdomain of the other.
bool domains_aligned(std::string_view a, std::string_view b);

}  // namespace sa
