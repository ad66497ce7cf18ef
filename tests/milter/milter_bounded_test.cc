// milter_bounded_test.cc - where the daemon inspects a message (guarded_inspection.cc): a
// small message on the session's thread; a small one with a PDF to read, and a large one, on
// the worker pool under milter.timeout_ms. What the MTA sees must not depend on it: the
// printout sample, which the session's thread hands on to the pool, gets its printout
// verdict through the milter. (The pool's deadline: milter_routing_test.cc, on_error.)
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "milter_fixture.h"
#include "test_messages.h"

namespace sa::test {
namespace {

const std::string kGrant = "hojokin@grant.example.lg.jp";

std::string sample(const std::string& name) {
  std::ifstream in(std::string(SA_SAMPLES_DIR) + "/" + name, std::ios::binary);
  REQUIRE(in);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("a small message with a printout is read on the pool and judged as a printout",
          "[milter][bounded]") {
  MilterUnderTest milter;
  MilterClient client = milter.session();
  auto replies = client.send_message(
      "yamada@sample-shoji.example.jp", {kGrant},
      sample("attachment-printout-pdf-declarer-site-2star-consistent.eml"), "4B1");
  CHECK(added(replies, "X-SA-Triage-Verdict") == "consistent");
  CHECK(added(replies, "X-SA-Triage-Forward") == "printout");
  CHECK(added(replies, "X-SA-Triage-Declaration-ID") == "49999950001");
  CHECK(replies.back().code == 'a');
}

}  // namespace sa::test
