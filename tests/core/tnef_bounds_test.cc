// tnef_bounds_test.cc - the check made before libytnef parses a TNEF stream: Outlook-shaped
// streams pass; what libytnef 2.0 would fail on (and print about), what would make it leak,
// and what passes our caps is refused.
#include "core/tnef_bounds.h"

#include <catch2/catch.hpp>

#include "core/mapi_message.h"
#include "outlook_fixtures.h"

using namespace sa;
using namespace sa::test;

namespace {

constexpr std::uint32_t kAttSubject = 0x00018004;
constexpr std::uint32_t kAttBody = 0x0002800C;
constexpr std::uint32_t kAttAttachData = 0x0006800F;
constexpr std::uint32_t kAttTnefVersion = 0x00089006;

std::string le32(std::uint32_t v) {
  std::string out;
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>(v >> (8 * i) & 0xFF));
  return out;
}

TnefCheck check(const std::string& bytes) { return check_tnef(bytes).check; }

}  // namespace

TEST_CASE("Outlook-shaped TNEF streams pass", "[tnef]") {
  CHECK(check(notice_tnef(Notice{})) == TnefCheck::Ok);
  CHECK(check(forward_tnef_embedding(Notice{})) == TnefCheck::Ok);
  CHECK(check(tnef_start(932).file_attachment("notice.eml", notice_eml(Notice{})).bytes()) ==
        TnefCheck::Ok);
  const TnefShape with_subject =
      check_tnef(tnef_start(932).attribute(1, kAttSubject, "subject").bytes());
  CHECK(with_subject.check == TnefCheck::Ok);
  CHECK(with_subject.subject_attribute);
  CHECK_FALSE(check_tnef(notice_tnef(Notice{})).subject_attribute);
}

TEST_CASE("framing errors are damaged", "[tnef]") {
  const std::string good = notice_tnef(Notice{});
  CHECK(check("") == TnefCheck::NotTnef);
  CHECK(check("\x78\x9F\x3E") == TnefCheck::NotTnef);
  CHECK(check("not a tnef stream at all") == TnefCheck::NotTnef);
  CHECK(check(good.substr(0, good.size() - 1)) == TnefCheck::Damaged);  // checksum cut
  CHECK(check(good.substr(0, good.size() / 2)) == TnefCheck::Damaged);  // data cut
  std::string sum = good;
  sum[sum.size() - 1] ^= 0x01;
  CHECK(check(sum) == TnefCheck::Damaged);
  CHECK(check(tnef_start(932).attribute(1, 0x00068007, "").bytes()) == TnefCheck::Damaged);
  // A header cut short at the end ends the stream, for libytnef and for us.
  CHECK(check(good + std::string("\x01\x02\x03", 3)) == TnefCheck::Ok);
}

TEST_CASE("attributes past libytnef's own limits are refused", "[tnef]") {
  CHECK(check(tnef_start(932).attribute(1, kAttSubject, std::string(101, 'x')).bytes()) ==
        TnefCheck::Damaged);
  CHECK(check(tnef_start(932).attribute(1, kAttBody, std::string(100001, 'x')).bytes()) ==
        TnefCheck::Damaged);
  CHECK(check(TnefWriter().attribute(1, kAttTnefVersion, "\x00\x00\x01").bytes()) ==
        TnefCheck::Damaged);
  CHECK(check(tnef_start(932).attribute(1, 0x00038005, "short date").bytes()) ==
        TnefCheck::Damaged);
}

TEST_CASE("repeated and orphan attributes, which libytnef would leak, are refused", "[tnef]") {
  CHECK(check(tnef_start(932).attribute(1, kAttBody, "a").attribute(1, kAttBody, "b").bytes()) ==
        TnefCheck::Damaged);
  CHECK(check(tnef_start(932).attribute(2, kAttAttachData, "data").bytes()) == TnefCheck::Damaged);
  CHECK(check(tnef_start(932)
                  .file_attachment("a.txt", "a")
                  .attribute(2, kAttAttachData, "again")
                  .bytes()) == TnefCheck::Damaged);
  CHECK(
      check(tnef_start(932).file_attachment("a.txt", "a").file_attachment("b.txt", "b").bytes()) ==
      TnefCheck::Ok);
}

TEST_CASE("MAPI blocks are checked the way TNEFFillMapi reads them", "[tnef]") {
  auto with_block = [](const std::string& block) {
    return check(tnef_start(932).attribute(1, 0x00069003, block).bytes());
  };
  const std::string one = mapi_block({long_property(mapi::kMessageCodepage, 932)});
  CHECK(with_block(one) == TnefCheck::Ok);
  CHECK(with_block(le32(0)) == TnefCheck::Damaged);                     // no properties
  CHECK(with_block(le32(1001) + one.substr(4)) == TnefCheck::Damaged);  // over 1000
  CHECK(with_block(one + "xxxx") == TnefCheck::Damaged);                // trailing bytes
  CHECK(with_block(one.substr(0, one.size() - 2)) == TnefCheck::Damaged);
  CHECK(with_block(le32(1) + le32(0x00010077)) == TnefCheck::Damaged);  // unknown type
  // A subject property of more than 100 bytes fails libytnef's whole parse.
  CHECK(with_block(mapi_block({unicode_property(mapi::kSubject, std::string(60, 'x'))})) ==
        TnefCheck::Damaged);
  CHECK(with_block(mapi_block({unicode_property(mapi::kSubject, std::string(40, 'x'))})) ==
        TnefCheck::Ok);
  // Multi-valued: a count, then each value's size and bytes.
  const std::string multi = le32(1) + le32(0x00011000 | mapi::kUnicode) + le32(2) + le32(2) +
                            std::string("a\0\0\0", 4) + le32(2) + std::string("b\0\0\0", 4);
  CHECK(with_block(multi) == TnefCheck::Ok);
}

TEST_CASE("more attachments, attributes or property values than the caps allow", "[tnef]") {
  TnefWriter many = tnef_start(932);
  for (std::size_t i = 0; i <= kMaxTnefAttachments; ++i) many.file_attachment("a.txt", "a");
  CHECK(check(many.bytes()) == TnefCheck::TooManyEntries);

  TnefWriter values = tnef_start(932);
  std::vector<MapiProperty> props;
  for (int i = 0; i < 1000; ++i) props.push_back(long_property(0x6000 + i, 1));
  values.mapi(1, props);
  for (int a = 0; a < 20; ++a) values.file_attachment("a.txt", "a").mapi(2, props);
  CHECK(check(values.bytes()) == TnefCheck::TooManyEntries);

  TnefWriter attributes = tnef_start(932);
  for (std::uint32_t i = 0; i <= kMaxTnefAttributes; ++i)
    attributes.attribute(1, 0x000A0000 | i, "a");
  CHECK(check(attributes.bytes()) == TnefCheck::TooManyEntries);

  CHECK(check(std::string("\x78\x9F\x3E\x22", 4) + std::string(kMaxTnefBytes, '\0')) ==
        TnefCheck::TooLarge);
}
