// printout_templates_loader.h - reads printout templates from YAML (the format of
// config/printout-templates.yaml, see its header comment). Every refused entry is a
// ConfigError "FILE:LINE: KEY: message". The compiled-in templates are the shipped
// config/printout-templates.yaml, embedded at build time.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "core/printout_templates.h"

namespace sa {

// The compiled-in templates (parsed once).
const std::vector<PrintoutTemplate>& builtin_printout_templates();

// Adds the list of templates at `list`, found in `file` under `key` ("printouts.templates");
// a template named like one already in `into` replaces it.
void add_printout_templates(const YAML::Node& list, const std::string& file, const std::string& key,
                            std::vector<PrintoutTemplate>& into);

}  // namespace sa
