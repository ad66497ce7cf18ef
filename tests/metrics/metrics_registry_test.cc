// metrics_registry_test.cc - the registry's Prometheus text: exact output for a small
// scenario, the same text parsed back (histogram buckets cumulative, counts agreeing), label
// values from closed sets only, and counts summed correctly under 8 threads.
#include "metrics/metrics_registry.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

// Samples of a Prometheus text exposition: "name{labels}" -> value. Fails the test on a
// line that is not a comment, a blank or "series value", on a sample of a family with no
// TYPE line before it, and on a series given twice.
std::map<std::string, double> parse_exposition(const std::string& text) {
  std::map<std::string, double> samples;
  std::set<std::string> typed;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    if (line.rfind("# TYPE ", 0) == 0) {
      std::string rest = line.substr(7);
      typed.insert(rest.substr(0, rest.find(' ')));
      continue;
    }
    if (line[0] == '#') {
      REQUIRE(line.rfind("# HELP ", 0) == 0);
      continue;
    }
    std::size_t space = line.rfind(' ');
    REQUIRE(space != std::string::npos);
    std::string series = line.substr(0, space);
    std::string name = series.substr(0, series.find('{'));
    bool family_typed = typed.count(name) > 0;
    for (const char* suffix : {"_bucket", "_sum", "_count"}) {
      std::string s = suffix;
      if (name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0) {
        family_typed = family_typed || typed.count(name.substr(0, name.size() - s.size())) > 0;
      }
    }
    INFO(line);
    REQUIRE(family_typed);
    REQUIRE((name.rfind("sa_triage_", 0) == 0 || name.rfind("process_", 0) == 0));
    std::string value = line.substr(space + 1);
    double number = value == "+Inf" ? INFINITY : std::stod(value);
    REQUIRE(samples.emplace(series, number).second);
  }
  return samples;
}

// Checks the processing-time histogram: buckets never decrease, +Inf equals _count.
void check_histogram(const std::map<std::string, double>& samples) {
  double previous = 0;
  int buckets = 0;
  for (double bound : sa::MetricsRegistry::kSecondsBuckets) {
    std::ostringstream le;
    le << bound;
    auto it = samples.find("sa_triage_processing_seconds_bucket{le=\"" + le.str() + "\"}");
    REQUIRE(it != samples.end());
    CHECK(it->second >= previous);
    previous = it->second;
    ++buckets;
  }
  CHECK(buckets == 13);
  double inf = samples.at("sa_triage_processing_seconds_bucket{le=\"+Inf\"}");
  CHECK(inf >= previous);
  CHECK(inf == samples.at("sa_triage_processing_seconds_count"));
}

sa::Evidence evidence(sa::Verdict verdict, std::string notice, sa::ForwardStyle forward) {
  sa::Evidence e;
  e.verdict = verdict;
  e.notice = std::move(notice);
  e.forward = forward;
  e.company = "株式会社 \"quoted\" {label} \\ injection";  // mail text: must never show
  return e;
}

}  // namespace

