// postfix_queue.cc - running postqueue, postcat, postsuper and sendmail: fork + execv with
// stdin fed and stdout/stderr collected through poll(), so no pipe can fill and block.
#include "cli/postfix_queue.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/text_controls.h"

namespace sa::cli {
namespace {

// The tool's path: PATH first, then where Debian installs Postfix's commands (a reviewer's
// PATH often has no /usr/sbin).
std::string find_tool(const std::string& tool) {
  std::string dirs;
  if (const char* path = std::getenv("PATH")) dirs = path;
  dirs += ":/usr/sbin:/usr/local/sbin";
  std::stringstream in(dirs);
  std::string dir;
  while (std::getline(in, dir, ':')) {
    if (dir.empty()) continue;
    const std::string candidate = dir + "/" + tool;
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  throw PostfixError(tool + ": not found (is Postfix installed?)");
}

struct Pipe {
  int fd[2] = {-1, -1};
  Pipe() {
    if (pipe2(fd, O_CLOEXEC) != 0) throw PostfixError(std::string("pipe: ") + std::strerror(errno));
  }
  ~Pipe() {
    for (int f : fd) {
      if (f >= 0) close(f);
    }
  }
  void close_end(int i) {
    if (fd[i] >= 0) close(fd[i]);
    fd[i] = -1;
  }
};

}  // namespace

std::string queued_for(std::int64_t arrival, std::int64_t now) {
  const std::int64_t s = now > arrival ? now - arrival : 0;
  if (s < 3600) return std::to_string(s / 60) + "m";
  if (s < 86400) return std::to_string(s / 3600) + "h" + std::to_string(s % 3600 / 60) + "m";
  return std::to_string(s / 86400) + "d" + std::to_string(s % 86400 / 3600) + "h";
}

PostfixQueue::PostfixQueue(std::string config_dir) : config_dir_(std::move(config_dir)) {}

bool PostfixQueue::valid_queue_id(const std::string& queue_id) {
  return !queue_id.empty() && queue_id.size() <= 32 &&
         std::all_of(queue_id.begin(), queue_id.end(),
                     [](unsigned char c) { return std::isalnum(c) != 0; });
}

std::string PostfixQueue::run(const std::string& tool, std::vector<std::string> args,
                              const std::string& input) const {
  const std::string path = find_tool(tool);
  if (!config_dir_.empty()) {
    args.insert(args.begin(), {tool == "sendmail" ? "-C" : "-c", config_dir_});
  }
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(path.c_str()));
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  Pipe in, out, err;
  const pid_t pid = fork();
  if (pid < 0) throw PostfixError(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    dup2(in.fd[0], STDIN_FILENO);
    dup2(out.fd[1], STDOUT_FILENO);
    dup2(err.fd[1], STDERR_FILENO);
    execv(path.c_str(), argv.data());
    _exit(127);
  }
  in.close_end(0);
  out.close_end(1);
  err.close_end(1);
  std::signal(SIGPIPE, SIG_IGN);
  std::string stdout_text, stderr_text;
  std::size_t written = 0;
  if (input.empty()) in.close_end(1);
  while (out.fd[0] >= 0 || err.fd[0] >= 0) {
    pollfd fds[3] = {{in.fd[1], POLLOUT, 0}, {out.fd[0], POLLIN, 0}, {err.fd[0], POLLIN, 0}};
    if (poll(fds, 3, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (in.fd[1] >= 0 && (fds[0].revents & (POLLOUT | POLLERR | POLLHUP))) {
      const ssize_t n = write(in.fd[1], input.data() + written, input.size() - written);
      if (n > 0) written += static_cast<std::size_t>(n);
      if (n < 0 || written == input.size()) in.close_end(1);
    }
    char buf[8192];
    for (int i = 1; i <= 2; ++i) {
      Pipe& p = i == 1 ? out : err;
      if (p.fd[0] < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      const ssize_t n = read(p.fd[0], buf, sizeof buf);
      if (n > 0) {
        (i == 1 ? stdout_text : stderr_text).append(buf, static_cast<std::size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        p.close_end(0);
      }
    }
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    while (!stderr_text.empty() && stderr_text.back() == '\n') stderr_text.pop_back();
    std::string command = tool;
    for (const auto& a : args) command += " " + a;
    throw PostfixError(command + ": " +
                       (stderr_text.empty()
                            ? "failed with status " + std::to_string(WEXITSTATUS(status))
                            : stderr_text));
  }
  return stdout_text;
}

std::vector<HeldEntry> PostfixQueue::held() const {
  std::vector<HeldEntry> entries;
  std::istringstream lines(run("postqueue", {"-j"}));
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    const auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) throw PostfixError("postqueue -j: not JSON: " + line);
    if (j.value("queue_name", "") != "hold") continue;
    HeldEntry e;
    e.queue_id = j.value("queue_id", "");
    // Envelope addresses are shown on terminals, pages and in logs: no controls in them.
    e.sender = line_safe(j.value("sender", ""), '?', false, 998);
    e.arrival_time = j.value("arrival_time", std::int64_t{0});
    e.size = j.value("message_size", std::int64_t{0});
    if (j.contains("recipients") && j["recipients"].is_array()) {
      for (const auto& r : j["recipients"]) {
        if (r.is_object())
          e.recipients.push_back(line_safe(r.value("address", ""), '?', false, 998));
      }
    }
    entries.push_back(std::move(e));
  }
  std::sort(entries.begin(), entries.end(), [](const HeldEntry& a, const HeldEntry& b) {
    return a.arrival_time != b.arrival_time ? a.arrival_time < b.arrival_time
                                            : a.queue_id < b.queue_id;
  });
  return entries;
}

HeldEntry PostfixQueue::find_held(const std::string& queue_id) const {
  if (!valid_queue_id(queue_id)) throw PostfixError("'" + queue_id + "' is not a queue id");
  for (auto& e : held()) {
    if (e.queue_id == queue_id) return e;
  }
  throw PostfixError(queue_id + " is not in the hold queue (see: sa-triage held list)");
}

std::string PostfixQueue::message(const std::string& queue_id, bool with_body) const {
  if (!valid_queue_id(queue_id)) throw PostfixError("'" + queue_id + "' is not a queue id");
  std::vector<std::string> args{"-h"};
  if (with_body) args.push_back("-b");
  args.insert(args.end(), {"-q", queue_id});
  return run("postcat", args);
}

void PostfixQueue::release(const std::string& queue_id) const {
  find_held(queue_id);
  run("postsuper", {"-H", queue_id});
  // postsuper -H moves it to the deferred queue; ask for delivery now rather than at the
  // next queue run. A failure here only delays it.
  try {
    run("postqueue", {"-i", queue_id});
  } catch (const PostfixError&) {
  }
}

void PostfixQueue::remove(const std::string& queue_id) const {
  find_held(queue_id);
  run("postsuper", {"-d", queue_id, "hold"});
}

void PostfixQueue::submit(const std::string& message) const {
  run("sendmail", {"-i", "-t"}, message);
}

}  // namespace sa::cli
