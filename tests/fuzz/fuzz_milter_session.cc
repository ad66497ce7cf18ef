// fuzz_milter_session.cc - libFuzzer target: the daemon's own milter protocol (MilterSession)
// with the real sa-triage handler (make_triage_handler), driven by a fake MTA over two
// connections. The MTA writes real protocol packets (negotiation offered as Postfix 3.7 does:
// version 6, actions 0x1FF, protocol 0x1FFFFF, or by an input bit the same without the
// no-reply flags, so that every step is answered), or raw arbitrary bytes as a packet
// stream; the stream reaches the session through a wire::PacketReader in input-chosen
// pieces, so packets are split across reads. The reply packets the session writes are
// parsed and applied to the fake MTA's header list. A connection the session ends (handle()
// false, a bad length) is finished and a new one started. No sockets, no libmilter.
//
// Input: operations are read from the END of the input (one byte each, plus a byte for sizes
// where needed); header lines, SMTP arguments, body chunks and raw bytes are read from the
// FRONT, so a sample .eml seed (ending in '\n', the "deliver" operation) is delivered in
// order. Checked:
//  - framing: the PacketReader gives exactly the packets of the byte stream, however it is
//    split, and fails only on a zero or oversized length; empty() and wanted() (the rest of
//    a packet begun) agree with the stream;
//  - protocol: negotiation answers with one OPTNEG within the offer (only no-reply flags and
//    steps nothing is read from asked for; no macro lists without SETSYMLIST offered); before
//    it only macros are accepted; a step negotiated with its no-reply flag gets no reply, every
//    other answered step exactly one (continue, or tempfail for MAIL); macros, abort and QUIT_NC
//    get none; end of message gives edit packets the negotiated actions allow, then exactly one
//    final packet; no message is left in flight when the connections are gone;
//  - every header name and value handed to the MTA is safe (ASCII, no CR, LF only as a fold),
//    edits are well formed (header index from 1, quarantine reason 1-100 bytes, reply code
//    4xx/5xx without line ends);
//  - after an accepted message's edits, no header the MTA sent with the prefix
//    (X-SA-Triage-) is left: forged verdicts never reach the reviewers (for MTA-like header
//    names and values, and an MTA that offered every action);
//  - a whole session ("deliver") gives byte for byte the same edits and final reply as the
//    engine and apply_edit_plan (through ProtocolActions) on the same message assembled in
//    one piece, whatever the body chunking and read splits, and MessageBuffer assembles the
//    same raw message for any chunk split.
#include <strings.h>

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/edit_applier.h"
#include "daemon/engine_slot.h"
#include "daemon/message_buffer.h"
#include "daemon/milter_session.h"
#include "daemon/milter_wire.h"
#include "daemon/protocol_actions.h"
#include "daemon/recipients_as_given.h"
#include "daemon/triage_handler.h"
#include "fuzz_checks.h"

namespace {

namespace wire = sa::wire;

void fail(const std::string& what) { sa::fuzz::abort_on_problem(what); }
void expect(bool ok, const std::string& what) {
  if (!ok) fail(what);
}

// The input, read from both ends.
class Input {
 public:
  Input(const uint8_t* data, size_t size) : data_(reinterpret_cast<const char*>(data), size) {}

  bool empty() const { return data_.empty(); }
  unsigned tail_byte() {
    if (data_.empty()) return 0;
    const auto b = static_cast<unsigned char>(data_.back());
    data_.remove_suffix(1);
    return b;
  }
  std::string_view front(std::size_t n) {
    n = std::min(n, data_.size());
    std::string_view out = data_.substr(0, n);
    data_.remove_prefix(n);
    return out;
  }
  // One line from the front, without its line end.
  std::string front_line() {
    std::size_t nl = data_.find('\n');
    std::string_view line = front(nl == std::string_view::npos ? data_.size() : nl + 1);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
    return std::string(line);
  }
  // One header field from the front (with its continuation lines), split as the MTA sends it:
  // the name, and the value after ": " with inner line ends kept. False at the blank line that
  // ends the header section (consumed), at a line that is not a field (left for the body, as
  // Postfix does) or at the end of the input. A name is printable ASCII up to the colon.
  bool front_header(std::string& name, std::string& value) {
    if (data_.empty() || data_[0] == '\n' || data_.starts_with("\r\n")) {
      front(data_.starts_with("\r\n") ? 2 : 1);
      return false;
    }
    std::size_t name_end = 0;
    while (name_end < data_.size() && data_[name_end] > 0x20 && data_[name_end] < 0x7f &&
           data_[name_end] != ':') {
      ++name_end;
    }
    if (name_end == 0 || name_end == data_.size() || data_[name_end] != ':') return false;
    std::size_t end = 0;
    while (true) {
      std::size_t nl = data_.find('\n', end);
      end = nl == std::string_view::npos ? data_.size() : nl + 1;
      if (end >= data_.size() || (data_[end] != ' ' && data_[end] != '\t')) break;
    }
    std::string_view field = front(end);
    while (!field.empty() && (field.back() == '\n' || field.back() == '\r')) field.remove_suffix(1);
    std::size_t colon = field.find(':');
    name = std::string(field.substr(0, colon));
    std::string_view v = colon == std::string_view::npos ? "" : field.substr(colon + 1);
    if (v.starts_with(' ')) v.remove_prefix(1);
    value = std::string(v);
    return true;
  }
  std::size_t size() const { return data_.size(); }

