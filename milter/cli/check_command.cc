// check_command.cc - `sa-triage check`: run the engine over files (or stdin) and print what
// the milter would decide and write, as text or one JSON object per message.
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "cli/authenticator_choice.h"
#include "cli/commands.h"
#include "cli/inspection_report.h"
#include "core/engine.h"

namespace sa::cli {

int run_check(const std::vector<std::string>& args) {
  std::string config_path = default_config_path();
  bool json = false;
  bool show_original = false;
  std::vector<std::string> files;
  Envelope envelope{"", {}, "CHECK"};
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--json") {
      json = true;
    } else if (a == "--show-original") {
      show_original = true;
    } else if ((a == "--config" || a == "--rcpt" || a == "--sender") && i + 1 < args.size()) {
      const std::string& v = args[++i];
      if (a == "--config") config_path = v;
      if (a == "--rcpt") envelope.recipients.push_back(v);
      if (a == "--sender") envelope.sender = v;
    } else if (a.size() > 1 && a[0] == '-') {
      std::cerr << "sa-triage check: unknown or incomplete option '" << a << "'\n";
      return 2;
    } else {
      files.push_back(a);
    }
  }
  if (files.empty()) {
    std::cerr << "sa-triage check: name at least one file (or - for standard input)\n";
    return 2;
  }
  std::shared_ptr<const Config> config;
  try {
    config = load_config(config_path);
  } catch (const ConfigError& e) {
    std::cerr << "sa-triage: " << e.what() << "\n";
    return 2;
  }
  // With no --rcpt the message is checked as if sent to the first grant address (a mailbox
  // of it when it is an @domain).
  if (envelope.recipients.empty() && !config->scope_recipients.empty()) {
    const std::string& first = config->scope_recipients.front();
    envelope.recipients.push_back(first.front() == '@' ? "check" + first : first);
  }
  const Engine engine(config, make_authenticator(config));
  int status = 0;
  for (const auto& file : files) {
    std::string raw;
    if (file == "-") {
      raw.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    } else {
      std::ifstream in(file, std::ios::binary);
      if (!in) {
        std::cerr << "sa-triage check: cannot read " << file << "\n";
        status = 1;
        continue;
      }
      std::ostringstream text;
      text << in.rdbuf();
      raw = text.str();
    }
    const Inspection result = engine.inspect(raw, envelope);
    std::cout << (json ? inspection_json(file, result, *config, show_original) + "\n"
                       : inspection_text(file, result, *config));
  }
  return status;
}

}  // namespace sa::cli
