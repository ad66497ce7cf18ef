// iconv_decode.h - one charset to UTF-8 with glibc iconv: each undecodable character becomes
// exactly one U+FFFD and decoding resumes at the next character (byte_structure.h says where that
// is), never one byte into a double-byte pair. Descriptors are cached per thread. It reads no
// labels and chooses no charset; charset.cc does.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sa {

constexpr std::size_t kUnknownCharset = static_cast<std::size_t>(-1);

// Appends `in` decoded from the iconv charset `from` to `out`. Returns how many U+FFFD it wrote,
// or kUnknownCharset (writing nothing) when iconv does not know `from`. A character `from` does
// not decode is tried alone in `fallback` when one is named (EUC-JIS-2004 reads the JIS X 0212
// rows it leaves free that way). For a charset whose character boundaries we cannot tell (a
// shift-state encoding other than ISO-2022-JP), the first undecodable sequence and everything
// after it become one U+FFFD: a guess at where the next character starts could invent text.
std::size_t iconv_decode(const std::string& from, std::string_view in, std::string& out,
                         const std::string& fallback = {});

// U+FFFD in UTF-8.
inline constexpr std::string_view kReplacementChar = "\xEF\xBF\xBD";

}  // namespace sa
