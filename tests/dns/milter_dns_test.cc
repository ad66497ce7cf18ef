// milter_dns_test.cc - the real sa-triage-milter with DKIM keys from DNS (no key file):
// signed notices verify through nsd; against a server that never answers each message
// costs at most dns_timeout_ms and is delivered tagged dkim=temperror; 50 concurrent
// sessions leave the daemon's thread count bounded; keys are cached for their TTL.
#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "dns_servers.h"
#include "fixture_files.h"
#include "milter_fixture.h"

using namespace std::chrono_literals;
using sa::test::added;
using sa::test::BlackHole;
using sa::test::MilterReply;
using sa::test::MilterUnderTest;
using sa::test::NsdServer;
using Clock = std::chrono::steady_clock;

namespace {

constexpr long long kTimeoutMs = 300;  // dkim.dns_timeout_ms against the black hole (3x < 1 s)
constexpr long long kAnswerTimeoutMs = 3000;  // when nsd answers: room for a loaded machine
constexpr const char* kGrant = "hojokin@grant.example.lg.jp";

std::function<void(YAML::Node&)> keys_from(const std::vector<std::string>& servers,
                                           long long timeout_ms = kTimeoutMs) {
  return [servers, timeout_ms](YAML::Node& c) {
    c["dkim"]["key_file"] = "";
    c["dkim"]["dns_timeout_ms"] = timeout_ms;
    c["dkim"]["nameservers"] = YAML::Node(YAML::NodeType::Sequence);
    for (const auto& s : servers) c["dkim"]["nameservers"].push_back(s);
  };
}

struct Sent {
  std::vector<MilterReply> replies;
  long long ms = 0;  // the whole session, DATA to the end-of-message reply
  std::string verdict() const { return added(replies, "X-SA-Triage-Verdict"); }
  std::string auth() const { return added(replies, "X-SA-Triage-Auth"); }
  // Accepted for delivery: the final reply continues or accepts.
  bool delivered() const {
    return !replies.empty() && (replies.back().code == 'c' || replies.back().code == 'a');
  }
};

Sent send(MilterUnderTest& milter, const std::string& fixture, const std::string& queue_id) {
  const std::string raw = sa::test::read_fixture(fixture);
  auto client = milter.session();
  Sent s;
  const auto start = Clock::now();
  s.replies = client.send_message("applicant@example.co.jp", {kGrant}, raw, queue_id);
  s.ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
  client.quit();
  return s;
}

int threads_of(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("Threads:", 0) == 0) return std::stoi(line.substr(8));
  }
  return -1;
}

// The inspection pool's size (daemon/inspection_pool.cc: 2 workers per core, at least 4).
int inspection_workers() {
  return std::max(4, 2 * static_cast<int>(std::thread::hardware_concurrency()));
}

}  // namespace

TEST_CASE("signed notices verify over DNS in the daemon", "[dns][milter]") {
  NsdServer nsd(60);
  MilterUnderTest milter(keys_from({nsd.address()}, kAnswerTimeoutMs));
  int n = 0;
  for (const char* file : {"e2e/attached-signed.eml", "e2e/nested-signed.eml",
                           "e2e/direct-signed.eml", "e2e/redirect-signed.eml"}) {
    INFO(file);
    Sent s = send(milter, file, "DNSV" + std::to_string(++n));
    CHECK(s.delivered());
    CHECK(s.verdict() == "verified");
    CHECK(s.auth() == "dkim=pass header.d=ipa.go.jp header.s=s1");
  }
  Sent tampered = send(milter, "e2e/attached-tampered.eml", "DNSV9");
  CHECK(tampered.verdict() == "suspicious");
}

