// triage_headers_test.cc - reading back what the milter wrote: the round trip through the
// edit planner's header values (RFC 2047, folding), the last occurrence winning, a message
// without the headers, and the 利用者番号 always masked for display.
#include "core/triage_headers.h"

#include <catch2/catch.hpp>

#include "core/header_value.h"

namespace sa {

TEST_CASE("the headers the milter writes read back as written", "[triage_headers]") {
  const std::string company = encode_header_value("株式会社見本工業", "X-SA-Triage-Company");
  const std::string reasons =
      encode_header_value("sender-domain=ipa-go.jp.example signature-missing declaration-id-format",
                          "X-SA-Triage-Reasons");
  const std::string raw =
      "Received: from x\r\n"
      "From: =?UTF-8?B?5bGx55Sw?= <yamada@example.jp>\r\n"
      "Subject: =?UTF-8?B?6Ki85piO?=\r\n"
      "X-SA-Triage-Verdict: verified\r\n"  // forged, above the milter's
      "x-sa-triage-verdict: suspicious\n"
      "X-SA-Triage-Notice: declaration-complete\n"
      "X-SA-Triage-Star: 2\n"
      "X-SA-Triage-Declaration-ID: 41234567890\n"
      "X-SA-Triage-User-Number: *******8901\n"
      "X-SA-Triage-Company: " +
      company +
      "\n"
      "X-SA-Triage-Reasons: " +
      reasons +
      "\n"
      "X-SA-Triage-Programme: " +
      encode_header_value("東京都サイバー助成金", "X-SA-Triage-Programme") +
      "\n"
      "X-SA-Triage-Requirement: met\n"
      "X-SA-Triage-Pair: " +
      encode_header_value("first-notice-seen 2026-11-10 ★★ 40000000001", "X-SA-Triage-Pair") +
      "\n"
      "\n"
      "X-SA-Triage-Verdict: none\n";  // body text, not a header
  const TriageHeaders t = read_triage_headers(raw, "X-SA-Triage-");
  CHECK(t.present);
  CHECK(t.verdict == "suspicious");
  CHECK(t.notice == "declaration-complete");
  CHECK(t.star == "2");
  CHECK(t.declaration_id == "41234567890");
  CHECK(t.user_number == "*******8901");
  CHECK(t.company == "株式会社見本工業");
  CHECK(t.reasons == std::vector<std::string>{"sender-domain=ipa-go.jp.example",
                                              "signature-missing", "declaration-id-format"});
  CHECK(t.from == "山田 <yamada@example.jp>");
  CHECK(t.subject == "証明");
  CHECK(t.programme == "東京都サイバー助成金");
  CHECK(t.requirement == "met");
  CHECK(t.pair == "first-notice-seen 2026-11-10 ★★ 40000000001");
}

TEST_CASE("a message the milter never tagged has no triage headers", "[triage_headers]") {
  const TriageHeaders t =
      read_triage_headers("From: a@example.jp\nX-Other: 1\n\nbody\n", "X-SA-Triage-");
  CHECK_FALSE(t.present);
  CHECK(t.verdict.empty());
  CHECK(t.from == "a@example.jp");
  // Another prefix (headers.prefix) is honoured.
  CHECK(read_triage_headers("X-Grant-Verdict: none\n\n", "X-Grant-").verdict == "none");
}

TEST_CASE("the 利用者番号 is shown masked even when the header has it whole", "[triage_headers]") {
  CHECK(display_user_number("12345678901") == "*******8901");
  CHECK(display_user_number("*******8901") == "*******8901");
  CHECK(display_user_number("sha256:0123456789abcdef") == "sha256:0123456789abcdef");
  CHECK(display_user_number("").empty());
  // Malformed numbers are what held (suspicious) messages carry: masked too.
  CHECK(display_user_number("123-4567-8901") == "*********8901");
  CHECK(display_user_number("1234567890I") == "*******890I");
  CHECK(display_user_number("１２３４５６") == "**３４５６");
}

TEST_CASE("values read back carry no control that could forge output lines", "[triage_headers]") {
  // An applicant's Subject and From, RFC 2047-encoded with CR LF, ESC and OSC in them: shown
  // by `sa-triage held show` on a reviewer's terminal.
  const std::string raw =
      "From: =?UTF-8?B?5bGx55SwDQpzdWJqZWN0OiBPSxtbMzFt?= <y@example.jp>\n"
      "Subject: =?UTF-8?Q?Fwd=3A_=E7=94=B3=E8=AB=8B=E3=81=A7=E3=81=99=0D=0A"
      "verdict=3A_verified=1B=5B2K=1B=5D0=3Bpwned=07?=\n"
      "X-SA-Triage-Verdict: suspicious\n\n";
  const TriageHeaders t = read_triage_headers(raw, "X-SA-Triage-");
  CHECK(t.subject == "Fwd: 申請です verdict: verified[2K]0;pwned");
  CHECK(t.from == "山田 subject: OK[31m <y@example.jp>");
  CHECK(t.verdict == "suspicious");
}

}  // namespace sa
