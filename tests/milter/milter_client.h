// milter_client.h - the MTA side of milter protocol 6 for tests: connects to a milter over
// a unix or TCP socket (Boost.Asio), sends the SMTP stages and parses every reply,
// including the modification actions sent at end of message. Test code only.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace sa::test {

// One reply packet from the milter.
struct MilterReply {
  char code = 0;       // SMFIR_*: 'c' continue, 'a' accept, 'h' add header, 'm' change...
  std::string name;    // header name (h, i, m)
  std::string value;   // header value (h, i, m; empty for a delete), recipient (+, -),
                       // reason (q), reply text (y)
  uint32_t index = 0;  // header index (i, m)
};

// What the milter answered in option negotiation.
struct Negotiated {
  uint32_t version = 0;
  uint32_t actions = 0;                    // SMFIF_*
  uint32_t protocol = 0;                   // SMFIP_*
  std::map<uint32_t, std::string> macros;  // stage -> requested macros (SETSYMLIST)
};

class MilterClient {
 public:
  static MilterClient unix_socket(const std::string& path);
  static MilterClient tcp(const std::string& host, int port);
  MilterClient(MilterClient&&) noexcept;
  ~MilterClient();

  // Offers every action and protocol step (like Postfix 3.7).
  Negotiated negotiate();
  void macro(char stage, const std::map<std::string, std::string>& macros);
  MilterReply connect(const std::string& host, const std::string& address, int port);
  MilterReply helo(const std::string& name);
  MilterReply mail(const std::string& sender);  // sender with angle brackets
  MilterReply rcpt(const std::string& recipient);
  MilterReply data();
  MilterReply header(const std::string& name, const std::string& value);
  MilterReply eoh();
  MilterReply body(const std::string& chunk);
  // All replies up to and including the final one (accept, continue, reject, tempfail,
  // reply code, discard).
  std::vector<MilterReply> end_of_message();
  void abort();
  void quit();

  // Sends a whole message: headers split from `raw` (folded lines joined with LF), the body
  // in chunks of at most 65535 bytes. Stops early and returns the reply when a step does
  // not continue; else returns the end-of-message replies.
  std::vector<MilterReply> send_message(const std::string& sender,
                                        const std::vector<std::string>& recipients,
                                        const std::string& raw, const std::string& queue_id);

 private:
  struct Transport;
  explicit MilterClient(std::unique_ptr<Transport> transport);
  void send(char command, const std::string& payload);
  MilterReply read_reply();
  MilterReply step(char command, const std::string& payload);

  std::unique_ptr<Transport> transport_;
  uint32_t protocol_ = 0;  // negotiated SMFIP_* flags (no-reply steps)
};

// Headers of `raw` as (name, value) in order, value without the ": " and with folds as LF.
std::vector<std::pair<std::string, std::string>> split_headers(const std::string& raw,
                                                               std::string* body);

}  // namespace sa::test
