// charset_guess.h - bytes whose label is missing, unknown or not believed: which charset they
// are in, guessed from the bytes alone among ISO-2022-JP, UTF-8, eucJP-ms and CP932. It decodes
// with charset_readings.h and iso2022jp.h; it reads no labels.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sa {

// What bytes no reading fits are decoded as: ISO-8859-1 for undeclared bytes (every byte is some
// character, which is the best guess for short European text), the label's own decoder for an
// ISO-2022-JP label that was only mistrusted (so stray bytes become U+FFFD).
enum class LastResort { Latin1, Iso2022Jp };

// Appends `in` decoded in the charset it most likely is; returns how many U+FFFD it wrote.
std::size_t guess_decode(std::string_view in, std::string& out,
                         LastResort last = LastResort::Latin1);

// An ISO-2022-JP designation or single shift: ESC followed by $ ( ) . or N.
bool has_jis_escape(std::string_view s);

bool has_high_bytes(std::string_view s);

}  // namespace sa
