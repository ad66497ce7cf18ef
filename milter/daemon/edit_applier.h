// edit_applier.h - applies an EditPlan to the message in flight through MilterActions, an
// interface over the milter's edit replies (the protocol's in protocol_actions.h, a
// recording one in the tests). Decides nothing: the plan says what to do.
#pragma once

#include <string>

#include "core/edit_plan.h"

namespace sa {

class MilterActions {
 public:
  virtual ~MilterActions() = default;
  // Each returns false when the MTA refused or the call failed.
  virtual bool delete_header(const std::string& name, int index) = 0;
  virtual bool add_header(const std::string& name, const std::string& value) = 0;
  virtual bool change_header(const std::string& name, int index, const std::string& value) = 0;
  virtual bool add_recipient(const std::string& address) = 0;
  virtual bool delete_recipient(const std::string& address) = 0;
  virtual bool quarantine(const std::string& reason) = 0;
  virtual bool set_reply(const SmtpReply& reply) = 0;
};

enum class Disposition { Accept, Reject, Tempfail };

struct ApplyResult {
  Disposition disposition = Disposition::Accept;
  bool ok = true;
  std::string failed_step;  // e.g. "delete-header X-SA-Triage-Verdict[2]" when !ok
};

// Reject or tempfail: only the SMTP reply is set. Otherwise, in this order: header deletes
// (in the plan's order), header adds, the Subject change, recipient adds, recipient deletes,
// quarantine (reason cut to 100 characters). Stops at the first failed step (Postfix skips a
// message's remaining edits after one fails).
ApplyResult apply_edit_plan(const EditPlan& plan, MilterActions& actions);

}  // namespace sa
