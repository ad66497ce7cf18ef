// header_value.h - make text copied from mail safe for a header we add: control
// characters (CR, LF, ESC, C1...), bidi controls and invisible format characters
// (text_controls.h) removed, length bounded, non-ASCII words RFC 2047 encoded
// as UTF-8 (ASCII words left readable), long values folded with LF + space (Postfix milter
// convention).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sa {

// Removes controls and invalid UTF-8, turns runs of white space into one space, trims, and
// cuts to at most max_chars characters (never inside a UTF-8 sequence).
std::string clean_header_text(std::string_view utf8, std::size_t max_chars = 200);

// Encodes a cleaned value for a header named `name`: words of printable ASCII (addresses,
// IDs, reasons) stay readable, so that a grep or a mail rule for "ipa.go.jp" matches; only
// runs of other words become =?UTF-8?B?...?= encoded-words (at most 75 characters each), as
// does an ASCII word that looks like one. Folded at spaces before 76 columns. Never contains
// CR; every LF is followed by a space.
std::string encode_header_value(std::string_view clean_utf8, std::string_view name);

}  // namespace sa
