// container_part.h - what the MIME walk (mime_tree.cc) and the readers of Outlook's
// containers (outlook_msg.h, tnef_container.h) share: which parts are containers or
// messages, the per-message bounds on reading containers, and PartSearch, through which a
// container hands back an attachment it carries so that it is searched like any other part,
// within the one limits.max_depth / limits.max_parts budget of the whole message.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/mime_tree.h"

namespace sa {

// Bytes copied out of containers for one inspected message (streams, attachments, the
// TNEF parser's copies), whatever the nesting: past it, "container=too-large".
constexpr std::size_t kMaxContainerBytesPerMessage = 64u * 1024u * 1024u;

// A .msg (file name *.msg, application/vnd.ms-outlook), a TNEF (winmail.dat,
// application/ms-tnef, application/vnd.ms-tnef), or None; a part typed message/rfc822 is a
// message whatever its name. ASCII case-insensitive.
Container container_kind(std::string_view filename, std::string_view mime_type);

// True for a part that holds a whole RFC 5322 message: *.eml or message/rfc822.
bool holds_message(std::string_view filename, std::string_view mime_type);

// An attachment found inside a container.
struct ContainedPart {
  std::string_view bytes;
  std::string filename;   // UTF-8, as the container names it; may be empty
  std::string mime_type;  // as the container labels it (PR_ATTACH_MIME_TAG); may be empty
};

class PartSearch {
 public:
  virtual ~PartSearch() = default;
  // One more view or attachment at nesting `depth`: true within limits.max_depth and
  // limits.max_parts, else "depth-limit" or "parts-limit" is recorded and it is false.
  virtual bool admit(int depth, MessageView& view) = 0;
  // True when `bytes` more copied bytes stay within kMaxContainerBytesPerMessage, else
  // "container=too-large" is recorded and it is false.
  virtual bool spend(std::size_t bytes, MessageView& view) = 0;
  // Records `problem` on `view` and on the top-level message (each once).
  virtual void note(MessageView& view, const std::string& problem) = 0;
  // A message, .msg or TNEF carried by a container whose view is `into`, found at nesting
  // `depth`, is read and added to into.attached; anything else is left alone.
  virtual void search(const ContainedPart& part, int depth, MessageView& into) = 0;
};

// Reads a container of `kind` (not None) from `bytes` as a view at nesting `depth` and
// appends it to parent.attached; when it cannot be read, the reason is noted on `parent`.
void attach_container(Container kind, std::string_view bytes, int depth, PartSearch& search,
                      MessageView& parent);

}  // namespace sa
