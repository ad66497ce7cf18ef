// forward_layouts_test.cc - the forward layout table as data: the compiled-in table loads
// with all its languages, an admin adds a client's words in sa-triage.yaml or in a file
// (no recompiling), and every refused entry names the file, line and key.
#include "core/forward_layouts.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "config_error.h"
#include "core/config.h"
#include "core/forward_inline.h"
#include "core/forward_layouts_loader.h"

using sa::test::error_of;

namespace {

const std::string kNotices = "notices: [{ name: x, subject: 'x' }]\n";

// A forward written by a web mail no table knows: its own separator and labels.
const std::string kUnknownClientForward =
    "======== 転送メール ========\n"
    "送り主: SECURITY ACTION事務局 <security-action-info@ipa.go.jp>\n"
    "タイトル: 【SECURITY ACTION】一つ星:自己宣言完了のお知らせ\n"
    "\n"
    "株式会社サンプル\n";

// A scratch directory, removed at the end of the test.
struct ScratchDir {
  ScratchDir() : path("/tmp/sa-layouts-test-" + std::to_string(::getpid())) {
    std::filesystem::create_directories(path);
  }
  ~ScratchDir() { std::filesystem::remove_all(path); }
  void write(const std::string& name, const std::string& text) const {
    std::ofstream(path + "/" + name) << text;
  }
  std::string path;
};

}  // namespace

TEST_CASE("the compiled-in table has every language and is the default", "[forward][layouts]") {
  const auto table = sa::builtin_forward_layouts();
  for (const char* language :
       {"ja", "en", "zh-CN", "zh-TW", "ko", "de", "fr", "es", "it", "pt", "pt-BR", "nl", "sv",
        "da", "no", "fi",    "pl",    "cs", "sk", "hu", "ro", "hr", "tr", "ru",    "uk", "et"}) {
    INFO(language);
    const auto& languages = table->languages();
    CHECK(std::find(languages.begin(), languages.end(), language) != languages.end());
  }
  CHECK(table->language_count() == 26);
  const auto shipped = sa::load_config(SA_CONFIG_FILE);
  CHECK(shipped->forward_layouts->language_count() == 26);
  CHECK(sa::load_config_text(kNotices, "test.yaml")->forward_layouts == table);
}

TEST_CASE("labels map to From, Date, Subject, To, Cc and Reply-To", "[forward][layouts]") {
  const auto table = sa::builtin_forward_layouts();
  const auto field = [&](std::string_view word) {
    sa::HeaderLabel f = sa::HeaderLabel::Other;
    REQUIRE(table->label(word, f));
    return f;
  };
  CHECK(field("差出人") == sa::HeaderLabel::From);
  CHECK(field("FROM") == sa::HeaderLabel::From);  // ASCII letters fold
  CHECK(field("Lähettäjä") == sa::HeaderLabel::From);
  CHECK(field("送信日時") == sa::HeaderLabel::Date);
  CHECK(field("Gesendet") == sa::HeaderLabel::Date);
  CHECK(field("件名") == sa::HeaderLabel::Subject);
  CHECK(field("Předmět") == sa::HeaderLabel::Subject);
  CHECK(field("宛先") == sa::HeaderLabel::To);
  CHECK(field("Címzett") == sa::HeaderLabel::To);
  CHECK(field("Kopie (CC)") == sa::HeaderLabel::Cc);
  CHECK(field("Másolatot kap") == sa::HeaderLabel::Cc);
  CHECK(field("Reply-To") == sa::HeaderLabel::ReplyTo);
  CHECK(field("返信先") == sa::HeaderLabel::ReplyTo);
  CHECK(field("添付ファイル") == sa::HeaderLabel::Other);
  sa::HeaderLabel f;
  CHECK_FALSE(table->label("Hello", f));
  CHECK_FALSE(table->label("ТЕМА", f));  // only ASCII letters fold
}

TEST_CASE("subject prefixes: replies and forwards in each language", "[forward][layouts]") {
  const auto table = sa::builtin_forward_layouts();
  const auto strip = [&](std::string_view subject, bool expect_reply) {
    bool replied = false;
    const std::string_view rest = table->strip_prefixes(subject, replied);
    CHECK(replied == expect_reply);
    return std::string(rest);
  };
  CHECK(strip("Re: x", true) == "x");
  CHECK(strip("RE: AW: SV: VS: Odp: 返信: 回复: 回覆: 답장: x", true) == "x");
  CHECK(strip("Fwd: FW: WG: TR: RV: ENC: x", false) == "x");
  CHECK(strip("VB: VL: PD: İLT: 転送: 转发: 轉寄: 전달: x", false) == "x");
  CHECK(strip("Re[2]: Re^3: Re(4): AW*2: x", true) == "x");
  CHECK(strip("Fwd: Re: x", true) == "x");
  CHECK(strip("Re : x", true) == "x");  // French spacing
  CHECK(strip("Info: x", false) == "Info: x");
  CHECK(strip("【SECURITY ACTION】一つ星:自己宣言完了のお知らせ", false) ==
        "【SECURITY ACTION】一つ星:自己宣言完了のお知らせ");
}

