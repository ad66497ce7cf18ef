// tnef_container.h - read a TNEF stream (winmail.dat, application/ms-tnef; [MS-OXTNEF]) with
// libytnef into a MessageView: the message's own MAPI properties (attMAPIProps, with
// attSubject, attBody and attDateSent for what they lack) through mapi_message.h, and every
// attachment handed to PartSearch - an .eml or a .msg - so that it is searched like any other
// part; an embedded message (itself a TNEF stream after a 16-byte IID) becomes a nested view
// of an attached Outlook message. Each stream is checked by tnef_bounds.h first. It judges
// nothing and never throws for bad input.
#pragma once

#include <string_view>

#include "core/container_part.h"

namespace sa {

// Reads `bytes` as TNEF at nesting `depth` and appends its view (Container::Tnef) to
// parent.attached.
// Unreadable: "container=unreadable" (or "container=too-large",
// "container=too-many-streams") noted on `parent`.
void attach_tnef(std::string_view bytes, int depth, PartSearch& search, MessageView& parent);

}  // namespace sa
