// milter_wire.h - the bytes of the Sendmail milter protocol, version 6, as Postfix speaks it:
// every packet is a 4-byte big-endian length (command byte + data), the command byte and
// its data. Splitting a byte stream into packets, reading their fields and writing the
// milter's replies. No sockets, no state beyond one stream's partial packet.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sa::wire {

// Commands from the MTA (SMFIC_*).
enum Command : char {
  kAbort = 'A',
  kBody = 'B',
  kConnect = 'C',
  kMacro = 'D',
  kEndOfMessage = 'E',
  kHelo = 'H',
  kQuitNewConnection = 'K',
  kHeader = 'L',
  kMail = 'M',
  kEndOfHeaders = 'N',
  kNegotiate = 'O',
  kQuit = 'Q',
  kRcpt = 'R',
  kData = 'T',
  kUnknown = 'U',
};

// Replies from the milter (SMFIR_*).
enum Reply : char {
  kAddRecipient = '+',
  kDeleteRecipient = '-',
  kAccept = 'a',
  kContinue = 'c',
  kAddHeader = 'h',
  kInsertHeader = 'i',
  kChangeHeader = 'm',
  kQuarantine = 'q',
  kReject = 'r',
  kTempfail = 't',
  kReplyCode = 'y',
};

// Actions the milter may take (SMFIF_*), offered by the MTA and asked for in negotiation.
constexpr std::uint32_t kActAddHeaders = 0x01;
constexpr std::uint32_t kActChangeBody = 0x02;
constexpr std::uint32_t kActAddRecipient = 0x04;
constexpr std::uint32_t kActDeleteRecipient = 0x08;
constexpr std::uint32_t kActChangeHeaders = 0x10;
constexpr std::uint32_t kActQuarantine = 0x20;
constexpr std::uint32_t kActSetSymbolList = 0x100;

// Protocol steps (SMFIP_*): NO* the MTA does not send the step, NR_* it expects no reply.
constexpr std::uint32_t kNoHelo = 0x2;
constexpr std::uint32_t kNoEndOfHeaders = 0x40;
constexpr std::uint32_t kNoReplyHeader = 0x80;
constexpr std::uint32_t kNoUnknown = 0x100;
constexpr std::uint32_t kNoData = 0x200;
constexpr std::uint32_t kNoReplyConnect = 0x1000;
constexpr std::uint32_t kNoReplyHelo = 0x2000;
constexpr std::uint32_t kNoReplyMail = 0x4000;
constexpr std::uint32_t kNoReplyRcpt = 0x8000;
constexpr std::uint32_t kNoReplyData = 0x10000;
constexpr std::uint32_t kNoReplyUnknown = 0x20000;
constexpr std::uint32_t kNoReplyEndOfHeaders = 0x40000;
constexpr std::uint32_t kNoReplyBody = 0x80000;

// Macro stages for the symbol lists asked for in negotiation (SMFIM_*).
constexpr std::uint32_t kStageEndOfMessage = 5;
constexpr std::uint32_t kStageEndOfHeaders = 6;

constexpr std::uint32_t kVersion = 6;

// The largest packet accepted. Postfix sends body chunks of at most 64 KiB and headers of at
// most header_size_limit (100 KiB by default); anything larger is a broken or hostile peer.
constexpr std::size_t kMaxPacket = 1024 * 1024;

struct Packet {
  char command = 0;
  std::string_view data;  // valid until the next call on the PacketReader
};

// Splits a byte stream into packets. Feed bytes with append(), then take packets with
// next() until it returns nothing; a zero or oversized length is an error, after which the
// stream cannot be read on.
class PacketReader {
 public:
  void append(std::string_view bytes);
  std::optional<Packet> next();
  bool failed() const { return failed_; }
  bool empty() const { return used_ == start_; }  // no partial packet held

  // How much to read next: the rest of a packet begun, else kReadChunk.
  std::size_t wanted() const;
  // A buffer to read into directly (at least `want` bytes), then commit(n) the bytes read.
  // Holds no more than the packet in progress needs: once every packet has been taken, a
  // buffer grown for a large one is given back.
  char* read_area(std::size_t want);
  void commit(std::size_t n);

  static constexpr std::size_t kReadChunk = 16 * 1024;

 private:
  std::unique_ptr<char[]> buffer_;
  std::size_t capacity_ = 0;
  std::size_t start_ = 0;  // first byte not yet returned in a packet
  std::size_t used_ = 0;   // bytes of buffer_ that hold data
  bool failed_ = false;
};

// Appends one packet.
void put_packet(std::string& out, char command, std::string_view data = {});
void put_u32(std::string& out, std::uint32_t v);

// The NUL-terminated strings of a packet's data ("a\0b\0" -> a, b); a last string without a
// NUL is taken as it is.
std::vector<std::string_view> split_strings(std::string_view data);

// The big-endian 32-bit number at `at`, or nothing when the data is too short.
std::optional<std::uint32_t> get_u32(std::string_view data, std::size_t at);

// An OPTNEG packet's fields.
struct Offer {
  std::uint32_t version = 0;
  std::uint32_t actions = 0;
  std::uint32_t protocol = 0;
};
std::optional<Offer> parse_offer(std::string_view data);

// The milter's OPTNEG reply, with the macros it wants per stage (SETSYMLIST).
struct Negotiation {
  std::uint32_t version = kVersion;
  std::uint32_t actions = 0;
  std::uint32_t protocol = 0;
  std::vector<std::pair<std::uint32_t, std::string>> macros;  // stage, space-separated names
};
void put_negotiation(std::string& out, const Negotiation& n);

// A MACRO packet: the command the macros belong to and their name/value pairs.
struct MacroSet {
  char stage = 0;
  std::vector<std::pair<std::string, std::string>> values;
};
std::optional<MacroSet> parse_macros(std::string_view data);

}  // namespace sa::wire
