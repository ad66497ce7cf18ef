// relaxed_body.h - a message's bytes with its body as DKIM's "relaxed" body canonicalisation
// sees it (RFC 6376 3.4.4): every run of spaces and tabs within a line one space, none at a
// line's end. A signature with c=.../relaxed proves only that form, so an attacker may add
// white space to a signed body without breaking it; where the extra white space changes
// what a reader decodes (a space after a quoted-printable soft line break makes GMime end
// the line there), the message as sent and this form say different things. The engine reads
// both and refuses a verified original on which they disagree (engine.cc).
#pragma once

#include <string>
#include <string_view>

namespace sa {

// `raw` with the header section unchanged and the body (after the first empty line)
// canonicalised; line ends (LF or CRLF) are kept as they are. No empty line: unchanged.
std::string relaxed_body(std::string_view raw);

}  // namespace sa
