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

}  // namespace sa
