// config.cc - load config/sa-triage.yaml into sa::Config. Validates everything at load:
// unknown keys, wrong types, out-of-range numbers and bad RE2 patterns are ConfigErrors
// naming file, line and key. Which keys exist, their ranges, choices and defaults come from
// the key table (config_keys.h). Does not watch files or reload (the daemon does that).
#include "core/config.h"

#include <arpa/inet.h>
#include <re2/re2.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <utility>

#include "core/ascii.h"
#include "core/config_keys.h"
#include "core/forward_layouts_loader.h"
#include "core/printout_templates_loader.h"
#include "core/recipient_address.h"
#include "core/time_zone.h"
#include "core/yaml_error.h"

namespace sa {
namespace {

class Loader {
 public:
  explicit Loader(std::string file) : file_(std::move(file)) {}

  [[noreturn]] void fail(const YAML::Node& at, const std::string& key,
                         const std::string& message) const {
    throw ConfigError(yaml_key_error(file_, at, key, message));
  }

  // Errors on keys of `map` that the key table has not below `path`.
  void only_keys(const YAML::Node& map, const std::string& path) const {
    if (!map.IsMap()) fail(map, path.empty() ? "(top level)" : path, "must be a mapping");
    const std::vector<std::string> allowed = config_key_children(path);
    for (const auto& item : map) {
      const std::string key = item.first.as<std::string>();
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        fail(item.first, join(path, key), "unknown key");
      }
    }
  }

  static std::string join(const std::string& path, const std::string& key) {
    return path.empty() ? key : path + "." + key;
  }

  std::string text(const YAML::Node& n, const std::string& key) const {
    if (!n.IsScalar()) fail(n, key, "must be a string");
    return n.Scalar();
  }

  bool boolean(const YAML::Node& n, const std::string& key) const {
    bool v = false;
    if (!n.IsScalar() || !YAML::convert<bool>::decode(n, v)) fail(n, key, "must be true or false");
    return v;
  }

  // The table's entry for `key`; a key the table lacks is a bug in this file.
  static const ConfigKey& table_key(const std::string& key) {
    const ConfigKey* k = find_config_key(key);
    if (k == nullptr) throw std::logic_error("config key missing from the key table: " + key);
    return *k;
  }

  long long number(const YAML::Node& n, const std::string& key) const {
    const long long lo = table_key(key).min, hi = table_key(key).max;
    long long v = 0;
    if (!n.IsScalar() || !YAML::convert<long long>::decode(n, v)) {
      fail(n, key, "must be a whole number");
    }
    if (v < lo || v > hi) {
      fail(n, key, "must be between " + std::to_string(lo) + " and " + std::to_string(hi));
    }
    return v;
  }

  std::vector<std::string> texts(const YAML::Node& n, const std::string& key) const {
    std::vector<std::string> out;
    if (n.IsScalar()) {
      out.push_back(n.Scalar());
      return out;
    }
    if (!n.IsSequence()) fail(n, key, "must be a list of strings");
    for (std::size_t i = 0; i < n.size(); ++i) {
      out.push_back(text(n[i], key + "[" + std::to_string(i) + "]"));
    }
    return out;
  }

  std::string choice(const YAML::Node& n, const std::string& key) const {
    const std::vector<std::string> allowed = choice_words(table_key(key));
    std::string v = text(n, key);
    if (std::find(allowed.begin(), allowed.end(), v) == allowed.end()) {
      std::string list;
      for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      fail(n, key, "'" + v + "' is not one of: " + list);
    }
    return v;
  }

  // Addresses an office configures ("local@domain" or "@domain"), lower-cased.
  std::vector<std::string> addresses(const YAML::Node& n, const std::string& key) const {
    std::vector<std::string> out = texts(n, key);
    for (std::string& a : out) {
      a = ascii_lower(a);
      const std::string problem = recipient_entry_problem(a);
      if (!problem.empty()) fail(n, key, "'" + a + "' " + problem);
    }
    return out;
  }

  Pattern pattern(const YAML::Node& n, const std::string& key, int groups = -1) const {
    std::string src = text(n, key);
    RE2::Options options;
    options.set_log_errors(false);
    options.set_encoding(RE2::Options::EncodingUTF8);
    auto re = std::make_shared<const re2::RE2>(src, options);
    if (!re->ok()) fail(n, key, "bad pattern: " + re->error());
    if (groups >= 0 && re->NumberOfCapturingGroups() != groups) {
      fail(n, key, "pattern must have exactly " + std::to_string(groups) + " capture group(s)");
    }
    return re;
  }

