// edit_applier.cc - the order in which an EditPlan's edits reach the MTA.
#include "daemon/edit_applier.h"

namespace sa {
namespace {

constexpr std::size_t kMaxQuarantineReason = 100;

// At most kMaxQuarantineReason bytes, not cutting a UTF-8 sequence in half.
std::string cut_reason(const std::string& reason) {
  if (reason.size() <= kMaxQuarantineReason) return reason;
  std::size_t end = kMaxQuarantineReason;
  while (end > 0 && (static_cast<unsigned char>(reason[end]) & 0xC0) == 0x80) --end;
  return reason.substr(0, end);
}

ApplyResult failed(std::string step) { return {Disposition::Accept, false, std::move(step)}; }

}  // namespace

ApplyResult apply_edit_plan(const EditPlan& plan, MilterActions& actions) {
  if (plan.reject) {
    bool ok = actions.set_reply(*plan.reject);
    return {Disposition::Reject, ok, ok ? "" : "set-reply"};
  }
  if (plan.tempfail) {
    bool ok = actions.set_reply(*plan.tempfail);
    return {Disposition::Tempfail, ok, ok ? "" : "set-reply"};
  }
  for (const HeaderDelete& d : plan.deletes) {
    if (!actions.delete_header(d.name, d.index)) {
      return failed("delete-header " + d.name + "[" + std::to_string(d.index) + "]");
    }
  }
  for (const HeaderAdd& a : plan.adds) {
    if (!actions.add_header(a.name, a.value)) return failed("add-header " + a.name);
  }
  if (plan.new_subject && !actions.change_header("Subject", 1, *plan.new_subject)) {
    return failed("change-subject");
  }
  for (const std::string& r : plan.add_recipients) {
    if (!actions.add_recipient(r)) return failed("add-recipient");
  }
  for (const std::string& r : plan.delete_recipients) {
    if (!actions.delete_recipient(r)) return failed("delete-recipient");
  }
  if (plan.quarantine_reason) {
    std::string reason = cut_reason(*plan.quarantine_reason);
    if (!actions.quarantine(reason)) return failed("quarantine");
  }
  return {};
}

}  // namespace sa
