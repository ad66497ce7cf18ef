// outlook_fixtures.cc - .msg files through GsfOutfileMSOle, TNEF streams byte by byte, and
// the mail around them (see outlook_fixtures.h).
#include "outlook_fixtures.h"

#include <glib.h>
#include <gsf/gsf-outfile-msole.h>
#include <gsf/gsf-outfile.h>
#include <gsf/gsf-output-memory.h>
#include <gsf/gsf-utils.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <mutex>

#include "core/mapi_message.h"

namespace sa::test {
namespace {

constexpr std::uint32_t kPropertyFlags = 0x00000006;  // readable, writable
constexpr std::size_t kTopHeaderBytes = 32;
constexpr std::size_t kEmbeddedHeaderBytes = 24;
constexpr std::size_t kAttachmentHeaderBytes = 8;
constexpr std::uint32_t kAttMapiProps = 0x00069003;
constexpr std::uint32_t kAttAttachment = 0x00069005;
constexpr std::uint32_t kAttAttachRenddata = 0x00069002;
constexpr std::uint32_t kAttAttachTitle = 0x00018010;
constexpr std::uint32_t kAttAttachData = 0x0006800F;
constexpr std::uint32_t kAttTnefVersion = 0x00089006;
constexpr std::uint32_t kAttOemCodepage = 0x00069007;
constexpr std::uint32_t kAttMessageClass = 0x00078008;
constexpr char kIidIMessage[] = "\x07\x03\x02\x00\x00\x00\x00\x00\xC0\x00\x00\x00\x00\x00\x00\x46";

void put16(std::string& out, std::uint16_t v) {
  out.push_back(static_cast<char>(v & 0xFF));
  out.push_back(static_cast<char>(v >> 8));
}

void put32(std::string& out, std::uint32_t v) {
  put16(out, static_cast<std::uint16_t>(v & 0xFFFF));
  put16(out, static_cast<std::uint16_t>(v >> 16));
}

void put64(std::string& out, std::uint64_t v) {
  put32(out, static_cast<std::uint32_t>(v & 0xFFFFFFFF));
  put32(out, static_cast<std::uint32_t>(v >> 32));
}

std::uint32_t get32(const std::string& b, std::size_t at) {
  std::uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = v << 8 | static_cast<unsigned char>(b[at + i]);
  return v;
}

bool variable(std::uint16_t type) {
  return type == mapi::kUnicode || type == mapi::kString8 || type == mapi::kBinary ||
         type == mapi::kObject;
}

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "outlook_fixtures: %s\n", what);
  std::abort();
}

std::string base64_lines(std::string_view bytes) {
  gchar* b64 = g_base64_encode(reinterpret_cast<const guchar*>(bytes.data()), bytes.size());
  std::string flat(b64);
  g_free(b64);
  std::string out;
  for (std::size_t i = 0; i < flat.size(); i += 76) out += flat.substr(i, 76) + "\r\n";
  return out;
}

// RFC 2047 B words of at most 36 bytes of UTF-8 each, split between characters, folded.
std::string encoded_words(std::string_view utf8) {
  std::string out;
  std::size_t at = 0;
  while (at < utf8.size()) {
    std::size_t end = std::min(utf8.size(), at + 36);
    while (end < utf8.size() && (static_cast<unsigned char>(utf8[end]) & 0xC0) == 0x80) --end;
    gchar* b64 = g_base64_encode(reinterpret_cast<const guchar*>(utf8.data() + at), end - at);
    out += (out.empty() ? "" : "\r\n ") + std::string("=?UTF-8?B?") + b64 + "?=";
    g_free(b64);
    at = end;
  }
  return out;
}

// --- .msg through GsfOutfileMSOle -------------------------------------------------------

void init_gsf() {
  static std::once_flag once;
  std::call_once(once, [] { gsf_init(); });
}

void write_stream(GsfOutfile* dir, const std::string& name, std::string_view data) {
  GsfOutput* child = gsf_outfile_new_child(dir, name.c_str(), FALSE);
  if (!child) fail("cannot create a stream");
  if (!data.empty() &&
      !gsf_output_write(child, data.size(), reinterpret_cast<const guint8*>(data.data()))) {
    fail("cannot write a stream");
  }
  gsf_output_close(child);
  g_object_unref(child);
}

std::string substg(std::uint16_t id, std::uint16_t type) {
  char name[32];
  std::snprintf(name, sizeof name, "__substg1.0_%04X%04X", id, type);
  return name;
}

