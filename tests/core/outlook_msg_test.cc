// outlook_msg_test.cc - attached .msg files through parse_message: the view of the notice's
// MAPI properties (Unicode and CP932 strings, HTML-only bodies, transport headers), what a
// .msg carries (embedded messages, .eml files), and hostile files (truncated, cyclic FAT,
// huge property counts and directories, deep nesting, random damage) that end in a reason.
#include "core/outlook_msg.h"

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

MessageView parse_with(const std::string& content_type, const std::string& filename,
                       const std::string& bytes) {
  mime_init();
  return parse_message(
      applicant_message("FW: 自己宣言完了のお知らせ", "IPAからの通知を添付します。",
                        {{content_type, filename, bytes}}),
      kLimits);
}

MessageView parse_msg(const std::string& msg) {
  return parse_with("application/vnd.ms-outlook", "notice.msg", msg);
}

bool has(const std::vector<std::string>& problems, const std::string& p) {
  return std::find(problems.begin(), problems.end(), p) != problems.end();
}

void put32(std::string& b, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) b[at + i] = static_cast<char>(v >> (8 * i) & 0xFF);
}

std::uint32_t get32(const std::string& b, std::size_t at) {
  std::uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = v << 8 | static_cast<unsigned char>(b[at + i]);
  return v;
}

std::vector<MapiProperty> without(std::vector<MapiProperty> props,
                                  std::initializer_list<std::uint16_t> ids) {
  std::erase_if(props, [&](const MapiProperty& p) {
    return std::find(ids.begin(), ids.end(), p.id) != ids.end();
  });
  return props;
}

MsgMessage message_of(std::vector<MapiProperty> props) {
  MsgMessage m;
  m.properties = std::move(props);
  return m;
}

void check_notice_view(const MessageView& v) {
  CHECK(v.container == Container::OutlookMsg);
  CHECK(v.raw.empty());
  CHECK(v.header_value("From") == "SECURITY ACTION事務局 <security-action-info@ipa.go.jp>");
  CHECK(v.header_value("Subject") == "【SECURITY ACTION】二つ星：自己宣言完了のお知らせ");
  CHECK(v.header_value("Date") == "Wed, 01 Apr 2026 01:00:00 +0000");
  CHECK(v.header_value("Message-ID") == "<20260401100000.4a1b@sa.ipa.go.jp>");
  CHECK(v.text.find("自己宣言ID：41234567890\n") != std::string::npos);
  CHECK(v.text.find("株式会社サンプル商事\n山田 太郎様") == 0);
  CHECK(v.text.find('\r') == std::string::npos);
}

}  // namespace

TEST_CASE("an attached .msg becomes a view of its Unicode properties", "[msg]") {
  const MessageView top = parse_msg(notice_msg(Notice{}, Strings::Unicode, false));
  CHECK(top.problems.empty());
  REQUIRE(top.attached.size() == 1);
  check_notice_view(top.attached[0]);
  CHECK(top.attached[0].problems.empty());
}

TEST_CASE("8-bit properties are decoded in PR_MESSAGE_CODEPAGE (CP932)", "[msg]") {
  const MessageView top = parse_msg(notice_msg(Notice{}, Strings::Cp932, false));
  REQUIRE(top.attached.size() == 1);
  check_notice_view(top.attached[0]);
  CHECK(top.attached[0].problems.empty());
}

TEST_CASE("a .msg is recognised by its name or by its content type", "[msg]") {
  const std::string msg = notice_msg(Notice{}, Strings::Unicode, false);
  CHECK(parse_with("application/octet-stream", "FW 自己宣言.MSG", msg).attached.size() == 1);
  CHECK(parse_with("application/vnd.ms-outlook", "noname", msg).attached.size() == 1);
  CHECK(parse_with("application/octet-stream", "notice.bin", msg).attached.empty());
  // A message/rfc822 part is a message, whatever its name says.
  const MessageView eml = parse_with("message/rfc822", "notice.msg", notice_eml(Notice{}));
  REQUIRE(eml.attached.size() == 1);
  CHECK(eml.attached[0].container == Container::None);
  CHECK(eml.problems.empty());
}

