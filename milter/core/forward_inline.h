// forward_inline.h - find originals pasted inline by a mail client's forward or reply (every
// client and UI language of a ForwardLayouts table: separator + header block, one-line
// header, bare header block, reply attribution, "> " quoting) and recover their From,
// Subject, Date and body. Input is already normalised text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/forward_layouts.h"

namespace sa {

struct InlineOriginal {
  std::string client;          // which layout matched, e.g. "gmail", "outlook", "quoted-apple-mail"
  std::string from;            // value of the From/差出人/Von label or attribution, as written
  std::string subject;         // value of the Subject/件名 label, else the outer subject (below)
  bool subject_quoted = true;  // false: no Subject in the quote; `subject` is the outer
                               // message's subject without its Re:/Fwd: prefixes
  std::string date;            // value of the Date/送信日時/Sent label or attribution
  std::string to;
  std::string body;  // the original's body: text after the labels, quoting removed
};

// All inline originals in document order (a forward of a forward yields the outer one
// first). `outer_subject` is the decoded subject of the message the text belongs to; it is
// normalised here, and only when an original lacks its own Subject. Empty when the text
// contains no recognisable forward or reply.
std::vector<InlineOriginal> find_inline_originals(std::string_view normalized_text,
                                                  const ForwardLayouts& layouts,
                                                  std::string_view outer_subject);

}  // namespace sa