std::string property_stream(const std::vector<MapiProperty>& properties, std::size_t header,
                            std::size_t attachments, std::size_t filler) {
  std::string out;
  if (header >= kEmbeddedHeaderBytes) {  // reserved, next ids, counts ([MS-OXMSG] 2.4.1)
    put64(out, 0);
    put32(out, 0);
    put32(out, static_cast<std::uint32_t>(attachments));
    put32(out, 0);
    put32(out, static_cast<std::uint32_t>(attachments));
  }
  out.resize(header, '\0');
  for (const auto& p : properties) {
    put32(out, static_cast<std::uint32_t>(p.id) << 16 | p.type);
    put32(out, kPropertyFlags);
    if (variable(p.type)) {
      put32(out, static_cast<std::uint32_t>(p.data.size()));
      put32(out, 0);
    } else {
      std::string value = p.data;
      value.resize(8, '\0');
      out += value;
    }
  }
  for (std::size_t i = 0; i < filler; ++i) {
    put32(out, static_cast<std::uint32_t>(0x6000 + i % 0x1000) << 16 | mapi::kLong);
    put32(out, kPropertyFlags);
    put64(out, i);
  }
  return out;
}

void write_message(GsfOutfile* dir, const MsgMessage& m, std::size_t header) {
  write_stream(dir, "__properties_version1.0",
               property_stream(m.properties, header, m.attachments.size(), m.filler_entries));
  for (const auto& p : m.properties) {
    if (variable(p.type)) write_stream(dir, substg(p.id, p.type), p.data);
  }
  for (std::size_t i = 0; i < m.filler_streams; ++i) {
    write_stream(dir, substg(static_cast<std::uint16_t>(0x6000 + i), mapi::kBinary), "x");
  }
  for (std::size_t i = 0; i < m.attachments.size(); ++i) {
    const MsgAttachment& a = m.attachments[i];
    char name[40];
    std::snprintf(name, sizeof name, "__attach_version1.0_#%08zX", i);
    GsfOutput* storage = gsf_outfile_new_child(dir, name, TRUE);
    if (!storage) fail("cannot create an attachment storage");
    write_stream(GSF_OUTFILE(storage), "__properties_version1.0",
                 property_stream(a.properties, kAttachmentHeaderBytes, 0, 0));
    for (const auto& p : a.properties) {
      if (variable(p.type)) write_stream(GSF_OUTFILE(storage), substg(p.id, p.type), p.data);
    }
    if (!a.embedded.empty()) {
      GsfOutput* inner = gsf_outfile_new_child(GSF_OUTFILE(storage), "__substg1.0_3701000D", TRUE);
      if (!inner) fail("cannot create an embedded message storage");
      write_message(GSF_OUTFILE(inner), a.embedded.front(), kEmbeddedHeaderBytes);
      gsf_output_close(inner);
      g_object_unref(inner);
    }
    gsf_output_close(storage);
    g_object_unref(storage);
  }
}

// --- TNEF --------------------------------------------------------------------------------

std::string mapi_value(const MapiProperty& p) {
  std::string out;
  if (variable(p.type)) {
    put32(out, 1);
    put32(out, static_cast<std::uint32_t>(p.data.size()));
    out += p.data;
    out.append((4 - p.data.size() % 4) % 4, '\0');
  } else {
    out += p.data;
  }
  return out;
}

}  // namespace

MapiProperty unicode_property(std::uint16_t id, std::string_view utf8) {
  glong written = 0;
  gunichar2* units =
      g_utf8_to_utf16(utf8.data(), static_cast<glong>(utf8.size()), nullptr, &written, nullptr);
  if (!units) fail("invalid UTF-8 in a fixture");
  std::string data;
  for (glong i = 0; i < written; ++i) put16(data, units[i]);
  g_free(units);
  put16(data, 0);
  return {id, mapi::kUnicode, data};
}

MapiProperty string8_property(std::uint16_t id, std::string_view bytes) {
  return {id, mapi::kString8, std::string(bytes) + '\0'};
}

MapiProperty binary_property(std::uint16_t id, std::string_view bytes) {
  return {id, mapi::kBinary, std::string(bytes)};
}

MapiProperty long_property(std::uint16_t id, std::uint32_t value) {
  std::string data;
  put32(data, value);
  return {id, mapi::kLong, data};
}

MapiProperty time_property(std::uint16_t id, std::uint64_t filetime) {
  std::string data;
  put64(data, filetime);
  return {id, mapi::kSystime, data};
}

std::string encode_as(std::string_view utf8, const char* charset) {
  gsize written = 0;
  gchar* out = g_convert(utf8.data(), static_cast<gssize>(utf8.size()), charset, "UTF-8", nullptr,
                         &written, nullptr);
  if (!out) fail("cannot encode a fixture string");
  std::string result(out, written);
  g_free(out);
  return result;
}