TEST_CASE("registry renders a small scenario as exact Prometheus text", "[registry]") {
  sa::MetricsRegistry registry({"declaration-complete", "star-upgrade"});
  // Seconds are binary fractions so the sum prints exactly; 0.25 sits on a bucket bound.
  registry.observe_message(
      evidence(sa::Verdict::Verified, "declaration-complete", sa::ForwardStyle::Direct),
      0.001953125, 1000);
  registry.observe_message(
      evidence(sa::Verdict::Verified, "declaration-complete", sa::ForwardStyle::Direct),
      0.000244140625, 500);
  registry.observe_message(
      evidence(sa::Verdict::Suspicious, "not-configured", sa::ForwardStyle::Inline), 0.25, 2000);
  registry.observe_message(evidence(sa::Verdict::None, "", sa::ForwardStyle::None), 8, 100);
  registry.count_error(sa::ErrorKind::Timeout);
  registry.count_error(sa::ErrorKind::Ledger);
  registry.count_error(sa::ErrorKind::Ledger);
  registry.count_edit(sa::EditKind::HeaderAdd, 3);
  registry.count_edit(sa::EditKind::HeaderDelete);
  registry.count_edit(sa::EditKind::Quarantine);
  registry.count_out_of_scope_claim();
  registry.connection_opened();
  registry.connection_opened();
  registry.connection_opened();
  registry.connection_closed();
  registry.reload(true);
  registry.reload(false);
  registry.set_ledger_rows(42);

  const std::string expected =
      R"(# HELP sa_triage_messages_total Messages inspected, by verdict, matched notice and forward style.
# TYPE sa_triage_messages_total counter
sa_triage_messages_total{verdict="none",notice="none",forward="none"} 1
sa_triage_messages_total{verdict="verified",notice="declaration-complete",forward="direct"} 2
sa_triage_messages_total{verdict="suspicious",notice="other",forward="inline"} 1
# HELP sa_triage_errors_total Failures by kind (engine, timeout, overloaded, ledger, edit_failed, too_large, milter).
# TYPE sa_triage_errors_total counter
sa_triage_errors_total{kind="engine"} 0
sa_triage_errors_total{kind="timeout"} 1
sa_triage_errors_total{kind="overloaded"} 0
sa_triage_errors_total{kind="ledger"} 2
sa_triage_errors_total{kind="edit_failed"} 0
sa_triage_errors_total{kind="too_large"} 0
sa_triage_errors_total{kind="milter"} 0
# HELP sa_triage_edits_total Message edits applied through the MTA, by kind.
# TYPE sa_triage_edits_total counter
sa_triage_edits_total{kind="header_delete"} 1
sa_triage_edits_total{kind="header_add"} 3
sa_triage_edits_total{kind="subject"} 0
sa_triage_edits_total{kind="rcpt_add"} 0
sa_triage_edits_total{kind="rcpt_delete"} 0
sa_triage_edits_total{kind="quarantine"} 1
sa_triage_edits_total{kind="reject"} 0
sa_triage_edits_total{kind="tempfail"} 0
# HELP sa_triage_processing_seconds Time spent inspecting one message (engine and edit plan), in seconds.
# TYPE sa_triage_processing_seconds histogram
sa_triage_processing_seconds_bucket{le="0.0005"} 1
sa_triage_processing_seconds_bucket{le="0.001"} 1
sa_triage_processing_seconds_bucket{le="0.0025"} 2
sa_triage_processing_seconds_bucket{le="0.005"} 2
sa_triage_processing_seconds_bucket{le="0.01"} 2
sa_triage_processing_seconds_bucket{le="0.025"} 2
sa_triage_processing_seconds_bucket{le="0.05"} 2
sa_triage_processing_seconds_bucket{le="0.1"} 2
sa_triage_processing_seconds_bucket{le="0.25"} 3
sa_triage_processing_seconds_bucket{le="0.5"} 3
sa_triage_processing_seconds_bucket{le="1"} 3
sa_triage_processing_seconds_bucket{le="2.5"} 3
sa_triage_processing_seconds_bucket{le="5"} 3
sa_triage_processing_seconds_bucket{le="+Inf"} 4
sa_triage_processing_seconds_sum 8.252197265625
sa_triage_processing_seconds_count 4
# HELP sa_triage_message_bytes_total Bytes of messages inspected.
# TYPE sa_triage_message_bytes_total counter
sa_triage_message_bytes_total 3600
# HELP sa_triage_out_of_scope_claims_total Messages to no address of scope.recipients whose Subject claims a notice (not judged).
# TYPE sa_triage_out_of_scope_claims_total counter
sa_triage_out_of_scope_claims_total 1
# HELP sa_triage_milter_connections Milter connections open now.
# TYPE sa_triage_milter_connections gauge
sa_triage_milter_connections 2
# HELP sa_triage_reloads_total Config reloads, by result.
# TYPE sa_triage_reloads_total counter
sa_triage_reloads_total{result="ok"} 1
sa_triage_reloads_total{result="failed"} 1
# HELP sa_triage_ledger_rows Rows in the evidence ledger.
# TYPE sa_triage_ledger_rows gauge
sa_triage_ledger_rows 42
)";
  std::string text = registry.render_prometheus();
  // The service-state and process families follow (their values vary: see the next test).
  CHECK(text.substr(0, text.find("# HELP sa_triage_config_last_reload_successful")) == expected);

  auto samples = parse_exposition(text);
  check_histogram(samples);
  CHECK(samples.at("sa_triage_processing_seconds_sum") == Approx(8.252197265625));
  CHECK(samples.at("sa_triage_errors_total{kind=\"ledger\"}") == 2);
  CHECK(samples.at("sa_triage_ledger_rows") == 42);
  CHECK(text.find("株式会社") == std::string::npos);
  CHECK(text.find("not-configured") == std::string::npos);
}