 private:
  std::string_view data_;
};

// The engines a reload can install: the shipped config, and one with a 2 KB size cap (so the
// too-large path runs), the Subject tag on and on_error tempfail.
std::shared_ptr<const sa::Engine> engine(int which) {
  static const std::shared_ptr<const sa::Engine> engines[2] = {
      std::make_shared<const sa::Engine>(sa::load_config(SA_CONFIG_FILE)), [] {
        auto config = std::make_shared<sa::Config>(*sa::load_config(SA_CONFIG_FILE));
        config->max_message_bytes = 2048;
        config->subject_tag = true;
        config->on_error = sa::Config::OnError::Tempfail;
        return std::make_shared<const sa::Engine>(config);
      }()};
  return engines[which];
}

sa::EngineSlot g_slot;
int g_installed = 0;  // which engine() is in the slot

void install(int which) {
  g_installed = which;
  g_slot.install({engine(which), nullptr});  // no ledger: nothing written, no Seen header
}

// What every handler shares, as main.cc's.
const sa::TriageContext& context() {
  static sa::MetricsRegistry metrics;
  static const sa::TriageContext shared{g_slot, metrics};
  return shared;
}

// The offer of Postfix 3.7.
constexpr std::uint32_t kOfferVersion = 6;
constexpr std::uint32_t kOfferActions = 0x1FF;
constexpr std::uint32_t kOfferProtocol = 0x1FFFFF;
// The steps that may go without a reply (SMFIP_NR_*).
constexpr std::uint32_t kNoReplySteps =
    wire::kNoReplyConnect | wire::kNoReplyHelo | wire::kNoReplyMail | wire::kNoReplyRcpt |
    wire::kNoReplyData | wire::kNoReplyUnknown | wire::kNoReplyHeader | wire::kNoReplyEndOfHeaders |
    wire::kNoReplyBody;
// The steps sa-triage may ask the MTA to leave out: those it reads nothing from. Never
// connect, MAIL, RCPT, headers or body (nor rejected recipients, nor the leading space of
// header values, 0x100000, which the engine would see doubled).
constexpr std::uint32_t kSkippableSteps =
    wire::kNoHelo | wire::kNoUnknown | wire::kNoData | wire::kNoEndOfHeaders;
// An input bit offers either Postfix's protocol flags or the same without the no-reply ones
// (every step answered).
std::uint32_t offer_protocol(bool quiet) {
  return quiet ? kOfferProtocol : kOfferProtocol & ~kNoReplySteps;
}

constexpr const char* kSender = "<forwarder@sample.example.jp>";
constexpr const char* kRecipient = "<hojokin@grant.example.lg.jp>";
constexpr const char* kQueueId = "FUZZQ1";

std::uint32_t be32(std::string_view s, std::size_t at = 0) {
  auto b = [&](std::size_t i) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + i]));
  };
  return b(0) << 24 | b(1) << 16 | b(2) << 8 | b(3);
}

std::string u32(std::uint32_t v) {
  std::string out;
  wire::put_u32(out, v);
  return out;
}

std::string cstr(std::string_view s) {
  std::string out(s);
  out += '\0';
  return out;
}

// The part of `s` before its first NUL (what a NUL-terminated field carries).
std::string_view upto_nul(std::string_view s) { return s.substr(0, s.find('\0')); }

// One reply packet from the milter.
struct ReplyPacket {
  char command = 0;
  std::string data;
};

// The session's output split into packets, checked independently of PacketReader.
std::vector<ReplyPacket> parse_replies(std::string_view out) {
  std::vector<ReplyPacket> packets;
  while (!out.empty()) {
    expect(out.size() >= 5, "reply: truncated packet");
    const std::uint32_t length = be32(out);
    expect(length >= 1 && length <= out.size() - 4, "reply: bad packet length");
    packets.push_back({out[4], std::string(out.substr(5, length - 1))});
    out.remove_prefix(4 + length);
  }
  return packets;
}

