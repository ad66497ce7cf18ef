// start_check.cc - the host checks of start_check.h: users and groups from the passwd and
// group databases, permissions computed from stat() for the service user (not access(2),
// which would answer for whoever runs the check, often root).
#include "host/start_check.h"

#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "core/printout_module.h"

namespace sa {
namespace {

std::string octal(unsigned mode) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", mode & 07777);
  return buf;
}

std::string user_name(uid_t uid) {
  const passwd* pw = getpwuid(uid);
  return pw != nullptr ? pw->pw_name : std::to_string(uid);
}

std::string group_name(gid_t gid) {
  const group* gr = getgrgid(gid);
  return gr != nullptr ? gr->gr_name : std::to_string(gid);
}

// "owner root:postfix, mode 0750"
std::string describe(const struct stat& st) {
  return "owner " + user_name(st.st_uid) + ":" + group_name(st.st_gid) + ", mode " +
         octal(st.st_mode);
}

// The permission bits (r=4, w=2, x=1) `who` has on a file, as the kernel decides them.
unsigned bits_for(const ServiceIdentity& who, const struct stat& st) {
  if (who.uid == 0) return 7;
  if (st.st_uid == who.uid) return (st.st_mode >> 6) & 7;
  if (std::find(who.gids.begin(), who.gids.end(), st.st_gid) != who.gids.end()) {
    return (st.st_mode >> 3) & 7;
  }
  return st.st_mode & 7;
}

// The first ancestor directory of `path` (from "/" down, `path` excluded) that `who` cannot
// search, or "" when every one can be searched. `st_out` receives its stat.
std::string unsearchable_ancestor(const ServiceIdentity& who, const std::filesystem::path& path,
                                  struct stat& st_out) {
  std::filesystem::path at;
  for (const auto& part : path.parent_path()) {
    at /= part;
    struct stat st {};
    if (stat(at.c_str(), &st) != 0) return "";  // missing: reported elsewhere
    if ((bits_for(who, st) & 1) == 0) {
      st_out = st;
      return at.string();
    }
  }
  return "";
}

ServiceIdentity current_identity() {
  ServiceIdentity who;
  who.uid = geteuid();
  who.name = user_name(who.uid);
  who.gids.push_back(getegid());
  const int n = getgroups(0, nullptr);
  if (n > 0) {
    std::vector<gid_t> groups(static_cast<std::size_t>(n));
    if (getgroups(n, groups.data()) == n) {
      for (gid_t g : groups) who.gids.push_back(g);
    }
  }
  return who;
}

// milter.user with its groups (this process's when it runs as that user already).
bool service_identity(const Config& config, ServiceIdentity& who) {
  if (config.user.empty()) {
    who = current_identity();
    return true;
  }
  const passwd* pw = getpwnam(config.user.c_str());
  if (pw == nullptr) return false;
  if (pw->pw_uid == geteuid()) {
    who = current_identity();
    return true;
  }
  who.name = pw->pw_name;
  who.uid = pw->pw_uid;
  who.gids = {pw->pw_gid};
  int n = 64;
  std::vector<gid_t> groups(static_cast<std::size_t>(n));
  if (getgrouplist(pw->pw_name, pw->pw_gid, groups.data(), &n) < 0) {
    groups.resize(static_cast<std::size_t>(n));
    getgrouplist(pw->pw_name, pw->pw_gid, groups.data(), &n);
  }
  groups.resize(static_cast<std::size_t>(std::max(n, 0)));
  for (gid_t g : groups) who.gids.push_back(g);
  return true;
}

// The socket-group member's view: only its group counts (Postfix owns neither the directory
// nor the socket).
ServiceIdentity group_member(const group& gr) {
  return {gr.gr_name, static_cast<unsigned>(-2), {gr.gr_gid}};
}

class Checker {
 public:
  Checker(const Config& config, StartedBy started_by, std::string socket_flag,
          std::string printout_module)
      : config_(config),
        started_by_(started_by),
        socket_flag_(std::move(socket_flag)),
        printout_module_(std::move(printout_module)) {}

