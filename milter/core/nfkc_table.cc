// nfkc_table.cc - the table behind nfkc_kind, built on first use from GLib's decomposition
// and combining-class data (the same data g_utf8_normalize uses), 256 KiB for the process.
#include "core/nfkc_table.h"

#include <glib.h>

#include <string_view>
#include <vector>

namespace sa {
namespace {

constexpr gunichar kBmp = 0x10000;
// Canonical pairs are searched for in the planes that have any (0-2); the rest hold none.
constexpr gunichar kPairSearchEnd = 0x30000;

std::vector<std::uint32_t> build_table() {
  // Second code points of canonical pairs (including Hangul LV + T and L + V): NFKC may
  // compose them with the character before.
  std::vector<bool> second(kBmp, false);
  for (gunichar cp = 0; cp < kPairSearchEnd; ++cp) {
    gunichar a = 0;
    gunichar b = 0;
    if (g_unichar_decompose(cp, &a, &b) && b != 0 && b < kBmp) second[b] = true;
  }
  auto starter = [&second](gunichar cp) {
    return cp < kBmp && g_unichar_combining_class(cp) == 0 && !second[cp];
  };
  // A segment may start at `cp` when it, and the first character of its compatibility
  // decomposition, are starters nothing before them can compose with.
  auto boundary = [&starter](gunichar cp, gunichar* d, gsize& n) {
    if (cp >= kBmp || (cp >= 0xD800 && cp <= 0xDFFF) || !starter(cp)) return false;
    n = g_unichar_fully_decompose(cp, TRUE, d, G_UNICHAR_MAX_DECOMPOSITION_LENGTH);
    return n >= 1 && starter(d[0]);
  };
  std::vector<std::uint32_t> table(kBmp, kNfkcUnstable);
  for (gunichar cp = 0; cp < kBmp; ++cp) {
    gunichar d[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
    gsize n = 0;
    if (!boundary(cp, d, n)) continue;
    if (n == 1 && d[0] == cp) {
      table[cp] = kNfkcStable;
      continue;
    }
    // NFKC of the character alone: itself (が, Hangul syllables) or one other character.
    char utf8[8];
    const gint len = g_unichar_to_utf8(cp, utf8);
    gchar* nfkc = g_utf8_normalize(utf8, len, G_NORMALIZE_NFKC);
    if (!nfkc) continue;
    glong count = 0;
    gunichar* ucs = g_utf8_to_ucs4_fast(nfkc, -1, &count);
    g_free(nfkc);
    if (count == 1 && ucs[0] == cp) {
      table[cp] = kNfkcStable;
    } else if (count == 1) {
      gunichar md[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
      gsize mn = 0;
      // The character it becomes must be one a segment may start at, and stay as it is.
      if (boundary(ucs[0], md, mn)) {
        char mutf8[8];
        const gint mlen = g_unichar_to_utf8(ucs[0], mutf8);
        gchar* again = g_utf8_normalize(mutf8, mlen, G_NORMALIZE_NFKC);
        if (again && std::string_view(again) == std::string_view(mutf8, mlen)) table[cp] = ucs[0];
        g_free(again);
      }
    }
    g_free(ucs);
  }
  return table;
}

}  // namespace

std::uint32_t nfkc_kind_from_table(std::uint32_t cp) {
  static const std::vector<std::uint32_t> table = build_table();
  return cp < kBmp ? table[cp] : kNfkcUnstable;
}

}  // namespace sa