// Exactly `n` NUL-terminated strings filling `data`.
bool cstrings(std::string_view data, std::size_t n, std::vector<std::string>& parts) {
  parts.clear();
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t nul = data.find('\0');
    if (nul == std::string_view::npos) return false;
    parts.emplace_back(data.substr(0, nul));
    data.remove_prefix(nul + 1);
  }
  return data.empty();
}

bool is_final(char command) {
  return command == wire::kAccept || command == wire::kReject || command == wire::kTempfail ||
         command == wire::kReplyCode || command == wire::kContinue;
}

// A reply packet as text, for the comparison's report; checks its form on the way.
std::string describe(const ReplyPacket& p) {
  std::vector<std::string> s;
  switch (p.command) {
    case wire::kAddHeader:
      expect(cstrings(p.data, 2, s), "addheader: not name\\0value\\0");
      return "add " + s[0] + ": " + s[1];
    case wire::kChangeHeader:
      expect(p.data.size() >= 4 && cstrings(std::string_view(p.data).substr(4), 2, s),
             "chgheader: not index name\\0value\\0");
      return "chg " + s[0] + " " + std::to_string(be32(p.data)) + ": " + s[1];
    case wire::kAddRecipient:
    case wire::kDeleteRecipient:
    case wire::kQuarantine:
    case wire::kReplyCode:
      expect(cstrings(p.data, 1, s), std::string("reply '") + p.command + "': not one string");
      return std::string(1, p.command) + " " + s[0];
    case wire::kAccept:
    case wire::kReject:
    case wire::kTempfail:
    case wire::kContinue:
      expect(p.data.empty(), std::string("final '") + p.command + "' with data");
      return std::string(1, p.command);
    default:
      fail(std::string("unexpected reply packet '") + p.command + "' at end of message");
  }
  return "";
}

// A header field as the MTA holds it; `received`: sent to the milter (not added by it).
struct Field {
  std::string name, value;
  bool received = true;
};
using HeaderList = std::vector<Field>;

// A header the way Postfix sends one: a name of printable ASCII without a colon, and a value
// whose line ends are folds (LF then space or TAB) and that does not end in CR.
bool mta_like_header(std::string_view name, std::string_view value) {
  if (!sa::fuzz::header_name_problem("", name).empty()) return false;
  if (!value.empty() && value.back() == '\r') return false;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '\n' &&
        (i + 1 >= value.size() || (value[i + 1] != ' ' && value[i + 1] != '\t'))) {
      return false;
    }
  }
  return true;
}

// After the edits of an accepted message: no field the MTA sent with the prefix is left.
void check_no_forged_left(const HeaderList& headers, const std::vector<std::string>& replies) {
  const std::string& prefix = engine(0)->config().header_prefix;
  for (const Field& f : headers) {
    if (f.received && strncasecmp(f.name.c_str(), prefix.c_str(), prefix.size()) == 0) {
      std::string report = "received header " + f.name + " survived the edits:\n";
      for (const std::string& r : replies) report += "  reply: " + r + "\n";
      for (const Field& h : headers) {
        report += std::string(h.received ? "  received: " : "  added: ") + h.name + ": " + h.value;
        report += "\n";
      }
      fail(report);
    }
  }
}

// The MTA side of one connection.
struct Connection {
  std::unique_ptr<sa::MailHandler> handler;
  std::unique_ptr<sa::MilterSession> session;
  wire::PacketReader reader;
  std::string unsent;  // written by the MTA, not yet read by the milter (from unsent_at)
  std::size_t unsent_at = 0;
  std::string stream;  // read by the milter, not yet returned as packets (from stream_at)
  std::size_t stream_at = 0;
  std::size_t split = 0;   // read size; 0: all that was written
  bool read_area = false;  // the next read through read_area/commit, else append
  bool open = false;
  bool offered = false;     // the OPTNEG offer is written
  bool negotiated = false;  // the session answered an offer
  bool said_connect = false;
  bool quiet = false;                          // the offer has the no-reply flags
  std::uint32_t next_actions = kOfferActions;  // the actions the next connection offers
  std::uint32_t actions_offered = kOfferActions;
  // The message as the MTA holds it.
  bool in_message = false;
  bool mta_like = true;
  HeaderList headers;
  // The last end of message: the session's reply bytes and the packets as text.
  int ends = 0;
  std::string end_bytes;
  std::vector<std::string> end_replies;
};

void clear_message(Connection& c) {
  c.in_message = false;
  c.mta_like = true;
  c.headers.clear();
}

