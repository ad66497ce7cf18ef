// counted_actions.h - a MilterActions decorator that counts every edit the MTA accepted in
// the metrics registry (sa_triage_edits_total). Applies nothing itself.
#pragma once

#include "daemon/edit_applier.h"
#include "metrics/metrics_registry.h"

namespace sa {

class CountedActions : public MilterActions {
 public:
  CountedActions(MilterActions& inner, MetricsRegistry& metrics)
      : inner_(inner), metrics_(metrics) {}

  bool delete_header(const std::string& name, int index) override {
    return count(inner_.delete_header(name, index), EditKind::HeaderDelete);
  }
  bool add_header(const std::string& name, const std::string& value) override {
    return count(inner_.add_header(name, value), EditKind::HeaderAdd);
  }
  bool change_header(const std::string& name, int index, const std::string& value) override {
    return count(inner_.change_header(name, index, value), EditKind::Subject);
  }
  bool add_recipient(const std::string& address) override {
    return count(inner_.add_recipient(address), EditKind::RcptAdd);
  }
  bool delete_recipient(const std::string& address) override {
    return count(inner_.delete_recipient(address), EditKind::RcptDelete);
  }
  bool quarantine(const std::string& reason) override {
    return count(inner_.quarantine(reason), EditKind::Quarantine);
  }
  bool set_reply(const SmtpReply& reply) override {
    const bool permanent = !reply.code.empty() && reply.code[0] == '5';
    return count(inner_.set_reply(reply), permanent ? EditKind::Reject : EditKind::Tempfail);
  }

 private:
  bool count(bool ok, EditKind kind) {
    if (ok) metrics_.count_edit(kind);
    return ok;
  }

  MilterActions& inner_;
  MetricsRegistry& metrics_;
};

}  // namespace sa
