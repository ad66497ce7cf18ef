// recipient_address.h - envelope recipients against the addresses an office configures
// (scope.recipients, routing match.recipient): an exact address, the same address with a
// subaddress (grants+kobe@ is grants@ when '+' is a delimiter, as Postfix's
// recipient_delimiter), or every mailbox of a domain (@grants.example.lg.jp); ASCII case
// never matters. Pure: no DNS, no aliases.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sa {

// `address` without surrounding angle brackets, lower-cased.
std::string bare_recipient(std::string_view address);

// Why `entry` is not an address an office can configure ("" when it is): "local@domain" or
// "@domain", no spaces, angle brackets, commas or quotes.
std::string recipient_entry_problem(std::string_view entry);

// True when the envelope recipient `address` is one of `entries` (lower-cased entries as
// above): equal to one, equal once its local part is cut at the first of `delimiters`
// (none when empty), or in the domain of an "@domain" entry.
bool recipient_matches(std::string_view address, const std::vector<std::string>& entries,
                       std::string_view delimiters);

}  // namespace sa
