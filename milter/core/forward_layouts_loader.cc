// forward_layouts_loader.cc - YAML -> ForwardLayoutsBuilder, with the same error form as the
// rest of the config ("FILE:LINE: KEY: message"): unknown keys, wrong types, bad names and
// the builder's refusals (a word that is already a label of another field, a wording
// without {from}...). The compiled-in text comes from forward_layouts_builtin.cc, generated
// by CMake from config/forward-layouts.yaml.
#include "core/forward_layouts_loader.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <string_view>

#include "core/config.h"
#include "core/yaml_error.h"

namespace sa {

extern const char kBuiltinForwardLayouts[];  // forward_layouts_builtin.cc

namespace {

constexpr std::string_view kBuiltinName = "forward-layouts.yaml (built in)";
constexpr std::uintmax_t kMaxFileBytes = 1 << 20;

struct Field {
  std::string_view key;
  HeaderLabel label;
};
constexpr Field kFields[] = {{"from", HeaderLabel::From},       {"date", HeaderLabel::Date},
                             {"subject", HeaderLabel::Subject}, {"to", HeaderLabel::To},
                             {"cc", HeaderLabel::Cc},           {"reply_to", HeaderLabel::ReplyTo},
                             {"other", HeaderLabel::Other}};

class Reader {
 public:
  Reader(std::string file, ForwardLayoutsBuilder& into) : file_(std::move(file)), into_(into) {}

  [[noreturn]] void fail(const YAML::Node& at, const std::string& key,
                         const std::string& message) const {
    throw ConfigError(yaml_key_error(file_, at, key, message));
  }

  void only_keys(const YAML::Node& map, const std::string& key,
                 std::initializer_list<std::string_view> allowed) const {
    if (!map.IsMap()) fail(map, key, "must be a mapping");
    for (const auto& item : map) {
      const std::string name = item.first.as<std::string>();
      if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
        fail(item.first, key.empty() ? name : key + "." + name, "unknown key");
      }
    }
  }

  std::string text(const YAML::Node& n, const std::string& key) const {
    if (!n.IsScalar()) fail(n, key, "must be a string");
    return n.Scalar();
  }

  // A list of strings (a single string is a list of one); calls `add` on each and fails
  // with its message when it refuses one.
  template <typename Add>
  void words(const YAML::Node& n, const std::string& key, Add add) const {
    if (n.IsNull()) return;
    if (n.IsScalar()) {
      check(n, key, add(n.Scalar()));
      return;
    }
    if (!n.IsSequence()) fail(n, key, "must be a list of strings");
    for (std::size_t i = 0; i < n.size(); ++i) {
      const std::string k = key + "[" + std::to_string(i) + "]";
      check(n[i], k, add(text(n[i], k)));
    }
  }

  void check(const YAML::Node& at, const std::string& key, const std::string& error) const {
    if (!error.empty()) fail(at, key, error);
  }

  std::string client(const YAML::Node& entry, const std::string& key) const {
    if (!entry["client"]) fail(entry, key + ".client", "is required");
    std::string c = text(entry["client"], key + ".client");
    if (c.empty() || c.size() > 40 ||
        c.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") != std::string::npos) {
      fail(entry["client"], key + ".client", "must be lower-case letters, digits and '-'");
    }
    return c;
  }

  void language(const YAML::Node& n, const std::string& key) const {
    only_keys(
        n, key,
        {"language", "labels", "separators", "attributions", "reply_prefixes", "forward_prefixes"});
    if (!n["language"]) fail(n, key + ".language", "is required");
    const std::string code = text(n["language"], key + ".language");
    if (!language_code(code)) {
      fail(n["language"], key + ".language", "'" + code + "' is not a language code (ja, pt-BR)");
    }
    into_.add_language(code);
    if (const YAML::Node labels = n["labels"]) {
      only_keys(labels, key + ".labels",
                {"from", "date", "subject", "to", "cc", "reply_to", "other"});
      for (const Field& f : kFields) {
        if (!labels[std::string(f.key)]) continue;
        words(labels[std::string(f.key)], key + ".labels." + std::string(f.key),
              [&](const std::string& w) { return into_.add_label(f.label, w); });
      }
    }
    if (const YAML::Node list = n["separators"]) separators(list, key + ".separators");
    if (const YAML::Node list = n["attributions"]) attributions(list, key + ".attributions");
    if (const YAML::Node p = n["reply_prefixes"]) {
      words(p, key + ".reply_prefixes",
            [&](const std::string& w) { return into_.add_prefix(w, true); });
    }
    if (const YAML::Node p = n["forward_prefixes"]) {
      words(p, key + ".forward_prefixes",
            [&](const std::string& w) { return into_.add_prefix(w, false); });
    }
  }

