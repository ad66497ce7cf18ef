// domain_policy.h - relaxed alignment of a signing domain with the original's From domain.
// Whether a domain is allowed at all is core's domain_allowed (core/sender_domain.h).
#pragma once

#include <string_view>

namespace sa {

// Relaxed alignment: the two domains are equal or one is a subdomain of the other.
bool domains_aligned(std::string_view a, std::string_view b);

}  // namespace sa