// The connection is gone (the MTA hung up, or the milter ended it).
void close(Connection& c) {
  if (!c.open) return;
  c.session->finish();
  c.session.reset();
  c.handler.reset();
  c.reader = wire::PacketReader();
  c.unsent.clear();
  c.unsent_at = 0;
  c.stream.clear();
  c.stream_at = 0;
  c.open = c.offered = c.negotiated = c.said_connect = false;
  clear_message(c);
}

std::uint32_t no_reply_flag(char command) {
  switch (command) {
    case wire::kConnect:
      return wire::kNoReplyConnect;
    case wire::kHelo:
      return wire::kNoReplyHelo;
    case wire::kMail:
      return wire::kNoReplyMail;
    case wire::kRcpt:
      return wire::kNoReplyRcpt;
    case wire::kData:
      return wire::kNoReplyData;
    case wire::kHeader:
      return wire::kNoReplyHeader;
    case wire::kEndOfHeaders:
      return wire::kNoReplyEndOfHeaders;
    case wire::kBody:
      return wire::kNoReplyBody;
    case wire::kUnknown:
      return wire::kNoReplyUnknown;
  }
  return 0;
}

void check_negotiation(Connection& c, std::string_view offer, bool keep,
                       const std::vector<ReplyPacket>& replies) {
  const bool valid = offer.size() >= 12 && be32(offer) >= 2;
  expect(keep == valid, "OPTNEG: offer " + std::string(valid ? "refused" : "accepted"));
  if (!keep) {
    expect(replies.empty(), "OPTNEG: refused offer answered");
    return;
  }
  expect(replies.size() == 1 && replies[0].command == wire::kNegotiate,
         "OPTNEG: not answered with one OPTNEG packet");
  std::string_view data = replies[0].data;
  expect(data.size() >= 12, "OPTNEG reply: short");
  const std::uint32_t version = be32(data), actions = be32(data, 4), protocol = be32(data, 8);
  const std::uint32_t offer_actions = be32(offer, 4), offer_protocol = be32(offer, 8);
  c.actions_offered = offer_actions;  // what the MTA offered, also when raw bytes did
  expect(version == std::min(be32(offer), wire::kVersion), "OPTNEG reply: version");
  expect((actions & ~offer_actions) == 0, "OPTNEG reply: actions not offered");
  expect((protocol & ~offer_protocol) == 0, "OPTNEG reply: protocol steps not offered");
  expect(actions == c.session->actions() && protocol == c.session->protocol(),
         "OPTNEG reply differs from what the session keeps");
  expect((protocol & ~(kNoReplySteps | kSkippableSteps)) == 0,
         "OPTNEG reply: asks to leave out a step sa-triage reads");
  data.remove_prefix(12);
  expect(data.empty() || (offer_actions & wire::kActSetSymbolList) != 0,
         "OPTNEG reply: macro lists without SETSYMLIST offered");
  while (!data.empty()) {
    expect(data.size() > 4 && data.find('\0', 4) != std::string_view::npos,
           "OPTNEG reply: bad macro list");
    data.remove_prefix(data.find('\0', 4) + 1);
  }
  c.negotiated = true;
}

// An edit packet of an end of message: allowed by the negotiated actions, safe, and applied
// to the MTA's header list.
void apply_edit(Connection& c, const ReplyPacket& p) {
  const std::uint32_t actions = c.session->actions();
  auto allowed = [&](std::uint32_t action, const char* what) {
    expect((actions & action) != 0, std::string(what) + " without the action negotiated");
  };
  std::vector<std::string> s;
  switch (p.command) {
    case wire::kAddHeader:
      allowed(wire::kActAddHeaders, "addheader");
      cstrings(p.data, 2, s);
      sa::fuzz::abort_on_problem(sa::fuzz::header_name_problem("addheader", s[0]));
      sa::fuzz::abort_on_problem(sa::fuzz::header_value_problem("addheader", s[1]));
      c.headers.push_back({s[0], s[1], false});
      return;
    case wire::kChangeHeader: {
      allowed(wire::kActChangeHeaders, "chgheader");
      cstrings(std::string_view(p.data).substr(4), 2, s);
      const std::uint32_t index = be32(p.data);
      sa::fuzz::abort_on_problem(sa::fuzz::header_name_problem("chgheader", s[0]));
      expect(index >= 1, "chgheader: index below 1");
      sa::fuzz::abort_on_problem(sa::fuzz::header_value_problem("chgheader", s[1]));
      // The index-th field of that name (case-insensitive) is deleted (empty value) or changed.
      std::uint32_t seen = 0;
      for (auto it = c.headers.begin(); it != c.headers.end(); ++it) {
        if (strcasecmp(it->name.c_str(), s[0].c_str()) != 0 || ++seen != index) continue;
        if (s[1].empty()) {
          c.headers.erase(it);
        } else {
          it->value = s[1];
        }
        break;
      }
      return;
    }
    case wire::kAddRecipient:
      allowed(wire::kActAddRecipient, "addrcpt");
      cstrings(p.data, 1, s);
      expect(!s[0].empty(), "addrcpt: empty address");
      return;
    case wire::kDeleteRecipient:
      allowed(wire::kActDeleteRecipient, "delrcpt");
      cstrings(p.data, 1, s);
      expect(!s[0].empty(), "delrcpt: empty address");
      return;
    case wire::kQuarantine:
      allowed(wire::kActQuarantine, "quarantine");
      cstrings(p.data, 1, s);
      expect(!s[0].empty() && s[0].size() <= 100, "quarantine: reason empty or over 100 bytes");
      return;
    default:
      fail(std::string("end of message: '") + p.command + "' before the last packet");
  }
}