TEST_CASE("the transport headers give what the properties lack", "[msg]") {
  const Notice n;
  const auto props =
      without(notice_properties(n, Strings::Unicode, true),
              {mapi::kSubject, mapi::kSentRepresentingEmail, mapi::kSenderEmail,
               mapi::kClientSubmitTime, mapi::kDeliveryTime, mapi::kInternetMessageId});
  const MessageView top = parse_msg(msg_file(message_of(props)));
  REQUIRE(top.attached.size() == 1);
  const MessageView& v = top.attached[0];
  CHECK(v.header_value("From") == "SECURITY ACTION事務局 <security-action-info@ipa.go.jp>");
  CHECK(v.header_value("Subject") == n.subject());
  CHECK(v.header_value("Date") == "Wed, 01 Apr 2026 10:00:00 +0900");
  CHECK(v.header_value("Message-ID") == "<20260401100000.4a1b@sa.ipa.go.jp>");
  CHECK(v.problems.empty());
}

TEST_CASE("properties and transport headers that disagree are an ambiguity", "[msg]") {
  Notice edited;
  edited.star = "一つ星";  // the subject edited in Outlook; the transport headers keep 二つ星
  edited.from_address = "notice@ipa-go.example.com";
  auto props = notice_properties(edited, Strings::Unicode, false);
  props.push_back(unicode_property(mapi::kTransportHeaders, Notice{}.transport_headers()));
  const MessageView top = parse_msg(msg_file(message_of(props)));
  REQUIRE(top.attached.size() == 1);
  const MessageView& v = top.attached[0];
  CHECK(v.header_value("Subject") == edited.subject());
  CHECK(has(v.problems, "ambiguous=container-from"));
  CHECK(has(v.problems, "ambiguous=container-subject"));
  CHECK_FALSE(has(top.problems, "ambiguous=container-from"));  // the view's own, not the mail's
}

TEST_CASE("a repeated From in the transport headers is an ambiguity", "[msg]") {
  const Notice n;
  const std::string twice = "From: <security-action-info@ipa.go.jp>\r\n" + n.transport_headers();
  auto props = without(notice_properties(n, Strings::Unicode, false),
                       {mapi::kSentRepresentingEmail, mapi::kSenderEmail});
  props.push_back(unicode_property(mapi::kTransportHeaders, twice));
  const MessageView top = parse_msg(msg_file(message_of(props)));
  REQUIRE(top.attached.size() == 1);
  CHECK(has(top.attached[0].problems, "ambiguous=duplicate-from"));
}

TEST_CASE("an address property that is not one plain addr-spec is refused", "[msg]") {
  Notice n;
  n.from_address = "x@example.com> <security-action-info@ipa.go.jp";
  const MessageView top = parse_msg(notice_msg(n, Strings::Unicode, false));
  REQUIRE(top.attached.size() == 1);
  CHECK(top.attached[0].header_value("From").empty());
  CHECK(has(top.attached[0].problems, "container=bad-address"));
}

TEST_CASE("an Exchange DN sender falls back to the SMTP address property", "[msg]") {
  auto props = without(notice_properties(Notice{}, Strings::Unicode, false),
                       {mapi::kSentRepresentingAddrType, mapi::kSentRepresentingEmail});
  props.push_back(unicode_property(mapi::kSentRepresentingAddrType, "EX"));
  props.push_back(unicode_property(mapi::kSentRepresentingEmail, "/O=EXCHANGELABS/OU=X/CN=IPA"));
  props.push_back(unicode_property(mapi::kSentRepresentingSmtp, "security-action-info@ipa.go.jp"));
  const MessageView top = parse_msg(msg_file(message_of(props)));
  REQUIRE(top.attached.size() == 1);
  CHECK(top.attached[0].header_value("From") ==
        "SECURITY ACTION事務局 <security-action-info@ipa.go.jp>");
}

