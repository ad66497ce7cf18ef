// samples_test.cc - the golden test: every samples/*.eml goes through sa::Engine with the
// shipped config and each key of its .expected file is checked (keys and their meaning are
// described in samples/make_samples.py). The hostile samples also go through inspect():
// the headers it adds must be safe to write (no CR, no control characters, LF only as a
// fold) and forged X-SA-Triage-* headers must be deleted, last occurrence first.
// It does not run the milter adapter or DKIM/S-MIME verification (no authenticator).
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "core/ascii.h"
#include "core/config.h"
#include "core/engine.h"
#include "core/privacy.h"
#include "core/verdict.h"

namespace {

namespace fs = std::filesystem;

std::string file_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::vector<fs::path> files_with_extension(const std::string& ext) {
  std::vector<fs::path> found;
  for (const auto& entry : fs::directory_iterator(SA_SAMPLES_DIR)) {
    if (entry.is_regular_file() && entry.path().extension() == ext) found.push_back(entry.path());
  }
  std::sort(found.begin(), found.end());
  return found;
}

std::string trim(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string::npos) return "";
  const auto last = s.find_last_not_of(" \t\r");
  return s.substr(first, last - first + 1);
}

// Lines "key: value" (value may be empty); blank lines and '#' comments are skipped.
std::map<std::string, std::string> read_expected(const fs::path& path) {
  std::map<std::string, std::string> expected;
  std::istringstream in(file_bytes(path));
  std::string line;
  while (std::getline(in, line)) {
    line = trim(line);
    if (line.empty() || line[0] == '#') continue;
    const auto colon = line.find(':');
    if (colon == std::string::npos) {
      expected["<malformed line>"] = line;
      continue;
    }
    expected[trim(line.substr(0, colon))] = trim(line.substr(colon + 1));
  }
  return expected;
}

std::vector<std::string> words(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : " ") + item;
  return out;
}

// A value we may hand to smfi_addheader: no CR, no control character, no DEL; LF only as
// part of a fold (LF followed by a space or TAB), TAB only right after such a LF.
bool safe_header_value(const std::string& value) {
  for (std::size_t i = 0; i < value.size(); ++i) {
    const auto c = static_cast<unsigned char>(value[i]);
    if (c == '\n') {
      if (i + 1 >= value.size() || (value[i + 1] != ' ' && value[i + 1] != '\t')) return false;
    } else if (c == '\t') {
      if (i == 0 || value[i - 1] != '\n') return false;
    } else if (c < 0x20 || c == 0x7f) {
      return false;
    }
  }
  return true;
}

