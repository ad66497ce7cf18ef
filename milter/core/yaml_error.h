// yaml_error.h - the one wording of a YAML syntax error, "FILE:LINE: (syntax): message",
// and of a refused key, "FILE:LINE: KEY: message", for every loader of the configuration and
// its data files.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>

namespace sa {

inline std::string yaml_syntax_error(const std::string& file, const YAML::Exception& e) {
  std::string out = file;
  if (e.mark.line >= 0) out += ":" + std::to_string(e.mark.line + 1);
  return out + ": (syntax): " + e.msg;
}

// "FILE:LINE: KEY: message", the line of `at` (just "FILE: KEY: message" when it has none).
inline std::string yaml_key_error(const std::string& file, const YAML::Node& at,
                                  const std::string& key, const std::string& message) {
  std::string out = file;
  if (at.IsDefined() && at.Mark().line >= 0) out += ":" + std::to_string(at.Mark().line + 1);
  return out + ": " + key + ": " + message;
}

}  // namespace sa