TEST_CASE("without PR_BODY the HTML body is read as text", "[msg]") {
  auto props = without(notice_properties(Notice{}, Strings::Unicode, false),
                       {mapi::kBody, mapi::kInternetCodepage});
  props.push_back(long_property(mapi::kInternetCodepage, 932));
  props.push_back(binary_property(mapi::kHtml,
                                  encode_as("<html><body><p>株式会社サンプル商事<br>山田 太郎様</p>"
                                            "<p>自己宣言ID：41234567890</p></body></html>",
                                            "CP932")));
  const MessageView top = parse_msg(msg_file(message_of(props)));
  REQUIRE(top.attached.size() == 1);
  CHECK(top.attached[0].text.find("自己宣言ID：41234567890") != std::string::npos);
  CHECK(top.attached[0].text.find("<p>") == std::string::npos);
}

TEST_CASE("a .msg without any body says so", "[msg]") {
  const auto props = without(notice_properties(Notice{}, Strings::Unicode, false), {mapi::kBody});
  const MessageView top = parse_msg(msg_file(message_of(props)));
  REQUIRE(top.attached.size() == 1);
  CHECK(top.attached[0].text.empty());
  CHECK(has(top.attached[0].problems, "container=no-text"));
}

TEST_CASE("a message embedded in a .msg is a nested Outlook message", "[msg]") {
  MsgMessage forward = message_of({unicode_property(mapi::kSubject, "FW: 通知"),
                                   unicode_property(mapi::kBody, "転送します。")});
  MsgAttachment a;
  a.properties.push_back(long_property(mapi::kAttachMethod, mapi::kAttachEmbeddedMessage));
  a.embedded.push_back(message_of(notice_properties(Notice{}, Strings::Cp932, false)));
  forward.attachments.push_back(a);
  const MessageView top = parse_msg(msg_file(forward));
  REQUIRE(top.attached.size() == 1);
  REQUIRE(top.attached[0].attached.size() == 1);
  check_notice_view(top.attached[0].attached[0]);
}

TEST_CASE("an .eml inside a .msg is searched like any attached message", "[msg]") {
  const std::string eml = notice_eml(Notice{});
  MsgMessage forward = message_of({unicode_property(mapi::kSubject, "FW: 通知")});
  MsgAttachment a;
  a.properties = {long_property(mapi::kAttachMethod, 1), binary_property(mapi::kAttachData, eml),
                  unicode_property(mapi::kAttachLongFilename, "通知.eml")};
  forward.attachments.push_back(a);
  const MessageView top = parse_msg(msg_file(forward));
  REQUIRE(top.attached.size() == 1);
  REQUIRE(top.attached[0].attached.size() == 1);
  const MessageView& inner = top.attached[0].attached[0];
  CHECK(inner.container == Container::None);
  CHECK(inner.raw == eml);
  CHECK(inner.standalone);
  CHECK(inner.header_value("Subject") == Notice{}.subject());
}

TEST_CASE("a truncated or foreign .msg is unreadable, never a crash", "[msg][hostile]") {
  const std::string msg = notice_msg(Notice{}, Strings::Unicode, true);
  for (std::size_t cut : {std::size_t{0}, std::size_t{7}, std::size_t{300}, msg.size() / 3,
                          msg.size() / 2, msg.size() - 1}) {
    INFO("cut at " << cut);
    const MessageView top = parse_msg(msg.substr(0, cut));
    CHECK(top.attached.size() <= 1);
    CHECK((has(top.problems, "container=unreadable") || has(top.problems, "container=damaged")));
  }
  CHECK(has(parse_msg("%PDF-1.7 not an OLE2 file").problems, "container=unreadable"));
}

TEST_CASE("a cyclic directory chain is refused before libgsf", "[msg][hostile]") {
  std::string msg = notice_msg(Notice{}, Strings::Unicode, false);
  const std::uint32_t dir_start = get32(msg, 0x30);
  put32(msg, fat_entry_offset(msg, dir_start), dir_start);
  const MessageView top = parse_msg(msg);
  CHECK(top.attached.empty());
  CHECK(has(top.problems, "container=unreadable"));
}

