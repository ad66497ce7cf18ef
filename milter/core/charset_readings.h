// charset_readings.h - one byte charset read into UTF-8 (a Reading: a glibc iconv charset, with
// the charset that reads the characters it lacks), the readings each Japanese label has, and the
// choice between the two readings of EUC-JP. Undecodable characters are one U+FFFD each. It
// parses no labels (charset.cc does) and guesses no charset (charset_guess.h does).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sa {

struct Reading {
  const char* charset = nullptr;  // a name every glibc iconv knows
  const char* fallback = "";      // tried for each character `charset` does not decode
};

// A label's usual reading, and the one to use instead when it decodes the text with fewer U+FFFD
// (charset nullptr: none).
struct Readings {
  Reading primary;
  Reading secondary;
};

inline constexpr Reading kLatin1{"ISO-8859-1"};
inline constexpr Reading kCp932{"CP932"};
inline constexpr Reading kShiftJisx0213{"SHIFT_JISX0213"};
inline constexpr Reading kEucJpMs{"EUC-JP-MS"};
// JIS X 0213 plane 2 leaves the rows of JIS X 0212 free; EUC-JIS-2004 readers (Python's among
// them) read a 3-byte character there as JIS X 0212, and so does this reading.
inline constexpr Reading kEucJisx0213{"EUC-JISX0213", "EUC-JP"};

// Shift_JIS is CP932, what Windows writes under that label. It has no Shift_JIS-2004 fallback:
// a damaged or unassigned CP932 pair is nearly always a valid Shift_JIS-2004 one, and reading the
// whole text so would turn CP932's IBM extensions (髙) into other kanji.
inline constexpr Readings kShiftJis{kCp932, {}};
inline constexpr Readings kShiftJis2004{kShiftJisx0213, {}};
inline constexpr Readings kEucJp{kEucJpMs, kEucJisx0213};
inline constexpr Readings kEucJpMsOnly{kEucJpMs, {}};
inline constexpr Readings kEucJis2004{kEucJisx0213, kEucJpMs};

// Appends `in` read with `reading` to `out`; returns how many U+FFFD it wrote. Should glibc lack
// the charset, the text is one U+FFFD rather than nothing.
std::size_t read_with(const Reading& reading, std::string_view in, std::string& out);

// Appends `in` read with the usual reading, unless the other decodes it with fewer U+FFFD
// (counting its private-use characters as U+FFFD: they are no evidence for it) and no character
// of `in` is a real character in both that differs (then the text cannot tell which is right).
std::size_t read_with(const Readings& readings, std::string_view in, std::string& out);

// UTF-8 with each ill-formed sequence (its maximal subpart) replaced by one U+FFFD; returns how
// many.
std::size_t read_utf8(std::string_view in, std::string& out);

bool is_valid_utf8(std::string_view s);

// Private-use characters (U+E000-U+F8FF) in UTF-8: what CP932 and eucJP-ms make of their
// user-defined areas.
std::size_t count_private_use(std::string_view utf8);

}  // namespace sa
