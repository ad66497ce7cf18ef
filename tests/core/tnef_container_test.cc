// tnef_container_test.cc - winmail.dat through parse_message: the TNEF's own message
// (attMAPIProps, attSubject, attBody), what it carries (embedded messages, .msg and .eml
// files, a .msg inside a TNEF inside a .msg), and hostile streams that end in a reason.
#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <random>

#include "core/mapi_message.h"
#include "core/mime_tree.h"
#include "outlook_fixtures.h"

using namespace sa;
using namespace sa::test;

namespace {

const ParseLimits kLimits{8, 1000};

MessageView parse_tnef(const std::string& tnef, const std::string& type = "application/ms-tnef") {
  mime_init();
  return parse_message(applicant_message("FW: 自己宣言完了のお知らせ", "添付をご確認ください。",
                                         {{type, "winmail.dat", tnef}}),
                       kLimits);
}

bool has(const std::vector<std::string>& problems, const std::string& p) {
  return std::find(problems.begin(), problems.end(), p) != problems.end();
}

// Recomputes every attribute's checksum, so that damage reaches the MAPI blocks.
void fix_checksums(std::string& tnef) {
  std::size_t at = 6;
  while (at + 9 <= tnef.size()) {
    std::size_t length = 0;
    for (int i = 3; i >= 0; --i)
      length = length << 8 | static_cast<unsigned char>(tnef[at + 5 + i]);
    at += 9;
    if (length > tnef.size() || tnef.size() - at < length + 2) return;
    unsigned sum = 0;
    for (std::size_t i = 0; i < length; ++i) sum += static_cast<unsigned char>(tnef[at + i]);
    at += length;
    tnef[at] = static_cast<char>(sum & 0xFF);
    tnef[at + 1] = static_cast<char>(sum >> 8 & 0xFF);
    at += 2;
  }
}

constexpr std::uint32_t kAttSubject = 0x00018004;
constexpr std::uint32_t kAttBody = 0x0002800C;

}  // namespace

TEST_CASE("a winmail.dat is a view of its own message's properties", "[tnef]") {
  const MessageView top = parse_tnef(notice_tnef(Notice{}));
  CHECK(top.problems.empty());
  REQUIRE(top.attached.size() == 1);
  const MessageView& v = top.attached[0];
  CHECK(v.container == Container::Tnef);
  CHECK(v.raw.empty());
  CHECK(v.header_value("From") == "SECURITY ACTION事務局 <security-action-info@ipa.go.jp>");
  CHECK(v.header_value("Subject") == Notice{}.subject());
  CHECK(v.header_value("Date") == "Wed, 01 Apr 2026 01:00:00 +0000");
  CHECK(v.text.find("自己宣言ID：41234567890\n") != std::string::npos);
}

TEST_CASE("a TNEF is recognised by application/vnd.ms-tnef and by its name", "[tnef]") {
  CHECK(parse_tnef(notice_tnef(Notice{}), "application/vnd.ms-tnef").attached.size() == 1);
  CHECK(parse_tnef(notice_tnef(Notice{}), "application/octet-stream").attached.size() == 1);
}

TEST_CASE("attSubject and attBody in the OEM code page fill what attMAPIProps lacks", "[tnef]") {
  const Notice n;
  const std::string tnef =
      tnef_start(932)
          .attribute(1, kAttSubject, encode_as(n.subject(), "CP932") + '\0')
          .attribute(1, kAttBody,
                     encode_as("株式会社サンプル商事\r\n自己宣言ID：41234567890\r\n", "CP932"))
          .mapi(1, {unicode_property(mapi::kSentRepresentingEmail, n.from_address)})
          .bytes();
  const MessageView top = parse_tnef(tnef);
  REQUIRE(top.attached.size() == 1);
  const MessageView& v = top.attached[0];
  CHECK(v.header_value("Subject") == n.subject());
  CHECK(v.header_value("From") == "<security-action-info@ipa.go.jp>");
  CHECK(v.text == "株式会社サンプル商事\n自己宣言ID：41234567890\n");
  CHECK_FALSE(has(v.problems, "container=no-text"));
}

TEST_CASE("a message embedded in a TNEF is an attached Outlook message", "[tnef]") {
  const MessageView top = parse_tnef(forward_tnef_embedding(Notice{}));
  REQUIRE(top.attached.size() == 1);
  const MessageView& wrapper = top.attached[0];
  CHECK(wrapper.container == Container::Tnef);
  CHECK(wrapper.header_value("Subject") == "FW: " + Notice{}.subject());
  REQUIRE(wrapper.attached.size() == 1);
  const MessageView& notice = wrapper.attached[0];
  CHECK(notice.container == Container::OutlookMsg);
  CHECK(notice.header_value("Subject") == Notice{}.subject());  // CP932 strings
  CHECK(notice.header_value("From") == "SECURITY ACTION事務局 <security-action-info@ipa.go.jp>");
  CHECK(notice.text.find("自己宣言ID：41234567890") != std::string::npos);
}