  std::vector<StartProblem> run();

 private:
  void problem(const std::string& key, const std::string& message, bool blocks = true) {
    problems_.push_back(
        {config_.locate(key, key == "milter.socket" ? socket_flag_ : ""), message, blocks});
  }
  void check_socket(const ServiceIdentity* who, const group* socket_group);
  void check_ledger(const ServiceIdentity& who);
  void check_metrics(const ServiceIdentity& who);
  void check_readable(const ServiceIdentity& who, const std::string& key, const std::string& file);
  void check_printout_module(const ServiceIdentity& who);

  const Config& config_;
  const StartedBy started_by_;
  const std::string socket_flag_;
  const std::string printout_module_;
  std::vector<StartProblem> problems_;
};

void Checker::check_socket(const ServiceIdentity* who, const group* socket_group) {
  if (config_.socket.rfind("unix:", 0) != 0 && config_.socket.rfind("local:", 0) != 0) return;
  const std::filesystem::path socket = config_.socket.substr(config_.socket.find(':') + 1);
  if (socket.is_relative()) return;  // the config loader's socket parse reports that
  const std::filesystem::path dir = socket.parent_path();
  const std::string owner = config_.user.empty() ? "USER" : config_.user;
  const std::string group = config_.socket_group.empty() ? "GROUP" : config_.socket_group;
  struct stat st {};
  if (stat(dir.c_str(), &st) != 0) {
    const int err = errno;
    struct stat parent {};
    const bool creatable = err == ENOENT && who != nullptr && who->uid == 0 &&
                           stat(dir.parent_path().c_str(), &parent) == 0 && S_ISDIR(parent.st_mode);
    if (!creatable) {
      problem("milter.socket", "directory " + dir.string() + ": " + std::strerror(err) +
                                   " (create it: install -d -m 0750 -o " + owner + " -g " + group +
                                   " " + dir.string() + ")");
    }
    return;  // started as root, the milter creates it (prepare_socket_directory)
  }
  if (!S_ISDIR(st.st_mode)) {
    problem("milter.socket", dir.string() + " is not a directory");
    return;
  }
  if (who != nullptr && (bits_for(*who, st) & 3) != 3) {
    problem("milter.socket", "user " + who->name + " cannot create the socket in " + dir.string() +
                                 " (" + describe(st) + "; fix: chown " + owner + ":" + group + " " +
                                 dir.string() + ")");
  }
  struct stat existing {};
  if (lstat(socket.c_str(), &existing) == 0 && !S_ISSOCK(existing.st_mode)) {
    problem("milter.socket", socket.string() + " exists and is not a socket");
  }
  if (socket_group == nullptr) return;
  // Postfix connects as a member of milter.socket_group: it must enter every directory on the
  // way and have read and write access to the socket itself.
  const ServiceIdentity member = group_member(*socket_group);
  struct stat blocked {};
  const std::string ancestor = unsearchable_ancestor(member, socket, blocked);
  if (!ancestor.empty()) {
    problem("milter.socket", "group " + member.name + " cannot enter " + ancestor + " (" +
                                 describe(blocked) + "): Postfix cannot connect (fix: chgrp " +
                                 member.name + " " + ancestor + "; chmod g+x " + ancestor + ")");
  }
  const unsigned mode = std::stoul(config_.socket_mode, nullptr, 8);
  if ((mode & 060) != 060) {
    problem("milter.socket_mode", "mode " + config_.socket_mode + " gives group " + member.name +
                                      " no read and write access to the socket: Postfix "
                                      "cannot connect (use \"0660\")");
  }
}

void Checker::check_readable(const ServiceIdentity& who, const std::string& key,
                             const std::string& file) {
  if (file.empty()) return;
  struct stat st {};
  if (stat(file.c_str(), &st) != 0) {
    problem(key, file + ": " + std::strerror(errno));
    return;
  }
  struct stat blocked {};
  const std::string ancestor = unsearchable_ancestor(who, file, blocked);
  if (!ancestor.empty()) {
    problem(key, "user " + who.name + " cannot enter " + ancestor + " (" + describe(blocked) + ")");
  } else if ((bits_for(who, st) & 4) == 0) {
    problem(key, "user " + who.name + " cannot read " + file + " (" + describe(st) + ")");
  }
}

// The module is checked as a file, not loaded: the programs load it only when a printout is
// first read (core/printout_module.h). Without it mail still flows.
void Checker::check_printout_module(const ServiceIdentity& who) {
  if (!config_.printouts.pdf && !config_.printouts.ocr) return;
  const std::size_t before = problems_.size();
  check_readable(who, config_.printouts.pdf ? "printouts.pdf" : "printouts.ocr", printout_module_);
  for (std::size_t i = before; i < problems_.size(); ++i) {
    problems_[i].message = "the printout readers: " + problems_[i].message +
                           " (reinstall the sa-triage package); printouts would not be read "
                           "(printout=reader-unavailable)";
    problems_[i].blocks_start = false;
  }
}

void Checker::check_ledger(const ServiceIdentity& who) {
  if (config_.ledger_backend != Config::LedgerBackend::Sqlite) return;
  // The milter gives the file to ledger.reviewer_group: it must exist and have the user.
  if (const std::string& reviewers = config_.ledger_reviewer_group; !reviewers.empty()) {
    const group* gr = getgrnam(reviewers.c_str());
    const std::string why = ": the ledger cannot be opened; evidence would go unrecorded";
    if (gr == nullptr) {
      problem("ledger.reviewer_group",
              "group '" + reviewers + "' does not exist (create it: groupadd --system " +
                  reviewers + ")" + why,
              false);
    } else if (std::find(who.gids.begin(), who.gids.end(), gr->gr_gid) == who.gids.end()) {
      problem("ledger.reviewer_group",
              "user " + who.name + " is not a member of group " + reviewers +
                  " (fix: usermod -aG " + reviewers + " " + who.name + ")" + why,
              false);
    }
  }
  const std::filesystem::path file = config_.ledger_path;
  const std::filesystem::path dir = file.parent_path().empty() ? "." : file.parent_path();
  const std::string why = ": every message's evidence would go unrecorded";
  struct stat st {};
  if (stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    problem("ledger.path",
            "directory " + dir.string() + " does not exist (create it: install -d -m 0750 -o " +
                who.name + " " + dir.string() + ")" + why,
            false);
    return;
  }
  struct stat blocked {};
  const std::string ancestor = unsearchable_ancestor(who, file, blocked);
  if (!ancestor.empty()) {
    problem("ledger.path",
            "user " + who.name + " cannot enter " + ancestor + " (" + describe(blocked) + ")" + why,
            false);
    return;
  }
  // SQLite writes its journal beside the file: the directory must be writable too.
  if ((bits_for(who, st) & 3) != 3) {
    problem("ledger.path",
            "user " + who.name + " cannot write in " + dir.string() + " (" + describe(st) +
                "; fix: chown " + who.name + " " + dir.string() + ")" + why,
            false);
  }
  struct stat db {};
  if (stat(file.c_str(), &db) == 0 && (bits_for(who, db) & 6) != 6) {
    problem("ledger.path",
            "user " + who.name + " cannot read and write " + file.string() + " (" + describe(db) +
                "; fix: chown " + who.name + " " + file.string() + ")" + why,
            false);
  }
}

void Checker::check_metrics(const ServiceIdentity& who) {
  if (config_.metrics_listen.empty()) return;
  ListenAddress address;
  std::string why;
  if (!parse_listen_address(config_.metrics_listen, address, why)) {
    problem("metrics.listen", "'" + config_.metrics_listen + "': " + why);
    return;
  }
  // Started as root the endpoint binds before privileges are dropped; the systemd unit starts
  // the milter as its user with no capabilities at all.
  if (address.port > 0 && address.port < 1024 && who.uid != 0) {
    problem("metrics.listen", "port " + std::to_string(address.port) + " is below 1024 and user " +
                                  who.name + " may not bind it (use 9795)");
  }
}

std::vector<StartProblem> Checker::run() {
  ServiceIdentity who;
  const bool have_user = service_identity(config_, who);
  if (!have_user) {
    problem("milter.user", "user '" + config_.user +
                               "' does not exist (create it: adduser --system --ingroup postfix " +
                               config_.user + ")");
  }
  const group* socket_group = nullptr;
  std::string socket_group_name;
  if (!config_.socket_group.empty()) {
    socket_group = getgrnam(config_.socket_group.c_str());
    if (socket_group == nullptr) {
      problem("milter.socket_group", "group '" + config_.socket_group +
                                         "' does not exist (is Postfix installed? its daemons "
                                         "run as group postfix)");
    }
  }
  // Started as root, root creates the socket and binds the metrics port.
  const ServiceIdentity starter =
      started_by_ == StartedBy::ThisProcess && geteuid() == 0 ? current_identity() : who;
  check_socket(have_user ? &starter : nullptr, socket_group);
  if (have_user) {
    check_ledger(who);
    check_readable(who, "dkim.key_file", config_.dkim_key_file);
    check_readable(who, "smime.ca_file", config_.smime_ca_file);
    check_metrics(starter);
    check_printout_module(who);
  }
  return problems_;
}

}  // namespace

