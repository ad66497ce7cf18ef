// message_buffer.cc - per-message collection with a size cap, and raw message assembly.
#include "daemon/message_buffer.h"

#include "core/ascii.h"

namespace sa {
namespace {

// Appends `value` with every line end (LF or CRLF) written as CRLF.
void append_crlf(std::string& out, std::string_view value) {
  for (std::size_t i = 0; i < value.size(); ++i) {
    char c = value[i];
    if (c == '\r' && i + 1 < value.size() && value[i + 1] == '\n') continue;
    if (c == '\n') out += '\r';
    out += c;
  }
}

}  // namespace

std::string strip_angle_brackets(std::string_view address) {
  if (address.size() >= 2 && address.front() == '<' && address.back() == '>') {
    address = address.substr(1, address.size() - 2);
  }
  return std::string(address);
}

MessageBuffer::MessageBuffer(std::size_t max_bytes, std::string header_prefix)
    : max_bytes_(max_bytes), header_prefix_(std::move(header_prefix)) {}

void MessageBuffer::set_sender(std::string_view mail_from) {
  envelope_.sender = strip_angle_brackets(mail_from);
}

void MessageBuffer::add_recipient(std::string_view rcpt_to) {
  recipients_as_given_.emplace_back(rcpt_to);
  envelope_.recipients.push_back(strip_angle_brackets(rcpt_to));
}

void MessageBuffer::set_queue_id(std::string_view queue_id) {
  envelope_.queue_id = std::string(queue_id);
}

std::string MessageBuffer::recipient_as_given(const std::string& address) const {
  for (std::size_t i = 0; i < envelope_.recipients.size(); ++i) {
    if (ascii_iequals(envelope_.recipients[i], address)) return recipients_as_given_[i];
  }
  return address;
}

void MessageBuffer::add_header(std::string_view name, std::string_view value) {
  std::size_t bytes = name.size() + value.size() + 4;
  size_ += bytes;
  if (size_ > max_bytes_) too_large_ = true;
  if (too_large_ && !ascii_istarts_with(name, header_prefix_)) {
    if (sealed_) own_raw().truncate(header_bytes_);
    return;
  }
  headers_.emplace_back(std::string(name), std::string(value));
  if (sealed_) {
    // A header after body bytes (not what an MTA sends): build the section again.
    std::string body(raw_->view().substr(header_bytes_));
    if (too_large_) body.clear();
    sealed_ = false;
    raw_.reset();
    seal();
    raw_->append(body);
  }
}

void MessageBuffer::add_body(std::string_view chunk) {
  size_ += chunk.size();
  if (!sealed_) seal();
  if (too_large_) return;
  if (size_ > max_bytes_) {
    too_large_ = true;
    own_raw().truncate(header_bytes_);
    return;
  }
  own_raw().append(chunk);
}

void MessageBuffer::seal() {
  if (sealed_) return;
  const std::string headers = raw_headers();
  raw_ = std::make_shared<ByteBuffer>();
  raw_->append(headers);
  header_bytes_ = headers.size();
  sealed_ = true;
}

ByteBuffer& MessageBuffer::own_raw() {
  if (raw_.use_count() > 1) {
    auto copy = std::make_shared<ByteBuffer>();
    copy->append(raw_->view());
    raw_ = std::move(copy);
  }
  return *raw_;
}

std::string MessageBuffer::raw_headers() const {
  if (sealed_) return std::string(raw_->view().substr(0, header_bytes_));
  std::string out;
  std::size_t estimate = 2;
  for (const auto& [name, value] : headers_) estimate += name.size() + value.size() + 8;
  out.reserve(estimate);
  for (const auto& [name, value] : headers_) {
    out += name;
    out += ": ";
    append_crlf(out, value);
    out += "\r\n";
  }
  out += "\r\n";
  return out;
}

std::string MessageBuffer::raw_message() const {
  if (sealed_) return std::string(raw_->view());
  return raw_headers();
}

std::shared_ptr<const ByteBuffer> MessageBuffer::share_raw() {
  seal();
  return raw_;
}

}  // namespace sa
