// nfkc_table.h - how NFKC treats each BMP code point on its own, derived once from GLib's
// Unicode data, so that the normaliser (text_normalize.cc) calls GLib only where characters
// may interact. A code point is
//   - stable: a segment may start at it (it and the first character of its decomposition
//     have combining class 0 and are the second of no canonical pair, so nothing before it
//     combines with it) and NFKC leaves it as it is (ASCII, kana, が, Hangul syllables);
//   - mapped: a segment may start at it and NFKC makes it one stable code point
//     (U+FF1A FULLWIDTH COLON -> ':', U+FF76 HALFWIDTH KATAKANA KA -> U+30AB);
//   - unstable: anything else (combining marks, multi-character results).
// Unstable is always the safe answer: it only costs a call to GLib.
#pragma once

#include <cstdint>

namespace sa {

inline constexpr std::uint32_t kNfkcUnstable = 0xFFFFFFFFu;
inline constexpr std::uint32_t kNfkcStable = 0xFFFFFFFEu;

// The table, for code points outside the ranges nfkc_kind answers itself.
std::uint32_t nfkc_kind_from_table(std::uint32_t cp);

// kNfkcStable, kNfkcUnstable, or the one code point NFKC maps `cp` to. Code points past
// the BMP are unstable. ASCII, kana and the common CJK ideographs, the bulk of Japanese
// mail, are answered without the table (nfkc_common_stable; the tests check that the two
// agree).
inline bool nfkc_common_stable(std::uint32_t cp) {
  return cp < 0x80 || (cp >= 0x3041 && cp <= 0x3096) || (cp >= 0x30A1 && cp <= 0x30FC) ||
         (cp >= 0x4E00 && cp <= 0x9FFF);
}

inline std::uint32_t nfkc_kind(std::uint32_t cp) {
  return nfkc_common_stable(cp) ? kNfkcStable : nfkc_kind_from_table(cp);
}

}  // namespace sa
