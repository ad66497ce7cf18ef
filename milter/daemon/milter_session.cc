// milter_session.cc - the protocol state of one MTA connection (see milter_session.h).
#include "daemon/milter_session.h"

#include <algorithm>

#include "daemon/protocol_actions.h"

namespace sa {
namespace {

// The macro stages a message's steps belong to (dropped when the message ends).
constexpr char kMessageStages[] = {wire::kMail,        wire::kRcpt, wire::kData,
                                   wire::kHeader,      wire::kBody, wire::kEndOfHeaders,
                                   wire::kEndOfMessage};
// Where a macro is looked for: the latest step first.
constexpr char kLookupOrder[] = {wire::kEndOfMessage, wire::kBody, wire::kEndOfHeaders,
                                 wire::kHeader,       wire::kData, wire::kRcpt,
                                 wire::kMail,         wire::kHelo, wire::kConnect};

}  // namespace

void MacroValues::set(const wire::MacroSet& set) { by_stage_[set.stage] = set.values; }

void MacroValues::clear_message() {
  for (char stage : kMessageStages) by_stage_.erase(stage);
}

std::string MacroValues::get(std::string_view name) const {
  for (char stage : kLookupOrder) {
    auto it = by_stage_.find(stage);
    if (it == by_stage_.end()) continue;
    for (const auto& [n, v] : it->second) {
      if (n == name) return v;
    }
  }
  return {};
}

void MilterSession::reply(char command, std::uint32_t no_reply_flag, std::string& out) const {
  if ((protocol_ & no_reply_flag) == 0) wire::put_packet(out, command);
}

void MilterSession::end_message(std::string& out) {
  ProtocolActions actions(actions_, out);
  actions.put_final(handler_.end_of_message(macros_, actions));
  macros_.clear_message();
  in_message_ = false;
}

void MilterSession::finish() {
  if (in_message_) handler_.abort();
  in_message_ = false;
  handler_.close();
}

bool MilterSession::handle(const wire::Packet& packet, std::string& out) {
  if (!negotiated_) {
    if (packet.command != wire::kNegotiate) return packet.command == wire::kMacro;
    std::optional<wire::Offer> offer = wire::parse_offer(packet.data);
    if (!offer || offer->version < 2) return false;
    wire::Negotiation n = handler_.negotiate(*offer);
    n.version = std::min(offer->version, wire::kVersion);
    n.actions &= offer->actions;
    n.protocol &= offer->protocol;
    if ((offer->actions & wire::kActSetSymbolList) == 0) n.macros.clear();
    actions_ = n.actions;
    protocol_ = n.protocol;
    negotiated_ = true;
    wire::put_negotiation(out, n);
    return true;
  }
  // Postfix may leave out the connect step (NOCONNECT) or a message may start first.
  auto ensure_connected = [this] {
    if (!connected_) handler_.connect();
    connected_ = true;
  };
  switch (packet.command) {
    case wire::kMacro:
      if (auto set = wire::parse_macros(packet.data)) macros_.set(*set);
      return true;
    case wire::kConnect:
      ensure_connected();
      reply(wire::kContinue, wire::kNoReplyConnect, out);
      return true;
    case wire::kHelo:
      reply(wire::kContinue, wire::kNoReplyHelo, out);
      return true;
    case wire::kMail: {
      ensure_connected();
      if (in_message_) handler_.abort();
      in_message_ = true;
      const StepStatus status = handler_.mail(wire::split_strings(packet.data));
      if (status == StepStatus::Tempfail && (protocol_ & wire::kNoReplyMail) == 0) {
        in_message_ = false;
        wire::put_packet(out, wire::kTempfail);
      } else {
        reply(wire::kContinue, wire::kNoReplyMail, out);
      }
      return true;
    }
    case wire::kRcpt:
      if (in_message_) handler_.rcpt(wire::split_strings(packet.data));
      reply(wire::kContinue, wire::kNoReplyRcpt, out);
      return true;
    case wire::kData:
      if (in_message_) handler_.data(macros_);
      reply(wire::kContinue, wire::kNoReplyData, out);
      return true;
    case wire::kHeader: {
      if (in_message_) {
        std::vector<std::string_view> parts = wire::split_strings(packet.data);
        handler_.header(parts.empty() ? std::string_view() : parts[0],
                        parts.size() < 2 ? std::string_view() : parts[1]);
      }
      reply(wire::kContinue, wire::kNoReplyHeader, out);
      return true;
    }
    case wire::kEndOfHeaders:
      if (in_message_) handler_.end_of_headers(macros_);
      reply(wire::kContinue, wire::kNoReplyEndOfHeaders, out);
      return true;
    case wire::kBody:
      if (in_message_) handler_.body(packet.data);
      reply(wire::kContinue, wire::kNoReplyBody, out);
      return true;
    case wire::kEndOfMessage:
      // The last body chunk may come with the end of message.
      if (in_message_ && !packet.data.empty()) handler_.body(packet.data);
      end_message(out);
      return true;
    case wire::kUnknown:
      reply(wire::kContinue, wire::kNoReplyUnknown, out);
      return true;
    case wire::kAbort:
      if (in_message_) handler_.abort();
      in_message_ = false;
      macros_.clear_message();
      return true;
    case wire::kQuitNewConnection:
      // The MTA reuses the connection for a new SMTP session: the old one is closed.
      if (in_message_) handler_.abort();
      in_message_ = false;
      handler_.close();
      connected_ = false;
      macros_ = MacroValues();
      return true;
    case wire::kQuit:
      return false;
    case wire::kNegotiate:  // only once per connection
    default:
      return false;
  }
}

}  // namespace sa