TEST_CASE("build info, reload state, ledger up and the process are gauges", "[registry]") {
  sa::MetricsRegistry registry;
  registry.set_build_info("0.1.0", "6");
  std::string text = registry.render_prometheus();
  CHECK(text.find("sa_triage_ledger_up") == std::string::npos);  // no ledger configured
  auto samples = parse_exposition(text);
  CHECK(samples.at(R"(sa_triage_build_info{version="0.1.0",milter_protocol="6"})") == 1);
  CHECK(samples.at("sa_triage_config_last_reload_successful") == 1);
  const double loaded = samples.at("sa_triage_config_last_reload_success_timestamp_seconds");
  CHECK(loaded > 1.7e9);
  CHECK(samples.at("process_start_time_seconds") == loaded);
  CHECK(samples.at("process_resident_memory_bytes") > 1e5);
  CHECK(samples.at("process_open_fds") >= 3);
  CHECK(samples.at("process_max_fds") >= samples.at("process_open_fds"));

  registry.reload(false);
  registry.set_ledger_up(0);
  samples = parse_exposition(registry.render_prometheus());
  CHECK(samples.at("sa_triage_config_last_reload_successful") == 0);
  CHECK(samples.at("sa_triage_config_last_reload_success_timestamp_seconds") == loaded);
  CHECK(samples.at("sa_triage_ledger_up") == 0);
  registry.set_ledger_up(1);
  registry.reload(true);
  samples = parse_exposition(registry.render_prometheus());
  CHECK(samples.at("sa_triage_ledger_up") == 1);
  CHECK(samples.at("sa_triage_config_last_reload_successful") == 1);
  CHECK(samples.at("sa_triage_config_last_reload_success_timestamp_seconds") >= loaded);
}

TEST_CASE("an empty registry renders every fixed family at zero", "[registry]") {
  sa::MetricsRegistry registry;
  auto samples = parse_exposition(registry.render_prometheus());
  check_histogram(samples);
  CHECK(samples.at("sa_triage_processing_seconds_count") == 0);
  CHECK(samples.count("sa_triage_errors_total{kind=\"engine\"}") == 1);
  CHECK(samples.count("sa_triage_reloads_total{result=\"failed\"}") == 1);
  for (const auto& [series, value] : samples) {
    // State, not counts: build info, the config's load and the process itself.
    const bool state = series.rfind("process_", 0) == 0 ||
                       series.rfind("sa_triage_build_info", 0) == 0 ||
                       series.rfind("sa_triage_config_last_reload", 0) == 0;
    if (!state) CHECK(value == 0);
  }
}

TEST_CASE("notice labels come from configured names only", "[registry]") {
  sa::MetricsRegistry registry({"declaration-complete", "none", "other", ""});
  sa::Evidence e = evidence(sa::Verdict::Consistent, "star-upgrade", sa::ForwardStyle::Attachment);
  registry.observe_message(e, 0.01, 1);
  const std::string other =
      R"(sa_triage_messages_total{verdict="consistent",notice="other",forward="attachment"})";
  const std::string named =
      R"(sa_triage_messages_total{verdict="consistent",notice="star-upgrade",forward="attachment"})";
  auto before = parse_exposition(registry.render_prometheus());
  CHECK(before.at(other) == 1);
  CHECK(before.count(named) == 0);

  // After a reload that adds the name, later messages get it; old counts stay where they were.
  registry.add_notice_names({"star-upgrade", "declaration-complete"});
  registry.observe_message(e, 0.01, 1);
  auto after = parse_exposition(registry.render_prometheus());
  CHECK(after.at(other) == 1);
  CHECK(after.at(named) == 1);
}

