// outlook_engine_test.cc - Outlook containers through sa::Engine with the shipped config:
// the notice in an attached .msg, in a message embedded in a winmail.dat, and as the
// winmail.dat's own message gives the notice's fields, forward attachment-msg or tnef, and
// `consistent` at most - even with an authenticator that would pass anything, which is
// never asked about a container. A container that says two things is `suspicious`.
#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>

#include "core/engine.h"
#include "core/mapi_message.h"
#include "outlook_fixtures.h"

using namespace sa;
using namespace sa::test;

namespace {

// Passes every original, and counts the containers it was shown.
class PassEverything final : public OriginalAuthenticator {
 public:
  AuthResult authenticate(const MessageView& original, const std::string&, bool) const override {
    ++calls;
    if (original.container != Container::None) ++container_calls;
    AuthResult r;
    r.status = AuthResult::Status::Pass;
    r.method = "dkim";
    r.domain = "ipa.go.jp";
    r.reasons.push_back("dkim=pass");
    r.header = "dkim=pass header.d=ipa.go.jp";
    return r;
  }
  mutable std::atomic<int> calls{0};
  mutable std::atomic<int> container_calls{0};
};

const Engine& engine() {
  static const Engine instance(load_config(SA_CONFIG_FILE));
  return instance;
}

bool has(const Evidence& ev, const std::string& reason) {
  return std::find(ev.reasons.begin(), ev.reasons.end(), reason) != ev.reasons.end();
}

std::string with_attachment(const std::string& type, const std::string& name,
                            const std::string& bytes) {
  return applicant_message("FW: 【SECURITY ACTION】二つ星：自己宣言完了のお知らせ",
                           "ご担当者様\r\n\r\nIPAからの通知を添付いたします。\r\n",
                           {{type, name, bytes}});
}

void check_notice_fields(const Evidence& ev) {
  CHECK(ev.notice == "declaration-complete");
  CHECK(ev.star == 2);
  CHECK(ev.declaration_id == "41234567890");
  CHECK(ev.user_number == "12345678901");
  CHECK(ev.company == "株式会社サンプル商事");
  CHECK(ev.original_from.find("security-action-info@ipa.go.jp") != std::string::npos);
  CHECK(has(ev, "container=unverifiable"));
  CHECK(has(ev, "sender=allowed"));
  CHECK(ev.verified_original.empty());
}

}  // namespace

TEST_CASE("the notice in an attached .msg is consistent, forward attachment-msg", "[outlook]") {
  for (Strings strings : {Strings::Unicode, Strings::Cp932}) {
    for (bool transport : {false, true}) {
      INFO("cp932 " << (strings == Strings::Cp932) << " transport headers " << transport);
      const Evidence ev = engine().examine(with_attachment(
          "application/vnd.ms-outlook", "notice.msg", notice_msg(Notice{}, strings, transport)));
      CHECK(ev.verdict == Verdict::Consistent);
      CHECK(ev.forward == ForwardStyle::AttachmentMsg);
      CHECK(has(ev, "forward=attachment-msg"));
      check_notice_fields(ev);
    }
  }
}

TEST_CASE("the notice embedded in a winmail.dat is an attached Outlook message", "[outlook]") {
  const Evidence ev = engine().examine(
      with_attachment("application/ms-tnef", "winmail.dat", forward_tnef_embedding(Notice{})));
  CHECK(ev.verdict == Verdict::Consistent);
  CHECK(ev.forward == ForwardStyle::AttachmentMsg);
  check_notice_fields(ev);
}

TEST_CASE("a winmail.dat whose own message is the notice gives forward tnef", "[outlook]") {
  const std::string raw = applicant_message(
      "転送", "", {{"application/ms-tnef", "winmail.dat", notice_tnef(Notice{})}});
  const Evidence ev = engine().examine(raw);
  CHECK(ev.verdict == Verdict::Consistent);
  CHECK(ev.forward == ForwardStyle::Tnef);
  CHECK(has(ev, "forward=tnef"));
  check_notice_fields(ev);
}

