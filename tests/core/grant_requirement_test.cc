// grant_requirement_test.cc - grant programmes in scope.recipients (plain strings still
// work, mappings carry programme and min_star), the strictest programme of several
// recipients, the requirement each kind of evidence gets, and the headers and routing that
// follow from it.
#include "core/grant_requirement.h"

#include <yaml-cpp/yaml.h>

#include <catch2/catch.hpp>

#include "core/edit_planner.h"
#include "core/header_value.h"

using namespace sa;

namespace {

const char* kProgrammes = R"(
scope:
  recipients:
    - hojokin@grant.example.lg.jp
    - { address: kobe@grant.example.lg.jp, programme: 神戸市補助金, min_star: 1 }
    - { address: Cyber@Grant.example.lg.jp, programme: 東京都サイバー助成金, min_star: 2 }
    - { address: '@tokyo.example.lg.jp', min_star: 2 }
    - { address: info@grant.example.lg.jp, programme: 相談窓口 }
routing:
  - name: cyber-not-met
    match: { requirement: [not-met, unknown] }
    action: add_recipients
    recipients: [review@grant.example.lg.jp]
  - name: no-requirement
    match: { requirement: [none] }
    action: tag
)";

// The shipped config (its notice templates) with the scope and routing of `yaml`.
std::shared_ptr<const Config> with(const char* yaml) {
  YAML::Node root = YAML::LoadFile(SA_CONFIG_FILE);
  const YAML::Node mine = YAML::Load(yaml);
  for (const char* key : {"scope", "routing"}) {
    if (mine[key]) root[key] = mine[key];
  }
  YAML::Emitter out;
  out << root;
  return load_config_text(out.c_str(), "programmes.yaml");
}

Evidence evidence(Verdict v, int star, const std::string& notice = "declaration-complete") {
  Evidence ev;
  ev.verdict = v;
  ev.star = star;
  ev.notice = notice;
  return ev;
}

std::string value_of(const EditPlan& plan, const std::string& name) {
  for (const auto& a : plan.adds) {
    if (a.name == name) return a.value;
  }
  return "<absent>";
}

bool has(const Evidence& ev, const std::string& reason) {
  return std::find(ev.reasons.begin(), ev.reasons.end(), reason) != ev.reasons.end();
}

}  // namespace

TEST_CASE("scope entries: plain strings and {address, programme, min_star} mix", "[requirement]") {
  const auto cfg = with(kProgrammes);
  CHECK(cfg->scope_recipients ==
        std::vector<std::string>{"hojokin@grant.example.lg.jp", "kobe@grant.example.lg.jp",
                                 "cyber@grant.example.lg.jp", "@tokyo.example.lg.jp",
                                 "info@grant.example.lg.jp"});
  REQUIRE(cfg->programmes.size() == 4);
  CHECK(cfg->programmes[1].address == "cyber@grant.example.lg.jp");
  CHECK(cfg->programmes[1].programme == "東京都サイバー助成金");
  CHECK(cfg->programmes[1].min_star == 2);
  CHECK(cfg->programmes[2].programme.empty());
  CHECK(cfg->programmes[3].min_star == 0);
  // A single plain string still works.
  CHECK(with("scope: {recipients: a@b.example}")->scope_recipients ==
        std::vector<std::string>{"a@b.example"});
}

