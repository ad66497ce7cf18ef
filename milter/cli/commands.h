// commands.h - the subcommands of `sa-triage`; each takes the arguments after its name
// and returns the process exit status.
#pragma once

#include <string>
#include <vector>

#include "core/config.h"

namespace sa::cli {

int run_check(const std::vector<std::string>& args);
int run_check_config(const std::vector<std::string>& args);
int run_ledger(const std::vector<std::string>& args);
int run_held(const std::vector<std::string>& args);

}  // namespace sa::cli
