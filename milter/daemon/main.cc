// main.cc - sa-triage-milter: flags, config, the listening socket, privileges and signals.
// Runs in the foreground (systemd style). The milter server accepts on its own thread; the
// main thread takes the signals (control_signals.h): SIGTERM/SIGINT stop (messages in
// flight finish), SIGHUP reloads the config (an invalid one is refused and the old one stays),
// and every 30 s it refreshes the ledger-size gauge. Mail handling is in triage_handler.cc.
#include <malloc.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <exception>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "daemon/control_signals.h"
#include "daemon/daemon_log.h"
#include "daemon/engine_slot.h"
#include "daemon/milter_server.h"
#include "daemon/milter_wire.h"
#include "daemon/privileges.h"
#include "daemon/self_probe.h"
#include "daemon/socket_spec.h"
#include "daemon/triage_handler.h"
#include "host/start_check.h"
#include "metrics/http_endpoint.h"
#include "metrics/metrics_registry.h"

namespace {

struct Options {
  std::string config_path;
  std::string socket;  // overrides milter.socket
  bool version = false;
  bool test_config = false;
  bool host_checks = true;  // -t: also what start needs from the host (start_check.h)
};

constexpr const char* kUsage =
    "usage: sa-triage-milter [--config FILE] [--socket SPEC] [--version]"
    " [-t|--test-config [--no-host-checks]]\n"
    "  SPEC: unix:/path | inet:PORT@HOST | inet6:PORT@HOST\n";

// Returns false (after printing why) for bad flags.
bool parse_flags(int argc, char** argv, Options& options) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&](const char* flag) -> const char* {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "sa-triage-milter: %s needs a value\n%s", flag, kUsage);
        return nullptr;
      }
      return argv[++i];
    };
    if (arg == "--config" || arg == "-c") {
      const char* v = value("--config");
      if (v == nullptr) return false;
      options.config_path = v;
    } else if (arg == "--socket" || arg == "-p") {
      const char* v = value("--socket");
      if (v == nullptr) return false;
      options.socket = v;
    } else if (arg == "--version" || arg == "-V") {
      options.version = true;
    } else if (arg == "-t" || arg == "--test-config") {
      options.test_config = true;
    } else if (arg == "--no-host-checks") {
      options.host_checks = false;
    } else {
      std::fprintf(stderr, "sa-triage-milter: unknown argument '%s'\n%s", arg.c_str(), kUsage);
      return false;
    }
  }
  if (options.config_path.empty()) options.config_path = sa::default_config_path();
  return true;
}

std::vector<std::string> notice_names(const sa::Config& config) {
  std::vector<std::string> names;
  for (const auto& n : config.notices) names.push_back(n.name);
  for (const auto& t : config.printouts.templates) names.push_back(t.name);  // printouts
  return names;
}

// Builds a new engine from the config file and installs it, or keeps the old one.
void reload(sa::EngineSlot& slot, const Options& options, sa::MetricsRegistry& metrics) {
  try {
    sa::ServingEngine fresh = sa::build_engine(options.config_path, options.socket);
    std::shared_ptr<const sa::Engine> old = slot.current();
    const sa::Config& now = fresh.engine->config();
    if (old && (old->config().socket != now.socket || old->config().user != now.user ||
                old->config().metrics_listen != now.metrics_listen)) {
      sa::log_line(sa::LogLevel::Warning,
                   "reload: milter.socket, milter.user and metrics.listen take effect only "
                   "after a restart");
    }
    sa::set_log_target(now.log);
    metrics.add_notice_names(notice_names(now));
    slot.install(std::move(fresh));
    metrics.reload(true);
    sa::log_line(sa::LogLevel::Info, "reloaded config " + options.config_path);
  } catch (const std::exception& e) {
    metrics.reload(false);
    sa::log_line(sa::LogLevel::Error,
                 std::string("reload refused, keeping the previous config: ") + e.what());
  }
}

// Sets sa_triage_ledger_rows and _ledger_up from the ledger in service.
void update_ledger_gauge(const sa::EngineSlot& slot, sa::MetricsRegistry& metrics) {
  auto ledger = slot.ledger();
  if (!ledger) {
    metrics.set_ledger_up(-1);
    return;
  }
  auto rows = ledger->row_count();
  metrics.set_ledger_up(rows ? 1 : 0);
  if (rows) metrics.set_ledger_rows(static_cast<long>(*rows));
}

std::string protocol_version() { return std::to_string(sa::wire::kVersion); }

// Listens on the socket and applies its access settings; throws on failure.
std::unique_ptr<sa::MilterServer> open_server(const sa::SocketSpec& spec, const sa::Config& config,
                                              const sa::TriageContext& context) {
  sa::remove_stale_socket(spec);
  auto server = std::make_unique<sa::MilterServer>(
      spec, [&context] { return sa::make_triage_handler(context); });
  int owner = geteuid() == 0 ? sa::lookup_user_id(config.user) : -1;
  sa::apply_unix_socket_access(spec, config.socket_mode, config.socket_group, owner);
  return server;
}

// milter.socket parsed, or a ConfigError naming where it was set.
sa::SocketSpec socket_spec(const sa::Config& config) {
  try {
    return sa::parse_socket_spec(config.socket);
  } catch (const std::invalid_argument& e) {
    throw sa::ConfigError(config.locate("milter.socket", "--socket") + ": " + e.what());
  }
}

