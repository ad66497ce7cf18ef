// mapi_message.h - one message's MAPI properties, wherever a container stores them (a .msg
// storage, a TNEF attMAPIProps block), as a MessageView: From, Subject, Date and Message-ID
// fields, the plain text (or the HTML body as text), and the transport headers for what the
// properties lack. It reads no container format itself; outlook_msg.cc and
// tnef_container.cc implement MapiProperties over theirs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/mime_tree.h"

namespace sa {

namespace mapi {
// Property types ([MS-OXCDATA] 2.11.1) and the property IDs read ([MS-OXPROPS]).
constexpr std::uint16_t kLong = 0x0003;
constexpr std::uint16_t kObject = 0x000D;
constexpr std::uint16_t kString8 = 0x001E;
constexpr std::uint16_t kUnicode = 0x001F;
constexpr std::uint16_t kSystime = 0x0040;
constexpr std::uint16_t kBinary = 0x0102;

constexpr std::uint16_t kSubject = 0x0037;
constexpr std::uint16_t kClientSubmitTime = 0x0039;
constexpr std::uint16_t kSentRepresentingName = 0x0042;
constexpr std::uint16_t kSentRepresentingAddrType = 0x0064;
constexpr std::uint16_t kSentRepresentingEmail = 0x0065;
constexpr std::uint16_t kTransportHeaders = 0x007D;
constexpr std::uint16_t kSenderName = 0x0C1A;
constexpr std::uint16_t kSenderAddrType = 0x0C1E;
constexpr std::uint16_t kSenderEmail = 0x0C1F;
constexpr std::uint16_t kDeliveryTime = 0x0E06;
constexpr std::uint16_t kBody = 0x1000;
constexpr std::uint16_t kHtml = 0x1013;
constexpr std::uint16_t kInternetMessageId = 0x1035;
constexpr std::uint16_t kAttachData = 0x3701;
constexpr std::uint16_t kAttachFilename = 0x3704;
constexpr std::uint16_t kAttachMethod = 0x3705;
constexpr std::uint16_t kAttachLongFilename = 0x3707;
constexpr std::uint16_t kAttachMimeTag = 0x370E;
constexpr std::uint16_t kInternetCodepage = 0x3FDE;
constexpr std::uint16_t kMessageCodepage = 0x3FFD;
constexpr std::uint16_t kSenderSmtp = 0x5D01;
constexpr std::uint16_t kSentRepresentingSmtp = 0x5D02;

constexpr std::uint32_t kAttachEmbeddedMessage = 5;  // PR_ATTACH_METHOD: ATTACH_EMBEDDED_MSG
}  // namespace mapi

// The properties of one message or attachment; nullopt when absent or unreadable.
class MapiProperties {
 public:
  virtual ~MapiProperties() = default;
  virtual std::optional<std::string> unicode(std::uint16_t id) const = 0;  // PT_UNICODE, UTF-8
  virtual std::optional<std::string> string8(std::uint16_t id) const = 0;  // PT_STRING8 bytes
  virtual std::optional<std::string> binary(std::uint16_t id) const = 0;   // PT_BINARY bytes
  virtual std::optional<std::uint32_t> long_value(std::uint16_t id) const = 0;
  virtual std::optional<std::uint64_t> systime(std::uint16_t id) const = 0;  // FILETIME
};

// The charset of PT_STRING8 values: PR_MESSAGE_CODEPAGE, else PR_INTERNET_CPID, else
// `fallback_codepage` (TNEF's attOemCodepage); "" when none is known (charset.h guesses).
std::string string8_charset(const MapiProperties& props, std::uint32_t fallback_codepage);

// A decoded body as a view's text: controls removed (TAB and LF kept), CRLF and CR as LF.
std::string message_text(std::string_view utf8);

// A string property as UTF-8 without controls: PT_UNICODE, else PT_STRING8 decoded in
// `charset`; trailing NULs dropped. Decoding problems are added to `problems` when given.
std::optional<std::string> text_property(const MapiProperties& props, std::uint16_t id,
                                         std::string_view charset,
                                         std::vector<std::string>* problems = nullptr);

// The view of a message's properties, `container` = kind, no `raw`, nothing attached:
// - From: PR_SENT_REPRESENTING_*, else PR_SENDER_* (the SMTP address, or the e-mail address
//   of address type SMTP; anything but one plain addr-spec is refused:
//   "container=bad-address"), else the transport headers' From;
// - Subject (PR_SUBJECT), Date (PR_CLIENT_SUBMIT_TIME, else PR_MESSAGE_DELIVERY_TIME) and
//   Message-ID (PR_INTERNET_MESSAGE_ID), each else from the transport headers;
// - text: PR_BODY, else PR_HTML / PR_BODY_HTML as text ("container=no-text" when none).
// A From address or Subject that the properties and the transport headers give differently
// adds "ambiguous=container-from" / "ambiguous=container-subject" to the view's problems, a
// repeated From or Subject in the transport headers "ambiguous=duplicate-from|subject".
MessageView mapi_message_view(const MapiProperties& props, Container kind,
                              std::uint32_t fallback_codepage);

}  // namespace sa
