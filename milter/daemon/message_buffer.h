// message_buffer.h - one message as the milter receives it: envelope, headers in received
// order, and the body up to the size cap (past it the body is dropped and the message is
// marked too large). The raw message the engine inspects is built in place as the body
// arrives (header section first, then the body appended) and handed over without a copy.
// No protocol here.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/engine.h"
#include "daemon/byte_buffer.h"

namespace sa {

class MessageBuffer {
 public:
  // `max_bytes`: the cap on headers + body (config limits.max_message_bytes).
  // `header_prefix`: headers with this prefix are kept even past the cap, so forged ones
  // can still be deleted.
  MessageBuffer(std::size_t max_bytes, std::string header_prefix);

  // Envelope: the SMTP argument as given ("<a@b>"); angle brackets are removed for the engine.
  void set_sender(std::string_view mail_from);
  void add_recipient(std::string_view rcpt_to);
  void set_queue_id(std::string_view queue_id);

  void add_header(std::string_view name, std::string_view value);
  void add_body(std::string_view chunk);

  bool too_large() const { return too_large_; }
  std::size_t size() const { return size_; }  // bytes seen, including dropped ones
  const Envelope& envelope() const { return envelope_; }
  // The recipient as given in RCPT TO for an address (case-insensitive), else the address.
  std::string recipient_as_given(const std::string& address) const;

  // Headers ("Name: value" CRLF each, folds as CRLF) + CRLF + body.
  std::string raw_message() const;
  // The header section only, ending with the empty line.
  std::string raw_headers() const;
  // What the engine reads: raw_message(), or the header section when too large; shared,
  // not copied, so an inspection that outlives this buffer (a timeout) keeps it alive.
  // Call at end of message: the bytes must not change while shared (a later add_* copies).
  std::shared_ptr<const ByteBuffer> share_raw();

 private:
  void seal();            // writes the header section into raw_ (before the first body byte)
  ByteBuffer& own_raw();  // raw_, copied first if an inspection still shares it

  std::size_t max_bytes_;
  std::string header_prefix_;
  Envelope envelope_;
  std::vector<std::string> recipients_as_given_;
  std::vector<std::pair<std::string, std::string>> headers_;
  std::shared_ptr<ByteBuffer> raw_;  // header section + body, once sealed
  std::size_t header_bytes_ = 0;     // length of the header section in raw_
  bool sealed_ = false;
  std::size_t size_ = 0;
  bool too_large_ = false;
};

// "<a@b>" -> "a@b"; other text unchanged.
std::string strip_angle_brackets(std::string_view address);

}  // namespace sa