// At start: what the host lacks is reported with its cause before a bare "cannot listen"; problems
// the milter survives (the ledger) are logged and it goes on.
void check_host_at_start(const sa::Config& config) {
  sa::prepare_socket_directory(config);
  std::string blocking;
  for (const auto& p : sa::check_start(config, sa::StartedBy::ThisProcess, "--socket")) {
    if (p.blocks_start) {
      blocking += (blocking.empty() ? "" : "\nsa-triage-milter: ") + p.text();
    } else {
      sa::log_line(sa::LogLevel::Warning, p.text());
    }
  }
  if (!blocking.empty()) throw sa::ConfigError(blocking);
}

int run(const Options& options) {
  sigset_t signals = sa::control_signals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // every later thread inherits this

  sa::EngineSlot slot;
  slot.install(sa::build_engine(options.config_path, options.socket));
  const sa::Config& config = slot.current()->config();
  sa::set_log_target(config.log);
  sa::SocketSpec spec = socket_spec(config);
  check_host_at_start(config);

  sa::MetricsRegistry metrics(notice_names(config));
  metrics.set_build_info(SA_VERSION, protocol_version());
  const sa::TriageContext context{slot, metrics};
  std::unique_ptr<sa::MilterServer> server = open_server(spec, config, context);
  std::atomic<bool> listening{true};
  // /healthz: healthy only while Postfix could hand this milter a message (self_probe.h).
  const sa::SelfProbe probe(spec, config.socket_group, config.socket_mode);
  auto health = [&]() -> sa::HealthReport {
    if (!listening.load()) return {false, "stopping"};
    if (slot.current() == nullptr) return {false, "no config loaded"};
    std::string problem = probe.problem();
    return {problem.empty(), problem};
  };
  // Started before dropping privileges, so a port below 1024 works; fails the start loudly.
  std::unique_ptr<sa::MetricsServer> metrics_server;
  if (!config.metrics_listen.empty()) {
    metrics_server = std::make_unique<sa::MetricsServer>(
        config.metrics_listen, [&metrics] { return metrics.render_prometheus(); }, health);
    metrics_server->start();
    sa::log_line(sa::LogLevel::Info, "metrics on http://" + config.metrics_listen + "/metrics");
  }
  sa::drop_privileges(config.user);

  // From here on the control signals come to this thread only (control_signals.h); the
  // server's threads keep them blocked.
  sa::install_signal_pipe(signals);
  std::atomic<bool> milter_done{false};
  std::thread milter([&] {
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    server->serve();
    milter_done = true;
  });
  sa::log_line(sa::LogLevel::Info,
               "listening on " + spec.text() + " with config " + options.config_path);

  update_ledger_gauge(slot, metrics);
  while (!milter_done) {
    const int sig = sa::next_signal(std::chrono::seconds(30));
    if (sig == 0) {
      update_ledger_gauge(slot, metrics);
      continue;
    }
    if (sig == SIGHUP && !milter_done) {
      reload(slot, options, metrics);
      continue;
    }
    listening = false;
    if (!milter_done) sa::log_line(sa::LogLevel::Info, "stopping: finishing messages in flight");
    server->stop();
    break;
  }
  milter.join();
  auto limit =
      std::chrono::milliseconds(slot.current()->config().timeout_ms) + std::chrono::seconds(5);
  // Connections in the middle of a message finish it; then the rest are cut.
  if (!server->wait_for_connections(limit)) {
    sa::log_line(sa::LogLevel::Warning, "stopping: cut MTA connections still sending a message");
  }
  if (!sa::wait_for_messages_in_flight(limit)) {
    sa::log_line(sa::LogLevel::Warning, "stopped with messages still in flight");
  }
  // The ledger's queued rows, even while a message abandoned in flight still holds it.
  if (auto ledger = slot.ledger(); ledger && !ledger->flush()) {
    sa::log_line(sa::LogLevel::Warning, "stopping: the ledger could not write its last rows");
  }
  if (metrics_server) metrics_server->stop();
  sa::MilterCounters counters = sa::milter_counters();
  sa::log_line(sa::LogLevel::Info, "stopped: messages=" + std::to_string(counters.messages) +
                                       " failures=" + std::to_string(counters.failures) +
                                       " timeouts=" + std::to_string(counters.timeouts));
  server.reset();  // removes the unix socket
  return 0;
}

// -t: load and validate everything, then check what a start as the service user (the systemd
// unit's way) needs from the host; print each problem as FILE:LINE: KEY: message.
int test_config(const Options& options) {
  std::shared_ptr<const sa::Engine> engine =
      sa::build_engine(options.config_path, options.socket).engine;
  socket_spec(engine->config());
  if (options.host_checks) {
    const auto problems = sa::check_start(engine->config(), sa::StartedBy::ServiceUser, "--socket");
    for (const auto& p : problems) std::fprintf(stderr, "sa-triage-milter: %s\n", p.text().c_str());
    if (!problems.empty()) return 2;
  }
  std::printf("%s: config OK\n", options.config_path.c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // Large blocks (message buffers, GMime's decoded parts) each in their own mapping, given
  // back to the system when freed. Without a fixed threshold glibc raises it after the first
  // big message, and later ones stay in the heap, copied on growth and kept after free.
  mallopt(M_MMAP_THRESHOLD, 256 * 1024);
  Options options;
  if (!parse_flags(argc, argv, options)) return 2;
  if (options.version) {
    std::printf("sa-triage-milter %s (milter protocol %s)\n", SA_VERSION,
                protocol_version().c_str());
    return 0;
  }
  try {
    return options.test_config ? test_config(options) : run(options);
  } catch (const sa::ConfigError& e) {
    std::fprintf(stderr, "sa-triage-milter: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sa-triage-milter: %s\n", e.what());
    return 1;
  }
}