TEST_CASE("an admin adds a client's words in sa-triage.yaml, without recompiling",
          "[forward][layouts]") {
  const auto builtin_only = sa::load_config_text(kNotices, "test.yaml");
  CHECK(
      sa::find_inline_originals(kUnknownClientForward, *builtin_only->forward_layouts, "").empty());

  const auto config =
      sa::load_config_text(kNotices +
                               "forwards:\n"
                               "  languages:\n"
                               "    - language: ja\n"
                               "      labels: { from: [送り主], subject: [タイトル] }\n"
                               "      separators:\n"
                               "        - { dashed: 転送メール, client: my-webmail }\n",
                           "test.yaml");
  const auto found = sa::find_inline_originals(kUnknownClientForward, *config->forward_layouts, "");
  // '=' is no dash: the labels alone make a header block.
  REQUIRE(found.size() == 1);
  CHECK(found[0].client == "header-block");
  CHECK(found[0].subject == "【SECURITY ACTION】一つ星:自己宣言完了のお知らせ");

  std::string dashed = kUnknownClientForward;
  dashed.replace(0, dashed.find('\n'), "-------- 転送メール --------");
  const auto with_separator = sa::find_inline_originals(dashed, *config->forward_layouts, "");
  REQUIRE(with_separator.size() == 1);
  CHECK(with_separator[0].client == "my-webmail");
  // The built-in words are still there.
  sa::HeaderLabel f;
  CHECK(config->forward_layouts->label("差出人", f));
}

TEST_CASE("an admin's layout files, relative to the config file; builtin: false",
          "[forward][layouts]") {
  const ScratchDir dir;
  dir.write("local-layouts.yaml",
            "languages:\n"
            "  - language: x-local\n"
            "    labels: { from: [送り主], subject: [タイトル] }\n"
            "    attributions:\n"
            "      - { text: '{mailbox} さんからのメール:', client: my-webmail }\n");
  dir.write("sa.yaml", kNotices + "forwards:\n  files: [local-layouts.yaml]\n");
  const auto config = sa::load_config(dir.path + "/sa.yaml");
  const auto& table = *config->forward_layouts;
  CHECK(table.language_count() == 27);
  const auto found = sa::find_inline_originals(
      "SECURITY ACTION事務局 <security-action-info@ipa.go.jp> さんからのメール:\n> "
      "株式会社サンプル\n",
      table, "Re: 【SECURITY ACTION】一つ星:自己宣言完了のお知らせ");
  REQUIRE(found.size() == 1);
  CHECK(found[0].client == "my-webmail");
  CHECK(found[0].subject == "【SECURITY ACTION】一つ星:自己宣言完了のお知らせ");
  CHECK(found[0].body == "株式会社サンプル\n");

  dir.write("only.yaml", kNotices + "forwards:\n  builtin: false\n  files: [local-layouts.yaml]\n");
  const auto only = sa::load_config(dir.path + "/only.yaml");
  CHECK(only->forward_layouts->language_count() == 1);
  sa::HeaderLabel f;
  CHECK_FALSE(only->forward_layouts->label("差出人", f));
  CHECK(only->forward_layouts->label("送り主", f));
}