void check_final(const ReplyPacket& p) {
  expect(is_final(p.command),
         std::string("end of message: last packet '") + p.command + "' is no final reply");
  if (p.command != wire::kReplyCode) return;
  const std::string text(upto_nul(p.data));
  expect(text.size() >= 4 && (text[0] == '4' || text[0] == '5') &&
             std::isdigit(static_cast<unsigned char>(text[1])) &&
             std::isdigit(static_cast<unsigned char>(text[2])) && text[3] == ' ',
         "reply code: bad code in " + text);
  expect(text.find_first_of("\r\n") == std::string::npos, "reply code: line end in the text");
}

void end_of_message(Connection& c, bool in_message, const std::string& out,
                    const std::vector<ReplyPacket>& replies) {
  expect(!replies.empty(), "end of message: no reply");
  c.end_replies.clear();
  for (const ReplyPacket& p : replies) c.end_replies.push_back(describe(p));
  for (std::size_t i = 0; i + 1 < replies.size(); ++i) apply_edit(c, replies[i]);
  check_final(replies.back());
  if (replies.back().command == wire::kAccept && in_message && c.in_message && c.mta_like &&
      c.actions_offered == kOfferActions) {
    check_no_forged_left(c.headers, c.end_replies);
  }
  c.end_bytes = out;
  ++c.ends;
  clear_message(c);
}

// One packet the milter read: handled by the session, its replies checked, the MTA's view
// kept up to date.
void process(Connection& c, const wire::Packet& p) {
  const bool negotiated = c.negotiated;
  const bool in_message = c.session->in_message();
  const std::uint32_t protocol = c.session->protocol();
  std::string out;
  const bool keep = c.session->handle(p, out);
  const std::vector<ReplyPacket> replies = parse_replies(out);
  const char command = p.command;
  const std::string what = std::string("command '") + command + "'";
  if (!negotiated) {
    if (command == wire::kNegotiate) {
      check_negotiation(c, p.data, keep, replies);
    } else {
      expect(keep == (command == wire::kMacro), what + " before negotiation: not refused");
      expect(replies.empty(), what + " before negotiation: answered");
    }
  } else {
    switch (command) {
      case wire::kConnect:
      case wire::kHelo:
      case wire::kMail:
      case wire::kRcpt:
      case wire::kData:
      case wire::kHeader:
      case wire::kEndOfHeaders:
      case wire::kBody:
      case wire::kUnknown:
        expect(keep, what + ": connection ended");
        if ((protocol & no_reply_flag(command)) != 0) {
          expect(replies.empty(), what + ": negotiated without a reply, answered");
        } else {
          expect(replies.size() == 1, what + ": not exactly one reply packet");
          const char r = replies[0].command;
          expect((r == wire::kContinue || (command == wire::kMail && r == wire::kTempfail)) &&
                     replies[0].data.empty(),
                 what + ": answered '" + std::string(1, r) + "'");
        }
        if (command == wire::kMail) {
          clear_message(c);
          c.in_message = c.session->in_message();
        } else if (command == wire::kHeader && c.in_message) {
          std::string_view data = p.data;
          const std::string_view name = upto_nul(data);
          data.remove_prefix(std::min(data.size(), name.size() + 1));
          const std::string_view value = upto_nul(data);
          c.mta_like = c.mta_like && mta_like_header(name, value);
          c.headers.push_back({std::string(name), std::string(value)});
        }
        break;
      case wire::kMacro:
      case wire::kAbort:
      case wire::kQuitNewConnection:
        expect(keep, what + ": connection ended");
        expect(replies.empty(), what + ": answered");
        if (command != wire::kMacro) clear_message(c);
        if (command == wire::kQuitNewConnection) c.said_connect = false;
        break;
      case wire::kEndOfMessage:
        expect(keep, what + ": connection ended");
        end_of_message(c, in_message, out, replies);
        break;
      default:  // QUIT, a second OPTNEG, an unknown command
        expect(!keep, what + ": connection not ended");
        expect(replies.empty(), what + ": answered");
        break;
    }
  }
  if (!keep) close(c);
}

