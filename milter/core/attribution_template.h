// attribution_template.h - turns a reply attribution wording as an admin writes it
// ("Am {date} schrieb {from}:") into the RE2 pattern that recognises the line. It does not
// compile or run the pattern (forward_layouts.cc does).
//
// Placeholders: {date} some text ending with a clock time (10:15, 9.31 AM, 10:15:00 +0900,
// 10:15 Uhr, "10:15 de 10/05/2023"); {from} any sender text; {mailbox} a name followed by an
// address in <>, [] or
// (). Exactly one of {from} and {mailbox}, at most one {date}. White space in the wording
// matches one or more spaces between two words, and any amount (none too) next to
// punctuation or non-ASCII letters; a ':' may have spaces before it. The wording must end
// with ':'. Letters compare case-insensitively (the pattern is compiled that way).
#pragma once

#include <string>
#include <string_view>

namespace sa {

struct AttributionPattern {
  std::string source;     // RE2 syntax, anchored at both ends
  int from_group = 0;     // capture group (1-based) of {from} or {mailbox}
  int date_group = 0;     // capture group of {date}; 0 when the wording has none
  int literal_chars = 0;  // characters of fixed text: the more, the more specific
};

// "" on success, else why the wording is refused.
std::string attribution_pattern(std::string_view wording, AttributionPattern& out);

}  // namespace sa
