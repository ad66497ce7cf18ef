// ole2_bounds_test.cc - the check made before libgsf opens a .msg: real files pass; a
// missing signature, a cut header, a bad sector size, a cyclic or runaway directory chain
// and an oversized directory are refused.
#include "core/ole2_bounds.h"

#include <catch2/catch.hpp>

#include "core/mapi_message.h"
#include "outlook_fixtures.h"

using namespace sa;
using namespace sa::test;

namespace {

void put32(std::string& b, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) b[at + i] = static_cast<char>(v >> (8 * i) & 0xFF);
}

std::uint32_t get32(const std::string& b, std::size_t at) {
  std::uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = v << 8 | static_cast<unsigned char>(b[at + i]);
  return v;
}

std::string small_msg() { return notice_msg(Notice{}, Strings::Unicode, false); }

}  // namespace

TEST_CASE("a .msg written by libgsf passes the OLE2 check", "[ole2]") {
  CHECK(check_ole2(small_msg(), 1024) == Ole2Check::Ok);
  CHECK(check_ole2(notice_msg(Notice{}, Strings::Cp932, true), 1024) == Ole2Check::Ok);
}

TEST_CASE("bytes without the OLE2 signature are not OLE2", "[ole2]") {
  CHECK(check_ole2("", 1024) == Ole2Check::NotOle2);
  CHECK(check_ole2("From: someone@example.jp\r\n\r\nhello", 1024) == Ole2Check::NotOle2);
}

TEST_CASE("a cut or inconsistent OLE2 header is damaged", "[ole2]") {
  const std::string msg = small_msg();
  CHECK(check_ole2(msg.substr(0, 100), 1024) == Ole2Check::Damaged);
  CHECK(check_ole2(msg.substr(0, 512), 1024) == Ole2Check::Damaged);
  std::string shift = msg;
  shift[0x1E] = 20;  // 1 MiB sectors
  CHECK(check_ole2(shift, 1024) == Ole2Check::Damaged);
  std::string fat_count = msg;
  put32(fat_count, 0x2C, 0x7FFFFFFF);
  CHECK(check_ole2(fat_count, 1024) == Ole2Check::Damaged);
  std::string dir = msg;
  put32(dir, 0x30, 0x00FFFFFF);  // directory past the end
  CHECK(check_ole2(dir, 1024) == Ole2Check::Damaged);
}

TEST_CASE("a cyclic directory chain in the FAT is damaged, not followed", "[ole2]") {
  std::string msg = small_msg();
  const std::uint32_t dir_start = get32(msg, 0x30);
  put32(msg, fat_entry_offset(msg, dir_start), dir_start);
  CHECK(check_ole2(msg, 1024) == Ole2Check::Damaged);
}

TEST_CASE("a directory with more entries than allowed is refused", "[ole2]") {
  MsgMessage m;
  m.properties.push_back(unicode_property(mapi::kSubject, "x"));
  m.filler_streams = 1200;
  const std::string msg = msg_file(m);
  CHECK(check_ole2(msg, 1024) == Ole2Check::TooManyEntries);
  CHECK(check_ole2(msg, 4096) == Ole2Check::Ok);
}