  std::vector<Pattern> patterns(const YAML::Node& n, const std::string& key) const {
    std::vector<Pattern> out;
    if (n.IsScalar()) {
      out.push_back(pattern(n, key));
      return out;
    }
    if (!n.IsSequence()) fail(n, key, "must be a list of patterns");
    for (std::size_t i = 0; i < n.size(); ++i) {
      out.push_back(pattern(n[i], key + "[" + std::to_string(i) + "]"));
    }
    return out;
  }

  void load(const YAML::Node& root, Config& c) const;

 private:
  void load_milter(const YAML::Node& n, Config& c) const;
  void load_notices(const YAML::Node& n, Config& c) const;
  void load_routing(const YAML::Node& n, Config& c) const;
  void load_forwards(const YAML::Node& n, Config& c) const;
  void load_scope_recipients(const YAML::Node& n, Config& c) const;
  void load_printouts(const YAML::Node& n, Config& c) const;
  RouteRule load_route(const YAML::Node& n, const std::string& key) const;

  std::string file_;
};

// `p` without a leading ^ and a trailing $ (when what remains still compiles), else `p`.
Pattern unanchored(const Pattern& p) {
  std::string src = p->pattern();
  if (!src.empty() && src.front() == '^') src.erase(0, 1);
  if (src.size() > 1 && src.back() == '$' && src[src.size() - 2] != '\\') src.pop_back();
  if (src == p->pattern()) return p;
  auto out = std::make_shared<const re2::RE2>(src, p->options());
  return out->ok() ? out : p;
}

void Loader::load_milter(const YAML::Node& n, Config& c) const {
  only_keys(n, "milter");
  if (n["socket"]) c.socket = text(n["socket"], "milter.socket");
  if (n["socket_mode"]) {
    c.socket_mode = text(n["socket_mode"], "milter.socket_mode");
    const bool octal = !c.socket_mode.empty() && c.socket_mode.size() <= 4 &&
                       c.socket_mode.find_first_not_of("01234567") == std::string::npos;
    if (!octal) fail(n["socket_mode"], "milter.socket_mode", "must be an octal mode like \"0660\"");
  }
  if (n["socket_group"]) c.socket_group = text(n["socket_group"], "milter.socket_group");
  if (n["user"]) c.user = text(n["user"], "milter.user");
  if (n["on_error"]) {
    c.on_error = choice(n["on_error"], "milter.on_error") == "accept" ? Config::OnError::Accept
                                                                      : Config::OnError::Tempfail;
  }
  if (n["timeout_ms"]) {
    c.timeout_ms = static_cast<unsigned>(number(n["timeout_ms"], "milter.timeout_ms"));
  }
  if (n["log"]) {
    c.log = choice(n["log"], "milter.log") == "stderr" ? Config::LogTarget::Stderr
                                                       : Config::LogTarget::Syslog;
  }
}

void Loader::load_notices(const YAML::Node& n, Config& c) const {
  if (!n.IsSequence() || n.size() == 0) fail(n, "notices", "must be a non-empty list");
  c.notices.clear();
  std::set<std::string> names;
  for (std::size_t i = 0; i < n.size(); ++i) {
    const YAML::Node& item = n[i];
    const std::string key = "notices[" + std::to_string(i) + "]";
    only_keys(item, key);
    NoticeTemplate t;
    if (!item["name"]) fail(item, key + ".name", "is required");
    t.name = text(item["name"], key + ".name");
    if (t.name.empty() ||
        t.name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") != std::string::npos) {
      fail(item["name"], key + ".name", "must be lower-case letters, digits and '-'");
    }
    if (!names.insert(t.name).second) fail(item["name"], key + ".name", "duplicate notice name");
    if (!item["subject"]) fail(item, key + ".subject", "is required");
    t.subjects = patterns(item["subject"], key + ".subject");
    for (const Pattern& p : t.subjects) t.subject_mentions.push_back(unanchored(p));
    if (item["body"]) t.body_required = patterns(item["body"], key + ".body");
    if (item["signature_required"]) {
      t.signature_required = boolean(item["signature_required"], key + ".signature_required");
    }
    if (item["fields"]) {
      const YAML::Node& fields = item["fields"];
      only_keys(fields, key + ".fields");
      for (const auto& f : fields) {
        const std::string name = f.first.as<std::string>();
        const std::string fkey = key + ".fields." + name;
        FieldRule rule;
        if (f.second.IsScalar()) {
          rule.pattern = pattern(f.second, fkey, 1);
        } else {
          only_keys(f.second, fkey);
          if (!f.second["pattern"]) fail(f.second, fkey + ".pattern", "is required");
          rule.pattern = pattern(f.second["pattern"], fkey + ".pattern", 1);
          if (f.second["from"]) {
            rule.source = choice(f.second["from"], fkey + ".from") == "subject"
                              ? FieldRule::Source::Subject
                              : FieldRule::Source::Body;
          }
        }
        t.fields[name] = rule;
      }
    }
    c.notices.push_back(std::move(t));
  }
}

// scope.recipients: plain addresses, or {address, programme, min_star} mappings (both kinds
// may be mixed). Every entry is in scope; the mappings are the grant programmes too.
void Loader::load_scope_recipients(const YAML::Node& n, Config& c) const {
  const std::string key = "scope.recipients";
  c.scope_recipients.clear();
  c.programmes.clear();
  if (n.IsScalar()) {
    c.scope_recipients = addresses(n, key);
    return;
  }
  if (!n.IsSequence())
    fail(n, key, "must be a list of addresses or {address, programme, min_star}");
  for (std::size_t i = 0; i < n.size(); ++i) {
    const std::string item_key = key + "[" + std::to_string(i) + "]";
    const YAML::Node item = n[i];
    if (!item.IsMap()) {
      for (auto& a : addresses(item, key)) c.scope_recipients.push_back(std::move(a));
      continue;
    }
    only_keys(item, item_key);
    if (!item["address"]) fail(item, item_key + ".address", "is required");
    const std::vector<std::string> address = addresses(item["address"], item_key + ".address");
    if (address.size() != 1) fail(item["address"], item_key + ".address", "must be one address");
    GrantProgramme g;
    g.address = address.front();
    if (item["programme"]) {
      g.programme = text(item["programme"], item_key + ".programme");
      bool printable = true;
      for (unsigned char ch : g.programme) printable = printable && ch >= 0x20 && ch != 0x7f;
      if (!printable) {
        fail(item["programme"], item_key + ".programme",
             "must be a name without control characters");
      }
    }
    if (item["min_star"]) {
      g.min_star = static_cast<int>(number(item["min_star"], item_key + ".min_star"));
    }
    c.scope_recipients.push_back(g.address);
    if (!g.programme.empty() || g.min_star > 0) c.programmes.push_back(std::move(g));
  }
}

RouteRule Loader::load_route(const YAML::Node& n, const std::string& key) const {
  only_keys(n, key);
  RouteRule r;
  if (n["name"]) r.name = text(n["name"], key + ".name");
  if (n["match"]) {
    const YAML::Node& m = n["match"];
    only_keys(m, key + ".match");
    if (m["verdict"]) {
      for (const auto& v : texts(m["verdict"], key + ".match.verdict")) {
        Verdict parsed;
        if (!parse_verdict(v, parsed)) {
          fail(m["verdict"], key + ".match.verdict",
               "'" + v + "' is not a verdict (none, consistent, verified, suspicious, error)");
        }
        r.match.verdicts.push_back(parsed);
      }
    }
    if (m["notice"]) r.match.notices = texts(m["notice"], key + ".match.notice");
    if (m["requirement"]) {
      r.match.requirements = texts(m["requirement"], key + ".match.requirement");
      for (const auto& v : r.match.requirements) {
        if (v != "met" && v != "not-met" && v != "unknown" && v != "none") {
          fail(m["requirement"], key + ".match.requirement",
               "'" + v + "' is not a requirement (met, not-met, unknown, none)");
        }
      }
    }
    if (m["star"]) {
      const YAML::Node& s = m["star"];
      if (s.IsSequence()) {
        for (std::size_t i = 0; i < s.size(); ++i) {
          r.match.stars.push_back(static_cast<int>(number(s[i], key + ".match.star")));
        }
      } else {
        r.match.stars.push_back(static_cast<int>(number(s, key + ".match.star")));
      }
    }
    if (m["recipient"]) r.match.recipients = addresses(m["recipient"], key + ".match.recipient");
  }
  const std::string action = n["action"] ? choice(n["action"], key + ".action") : "tag";
  if (action == "tag") r.action = RouteAction::Tag;
  if (action == "add_recipients") r.action = RouteAction::AddRecipients;
  if (action == "replace_recipients") r.action = RouteAction::ReplaceRecipients;
  if (action == "quarantine") r.action = RouteAction::Quarantine;
  if (action == "reject") r.action = RouteAction::Reject;
  if (action == "tempfail") r.action = RouteAction::Tempfail;
  if (n["recipients"]) r.recipients = texts(n["recipients"], key + ".recipients");
  for (const auto& a : r.recipients) {
    if (a.find('@') == std::string::npos || a.find_first_of("<>\r\n\t ,") != std::string::npos) {
      fail(n["recipients"], key + ".recipients", "'" + a + "' is not a plain mail address");
    }
  }
  if ((r.action == RouteAction::AddRecipients || r.action == RouteAction::ReplaceRecipients) &&
      r.recipients.empty()) {
    fail(n, key + ".recipients", "is required for action " + action);
  }
  if (n["reason"]) r.reason = text(n["reason"], key + ".reason");
  if (r.action == RouteAction::Tempfail) {
    r.smtp_code = "451";
    r.smtp_xcode = "4.7.1";
  }
  if (n["smtp_code"]) r.smtp_code = text(n["smtp_code"], key + ".smtp_code");
  if (n["smtp_xcode"]) r.smtp_xcode = text(n["smtp_xcode"], key + ".smtp_xcode");
  if (n["smtp_message"]) r.smtp_message = text(n["smtp_message"], key + ".smtp_message");
  const char want = r.action == RouteAction::Tempfail ? '4' : '5';
  if (r.action == RouteAction::Reject || r.action == RouteAction::Tempfail) {
    if (r.smtp_code.size() != 3 || r.smtp_code[0] != want ||
        r.smtp_code.find_first_not_of("0123456789") != std::string::npos) {
      fail(n, key + ".smtp_code",
           std::string("must be a ") + want + "xx code for action " + action);
    }
    if (r.smtp_xcode.empty() || r.smtp_xcode[0] != want) {
      fail(n, key + ".smtp_xcode", std::string("must start with ") + want);
    }
  }
  for (const std::string* s : {&r.reason, &r.smtp_message}) {
    for (unsigned char ch : *s) {
      if (ch < 0x20 || ch >= 0x7f) fail(n, key, "reason and smtp_message must be printable ASCII");
    }
  }
  return r;
}

void Loader::load_routing(const YAML::Node& n, Config& c) const {
  if (!n.IsSequence()) fail(n, "routing", "must be a list of rules");
  for (std::size_t i = 0; i < n.size(); ++i) {
    c.routes.push_back(load_route(n[i], "routing[" + std::to_string(i) + "]"));
  }
}

// forwards: start from the compiled-in table (unless builtin: false), add each file, then
// the inline entries. Relative file names are relative to the config file.
void Loader::load_forwards(const YAML::Node& n, Config& c) const {
  only_keys(n, "forwards");
  const bool builtin = !n["builtin"] || boolean(n["builtin"], "forwards.builtin");
  const auto empty_list = [](const YAML::Node& x) {
    return !x || (x.IsSequence() && x.size() == 0);
  };
  const bool additions = !empty_list(n["files"]) || !empty_list(n["languages"]);
  if (builtin && !additions) {
    c.forward_layouts = builtin_forward_layouts();  // the compiled-in table itself, built once
    return;
  }
  ForwardLayoutsBuilder entries =
      builtin ? builtin_forward_layout_entries() : ForwardLayoutsBuilder();
  if (n["files"]) {
    const std::filesystem::path base = std::filesystem::path(file_).parent_path();
    for (const std::string& f : texts(n["files"], "forwards.files")) {
      if (f.empty()) fail(n["files"], "forwards.files", "must not contain an empty name");
      const std::filesystem::path p(f);
      add_forward_layouts_file(p.is_relative() ? (base / p).lexically_normal().string() : f,
                               entries);
    }
  }
  if (n["languages"]) add_forward_languages(n["languages"], file_, "forwards.languages", entries);
  c.forward_layouts = entries.build();
}

// printouts: the bounds of reading PDF and image attachments, and the templates: the
// compiled-in ones (unless builtin: false), then the file's, which replace a built-in one of
// the same name. The time budget is at most half of milter.timeout_ms, so the rest of the
// inspection keeps room within it.
void Loader::load_printouts(const YAML::Node& n, Config& c) const {
  only_keys(n, "printouts");
  PrintoutSettings& p = c.printouts;
  const auto size = [&](const char* key, std::size_t& out) {
    if (n[key]) out = static_cast<std::size_t>(number(n[key], std::string("printouts.") + key));
  };
  if (n["pdf"]) p.pdf = boolean(n["pdf"], "printouts.pdf");
  if (n["ocr"]) p.ocr = boolean(n["ocr"], "printouts.ocr");
  size("max_pdf_bytes", p.max_pdf_bytes);
  if (n["max_pages"]) p.max_pages = static_cast<int>(number(n["max_pages"], "printouts.max_pages"));
  size("max_inflated_bytes", p.max_inflated_bytes);
  size("max_image_bytes", p.max_image_bytes);
  size("max_image_pixels", p.max_image_pixels);
  if (n["time_budget_ms"]) {
    p.time_budget_ms =
        static_cast<unsigned>(number(n["time_budget_ms"], "printouts.time_budget_ms"));
  }
  p.time_budget_ms = std::min(p.time_budget_ms, c.timeout_ms / 2);
  p.templates.clear();
  if (!n["builtin"] || boolean(n["builtin"], "printouts.builtin")) {
    p.templates = builtin_printout_templates();
  }
  if (n["templates"])
    add_printout_templates(n["templates"], file_, "printouts.templates", p.templates);
}

void Loader::load(const YAML::Node& root, Config& c) const {
  if (root.IsNull()) return;
  only_keys(root, "");
  if (root["milter"]) load_milter(root["milter"], c);
  if (const YAML::Node n = root["limits"]) {
    only_keys(n, "limits");
    if (n["max_message_bytes"]) {
      c.max_message_bytes =
          static_cast<std::size_t>(number(n["max_message_bytes"], "limits.max_message_bytes"));
    }
    if (n["max_depth"]) c.max_depth = static_cast<int>(number(n["max_depth"], "limits.max_depth"));
    if (n["max_parts"]) {
      c.max_parts = static_cast<std::size_t>(number(n["max_parts"], "limits.max_parts"));
    }
  }
  if (const YAML::Node n = root["headers"]) {
    only_keys(n, "headers");
    if (n["prefix"]) {
      c.header_prefix = text(n["prefix"], "headers.prefix");
      bool ok = c.header_prefix.size() >= 3;
      for (unsigned char ch : c.header_prefix) ok = ok && ch > 0x20 && ch < 0x7f && ch != ':';
      if (!ok)
        fail(n["prefix"], "headers.prefix",
             "must be at least 3 printable ASCII characters, no ':'");
    }
    if (const YAML::Node t = n["subject_tag"]) {
      only_keys(t, "headers.subject_tag");
      if (t["enabled"]) c.subject_tag = boolean(t["enabled"], "headers.subject_tag.enabled");
      if (t["format"]) c.subject_tag_format = text(t["format"], "headers.subject_tag.format");
    }
  }
  if (const YAML::Node n = root["privacy"]) {
    only_keys(n, "privacy");
    if (n["user_number"]) {
      const std::string p = choice(n["user_number"], "privacy.user_number");
      c.user_number_privacy = p == "mask"   ? UserNumberPrivacy::Mask
                              : p == "hash" ? UserNumberPrivacy::Hash
                              : p == "full" ? UserNumberPrivacy::Full
                                            : UserNumberPrivacy::Omit;
    }
    if (n["hash_salt"]) c.hash_salt = text(n["hash_salt"], "privacy.hash_salt");
    // An 11-digit number hashed without a secret is found again by trying them all (a GPU
    // does 10^11 SHA-256 in seconds): `hash` needs a salt an attacker cannot guess.
    if (c.user_number_privacy == UserNumberPrivacy::Hash && c.hash_salt.size() < 16) {
      const YAML::Node salt = n["hash_salt"];
      fail(salt.IsDefined() ? salt : n["user_number"], "privacy.hash_salt",
           "user_number: hash needs a secret salt of at least 16 characters (e.g. the output of "
           "'openssl rand -hex 16'): an unsalted hash of an 11-digit number is reversed in "
           "seconds");
    }
  }
  if (const YAML::Node n = root["senders"]) {
    only_keys(n, "senders");
    if (n["allowed_domains"]) {
      c.allowed_domains.clear();
      for (auto& d : texts(n["allowed_domains"], "senders.allowed_domains")) {
        d = ascii_lower(d);
        while (!d.empty() && d.back() == '.') d.pop_back();
        if (d.empty() ||
            d.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-.") != std::string::npos ||
            d.find('.') == std::string::npos) {
          fail(n["allowed_domains"], "senders.allowed_domains", "'" + d + "' is not a domain name");
        }
        c.allowed_domains.push_back(d);
      }
    }
  }
  if (const YAML::Node n = root["ids"]) {
    only_keys(n, "ids");
    if (n["declaration_id"])
      c.declaration_id_format = pattern(n["declaration_id"], "ids.declaration_id");
    if (n["user_number"]) c.user_number_format = pattern(n["user_number"], "ids.user_number");
  }
  if (root["signature"]) c.signature_markers = patterns(root["signature"], "signature");
  if (root["claim_subjects"]) c.claim_subjects = patterns(root["claim_subjects"], "claim_subjects");
  if (const YAML::Node n = root["stars"]) {
    if (!n.IsSequence()) fail(n, "stars", "must be a list of {match, star}");
    c.stars.clear();
    for (std::size_t i = 0; i < n.size(); ++i) {
      const std::string key = "stars[" + std::to_string(i) + "]";
      only_keys(n[i], key);
      if (!n[i]["match"] || !n[i]["star"]) fail(n[i], key, "needs both match and star");
      c.stars.push_back({pattern(n[i]["match"], key + ".match"),
                         static_cast<int>(number(n[i]["star"], key + ".star"))});
    }
  }
  if (root["notices"]) load_notices(root["notices"], c);
  if (root["forwards"]) load_forwards(root["forwards"], c);
  if (root["printouts"]) load_printouts(root["printouts"], c);
  if (const YAML::Node n = root["scope"]) {
    only_keys(n, "scope");
    if (n["recipients"]) load_scope_recipients(n["recipients"], c);
    if (n["subaddress_delimiter"]) {
      c.subaddress_delimiter = text(n["subaddress_delimiter"], "scope.subaddress_delimiter");
      for (unsigned char ch : c.subaddress_delimiter) {
        if (ch <= 0x20 || ch >= 0x7f || std::isalnum(ch) || std::strchr("@<>,\"", ch)) {
          fail(n["subaddress_delimiter"], "scope.subaddress_delimiter",
               "must be punctuation characters such as \"+\" or \"+-\"");
        }
      }
    }
  }
  if (root["routing"]) load_routing(root["routing"], c);
  if (const YAML::Node n = root["dkim"]) {
    only_keys(n, "dkim");
    if (n["key_file"]) c.dkim_key_file = text(n["key_file"], "dkim.key_file");
    if (n["dns_timeout_ms"]) {
      c.dkim_dns_timeout_ms =
          static_cast<unsigned>(number(n["dns_timeout_ms"], "dkim.dns_timeout_ms"));
    }
    if (n["trusted_authserv_ids"]) {
      c.trusted_authserv_ids = texts(n["trusted_authserv_ids"], "dkim.trusted_authserv_ids");
    }
    if (n["nameservers"]) {
      const std::vector<std::string> servers = texts(n["nameservers"], "dkim.nameservers");
      for (std::size_t i = 0; i < servers.size(); ++i) {
        NameserverAddress address;
        std::string why;
        if (!parse_nameserver_address(servers[i], address, why)) {
          const YAML::Node at =
              n["nameservers"].IsSequence() ? n["nameservers"][i] : n["nameservers"];
          fail(at, "dkim.nameservers", "'" + servers[i] + "': " + why);
        }
        c.dkim_nameservers.push_back(address);
      }
    }
  }
  if (const YAML::Node n = root["ledger"]) {
    only_keys(n, "ledger");
    if (n["backend"]) {
      const std::string b = choice(n["backend"], "ledger.backend");
      c.ledger_backend = b == "sqlite"       ? Config::LedgerBackend::Sqlite
                         : b == "postgresql" ? Config::LedgerBackend::Postgresql
                                             : Config::LedgerBackend::None;
    }
    if (n["path"]) c.ledger_path = text(n["path"], "ledger.path");
    if (n["connection"]) c.ledger_connection = text(n["connection"], "ledger.connection");
    if (n["retention_days"]) {
      c.ledger_retention_days =
          static_cast<unsigned>(number(n["retention_days"], "ledger.retention_days"));
    }
    if (n["time_zone"]) {
      c.ledger_time_zone = text(n["time_zone"], "ledger.time_zone");
      if (!TimeZone::find(c.ledger_time_zone)) {
        fail(n["time_zone"], "ledger.time_zone",
             "'" + c.ledger_time_zone + "' is not a time zone (e.g. Asia/Tokyo, +09:00, UTC)");
      }
    }
    if (n["reviewer_group"]) {
      c.ledger_reviewer_group = text(n["reviewer_group"], "ledger.reviewer_group");
      if (c.ledger_reviewer_group.find_first_of(" \t:/") != std::string::npos) {
        fail(n["reviewer_group"], "ledger.reviewer_group", "must be a group name");
      }
    }
    if (n["flush_interval_ms"]) {
      c.ledger_flush_interval_ms =
          static_cast<unsigned>(number(n["flush_interval_ms"], "ledger.flush_interval_ms"));
    }
    if (c.ledger_backend == Config::LedgerBackend::Postgresql && c.ledger_connection.empty()) {
      fail(n, "ledger.connection", "is required for backend postgresql");
    }
  }
  if (const YAML::Node n = root["metrics"]) {
    only_keys(n, "metrics");
    if (n["listen"]) {
      c.metrics_listen = text(n["listen"], "metrics.listen");
      ListenAddress parsed;
      std::string why;
      if (!c.metrics_listen.empty() && !parse_listen_address(c.metrics_listen, parsed, why)) {
        fail(n["listen"], "metrics.listen",
             "'" + c.metrics_listen + "': " + why + " (or empty to disable)");
      }
    }
  }
  if (const YAML::Node n = root["web"]) {
    only_keys(n, "web");
    if (n["listen"]) {
      c.web_listen = text(n["listen"], "web.listen");
      ListenAddress parsed;
      std::string why;
      if (!parse_listen_address(c.web_listen, parsed, why)) {
        fail(n["listen"], "web.listen", "'" + c.web_listen + "': " + why);
      }
    }
    if (n["auth"]) {
      const std::string a = choice(n["auth"], "web.auth");
      c.web_auth = a == "password" ? Config::WebAuth::Password
                   : a == "proxy"  ? Config::WebAuth::Proxy
                                   : Config::WebAuth::Loopback;
    }
    if (n["password_file"]) c.web_password_file = text(n["password_file"], "web.password_file");
    if (n["trusted_proxies"]) {
      c.web_trusted_proxies = texts(n["trusted_proxies"], "web.trusted_proxies");
    }
    for (const char* header : {"proxy_user_header", "proxy_groups_header"}) {
      if (!n[header]) continue;
      const std::string key = std::string("web.") + header;
      const std::string value = text(n[header], key);
      if (value.empty() || value.find_first_of(" \t:\r\n") != std::string::npos) {
        fail(n[header], key, "must be a header name");
      }
      (std::string_view(header) == "proxy_user_header" ? c.web_proxy_user_header
                                                       : c.web_proxy_groups_header) = value;
    }
    if (n["release_group"]) {
      c.web_release_group = text(n["release_group"], "web.release_group");
      if (c.web_release_group.find_first_of(" \t:,/") != std::string::npos) {
        fail(n["release_group"], "web.release_group", "must be a group name");
      }
    }
  }
  if (const YAML::Node n = root["smime"]) {
    only_keys(n, "smime");
    if (n["ca_file"]) c.smime_ca_file = text(n["ca_file"], "smime.ca_file");
  }
}

// Gives every key that the table has below `path` and `node` leaves out its default, in
// `node` and in every mapping and list item below it, so that what a file leaves out is
// loaded from the table's default by the same code as what it says.
void merge_defaults(YAML::Node node, const std::string& path) {
  if (!node.IsMap()) return;  // a wrong type is the loader's to report
  for (const std::string& child : config_key_children(path)) {
    const std::string key = path.empty() ? child : path + "." + child;
    const ConfigKey* k = find_config_key(key);
    if (!std::as_const(node)[child]) {
      if (k != nullptr && k->default_yaml.empty()) continue;  // no default: stays left out
      // A key takes its default; a section (no key itself) is made so its keys get theirs.
      node[child] =
          k != nullptr ? YAML::Load(std::string(k->default_yaml)) : YAML::Node(YAML::NodeType::Map);
    }
    YAML::Node value = node[child];
    if (value.IsMap()) merge_defaults(value, key);
    if (value.IsSequence()) {
      for (std::size_t i = 0; i < value.size(); ++i) {
        merge_defaults(value[i], key + "[" + std::to_string(i) + "]");
      }
    }
  }
}

// Records the line of every key under `node` (dotted paths, [i] for list items).
void record_key_lines(const YAML::Node& node, const std::string& path,
                      std::map<std::string, int>& lines) {
  if (node.IsMap()) {
    for (const auto& item : node) {
      if (!item.first.IsScalar()) continue;
      const std::string key = path.empty() ? item.first.Scalar() : path + "." + item.first.Scalar();
      lines[key] = item.first.Mark().line + 1;
      record_key_lines(item.second, key, lines);
    }
  } else if (node.IsSequence()) {
    for (std::size_t i = 0; i < node.size(); ++i) {
      const std::string key = path + "[" + std::to_string(i) + "]";
      lines[key] = node[i].Mark().line + 1;
      record_key_lines(node[i], key, lines);
    }
  }
}

std::shared_ptr<const Config> load_node(YAML::Node root, const std::string& name) {
  auto config = std::make_shared<Config>();
  config->source_path = name;
  record_key_lines(root, "", config->key_lines);  // what the file says, before the defaults
  if (root.IsNull()) root = YAML::Node(YAML::NodeType::Map);
  merge_defaults(root, "");
  Loader(name).load(root, *config);
  if (config->notices.empty()) {
    throw ConfigError(name + ": notices: at least one notice template is required");
  }
  return config;
}

}  // namespace

