// yaml_error.h - the one wording of a YAML syntax error, "FILE:LINE: (syntax): message",
// for every loader of the configuration and its data files.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>

namespace sa {

inline std::string yaml_syntax_error(const std::string& file, const YAML::Exception& e) {
  std::string out = file;
  if (e.mark.line >= 0) out += ":" + std::to_string(e.mark.line + 1);
  return out + ": (syntax): " + e.msg;
}

}  // namespace sa