TEST_CASE("a .msg and an .eml carried by a TNEF are searched too", "[tnef]") {
  const std::string tnef =
      tnef_start(932)
          .file_attachment("notice.msg", notice_msg(Notice{}, Strings::Unicode, false))
          .file_attachment("notice.eml", notice_eml(Notice{}))
          .file_attachment("form.pdf", "%PDF-1.7 ...")
          .bytes();
  const MessageView top = parse_tnef(tnef);
  REQUIRE(top.attached.size() == 1);
  const auto& carried = top.attached[0].attached;
  REQUIRE(carried.size() == 2);
  CHECK(carried[0].container == Container::OutlookMsg);
  CHECK(carried[1].container == Container::None);
  CHECK(carried[1].raw == notice_eml(Notice{}));
  for (const auto& c : carried) CHECK(c.header_value("Subject") == Notice{}.subject());
}

TEST_CASE("a .msg inside a TNEF inside a .msg is found", "[tnef][msg]") {
  const std::string tnef =
      tnef_start(932)
          .file_attachment("notice.msg", notice_msg(Notice{}, Strings::Unicode, false))
          .bytes();
  MsgMessage outer;
  outer.properties = {unicode_property(mapi::kSubject, "FW: 転送")};
  MsgAttachment a;
  a.properties = {binary_property(mapi::kAttachData, tnef),
                  unicode_property(mapi::kAttachLongFilename, "winmail.dat")};
  outer.attachments.push_back(a);
  mime_init();
  const MessageView top = parse_message(
      applicant_message("FW", "", {{"application/vnd.ms-outlook", "fw.msg", msg_file(outer)}}),
      kLimits);
  REQUIRE(top.attached.size() == 1);
  REQUIRE(top.attached[0].attached.size() == 1);
  REQUIRE(top.attached[0].attached[0].attached.size() == 1);
  const MessageView& notice = top.attached[0].attached[0].attached[0];
  CHECK(notice.container == Container::OutlookMsg);
  CHECK(notice.header_value("Subject") == Notice{}.subject());
}

TEST_CASE("TNEF streams nested past limits.max_depth stop at the limit", "[tnef][hostile]") {
  std::string tnef = notice_tnef(Notice{});
  for (int i = 0; i < 12; ++i) tnef = tnef_start(932).file_attachment("winmail.dat", tnef).bytes();
  const MessageView top = parse_tnef(tnef);
  CHECK(has(top.problems, "depth-limit"));
}

TEST_CASE("a damaged TNEF is unreadable, never a crash", "[tnef][hostile]") {
  const std::string tnef = forward_tnef_embedding(Notice{});
  // Cut inside an attribute (a cut between two attributes is a shorter, complete stream).
  for (std::size_t cut :
       {std::size_t{3}, std::size_t{5}, std::size_t{52}, tnef.size() / 2, tnef.size() - 1}) {
    INFO("cut at " << cut);
    const MessageView top = parse_tnef(tnef.substr(0, cut));
    CHECK(has(top.problems, "container=unreadable"));
    CHECK(top.attached.empty());
  }
  CHECK(has(parse_tnef("GIF89a not a tnef").problems, "container=unreadable"));
}

TEST_CASE("a TNEF with too many attachments is refused as a whole", "[tnef][hostile]") {
  TnefWriter many = tnef_start(932);
  for (int i = 0; i < 100; ++i) many.file_attachment("notice.eml", notice_eml(Notice{}));
  const MessageView top = parse_tnef(many.bytes());
  CHECK(top.attached.empty());
  CHECK(has(top.problems, "container=too-many-streams"));
}

TEST_CASE("copies out of containers share one budget per message", "[tnef][hostile]") {
  // 11 MB wrapped in seven TNEF levels: under every per-container cap and the message size
  // cap, but each level copies it again, past kMaxContainerBytesPerMessage in all.
  std::string tnef =
      tnef_start(932).file_attachment("data.bin", std::string(11u << 20, 'x')).bytes();
  for (int i = 0; i < 6; ++i) tnef = tnef_start(932).file_attachment("winmail.dat", tnef).bytes();
  const MessageView top = parse_tnef(tnef);
  CHECK(has(top.problems, "container=too-large"));
}

TEST_CASE("randomly damaged TNEF streams never crash and stay bounded", "[tnef][hostile]") {
  const std::vector<std::string> streams = {
      forward_tnef_embedding(Notice{}),
      tnef_start(932)
          .mapi(1, notice_properties(Notice{}, Strings::Cp932, true))
          .file_attachment("notice.eml", notice_eml(Notice{}))
          .file_attachment("notice.msg", notice_msg(Notice{}, Strings::Unicode, false))
          .bytes()};
  std::mt19937 random(20260402);
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 400; ++i) {
    std::string damaged = streams[i % streams.size()];
    const int flips = 1 + static_cast<int>(random() % 8);
    for (int f = 0; f < flips; ++f) {
      damaged[random() % damaged.size()] = static_cast<char>(random() & 0xFF);
    }
    if (i % 2 == 0) fix_checksums(damaged);
    const MessageView top = parse_tnef(damaged);
    CHECK(top.attached.size() <= 1);
  }
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(60));
}
