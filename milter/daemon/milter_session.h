// milter_session.h - one MTA connection's milter protocol: negotiation, macros, which steps
// are answered, and at end of message the edits and the final reply written together, so
// the MTA gets them in one write. What to do at each step is the MailHandler's; the bytes
// come and go through the caller (milter_server.h, or a test or fuzzer). No sockets.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/edit_applier.h"
#include "daemon/milter_wire.h"

namespace sa {

// The macros the MTA has sent for the current connection and message.
class MacroValues {
 public:
  void set(const wire::MacroSet& set);
  void clear_message();  // at the end of a message or an abort
  // The value of `name` ("{i}", "i"), newest step first; empty when not sent.
  std::string get(std::string_view name) const;

 private:
  std::map<char, std::vector<std::pair<std::string, std::string>>> by_stage_;
};

// What a step can answer (the end of message answers with a Disposition).
enum class StepStatus { Continue, Tempfail };

// The decisions of the milter, one object per connection. Never throws.
class MailHandler {
 public:
  virtual ~MailHandler() = default;
  virtual wire::Negotiation negotiate(const wire::Offer& offer) = 0;
  virtual void connect() = 0;
  virtual StepStatus mail(const std::vector<std::string_view>& args) = 0;
  virtual void rcpt(const std::vector<std::string_view>& args) = 0;
  virtual void data(const MacroValues& macros) = 0;
  virtual void header(std::string_view name, std::string_view value) = 0;
  virtual void end_of_headers(const MacroValues& macros) = 0;
  virtual void body(std::string_view chunk) = 0;
  // Carries out the message's edits through `actions`, then says how to answer.
  virtual Disposition end_of_message(const MacroValues& macros, MilterActions& actions) = 0;
  virtual void abort() = 0;
  virtual void close() = 0;  // the connection ended, or was reset with QUIT_NC (then a
                             // new one starts on the same handler)
};

class MilterSession {
 public:
  explicit MilterSession(MailHandler& handler) : handler_(handler) {}

  // Handles one packet from the MTA and appends what to send back to `out`. Returns false
  // when the connection is to end (QUIT, or a packet that breaks the protocol).
  bool handle(const wire::Packet& packet, std::string& out);

  // The connection is gone: a message in flight is aborted, the handler closed. Once.
  void finish();

  // Between MAIL and the end of message or an abort.
  bool in_message() const { return in_message_; }
  // The actions and protocol steps agreed in negotiation.
  std::uint32_t actions() const { return actions_; }
  std::uint32_t protocol() const { return protocol_; }

 private:
  void reply(char command, std::uint32_t no_reply_flag, std::string& out) const;
  void end_message(std::string& out);

  MailHandler& handler_;
  MacroValues macros_;
  bool negotiated_ = false;
  bool connected_ = false;  // connect() called for this connection
  bool in_message_ = false;
  std::uint32_t actions_ = 0;
  std::uint32_t protocol_ = 0;
};

}  // namespace sa