std::string msg_file(const MsgMessage& message) {
  init_gsf();
  GsfOutput* sink = gsf_output_memory_new();
  GsfOutfile* root = gsf_outfile_msole_new(sink);
  if (!root) fail("cannot create an OLE2 file");
  write_message(root, message, kTopHeaderBytes);
  gsf_output_close(GSF_OUTPUT(root));
  g_object_unref(root);
  const guint8* bytes = gsf_output_memory_get_bytes(GSF_OUTPUT_MEMORY(sink));
  std::string out(reinterpret_cast<const char*>(bytes),
                  static_cast<std::size_t>(gsf_output_size(sink)));
  g_object_unref(sink);
  return out;
}

std::size_t directory_entry_offset(const std::string& msg, std::string_view name) {
  std::string wanted;
  for (char c : name) put16(wanted, static_cast<unsigned char>(c));
  for (std::size_t at = 512; at + 128 <= msg.size(); at += 128) {
    if (msg.compare(at, wanted.size(), wanted) == 0 &&
        static_cast<unsigned char>(msg[at + 0x40]) == (name.size() + 1) * 2) {
      return at;
    }
  }
  return std::string::npos;
}

std::size_t fat_entry_offset(const std::string& msg, std::uint32_t sector) {
  const std::uint32_t fat_sector = get32(msg, 0x4C + (sector / 128) * 4);
  return 512 + static_cast<std::size_t>(fat_sector) * 512 + (sector % 128) * 4;
}

TnefWriter& TnefWriter::attribute(std::uint8_t level, std::uint32_t id, std::string_view data) {
  body_.push_back(static_cast<char>(level));
  put32(body_, id);
  put32(body_, static_cast<std::uint32_t>(data.size()));
  body_ += data;
  std::uint16_t sum = 0;
  for (unsigned char c : data) sum = static_cast<std::uint16_t>(sum + c);
  put16(body_, sum);
  return *this;
}

TnefWriter& TnefWriter::mapi(std::uint8_t level, const std::vector<MapiProperty>& properties) {
  return attribute(level, level == 1 ? kAttMapiProps : kAttAttachment, mapi_block(properties));
}

TnefWriter& TnefWriter::file_attachment(std::string_view title, std::string_view data) {
  std::string rend;
  put16(rend, 1);  // atyp: file
  put32(rend, 0xFFFFFFFF);
  put16(rend, 0);
  put16(rend, 0);
  put32(rend, 0);
  attribute(2, kAttAttachRenddata, rend);
  attribute(2, kAttAttachTitle, std::string(title) + '\0');
  return attribute(2, kAttAttachData, data);
}

std::string TnefWriter::bytes() const {
  std::string out;
  put32(out, 0x223E9F78);
  put16(out, 0x0001);
  return out + body_;
}

TnefWriter tnef_start(std::uint32_t oem_codepage) {
  TnefWriter w;
  std::string version;
  put32(version, 0x00010000);
  std::string codepage;
  put32(codepage, oem_codepage);
  put32(codepage, 0);
  w.attribute(1, kAttTnefVersion, version);
  w.attribute(1, kAttOemCodepage, codepage);
  w.attribute(1, kAttMessageClass, std::string("IPM.Microsoft Mail.Note") + '\0');
  return w;
}

std::string mapi_block(const std::vector<MapiProperty>& properties) {
  std::string out;
  put32(out, static_cast<std::uint32_t>(properties.size()));
  for (const auto& p : properties) {
    put32(out, static_cast<std::uint32_t>(p.id) << 16 | p.type);
    out += mapi_value(p);
  }
  return out;
}

std::string Notice::subject() const {
  return "【SECURITY ACTION】" + star + "：自己宣言完了のお知らせ";
}

std::string Notice::body() const {
  return company + "\r\n" + person +
         "様\r\n\r\n"
         "SECURITY ACTION 自己宣言の手続きが完了しました。\r\n"
         "利用者番号、自己宣言IDは下記のとおりです。\r\n\r\n"
         "利用者番号：" +
         user_number +
         "\r\n"
         "※利用者番号はロゴマークダウンロードや登録情報変更の際に必要なログイン時に利用する"
         "情報です。\r\n"
         "紛失・漏洩などには十分にご注意いただき、大切に保管してください。\r\n\r\n"
         "自己宣言ID：" +
         declaration_id +
         "\r\n"
         "※自己宣言IDは担当者変更などを行う際に必要となります。\r\n\r\n"
         "ご不明な点がございましたら、下記までメールにてご連絡ください。\r\n\r\n"
         "独立行政法人情報処理推進機構 (IPA)\r\n"
         "セキュリティセンター\r\n"
         "SECURITY ACTION事務局\r\n"
         "Eメール: security-action-info@ipa.go.jp\r\n";
}

