// forward_layouts_loader.h - reads forward/reply wording entries from YAML (the format of
// config/forward-layouts.yaml, see its header comment) into a ForwardLayoutsBuilder. Every
// refused entry is a ConfigError "FILE:LINE: KEY: message". The compiled-in table is the
// shipped config/forward-layouts.yaml, embedded at build time.
#pragma once

#include <yaml-cpp/yaml.h>

#include <memory>
#include <string>

#include "core/forward_layouts.h"

namespace sa {

// The entries of the compiled-in table (parsed once); copy it to add more.
const ForwardLayoutsBuilder& builtin_forward_layout_entries();
// The compiled-in table itself.
std::shared_ptr<const ForwardLayouts> builtin_forward_layouts();

// Adds the list of language entries at `languages`, found in `file` under `key`
// ("languages", "forwards.languages").
void add_forward_languages(const YAML::Node& languages, const std::string& file,
                           const std::string& key, ForwardLayoutsBuilder& into);

// Adds a whole layouts file (a mapping with one key, `languages`), or its text.
void add_forward_layouts_file(const std::string& path, ForwardLayoutsBuilder& into);
void add_forward_layouts_text(const std::string& yaml, const std::string& name,
                              ForwardLayoutsBuilder& into);

}  // namespace sa