TEST_CASE("bad programme entries name the file, line and key", "[requirement]") {
  const auto error = [](const std::string& yaml) {
    try {
      load_config_text(yaml, "bad.yaml");
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("(loaded)");
  };
  CHECK(error("scope:\n  recipients:\n    - { programme: x, min_star: 1 }\n") ==
        "bad.yaml:3: scope.recipients[0].address: is required");
  CHECK(error("scope:\n  recipients:\n    - { address: a@b.example, min_star: 3 }\n") ==
        "bad.yaml:3: scope.recipients[0].min_star: must be between 0 and 2");
  CHECK(error("scope:\n  recipients:\n    - { address: a@b.example, stars: 3 }\n") ==
        "bad.yaml:3: scope.recipients[0].stars: unknown key");
  CHECK(error("scope:\n  recipients:\n    - { address: 'nobody', min_star: 1 }\n") ==
        "bad.yaml:3: scope.recipients[0].address: 'nobody' has no '@'");
  CHECK(error("scope:\n  recipients:\n    - { address: a@b.example, programme: \"a\\nb\" }\n") ==
        "bad.yaml:3: scope.recipients[0].programme: must be a name without control characters");
  CHECK(error("routing:\n  - match: { requirement: [maybe] }\n") ==
        "bad.yaml:2: routing[0].match.requirement: 'maybe' is not a requirement (met, not-met, "
        "unknown, none)");
}

TEST_CASE("the strictest programme of the recipients applies", "[requirement]") {
  const auto cfg = with(kProgrammes);
  CHECK_FALSE(programme_for({"hojokin@grant.example.lg.jp"}, *cfg));
  CHECK(programme_for({"kobe+2026@grant.example.lg.jp"}, *cfg)->min_star == 1);
  const auto both = programme_for({"kobe@grant.example.lg.jp", "CYBER@grant.example.lg.jp"}, *cfg);
  REQUIRE(both);
  CHECK(both->programme == "東京都サイバー助成金");
  CHECK(programme_for({"anyone@tokyo.example.lg.jp"}, *cfg)->min_star == 2);
  CHECK(programme_for({"info@grant.example.lg.jp"}, *cfg)->programme == "相談窓口");
}

TEST_CASE("the requirement of each kind of evidence", "[requirement]") {
  CHECK(judge_requirement(evidence(Verdict::Verified, 2), 2, 0) == Requirement::Met);
  CHECK(judge_requirement(evidence(Verdict::Consistent, 1), 2, 0) == Requirement::NotMet);
  CHECK(judge_requirement(evidence(Verdict::Consistent, 1), 1, 0) == Requirement::Met);
  CHECK(judge_requirement(evidence(Verdict::Consistent, 2), 0, 0) == Requirement::None);
  // ② carries no star: unknown, unless the applicant's ① gives one.
  const Evidence accepted = evidence(Verdict::Consistent, 0, "application-accepted");
  CHECK(judge_requirement(accepted, 2, 0) == Requirement::Unknown);
  CHECK(judge_requirement(accepted, 2, 2) == Requirement::Met);
  CHECK(judge_requirement(accepted, 2, 1) == Requirement::NotMet);
  // No evidence does not meet a requirement; a message that could not be judged says nothing.
  CHECK(judge_requirement(evidence(Verdict::None, 0, ""), 1, 0) == Requirement::NotMet);
  CHECK(judge_requirement(evidence(Verdict::Error, 0, ""), 1, 0) == Requirement::None);
  // A suspicious original whose fields were withheld.
  CHECK(judge_requirement(evidence(Verdict::Suspicious, 0), 1, 0) == Requirement::Unknown);
}

TEST_CASE("headers, reason and routing of the requirement", "[requirement]") {
  const auto cfg = with(kProgrammes);
  const std::vector<std::string> cyber{"cyber@grant.example.lg.jp"};

  Evidence one = evidence(Verdict::Consistent, 1);
  apply_requirement(one, cyber, 0, *cfg);
  CHECK(one.requirement == "not-met");
  CHECK(has(one, "star-below-requirement"));
  EditPlan plan = plan_edits("From: a@b.example\r\n\r\n", one, cyber, "", *cfg);
  CHECK(value_of(plan, "X-SA-Triage-Requirement") == "not-met");
  CHECK(value_of(plan, "X-SA-Triage-Programme") ==
        encode_header_value("東京都サイバー助成金", "X-SA-Triage-Programme"));
  CHECK(value_of(plan, "X-SA-Triage-Reasons").find("star-below-requirement") != std::string::npos);
  CHECK(plan.route == "cyber-not-met");
  CHECK(plan.add_recipients == std::vector<std::string>{"review@grant.example.lg.jp"});

  Evidence two = evidence(Verdict::Verified, 2);
  apply_requirement(two, cyber, 0, *cfg);
  CHECK(two.requirement == "met");
  CHECK_FALSE(has(two, "star-below-requirement"));
  plan = plan_edits("From: a@b.example\r\n\r\n", two, cyber, "", *cfg);
  CHECK(value_of(plan, "X-SA-Triage-Requirement") == "met");
  CHECK(plan.route.empty());

  // ② without its ①: unknown, no reason (nothing shows a star too low).
  Evidence accepted = evidence(Verdict::Consistent, 0, "application-accepted");
  apply_requirement(accepted, cyber, 0, *cfg);
  CHECK(accepted.requirement == "unknown");
  CHECK_FALSE(has(accepted, "star-below-requirement"));

  // No programme: no header, and a rule for "none" matches.
  Evidence plain = evidence(Verdict::Consistent, 1);
  apply_requirement(plain, {"hojokin@grant.example.lg.jp"}, 0, *cfg);
  CHECK(plain.requirement.empty());
  CHECK(plain.programme.empty());
  plan = plan_edits("From: a@b.example\r\n\r\n", plain, {"hojokin@grant.example.lg.jp"}, "", *cfg);
  CHECK(value_of(plan, "X-SA-Triage-Requirement") == "<absent>");
  CHECK(value_of(plan, "X-SA-Triage-Programme") == "<absent>");
  CHECK(plan.route == "no-requirement");
}

TEST_CASE("a programme name with control characters never reaches a header raw", "[requirement]") {
  // The loader refuses control characters; a name built in code is cleaned as every value is.
  Config cfg;
  cfg.programmes.push_back({"a@b.example", "x\x7f\x01y", 1});
  Evidence ev = evidence(Verdict::Consistent, 1);
  apply_requirement(ev, {"a@b.example"}, 0, cfg);
  const EditPlan plan = plan_edits("From: a@b.example\r\n\r\n", ev, {"a@b.example"}, "", cfg);
  const std::string v = value_of(plan, "X-SA-Triage-Programme");
  CHECK(v.find('\x01') == std::string::npos);
  CHECK(v.find('\x7f') == std::string::npos);
  CHECK(v.find('\n') == std::string::npos);
}
