// milter_client.cc - milter protocol 6 framing over Boost.Asio: every packet is a 4-byte
// big-endian length, a command byte and its data. Reads time out (SO_RCVTIMEO) so a hung
// milter fails the test instead of hanging it.
#include "milter_client.h"

#include <sys/socket.h>
#include <sys/time.h>

#include <stdexcept>

#include "asio.h"

namespace sa::test {
namespace {

namespace asio = boost::asio;
using generic_socket = asio::generic::stream_protocol::socket;

constexpr uint32_t kVersion = 6;
constexpr uint32_t kAllActions = 0x1FF;      // SMFI_CURR_ACTS
constexpr uint32_t kAllProtocol = 0x1FFFFF;  // SMFI_CURR_PROT
constexpr std::size_t kChunk = 65535;

void put_u32(std::string& out, uint32_t v) {
  out += static_cast<char>(v >> 24);
  out += static_cast<char>(v >> 16);
  out += static_cast<char>(v >> 8);
  out += static_cast<char>(v);
}

uint32_t get_u32(const std::string& in, std::size_t at) {
  if (at + 4 > in.size()) throw std::runtime_error("milter reply too short");
  auto b = [&](std::size_t i) { return static_cast<uint32_t>(static_cast<unsigned char>(in[i])); };
  return b(at) << 24 | b(at + 1) << 16 | b(at + 2) << 8 | b(at + 3);
}

// The NUL-terminated string at `at`; advances `at` past the NUL.
std::string get_cstring(const std::string& in, std::size_t& at) {
  auto end = in.find('\0', at);
  if (end == std::string::npos) end = in.size();
  std::string s = in.substr(at, end - at);
  at = end + 1;
  return s;
}

std::string cstrings(std::initializer_list<std::string> parts) {
  std::string out;
  for (const auto& p : parts) {
    out += p;
    out += '\0';
  }
  return out;
}

void set_read_timeout(generic_socket& socket, int seconds) {
  timeval tv{seconds, 0};
  setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
}

}  // namespace

struct MilterClient::Transport {
  asio::io_context io;
  generic_socket socket{io};
};

MilterClient::MilterClient(std::unique_ptr<Transport> transport)
    : transport_(std::move(transport)) {}
MilterClient::MilterClient(MilterClient&&) noexcept = default;
MilterClient::~MilterClient() = default;

MilterClient MilterClient::unix_socket(const std::string& path) {
  auto t = std::make_unique<Transport>();
  asio::local::stream_protocol::endpoint endpoint(path);
  t->socket.connect(asio::generic::stream_protocol::endpoint(endpoint));
  set_read_timeout(t->socket, 30);
  return MilterClient(std::move(t));
}

MilterClient MilterClient::tcp(const std::string& host, int port) {
  auto t = std::make_unique<Transport>();
  asio::ip::tcp::endpoint endpoint(asio::ip::make_address(host), static_cast<uint16_t>(port));
  t->socket.connect(asio::generic::stream_protocol::endpoint(endpoint));
  set_read_timeout(t->socket, 30);
  return MilterClient(std::move(t));
}

void MilterClient::send(char command, const std::string& payload) {
  std::string packet;
  put_u32(packet, static_cast<uint32_t>(payload.size() + 1));
  packet += command;
  packet += payload;
  asio::write(transport_->socket, asio::buffer(packet));
}

MilterReply MilterClient::read_reply() {
  std::string header(4, '\0');
  asio::read(transport_->socket, asio::buffer(header));
  uint32_t length = get_u32(header, 0);
  if (length == 0 || length > 16 * 1024 * 1024) throw std::runtime_error("bad milter length");
  std::string packet(length, '\0');
  asio::read(transport_->socket, asio::buffer(packet));
  MilterReply reply;
  reply.code = packet[0];
  std::string data = packet.substr(1);
  std::size_t at = 0;
  switch (reply.code) {
    case 'h':  // add header: name, value
      reply.name = get_cstring(data, at);
      reply.value = get_cstring(data, at);
      break;
    case 'i':  // insert header: index, name, value
    case 'm':  // change header: index, name, value ("" deletes)
      reply.index = get_u32(data, 0);
      at = 4;
      reply.name = get_cstring(data, at);
      reply.value = get_cstring(data, at);
      break;
    case '+':
    case '-':
    case 'q':
    case 'y':
      reply.value = get_cstring(data, at);
      break;
    default:
      reply.value = data;
  }
  return reply;
}

// The SMFIP_NR_* flag that makes `command` go without a reply, or 0.
static uint32_t no_reply_flag(char command) {
  switch (command) {
    case 'C':
      return 0x1000;  // SMFIP_NR_CONN
    case 'H':
      return 0x2000;  // SMFIP_NR_HELO
    case 'M':
      return 0x4000;  // SMFIP_NR_MAIL
    case 'R':
      return 0x8000;  // SMFIP_NR_RCPT
    case 'T':
      return 0x10000;  // SMFIP_NR_DATA
    case 'U':
      return 0x20000;  // SMFIP_NR_UNKN
    case 'L':
      return 0x80;  // SMFIP_NR_HDR
    case 'N':
      return 0x40000;  // SMFIP_NR_EOH
    case 'B':
      return 0x80000;  // SMFIP_NR_BODY
  }
  return 0;
}

// The SMFIP_NO* flag that makes the MTA not send `command` at all, or 0.
static uint32_t skip_flag(char command) {
  switch (command) {
    case 'C':
      return 0x1;  // SMFIP_NOCONNECT
    case 'H':
      return 0x2;  // SMFIP_NOHELO
    case 'M':
      return 0x4;  // SMFIP_NOMAIL
    case 'R':
      return 0x8;  // SMFIP_NORCPT
    case 'B':
      return 0x10;  // SMFIP_NOBODY
    case 'L':
      return 0x20;  // SMFIP_NOHDRS
    case 'N':
      return 0x40;  // SMFIP_NOEOH
    case 'U':
      return 0x100;  // SMFIP_NOUNKNOWN
    case 'T':
      return 0x200;  // SMFIP_NODATA
  }
  return 0;
}

MilterReply MilterClient::step(char command, const std::string& payload) {
  // Like Postfix: a step negotiated away is not sent, and counts as "continue".
  if (protocol_ & skip_flag(command)) return MilterReply{'c', "", "", 0};
  send(command, payload);
  // Like Postfix: a step negotiated without a reply is taken as "continue".
  if (protocol_ & no_reply_flag(command)) return MilterReply{'c', "", "", 0};
  return read_reply();
}

Negotiated MilterClient::negotiate() {
  std::string payload;
  put_u32(payload, kVersion);
  put_u32(payload, kAllActions);
  put_u32(payload, kAllProtocol);
  send('O', payload);
  MilterReply reply = read_reply();
  if (reply.code != 'O') throw std::runtime_error("expected an option negotiation reply");
  const std::string& data = reply.value;
  Negotiated n;
  n.version = get_u32(data, 0);
  n.actions = get_u32(data, 4);
  n.protocol = get_u32(data, 8);
  protocol_ = n.protocol;
  for (std::size_t at = 12; at + 4 <= data.size();) {
    uint32_t stage = get_u32(data, at);
    at += 4;
    n.macros[stage] = get_cstring(data, at);
  }
  return n;
}

void MilterClient::macro(char stage, const std::map<std::string, std::string>& macros) {
  std::string payload(1, stage);
  for (const auto& [name, value] : macros) payload += cstrings({name, value});
  send('D', payload);
}

MilterReply MilterClient::connect(const std::string& host, const std::string& address, int port) {
  std::string payload = cstrings({host});
  payload += '4';
  payload += static_cast<char>(port >> 8);
  payload += static_cast<char>(port & 0xff);
  payload += cstrings({address});
  return step('C', payload);
}

MilterReply MilterClient::helo(const std::string& name) { return step('H', cstrings({name})); }
MilterReply MilterClient::mail(const std::string& sender) { return step('M', cstrings({sender})); }
MilterReply MilterClient::rcpt(const std::string& recipient) {
  return step('R', cstrings({recipient}));
}
MilterReply MilterClient::data() { return step('T', ""); }
MilterReply MilterClient::header(const std::string& name, const std::string& value) {
  return step('L', cstrings({name, value}));
}
MilterReply MilterClient::eoh() { return step('N', ""); }
MilterReply MilterClient::body(const std::string& chunk) { return step('B', chunk); }

std::vector<MilterReply> MilterClient::end_of_message() {
  send('E', "");
  std::vector<MilterReply> replies;
  for (;;) {
    replies.push_back(read_reply());
    char c = replies.back().code;
    if (c == 'a' || c == 'c' || c == 'r' || c == 't' || c == 'y' || c == 'd') return replies;
  }
}

void MilterClient::abort() { send('A', ""); }
void MilterClient::quit() { send('Q', ""); }

std::vector<std::pair<std::string, std::string>> split_headers(const std::string& raw,
                                                               std::string* body) {
  std::vector<std::pair<std::string, std::string>> headers;
  std::size_t at = 0;
  while (at < raw.size()) {
    std::size_t eol = raw.find('\n', at);
    if (eol == std::string::npos) eol = raw.size();
    std::string line = raw.substr(at, eol - at);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    at = eol + 1;
    if (line.empty()) break;
    if ((line[0] == ' ' || line[0] == '\t') && !headers.empty()) {
      headers.back().second += "\n" + line;
      continue;
    }
    auto colon = line.find(':');
    std::string name = line.substr(0, colon);
    std::string value = colon == std::string::npos ? "" : line.substr(colon + 1);
    if (!value.empty() && value[0] == ' ') value.erase(0, 1);
    headers.emplace_back(name, value);
  }
  if (body != nullptr) {
    body->clear();
    // The body as an MTA sends it: CRLF line ends.
    for (std::size_t i = std::min(at, raw.size()); i < raw.size(); ++i) {
      if (raw[i] == '\n' && (i == 0 || raw[i - 1] != '\r')) *body += '\r';
      *body += raw[i];
    }
  }
  return headers;
}

std::vector<MilterReply> MilterClient::send_message(const std::string& sender,
                                                    const std::vector<std::string>& recipients,
                                                    const std::string& raw,
                                                    const std::string& queue_id) {
  auto stop = [](const MilterReply& r) { return r.code != 'c'; };
  MilterReply r = mail("<" + sender + ">");
  if (stop(r)) return {r};
  for (const auto& rcpt_to : recipients) {
    r = rcpt("<" + rcpt_to + ">");
    if (stop(r)) return {r};
  }
  macro('T', {{"i", queue_id}});
  r = data();
  if (stop(r)) return {r};
  std::string body;
  for (const auto& [name, value] : split_headers(raw, &body)) {
    r = header(name, value);
    if (stop(r)) return {r};
  }
  macro('N', {{"{i}", queue_id}});
  r = eoh();
  if (stop(r)) return {r};
  for (std::size_t at = 0; at < body.size(); at += kChunk) {
    r = this->body(body.substr(at, kChunk));
    if (stop(r)) return {r};
  }
  macro('E', {{"{i}", queue_id}});
  return end_of_message();
}

}  // namespace sa::test
