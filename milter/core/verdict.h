// verdict.h - the verdict kinds and forward styles, with their header/JSON spellings.
// Pure data; deciding a verdict lives in notice_check.cc.
#pragma once

#include <string_view>

namespace sa {

enum class Verdict { None, Consistent, Verified, Suspicious, Error };

// How the original IPA notice reached us inside the inspected message. AttachmentMsg: an
// attached Outlook .msg file; Tnef: the properties of a winmail.dat (application/ms-tnef)
// that carries the message itself (docs/outlook-containers.md). Printout: a PDF or an image
// of the declarer site's page, attached instead of a notice (docs/printouts.md).
enum class ForwardStyle {
  None,
  Direct,
  Redirect,
  Attachment,
  Inline,
  AttachmentMsg,
  Tnef,
  Printout
};

std::string_view to_string(Verdict v);
std::string_view to_string(ForwardStyle f);
// Inverse of to_string; false when the text names no verdict.
bool parse_verdict(std::string_view text, Verdict& out);

}  // namespace sa
