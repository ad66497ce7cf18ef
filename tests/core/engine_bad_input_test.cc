// engine_bad_input_test.cc - hostile and broken input through the whole engine: every
// case ends in a verdict with a reason, in bounded time, and never a crash.
#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <functional>
#include <iterator>
#include <random>

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

bool has_reason(const Evidence& ev, const std::string& prefix) {
  return std::any_of(ev.reasons.begin(), ev.reasons.end(),
                     [&](const std::string& r) { return r.rfind(prefix, 0) == 0; });
}

double seconds_for(const std::function<void()>& f) {
  const auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// A plain cover mail whose body is `filler` bytes of ordinary Japanese prose, followed by a
// Gmail inline forward of the seed's notice.
std::string big_inline_forward(std::size_t filler) {
  std::string raw =
      "From: 山田 <yamada@sample.example.jp>\r\nTo: hojokin@grant.example.lg.jp\r\n"
      "Subject: Fwd: 【SECURITY ACTION】一つ星：自己宣言完了のお知らせ\r\n"
      "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
      "Content-Transfer-Encoding: 8bit\r\n\r\n";
  const std::string line = "添付資料の説明です。補助金申請に関する連絡事項を記載しています。\r\n";
  while (raw.size() < filler) raw += line;
  raw +=
      "\r\n---------- Forwarded message ---------\r\n"
      "From: SECURITY ACTION事務局 <security-action-info@ipa.go.jp>\r\n"
      "Date: 2026年4月1日(水) 10:00\r\n"
      "Subject: 【SECURITY ACTION】一つ星：自己宣言完了のお知らせ\r\n"
      "To: <yamada@sample.example.jp>\r\n\r\n"
      "株式会社サンプル\r\n山田 太郎様\r\n\r\n"
      "SECURITY ACTION 自己宣言の手続きが完了しました。\r\n"
      "利用者番号:12345678901\r\n自己宣言ID:41234567890\r\n\r\n"
      "独立行政法人情報処理推進機構 (IPA)\r\nセキュリティセンター\r\nSECURITY ACTION事務局\r\n";
  return raw;
}

}  // namespace

TEST_CASE("a 15 MB message with an inline forward is still found", "[engine][bad-input]") {
  const std::string raw = big_inline_forward(15u * 1024u * 1024u);
  Evidence ev;
  const double took = seconds_for([&] { ev = engine().examine(raw); });
  CHECK(ev.verdict == Verdict::Consistent);
  CHECK(ev.forward == ForwardStyle::Inline);
  CHECK(ev.declaration_id == "41234567890");
  CHECK(took < 30.0);  // a sanity bound for the sanitizer build, not a speed target
}

TEST_CASE("a 50 MB message is an error (too-large) without being parsed", "[engine][bad-input]") {
  const std::string raw = big_inline_forward(50u * 1024u * 1024u);
  Evidence ev;
  const double took = seconds_for([&] { ev = engine().examine(raw); });
  CHECK(ev.verdict == Verdict::Error);
  CHECK(has_reason(ev, "too-large"));
  CHECK(took < 1.0);
}

TEST_CASE("empty input and binary junk give a verdict with a reason", "[engine][bad-input]") {
  CHECK(engine().examine("").verdict == Verdict::Error);
  CHECK(has_reason(engine().examine(""), "empty-message"));
  CHECK(engine().examine("\r\n\r\n  \n").verdict == Verdict::Error);
  std::mt19937 rng(42);
  for (int i = 0; i < 200; ++i) {
    std::string junk(1 + rng() % 4096, '\0');
    for (char& ch : junk) ch = static_cast<char>(rng());
    const Evidence ev = engine().examine(junk);
    CHECK(!ev.reasons.empty());
    CHECK((ev.verdict == Verdict::Error || ev.verdict == Verdict::None ||
           ev.verdict == Verdict::Suspicious));
  }
}

TEST_CASE("nesting deeper than the limit is cut with a reason", "[engine][bad-input]") {
  std::string inner = sample("attachment-rfc822-iso2022jp-declaration-1star-consistent.eml");
  for (int depth = 0; depth < 40; ++depth) {
    inner =
        "From: a@sample.example.jp\r\nSubject: Fwd\r\nMIME-Version: 1.0\r\n"
        "Content-Type: multipart/mixed; boundary=\"b" +
        std::to_string(depth) +
        "\"\r\n\r\n"
        "--b" +
        std::to_string(depth) +
        "\r\nContent-Type: text/plain\r\n\r\nsee\r\n"
        "--b" +
        std::to_string(depth) + "\r\nContent-Type: message/rfc822\r\n\r\n" + inner + "\r\n--b" +
        std::to_string(depth) + "--\r\n";
  }
  const Evidence ev = engine().examine(inner);
  CHECK(ev.verdict == Verdict::None);
  CHECK(has_reason(ev, "depth-limit"));
}

TEST_CASE("ten thousand headers are handled", "[engine][bad-input]") {
  std::string raw;
  for (int i = 0; i < 10000; ++i) raw += "X-Junk-" + std::to_string(i) + ": value\r\n";
  raw += "X-SA-Triage-Verdict: verified\r\nFrom: a@b.example\r\nSubject: hi\r\n\r\nbody\r\n";
  const Inspection in = engine().inspect(raw, Envelope{"a@b.example", {"x@y"}, "Q"});
  CHECK(in.evidence.verdict == Verdict::None);
  REQUIRE(in.plan.deletes.size() == 1);
  CHECK(in.plan.deletes[0].name == "X-SA-Triage-Verdict");
}

TEST_CASE("a long line without breaks does not hurt", "[engine][bad-input]") {
  std::string raw = "From: a@b.example\r\nSubject: x\r\n\r\n" + std::string(8u << 20, 'A');
  Evidence ev;
  const double took = seconds_for([&] { ev = engine().examine(raw); });
  CHECK(ev.verdict == Verdict::None);
  CHECK(took < 30.0);
}
