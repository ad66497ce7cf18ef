// forward_labels.h - recognises the single lines mail clients write around an inline forward:
// separator lines ("---------- Forwarded message ---------", "Begin forwarded message:", a
// line of underscores, a Yahoo one-line header "----- Forwarded Message ----- From: a To: b
// Subject: c") and header-label lines ("From: x", "*差出人:* x", "Subject:\tx"), with the
// words of a ForwardLayouts table. How lines combine into a forward block is
// forward_inline.cc's job.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/forward_layouts.h"

namespace sa {

struct LabelLine {
  HeaderLabel label = HeaderLabel::Other;
  bool tab_after_colon = false;  // Thunderbird writes "Subject:\t..."
  std::string value;             // trimmed, bold marks (* or **) removed
};

// Parses a label line such as "From: x", "*差出人:* x", "**Subject**: x", "件名 : x".
// False when the text before the first colon is not a label of `layouts`.
bool parse_label_line(std::string_view content, const ForwardLayouts& layouts, LabelLine& out);

struct SeparatorLine {
  enum class Kind { None, Phrase, Underscores } kind = Kind::None;
  std::string_view client;  // who writes it (from the table; "outlook" for underscores)
  std::string_view rest;    // text after the closing dashes on the same line, else ""
};

// Classifies one line (quoting already removed). A dashed phrase followed by more text on
// the same line is returned with that text in `rest` (a candidate one-line header).
SeparatorLine classify_separator(std::string_view content, const ForwardLayouts& layouts);

// The labels of a one-line header block, "From: A <a@x>To: b@y Sent: Tue, 2 Nov 2021,
// 09:26:50 CETSubject: c": labels are found where a table label ends just before a colon,
// also when glued to the previous value. In order; empty when the text does not start with
// a label.
std::vector<LabelLine> parse_one_line_labels(std::string_view text, const ForwardLayouts& layouts);

}  // namespace sa
