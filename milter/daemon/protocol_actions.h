// protocol_actions.h - MilterActions written as milter reply packets into the end-of-message
// answer: each edit is refused (false) when the MTA did not offer that action or the
// arguments are ones the MTA would refuse; the SMTP reply is kept for the final packet.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "daemon/edit_applier.h"

namespace sa {

class ProtocolActions : public MilterActions {
 public:
  // `actions`: the SMFIF_* flags agreed in negotiation. Packets are appended to `out`.
  ProtocolActions(std::uint32_t actions, std::string& out) : actions_(actions), out_(out) {}

  bool delete_header(const std::string& name, int index) override;
  bool add_header(const std::string& name, const std::string& value) override;
  bool change_header(const std::string& name, int index, const std::string& value) override;
  bool add_recipient(const std::string& address) override;
  bool delete_recipient(const std::string& address) override;
  bool quarantine(const std::string& reason) override;
  bool set_reply(const SmtpReply& reply) override;

  // The final packet: for reject and tempfail the reply set (when its class matches), else
  // the bare verdict; accept otherwise.
  void put_final(Disposition disposition);

 private:
  bool allowed(std::uint32_t action) const { return (actions_ & action) != 0; }

  std::uint32_t actions_;
  std::string& out_;
  std::optional<std::string> reply_;  // "550 5.7.1 text"
};

}  // namespace sa
