// iso2022jp.h - the ISO-2022-JP family to UTF-8, every designation in one decoder: ISO-2022-JP
// and its CP50220/CP50221/CP50222 forms (NEC row 13, IBM extensions, half-width kana),
// ISO-2022-JP-1 and -2 (JIS X 0212, GB 2312, KS C 5601, ISO-8859-1/-7 by single shift), and
// ISO-2022-JP-3 and -2004 (both planes of JIS X 0213). It does not look at labels: a designation
// says which set follows, whatever the label claimed.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sa {

// Appends `in` decoded to `out`. Returns how many U+FFFD it wrote: one per character that does
// not decode, one per escape sequence it does not know; after an unknown or broken escape each
// run of text up to the next designation it knows is one U+FFFD, never text in a guessed set.
std::size_t iso2022jp_decode(std::string_view in, std::string& out);

}  // namespace sa
