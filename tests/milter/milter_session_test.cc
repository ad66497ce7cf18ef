// milter_session_test.cc - the milter protocol without sockets: packet framing over any split
// of the byte stream, negotiation, which steps are answered, and the end-of-message answer
// (edits, then exactly one final packet), with a recording MailHandler.
#include "daemon/milter_session.h"

#include <catch2/catch.hpp>
#include <random>

#include "daemon/milter_wire.h"
#include "daemon/protocol_actions.h"

namespace sa {
namespace {

using wire::Packet;

struct ReplyPacket {
  char command;
  std::string data;
};

// Every packet in `bytes` (a milter's output).
std::vector<ReplyPacket> packets(const std::string& bytes) {
  wire::PacketReader reader;
  reader.append(bytes);
  std::vector<ReplyPacket> out;
  while (auto p = reader.next()) out.push_back({p->command, std::string(p->data)});
  REQUIRE(reader.empty());
  REQUIRE_FALSE(reader.failed());
  return out;
}

std::string cstrings(std::initializer_list<std::string> parts) {
  std::string out;
  for (const auto& p : parts) out += p + '\0';
  return out;
}

std::string offer(std::uint32_t version = 6, std::uint32_t actions = 0x1FF,
                  std::uint32_t protocol = 0x1FFFFF) {
  std::string data;
  wire::put_u32(data, version);
  wire::put_u32(data, actions);
  wire::put_u32(data, protocol);
  return data;
}

// Records the steps; at end of message applies `plan` and answers `disposition`.
class RecordingHandler : public MailHandler {
 public:
  std::vector<std::string> steps;
  std::uint32_t ask_protocol = 0;
  StepStatus mail_status = StepStatus::Continue;
  EditPlan plan;
  Disposition disposition = Disposition::Accept;
  std::string queue_id;

