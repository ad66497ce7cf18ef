// engine_charset_test.cc - charset damage through the whole engine: an attached original whose
// ISO-2022-JP body does not decode cleanly is reported decode-lossy, like a top-level body, and
// the notice is still found in what does decode.
#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>
#include <string>

#include "core/engine.h"

using namespace sa;

namespace {

const Engine& engine() {
  static const Engine instance(load_config(SA_CONFIG_FILE));
  return instance;
}

std::string sample(const std::string& name) {
  std::ifstream in(std::string(SA_SAMPLES_DIR) + "/" + name, std::ios::binary);
  REQUIRE(in);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

bool has_reason(const Evidence& ev, const std::string& reason) {
  return std::find(ev.reasons.begin(), ev.reasons.end(), reason) != ev.reasons.end();
}

// The sample with `from` replaced by `to` once, after the attached original's header section.
std::string damaged(const std::string& from, const std::string& to) {
  std::string raw = sample("attachment-rfc822-iso2022jp-declaration-1star-consistent.eml");
  const std::size_t original = raw.find("Content-Type: message/rfc822");
  REQUIRE(original != std::string::npos);
  const std::size_t body = raw.find("\r\n\r\n", raw.find("Subject:", original));
  const std::size_t at = raw.find(from, body);
  REQUIRE(at != std::string::npos);
  raw.replace(at, from.size(), to);
  return raw;
}

// A line of the original's body that the notice check does not need (送信元は送信専用…).
const std::string kSenderNote = "\x1B$B\"(K\\%a!<%k$NAw?.85";

}  // namespace

TEST_CASE("the attached original of the sample decodes cleanly", "[engine][charset]") {
  const Evidence ev =
      engine().examine(sample("attachment-rfc822-iso2022jp-declaration-1star-consistent.eml"));
  CHECK(ev.verdict == Verdict::Consistent);
  CHECK_FALSE(has_reason(ev, "decode-lossy"));
}

TEST_CASE("an attached original with an unknown ISO-2022-JP escape is decode-lossy",
          "[engine][charset]") {
  const std::string unknown_escape = "\x1B$(Z\"(K\\%a!<%k$NAw?.85";
  const Evidence ev = engine().examine(damaged(kSenderNote, unknown_escape));
  CHECK(has_reason(ev, "decode-lossy"));
  CHECK(ev.verdict == Verdict::Consistent);
  CHECK(ev.forward == ForwardStyle::Attachment);
  CHECK(ev.declaration_id == "49999901234");
}

TEST_CASE("an attached original with an 8-bit byte in its ISO-2022-JP body is decode-lossy",
          "[engine][charset]") {
  const Evidence ev = engine().examine(damaged(kSenderNote, "\x1B$B\"(K\\%a\xFF!<%k$NAw?.85"));
  CHECK(has_reason(ev, "decode-lossy"));
  CHECK(ev.forward == ForwardStyle::Attachment);
}
