// ascii.h - ASCII case folding for protocol words (charset labels, header names, domains,
// addresses, HTML tags, forward labels): the one set every library of the project uses.
// Locale independent; bytes >= 0x80 are left as they are. Also the scan for the end of a run
// of ASCII bytes that the UTF-8 validators and the normaliser skip eight bytes at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace sa {

constexpr char ascii_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}

constexpr bool ascii_iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

constexpr bool ascii_istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && ascii_iequals(s.substr(0, prefix.size()), prefix);
}

constexpr bool ascii_iends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && ascii_iequals(s.substr(s.size() - suffix.size()), suffix);
}

// End of the run of ASCII bytes (< 0x80) that starts at s[i]; with `stop_at_cr`, of ASCII bytes
// other than CR. Eight bytes at a time: mail text is mostly long ASCII runs.
inline std::size_t ascii_run_end(std::string_view s, std::size_t i, bool stop_at_cr = false) {
  constexpr std::uint64_t kHigh = 0x8080808080808080ull;
  constexpr std::uint64_t kOnes = 0x0101010101010101ull;
  while (i + 8 <= s.size()) {
    std::uint64_t word;
    std::memcpy(&word, s.data() + i, sizeof word);
    std::uint64_t stop = word & kHigh;
    if (stop_at_cr) {  // a zero byte in word ^ CRs: exact as to whether there is one
      const std::uint64_t x = word ^ (kOnes * '\r');
      stop |= (x - kOnes) & ~x & kHigh;
    }
    if (stop != 0) break;
    i += 8;
  }
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80 || (stop_at_cr && c == '\r')) break;
    ++i;
  }
  return i;
}

inline std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

}  // namespace sa
