// check_config_command.cc - `sa-triage check-config`: load and validate a config file;
// errors name file, line and key and exit 2.
#include <iostream>

#include "cli/commands.h"
#include "core/forward_layouts.h"

namespace sa::cli {

int run_check_config(const std::vector<std::string>& args) {
  std::string path = default_config_path();
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--config" && i + 1 < args.size()) {
      path = args[++i];
    } else {
      std::cerr << "sa-triage check-config: unexpected argument '" << args[i] << "'\n";
      return 2;
    }
  }
  try {
    const auto config = load_config(path);
    std::cout << path << ": ok (" << config->notices.size() << " notice templates, "
              << config->routes.size() << " routing rules, forward layouts in "
              << config->forward_layouts->language_count() << " languages)\n";
    return 0;
  } catch (const ConfigError& e) {
    std::cerr << "sa-triage: " << e.what() << "\n";
    return 2;
  }
}

}  // namespace sa::cli