TEST_CASE("notice names beyond the capacity count as other", "[registry]") {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < sa::MetricsRegistry::kMaxNotices + 5; ++i) {
    names.push_back("notice-" + std::to_string(i));
  }
  sa::MetricsRegistry registry(names);
  registry.observe_message(evidence(sa::Verdict::Verified, names.back(), sa::ForwardStyle::Direct),
                           0, 0);
  registry.observe_message(evidence(sa::Verdict::Verified, names.front(), sa::ForwardStyle::Direct),
                           0, 0);
  auto samples = parse_exposition(registry.render_prometheus());
  CHECK(samples.at(
            R"(sa_triage_messages_total{verdict="verified",notice="other",forward="direct"})") ==
        1);
  CHECK(samples.at(
            R"(sa_triage_messages_total{verdict="verified",notice="notice-0",forward="direct"})") ==
        1);
}

TEST_CASE("label values are escaped", "[registry]") {
  sa::MetricsRegistry registry({"odd\"name\\with\nnewline"});
  registry.observe_message(
      evidence(sa::Verdict::Error, "odd\"name\\with\nnewline", sa::ForwardStyle::Redirect), 0, 0);
  std::string text = registry.render_prometheus();
  CHECK(text.find(R"(notice="odd\"name\\with\nnewline",forward="redirect"} 1)") !=
        std::string::npos);
  parse_exposition(text);
}

TEST_CASE("unmeasurable times count in the first bucket and add nothing to the sum", "[registry]") {
  sa::MetricsRegistry registry;
  sa::Evidence e;
  registry.observe_message(e, -1, 0);
  registry.observe_message(e, NAN, 0);
  registry.observe_message(e, INFINITY, 0);
  auto samples = parse_exposition(registry.render_prometheus());
  CHECK(samples.at("sa_triage_processing_seconds_bucket{le=\"0.0005\"}") == 3);
  CHECK(samples.at("sa_triage_processing_seconds_sum") == 0);
}

TEST_CASE("counts from 8 threads add up", "[registry][threads]") {
  sa::MetricsRegistry registry({"declaration-complete"});
  constexpr int kThreads = 8;
  constexpr int kPerThread = 20000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&registry, t] {
      sa::Evidence e = evidence(t % 2 ? sa::Verdict::Verified : sa::Verdict::Suspicious,
                                "declaration-complete", sa::ForwardStyle::Direct);
      for (int i = 0; i < kPerThread; ++i) {
        registry.connection_opened();
        registry.observe_message(e, 0.001953125, 10);
        registry.count_error(sa::ErrorKind::Engine);
        registry.count_edit(sa::EditKind::HeaderAdd);
        registry.connection_closed();
        // Notice names are published while others count.
        if (t == 0 && i % 1000 == 0)
          registry.add_notice_names({std::string("n").append(std::to_string(i))});
      }
    });
  }
  // Scrapes during the counting must always be well formed.
  for (int i = 0; i < 20; ++i) check_histogram(parse_exposition(registry.render_prometheus()));
  for (auto& thread : threads) thread.join();

  auto samples = parse_exposition(registry.render_prometheus());
  const double total = kThreads * kPerThread;
  CHECK(
      samples.at(
          R"(sa_triage_messages_total{verdict="verified",notice="declaration-complete",forward="direct"})") ==
      total / 2);
  CHECK(
      samples.at(
          R"(sa_triage_messages_total{verdict="suspicious",notice="declaration-complete",forward="direct"})") ==
      total / 2);
  CHECK(samples.at("sa_triage_processing_seconds_count") == total);
  CHECK(samples.at("sa_triage_processing_seconds_bucket{le=\"0.0025\"}") == total);
  CHECK(samples.at("sa_triage_processing_seconds_sum") == Approx(total * 0.001953125));
  CHECK(samples.at("sa_triage_message_bytes_total") == total * 10);
  CHECK(samples.at("sa_triage_errors_total{kind=\"engine\"}") == total);
  CHECK(samples.at("sa_triage_edits_total{kind=\"header_add\"}") == total);
  CHECK(samples.at("sa_triage_milter_connections") == 0);
}
