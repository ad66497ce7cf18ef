// domain_policy.cc - allowed-domain and alignment checks on signing domains.
#include "auth/domain_policy.h"

#include "auth/raw_message.h"

namespace sa {
namespace {

std::string clean(std::string_view domain) {
  while (!domain.empty() && domain.back() == '.') domain.remove_suffix(1);
  return ascii_lower(domain);
}

// True when `domain` is `parent` or ends with "." + parent.
bool within(const std::string& domain, const std::string& parent) {
  if (domain.empty() || parent.empty()) return false;
  if (domain == parent) return true;
  return domain.size() > parent.size() &&
         domain.compare(domain.size() - parent.size(), parent.size(), parent) == 0 &&
         domain[domain.size() - parent.size() - 1] == '.';
}

}  // namespace

bool is_allowed_domain(std::string_view domain, const std::vector<std::string>& allowed) {
  std::string d = clean(domain);
  for (const std::string& a : allowed) {
    if (within(d, clean(a))) return true;
  }
  return false;
}

bool domains_aligned(std::string_view a, std::string_view b) {
  std::string x = clean(a);
  std::string y = clean(b);
  return within(x, y) || within(y, x);
}

}  // namespace sa