TEST_CASE("a cyclic FAT chain in a stream ends as damage, in bounded time", "[msg][hostile]") {
  Notice n;
  n.company = std::string(3000, 'A');  // the body becomes a big-block stream
  std::string msg = notice_msg(n, Strings::Unicode, false);
  const std::size_t entry = directory_entry_offset(msg, "__substg1.0_1000001F");
  REQUIRE(entry != std::string::npos);
  const std::uint32_t first = get32(msg, entry + 0x74);
  put32(msg, fat_entry_offset(msg, first), first);
  const auto start = std::chrono::steady_clock::now();
  const MessageView top = parse_msg(msg);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
  REQUIRE(top.attached.size() == 1);
  CHECK(has(top.problems, "container=damaged"));
  CHECK(top.attached[0].text.find(std::string(3000, 'A')) == std::string::npos);
}

TEST_CASE("a huge property count is refused", "[msg][hostile]") {
  MsgMessage m = message_of(notice_properties(Notice{}, Strings::Unicode, false));
  m.filler_entries = 100000;
  const MessageView top = parse_msg(msg_file(m));
  CHECK(top.attached.empty());
  CHECK(has(top.problems, "container=too-many-properties"));
}

TEST_CASE("a directory of thousands of streams is refused", "[msg][hostile]") {
  MsgMessage m = message_of(notice_properties(Notice{}, Strings::Unicode, false));
  m.filler_streams = 3000;
  const MessageView top = parse_msg(msg_file(m));
  CHECK(top.attached.empty());
  CHECK(has(top.problems, "container=too-many-streams"));
}

TEST_CASE("embedded messages nested past limits.max_depth stop at the limit", "[msg][hostile]") {
  MsgMessage inner = message_of(notice_properties(Notice{}, Strings::Unicode, false));
  for (int i = 0; i < 20; ++i) {
    MsgMessage outer = message_of({unicode_property(mapi::kSubject, "FW: " + std::to_string(i))});
    MsgAttachment a;
    a.properties.push_back(long_property(mapi::kAttachMethod, mapi::kAttachEmbeddedMessage));
    a.embedded.push_back(std::move(inner));
    outer.attachments.push_back(std::move(a));
    inner = std::move(outer);
  }
  const MessageView top = parse_msg(msg_file(inner));
  CHECK(has(top.problems, "depth-limit"));
  int depth = 0;
  for (const MessageView* v = &top; !v->attached.empty(); v = &v->attached[0]) ++depth;
  CHECK(depth == kLimits.max_depth);
}

TEST_CASE("a .msg over the size cap is not read", "[msg][hostile]") {
  MsgMessage m = message_of(notice_properties(Notice{}, Strings::Unicode, false));
  m.properties.push_back(binary_property(0x6001, std::string(kMaxMsgBytes, 'x')));
  const MessageView top = parse_msg(msg_file(m));
  CHECK(top.attached.empty());
  CHECK(has(top.problems, "container=too-large"));
}

TEST_CASE("randomly damaged .msg files never crash and stay bounded", "[msg][hostile]") {
  MsgMessage forward = message_of(notice_properties(Notice{}, Strings::Cp932, true));
  MsgAttachment a;
  a.properties.push_back(long_property(mapi::kAttachMethod, mapi::kAttachEmbeddedMessage));
  a.embedded.push_back(message_of(notice_properties(Notice{}, Strings::Unicode, false)));
  forward.attachments.push_back(a);
  const std::string msg = msg_file(forward);
  std::mt19937 random(20260401);
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 300; ++i) {
    std::string damaged = msg;
    const int flips = 1 + static_cast<int>(random() % 16);
    for (int f = 0; f < flips; ++f) {
      damaged[random() % damaged.size()] = static_cast<char>(random() & 0xFF);
    }
    const MessageView top = parse_msg(damaged);
    CHECK(top.attached.size() <= 1);
  }
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(60));
}
