// ledger_reader_test.cc - the stored spelling of every forward style reads back as itself,
// so a row written for an Outlook container (attachment-msg, tnef) is not read as none.
#include "ledger/ledger_reader.h"

#include <catch2/catch.hpp>

using namespace sa;

TEST_CASE("every forward style reads back from its stored spelling", "[ledger]") {
  for (ForwardStyle f : {ForwardStyle::None, ForwardStyle::Direct, ForwardStyle::Redirect,
                         ForwardStyle::Attachment, ForwardStyle::Inline,
                         ForwardStyle::AttachmentMsg, ForwardStyle::Tnef, ForwardStyle::Printout}) {
    INFO(to_string(f));
    CHECK(parse_forward_style(to_string(f)) == f);
  }
  CHECK(to_string(ForwardStyle::AttachmentMsg) == "attachment-msg");
  CHECK(to_string(ForwardStyle::Tnef) == "tnef");
  CHECK(to_string(ForwardStyle::Printout) == "printout");
  CHECK(parse_forward_style("winmail") == ForwardStyle::None);
}
