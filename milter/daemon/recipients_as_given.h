// recipients_as_given.h - a MilterActions decorator: a delete-recipient edit names the
// recipient as the MTA gave it in RCPT TO (the plan's address may differ in case or lack the
// angle brackets); every other edit passes through unchanged.
#pragma once

#include "daemon/edit_applier.h"
#include "daemon/message_buffer.h"

namespace sa {

class RecipientsAsGiven : public MilterActions {
 public:
  RecipientsAsGiven(MilterActions& inner, const MessageBuffer& message)
      : inner_(inner), message_(message) {}
  bool delete_header(const std::string& name, int index) override {
    return inner_.delete_header(name, index);
  }
  bool add_header(const std::string& name, const std::string& value) override {
    return inner_.add_header(name, value);
  }
  bool change_header(const std::string& name, int index, const std::string& value) override {
    return inner_.change_header(name, index, value);
  }
  bool add_recipient(const std::string& address) override { return inner_.add_recipient(address); }
  bool delete_recipient(const std::string& address) override {
    return inner_.delete_recipient(message_.recipient_as_given(address));
  }
  bool quarantine(const std::string& reason) override { return inner_.quarantine(reason); }
  bool set_reply(const SmtpReply& reply) override { return inner_.set_reply(reply); }

 private:
  MilterActions& inner_;
  const MessageBuffer& message_;
};

}  // namespace sa
