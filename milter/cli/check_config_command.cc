// check_config_command.cc - `sa-triage check-config`: load and validate a config file, then
// check what starting the milter with it needs from this host (start_check.h: socket
// directory, user, group, ledger directory and its permissions, metrics port), as the
// systemd unit starts it. Every problem is printed as FILE:LINE: KEY: message; exit 2.
// --no-host-checks validates the file alone (a config written for another machine).
#include <iostream>

#include "cli/commands.h"
#include "host/start_check.h"
#include "core/forward_layouts.h"

namespace sa::cli {

int run_check_config(const std::vector<std::string>& args) {
  std::string path = default_config_path();
  bool host_checks = true;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--config" && i + 1 < args.size()) {
      path = args[++i];
    } else if (args[i] == "--no-host-checks") {
      host_checks = false;
    } else {
      std::cerr << "sa-triage check-config: unexpected argument '" << args[i] << "'\n";
      return 2;
    }
  }
  try {
    const auto config = load_config(path);
    if (host_checks) {
      const auto problems = check_start(*config, StartedBy::ServiceUser);
      for (const auto& p : problems) std::cerr << "sa-triage: " << p.text() << "\n";
      if (!problems.empty()) return 2;
    }
    std::cout << path << ": ok (" << config->notices.size() << " notice templates, "
              << config->routes.size() << " routing rules, forward layouts in "
              << config->forward_layouts->language_count() << " languages"
              << (host_checks ? "" : "; host not checked") << ")\n";
    return 0;
  } catch (const ConfigError& e) {
    std::cerr << "sa-triage: " << e.what() << "\n";
    return 2;
  }
}

}  // namespace sa::cli
