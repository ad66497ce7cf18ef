// domain_policy.cc - relaxed alignment of signing domains.
#include "auth/domain_policy.h"

#include <string>

#include "auth/raw_message.h"
#include "core/ascii.h"
#include "core/sender_domain.h"

namespace sa {
namespace {

std::string clean(std::string_view domain) {
  while (!domain.empty() && domain.back() == '.') domain.remove_suffix(1);
  return ascii_lower(domain);
}

}  // namespace

bool domains_aligned(std::string_view a, std::string_view b) {
  std::string x = clean(a);
  std::string y = clean(b);
  if (x.empty() || y.empty()) return false;
  return domain_allowed(x, {y}) || domain_allowed(y, {x});
}

}  // namespace sa