std::shared_ptr<const Config> load_config_text(const std::string& yaml, const std::string& name) {
  YAML::Node root;
  try {
    root = YAML::Load(yaml);
  } catch (const YAML::Exception& e) {
    throw ConfigError(yaml_syntax_error(name, e));
  }
  try {
    return load_node(root, name);
  } catch (const YAML::Exception& e) {
    throw ConfigError(yaml_syntax_error(name, e));
  }
}

std::shared_ptr<const Config> load_config(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError(path + ": cannot open: " + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  auto loaded = load_config_text(text.str(), path);
  // Relative file names in the config are relative to the config file's directory.
  auto config = std::make_shared<Config>(*loaded);
  const std::filesystem::path base = std::filesystem::path(path).parent_path();
  for (std::string* file : {&config->dkim_key_file, &config->smime_ca_file, &config->ledger_path,
                            &config->web_password_file}) {
    if (!file->empty() && std::filesystem::path(*file).is_relative()) {
      *file = (base / *file).lexically_normal().string();
    }
  }
  return config;
}

std::string Config::locate(const std::string& key, const std::string& flag) const {
  if (auto it = key_lines.find(key); it != key_lines.end()) {
    if (it->second == kCommandLine) return flag.empty() ? key + " (command line)" : flag;
    return source_path + ":" + std::to_string(it->second) + ": " + key;
  }
  // The nearest enclosing key the file sets ("milter" for "milter.user").
  for (std::string parent = key; !parent.empty();) {
    const auto cut = parent.find_last_of(".[");
    parent = cut == std::string::npos ? std::string() : parent.substr(0, cut);
    auto it = key_lines.find(parent);
    if (it != key_lines.end() && it->second > 0) {
      return source_path + ":" + std::to_string(it->second) + ": " + key + " (default)";
    }
  }
  return source_path + ": " + key + " (default)";
}

bool parse_listen_address(const std::string& text, ListenAddress& out, std::string& why) {
  std::string host;
  std::string port;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      why = "expected [IPv6 address]:port";
      return false;
    }
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
    in6_addr v6{};
    if (inet_pton(AF_INET6, host.c_str(), &v6) != 1) {
      why = "'" + host + "' is not an IPv6 address";
      return false;
    }
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos) {
      why = "expected HOST:PORT";
      return false;
    }
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
    if (host.find(':') != std::string::npos) {
      why = "an IPv6 address goes in brackets: [::1]:9795";
      return false;
    }
    in_addr v4{};
    if (host != "localhost" && inet_pton(AF_INET, host.c_str(), &v4) != 1) {
      why = "host must be an IP address or localhost";
      return false;
    }
  }
  if (port.empty() || port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string::npos || std::stoul(port) > 65535) {
    why = "port must be a number from 0 to 65535";
    return false;
  }
  out.host = host;
  out.port = static_cast<unsigned>(std::stoul(port));
  return true;
}

namespace {

// The first line of `file`, or "".
std::string first_line(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::string line;
  if (in && std::getline(in, line)) return line;
  return "";
}

}  // namespace

// The path named by the marker beside `executable`, else the installed config.
std::string default_config_path_for(const std::filesystem::path& executable) {
  std::string named = first_line(executable.parent_path() / kSourceConfigMarker);
  return named.empty() ? std::string(SA_INSTALLED_CONFIG) : named;
}

// Resolves the running executable (no build path is compiled in) and asks its directory.
std::string default_config_path() {
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string(SA_INSTALLED_CONFIG) : default_config_path_for(exe);
}

std::string named_beside_executable(const char* marker) {
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string() : first_line(exe.parent_path() / marker);
}

}  // namespace sa
