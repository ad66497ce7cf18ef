// config.h - the one configuration struct, loaded and validated once from YAML.
// Every error names the file, line and key. Patterns are compiled with RE2 at load. The keys,
// their types and defaults are the table of config_keys.h; the initial values below are the
// same defaults for a Config built in code (tests/core/config_keys_test.cc compares them).
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/nameserver_address.h"
#include "core/printout_templates.h"
#include "core/verdict.h"

namespace re2 {
class RE2;
}

namespace sa {

class ForwardLayouts;

// A load/validation failure: what() reads "FILE:LINE: KEY: message".
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

using Pattern = std::shared_ptr<const re2::RE2>;

struct FieldRule {
  enum class Source { Subject, Body } source = Source::Body;
  Pattern pattern;  // exactly one capture group: the value
};

struct NoticeTemplate {
  std::string name;               // e.g. "declaration-complete"
  std::vector<Pattern> subjects;  // any may match the original's subject
  // The same patterns without their ^ and $ anchors: a subject that contains a notice's
  // title among other words ("…のお知らせ について") only mentions the notice.
  std::vector<Pattern> subject_mentions;
  std::vector<Pattern> body_required;  // all must match the original's body
  bool signature_required = true;
  std::map<std::string, FieldRule> fields;  // company, declaration_id, user_number, star
};

struct StarRule {
  Pattern match;
  int star = 0;
};

enum class UserNumberPrivacy { Mask, Hash, Full, Omit };

struct RouteMatch {
  std::vector<Verdict> verdicts;  // empty: any
  // X-SA-Triage-Requirement values ("met", "not-met", "unknown"; "none": no programme with a
  // min_star applies); empty: any.
  std::vector<std::string> requirements;
  std::vector<std::string> notices;     // empty: any ("none" matches no notice)
  std::vector<int> stars;               // empty: any
  std::vector<std::string> recipients;  // as scope_recipients (recipient_address.h); empty: any
};

enum class RouteAction { Tag, AddRecipients, ReplaceRecipients, Quarantine, Reject, Tempfail };

// A scope.recipients entry written as {address, programme, min_star}: the grant programme
// mail to `address` applies for, and the star it requires (0: none). Matched like
// scope_recipients (recipient_address.h).
struct GrantProgramme {
  std::string address;    // "a@b" or "@domain", lower-cased
  std::string programme;  // e.g. 東京都サイバー助成金; "" when only min_star is given
  int min_star = 0;       // 1 or 2; 0: no requirement
};

struct RouteRule {
  std::string name;
  RouteMatch match;
  RouteAction action = RouteAction::Tag;
  std::vector<std::string> recipients;  // add_recipients / replace_recipients
  std::string reason;                   // quarantine reason
  std::string smtp_code = "550";        // reject/tempfail reply
  std::string smtp_xcode = "5.7.1";
  std::string smtp_message;
};

struct Config {
  std::string source_path;  // file it was loaded from ("" for built-in)
  // Line (from 1) of every key the file sets, by dotted path ("milter.socket",
  // "routing[0].action"); kCommandLine for a value a command-line flag replaced. Lets checks
  // made after loading (start_check.h) name the file, line and key too.
  static constexpr int kCommandLine = -1;
  std::map<std::string, int> key_lines;
  // "FILE:LINE: KEY" for a key the file sets; "FILE:LINE: KEY (default)" with the line of
  // the nearest enclosing key the file sets, or "FILE: KEY (default)"; "--FLAG" for
  // kCommandLine. `flag` names the flag for that case.
  std::string locate(const std::string& key, const std::string& flag = "") const;

  // milter:
  // Inside Postfix's queue directory, so chrooted smtpd/cleanup see it as sa-triage/milter.sock.
  std::string socket = "unix:/var/spool/postfix/sa-triage/milter.sock";
  std::string socket_mode = "0660";
  std::string socket_group = "postfix";  // empty: leave as is
  std::string user = "sa-triage";        // drop privileges to this user when started as root
  enum class OnError { Accept, Tempfail } on_error = OnError::Accept;
  unsigned timeout_ms = 10000;
  enum class LogTarget { Stderr, Syslog } log = LogTarget::Stderr;

  // limits:
  std::size_t max_message_bytes = 25u * 1024u * 1024u;
  int max_depth = 8;
  std::size_t max_parts = 1000;