  void separators(const YAML::Node& n, const std::string& key) const {
    if (!n.IsSequence()) fail(n, key, "must be a list of {dashed|ruled|line, client}");
    for (std::size_t i = 0; i < n.size(); ++i) {
      const std::string k = key + "[" + std::to_string(i) + "]";
      only_keys(n[i], k, {"dashed", "ruled", "line", "client"});
      const int forms = static_cast<int>(static_cast<bool>(n[i]["dashed"])) +
                        static_cast<int>(static_cast<bool>(n[i]["ruled"])) +
                        static_cast<int>(static_cast<bool>(n[i]["line"]));
      if (forms != 1) fail(n[i], k, "needs exactly one of dashed, ruled and line");
      const std::string form = n[i]["dashed"] ? "dashed" : n[i]["ruled"] ? "ruled" : "line";
      const SeparatorForm kind = form == "dashed"  ? SeparatorForm::Dashed
                                 : form == "ruled" ? SeparatorForm::Ruled
                                                   : SeparatorForm::Line;
      const std::string phrase = text(n[i][form], k + "." + form);
      check(n[i][form], k + "." + form, into_.add_separator(kind, phrase, client(n[i], k)));
    }
  }

  void attributions(const YAML::Node& n, const std::string& key) const {
    if (!n.IsSequence()) fail(n, key, "must be a list of {text, client}");
    for (std::size_t i = 0; i < n.size(); ++i) {
      const std::string k = key + "[" + std::to_string(i) + "]";
      only_keys(n[i], k, {"text", "client"});
      if (!n[i]["text"]) fail(n[i], k + ".text", "is required");
      const std::string wording = text(n[i]["text"], k + ".text");
      check(n[i]["text"], k + ".text", into_.add_attribution(wording, client(n[i], k)));
    }
  }

  void languages(const YAML::Node& n, const std::string& key) const {
    if (!n.IsSequence()) fail(n, key, "must be a list of language entries");
    for (std::size_t i = 0; i < n.size(); ++i) language(n[i], key + "[" + std::to_string(i) + "]");
  }

  void file(const YAML::Node& root) const {
    if (root.IsNull()) return;
    only_keys(root, "", {"languages"});
    if (root["languages"]) languages(root["languages"], "languages");
  }

 private:
  // "ja", "pt-BR", "zh-Hant-TW", "x-local": 2-3 letters (or x), then subtags of 2-8.
  static bool language_code(std::string_view code) {
    std::size_t i = 0;
    while (i < code.size() && code[i] >= 'a' && code[i] <= 'z') ++i;
    if (!(i >= 2 && i <= 3) && code.substr(0, i) != "x") return false;
    while (i < code.size()) {
      if (code[i] != '-') return false;
      std::size_t j = i + 1;
      while (j < code.size() && std::isalnum(static_cast<unsigned char>(code[j]))) ++j;
      if (j - i - 1 < 2 || j - i - 1 > 8) return false;
      i = j;
    }
    return true;
  }

  std::string file_;
  ForwardLayoutsBuilder& into_;
};

}  // namespace

void add_forward_languages(const YAML::Node& languages, const std::string& file,
                           const std::string& key, ForwardLayoutsBuilder& into) {
  try {
    Reader(file, into).languages(languages, key);
  } catch (const YAML::Exception& e) {
    throw ConfigError(yaml_syntax_error(file, e));
  }
}

void add_forward_layouts_text(const std::string& yaml, const std::string& name,
                              ForwardLayoutsBuilder& into) {
  try {
    Reader(name, into).file(YAML::Load(yaml));
  } catch (const YAML::Exception& e) {
    throw ConfigError(yaml_syntax_error(name, e));
  }
}

void add_forward_layouts_file(const std::string& path, ForwardLayoutsBuilder& into) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (!ec && std::filesystem::exists(status) && !std::filesystem::is_regular_file(status)) {
    throw ConfigError(path + ": not a regular file");
  }
  if (!ec && std::filesystem::is_regular_file(status) &&
      std::filesystem::file_size(path, ec) > kMaxFileBytes) {
    throw ConfigError(path + ": larger than 1 MiB: not a layout file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError(path + ": cannot open: " + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  add_forward_layouts_text(text.str(), path, into);
}

const ForwardLayoutsBuilder& builtin_forward_layout_entries() {
  static const ForwardLayoutsBuilder entries = [] {
    ForwardLayoutsBuilder b;
    add_forward_layouts_text(kBuiltinForwardLayouts, std::string(kBuiltinName), b);
    return b;
  }();
  return entries;
}

std::shared_ptr<const ForwardLayouts> builtin_forward_layouts() {
  static const std::shared_ptr<const ForwardLayouts> table =
      builtin_forward_layout_entries().build();
  return table;
}

}  // namespace sa
