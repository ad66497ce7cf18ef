// milter_daemon.cc - child-process control of sa-triage-milter for the protocol tests.
#include "milter_daemon.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "asio.h"

namespace sa::test {

TempDir::TempDir() {
  char pattern[] = "/tmp/sa-milter-test.XXXXXX";
  if (mkdtemp(pattern) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

YAML::Node test_config(const std::string& socket_spec) {
  YAML::Node config = YAML::LoadFile(SA_CONFIG_FILE);
  config["milter"]["socket"] = socket_spec;
  config["milter"]["user"] = "";
  config["milter"]["socket_group"] = "";
  config["milter"]["log"] = "stderr";
  config["metrics"]["listen"] = "";      // tests that scrape set a free port
  config["ledger"]["backend"] = "none";  // each message judged alone unless a test asks
  return config;
}

void write_config(const YAML::Node& config, const std::string& path) {
  std::ofstream out(path);
  out << YAML::Dump(config) << "\n";
}

int free_tcp_port() {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor acceptor(
      io, boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
  return acceptor.local_endpoint().port();
}

MilterDaemon::MilterDaemon(const std::string& config_path, const std::string& log_path)
    : log_path_(log_path) {
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    int fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (fd >= 0) {
      dup2(fd, STDERR_FILENO);
      dup2(fd, STDOUT_FILENO);
    }
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    execl(SA_MILTER_BINARY, SA_MILTER_BINARY, "--config", config_path.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  if (!wait_for_log("listening on", std::chrono::seconds(10))) {
    throw std::runtime_error("sa-triage-milter did not start:\n" + log());
  }
}

MilterDaemon::~MilterDaemon() {
  if (exited_ || pid_ <= 0) return;
  kill(pid_, SIGTERM);
  if (wait_exit(std::chrono::seconds(15)) < 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
}

void MilterDaemon::signal(int sig) { kill(pid_, sig); }

int MilterDaemon::wait_exit(std::chrono::milliseconds limit) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      exited_ = true;
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return -1;
}

bool MilterDaemon::wait_for_log(const std::string& needle, std::chrono::milliseconds limit) const {
  auto deadline = std::chrono::steady_clock::now() + limit;
  do {
    if (log().find(needle) != std::string::npos) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  } while (std::chrono::steady_clock::now() < deadline);
  return false;
}

std::string MilterDaemon::log() const {
  std::ifstream in(log_path_);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

int run_milter_command(const std::string& args, std::string& output) {
  std::string command = std::string(SA_MILTER_BINARY) + " " + args + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return -1;
  output.clear();
  char buffer[4096];
  while (std::size_t n = fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  int status = pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace sa::test
