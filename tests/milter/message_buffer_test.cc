// message_buffer_test.cc - what the daemon hands the engine: raw message assembly with CRLF,
// envelope without angle brackets, and the size cap.
#include "daemon/message_buffer.h"

#include <catch2/catch.hpp>

namespace sa {

TEST_CASE("the raw message is headers in received order, CRLF, then the body",
          "[daemon][message_buffer]") {
  MessageBuffer m(1000, "X-SA-Triage-");
  m.set_sender("<a@example.jp>");
  m.add_recipient("<Hojokin@Example.jp>");
  m.add_header("Subject", "one\n\ttwo");
  m.add_header("From", "a@example.jp");
  m.add_body("line\r\n");
  CHECK(m.raw_message() == "Subject: one\r\n\ttwo\r\nFrom: a@example.jp\r\n\r\nline\r\n");
  CHECK(m.envelope().sender == "a@example.jp");
  CHECK(m.envelope().recipients == std::vector<std::string>{"Hojokin@Example.jp"});
  CHECK(m.recipient_as_given("hojokin@example.jp") == "<Hojokin@Example.jp>");
  CHECK_FALSE(m.too_large());
}

TEST_CASE("past the cap the body is dropped but prefixed headers are kept",
          "[daemon][message_buffer]") {
  MessageBuffer m(100, "X-SA-Triage-");
  m.add_header("Subject", "s");
  m.add_body(std::string(200, 'x'));
  CHECK(m.too_large());
  CHECK(m.size() == 212);                           // "Subject: s" CRLF counted as 12
  m.add_header("Received", std::string(50, 'r'));   // late headers past the cap: dropped...
  m.add_header("x-sa-triage-verdict", "verified");  // ...except forged ones
  CHECK(m.raw_headers() == "Subject: s\r\nx-sa-triage-verdict: verified\r\n\r\n");
  CHECK(m.raw_message() == m.raw_headers());
}

TEST_CASE("the engine gets the buffer's own bytes, and a later chunk leaves them alone",
          "[daemon][message_buffer]") {
  MessageBuffer m(1 << 20, "X-SA-Triage-");
  m.add_header("Subject", "s");
  m.add_body("line\r\n");
  const auto shared = m.share_raw();
  CHECK(shared->view() == m.raw_message());
  CHECK(m.share_raw().get() == shared.get());  // shared, not copied
  m.add_body("more\r\n");                      // (an MTA sends none after end of message)
  CHECK(shared->view() == "Subject: s\r\n\r\nline\r\n");
  CHECK(m.raw_message() == "Subject: s\r\n\r\nline\r\nmore\r\n");
}

TEST_CASE("a large body is held once, in one piece", "[daemon][message_buffer]") {
  MessageBuffer m(64 << 20, "X-SA-Triage-");
  m.add_header("Subject", "big");
  const std::string chunk(65535, 'b');
  for (int i = 0; i < 400; ++i) m.add_body(chunk);  // 26 MB in milter-sized chunks
  const auto raw = m.share_raw();
  CHECK(raw->size() == 16 + 400 * chunk.size());
  CHECK(raw->view().substr(0, 16) == "Subject: big\r\n\r\n");
  CHECK(raw->view().find_first_not_of('b', 16) == std::string_view::npos);
  CHECK(m.raw_headers() == "Subject: big\r\n\r\n");
}

}  // namespace sa
