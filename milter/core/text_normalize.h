// text_normalize.h - the one normalisation applied before any matching: NFKC (full-width
// digits and colons to ASCII, half-width kana to full-width), wave dash and full-width
// tilde unified, CRLF/CR to LF, invalid UTF-8 replaced.
#pragma once

#include <string>
#include <string_view>

namespace sa {

std::string normalize_for_matching(std::string_view utf8);

// Removes C0/C1 control characters (keeps TAB and LF when keep_newlines) and invalid UTF-8.
std::string strip_controls(std::string_view utf8, bool keep_newlines);

}  // namespace sa
