// privileges.cc - switch from root to the configured user (groups first, then uid).
#include "daemon/privileges.h"

#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace sa {
namespace {

const passwd& find_user(const std::string& user) {
  const passwd* pw = getpwnam(user.c_str());
  if (pw == nullptr) throw std::runtime_error("user '" + user + "' does not exist");
  return *pw;
}

void check(int rc, const char* step) {
  if (rc != 0) throw std::runtime_error(std::string(step) + ": " + std::strerror(errno));
}

}  // namespace

int lookup_user_id(const std::string& user) {
  if (user.empty()) return -1;
  return static_cast<int>(find_user(user).pw_uid);
}

void drop_privileges(const std::string& user) {
  if (user.empty() || geteuid() != 0) return;
  const passwd& pw = find_user(user);
  uid_t uid = pw.pw_uid;
  gid_t gid = pw.pw_gid;
  std::string name = pw.pw_name;
  check(initgroups(name.c_str(), gid), "initgroups");
  check(setgid(gid), "setgid");
  check(setuid(uid), "setuid");
  if (setuid(0) == 0) throw std::runtime_error("could regain root after dropping privileges");
}

}  // namespace sa
