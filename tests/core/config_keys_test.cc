// config_keys_test.cc - ONE source for the config keys: the key table (core/config_keys.h)
// drives the loader, and docs/configuration.md, sa-triage.yaml(5) and the commented
// config/sa-triage.yaml must say what it says (keys, types, defaults). On a mismatch the test
// prints the line the document should have.
#include "core/config_keys.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>

#include "core/config.h"

using namespace sa;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  INFO(path);
  REQUIRE(in);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

bool in_list_item(const ConfigKey& k) { return k.path.find("[]") != std::string_view::npos; }

std::string leaf(std::string_view path) {
  return std::string(
      path.substr(path.rfind('.') == std::string_view::npos ? 0 : path.rfind('.') + 1));
}

// YAML nodes with the same structure and scalar texts (quoting aside).
bool same_yaml(const YAML::Node& a, const YAML::Node& b) {
  if (a.Type() != b.Type()) return false;
  if (a.IsScalar()) return a.Scalar() == b.Scalar();
  if (a.IsSequence()) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!same_yaml(a[i], b[i])) return false;
    }
    return true;
  }
  if (a.IsMap()) {
    if (a.size() != b.size()) return false;
    for (const auto& item : a) {
      const YAML::Node other = b[item.first.Scalar()];
      if (!other || !same_yaml(item.second, other)) return false;
    }
  }
  return true;
}

// The node at a dotted path of non-list keys; undefined when absent.
YAML::Node at_path(YAML::Node node, std::string_view path) {
  while (true) {
    const std::size_t dot = path.find('.');
    const std::string part(path.substr(0, dot));
    if (!node.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
    const YAML::Node next = node[part];
    if (!next || dot == std::string_view::npos) return next;
    node.reset(next);
    path.remove_prefix(dot + 1);
  }
}

void append_utf8(std::string& out, unsigned long cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xc0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xe0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  }
}

// The text groff prints for the escapes the man pages use.
std::string groff_text(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 >= s.size()) {
      out += s[i];
      continue;
    }
    const char c = s[++i];
    if (c == '-' || c == '\\' || c == ' ' || c == '.') {
      out += c == '\\' ? '\\' : c;
    } else if (c == 'e') {
      out += '\\';
    } else if (c == '&') {
    } else if (c == 'f' && i + 1 < s.size()) {
      ++i;  // \fB \fR \fI \fP: fonts only
    } else if (c == '(' && i + 2 < s.size()) {
      const std::string_view name = s.substr(i + 1, 2);
      i += 2;
      if (name == "dq") out += '"';
      if (name == "aq") out += '\'';
      if (name == "->") out += "→";
      if (name == "en") out += "–";
    } else if (c == '[') {
      const std::size_t end = s.find(']', i);
      const std::string_view name = s.substr(i + 1, end - i - 1);
      if (name.size() > 1 && name[0] == 'u') {
        append_utf8(out, std::stoul(std::string(name.substr(1)), nullptr, 16));
      }
      i = end;
    } else {
      out += c;
    }
  }
  return out;
}

// The arguments of a man macro line (".BR a \" b \" c"), quotes removed, escapes kept.
std::vector<std::string> macro_args(const std::string& line) {
  std::vector<std::string> args;
  std::size_t i = line.find(' ');
  while (i != std::string::npos && i < line.size()) {
    while (i < line.size() && line[i] == ' ') ++i;
    if (i >= line.size()) break;
    std::string arg;
    if (line[i] == '"') {
      const std::size_t end = line.find('"', i + 1);
      arg = line.substr(i + 1, end - i - 1);
      i = end == std::string::npos ? end : end + 1;
    } else {
      const std::size_t end = line.find(' ', i);
      arg = line.substr(i, end - i);
      i = end;
    }
    args.push_back(arg);
  }
  return args;
}

bool is_font_macro(const std::string& line) {
  for (const char* m : {".B ", ".BR ", ".RB ", ".BI ", ".IB "}) {
    if (line.rfind(m, 0) == 0) return true;
  }
  return false;
}

