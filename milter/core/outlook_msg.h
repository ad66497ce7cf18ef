// outlook_msg.h - read an Outlook .msg file (an OLE2 compound file, [MS-OXMSG]) with libgsf
// into a MessageView: the message's properties through mapi_message.h, embedded messages
// (attachments of method ATTACH_EMBEDDED_MSG) as nested views, and every attachment's bytes
// handed to PartSearch, so that an .eml, a .msg or a winmail.dat inside is searched too.
// Bounded: see docs/outlook-containers.md. It judges nothing and never throws for bad input.
#pragma once

#include <cstddef>
#include <string_view>

#include "core/container_part.h"

namespace sa {

constexpr std::size_t kMaxMsgBytes = 16u * 1024u * 1024u;  // a larger .msg is not read
constexpr std::size_t kMaxMsgDirectoryEntries = 1024;      // streams and storages in all
constexpr std::size_t kMaxMsgProperties = 2048;            // entries of one property stream
constexpr std::size_t kMaxMsgStreamReads = 512;            // streams read from one file
constexpr std::size_t kMaxMsgAttachments = 64;             // per message or embedded message

// Reads `bytes` as a .msg at nesting `depth` and appends its view to parent.attached.
// Unreadable: "container=unreadable" (or "container=too-large",
// "container=too-many-streams", "container=too-many-properties") noted on `parent`.
// Readable with damage (a stream cut short, libgsf's complaints): "container=damaged".
// Installs, once per process, a GLib log handler for libgsf's "libgsf:msole" domain that
// turns its warnings about a hostile file into that reason instead of log lines.
void attach_outlook_msg(std::string_view bytes, int depth, PartSearch& search, MessageView& parent);

}  // namespace sa
