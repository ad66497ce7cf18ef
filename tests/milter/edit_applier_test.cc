// edit_applier_test.cc - the order and the stopping rule of apply_edit_plan, checked with a
// recording MilterActions (no protocol).
#include "daemon/edit_applier.h"

#include <catch2/catch.hpp>

namespace sa {
namespace {

// Records each call as text; fails the call named `fail_on` (prefix match).
class RecordingActions : public MilterActions {
 public:
  std::vector<std::string> calls;
  std::string fail_on;

  bool record(std::string call) {
    calls.push_back(call);
    return fail_on.empty() || call.rfind(fail_on, 0) != 0;
  }
  bool delete_header(const std::string& n, int i) override {
    return record("del " + n + " " + std::to_string(i));
  }
  bool add_header(const std::string& n, const std::string& v) override {
    return record("add " + n + ": " + v);
  }
  bool change_header(const std::string& n, int i, const std::string& v) override {
    return record("chg " + n + " " + std::to_string(i) + ": " + v);
  }
  bool add_recipient(const std::string& a) override { return record("+rcpt " + a); }
  bool delete_recipient(const std::string& a) override { return record("-rcpt " + a); }
  bool quarantine(const std::string& r) override { return record("quarantine " + r); }
  bool set_reply(const SmtpReply& r) override {
    return record("reply " + r.code + " " + r.xcode + " " + r.message);
  }
};

EditPlan full_plan() {
  EditPlan plan;
  plan.deletes = {{"X-SA-Triage-Verdict", 2}, {"X-SA-Triage-Verdict", 1}};
  plan.adds = {{"X-SA-Triage-Verdict", "consistent"}, {"X-SA-Triage-Star", "2"}};
  plan.new_subject = "[SA 2] subject";
  plan.add_recipients = {"reviewer@example.jp"};
  plan.delete_recipients = {"hojokin@example.jp"};
  plan.quarantine_reason = "held";
  return plan;
}

}  // namespace

TEST_CASE("edits reach the MTA deletes first, in the plan's order", "[daemon][edit_applier]") {
  RecordingActions actions;
  ApplyResult result = apply_edit_plan(full_plan(), actions);
  CHECK(result.ok);
  CHECK(result.disposition == Disposition::Accept);
  CHECK(actions.calls ==
        std::vector<std::string>{"del X-SA-Triage-Verdict 2", "del X-SA-Triage-Verdict 1",
                                 "add X-SA-Triage-Verdict: consistent", "add X-SA-Triage-Star: 2",
                                 "chg Subject 1: [SA 2] subject", "+rcpt reviewer@example.jp",
                                 "-rcpt hojokin@example.jp", "quarantine held"});
}

TEST_CASE("a failed edit stops the rest and names the step", "[daemon][edit_applier]") {
  RecordingActions actions;
  actions.fail_on = "del X-SA-Triage-Verdict 1";
  ApplyResult result = apply_edit_plan(full_plan(), actions);
  CHECK_FALSE(result.ok);
  CHECK(result.failed_step == "delete-header X-SA-Triage-Verdict[1]");
  CHECK(actions.calls.size() == 2);
}

TEST_CASE("reject and tempfail only set the reply", "[daemon][edit_applier]") {
  RecordingActions actions;
  EditPlan plan = full_plan();
  plan.reject = SmtpReply{"550", "5.7.1", "refused"};
  ApplyResult result = apply_edit_plan(plan, actions);
  CHECK(result.disposition == Disposition::Reject);
  CHECK(actions.calls == std::vector<std::string>{"reply 550 5.7.1 refused"});

  RecordingActions later;
  plan.reject.reset();
  plan.tempfail = SmtpReply{"451", "4.7.1", "later"};
  CHECK(apply_edit_plan(plan, later).disposition == Disposition::Tempfail);
  CHECK(later.calls == std::vector<std::string>{"reply 451 4.7.1 later"});
}

TEST_CASE("the quarantine reason is cut to 100 bytes on a UTF-8 boundary",
          "[daemon][edit_applier]") {
  RecordingActions actions;
  EditPlan plan;
  plan.quarantine_reason = "x" + std::string(40, 'a');
  for (int i = 0; i < 30; ++i) *plan.quarantine_reason += "保";  // 3 bytes each
  apply_edit_plan(plan, actions);
  REQUIRE(actions.calls.size() == 1);
  std::string reason = actions.calls[0].substr(std::string("quarantine ").size());
  CHECK(reason.size() == 98);  // 41 + 19 * 3: the 20th character would pass 100
  CHECK(reason.substr(reason.size() - 3) == "保");
}

}  // namespace sa
