// failure_test.cc - a Failure's reason word: its kind first, the detail made safe for a
// header and a log field; and the engine's on_error inspection built from it.
#include "core/failure.h"

#include <catch2/catch.hpp>

#include "core/engine.h"

using namespace sa;

TEST_CASE("a failure's reason names its kind and a safe, bounded detail", "[failure]") {
  CHECK(failure_reason({Failure::Kind::Timeout, "ignored"}) == "timeout");
  CHECK(failure_reason({Failure::Kind::Engine, "out-of-memory"}) == "engine-error=out-of-memory");
  CHECK(failure_reason({Failure::Kind::EditRefused, "add_header"}) == "apply-failed=add_header");
  CHECK(failure_reason({Failure::Kind::Collect, ""}) == "daemon-error");
  CHECK(failure_reason({Failure::Kind::Engine, "bad\r\nX-Evil: 1, two; three"}) ==
        "engine-error=bad__X-Evil:_1__two__three");
  CHECK(failure_reason({Failure::Kind::Engine, std::string(500, 'x')}).size() == 200);
}

TEST_CASE("the engine plans a failure by milter.on_error", "[failure][plan]") {
  const std::string headers = "From: a@b.example\r\nX-SA-Triage-Verdict: verified\r\n\r\n";
  const Failure timeout{Failure::Kind::Timeout, ""};

  const Engine accept(load_config_text("notices: [{ name: x, subject: 'x' }]\n", "t.yaml"));
  const Inspection tagged = accept.inspect_failure(headers, timeout);
  REQUIRE(tagged.failure);
  CHECK(tagged.failure->kind == Failure::Kind::Timeout);
  CHECK(tagged.evidence.verdict == Verdict::Error);
  CHECK(tagged.evidence.reasons == std::vector<std::string>{"timeout"});
  REQUIRE(tagged.plan.deletes.size() == 1);
  CHECK(tagged.plan.deletes[0].name == "X-SA-Triage-Verdict");
  REQUIRE(tagged.plan.adds.size() == 2);
  CHECK(tagged.plan.adds[0].name == "X-SA-Triage-Verdict");
  CHECK(tagged.plan.adds[0].value == "error");
  CHECK(tagged.plan.adds[1].name == "X-SA-Triage-Reasons");
  CHECK(tagged.plan.adds[1].value == "timeout");
  CHECK(tagged.plan.route == "on-error-accept");
  CHECK_FALSE(tagged.plan.tempfail);

  // No routing rule applies to a failure, not even one for verdict error.
  const Engine tempfail(
      load_config_text("milter: { on_error: tempfail }\nnotices: [{ name: x, subject: 'x' }]\n"
                       "routing: [{ match: { verdict: [error] }, action: reject }]\n",
                       "t.yaml"));
  const Inspection refused = tempfail.inspect_failure(headers, timeout);
  REQUIRE(refused.plan.tempfail);
  CHECK(refused.plan.tempfail->code == "451");
  CHECK(refused.plan.tempfail->xcode == "4.3.0");
  CHECK_FALSE(refused.plan.reject);
  CHECK(refused.plan.adds.empty());
  CHECK(refused.plan.deletes.empty());
  CHECK(refused.plan.route == "on-error-tempfail");
}