  // headers:
  std::string header_prefix = "X-SA-Triage-";
  bool subject_tag = false;
  std::string subject_tag_format = "[SA★{star} {verdict}]";

  // privacy:
  UserNumberPrivacy user_number_privacy = UserNumberPrivacy::Mask;
  std::string hash_salt;

  // verification:
  std::vector<std::string> allowed_domains{"ipa.go.jp"};
  Pattern declaration_id_format;  // whole-string match
  Pattern user_number_format;     // whole-string match
  std::vector<Pattern> signature_markers;
  std::vector<Pattern> claim_subjects;  // a subject matching one claims to be a notice
  std::vector<StarRule> stars;
  std::vector<NoticeTemplate> notices;

  // forwards: the wording of forward and reply layouts (never null after load): the
  // compiled-in table (config/forward-layouts.yaml) plus the admin's additions.
  std::shared_ptr<const ForwardLayouts> forward_layouts;

  // scope and routing (milter):
  std::vector<std::string> scope_recipients;  // "a@b" or "@domain", lower-cased; empty: all mail
  std::vector<GrantProgramme> programmes;     // the entries that name a programme or min_star
  std::string subaddress_delimiter = "+";     // characters starting a subaddress; "": none
  std::vector<RouteRule> routes;

  // dkim / smime (auth):
  std::string dkim_key_file;                        // empty: DNS
  unsigned dkim_dns_timeout_ms = 5000;              // all DNS key lookups of one original together
  std::vector<NameserverAddress> dkim_nameservers;  // empty: those of /etc/resolv.conf
  std::vector<std::string> trusted_authserv_ids;
  std::string smime_ca_file;  // empty: system store

  // ledger:
  enum class LedgerBackend { None, Sqlite, Postgresql } ledger_backend = LedgerBackend::Sqlite;
  std::string ledger_path = "/var/lib/sa-triage/ledger.sqlite";
  std::string ledger_connection;                // PostgreSQL conninfo
  unsigned ledger_retention_days = 730;         // 0: keep forever
  std::string ledger_time_zone = "Asia/Tokyo";  // of exported times and --since dates
  std::string ledger_reviewer_group;            // may read the SQLite ledger; "": owner only
  unsigned ledger_flush_interval_ms = 200;      // longest a recorded row waits for its commit

  // printouts: the declarer site's printouts as evidence (core/printout_templates.h).
  PrintoutSettings printouts;

  // metrics:
  std::string metrics_listen = "127.0.0.1:9795";  // empty: disabled

  // web (the reviewers' desk, sa-triage-web; the milter ignores these):
  std::string web_listen = "127.0.0.1:9796";
  enum class WebAuth { Loopback, Password, Proxy } web_auth = WebAuth::Loopback;
  std::string web_password_file = "/etc/sa-triage/reviewers";
  std::vector<std::string> web_trusted_proxies;
  std::string web_proxy_user_header = "X-Forwarded-User";
  std::string web_proxy_groups_header = "X-Forwarded-Groups";
  std::string web_release_group = "sa-review";
};

// metrics.listen split into its parts: "127.0.0.1:9795", "[::1]:9795", "localhost:9795".
struct ListenAddress {
  std::string host;  // an IPv4 or IPv6 address (no brackets), or "localhost"
  unsigned port = 0;
};
// Parses HOST:PORT as the metrics endpoint binds it; false with `why` set when malformed.
bool parse_listen_address(const std::string& text, ListenAddress& out, std::string& why);

// Loads and validates; throws ConfigError.
std::shared_ptr<const Config> load_config(const std::string& path);
// Same, from text (`name` is used in messages in place of a file name).
std::shared_ptr<const Config> load_config_text(const std::string& yaml, const std::string& name);

// The file CMake writes next to each binary in a build tree (never installed): one line,
// the absolute path of the source tree's config/sa-triage.yaml.
inline constexpr const char* kSourceConfigMarker = "sa-triage-source-config";

// The config path used when none is given: the path named by kSourceConfigMarker next to
// the running executable (a binary in its build tree), else the installed
// /etc/sa-triage/sa-triage.yaml. No build or source path is compiled in.
std::string default_config_path();
// Same, for the executable at `executable` (the testable part).
std::string default_config_path_for(const std::filesystem::path& executable);
// The first line of the file `marker` beside the running executable (CMake writes such files
// next to the binaries of a build tree, see kSourceConfigMarker), or "" when there is none.
std::string named_beside_executable(const char* marker);

}  // namespace sa
