// config_test.cc - the shipped config loads; bad configs fail naming file, line and key;
// the default config path is found beside the binary, not compiled in.
#include "core/config.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "config_error.h"

using sa::ConfigError;
using sa::load_config_text;
using sa::test::error_of;

TEST_CASE("the shipped config loads with both seed notices", "[config]") {
  const auto config = sa::load_config(SA_CONFIG_FILE);
  REQUIRE(config->notices.size() == 2);
  CHECK(config->notices[0].name == "declaration-complete");
  CHECK(config->notices[1].name == "application-accepted");
  CHECK(config->allowed_domains == std::vector<std::string>{"ipa.go.jp"});
  CHECK(config->user_number_privacy == sa::UserNumberPrivacy::Mask);
  CHECK(config->max_message_bytes == 25u * 1024u * 1024u);
}

TEST_CASE("an empty file gives the defaults but needs notices", "[config]") {
  CHECK(error_of("") == "test.yaml: notices: at least one notice template is required");
}

TEST_CASE("unknown keys are named with their line", "[config]") {
  CHECK(error_of("milter:\n  socket: unix:/x\n  sokcet_mode: '0660'\n") ==
        "test.yaml:3: milter.sokcet_mode: unknown key");
  CHECK(error_of("bogus: 1\n") == "test.yaml:1: bogus: unknown key");
}

TEST_CASE("wrong types and ranges are errors", "[config]") {
  CHECK(error_of("limits:\n  max_depth: deep\n") ==
        "test.yaml:2: limits.max_depth: must be a whole number");
  CHECK(error_of("limits:\n  max_depth: 99\n") ==
        "test.yaml:2: limits.max_depth: must be between 1 and 32");
  CHECK(error_of("privacy:\n  user_number: show\n") ==
        "test.yaml:2: privacy.user_number: 'show' is not one of: mask, hash, full, omit");
  CHECK(error_of("milter:\n  on_error: maybe\n").find("milter.on_error") != std::string::npos);
  // A hash of an 11-digit number without a secret salt is no mask at all.
  CHECK(error_of("privacy:\n  user_number: hash\n")
            .find(": privacy.hash_salt: user_number: hash needs a secret salt") !=
        std::string::npos);
  CHECK(error_of("privacy:\n  user_number: hash\n  hash_salt: short\n")
            .rfind("test.yaml:3: privacy.hash_salt:", 0) == 0);
}

TEST_CASE("a bad pattern names the notice and the field", "[config]") {
  const std::string yaml =
      "notices:\n"
      "  - name: x\n"
      "    subject: ['(unclosed']\n";
  const std::string err = error_of(yaml);
  CHECK(err.rfind("test.yaml:3: notices[0].subject[0]: bad pattern:", 0) == 0);
}

TEST_CASE("a field pattern needs exactly one capture group", "[config]") {
  const std::string yaml =
      "notices:\n"
      "  - name: x\n"
      "    subject: 'a'\n"
      "    fields:\n"
      "      declaration_id: { pattern: '[0-9]+' }\n";
  CHECK(error_of(yaml) ==
        "test.yaml:5: notices[0].fields.declaration_id.pattern: pattern must have exactly 1 "
        "capture group(s)");
}

TEST_CASE("an admin adds a new notice wording in YAML alone", "[config]") {
  const std::string yaml =
      "notices:\n"
      "  - name: new-system-complete\n"
      "    subject: '^【SECURITY ACTION】新システム登録完了$'\n"
      "    body: ['登録が完了しました']\n"
      "    fields:\n"
      "      declaration_id: '自己宣言ID:([0-9]+)'\n";
  const auto config = load_config_text(yaml, "test.yaml");
  REQUIRE(config->notices.size() == 1);
  CHECK(config->notices[0].fields.count("declaration_id") == 1);
}

TEST_CASE("routing rules are validated", "[config]") {
  CHECK(error_of("routing:\n  - action: add_recipients\n") ==
        "test.yaml:2: routing[0].recipients: is required for action add_recipients");
  CHECK(error_of("routing:\n  - match: { verdict: [great] }\n")
            .find("routing[0].match.verdict: 'great' is not a verdict") != std::string::npos);
  CHECK(error_of("routing:\n  - action: tempfail\n    smtp_code: '550'\n")
            .find("routing[0].smtp_code: must be a 4xx code") != std::string::npos);
  CHECK(error_of("routing:\n  - action: add_recipients\n    recipients: ['a@b>, c@d']\n")
            .find("is not a plain mail address") != std::string::npos);
}

TEST_CASE("a YAML syntax error names the line", "[config]") {
  CHECK(error_of("milter:\n  socket: [unclosed\n").rfind("test.yaml:", 0) == 0);
}

TEST_CASE("relative file names are relative to the config file", "[config]") {
  const std::string dir = "/tmp/sa-config-test-" + std::to_string(::getpid());
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/sa.yaml") << "notices: [{ name: x, subject: 'x' }]\n"
                                     "dkim: { key_file: keys/k.txt }\n"
                                     "smime: { ca_file: /abs/ca.pem }\n"
                                     "ledger: { path: ledger.sqlite }\n";
  const auto config = sa::load_config(dir + "/sa.yaml");
  CHECK(config->dkim_key_file == dir + "/keys/k.txt");
  CHECK(config->smime_ca_file == "/abs/ca.pem");
  CHECK(config->ledger_path == dir + "/ledger.sqlite");
  std::filesystem::remove_all(dir);
}

TEST_CASE("what a file leaves out comes from the key table's defaults", "[config]") {
  const auto minimal = load_config_text("notices: [{ name: x, subject: 'x' }]\n", "t.yaml");
  CHECK(minimal->user == "sa-triage");
  CHECK(minimal->socket_group == "postfix");
  REQUIRE(minimal->routes.size() == 1);
  CHECK(minimal->routes[0].name == "hold-suspicious");
  CHECK(minimal->routes[0].action == sa::RouteAction::Quarantine);
  CHECK(minimal->stars.size() == 2);
  const auto none = load_config_text(
      "notices: [{ name: x, subject: 'x' }]\nrouting: []\nclaim_subjects: []\n", "t.yaml");
  CHECK(none->routes.empty());
  CHECK(none->claim_subjects.empty());
  // A rule gets the defaults of the keys it leaves out.
  const auto rule = load_config_text(
      "notices: [{ name: x, subject: 'x' }]\nrouting: [{ match: { star: [2] } }]\n", "t.yaml");
  REQUIRE(rule->routes.size() == 1);
  CHECK(rule->routes[0].action == sa::RouteAction::Tag);
  CHECK(rule->routes[0].match.verdicts.empty());
}

TEST_CASE("a top level that is not a mapping is named", "[config]") {
  CHECK(error_of("just text\n") == "test.yaml:1: (top level): must be a mapping");
}

TEST_CASE("the default config is the one named beside the binary, else the installed one",
          "[config]") {
  const std::filesystem::path dir = "/tmp/sa-config-default-" + std::to_string(::getpid());
  std::filesystem::create_directories(dir);
  const std::filesystem::path exe = dir / "sa-triage";
  CHECK(sa::default_config_path_for(exe) == SA_INSTALLED_CONFIG);
  std::ofstream(dir / sa::kSourceConfigMarker) << "/src/sa-triage/config/sa-triage.yaml\n";
  CHECK(sa::default_config_path_for(exe) == "/src/sa-triage/config/sa-triage.yaml");
  std::ofstream(dir / sa::kSourceConfigMarker) << "";
  CHECK(sa::default_config_path_for(exe) == SA_INSTALLED_CONFIG);
  std::filesystem::remove_all(dir);
}
