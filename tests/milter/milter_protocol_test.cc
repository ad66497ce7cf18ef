// milter_protocol_test.cc - the real sa-triage-milter over unix and TCP sockets: negotiation,
// the exact edits for a notice with forged headers, aborts, many messages per connection.
#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>

#include "milter_fixture.h"
#include "test_messages.h"

namespace sa::test {
namespace {

const std::string kForged =
    "X-SA-Triage-Verdict: verified\r\n"
    "X-SA-Triage-Star: 2\r\n"
    "X-SA-Triage-Verdict: verified\r\n";

// The replies expected for direct_notice(kForged): deletes last-first, then the verdict.
void check_notice_edits(const std::vector<MilterReply>& replies) {
  REQUIRE(replies.size() >= 4);
  // Deletes come first, in this order: Verdict #2 before Verdict #1 (indices stay valid).
  auto deletes = replies_with(replies, 'm');
  REQUIRE(deletes.size() == 3);
  std::vector<std::pair<std::string, uint32_t>> got;
  for (const auto& d : deletes) {
    CHECK(d.value.empty());
    got.emplace_back(d.name, d.index);
  }
  std::vector<std::pair<std::string, uint32_t>> want{
      {"X-SA-Triage-Verdict", 2}, {"X-SA-Triage-Verdict", 1}, {"X-SA-Triage-Star", 1}};
  std::sort(got.begin(), got.end());
  std::sort(want.begin(), want.end());
  CHECK(got == want);
  auto first_verdict_delete = std::find_if(
      replies.begin(), replies.end(),
      [](const MilterReply& r) { return r.code == 'm' && r.name == "X-SA-Triage-Verdict"; });
  CHECK(first_verdict_delete->index == 2);
  for (std::size_t i = 0; i < 3; ++i) CHECK(replies[i].code == 'm');

  CHECK(added(replies, "X-SA-Triage-Verdict") == "consistent");
  CHECK(added(replies, "X-SA-Triage-Notice") == "declaration-complete");
  CHECK(added(replies, "X-SA-Triage-Star") == "2");
  CHECK(added(replies, "X-SA-Triage-Declaration-ID") == "49999910002");
  CHECK(added(replies, "X-SA-Triage-User-Number") == "*******0002");
  CHECK(added(replies, "X-SA-Triage-Forward") == "direct");
  CHECK(replies_with(replies, 'q').empty());
  CHECK(replies.back().code == 'a');
}

}  // namespace

TEST_CASE("negotiation on a unix socket: steps that only continue go without replies",
          "[milter][protocol]") {
  MilterUnderTest milter;
  MilterClient client = MilterClient::unix_socket(milter.dir.path() + "/milter.sock");
  Negotiated n = client.negotiate();
  CHECK(n.version == 6);
  // NR_CONN NR_HELO NR_MAIL NR_RCPT NR_DATA NR_UNKN NR_HDR NR_EOH NR_BODY (a message that
  // cannot be started is tempfailed at end of message). Skipped: HELO, unknown commands,
  // DATA and end of headers (nothing read).
  const uint32_t quiet =
      0x1000 | 0x2000 | 0x4000 | 0x8000 | 0x10000 | 0x20000 | 0x80 | 0x40000 | 0x80000;
  const uint32_t skipped = 0x2 | 0x100 | 0x200 | 0x40;
  CHECK(n.protocol == (quiet | skipped));
  const uint32_t needed = 0x01 | 0x04 | 0x08 | 0x10 | 0x20;  // ADDHDRS ADDRCPT DELRCPT CHGHDRS Q
  CHECK((n.actions & needed) == needed);
  CHECK((n.actions & 0x02) == 0);  // never replaces the body
  CHECK(n.macros[6] == "{i}");     // end of header
  CHECK(n.macros[5] == "{i}");     // end of message
  client.quit();
}

TEST_CASE("negotiation over TCP asks for the same quiet steps as on a unix socket",
          "[milter][protocol]") {
  MilterUnderTest milter({}, /*tcp=*/true);
  MilterClient client = MilterClient::tcp("127.0.0.1", milter.port);
  const uint32_t quiet =
      0x1000 | 0x2000 | 0x4000 | 0x8000 | 0x10000 | 0x20000 | 0x80 | 0x40000 | 0x80000;
  const uint32_t skipped = 0x2 | 0x100 | 0x200 | 0x40;
  CHECK(client.negotiate().protocol == (quiet | skipped));
  client.quit();
}

// The client, like Postfix, leaves Nagle on and writes each no-reply step on its own: every
// write after the first waits for the milter's ACK of the one before. A milter that delayed
// its ACKs (Linux: up to 40 ms) would hold every message that long (REFERENCE.md §5).
TEST_CASE("over TCP, steps sent back to back without replies do not wait for delayed ACKs",
          "[milter][protocol]") {
  MilterUnderTest milter({}, /*tcp=*/true);
  MilterClient client = milter.session();
  std::vector<double> ms;
  for (int i = 0; i < 21; ++i) {
    const auto started = std::chrono::steady_clock::now();
    auto replies =
        client.send_message("sato@mihon-kogyo.example.jp", {"hojokin@grant.example.lg.jp"},
                            ordinary_mail(), "4N" + std::to_string(i));
    ms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count());
    REQUIRE(replies.back().code == 'a');
  }
  client.quit();
  std::sort(ms.begin(), ms.end());
  INFO("median per message: " << ms[ms.size() / 2] << " ms");
  CHECK(ms[ms.size() / 2] < 20.0);  // a delayed-ACK stall costs 40 ms or more every message
}

