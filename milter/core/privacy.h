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

}  // namespace sa