bool ascii_only(const std::string& value) {
  return std::all_of(value.begin(), value.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

bool is_hostile(const fs::path& eml) { return eml.filename().string().rfind("hostile-", 0) == 0; }

// The evidence examine() gave, for failure messages.
std::string describe(const sa::Evidence& ev) {
  std::ostringstream out;
  out << "verdict=" << sa::to_string(ev.verdict) << " forward=" << sa::to_string(ev.forward)
      << " notice=" << ev.notice << " star=" << ev.star << " declaration_id=" << ev.declaration_id
      << " company=" << ev.company << " original_from=" << ev.original_from
      << " original_subject=" << ev.original_subject << "\nreasons: " << joined(ev.reasons);
  return out.str();
}

}  // namespace

TEST_CASE("every sample has an expected result and vice versa", "[samples]") {
  const auto emls = files_with_extension(".eml");
  CHECK(emls.size() >= 30);
  for (const auto& eml : emls) {
    fs::path expected = eml;
    expected.replace_extension(".expected");
    INFO(eml.filename().string());
    CHECK(fs::exists(expected));
  }
  for (const auto& expected : files_with_extension(".expected")) {
    fs::path eml = expected;
    eml.replace_extension(".eml");
    INFO(expected.filename().string());
    CHECK(fs::exists(eml));
  }
}

TEST_CASE("golden samples give their expected evidence", "[samples]") {
  const auto config = sa::load_config(SA_CONFIG_FILE);
  const sa::Engine engine(config);
  const auto emls = files_with_extension(".eml");
  REQUIRE(emls.size() >= 30);

  for (const auto& eml : emls) {
    DYNAMIC_SECTION(eml.filename().string()) {
      fs::path expected_path = eml;
      expected_path.replace_extension(".expected");
      REQUIRE(fs::exists(expected_path));
      const auto expected = read_expected(expected_path);
      REQUIRE(expected.count("verdict") == 1);
      REQUIRE(expected.count("forward") == 1);
      REQUIRE(expected.count("notice") == 1);

      const sa::Evidence ev = engine.examine(file_bytes(eml));
      INFO(describe(ev));
      for (const auto& [key, value] : expected) {
        INFO("key " << key << ": expected '" << value << "'");
        if (key == "verdict") {
          CHECK(sa::to_string(ev.verdict) == value);
        } else if (key == "forward") {
          CHECK(sa::to_string(ev.forward) == value);
        } else if (key == "notice") {
          CHECK(ev.notice == value);
        } else if (key == "star") {
          CHECK(std::to_string(ev.star) == value);
        } else if (key == "declaration_id") {
          CHECK(ev.declaration_id == value);
        } else if (key == "user_number") {
          CHECK(sa::present_user_number(ev.user_number, config->user_number_privacy,
                                        config->hash_salt) == value);
        } else if (key == "company") {
          CHECK(ev.company == value);
        } else if (key == "original_from_contains") {
          CHECK(ev.original_from.find(value) != std::string::npos);
        } else if (key == "original_subject") {
          CHECK(ev.original_subject == value);
        } else if (key == "reasons") {
          for (const auto& reason : words(value)) {
            INFO("reason " << reason);
            CHECK(std::find(ev.reasons.begin(), ev.reasons.end(), reason) != ev.reasons.end());
          }
        } else {
          FAIL("unknown key in " << expected_path.filename().string() << ": " << key);
        }
      }
    }
  }
}

TEST_CASE("hostile samples only add safe header values", "[samples]") {
  const sa::Engine engine(sa::load_config(SA_CONFIG_FILE));
  std::vector<fs::path> hostile;
  for (const auto& eml : files_with_extension(".eml")) {
    if (is_hostile(eml)) hostile.push_back(eml);
  }
  REQUIRE(hostile.size() >= 5);

  for (const auto& eml : hostile) {
    DYNAMIC_SECTION(eml.filename().string()) {
      const sa::Envelope envelope{
          "yamada@sample-shoji.example.jp", {"hojokin@grant.example.lg.jp"}, "QID"};
      const sa::Inspection inspection = engine.inspect(file_bytes(eml), envelope);
      REQUIRE(inspection.in_scope);
      REQUIRE_FALSE(inspection.plan.adds.empty());
      for (const auto& add : inspection.plan.adds) {
        INFO(add.name << ": " << add.value);
        CHECK(safe_header_value(add.value));
        CHECK(ascii_only(add.value));
        CHECK(safe_header_value(add.name));
        CHECK(add.name.find_first_of(" :\n") == std::string::npos);
      }
      if (inspection.plan.new_subject) {
        INFO("Subject: " << *inspection.plan.new_subject);
        CHECK(safe_header_value(*inspection.plan.new_subject));
      }
    }
  }
}

TEST_CASE("forged X-SA-Triage headers are deleted last occurrence first", "[samples]") {
  const sa::Engine engine(sa::load_config(SA_CONFIG_FILE));
  const fs::path eml = fs::path(SA_SAMPLES_DIR) / "hostile-forged-verdict-headers-suspicious.eml";
  REQUIRE(fs::exists(eml));
  const sa::Envelope envelope{
      "yamada@sample-shoji.example.jp", {"hojokin@grant.example.lg.jp"}, "QID"};
  const sa::Inspection inspection = engine.inspect(file_bytes(eml), envelope);
  const auto& deletes = inspection.plan.deletes;

  auto position = [&](const std::string& name, int index) {
    for (std::size_t i = 0; i < deletes.size(); ++i) {
      if (sa::ascii_iequals(deletes[i].name, name) && deletes[i].index == index)
        return static_cast<int>(i);
    }
    return -1;
  };
  std::string listed;
  for (const auto& d : deletes) listed += d.name + "[" + std::to_string(d.index) + "] ";
  INFO("deletes: " << listed);

  const int second = position("X-SA-Triage-Verdict", 2);
  const int first = position("X-SA-Triage-Verdict", 1);
  REQUIRE(second >= 0);
  REQUIRE(first >= 0);
  CHECK(second < first);
  CHECK(position("X-SA-Triage-Star", 1) >= 0);
  CHECK(inspection.evidence.verdict != sa::Verdict::Verified);
  for (const auto& add : inspection.plan.adds) {
    if (sa::ascii_iequals(add.name, "X-SA-Triage-Verdict"))
      CHECK(add.value.rfind("verified", 0) != 0);
  }
}