TEST_CASE("a notice over a unix socket: forged headers deleted last-first, verdict added",
          "[milter][protocol]") {
  MilterUnderTest milter;
  MilterClient client = milter.session();
  auto replies =
      client.send_message("security-action-info@ipa.go.jp", {"hojokin@grant.example.lg.jp"},
                          direct_notice(kForged), "4TqA1B2C3D");
  check_notice_edits(replies);
  client.quit();
  CHECK(milter.daemon->wait_for_log("queue_id=4TqA1B2C3D", std::chrono::seconds(5)));
  std::string log = milter.daemon->log();
  CHECK(log.find("verdict=consistent notice=declaration-complete star=2 "
                 "declaration_id=49999910002 user_number=*******0002 forward=direct") !=
        std::string::npos);
  CHECK(log.find("from=<security-action-info@ipa.go.jp>") != std::string::npos);
  CHECK(log.find("99999910002") == std::string::npos);  // never the full user number
  CHECK(log.find("elapsed_ms=") != std::string::npos);
}

TEST_CASE("a notice over TCP gets the same edits", "[milter][protocol]") {
  MilterUnderTest milter({}, /*tcp=*/true);
  MilterClient client = milter.session();
  auto replies =
      client.send_message("security-action-info@ipa.go.jp", {"hojokin@grant.example.lg.jp"},
                          direct_notice(kForged), "4TqA1B2C3E");
  check_notice_edits(replies);
  client.quit();
}

TEST_CASE("an aborted message leaves nothing for the next one", "[milter][protocol]") {
  MilterUnderTest milter;
  MilterClient client = milter.session();
  client.mail("<security-action-info@ipa.go.jp>");
  client.rcpt("<hojokin@grant.example.lg.jp>");
  client.data();
  client.header("X-SA-Triage-Verdict", "verified");
  client.header("From", "SECURITY ACTION事務局 <security-action-info@ipa.go.jp>");
  client.eoh();
  client.abort();

  auto replies = client.send_message("sato@mihon-kogyo.example.jp", {"hojokin@grant.example.lg.jp"},
                                     ordinary_mail(), "4Tq2");
  CHECK(replies_with(replies, 'm').empty());  // the aborted message's forged header is gone
  CHECK(added(replies, "X-SA-Triage-Verdict") == "none");
  CHECK(replies.back().code == 'a');
  client.quit();
}

TEST_CASE("many messages on one connection are each handled on their own", "[milter][protocol]") {
  MilterUnderTest milter;
  MilterClient client = milter.session();
  for (int i = 0; i < 20; ++i) {
    std::string id = "4Q" + std::to_string(i);
    if (i % 2 == 0) {
      auto replies =
          client.send_message("security-action-info@ipa.go.jp", {"hojokin@grant.example.lg.jp"},
                              direct_notice(kForged), id);
      check_notice_edits(replies);
    } else {
      auto replies = client.send_message("sato@mihon-kogyo.example.jp",
                                         {"hojokin@grant.example.lg.jp"}, ordinary_mail(), id);
      CHECK(replies_with(replies, 'm').empty());
      CHECK(added(replies, "X-SA-Triage-Verdict") == "none");
    }
  }
  client.quit();
  CHECK(milter.daemon->wait_for_log("queue_id=4Q19 ", std::chrono::seconds(5)));
}

TEST_CASE("several connections at once", "[milter][protocol]") {
  MilterUnderTest milter;
  std::vector<MilterClient> clients;
  for (int i = 0; i < 4; ++i) clients.push_back(milter.session());
  for (int i = 0; i < 4; ++i) {
    auto replies =
        clients[i].send_message("security-action-info@ipa.go.jp", {"hojokin@grant.example.lg.jp"},
                                direct_notice(kForged), "4C" + std::to_string(i));
    check_notice_edits(replies);
  }
  for (auto& c : clients) c.quit();
}

}  // namespace sa::test
