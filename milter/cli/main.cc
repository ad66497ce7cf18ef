// main.cc - the `sa-triage` command: dispatches to its subcommands (check, check-config,
// ledger, held).
// Exit status: 0 done, 1 a file could not be read, 2 usage or configuration error.
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "cli/commands.h"

namespace {

void usage(std::ostream& out) {
  out << "usage: sa-triage check [--config FILE] [--json [--show-original]] [--rcpt ADDR]... "
         "[--sender ADDR] FILE|- ...\n"
         "       sa-triage check-config [--config FILE] [--no-host-checks]\n"
         "       sa-triage ledger export --format csv|json [--since DATE] [--verdict V]"
         " [--no-bom] [--columns en|ja] [--config FILE]\n"
         "       sa-triage ledger applicants [--format csv|json] [--since DATE] [--no-bom]"
         " [--columns en|ja] [--config FILE]\n"
         "       sa-triage ledger purge [--days N] [--config FILE]\n"
         "       sa-triage held list [--json] | show [--raw] QID | release QID | delete QID\n"
         "                      | digest [--mail-to ADDR] [--skip-empty]"
         "   [-c POSTFIX_DIR] [--config FILE]\n"
         "       sa-triage --version\n"
         "Default config: "
      << sa::default_config_path() << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "-h" || args[0] == "--help") {
    usage(args.empty() ? std::cerr : std::cout);
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "--version") {
    std::cout << "sa-triage " << SA_VERSION << "\n";
    return 0;
  }
  const std::string command = args[0];
  args.erase(args.begin());
  if (command == "check") return sa::cli::run_check(args);
  if (command == "check-config") return sa::cli::run_check_config(args);
  if (command == "ledger") return sa::cli::run_ledger(args);
  if (command == "held") return sa::cli::run_held(args);
  std::cerr << "sa-triage: unknown command '" << command << "'\n";
  usage(std::cerr);
  return 2;
}
