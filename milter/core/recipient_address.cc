// recipient_address.cc - matching envelope recipients against configured addresses.
#include "core/recipient_address.h"

#include <algorithm>

#include "core/ascii.h"

namespace sa {

std::string bare_recipient(std::string_view a) {
  if (a.size() >= 2 && a.front() == '<' && a.back() == '>') a = a.substr(1, a.size() - 2);
  return ascii_lower(a);
}

std::string recipient_entry_problem(std::string_view entry) {
  const std::size_t at = entry.rfind('@');
  if (at == std::string_view::npos) return "has no '@'";
  if (entry.find_first_of("<>\"(), \t\r\n") != std::string_view::npos) {
    return "must be a plain address or @domain";
  }
  const std::string_view domain = entry.substr(at + 1);
  if (domain.empty() || domain.find('.') == std::string_view::npos || domain.front() == '.' ||
      domain.back() == '.' || domain.find('@') != std::string_view::npos) {
    return "has no domain name after '@'";
  }
  return "";
}

bool recipient_matches(std::string_view address, const std::vector<std::string>& entries,
                       std::string_view delimiters) {
  const std::string a = bare_recipient(address);
  const std::size_t at = a.rfind('@');
  std::string base = a;  // the address without its subaddress
  if (at != std::string::npos && !delimiters.empty()) {
    const std::size_t cut = a.find_first_of(delimiters);
    if (cut != std::string::npos && cut > 0 && cut < at) base = a.substr(0, cut) + a.substr(at);
  }
  const std::string domain = at == std::string::npos ? "" : a.substr(at);  // "@domain"
  return std::any_of(entries.begin(), entries.end(), [&](const std::string& e) {
    return e == a || e == base || (!domain.empty() && e == domain);
  });
}

}  // namespace sa