std::string markdown_row(const ConfigKey& k) {
  std::string def = key_default_text(k);
  if (!k.required && k.default_doc.empty() && !k.default_yaml.empty()) def = "`" + def + "`";
  return "| `" + std::string(k.path) + "` | " + key_type_text(k) + " | " + def + " | " +
         std::string(k.meaning) + " |";
}

std::string man_text(const ConfigKey& k) {
  return std::string(k.path) + " (" + key_type_text(k) +
         (k.required ? "; required)" : "; default " + key_default_text(k) + ")");
}

std::string minimal = "notices: [{ name: x, subject: 'x' }]\n";

}  // namespace

TEST_CASE("key lookups: list items, mapping values, children", "[config][keys]") {
  REQUIRE(find_config_key("milter.socket") != nullptr);
  CHECK(find_config_key("routing[12].match.star")->path == "routing[].match.star");
  CHECK(find_config_key("notices[0].fields.company")->path == "notices[].fields.company");
  CHECK(find_config_key("notices[3].fields.company.from")->path == "notices[].fields.*.from");
  CHECK(find_config_key("milter.sokcet") == nullptr);
  CHECK(find_config_key("milter") == nullptr);  // a section, not a key
  CHECK(config_key_children("notices[1].fields.star") ==
        std::vector<std::string>{"from", "pattern"});
  CHECK(config_key_children("routing[0].match") ==
        std::vector<std::string>{"verdict", "notice", "requirement", "star", "recipient"});
  const auto top = config_key_children("");
  CHECK(std::find(top.begin(), top.end(), "notices") != top.end());
  CHECK(std::find(top.begin(), top.end(), "milter") != top.end());
  CHECK(key_type_text(*find_config_key("milter.on_error")) == "one of accept, tempfail");
  CHECK(key_type_text(*find_config_key("milter.timeout_ms")) == "integer 10..600000");
}

TEST_CASE("every table default is valid YAML and loads", "[config][keys]") {
  YAML::Node all(YAML::NodeType::Map);
  for (const ConfigKey& k : config_keys()) {
    INFO(k.path);
    CHECK(!k.meaning.empty());
    CHECK((k.required || !k.default_yaml.empty() || !k.default_doc.empty()));
    if (k.default_yaml.empty() || in_list_item(k)) continue;
    const YAML::Node value = YAML::Load(std::string(k.default_yaml));
    YAML::Node node = all;
    std::string_view path = k.path;
    for (std::size_t dot; (dot = path.find('.')) != std::string_view::npos;) {
      node.reset(node[std::string(path.substr(0, dot))]);
      path.remove_prefix(dot + 1);
    }
    node[std::string(path)] = value;
  }
  all["notices"] = YAML::Load("[{ name: x, subject: 'x' }]");
  const auto spelled = load_config_text(YAML::Dump(all), "defaults.yaml");
  const auto left_out = load_config_text(minimal, "minimal.yaml");
  CHECK(spelled->socket == left_out->socket);
  CHECK(spelled->routes.size() == left_out->routes.size());
  CHECK(spelled->stars.size() == left_out->stars.size());
}

