// mapi_values.cc - UTF-16LE, code pages and FILETIME as MAPI stores them.
#include "core/mapi_values.h"

#include <array>
#include <cstdio>

#include "core/utf8.h"

namespace sa {
namespace {

constexpr std::uint64_t kFiletimeTicksPerSecond = 10'000'000;
constexpr std::uint64_t kSecondsFrom1601To1970 = 11'644'473'600;
constexpr std::uint64_t kSecondsBefore10000 = 253'402'300'800;  // 10000-01-01T00:00:00Z

constexpr std::uint32_t kReplacement = 0xFFFD;

// Year, month (1-12) and day of a count of days since 1970-01-01 (H. Hinnant's algorithm).
void civil_from_days(std::int64_t z, int& year, unsigned& month, unsigned& day) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  day = doy - (153 * mp + 2) / 5 + 1;
  month = mp < 10 ? mp + 3 : mp - 9;
  year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
}

}  // namespace

std::uint16_t le16(std::string_view b, std::size_t at) {
  return static_cast<std::uint16_t>(static_cast<unsigned char>(b[at]) |
                                    static_cast<unsigned char>(b[at + 1]) << 8);
}

std::uint32_t le32(std::string_view b, std::size_t at) {
  return static_cast<std::uint32_t>(le16(b, at)) | static_cast<std::uint32_t>(le16(b, at + 2))
                                                       << 16;
}

std::uint64_t le64(std::string_view b, std::size_t at) {
  return static_cast<std::uint64_t>(le32(b, at)) | static_cast<std::uint64_t>(le32(b, at + 4))
                                                       << 32;
}

std::string utf16le_to_utf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 2);
  std::size_t i = 0;
  for (; i + 1 < bytes.size(); i += 2) {
    std::uint32_t unit = le16(bytes, i);
    if (unit == 0) return out;
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      const std::uint32_t low = i + 3 < bytes.size() ? le16(bytes, i + 2) : 0;
      if (low >= 0xDC00 && low <= 0xDFFF) {
        append_utf8(out, 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00));
        i += 2;
      } else {
        append_utf8(out, kReplacement);
      }
    } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
      append_utf8(out, kReplacement);
    } else {
      append_utf8(out, unit);
    }
  }
  if (i < bytes.size()) append_utf8(out, kReplacement);
  return out;
}

std::string codepage_charset(std::uint32_t codepage) {
  switch (codepage) {
    case 0:
      return "";
    case 932:
      return "cp932";
    case 20932:
    case 51932:
      return "euc-jp";
    case 50220:
    case 50221:
    case 50222:
      return "iso-2022-jp";
    case 65001:
      return "utf-8";
    case 20127:
      return "us-ascii";
    case 28591:
      return "iso-8859-1";
    case 936:
      return "gbk";
    case 949:
      return "cp949";
    case 950:
      return "big5";
    default:
      break;
  }
  if (codepage >= 1250 && codepage <= 1258) return "windows-" + std::to_string(codepage);
  if (codepage >= 28592 && codepage <= 28599) return "iso-8859-" + std::to_string(codepage - 28590);
  return "cp" + std::to_string(codepage);
}

std::optional<std::string> filetime_to_rfc5322(std::uint64_t filetime) {
  const std::uint64_t seconds_1601 = filetime / kFiletimeTicksPerSecond;
  if (seconds_1601 < kSecondsFrom1601To1970) return std::nullopt;
  const std::uint64_t unix_seconds = seconds_1601 - kSecondsFrom1601To1970;
  if (unix_seconds >= kSecondsBefore10000) return std::nullopt;
  const auto days = static_cast<std::int64_t>(unix_seconds / 86400);
  const auto of_day = static_cast<unsigned>(unix_seconds % 86400);
  int year = 0;
  unsigned month = 0;
  unsigned day = 0;
  civil_from_days(days, year, month, day);
  static constexpr std::array<const char*, 7> kWeekdays{"Thu", "Fri", "Sat", "Sun",
                                                        "Mon", "Tue", "Wed"};
  static constexpr std::array<const char*, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char text[40];
  std::snprintf(text, sizeof text, "%s, %02u %s %04d %02u:%02u:%02u +0000", kWeekdays[days % 7],
                day, kMonths[month - 1], year, of_day / 3600, of_day / 60 % 60, of_day % 60);
  return std::string(text);
}

}  // namespace sa
