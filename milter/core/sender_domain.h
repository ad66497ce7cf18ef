// sender_domain.h - who sent the original notice: the address in a From value as mail
// clients write it, whether its domain is allowed (label boundary), and whether a domain
// that is not allowed imitates one that is (look-alikes, punycode homoglyphs).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sa {

// The mail address in a From value: "Name <a@b>", "Name [mailto:a@b]", "a@b (Name)",
// "*Name* <a@b>". Lower-cased; "" when there is none.
std::string address_of(std::string_view from_value);

// The part after the last '@', lower-cased, trailing dot removed; "" when none.
std::string domain_of(std::string_view address);

// True when `domain` is one of `allowed` or a subdomain of one (label boundary).
bool domain_allowed(std::string_view domain, const std::vector<std::string>& allowed);

// The allowed domain that `domain` imitates ("" when none): ipa-go.jp, lpa.go.jp,
// ipa.go.jp.example.com, ipa.go.jp-secure.net, xn--ip-... with Cyrillic letters, ...
std::string imitated_domain(std::string_view domain, const std::vector<std::string>& allowed);

}  // namespace sa