TEST_CASE("a Config built in code has the defaults of a file that leaves every key out",
          "[config][keys]") {
  const Config built;
  const auto loaded = load_config_text(minimal, "minimal.yaml");
  CHECK(built.socket == loaded->socket);
  CHECK(built.socket_mode == loaded->socket_mode);
  CHECK(built.socket_group == loaded->socket_group);
  CHECK(built.socket_group == "postfix");
  CHECK(built.user == loaded->user);
  CHECK(built.user == "sa-triage");
  CHECK(built.on_error == loaded->on_error);
  CHECK(built.timeout_ms == loaded->timeout_ms);
  CHECK(built.log == loaded->log);
  CHECK(built.max_message_bytes == loaded->max_message_bytes);
  CHECK(built.max_depth == loaded->max_depth);
  CHECK(built.max_parts == loaded->max_parts);
  CHECK(built.header_prefix == loaded->header_prefix);
  CHECK(built.subject_tag == loaded->subject_tag);
  CHECK(built.subject_tag_format == loaded->subject_tag_format);
  CHECK(built.user_number_privacy == loaded->user_number_privacy);
  CHECK(built.hash_salt == loaded->hash_salt);
  CHECK(built.allowed_domains == loaded->allowed_domains);
  CHECK(built.scope_recipients == loaded->scope_recipients);
  CHECK(built.dkim_key_file == loaded->dkim_key_file);
  CHECK(built.dkim_dns_timeout_ms == loaded->dkim_dns_timeout_ms);
  CHECK(built.trusted_authserv_ids == loaded->trusted_authserv_ids);
  CHECK(built.smime_ca_file == loaded->smime_ca_file);
  CHECK(built.ledger_backend == loaded->ledger_backend);
  CHECK(built.ledger_path == loaded->ledger_path);
  CHECK(built.ledger_connection == loaded->ledger_connection);
  CHECK(built.ledger_retention_days == loaded->ledger_retention_days);
  CHECK(built.metrics_listen == loaded->metrics_listen);
  // Patterns, stars and routing rules are compiled at load: only a loaded Config has them.
  CHECK(loaded->signature_markers.size() == 2);
  CHECK(loaded->claim_subjects.size() == 1);
  CHECK(loaded->stars.size() == 2);
  REQUIRE(loaded->routes.size() == 1);
  CHECK(loaded->routes[0].name == "hold-suspicious");
  CHECK(loaded->routes[0].action == RouteAction::Quarantine);
}

TEST_CASE("docs/configuration.md lists every key with the table's type and default",
          "[config][keys][docs]") {
  std::vector<std::string> rows;  // the table of its "## Keys" section
  bool in_keys = false;
  for (const auto& line :
       lines_of(read_file(std::string(SA_SOURCE_DIR) + "/docs/configuration.md"))) {
    if (line.rfind("## ", 0) == 0) in_keys = line == "## Keys";
    if (in_keys && line.rfind("| `", 0) == 0) rows.push_back(line);
  }
  std::string expected_block;
  std::vector<std::string> expected;
  for (const ConfigKey& k : config_keys()) {
    expected.push_back(markdown_row(k));
    expected_block += expected.back() + "\n";
  }
  INFO("docs/configuration.md should have these rows, in this order:\n" << expected_block);
  CHECK(rows == expected);
}

TEST_CASE("sa-triage.yaml(5) documents every key with the table's type and default",
          "[config][keys][docs]") {
  const auto page =
      lines_of(read_file(std::string(SA_SOURCE_DIR) + "/milter/man/sa-triage.yaml.5"));
  std::map<std::string, std::string> documented;  // key -> the text of its line
  std::set<std::string> words;                    // every argument of a font macro
  for (const auto& line : page) {
    if (!is_font_macro(line)) continue;
    const auto args = macro_args(line);
    if (args.empty()) continue;
    std::string text;
    for (const auto& a : args) {
      text += groff_text(a);
      words.insert(groff_text(a));
    }
    // The key's own entry is the line that gives its type: "KEY (TYPE; ...)".
    const std::string key = groff_text(args[0]);
    if (find_config_key(key) != nullptr && text.rfind(key + " (", 0) == 0) documented[key] = text;
  }
  for (const ConfigKey& k : config_keys()) {
    INFO(k.path);
    if (in_list_item(k)) {
      CHECK(words.count(leaf(k.path)) == 1);  // described under its list
      continue;
    }
    INFO("sa-triage.yaml.5 should have a line that prints: " << man_text(k));
    CHECK(documented[std::string(k.path)] == man_text(k));
  }
}

TEST_CASE("the commented config/sa-triage.yaml shows every key at its default",
          "[config][keys][docs]") {
  const YAML::Node shipped = YAML::LoadFile(SA_CONFIG_FILE);
  for (const ConfigKey& k : config_keys()) {
    if (in_list_item(k)) continue;
    INFO(k.path);
    const YAML::Node value = at_path(shipped, k.path);
    REQUIRE(value);
    if (k.required) continue;  // the installed file fills it (the seed notices)
    INFO("config/sa-triage.yaml should say " << k.path << ": " << k.default_yaml);
    CHECK(same_yaml(value, YAML::Load(std::string(k.default_yaml))));
  }
  // And nothing that the table does not know (the loader refuses it anyway).
  CHECK_NOTHROW(load_config(SA_CONFIG_FILE));
}
