// cli_dns_test.cc - `sa-triage check` with keys from DNS (dkim.nameservers, no key file):
// the e2e fixtures get the verdicts tests/auth/fixtures/README.md lists for the key file,
// and against a server that never answers a signed notice is consistent with
// dkim=temperror, in about dns_timeout_ms.
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>

#include "dns_servers.h"
#include "milter_daemon.h"

using sa::test::BlackHole;
using sa::test::NsdServer;
using sa::test::TempDir;

namespace {

constexpr int kTimeoutMs = 300;         // against the black hole
constexpr int kAnswerTimeoutMs = 3000;  // when nsd answers: room for a loaded machine

std::string config_with(const TempDir& dir, const std::string& server, int timeout_ms) {
  YAML::Node c = sa::test::test_config("unix:" + dir.path() + "/unused.sock");
  c["dkim"]["key_file"] = "";
  c["dkim"]["dns_timeout_ms"] = timeout_ms;
  c["dkim"]["nameservers"].push_back(server);
  const std::string path = dir.path() + "/sa-triage.yaml";
  sa::test::write_config(c, path);
  return path;
}

// One JSON object per file, by file name.
std::map<std::string, nlohmann::json> check(const std::string& config,
                                            const std::vector<std::string>& files) {
  std::string command = std::string(SA_TRIAGE_BIN) + " check --json --config " + config;
  for (const auto& f : files) command += " " + std::string(SA_AUTH_FIXTURES) + "/e2e/" + f;
  std::map<std::string, nlohmann::json> out;
  FILE* p = popen(command.c_str(), "r");
  REQUIRE(p);
  std::string text;
  char buf[4096];
  for (std::size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) text.append(buf, n);
  pclose(p);
  std::size_t start = 0;
  for (std::size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1) {
    auto j = nlohmann::json::parse(text.substr(start, end - start));
    const std::string file = j["file"];
    out[file.substr(file.rfind('/') + 1)] = j;
  }
  return out;
}

std::string auth_header(const nlohmann::json& j) {
  for (const auto& h : j["headers"]) {
    if (h["name"] == "X-SA-Triage-Auth") return h["value"];
  }
  return "";
}

}  // namespace

TEST_CASE("sa-triage check verifies the e2e fixtures over DNS", "[dns][cli]") {
  NsdServer nsd(60);
  TempDir dir;
  const std::map<std::string, std::string> expected = {
      {"attached-signed.eml", "verified"},
      {"nested-signed.eml", "verified"},
      {"direct-signed.eml", "verified"},
      {"redirect-signed.eml", "verified"},
      {"attached-tampered.eml", "suspicious"},
      {"attached-wrong-key.eml", "suspicious"},
      {"attached-unsigned.eml", "consistent"},
      {"direct-upstream-trusted.eml", "consistent"},
      {"attached-length-appended.eml", "suspicious"}};
  std::vector<std::string> files;
  for (const auto& [file, verdict] : expected) files.push_back(file);
  auto got = check(config_with(dir, nsd.address(), kAnswerTimeoutMs), files);
  REQUIRE(got.size() == expected.size());
  for (const auto& [file, verdict] : expected) {
    INFO(file << ": " << got[file].dump());
    CHECK(got[file]["verdict"] == verdict);
  }
  CHECK(auth_header(got["attached-signed.eml"]) == "dkim=pass header.d=ipa.go.jp header.s=s1");
  // Signed with a selector nsd does not publish: NXDOMAIN is permerror, not temperror.
  CHECK(auth_header(got["direct-upstream-trusted.eml"]).rfind("dkim=permerror", 0) == 0);
}

TEST_CASE("sa-triage check against a silent server: temperror within the timeout", "[dns][cli]") {
  BlackHole hole;
  TempDir dir;
  const auto config = config_with(dir, hole.address(), kTimeoutMs);
  const auto start = std::chrono::steady_clock::now();
  auto got = check(config, {"attached-signed.eml"});
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - start)
                        .count();
  REQUIRE(got.count("attached-signed.eml") == 1);
  const auto& j = got["attached-signed.eml"];
  CHECK(j["verdict"] == "consistent");
  CHECK(auth_header(j).rfind("dkim=temperror (key lookup failed: no answer from", 0) == 0);
  // Whole command: start, config, one message, exit; the DNS part is one timeout.
  CHECK(took >= kTimeoutMs - 5);
  CHECK(took <= 3 * kTimeoutMs + 2000);
  CHECK(hole.queries() == 1);
}