// The packets the PacketReader holds are taken and handled; they must be exactly those of the
// byte stream.
void take_packets(Connection& c) {
  while (c.open) {
    const std::string_view pending = std::string_view(c.stream).substr(c.stream_at);
    const std::optional<std::uint32_t> length =
        pending.size() >= 4 ? std::optional<std::uint32_t>(be32(pending)) : std::nullopt;
    const bool bad_length = length && (*length == 0 || *length > wire::kMaxPacket);
    std::optional<wire::Packet> p = c.reader.next();
    if (!p) {
      expect(c.reader.failed() == bad_length, "PacketReader: failed() wrong for the stream");
      expect(bad_length || !length || pending.size() - 4 < *length,
             "PacketReader: a whole packet held back");
      expect(c.reader.empty() == pending.empty(), "PacketReader: empty() wrong for the stream");
      if (c.reader.failed()) close(c);  // as milter_server.cc does
      return;
    }
    expect(length && !bad_length && *length == p->data.size() + 1 && pending[4] == p->command &&
               pending.substr(5, *length - 1) == p->data,
           "PacketReader: packet differs from the byte stream");
    c.stream_at += 4 + *length;
    process(c, *p);
  }
}

// The milter reads `bytes`: appended to the PacketReader at once, or (every other time) read
// as milter_server.cc reads, through read_area() at most wanted() bytes at a time, the
// packets taken after each read.
void feed(Connection& c, std::string_view bytes) {
  c.read_area = !c.read_area;
  if (!c.read_area) {
    c.reader.append(bytes);
    c.stream.append(bytes);
    take_packets(c);
  }
  while (c.read_area && c.open && !bytes.empty()) {
    // wanted(): the rest of a packet begun (its length known and valid), else a whole chunk.
    const std::string_view held = std::string_view(c.stream).substr(c.stream_at);
    const std::size_t want = c.reader.wanted();
    std::size_t rest = wire::PacketReader::kReadChunk;
    if (held.size() >= 4 && be32(held) != 0 && be32(held) <= wire::kMaxPacket &&
        held.size() < 4 + std::size_t{be32(held)}) {
      rest = 4 + std::size_t{be32(held)} - held.size();
    }
    expect(want == rest, "PacketReader: wanted() is not what the stream needs");
    const std::size_t n = std::min(want, bytes.size());
    char* area = c.reader.read_area(want);
    std::memcpy(area, bytes.data(), n);
    c.reader.commit(n);
    c.stream.append(bytes.substr(0, n));
    bytes.remove_prefix(n);
    take_packets(c);
  }
  if (c.stream_at == c.stream.size()) {
    c.stream.clear();
    c.stream_at = 0;
  } else if (c.stream_at > 65536) {
    c.stream.erase(0, c.stream_at);
    c.stream_at = 0;
  }
}

// The milter reads what the MTA wrote, `split` bytes at a time; without `all` a last piece
// shorter than `split` waits for more.
void pump(Connection& c, bool all) {
  while (c.open && c.unsent_at < c.unsent.size()) {
    const std::size_t left = c.unsent.size() - c.unsent_at;
    const std::size_t n = c.split == 0 ? left : std::min(c.split, left);
    if (!all && c.split != 0 && n < c.split) return;
    const std::string piece = c.unsent.substr(c.unsent_at, n);
    c.unsent_at += n;
    feed(c, piece);
  }
  if (c.unsent_at == c.unsent.size()) {
    c.unsent.clear();
    c.unsent_at = 0;
  }
}

void flush(Connection& c) { pump(c, true); }

void send_bytes(Connection& c, std::string_view bytes) {
  c.unsent.append(bytes);
  pump(c, false);
}

void send(Connection& c, char command, std::string_view data = {}) {
  std::string packet;
  wire::put_packet(packet, command, data);
  send_bytes(c, packet);
}

std::string offer_data(const Connection& c) {
  return u32(kOfferVersion) + u32(c.actions_offered) + u32(offer_protocol(c.quiet));
}

// A new connection, with the offer written unless `with_offer` is false.
void open(Connection& c, bool quiet, bool with_offer) {
  close(c);
  c.quiet = quiet;
  c.handler = sa::make_triage_handler(context());
  c.session = std::make_unique<sa::MilterSession>(*c.handler);
  c.open = true;
  c.actions_offered = c.next_actions;
  if (with_offer) {
    c.offered = true;
    send(c, wire::kNegotiate, offer_data(c));
  }
}

