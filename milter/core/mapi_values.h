// mapi_values.h - conversions of MAPI property values as Outlook stores them: UTF-16LE strings
// (PT_UNICODE), Windows code page numbers (PR_MESSAGE_CODEPAGE, PR_INTERNET_CPID) to the
// charset labels charset.h decodes, and FILETIME (PT_SYSTIME) to an RFC 5322 date. Pure
// functions; they read no container.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sa {

// UTF-16LE to UTF-8; unpaired surrogates and a trailing odd byte become U+FFFD, and the
// string ends at the first U+0000 (Outlook stores a terminating NUL).
std::string utf16le_to_utf8(std::string_view bytes);

// The charset label for a Windows code page ("cp932" for 932, "utf-8" for 65001, ...);
// "" for 0. Code pages without a common name become "cp<number>" for iconv.
std::string codepage_charset(std::uint32_t codepage);

// A FILETIME (100 ns since 1601-01-01 UTC) as an RFC 5322 date in UTC, e.g.
// "Mon, 04 Mar 2024 01:12:33 +0000"; nullopt for 0 or a year outside 1970..9999.
std::optional<std::string> filetime_to_rfc5322(std::uint64_t filetime);

// Little-endian integers from `bytes` at `at`; the caller checks the bounds.
std::uint16_t le16(std::string_view bytes, std::size_t at);
std::uint32_t le32(std::string_view bytes, std::size_t at);
std::uint64_t le64(std::string_view bytes, std::size_t at);

}  // namespace sa