std::string Notice::transport_headers() const {
  return "Received: from mail.ipa.go.jp (mail.ipa.go.jp [192.0.2.10])\r\n"
         "\tby mx.sample-shoji.example.jp (Postfix) with ESMTPS id 4TqA1B2C3D\r\n"
         "\tfor <yamada@sample-shoji.example.jp>; Wed, 01 Apr 2026 10:00:03 +0900\r\n"
         "From: " +
         encoded_words(from_name) + " <" + from_address +
         ">\r\n"
         "To: yamada@sample-shoji.example.jp\r\n"
         "Subject: " +
         encoded_words(subject()) +
         "\r\n"
         "Date: Wed, 01 Apr 2026 10:00:00 +0900\r\n"
         "Message-ID: <20260401100000.4a1b@sa.ipa.go.jp>\r\n"
         "MIME-Version: 1.0\r\n"
         "Content-Type: text/plain; charset=\"iso-2022-jp\"\r\n"
         "Content-Transfer-Encoding: 7bit\r\n\r\n";
}

std::vector<MapiProperty> notice_properties(const Notice& n, Strings strings, bool transport) {
  auto text = [strings](std::uint16_t id, const std::string& utf8) {
    return strings == Strings::Unicode ? unicode_property(id, utf8)
                                       : string8_property(id, encode_as(utf8, "CP932"));
  };
  std::vector<MapiProperty> p = {
      text(mapi::kSubject, n.subject()),
      text(mapi::kSentRepresentingName, n.from_name),
      text(mapi::kSentRepresentingAddrType, "SMTP"),
      text(mapi::kSentRepresentingEmail, n.from_address),
      text(mapi::kSenderName, n.from_name),
      text(mapi::kSenderAddrType, "SMTP"),
      text(mapi::kSenderEmail, n.from_address),
      text(mapi::kBody, n.body()),
      text(mapi::kInternetMessageId, "<20260401100000.4a1b@sa.ipa.go.jp>"),
      time_property(mapi::kClientSubmitTime, n.sent),
      time_property(mapi::kDeliveryTime, n.sent + 30'000'000),
      long_property(mapi::kInternetCodepage, 50220),
  };
  if (strings == Strings::Cp932) p.push_back(long_property(mapi::kMessageCodepage, 932));
  if (transport) p.push_back(text(mapi::kTransportHeaders, n.transport_headers()));
  return p;
}

std::string notice_msg(const Notice& notice, Strings strings, bool transport) {
  MsgMessage m;
  m.properties = notice_properties(notice, strings, transport);
  return msg_file(m);
}

namespace {

std::string tnef_of(const Notice& notice, Strings strings) {
  return tnef_start(932).mapi(1, notice_properties(notice, strings, false)).bytes();
}

}  // namespace

std::string notice_tnef(const Notice& notice) { return tnef_of(notice, Strings::Unicode); }

