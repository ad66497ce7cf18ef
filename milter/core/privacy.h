// privacy.h - how the 利用者番号 (a login credential) is shown in headers, JSON and logs:
// masked (default), salted-hash, full, or omitted, as privacy.user_number says.
#pragma once

#include <string>

#include "core/config.h"

namespace sa {

// "*******1234" for mask (all but the last 4 characters), "sha256:<16 hex>" for hash,
// the value for full, "" for omit. An empty input gives "".
std::string present_user_number(const std::string& full, UserNumberPrivacy policy,
                                const std::string& salt);

// Free text copied from mail (a company, a subject, a printout's field) with every 利用者番号
// in it masked, whatever privacy.user_number says: a run of digits (ASCII or full-width)
// equal to `known` (the number the notice gave, may be empty), and the digits after a
// 利用者番号 label ("利用者番号: 123-4567-8901"), all but the last four become '*'. A
// credential has no place in a company name, and a printout gives no number to compare.
std::string mask_user_numbers_in(const std::string& text, const std::string& known);

}  // namespace sa
