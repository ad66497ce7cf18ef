// milter_daemon.h - test fixtures around the real sa-triage-milter binary: a temporary
// directory with a test config (the shipped config/sa-triage.yaml with test overrides), the
// daemon started as a child process with its stderr captured, signals, and a free TCP port.
#pragma once

#include <sys/types.h>
#include <yaml-cpp/yaml.h>

#include <chrono>
#include <string>

namespace sa::test {

// A temporary directory removed at destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// The shipped config with: no user switch, no socket group, stderr logging. Tests edit it
// further and write it with write_config.
YAML::Node test_config(const std::string& socket_spec);
void write_config(const YAML::Node& config, const std::string& path);

// A TCP port that was free a moment ago on 127.0.0.1.
int free_tcp_port();

class MilterDaemon {
 public:
  // Starts sa-triage-milter --config `config_path` and waits until it logs that it listens.
  MilterDaemon(const std::string& config_path, const std::string& log_path);
  ~MilterDaemon();  // SIGTERM, then SIGKILL if it does not stop
  MilterDaemon(const MilterDaemon&) = delete;
  MilterDaemon& operator=(const MilterDaemon&) = delete;

  void signal(int sig);
  // Exit status (WEXITSTATUS, or 128+signal), -1 when still running after `limit`.
  int wait_exit(std::chrono::milliseconds limit);
  // True when `needle` shows up in the daemon's log within `limit`.
  bool wait_for_log(const std::string& needle, std::chrono::milliseconds limit) const;
  std::string log() const;
  pid_t pid() const { return pid_; }

 private:
  std::string log_path_;
  pid_t pid_ = -1;
  bool exited_ = false;
};

// Runs the binary with `args` to completion; returns its exit status, output in `output`.
int run_milter_command(const std::string& args, std::string& output);

}  // namespace sa::test
