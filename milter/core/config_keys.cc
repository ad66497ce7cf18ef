// config_keys.cc - the table of configuration keys and its lookups.
#include "core/config_keys.h"

#include <algorithm>
#include <array>

namespace sa {
namespace {

using T = KeyType;

constexpr std::array kKeys{
    ConfigKey{.path = "milter.socket",
              .type = T::Text,
              .default_yaml = "unix:/var/spool/postfix/sa-triage/milter.sock",
              .meaning = "where the milter listens: unix:/path, inet:PORT@HOST or inet6:PORT@HOST"},
    ConfigKey{.path = "milter.socket_mode",
              .type = T::Mode,
              .default_yaml = R"("0660")",
              .meaning = "permissions of a unix socket"},
    ConfigKey{
        .path = "milter.socket_group",
        .type = T::Text,
        .default_yaml = "postfix",
        .meaning = "group of a unix socket, so that Postfix can connect (\"\": leave it as is)"},
    ConfigKey{
        .path = "milter.user",
        .type = T::Text,
        .default_yaml = "sa-triage",
        .meaning = "started as root, drop to this user after opening the socket (\"\": stay)"},
    ConfigKey{
        .path = "milter.on_error",
        .type = T::Choice,
        .default_yaml = "accept",
        .meaning = "a message that cannot be judged: accept (delivered tagged error) or tempfail",
        .choices = "accept|tempfail"},
    ConfigKey{.path = "milter.timeout_ms",
              .type = T::Integer,
              .default_yaml = "10000",
              .meaning = "processing budget per message, in milliseconds",
              .min = 10,
              .max = 600000},
    ConfigKey{.path = "milter.log",
              .type = T::Choice,
              .default_yaml = "stderr",
              .meaning = "stderr (journald under systemd) or syslog (facility mail)",
              .choices = "stderr|syslog"},
    ConfigKey{.path = "limits.max_message_bytes",
              .type = T::Integer,
              .default_yaml = "26214400",
              .meaning = "larger messages are tagged error, reason too-large",
              .min = 1024,
              .max = 1LL << 31},
    ConfigKey{.path = "limits.max_depth",
              .type = T::Integer,
              .default_yaml = "8",
              .meaning = "nesting depth of attached messages",
              .min = 1,
              .max = 32},
    ConfigKey{.path = "limits.max_parts",
              .type = T::Integer,
              .default_yaml = "1000",
              .meaning = "MIME parts visited per message",
              .min = 1,
              .max = 100000},
    ConfigKey{
        .path = "headers.prefix",
        .type = T::Text,
        .default_yaml = "X-SA-Triage-",
        .meaning = "prefix of every header written; incoming headers with it are deleted first"},
    ConfigKey{.path = "headers.subject_tag.enabled",
              .type = T::Boolean,
              .default_yaml = "false",
              .meaning = "prepend a tag to the Subject of mail in scope"},
    ConfigKey{.path = "headers.subject_tag.format",
              .type = T::Text,
              .default_yaml = R"("[SA★{star} {verdict}]")",
              .meaning = "the tag; placeholders {verdict}, {notice}, {star}"},
    ConfigKey{.path = "privacy.user_number",
              .type = T::Choice,
              .default_yaml = "mask",
              .meaning =
                  "the 利用者番号 in headers and output: mask, hash (salted SHA-256), full or omit",
              .choices = "mask|hash|full|omit"},
    ConfigKey{.path = "privacy.hash_salt",
              .type = T::Text,
              .default_yaml = R"("")",
              .meaning = "the secret for hash, at least 16 characters (openssl rand -hex 16); "
                         "required with hash"},
    ConfigKey{.path = "senders.allowed_domains",
              .type = T::Domains,
              .default_yaml = "[ipa.go.jp]",
              .meaning = "domains (and their subdomains) a notice may come from"},
    ConfigKey{.path = "ids.declaration_id",
              .type = T::Pattern,
              .default_yaml = "'4[0-9]{10}'",
              .meaning = "format of the 自己宣言ID, matched against the whole value"},
    ConfigKey{.path = "ids.user_number",
              .type = T::Pattern,
              .default_yaml = "'[0-9]{11}'",
              .meaning = "format of the 利用者番号"},
    ConfigKey{.path = "signature",
              .type = T::PatternList,
              .default_yaml = R"(['独立行政法人情報処理推進機構', 'SECURITY ACTION\s*事務局'])",
              .default_doc = "IPA's two signature lines",
              .meaning = "patterns the signature block of a notice must all contain ([]: none)"},
    ConfigKey{
        .path = "claim_subjects",
        .type = T::PatternList,
        .default_yaml = R"(['【\s*SECURITY\s*ACTION\s*】'])",
        .meaning = "a subject matching one claims to be a notice even when it fits no template"},
    ConfigKey{.path = "stars",
              .type = T::Stars,
              .default_yaml = R"([{match: '二つ星|★★', star: 2}, {match: '一つ星|★', star: 1}])",
              .default_doc = "二つ星 or ★★ is 2, 一つ星 or ★ is 1",
              .meaning = "star level from the text a star field captured; the first match wins"},
    ConfigKey{.path = "stars[].match",
              .type = T::Pattern,
              .meaning = "pattern on the captured text",
              .required = true},
    ConfigKey{.path = "stars[].star",
              .type = T::Integer,
              .meaning = "the star level it means",
              .required = true,
              .min = 1,
              .max = 2},
    ConfigKey{.path = "notices",
              .type = T::Notices,
              .meaning = "the notices IPA sends (the installed file has the two seed notices)",
              .required = true},
    ConfigKey{.path = "notices[].name",
              .type = T::Text,
              .meaning = "the value of X-SA-Triage-Notice: lower-case letters, digits and '-'",
              .required = true},
    ConfigKey{.path = "notices[].subject",
              .type = T::PatternList,
              .meaning = "one must match the original's subject",
              .required = true},
    ConfigKey{.path = "notices[].body",
              .type = T::PatternList,
              .default_yaml = "[]",
              .meaning = "all must match the original's body"},
    ConfigKey{.path = "notices[].signature_required",
              .type = T::Boolean,
              .default_yaml = "true",
              .meaning = "whether the signature patterns must be found"},
    ConfigKey{.path = "notices[].fields.star",
              .type = T::Field,
              .default_doc = "none",
              .meaning = "where the star level is read"},
    ConfigKey{.path = "notices[].fields.declaration_id",
              .type = T::Field,
              .default_doc = "none",
              .meaning = "where the 自己宣言ID is read"},
    ConfigKey{.path = "notices[].fields.user_number",
              .type = T::Field,
              .default_doc = "none",
              .meaning = "where the 利用者番号 is read"},
    ConfigKey{.path = "notices[].fields.company",
              .type = T::Field,
              .default_doc = "none",
              .meaning = "where the company is read"},
    ConfigKey{.path = "notices[].fields.*.from",
              .type = T::Choice,
              .default_yaml = "body",
              .meaning = "the text the pattern is matched on",
              .choices = "subject|body"},
    ConfigKey{.path = "notices[].fields.*.pattern",
              .type = T::Pattern,
              .meaning = "pattern with one capture group: the value",
              .required = true},
    ConfigKey{.path = "forwards.builtin",
              .type = T::Boolean,
              .default_yaml = "true",
              .meaning = "start from the built-in forward layouts (config/forward-layouts.yaml)"},
    ConfigKey{.path = "forwards.files",
              .type = T::TextList,
              .default_yaml = "[]",
              .meaning = "more forward layout files, relative to this file"},
    ConfigKey{.path = "forwards.languages",
              .type = T::Layouts,
              .default_yaml = "[]",
              .meaning = "more layout entries, as the languages of a layouts file "
                         "(docs/forward-layouts.md)"},
    ConfigKey{.path = "scope.recipients",
              .type = T::ScopeEntries,
              .default_yaml = "[]",
              .meaning = "the grant addresses (or @domain) the milter acts on ([]: all mail)"},
    ConfigKey{.path = "scope.recipients[].address",
              .type = T::Text,
              .meaning = "in a {address, programme, min_star} entry: the address (or @domain)",
              .required = true},
    ConfigKey{.path = "scope.recipients[].programme",
              .type = T::Text,
              .default_yaml = R"("")",
              .meaning = "the grant programme of that address (X-SA-Triage-Programme)"},
    ConfigKey{.path = "scope.recipients[].min_star",
              .type = T::Integer,
              .default_yaml = "0",
              .meaning = "the star the programme requires (X-SA-Triage-Requirement; 0: none)",
              .min = 0,
              .max = 2},
    ConfigKey{.path = "scope.subaddress_delimiter",
              .type = T::Text,
              .default_yaml = R"("+")",
              .meaning = "characters that start a subaddress: grants+kobe@ is in scope as grants@ "
                         "(\"\": none)"},
    ConfigKey{
        .path = "routing",
        .type = T::Rules,
        .default_yaml =
            R"([{name: hold-suspicious, match: {verdict: [suspicious]}, action: quarantine, reason: "sa-triage: suspicious SECURITY ACTION evidence"}])",
        .default_doc = "hold-suspicious: quarantine suspicious mail",
        .meaning = "rules; the first that matches wins, no match means tag only"},
    ConfigKey{.path = "routing[].name",
              .type = T::Text,
              .default_yaml = R"("")",
              .meaning = "logged and shown by sa-triage check (\"\": unnamed)"},
    ConfigKey{.path = "routing[].match.verdict",
              .type = T::Verdicts,
              .default_yaml = "[]",
              .meaning = "verdicts the rule applies to ([]: any)"},
    ConfigKey{.path = "routing[].match.notice",
              .type = T::TextList,
              .default_yaml = "[]",
              .meaning = "notice names, or none ([]: any)"},
    ConfigKey{.path = "routing[].match.requirement",
              .type = T::TextList,
              .default_yaml = "[]",
              .meaning = "met, not-met, unknown, or none (no min_star applies) ([]: any)"},
    ConfigKey{.path = "routing[].match.star",
              .type = T::IntegerList,
              .default_yaml = "[]",
              .meaning = "star levels ([]: any)",
              .max = 2},
    ConfigKey{.path = "routing[].match.recipient",
              .type = T::Addresses,
              .default_yaml = "[]",
              .meaning = "envelope recipients ([]: any)"},
    ConfigKey{.path = "routing[].action",
              .type = T::Choice,
              .default_yaml = "tag",
              .meaning = "what the rule does to the message",
              .choices = "tag|add_recipients|replace_recipients|quarantine|reject|tempfail"},
    ConfigKey{.path = "routing[].recipients",
              .type = T::Addresses,
              .default_yaml = "[]",
              .meaning = "for add_recipients and replace_recipients"},
    ConfigKey{.path = "routing[].reason",
              .type = T::Text,
              .default_yaml = R"("")",
              .meaning = "quarantine reason (\"\": sa-triage: and the rule name)"},
    ConfigKey{.path = "routing[].smtp_code",
              .type = T::Text,
              .default_doc = "550 (tempfail: 451)",
              .meaning = "the reply code of reject and tempfail"},
    ConfigKey{.path = "routing[].smtp_xcode",
              .type = T::Text,
              .default_doc = "5.7.1 (tempfail: 4.7.1)",
              .meaning = "the enhanced status code of reject and tempfail"},
    ConfigKey{.path = "routing[].smtp_message",
              .type = T::Text,
              .default_yaml = R"("")",
              .meaning = "the reply text of reject and tempfail (\"\": a standard text)"},
    ConfigKey{.path = "dkim.key_file",
              .type = T::Text,
              .default_yaml = R"("")",
              .meaning =
                  "OpenDKIM query file with DKIM keys, for offline installs and tests (\"\": DNS)"},
    ConfigKey{.path = "dkim.dns_timeout_ms",
              .type = T::Integer,
              .default_yaml = "5000",
              .meaning = "what the DNS key lookups of one original may take in all, in ms",
              .min = 100,
              .max = 60000},
    ConfigKey{.path = "dkim.nameservers",
              .type = T::TextList,
              .default_yaml = "[]",
              .meaning = "DNS servers for key lookups, IP or IP:port, tried in order "
                         "([]: those of /etc/resolv.conf)"},
    ConfigKey{.path = "dkim.trusted_authserv_ids",
              .type = T::TextList,
              .default_yaml = "[]",
              .meaning = "Authentication-Results from these count for direct mail"},
    ConfigKey{.path = "smime.ca_file",
              .type = T::Text,
              .default_yaml = R"("")",
              .meaning = "CA bundle for S/MIME signatures (\"\": the system store)"},
    ConfigKey{.path = "ledger.backend",
              .type = T::Choice,
              .default_yaml = "sqlite",
              .meaning = "where evidence is recorded (none: nowhere)",
              .choices = "sqlite|postgresql|none"},
    ConfigKey{.path = "ledger.path",
              .type = T::Text,
              .default_yaml = "/var/lib/sa-triage/ledger.sqlite",
              .meaning = "the SQLite file"},
    ConfigKey{.path = "ledger.connection",
              .type = T::Text,
              .default_yaml = R"("")",
              .meaning = "PostgreSQL connection string (required for postgresql)"},
    ConfigKey{.path = "ledger.retention_days",
              .type = T::Integer,
              .default_yaml = "730",
              .meaning = "rows older than this are purged (0: keep everything)",
              .max = 36500},
    ConfigKey{.path = "ledger.time_zone",
              .type = T::Text,
              .default_yaml = "Asia/Tokyo",
              .meaning = "time zone of exported times and of export --since dates (or +09:00, "
                         "UTC)"},
    ConfigKey{.path = "ledger.reviewer_group",
              .type = T::Text,
              .default_yaml = R"("")",
              .meaning = "group that may read the SQLite ledger, for sa-triage ledger export "
                         "(\"\": the milter's user only)"},
    ConfigKey{.path = "ledger.flush_interval_ms",
              .type = T::Integer,
              .default_yaml = "200",
              .meaning = "longest a recorded row waits before it is committed (a crash loses "
                         "at most this much of the ledger, never mail)",
              .max = 10000},
    ConfigKey{.path = "printouts.pdf",
              .type = T::Boolean,
              .default_yaml = "true",
              .meaning = "read the text of PDF attachments as printouts of the declarer site"},
    ConfigKey{.path = "printouts.ocr",
              .type = T::Boolean,
              .default_yaml = "false",
              .meaning = "OCR PNG and JPEG attachments (screenshots, photos) with Tesseract"},
    ConfigKey{.path = "printouts.max_pdf_bytes",
              .type = T::Integer,
              .default_yaml = "10485760",
              .meaning = "larger PDFs are not read (printout=pdf-too-large)",
              .min = 1024,
              .max = 1LL << 30},
    ConfigKey{.path = "printouts.max_pages",
              .type = T::Integer,
              .default_yaml = "4",
              .meaning = "pages read from the start of a PDF",
              .min = 1,
              .max = 100},
    ConfigKey{.path = "printouts.max_inflated_bytes",
              .type = T::Integer,
              .default_yaml = "16777216",
              .meaning = "decompressed stream bytes per PDF; more is refused as a bomb",
              .min = 65536,
              .max = 1LL << 31},
    ConfigKey{.path = "printouts.max_image_bytes",
              .type = T::Integer,
              .default_yaml = "10485760",
              .meaning = "larger images are not read (printout=image-too-large)",
              .min = 1024,
              .max = 1LL << 30},
    ConfigKey{.path = "printouts.max_image_pixels",
              .type = T::Integer,
              .default_yaml = "20000000",
              .meaning = "width x height an image header may declare before it is decoded",
              .min = 10000,
              .max = 200000000},
    ConfigKey{.path = "printouts.time_budget_ms",
              .type = T::Integer,
              .default_yaml = "4000",
              .meaning = "time for all printouts of one message; at most half of "
                         "milter.timeout_ms is used",
              .min = 10,
              .max = 300000},
    ConfigKey{.path = "printouts.builtin",
              .type = T::Boolean,
              .default_yaml = "true",
              .meaning = "start from the built-in templates (config/printout-templates.yaml)"},
    ConfigKey{.path = "printouts.templates",
              .type = T::Printouts,
              .default_yaml = "[]",
              .meaning = "more templates; one named like a built-in one replaces it "
                         "(docs/printouts.md)"},
    ConfigKey{.path = "printouts.templates[].name",
              .type = T::Text,
              .meaning = "the value of X-SA-Triage-Notice: lower-case letters, digits and '-'",
              .required = true},
    ConfigKey{.path = "printouts.templates[].markers",
              .type = T::PatternList,
              .meaning = "all must match the page's text: it claims to be this page",
              .required = true},
    ConfigKey{.path = "printouts.templates[].fields.company",
              .type = T::Pattern,
              .default_doc = "none",
              .meaning = "pattern with one capture group: the 事業者名"},
    ConfigKey{.path = "printouts.templates[].fields.star",
              .type = T::Pattern,
              .default_doc = "none",
              .meaning = "pattern with one capture group: the 取組み段階, read with stars"},
    ConfigKey{.path = "printouts.templates[].fields.status",
              .type = T::Pattern,
              .default_doc = "none",
              .meaning = "pattern with one capture group: the 受付状況"},
    ConfigKey{.path = "printouts.templates[].fields.declaration_id",
              .type = T::Pattern,
              .default_doc = "none",
              .meaning = "pattern with one capture group: the 自己宣言ID, when the page shows it"},
    ConfigKey{.path = "printouts.templates[].required",
              .type = T::TextList,
              .default_yaml = "[company, star, status]",
              .meaning = "fields the page must show; a claiming page without one is suspicious"},
    ConfigKey{.path = "printouts.templates[].declared",
              .type = T::Pattern,
              .default_yaml = R"("")",
              .meaning = "what the status must say for a completed declaration (\"\": anything)"},
    ConfigKey{.path = "metrics.listen",
              .type = T::Text,
              .default_yaml = "127.0.0.1:9795",
              .meaning = "HOST:PORT of /metrics and /healthz (\"\": disabled)"},
    ConfigKey{.path = "web.listen",
              .type = T::Text,
              .default_yaml = "127.0.0.1:9796",
              .meaning = "HOST:PORT of the reviewers' desk, sa-triage-web"},
    ConfigKey{.path = "web.auth",
              .type = T::Choice,
              .default_yaml = "loopback",
              .meaning = "who may use the desk: loopback (local peers only, read-only), password "
                         "(web.password_file) or proxy (a trusted proxy's header)",
              .choices = "loopback|password|proxy"},
    ConfigKey{.path = "web.password_file",
              .type = T::Text,
              .default_yaml = "/etc/sa-triage/reviewers",
              .meaning = "reviewers for auth password: NAME:GROUPS:ARGON2ID-HASH lines "
                         "(sa-triage-web --hash-password)"},
    ConfigKey{.path = "web.trusted_proxies",
              .type = T::TextList,
              .default_yaml = "[]",
              .meaning = "addresses of reverse proxies whose user header counts (auth proxy)"},
    ConfigKey{.path = "web.proxy_user_header",
              .type = T::Text,
              .default_yaml = "X-Forwarded-User",
              .meaning = "header naming the signed-in reviewer (auth proxy)"},
    ConfigKey{.path = "web.proxy_groups_header",
              .type = T::Text,
              .default_yaml = "X-Forwarded-Groups",
              .meaning = "header with the reviewer's groups, comma separated (auth proxy)"},
    ConfigKey{.path = "web.release_group",
              .type = T::Text,
              .default_yaml = "sa-review",
              .meaning = "group a reviewer must be in to release or delete held mail (\"\": any "
                         "signed-in reviewer)"},
};

// `path` with every "[N]" written "[]".
std::string table_path(std::string_view path) {
  std::string out;
  for (std::size_t i = 0; i < path.size(); ++i) {
    out += path[i];
    if (path[i] != '[') continue;
    while (i + 1 < path.size() && path[i + 1] != ']') ++i;
  }
  return out;
}

// `path` with its second to last segment written "*" ("a.b.c" -> "a.*.c"); "" when it has
// fewer than two dots.
std::string wildcard_path(std::string_view path) {
  const std::size_t last = path.rfind('.');
  if (last == std::string_view::npos || last == 0) return "";
  const std::size_t before = path.rfind('.', last - 1);
  if (before == std::string_view::npos) return "";
  return std::string(path.substr(0, before + 1)) + "*" + std::string(path.substr(last));
}

// The first segment of `path` after `prefix` ("" when `path` is not below it), without "[]".
std::string_view child_of(std::string_view path, std::string_view prefix) {
  if (!prefix.empty()) {
    if (path.size() <= prefix.size() + 1 || path.compare(0, prefix.size(), prefix) != 0 ||
        path[prefix.size()] != '.') {
      return "";
    }
    path.remove_prefix(prefix.size() + 1);
  }
  std::string_view child = path.substr(0, path.find('.'));
  if (child.size() > 2 && child.substr(child.size() - 2) == "[]") child.remove_suffix(2);
  return child;
}

}  // namespace

std::span<const ConfigKey> config_keys() { return kKeys; }

const ConfigKey* find_config_key(std::string_view path) {
  const std::string exact = table_path(path);
  const std::string wild = wildcard_path(exact);
  for (const ConfigKey& k : kKeys) {
    if (k.path == exact) return &k;
  }
  for (const ConfigKey& k : kKeys) {
    if (!wild.empty() && k.path == wild) return &k;
  }
  return nullptr;
}

std::vector<std::string> config_key_children(std::string_view path) {
  const std::string exact = table_path(path);
  // Keys of every value of a mapping ("map.*.key") are children of each of its values.
  const std::size_t dot = exact.rfind('.');
  const std::string wild = dot == std::string::npos ? "" : exact.substr(0, dot + 1) + "*";
  std::vector<std::string> out;
  for (const ConfigKey& k : kKeys) {
    std::string_view child = child_of(k.path, exact);
    if (child.empty() && !wild.empty()) child = child_of(k.path, wild);
    if (child.empty() || child == "*") continue;
    if (std::find(out.begin(), out.end(), child) == out.end()) out.emplace_back(child);
  }
  return out;
}

std::vector<std::string> choice_words(const ConfigKey& key) {
  std::vector<std::string> out;
  std::string_view rest = key.choices;
  while (!rest.empty()) {
    const std::size_t bar = rest.find('|');
    out.emplace_back(rest.substr(0, bar));
    rest = bar == std::string_view::npos ? std::string_view() : rest.substr(bar + 1);
  }
  return out;
}

std::string key_type_text(const ConfigKey& key) {
  const std::string range = std::to_string(key.min) + ".." + std::to_string(key.max);
  switch (key.type) {
    case T::Text:
      return "string";
    case T::Mode:
      return "octal string";
    case T::Boolean:
      return "boolean";
    case T::Integer:
      return "integer " + range;
    case T::IntegerList:
      return "list of integers " + range;
    case T::Choice: {
      std::string words;
      for (const auto& w : choice_words(key)) words += (words.empty() ? "" : ", ") + w;
      return "one of " + words;
    }
    case T::TextList:
      return "list of strings";
    case T::Addresses:
      return "list of addresses";
    case T::ScopeEntries:
      return "list of addresses or {address, programme, min_star}";
    case T::Domains:
      return "list of domains";
    case T::Verdicts:
      return "list of verdicts";
    case T::Pattern:
      return "pattern";
    case T::PatternList:
      return "list of patterns";
    case T::Field:
      return "pattern or {from, pattern}";
    case T::Stars:
      return "list of {match, star}";
    case T::Notices:
      return "list of notice templates";
    case T::Layouts:
      return "list of layout entries";
    case T::Rules:
      return "list of rules";
    case T::Printouts:
      return "list of printout templates";
  }
  return "string";
}

std::string key_default_text(const ConfigKey& key) {
  if (key.required) return "required";
  if (!key.default_doc.empty()) return std::string(key.default_doc);
  if (!key.default_yaml.empty()) return std::string(key.default_yaml);
  return "none";
}

}  // namespace sa