std::vector<StartProblem> check_start(const Config& config, StartedBy started_by,
                                      const std::string& socket_flag,
                                      const std::string& printout_module) {
  return Checker(config, started_by, socket_flag,
                 printout_module.empty() ? printout_module_path() : printout_module)
      .run();
}

std::string group_access_problem(const std::string& socket_path, const std::string& group_name,
                                 const std::string& socket_mode) {
  const group* gr = getgrnam(group_name.c_str());
  if (gr == nullptr) return "group " + group_name + " does not exist";
  const ServiceIdentity member = group_member(*gr);
  struct stat blocked {};
  const std::string ancestor = unsearchable_ancestor(member, socket_path, blocked);
  if (!ancestor.empty()) {
    return "group " + member.name + " cannot enter " + ancestor + " (" + describe(blocked) + ")";
  }
  struct stat st {};
  if (stat(socket_path.c_str(), &st) == 0) {
    if ((bits_for(member, st) & 6) != 6) {
      return "group " + member.name + " has no read and write access to " + socket_path + " (" +
             describe(st) + ")";
    }
  } else if ((std::stoul(socket_mode, nullptr, 8) & 060) != 060) {
    return "mode " + socket_mode + " gives group " + member.name + " no read and write access";
  }
  return "";
}

void prepare_socket_directory(const Config& config) {
  if (geteuid() != 0 || config.socket.rfind("unix:", 0) != 0) return;
  const std::filesystem::path dir = std::filesystem::path(config.socket.substr(5)).parent_path();
  struct stat st {};
  if (dir.empty() || stat(dir.c_str(), &st) == 0 || stat(dir.parent_path().c_str(), &st) != 0) {
    return;
  }
  if (mkdir(dir.c_str(), 0750) != 0) {
    throw std::runtime_error("cannot create socket directory " + dir.string() + ": " +
                             std::strerror(errno));
  }
  uid_t uid = static_cast<uid_t>(-1);
  gid_t gid = static_cast<gid_t>(-1);
  if (const passwd* pw = config.user.empty() ? nullptr : getpwnam(config.user.c_str())) {
    uid = pw->pw_uid;
  }
  if (const group* gr =
          config.socket_group.empty() ? nullptr : getgrnam(config.socket_group.c_str())) {
    gid = gr->gr_gid;
  }
  if ((uid != static_cast<uid_t>(-1) || gid != static_cast<gid_t>(-1)) &&
      chown(dir.c_str(), uid, gid) != 0) {
    throw std::runtime_error("chown " + dir.string() + ": " + std::strerror(errno));
  }
  // mkdir's mode is cut by the umask; the directory must be exactly 0750.
  if (chmod(dir.c_str(), 0750) != 0) {
    throw std::runtime_error("chmod " + dir.string() + ": " + std::strerror(errno));
  }
}

}  // namespace sa
