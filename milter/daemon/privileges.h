// privileges.h - dropping root privileges to the configured user once the socket is open.
// Does nothing when the process does not run as root.
#pragma once

#include <string>

namespace sa {

// uid of `user`, or -1 when `user` is empty. Throws std::runtime_error for an unknown user.
int lookup_user_id(const std::string& user);

// When running as root and `user` is not empty: switches to the user's groups and then its
// uid, irreversibly. Throws std::runtime_error when the user is unknown or a step fails.
void drop_privileges(const std::string& user);

}  // namespace sa