  wire::Negotiation negotiate(const wire::Offer&) override {
    wire::Negotiation n;
    n.actions = wire::kActAddHeaders | wire::kActChangeHeaders | wire::kActQuarantine |
                wire::kActSetSymbolList;
    n.protocol = ask_protocol;
    n.macros = {{wire::kStageEndOfMessage, "{i}"}};
    return n;
  }
  void connect() override { steps.push_back("connect"); }
  StepStatus mail(const std::vector<std::string_view>& args) override {
    steps.push_back("mail " + std::string(args.empty() ? "" : args[0]));
    return mail_status;
  }
  void rcpt(const std::vector<std::string_view>& args) override {
    steps.push_back("rcpt " + std::string(args.empty() ? "" : args[0]));
  }
  void data(const MacroValues&) override { steps.push_back("data"); }
  void header(std::string_view n, std::string_view v) override {
    steps.push_back("header " + std::string(n) + ": " + std::string(v));
  }
  void end_of_headers(const MacroValues&) override { steps.push_back("eoh"); }
  void body(std::string_view chunk) override { steps.push_back("body " + std::string(chunk)); }
  Disposition end_of_message(const MacroValues& macros, MilterActions& actions) override {
    steps.push_back("eom");
    queue_id = macros.get("{i}");
    ApplyResult r = apply_edit_plan(plan, actions);
    if (!r.ok) steps.push_back("refused " + r.failed_step);
    return disposition;
  }
  void abort() override { steps.push_back("abort"); }
  void close() override { steps.push_back("close"); }
};

// Feeds `command` + `data` and returns what the session wrote.
std::vector<ReplyPacket> step(MilterSession& s, char command, const std::string& data = "",
                              bool* open = nullptr) {
  std::string out;
  const bool still_open = s.handle(Packet{command, data}, out);
  if (open != nullptr) *open = still_open;
  return packets(out);
}

std::vector<ReplyPacket> negotiate(MilterSession& s, const std::string& data = offer()) {
  return step(s, wire::kNegotiate, data);
}

}  // namespace

TEST_CASE("packets come out whole however the stream is split", "[milter][wire]") {
  std::mt19937 rng(20261201);
  for (int round = 0; round < 200; ++round) {
    std::vector<std::pair<char, std::string>> sent;
    std::string stream;
    const int count = 1 + static_cast<int>(rng() % 20);
    for (int i = 0; i < count; ++i) {
      std::string data(rng() % (round % 3 == 0 ? 70000 : 40), '\0');
      for (char& c : data) c = static_cast<char>(rng());
      const char command = static_cast<char>('A' + rng() % 26);
      wire::put_packet(stream, command, data);
      sent.emplace_back(command, std::move(data));
    }
    wire::PacketReader reader;
    std::vector<std::pair<char, std::string>> got;
    std::size_t at = 0;
    while (at < stream.size()) {
      const std::size_t n = std::min<std::size_t>(stream.size() - at, 1 + rng() % 9000);
      if (rng() % 2 == 0) {
        reader.append(std::string_view(stream).substr(at, n));
      } else {
        char* area = reader.read_area(n);
        std::copy_n(stream.data() + at, n, area);
        reader.commit(n);
      }
      at += n;
      while (auto p = reader.next()) got.emplace_back(p->command, std::string(p->data));
    }
    REQUIRE(got == sent);
    CHECK(reader.empty());
  }
}

TEST_CASE("a zero or oversized packet length stops the stream", "[milter][wire]") {
  wire::PacketReader zero;
  zero.append(std::string("\0\0\0\0", 4));
  CHECK_FALSE(zero.next());
  CHECK(zero.failed());

  wire::PacketReader huge;
  std::string bytes;
  wire::put_u32(bytes, static_cast<std::uint32_t>(wire::kMaxPacket + 1));
  huge.append(bytes + "B");
  CHECK_FALSE(huge.next());
  CHECK(huge.failed());

  wire::PacketReader largest;  // the limit itself is fine
  std::string ok;
  wire::put_packet(ok, 'B', std::string(wire::kMaxPacket - 1, 'x'));
  largest.append(ok);
  auto p = largest.next();
  REQUIRE(p);
  CHECK(p->data.size() == wire::kMaxPacket - 1);
}

TEST_CASE("negotiation keeps only what the MTA offered", "[milter][wire]") {
  RecordingHandler handler;
  handler.ask_protocol = wire::kNoReplyHeader | wire::kNoReplyBody;
  MilterSession session(handler);
  // A version 2 MTA without SETSYMLIST and without NR_BODY.
  auto reply = negotiate(session, offer(2, wire::kActAddHeaders, wire::kNoReplyHeader));
  REQUIRE(reply.size() == 1);
  CHECK(reply[0].command == wire::kNegotiate);
  CHECK(reply[0].data.size() == 12);  // no macro lists
  CHECK(wire::get_u32(reply[0].data, 0) == 2u);
  CHECK(wire::get_u32(reply[0].data, 4) == wire::kActAddHeaders);
  CHECK(wire::get_u32(reply[0].data, 8) == wire::kNoReplyHeader);
  CHECK(session.protocol() == wire::kNoReplyHeader);

  RecordingHandler modern;
  MilterSession full(modern);
  reply = negotiate(full);
  REQUIRE(reply.size() == 1);
  CHECK(wire::get_u32(reply[0].data, 0) == 6u);
  CHECK(wire::get_u32(reply[0].data, 12) == wire::kStageEndOfMessage);
  CHECK(reply[0].data.substr(16) == std::string("{i}\0", 4));

  RecordingHandler old;
  MilterSession too_old(old);
  bool open = true;
  CHECK(step(too_old, wire::kNegotiate, offer(1), &open).empty());
  CHECK_FALSE(open);
  CHECK(step(too_old, wire::kNegotiate, "short", &open).empty());
  CHECK_FALSE(open);
}

TEST_CASE("a step without a negotiated no-reply flag gets exactly one continue", "[milter][wire]") {
  RecordingHandler handler;
  MilterSession session(handler);
  negotiate(session);
  for (char command : {wire::kConnect, wire::kHelo, wire::kMail, wire::kRcpt, wire::kData,
                       wire::kHeader, wire::kEndOfHeaders, wire::kBody, wire::kUnknown}) {
    auto reply = step(session, command, cstrings({"x", "y"}));
    REQUIRE(reply.size() == 1);
    CHECK(reply[0].command == wire::kContinue);
  }
  // Macros and aborts are never answered.
  CHECK(step(session, wire::kMacro, std::string("E") + cstrings({"{i}", "4Q1"})).empty());
  CHECK(step(session, wire::kAbort).empty());
}

TEST_CASE("steps negotiated without replies are not answered; end of message always is",
          "[milter][wire]") {
  RecordingHandler handler;
  handler.ask_protocol = wire::kNoReplyConnect | wire::kNoReplyMail | wire::kNoReplyRcpt |
                         wire::kNoReplyHeader | wire::kNoReplyBody;
  handler.plan.deletes = {{"X-SA-Triage-Verdict", 1}};
  handler.plan.adds = {{"X-SA-Triage-Verdict", "consistent"}};
  handler.plan.quarantine_reason = "held";
  MilterSession session(handler);
  negotiate(session);
  CHECK(step(session, wire::kConnect, cstrings({"mx.example.jp"})).empty());
  CHECK(step(session, wire::kMail, cstrings({"<a@example.jp>", "SIZE=10"})).empty());
  CHECK(step(session, wire::kRcpt, cstrings({"<hojokin@grant.example.lg.jp>"})).empty());
  CHECK(step(session, wire::kHeader, cstrings({"Subject", "hi"})).empty());
  CHECK(step(session, wire::kBody, "first").empty());
  CHECK(step(session, wire::kMacro, std::string("E") + cstrings({"{i}", "4Q7"})).empty());
  CHECK(session.in_message());
  auto reply = step(session, wire::kEndOfMessage, "last");
  CHECK_FALSE(session.in_message());
  REQUIRE(reply.size() == 4);
  CHECK(reply[0].command == wire::kChangeHeader);
  CHECK(wire::get_u32(reply[0].data, 0) == 1u);
  CHECK(reply[0].data.substr(4) == cstrings({"X-SA-Triage-Verdict", ""}));
  CHECK(reply[1].command == wire::kAddHeader);
  CHECK(reply[1].data == cstrings({"X-SA-Triage-Verdict", "consistent"}));
  CHECK(reply[2].command == wire::kQuarantine);
  CHECK(reply[2].data == cstrings({"held"}));
  CHECK(reply[3].command == wire::kAccept);
  CHECK(handler.queue_id == "4Q7");
  CHECK(handler.steps == std::vector<std::string>{
                             "connect", "mail <a@example.jp>", "rcpt <hojokin@grant.example.lg.jp>",
                             "header Subject: hi", "body first", "body last", "eom"});

  // The next message sees no macro of this one.
  step(session, wire::kMail, cstrings({"<b@example.jp>"}));
  handler.plan = EditPlan();
  reply = step(session, wire::kEndOfMessage);
  REQUIRE(reply.size() == 1);
  CHECK(handler.queue_id.empty());
}

TEST_CASE("a reject carries its reply code only when the class matches", "[milter][wire]") {
  for (auto [disposition, code, want] :
       {std::tuple{Disposition::Reject, "550", wire::kReplyCode},
        std::tuple{Disposition::Tempfail, "451", wire::kReplyCode},
        std::tuple{Disposition::Reject, "451", wire::kReject},
        std::tuple{Disposition::Tempfail, "550", wire::kTempfail}}) {
    std::string out;
    ProtocolActions actions(0, out);
    REQUIRE(actions.set_reply(
        SmtpReply{code, std::string(code[0] == '5' ? "5.7.1" : "4.7.1"), "100% not\r\nhere"}));
    actions.put_final(disposition);
    auto reply = packets(out);
    REQUIRE(reply.size() == 1);
    CHECK(reply[0].command == want);
    if (want == wire::kReplyCode) {
      CHECK(reply[0].data ==
            std::string(code) + (code[0] == '5' ? " 5.7.1" : " 4.7.1") + " 100%% not  here" + '\0');
    }
  }
  std::string out;
  ProtocolActions actions(0, out);
  CHECK_FALSE(actions.set_reply(SmtpReply{"250", "", "ok"}));
  CHECK_FALSE(actions.set_reply(SmtpReply{"550", "5.7", "x"}));
  CHECK(actions.set_reply(SmtpReply{"550", "", "no enhanced code"}));
  actions.put_final(Disposition::Reject);
  CHECK(packets(out).at(0).data == std::string("550 no enhanced code") + '\0');
}

TEST_CASE("edits the MTA did not offer are refused, and nothing is sent for them",
          "[milter][wire]") {
  std::string out;
  ProtocolActions actions(wire::kActAddHeaders, out);
  CHECK(actions.add_header("X-SA-Triage-Verdict", "none"));
  CHECK_FALSE(actions.delete_header("X-SA-Triage-Verdict", 1));
  CHECK_FALSE(actions.quarantine("held"));
  CHECK_FALSE(actions.add_recipient("a@example.jp"));
  CHECK_FALSE(actions.delete_recipient("a@example.jp"));
  CHECK_FALSE(actions.add_header("", "empty name"));
  CHECK_FALSE(actions.add_header("X-Bad", std::string("nul\0inside", 10)));
  CHECK(packets(out).size() == 1);
}

TEST_CASE("a refused edit on a message tempfailed at MAIL, QUIT and QUIT_NC", "[milter][wire]") {
  RecordingHandler handler;
  handler.mail_status = StepStatus::Tempfail;
  MilterSession session(handler);
  negotiate(session);
  auto reply = step(session, wire::kMail, cstrings({"<a@example.jp>"}));
  REQUIRE(reply.size() == 1);
  CHECK(reply[0].command == wire::kTempfail);
  CHECK_FALSE(session.in_message());

  // QUIT_NC: the connection is reset for a new SMTP session; QUIT ends it.
  handler.mail_status = StepStatus::Continue;
  step(session, wire::kMail, cstrings({"<b@example.jp>"}));
  CHECK(step(session, wire::kQuitNewConnection).empty());
  CHECK_FALSE(session.in_message());
  bool open = true;
  CHECK(step(session, wire::kQuit, "", &open).empty());
  CHECK_FALSE(open);
  session.finish();
  CHECK(handler.steps == std::vector<std::string>{"connect", "mail <a@example.jp>",
                                                  "mail <b@example.jp>", "abort", "close",
                                                  "close"});
}

TEST_CASE("before negotiation only macros are let through", "[milter][wire]") {
  RecordingHandler handler;
  MilterSession session(handler);
  bool open = false;
  CHECK(step(session, wire::kMacro, std::string("C") + cstrings({"j", "mx"}), &open).empty());
  CHECK(open);
  CHECK(step(session, wire::kMail, cstrings({"<a@example.jp>"}), &open).empty());
  CHECK_FALSE(open);
  CHECK(handler.steps.empty());
}

}  // namespace sa
