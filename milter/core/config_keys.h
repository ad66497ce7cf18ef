// config_keys.h - the one table of configuration keys (OpenDKIM's configdef[] is the model):
// each key's path, type, default, range or choices and a one-line meaning. The loader
// (config.cc) takes from it which keys exist, the ranges of numbers, the words of choices
// and the default of every key a file leaves out; docs/configuration.md, sa-triage.yaml(5)
// and the commented config/sa-triage.yaml are checked against it by
// tests/core/config_keys_test.cc. Converting values into sa::Config is config.cc's job.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sa {

enum class KeyType {
  Text,          // a string
  Mode,          // an octal permission string such as "0660"
  Boolean,       // true or false
  Integer,       // a whole number within [min, max]
  IntegerList,   // a number or a list of numbers within [min, max]
  Choice,        // one word of `choices`
  TextList,      // a string or a list of strings
  Addresses,     // a list of mail addresses (or @domain)
  ScopeEntries,  // a list of addresses, or of {address, programme, min_star}
  Domains,       // a list of domain names
  Verdicts,      // a list of verdict names
  Pattern,       // an RE2 pattern
  PatternList,   // a pattern or a list of patterns
  Field,         // a pattern with one capture group, or {from, pattern}
  Stars,         // the list of {match, star}
  Notices,       // the list of notice templates
  Layouts,       // the list of forward layout entries (forward_layouts_loader.h checks them)
  Rules,         // the list of routing rules
  Printouts,     // the list of printout templates (printout_templates_loader.h checks them)
};

struct ConfigKey {
  // Dotted path. A key of every item of a list is written "list[].key"; a key of every value
  // of a mapping "map.*.key".
  std::string_view path = "";
  KeyType type = KeyType::Text;
  // The default as YAML text; "" when the key has none (see `required`, `default_doc`).
  std::string_view default_yaml = "";
  // How the documents write the default when it is not `default_yaml` itself (too long, or
  // depending on another key); "" otherwise.
  std::string_view default_doc = "";
  std::string_view meaning = "";
  bool required = false;
  long long min = 0;  // Integer, IntegerList
  long long max = 0;
  std::string_view choices = "";  // Choice: words separated by '|'
};

// Every key, in the order the documents list them.
std::span<const ConfigKey> config_keys();

// The key for a concrete path ("routing[2].match.star" finds "routing[].match.star",
// "notices[0].fields.company.from" finds "notices[].fields.*.from"); null when unknown.
const ConfigKey* find_config_key(std::string_view path);

// The names allowed inside the mapping at a concrete path ("" is the top level).
std::vector<std::string> config_key_children(std::string_view path);

// The words of a Choice key.
std::vector<std::string> choice_words(const ConfigKey& key);

// How the documents write the type, e.g. "integer 10..600000", "one of accept, tempfail".
std::string key_type_text(const ConfigKey& key);

// How the documents write the default: "required", default_doc, default_yaml, or "none".
std::string key_default_text(const ConfigKey& key);

}  // namespace sa