std::string forward_tnef_embedding(const Notice& notice) {
  const std::vector<MapiProperty> forward = {
      unicode_property(mapi::kSubject, "FW: " + notice.subject()),
      unicode_property(mapi::kSentRepresentingName, "山田 太郎"),
      unicode_property(mapi::kSentRepresentingAddrType, "SMTP"),
      unicode_property(mapi::kSentRepresentingEmail, "yamada@sample-shoji.example.jp"),
      unicode_property(mapi::kBody, "ご担当者様\r\n\r\nIPAからの通知を添付いたします。\r\n"),
      time_property(mapi::kClientSubmitTime, notice.sent + 864'000'000'000),
  };
  std::string rend;
  put16(rend, 1);
  put32(rend, 0xFFFFFFFF);
  put16(rend, 0);
  put16(rend, 0);
  put32(rend, 0);
  const std::string object = std::string(kIidIMessage, 16) + tnef_of(notice, Strings::Cp932);
  return tnef_start(932)
      .mapi(1, forward)
      .attribute(2, kAttAttachRenddata, rend)
      .mapi(2, {long_property(mapi::kAttachMethod, mapi::kAttachEmbeddedMessage),
                {mapi::kAttachData, mapi::kObject, object}})
      .bytes();
}

std::string notice_eml(const Notice& n) {
  return "From: " + encoded_words(n.from_name) + " <" + n.from_address +
         ">\r\n"
         "To: yamada@sample-shoji.example.jp\r\n"
         "Subject: " +
         encoded_words(n.subject()) +
         "\r\n"
         "Date: Wed, 01 Apr 2026 10:00:00 +0900\r\n"
         "Message-ID: <20260401100000.4a1b@sa.ipa.go.jp>\r\n"
         "MIME-Version: 1.0\r\n"
         "Content-Type: text/plain; charset=\"utf-8\"\r\n"
         "Content-Transfer-Encoding: base64\r\n\r\n" +
         base64_lines(n.body());
}

std::string applicant_message(std::string_view subject, std::string_view cover,
                              const std::vector<MimeAttachment>& attachments) {
  const std::string boundary = "_002_sa_outlook_fixture_";
  std::string out =
      "Received: from mail.sample-shoji.example.jp (mail.sample-shoji.example.jp "
      "[192.0.2.25])\r\n"
      "\tby mx.grant.example.lg.jp (Postfix) with ESMTPS id 4TqB9C8D7E\r\n"
      "\tfor <hojokin@grant.example.lg.jp>; Thu, 02 Apr 2026 09:30:05 +0900\r\n"
      "From: " +
      encoded_words("山田 太郎") +
      " <yamada@sample-shoji.example.jp>\r\n"
      "To: hojokin@grant.example.lg.jp\r\n"
      "Subject: " +
      encoded_words(subject) +
      "\r\n"
      "Date: Thu, 02 Apr 2026 09:30:00 +0900\r\n"
      "Message-ID: <outlook.20260402093000@sample-shoji.example.jp>\r\n"
      "MIME-Version: 1.0\r\n"
      "Content-Type: multipart/mixed; boundary=\"" +
      boundary + "\"\r\n\r\n--" + boundary +
      "\r\n"
      "Content-Type: text/plain; charset=\"utf-8\"\r\n"
      "Content-Transfer-Encoding: base64\r\n\r\n" +
      base64_lines(cover);
  for (const auto& a : attachments) {
    out += "\r\n--" + boundary + "\r\nContent-Type: " + a.content_type + "; name=\"" + a.filename +
           "\"\r\n"
           "Content-Transfer-Encoding: base64\r\n"
           "Content-Disposition: attachment; filename=\"" +
           a.filename + "\"\r\n\r\n" + base64_lines(a.bytes);
  }
  return out + "\r\n--" + boundary + "--\r\n";
}

std::vector<OutlookSample> outlook_samples() {
  const std::string header =
      "# Written by make-outlook-samples (tests/core/make_outlook_samples.cc); expected values\n"
      "# by hand from the engine contract, as for make_samples.py.\n";
  const std::string reasons =
      "sender-domain=ipa.go.jp sender=allowed signature=ok id-format=ok "
      "subject=declaration-complete body=declaration-complete container=unverifiable";
  std::vector<OutlookSample> out;

  Notice msg;
  msg.company = "株式会社オーテック";
  msg.person = "佐藤 花子";
  msg.user_number = "88888801234";
  msg.declaration_id = "48888801234";
  out.push_back({"attachment-msg-outlook-unicode-transport-headers-2star-consistent",
                 applicant_message(
                     "FW: " + msg.subject(),
                     "ご担当者様\r\n\r\nIPAから届いた自己宣言完了のメールを添付いたします。\r\n",
                     {{"application/vnd.ms-outlook", "SECURITY ACTION notice.msg",
                       notice_msg(msg, Strings::Unicode, true)}}),
                 header +
                     "verdict: consistent\nforward: attachment-msg\nnotice: declaration-complete\n"
                     "star: 2\ndeclaration_id: 48888801234\nuser_number: *******1234\n"
                     "company: 株式会社オーテック\n"
                     "original_from_contains: security-action-info@ipa.go.jp\n"
                     "reasons: forward=attachment-msg " +
                     reasons + "\n"});

  Notice tnef;
  tnef.company = "有限会社見本ソフト";
  tnef.person = "鈴木 一郎";
  tnef.user_number = "77777705678";
  tnef.declaration_id = "47777705678";
  tnef.star = "一つ星";
  out.push_back(
      {"attachment-tnef-winmail-embedded-cp932-1star-consistent",
       applicant_message("FW: " + tnef.subject(), "",
                         {{"application/ms-tnef", "winmail.dat", forward_tnef_embedding(tnef)}}),
       header +
           "verdict: consistent\nforward: attachment-msg\nnotice: declaration-complete\n"
           "star: 1\ndeclaration_id: 47777705678\nuser_number: *******5678\n"
           "company: 有限会社見本ソフト\n"
           "original_from_contains: security-action-info@ipa.go.jp\n"
           "reasons: forward=attachment-msg " +
           reasons + "\n"});
  return out;
}

}  // namespace sa::test
