// html_escape.h - the one place where text becomes HTML: every value a page shows (from mail,
// the ledger, the hold queue, the request) goes through escape_html. It makes the text valid
// UTF-8, drops control characters, escapes & < > " ' and shows the bidirectional controls an
// attacker uses to make a company name read backwards (U+202A..U+202E, U+2066..U+2069) as a
// visible [U+202E] instead of obeying them, and likewise the invisible format characters that
// hide or split text (zero-width space, word joiner, soft hyphen: core/text_controls.h). It
// builds no markup itself.
#pragma once

#include <string>
#include <string_view>

namespace sa::web {

// `text` safe as an HTML element's text or a quoted attribute value.
std::string escape_html(std::string_view text);

// True for the code points escape_html shows instead of obeying (bidi controls and invisible
// format characters).
bool is_bidi_control(char32_t cp);

}  // namespace sa::web
