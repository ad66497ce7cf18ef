// outlook_fixtures.h - the tests' own Outlook containers: .msg files written with libgsf's
// OLE2 writer (GsfOutfileMSOle) in the [MS-OXMSG] storage layout, TNEF streams written byte
// by byte ([MS-OXTNEF]), the seed's IPA notice as either, and applicant messages attaching
// them. Used by the core tests and by make-outlook-samples; test code only.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sa::test {

// One MAPI property; `data` as the container stores it: UTF-16LE with its NUL for PT_UNICODE,
// the bytes with their NUL for PT_STRING8, the bytes for PT_BINARY / PT_OBJECT, 4 or 8
// little-endian bytes for PT_LONG / PT_SYSTIME.
struct MapiProperty {
  std::uint16_t id = 0;
  std::uint16_t type = 0;
  std::string data;
};

MapiProperty unicode_property(std::uint16_t id, std::string_view utf8);
MapiProperty string8_property(std::uint16_t id, std::string_view bytes);
MapiProperty binary_property(std::uint16_t id, std::string_view bytes);
MapiProperty long_property(std::uint16_t id, std::uint32_t value);
MapiProperty time_property(std::uint16_t id, std::uint64_t filetime);

// UTF-8 text in a legacy charset (iconv name, e.g. "CP932"); aborts on failure.
std::string encode_as(std::string_view utf8, const char* charset);

struct MsgAttachment;

struct MsgMessage {
  std::vector<MapiProperty> properties;
  std::vector<MsgAttachment> attachments;
  std::size_t filler_entries = 0;  // extra fixed-size entries in the property stream
  std::size_t filler_streams = 0;  // extra one-byte streams in the message's storage
};

struct MsgAttachment {
  std::vector<MapiProperty> properties;  // PR_ATTACH_DATA_BIN, filenames, PR_ATTACH_METHOD...
  std::vector<MsgMessage> embedded;      // one message: ATTACH_EMBEDDED_MSG
};

// The .msg file of `message` (OLE2, 512-byte sectors).
std::string msg_file(const MsgMessage& message);

// Byte offset of the directory entry named `name` (ASCII) in a .msg file, or npos; and of
// the FAT entry of `sector`.
std::size_t directory_entry_offset(const std::string& msg, std::string_view name);
std::size_t fat_entry_offset(const std::string& msg, std::uint32_t sector);

// A TNEF stream: signature, key, then attributes with their checksums.
class TnefWriter {
 public:
  TnefWriter& attribute(std::uint8_t level, std::uint32_t id, std::string_view data);
  // attMAPIProps (level 1) or attAttachment (level 2) of these properties.
  TnefWriter& mapi(std::uint8_t level, const std::vector<MapiProperty>& properties);
  // attAttachRenddata, attAttachTitle and attAttachData: a file attachment.
  TnefWriter& file_attachment(std::string_view title, std::string_view data);
  std::string bytes() const;

 private:
  std::string body_;
};

// The attributes every Outlook TNEF starts with: version, OEM code page, message class.
TnefWriter tnef_start(std::uint32_t oem_codepage);

// An attMAPIProps-style block: count, then each property.
std::string mapi_block(const std::vector<MapiProperty>& properties);

// The seed's 自己宣言完了のお知らせ (notice 1), as IPA sends it.
struct Notice {
  std::string company = "株式会社サンプル商事";
  std::string person = "山田 太郎";
  std::string user_number = "12345678901";
  std::string declaration_id = "41234567890";
  std::string star = "二つ星";
  std::string from_name = "SECURITY ACTION事務局";
  std::string from_address = "security-action-info@ipa.go.jp";
  std::uint64_t sent = 134194788000000000;  // Wed, 01 Apr 2026 01:00:00 +0000

  std::string subject() const;  // 【SECURITY ACTION】二つ星：自己宣言完了のお知らせ
  std::string body() const;     // CRLF line ends
  // Received:, From, To, Subject, Date, Message-ID, MIME-Version, Content-Type (RFC 2047)
  std::string transport_headers() const;
};

enum class Strings { Unicode, Cp932 };  // PT_UNICODE, or PT_STRING8 in code page 932

// The notice's properties: subject, sender (SMTP), body, submit time, code pages; with
// PR_TRANSPORT_MESSAGE_HEADERS when `transport` is set.
std::vector<MapiProperty> notice_properties(const Notice& notice, Strings strings, bool transport);

// A .msg of the notice.
std::string notice_msg(const Notice& notice, Strings strings, bool transport);

// A TNEF whose own message is the notice (its attMAPIProps).
std::string notice_tnef(const Notice& notice);

// A TNEF of the applicant's Outlook forward ("FW: ..."), the notice attached as an embedded
// message (ATTACH_EMBEDDED_MSG, a nested TNEF after IID_IMessage).
std::string forward_tnef_embedding(const Notice& notice);

// The notice as an RFC 5322 message (UTF-8, base64 body).
std::string notice_eml(const Notice& notice);

struct MimeAttachment {
  std::string content_type;  // e.g. "application/vnd.ms-outlook"
  std::string filename;      // ASCII
  std::string bytes;
};

// The applicant's mail to hojokin@grant.example.lg.jp: a UTF-8 cover text and the
// attachments, base64, in multipart/mixed. CRLF line ends.
std::string applicant_message(std::string_view subject, std::string_view cover,
                              const std::vector<MimeAttachment>& attachments);

// The Outlook samples of samples/ (.eml and .expected, as make-outlook-samples writes them
// and samples_test.cc / the Postfix end-to-end test read them).
struct OutlookSample {
  std::string name;  // without extension
  std::string eml;
  std::string expected;
};
std::vector<OutlookSample> outlook_samples();

}  // namespace sa::test
