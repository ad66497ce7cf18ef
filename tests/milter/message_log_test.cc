// message_log_test.cc - the per-message log line stays one line whatever the envelope holds:
// an SMTPUTF8 sender with NEL, U+2028 or a C1 CSI in it must not make a Unicode-aware log
// reader (journalctl -o json consumers, SIEM normalisers) show a forged line.
#include "daemon/message_log.h"

#include <catch2/catch.hpp>
#include <string>

#include "core/config.h"
#include "core/engine.h"

TEST_CASE("a sender with Unicode line breaks cannot forge a log line", "[message_log]") {
  const sa::Config config;
  sa::Envelope envelope;
  envelope.sender =
      "x\xc2\x85sa-triage-milter:\xc2\xa0info:\xc2\xa0queue_id=FORGED\xc2\xa0verdict=verified"
      "\xe2\x80\xa8y\xc2\x9b"
      "31m@x.example";
  envelope.queue_id = "Q1\xe2\x80\xa9";
  sa::Inspection in;
  in.evidence.reasons = {"charset-unknown=x\xc2\x85y"};
  const sa::MessageRecord record{&envelope, &in, "accept", 3};
  const std::string line = sa::format_message_line(record, config);
  INFO(line);
  for (const char* bad :
       {"\xc2\x85", "\xe2\x80\xa8", "\xe2\x80\xa9", "\xc2\x9b", "\xc2\xa0", "\n", "\r"}) {
    CHECK(line.find(bad) == std::string::npos);
  }
  CHECK(line.find("from=<x_sa-triage-milter:_info:_queue_id=FORGED_verdict=verified_y_31m@"
                  "x.example>") != std::string::npos);
  CHECK(line.rfind("queue_id=Q1_ ", 0) == 0);
  CHECK(line.find(" verdict=none ") != std::string::npos);
}
