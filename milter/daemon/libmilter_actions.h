// libmilter_actions.h - MilterActions carried out with libmilter's smfi_* calls on one
// message's context. Only valid inside xxfi_eom.
#pragma once

#include <libmilter/mfapi.h>

#include "daemon/edit_applier.h"
#include "daemon/message_buffer.h"

namespace sa {

class LibmilterActions : public MilterActions {
 public:
  // `message` maps plan addresses to the form given in RCPT TO for smfi_delrcpt.
  LibmilterActions(SMFICTX* ctx, const MessageBuffer& message) : ctx_(ctx), message_(message) {}

  bool delete_header(const std::string& name, int index) override;
  bool add_header(const std::string& name, const std::string& value) override;
  bool change_header(const std::string& name, int index, const std::string& value) override;
  bool add_recipient(const std::string& address) override;
  bool delete_recipient(const std::string& address) override;
  bool quarantine(const std::string& reason) override;
  bool set_reply(const SmtpReply& reply) override;

 private:
  SMFICTX* ctx_;
  const MessageBuffer& message_;
};

}  // namespace sa
