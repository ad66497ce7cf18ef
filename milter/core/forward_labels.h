// forward_labels.h - the words mail clients write around an inline forward: separator
// lines ("---------- Forwarded message ---------", "Begin forwarded message:", a line of
// underscores...) and header-label lines ("From: x", "*差出人:* x", "Subject:\tx"), in the
// languages seen in practice. Recognises single lines only; how lines combine into a forward
// block is forward_inline.cc's job.
#pragma once

#include <string>
#include <string_view>

namespace sa {

enum class HeaderLabel { From, Date, Subject, To, Cc, Other };

struct LabelLine {
  HeaderLabel label = HeaderLabel::Other;
  bool ascii_label = true;       // "From" rather than "差出人": tells Outlook EN from JA
  bool tab_after_colon = false;  // Thunderbird writes "Subject:\t..."
  std::string value;             // trimmed, bold marks (* or **) removed
};

// Parses a label line such as "From: x", "*差出人:* x", "**Subject**: x", "件名 : x".
// False when the text before the first colon is not a known label. ASCII labels match
// case-insensitively.
bool parse_label_line(std::string_view content, LabelLine& out);

enum class SeparatorLine {
  None,
  ForwardedMessage,      // "---------- Forwarded message ---------" and translations
  ThunderbirdForwarded,  // "-------- Forwarded Message --------", "-------- 転送メッセージ
                         // --------"
  OriginalMessage,       // "-----Original Message-----", "-----元のメッセージ-----"
  Underscores,           // a line of at least 20 underscores (Outlook; also mere decoration)
  BeginForwarded,      // "Begin forwarded message:", "転送されたメッセージ:" (Apple Mail)
  JapaneseWebForward,  // "---------- メッセージを転送 ---------"
};

// Classifies one line (quoting already removed).
SeparatorLine classify_separator(std::string_view content);

}  // namespace sa
