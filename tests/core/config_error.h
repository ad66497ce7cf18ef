// config_error.h - the ConfigError a YAML text gives when loaded as "test.yaml" ("" when it
// loads), for the tests of the loader's messages.
#pragma once

#include <string>

#include "core/config.h"

namespace sa::test {

inline std::string error_of(const std::string& yaml) {
  try {
    sa::load_config_text(yaml, "test.yaml");
  } catch (const sa::ConfigError& e) {
    return e.what();
  }
  return "";
}

}  // namespace sa::test
