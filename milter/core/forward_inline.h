// forward_inline.h - find originals pasted inline after a mail client's forward separator
// (Gmail, Outlook JP/EN, Thunderbird, Apple Mail JP/EN, Japanese web clients, "> " quoting)
// and recover their From, Subject, Date and body. Input is already normalised text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sa {

struct InlineOriginal {
  std::string client;   // which separator style matched, e.g. "gmail", "outlook-ja", "quoted-gmail"
  std::string from;     // value of the From/差出人/送信元 label, as written
  std::string subject;  // value of the Subject/件名 label
  std::string date;     // value of the Date/送信日時/日付 label
  std::string to;
  std::string body;  // the original's body: text after the label block, quoting removed
};

// All inline originals in document order (a forward of a forward yields the outer one
// first). Empty when the text contains no recognisable forward block.
std::vector<InlineOriginal> find_inline_originals(std::string_view normalized_text);

}  // namespace sa