TEST_CASE("the forward a winmail.dat carries is not judged as an original", "[outlook]") {
  // Its subject claims (【SECURITY ACTION】) and its sender is the applicant: it must not
  // make the message suspicious when the notice it carries is fine.
  const Evidence ev = engine().examine(
      with_attachment("application/ms-tnef", "winmail.dat", forward_tnef_embedding(Notice{})));
  CHECK_FALSE(has(ev, "sender=not-allowed"));
  CHECK(ev.verdict == Verdict::Consistent);
}

TEST_CASE("a container is never verified, and never shown to the authenticator", "[outlook]") {
  auto auth = std::make_shared<PassEverything>();
  const Engine with_auth(load_config(SA_CONFIG_FILE), auth);
  for (const std::string& raw :
       {with_attachment("application/vnd.ms-outlook", "notice.msg",
                        notice_msg(Notice{}, Strings::Unicode, true)),
        with_attachment("application/ms-tnef", "winmail.dat", forward_tnef_embedding(Notice{})),
        applicant_message("転送", "",
                          {{"application/ms-tnef", "winmail.dat", notice_tnef(Notice{})}})}) {
    const Evidence ev = with_auth.examine(raw);
    CHECK(ev.verdict == Verdict::Consistent);
    CHECK(has(ev, "container=unverifiable"));
    CHECK_FALSE(has(ev, "dkim=pass"));
    CHECK(ev.auth.empty());
    CHECK(ev.verified_original.empty());
  }
  CHECK(auth->container_calls == 0);
}

TEST_CASE("an .eml carried by a winmail.dat keeps its own bytes and its own judgement",
          "[outlook]") {
  // The .eml is the original's MIME bytes, unchanged by the TNEF around it: it is an
  // attachment like any other, and a signature over it may verify it.
  auto auth = std::make_shared<PassEverything>();
  const Engine with_auth(load_config(SA_CONFIG_FILE), auth);
  const std::string tnef =
      tnef_start(932).file_attachment("notice.eml", notice_eml(Notice{})).bytes();
  const Evidence ev =
      with_auth.examine(with_attachment("application/ms-tnef", "winmail.dat", tnef));
  CHECK(ev.forward == ForwardStyle::Attachment);
  CHECK(ev.verdict == Verdict::Verified);
  CHECK_FALSE(has(ev, "container=unverifiable"));
  CHECK(ev.verified_original == notice_eml(Notice{}));
  CHECK(auth->container_calls == 0);
}

TEST_CASE("a .msg whose properties and transport headers disagree is suspicious",
          "[outlook][hostile]") {
  Notice edited;
  edited.star = "二つ星";
  Notice original;
  original.star = "一つ星";
  auto props = notice_properties(edited, Strings::Unicode, false);
  props.push_back(unicode_property(mapi::kTransportHeaders, original.transport_headers()));
  MsgMessage m;
  m.properties = props;
  const Evidence ev =
      engine().examine(with_attachment("application/vnd.ms-outlook", "notice.msg", msg_file(m)));
  CHECK(ev.verdict == Verdict::Suspicious);
  CHECK(ev.forward == ForwardStyle::AttachmentMsg);
  CHECK(has(ev, "ambiguous=container-subject"));
  CHECK(has(ev, "container=unverifiable"));
  CHECK(ev.star == 0);
  CHECK(ev.declaration_id.empty());
  CHECK(ev.company.empty());
}

TEST_CASE("a .msg from a look-alike sender is suspicious", "[outlook]") {
  Notice n;
  n.from_address = "security-action-info@ipa-go.jp";
  const Evidence ev = engine().examine(with_attachment("application/vnd.ms-outlook", "notice.msg",
                                                       notice_msg(n, Strings::Unicode, false)));
  CHECK(ev.verdict == Verdict::Suspicious);
  CHECK(ev.forward == ForwardStyle::AttachmentMsg);
  CHECK(has(ev, "lookalike-domain=ipa-go.jp"));
}

TEST_CASE("an unreadable container is a reason, the message still judged", "[outlook][hostile]") {
  const std::string msg = notice_msg(Notice{}, Strings::Unicode, false);
  const Evidence ev = engine().examine(
      with_attachment("application/vnd.ms-outlook", "notice.msg", msg.substr(0, msg.size() / 2)));
  CHECK(ev.verdict != Verdict::Verified);
  CHECK(ev.verdict != Verdict::Error);
  CHECK(has(ev, "container=unreadable"));
}