TEST_CASE("a server that never answers costs a message at most dns_timeout_ms", "[dns][milter]") {
  BlackHole hole;
  MilterUnderTest milter(keys_from({hole.address()}));
  for (int i = 0; i < 3; ++i) {
    Sent s = send(milter, "e2e/attached-signed.eml", "DNSB" + std::to_string(i));
    INFO("message " << i << ": " << s.ms << " ms, " << s.auth());
    CHECK(s.delivered());
    CHECK(s.verdict() == "consistent");
    CHECK(s.auth().rfind("dkim=temperror (key lookup failed", 0) == 0);
    if (i == 0) CHECK(s.ms >= kTimeoutMs - 5);  // the first one did wait for the black hole
    CHECK(s.ms <= 3 * kTimeoutMs);
    WARN("black hole, message " << i << ": " << s.ms << " ms (dns_timeout_ms " << kTimeoutMs
                                << ")");
  }
  CHECK(hole.queries() >= 1);
}

TEST_CASE("50 concurrent sessions against a silent server do not pile up threads",
          "[dns][milter]") {
  BlackHole hole;
  MilterUnderTest milter(keys_from({hole.address()}));
  const pid_t pid = milter.daemon->pid();
  send(milter, "e2e/attached-unsigned.eml", "DNSWARM");  // every lazily made thread exists
  std::this_thread::sleep_for(200ms);
  const int idle = threads_of(pid);
  REQUIRE(idle > 0);

  constexpr int kSessions = 50;
  std::vector<Sent> results(kSessions);
  std::atomic<bool> done{false};
  std::atomic<int> peak{idle};
  std::thread sampler([&] {
    while (!done) {
      peak = std::max(peak.load(), threads_of(pid));
      std::this_thread::sleep_for(5ms);
    }
  });
  const auto start = Clock::now();
  std::vector<std::thread> senders;
  for (int i = 0; i < kSessions; ++i) {
    senders.emplace_back([&, i] {
      try {
        results[i] = send(milter, "e2e/attached-signed.eml", "DNSC" + std::to_string(i));
      } catch (const std::exception&) {
        results[i] = {};  // counted as not delivered below
      }
    });
  }
  for (auto& t : senders) t.join();
  const long long burst =
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
  done = true;
  sampler.join();

  int delivered = 0, temperror = 0;
  long long slowest = 0;
  for (const Sent& s : results) {
    delivered += s.delivered();
    temperror += s.verdict() == "consistent" && s.auth().rfind("dkim=temperror", 0) == 0;
    slowest = std::max(slowest, s.ms);
  }
  WARN("50 sessions against the black hole: "
       << burst << " ms in all, slowest " << slowest << " ms; daemon threads idle " << idle
       << ", peak " << peak << "; inspection pool " << inspection_workers() << "; DNS queries "
       << hole.queries());
  CHECK(delivered == kSessions);
  CHECK(temperror == kSessions);
  // The DNS waits run on the inspection pool, never on threads of their own: beyond what the
  // idle daemon has, only the milter's thread per session is added.
  CHECK(peak <= idle + kSessions + 4);
  // One question per name at a time, and a failure is held: not asked again per message.
  CHECK(hole.queries() < kSessions / 2);
  // And they go away: nothing is left running after the burst.
  int after = threads_of(pid);
  for (int i = 0; i < 150 && after > idle + 2; ++i) {
    std::this_thread::sleep_for(100ms);
    after = threads_of(pid);
  }
  CHECK(after <= idle + 2);
}

TEST_CASE("keys are cached for their TTL", "[dns][milter]") {
  auto nsd = std::make_unique<NsdServer>(4);
  MilterUnderTest milter(keys_from({nsd->address()}, kAnswerTimeoutMs));
  Sent before = send(milter, "e2e/attached-signed.eml", "DNST1");
  const auto answered = Clock::now();  // the key expires 4 s after nsd's answer, before this
  CHECK(before.verdict() == "verified");
  nsd->stop();
  Sent cached = send(milter, "e2e/attached-signed.eml", "DNST2");
  CHECK(cached.verdict() == "verified");  // no server, the key from the cache
  CHECK(cached.auth() == "dkim=pass header.d=ipa.go.jp header.s=s1");
  std::this_thread::sleep_until(answered + 4s + 300ms);
  Sent expired = send(milter, "e2e/attached-signed.eml", "DNST3");
  CHECK(expired.delivered());
  CHECK(expired.verdict() == "consistent");
  CHECK(expired.auth().rfind("dkim=temperror (key lookup failed", 0) == 0);
}
