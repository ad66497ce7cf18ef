// bounded_inspection_test.cc - Engine::Run::Bounded, the way the milter inspects a small
// message on the session's own thread: over every golden sample it gives exactly the
// inspection Run::Guarded gives (verdict, reasons, every header edit), except that a message
// with printouts to read comes back needs_guard with nothing judged and nothing recorded in
// the (real SQLite) ledger; and the size rule that decides which messages may run Bounded.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/engine.h"
#include "ledger_backends.h"

using namespace sa;
using namespace sa::test;

namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

Envelope envelope() {
  Envelope env;
  env.sender = "yamada@sample-shoji.example.jp";
  env.recipients = {"hojokin@grant.example.lg.jp"};
  env.queue_id = "4TqBOUND1";
  return env;
}

std::string header(const Inspection& in, const std::string& name) {
  for (const auto& a : in.plan.adds) {
    if (a.name == name) return a.value;
  }
  return "(absent)";
}

// Everything of an inspection a reviewer or Postfix sees.
std::string seen_by_users(const Inspection& in) {
  std::ostringstream s;
  s << to_string(in.evidence.verdict) << "|";
  for (const auto& r : in.evidence.reasons) s << r << ",";
  s << "|";
  for (const auto& a : in.plan.adds) s << a.name << "=" << a.value << ";";
  for (const auto& d : in.plan.deletes) s << "-" << d.name << "#" << d.index << ";";
  s << "|" << in.plan.new_subject.value_or("") << "|" << in.plan.quarantine_reason.value_or("");
  for (const auto& r : in.plan.add_recipients) s << "+" << r;
  for (const auto& r : in.plan.delete_recipients) s << "-" << r;
  return s.str();
}

const char* kPrintout = "attachment-printout-pdf-declarer-site-2star-consistent.eml";

}  // namespace

TEST_CASE("a bounded inspection is the guarded one, or asks for the guard before printouts",
          "[engine][bounded]") {
  // Two ledgers so that each run sees the same history: Seen and Pair headers compare too.
  TempDir dir;
  auto bounded_ledger = std::make_shared<SqliteLedger>(dir.file("bounded.sqlite"));
  auto guarded_ledger = std::make_shared<SqliteLedger>(dir.file("guarded.sqlite"));
  const auto config = load_config(SA_CONFIG_FILE);
  const Engine bounded(config, nullptr, bounded_ledger);
  const Engine guarded(config, nullptr, guarded_ledger);

  std::vector<std::filesystem::path> samples;
  for (const auto& e : std::filesystem::directory_iterator(SA_SAMPLES_DIR)) {
    if (e.path().extension() == ".eml") samples.push_back(e.path());
  }
  std::sort(samples.begin(), samples.end());
  REQUIRE(samples.size() > 50);
  std::vector<std::string> deferred;
  for (const auto& path : samples) {
    INFO(path.filename().string());
    const std::string raw = read_file(path);
    Inspection b = bounded.inspect(raw, envelope(), {}, Engine::Run::Bounded);
    if (b.needs_guard) {
      deferred.push_back(path.filename().string());
      CHECK(b.plan.adds.empty());  // nothing judged: the caller must not apply it
      b = bounded.inspect(raw, envelope(), {}, Engine::Run::Guarded);
    }
    const Inspection g = guarded.inspect(raw, envelope());
    CHECK_FALSE(g.needs_guard);
    CHECK(seen_by_users(b) == seen_by_users(g));
  }
  // Only the messages with a PDF to read and no notice found before it needed the guard.
  CHECK(deferred == std::vector<std::string>{kPrintout,
                                             "hostile-printout-pdf-no-stage-suspicious.eml",
                                             "none-ordinary-application-mail.eml"});
}

TEST_CASE("a bounded inspection that needs the guard records nothing", "[engine][bounded]") {
  TempDir dir;
  auto ledger = std::make_shared<SqliteLedger>(dir.file("ledger.sqlite"));
  const Engine engine(load_config(SA_CONFIG_FILE), nullptr, ledger);
  const std::string raw = read_file(std::filesystem::path(SA_SAMPLES_DIR) / kPrintout);

  for (int i = 0; i < 3; ++i) {
    const Inspection b = engine.inspect(raw, envelope(), {}, Engine::Run::Bounded);
    REQUIRE(b.needs_guard);
  }
  // Had any of them been recorded, this would be a repeat.
  const Inspection g = engine.inspect(raw, envelope(), {}, Engine::Run::Guarded);
  REQUIRE_FALSE(g.needs_guard);
  CHECK(g.evidence.verdict == Verdict::Consistent);
  CHECK(header(g, "X-SA-Triage-Seen") == "first");
  const Inspection again = engine.inspect(raw, envelope(), {}, Engine::Run::Bounded);
  REQUIRE(again.needs_guard);
  CHECK(engine.inspect(raw, envelope()).plan.adds.size() > 0);
  CHECK(header(engine.inspect(raw, envelope()), "X-SA-Triage-Seen") == "repeat");
}

TEST_CASE("which messages may run bounded", "[engine][bounded]") {
  YAML::Node root = YAML::LoadFile(SA_CONFIG_FILE);
  auto engine_with = [&](unsigned timeout_ms, unsigned dns_ms) {
    root["milter"]["timeout_ms"] = timeout_ms;
    root["dkim"]["dns_timeout_ms"] = dns_ms;
    YAML::Emitter out;
    out << root;
    return Engine(load_config_text(out.c_str(), "bounded.yaml"));
  };
  const Engine shipped = engine_with(10000, 5000);
  CHECK(shipped.may_run_bounded(5 * 1024));
  CHECK(shipped.may_run_bounded(Engine::kBoundedMaxBytes));
  CHECK_FALSE(shipped.may_run_bounded(Engine::kBoundedMaxBytes + 1));
  // A DNS budget as long as the message's own: only the pool's deadline would cut it.
  const Engine slow_dns = engine_with(3000, 3000);
  CHECK_FALSE(slow_dns.may_run_bounded(1024));
}