TEST_CASE("bad layout entries are errors naming file, line and key", "[forward][layouts]") {
  const auto inline_error = [](const std::string& entry) {
    return error_of(kNotices + "forwards:\n  languages:\n    - language: ja\n" + entry);
  };
  CHECK(inline_error("      lables: { from: [x] }\n") ==
        "test.yaml:5: forwards.languages[0].lables: unknown key");
  CHECK(inline_error("      labels: { form: [x] }\n") ==
        "test.yaml:5: forwards.languages[0].labels.form: unknown key");
  CHECK(inline_error("      labels: { from: { a: b } }\n") ==
        "test.yaml:5: forwards.languages[0].labels.from: must be a list of strings");
  CHECK(inline_error("      labels: { subject: [Von] }\n") ==
        "test.yaml:5: forwards.languages[0].labels.subject[0]: 'Von' is already a label of from");
  CHECK(inline_error("      labels: { from: ['Von:'] }\n") ==
        "test.yaml:5: forwards.languages[0].labels.from[0]: 'Von:' must not contain ':'");
  CHECK(inline_error("      separators: [{ dashed: x, line: y, client: a }]\n") ==
        "test.yaml:5: forwards.languages[0].separators[0]: needs exactly one of dashed, ruled and "
        "line");
  CHECK(inline_error("      separators: [{ dashed: x }]\n") ==
        "test.yaml:5: forwards.languages[0].separators[0].client: is required");
  CHECK(inline_error("      separators: [{ dashed: x, client: My Mail }]\n") ==
        "test.yaml:5: forwards.languages[0].separators[0].client: must be lower-case letters, "
        "digits and '-'");
  CHECK(inline_error("      separators: [{ dashed: '--- x ---', client: a }]\n") ==
        "test.yaml:5: forwards.languages[0].separators[0].dashed: '--- x ---' is written "
        "without the dashes around it");
  CHECK(inline_error("      attributions: [{ text: '{date} wrote:', client: a }]\n") ==
        "test.yaml:5: forwards.languages[0].attributions[0].text: needs {from} or {mailbox}");
  CHECK(inline_error("      attributions: [{ text: '{name} wrote:', client: a }]\n") ==
        "test.yaml:5: forwards.languages[0].attributions[0].text: has an unknown placeholder "
        "{name} (known: {date}, {from}, {mailbox})");
  CHECK(inline_error("      attributions: [{ text: '{from} wrote', client: a }]\n") ==
        "test.yaml:5: forwards.languages[0].attributions[0].text: must end with ':'");
  CHECK(inline_error("      reply_prefixes: [Fwd]\n") ==
        "test.yaml:5: forwards.languages[0].reply_prefixes[0]: 'Fwd' is already a forward prefix");
  CHECK(error_of(kNotices + "forwards:\n  languages:\n    - language: Japanese\n") ==
        "test.yaml:4: forwards.languages[0].language: 'Japanese' is not a language code (ja, "
        "pt-BR)");
  CHECK(error_of(kNotices + "forwards:\n  languages:\n    - labels: {}\n") ==
        "test.yaml:4: forwards.languages[0].language: is required");
  CHECK(error_of(kNotices + "forwards:\n  builtin: maybe\n") ==
        "test.yaml:3: forwards.builtin: must be true or false");
  CHECK(error_of(kNotices + "forwards:\n  bogus: 1\n") ==
        "test.yaml:3: forwards.bogus: unknown key");
}

TEST_CASE("errors in a layout file name that file", "[forward][layouts]") {
  const ScratchDir dir;
  dir.write("bad.yaml",
            "languages:\n"
            "  - language: de\n"
            "    separators:\n"
            "      - { dashed: Weitergeleitet }\n");
  dir.write("sa.yaml", kNotices + "forwards: { files: [bad.yaml] }\n");
  std::string error;
  try {
    sa::load_config(dir.path + "/sa.yaml");
  } catch (const sa::ConfigError& e) {
    error = e.what();
  }
  CHECK(error == dir.path + "/bad.yaml:4: languages[0].separators[0].client: is required");

  dir.write("syntax.yaml", "languages:\n  - language: [de\n");
  dir.write("sa2.yaml", kNotices + "forwards: { files: [syntax.yaml] }\n");
  try {
    sa::load_config(dir.path + "/sa2.yaml");
    FAIL("a syntax error was accepted");
  } catch (const sa::ConfigError& e) {
    CHECK(std::string(e.what()).rfind(dir.path + "/syntax.yaml:", 0) == 0);
  }
  dir.write("sa3.yaml", kNotices + "forwards: { files: [missing.yaml] }\n");
  try {
    sa::load_config(dir.path + "/sa3.yaml");
    FAIL("a missing file was accepted");
  } catch (const sa::ConfigError& e) {
    CHECK(std::string(e.what()).rfind(dir.path + "/missing.yaml: cannot open", 0) == 0);
  }
  dir.write("sa5.yaml", kNotices + "forwards: { files: [/dev/zero] }\n");
  try {
    sa::load_config(dir.path + "/sa5.yaml");
    FAIL("a device was read as a layout file");
  } catch (const sa::ConfigError& e) {
    CHECK(std::string(e.what()) == "/dev/zero: not a regular file");
  }
  dir.write("top.yaml", "separators: []\n");
  dir.write("sa4.yaml", kNotices + "forwards: { files: [top.yaml] }\n");
  try {
    sa::load_config(dir.path + "/sa4.yaml");
    FAIL("an unknown top-level key was accepted");
  } catch (const sa::ConfigError& e) {
    CHECK(std::string(e.what()) == dir.path + "/top.yaml:1: separators: unknown key");
  }
}