// An open connection with the offer written (a new one when needed).
void ensure(Connection& c, bool quiet) {
  if (!c.open) {
    open(c, quiet, true);
  } else if (!c.offered && !c.negotiated) {
    c.offered = true;
    send(c, wire::kNegotiate, offer_data(c));
  }
}

std::size_t split_size(unsigned b) {
  static const std::size_t kSizes[16] = {0, 1,  2,  3,   4,    5,    6,     7,
                                         9, 13, 64, 100, 1000, 4096, 65536, 0};
  return kSizes[b % 16];
}

std::string connect_data() {
  return cstr("client.example.jp") + "4" + std::string("\0\x19", 2) + cstr("192.0.2.1");
}

std::string queue_id_macro(char stage) {
  return std::string(1, stage) + cstr("{i}") + cstr(kQueueId);
}

// A whole transaction as Postfix sends it, with the rest of the front as the message, its body
// cut into chunks whose sizes come from the tail; then the same message in one piece through
// the engine and apply_edit_plan must give the same reply bytes.
void deliver(Connection& c, Input& in, bool quiet) {
  ensure(c, quiet);
  c.split = split_size(in.tail_byte());
  flush(c);  // what was written before is read first
  if (!c.open) open(c, quiet, true);
  flush(c);
  expect(c.open && c.negotiated, "deliver: no negotiated connection");
  const std::uint32_t protocol = c.session->protocol();
  const sa::Engine& message_engine = *engine(g_installed);  // the one MAIL takes
  if (!c.said_connect) {
    send(c, wire::kConnect, connect_data());
    if ((protocol & wire::kNoHelo) == 0) send(c, wire::kHelo, cstr("client.example.jp"));
    c.said_connect = true;
  }
  send(c, wire::kMail, cstr(kSender));
  send(c, wire::kRcpt, cstr(kRecipient));
  if ((protocol & wire::kNoData) == 0) {
    send(c, wire::kMacro, queue_id_macro(wire::kData));
    send(c, wire::kData);
  }
  const sa::Config& config = message_engine.config();
  sa::MessageBuffer whole(config.max_message_bytes, config.header_prefix);
  sa::MessageBuffer chunked(config.max_message_bytes, config.header_prefix);
  for (sa::MessageBuffer* b : {&whole, &chunked}) {
    b->set_sender(kSender);
    b->add_recipient(kRecipient);
    b->set_queue_id(kQueueId);
  }
  std::string name, value;
  while (in.front_header(name, value)) {
    send(c, wire::kHeader, cstr(name) + cstr(value));
    // What the session reads: NUL-terminated fields.
    whole.add_header(name, upto_nul(value));
    chunked.add_header(name, upto_nul(value));
  }
  if ((protocol & wire::kNoEndOfHeaders) == 0) {
    send(c, wire::kMacro, queue_id_macro(wire::kEndOfHeaders));
    send(c, wire::kEndOfHeaders);
  }
  std::string body;
  const unsigned cuts_byte = in.tail_byte();
  const unsigned cuts = cuts_byte % 8;
  const bool last_with_end = (cuts_byte & 8) != 0;  // the last chunk in the end-of-message packet
  std::string last_chunk;
  for (unsigned i = 0; i <= cuts; ++i) {
    std::size_t n = i == cuts ? in.size() : (in.tail_byte() * 37u) % 2048u;
    std::string_view chunk = in.front(n);
    if (i == cuts && last_with_end) {
      last_chunk = chunk;
    } else {
      send(c, wire::kBody, chunk);
    }
    chunked.add_body(chunk);
    body.append(chunk);
  }
  whole.add_body(body);
  if (whole.raw_message() != chunked.raw_message() || whole.too_large() != chunked.too_large()) {
    fail("MessageBuffer: raw message depends on the body chunking");
  }
  send(c, wire::kMacro, queue_id_macro(wire::kEndOfMessage));
  const int ends = c.ends;
  send(c, wire::kEndOfMessage, last_chunk);
  flush(c);
  expect(c.open && c.ends == ends + 1, "deliver: the end of message was not answered once");

  if (c.actions_offered != kOfferActions) return;  // refused edits: the on_error path
  std::string expected;
  sa::ProtocolActions protocol_actions(c.session->actions(), expected);
  sa::RecipientsAsGiven actions(protocol_actions, whole);
  const sa::Inspection inspection =
      whole.too_large() ? message_engine.inspect_too_large(whole.raw_headers(), whole.envelope())
                        : message_engine.inspect(whole.raw_message(), whole.envelope());
  const sa::ApplyResult applied = sa::apply_edit_plan(inspection.plan, actions);
  expect(applied.ok, "the one-piece message's plan is refused: " + applied.failed_step);
  protocol_actions.put_final(applied.disposition);
  if (expected != c.end_bytes) {
    std::string diff = "session reply differs from the one-piece message's:\n";
    for (const std::string& e : c.end_replies) diff += "  session: " + e + "\n";
    for (const ReplyPacket& p : parse_replies(expected))
      diff += "  one-piece: " + describe(p) + "\n";
    fail(diff);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  install(0);
  Connection connections[2];
  Input in(data, size);
  for (int step = 0; step < 64 && !in.empty(); ++step) {
    const unsigned op = in.tail_byte();
    Connection& c = connections[(op >> 7) & 1];
    const bool quiet = (op & 0x10) != 0;  // for a connection this step opens
    const unsigned variant = (op >> 5) & 3;
    switch (op % 16) {
      case 0:
        ensure(c, quiet);
        send(c, wire::kConnect, connect_data());
        c.said_connect = true;
        break;
      case 1:
        ensure(c, quiet);
        send(c, wire::kHelo, cstr(in.front_line()));
        break;
      case 2:
        ensure(c, quiet);
        send(c, wire::kMail, cstr(in.front_line()));
        break;
      case 3:
        ensure(c, quiet);
        send(c, wire::kRcpt, cstr(variant & 2 ? in.front_line() : std::string(kRecipient)));
        break;
      case 4:
        ensure(c, quiet);
        send(c, wire::kData);
        break;
      case 5:
      case 6: {
        ensure(c, quiet);
        std::string name, value;
        if (in.front_header(name, value)) send(c, wire::kHeader, cstr(name) + cstr(value));
        break;
      }
      case 7:
        ensure(c, quiet);
        send(c, wire::kEndOfHeaders);
        break;
      case 8:
        ensure(c, quiet);
        send(c, wire::kBody, in.front((in.tail_byte() * 29u) % 4096u));
        break;
      case 9:
        ensure(c, quiet);
        if (variant == 0) {
          send(c, wire::kBody, in.front((in.tail_byte() * 29u) % 4096u));
        } else if (variant == 1) {  // macros for a step: {i} and a value from the front
          static const char kStages[] = "CHMRTLNBEU";
          send(c, wire::kMacro,
               std::string(1, kStages[in.tail_byte() % 10]) + cstr("{i}") + cstr(in.front_line()));
        } else if (variant == 2) {
          send(c, wire::kUnknown, cstr(in.front_line()));
        } else {  // any command byte with any data, correctly framed
          const char command = static_cast<char>(in.tail_byte());
          send(c, command, in.front((in.tail_byte() * 13u) % 2048u));
        }
        break;
      case 10:  // '\n': a sample .eml (ending in a line end) is delivered whole first
        deliver(c, in, quiet);
        break;
      case 11:
        ensure(c, quiet);
        send(c, wire::kAbort);
        break;
      case 12:
        if (variant == 0) {  // the MTA hangs up
          flush(c);
          close(c);
        } else if (variant == 3) {
          c.split = split_size(in.tail_byte());
        } else {  // QUIT_NC (the connection reused) or QUIT
          ensure(c, quiet);
          send(c, variant == 1 ? wire::kQuitNewConnection : wire::kQuit);
          flush(c);
        }
        break;
      case 13: {  // raw bytes as the stream: into this connection or a new one without an offer
        if (variant & 1) {
          open(c, quiet, false);
        } else {
          ensure(c, quiet);
        }
        flush(c);
        if (!c.open) open(c, quiet, (variant & 1) == 0);
        const std::string_view raw = in.front((in.tail_byte() * 7u) % 1024u + 1);
        send_bytes(c, raw);
        flush(c);
        // A packet left cut in the middle: the MTA hangs up.
        if (c.stream_at != c.stream.size()) close(c);
        break;
      }
      case 14:
        if (op & 0x40) {  // an MTA offering fewer actions (the next connection), or all again
          const unsigned bit = in.tail_byte() % 10;
          c.next_actions = bit == 9 ? kOfferActions : kOfferActions & ~(1u << bit);
          flush(c);
          close(c);
        } else {  // a config reload (messages in flight keep their engine)
          install(g_installed ^ 1);
        }
        break;
      default:
        ensure(c, quiet);
        send(c, wire::kEndOfMessage, variant & 1 ? in.front((in.tail_byte() * 29u) % 4096u) : "");
        break;
    }
  }
  for (Connection& c : connections) {
    flush(c);
    close(c);
  }
  expect(sa::messages_in_flight() == 0, "a message is still in flight after the connections");
  return 0;
}
