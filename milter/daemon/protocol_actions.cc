// protocol_actions.cc - the modification packets (SMFIR_ADDHEADER, _CHGHEADER, _ADDRCPT,
// _DELRCPT, _QUARANTINE) and the final reply, checked as libmilter's smfi_* calls checked them.
#include "daemon/protocol_actions.h"

#include "daemon/milter_wire.h"

namespace sa {
namespace {

constexpr std::size_t kMaxReplyText = 980;  // what libmilter allowed in a reply text

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// "5.7.1": class digit, then 1-3 digits, then 1-3 digits.
bool is_enhanced_code(const std::string& s) {
  std::size_t i = 0;
  if (s.size() < 5 || !is_digit(s[0]) || s[1] != '.') return false;
  i = 2;
  for (int part = 0; part < 2; ++part) {
    std::size_t digits = 0;
    while (i < s.size() && is_digit(s[i])) ++i, ++digits;
    if (digits < 1 || digits > 3) return false;
    if (part == 0) {
      if (i >= s.size() || s[i] != '.') return false;
      ++i;
    }
  }
  return i == s.size();
}

// '%' doubled, as the MTA reads the text as a format; CR and LF become spaces.
std::string reply_text(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '%') out += '%';
    if (c == '\r' || c == '\n') c = ' ';
    out += c;
  }
  return out;
}

std::string cstrings(const std::string& a, const std::string& b) {
  std::string data = a;
  data += '\0';
  data += b;
  data += '\0';
  return data;
}

std::string cstring(const std::string& a) { return a + '\0'; }

bool bad_string(const std::string& s) { return s.empty() || s.find('\0') != std::string::npos; }

}  // namespace

bool ProtocolActions::delete_header(const std::string& name, int index) {
  return change_header(name, index, "");
}

bool ProtocolActions::add_header(const std::string& name, const std::string& value) {
  if (!allowed(wire::kActAddHeaders) || bad_string(name) || value.find('\0') != std::string::npos) {
    return false;
  }
  wire::put_packet(out_, wire::kAddHeader, cstrings(name, value));
  return true;
}

bool ProtocolActions::change_header(const std::string& name, int index, const std::string& value) {
  if (!allowed(wire::kActChangeHeaders) || bad_string(name) || index < 0 ||
      value.find('\0') != std::string::npos) {
    return false;
  }
  std::string data;
  wire::put_u32(data, static_cast<std::uint32_t>(index));
  data += cstrings(name, value);
  wire::put_packet(out_, wire::kChangeHeader, data);
  return true;
}

bool ProtocolActions::add_recipient(const std::string& address) {
  std::string bracketed = address.starts_with('<') ? address : "<" + address + ">";
  if (!allowed(wire::kActAddRecipient) || bad_string(address)) return false;
  wire::put_packet(out_, wire::kAddRecipient, cstring(bracketed));
  return true;
}

bool ProtocolActions::delete_recipient(const std::string& address) {
  if (!allowed(wire::kActDeleteRecipient) || bad_string(address)) return false;
  wire::put_packet(out_, wire::kDeleteRecipient, cstring(address));
  return true;
}

bool ProtocolActions::quarantine(const std::string& reason) {
  if (!allowed(wire::kActQuarantine) || bad_string(reason)) return false;
  wire::put_packet(out_, wire::kQuarantine, cstring(reason));
  return true;
}

bool ProtocolActions::set_reply(const SmtpReply& reply) {
  const std::string& code = reply.code;
  if (code.size() != 3 || (code[0] != '4' && code[0] != '5') || !is_digit(code[1]) ||
      !is_digit(code[2])) {
    return false;
  }
  if (!reply.xcode.empty() && !is_enhanced_code(reply.xcode)) return false;
  const std::string text = reply_text(reply.message);
  if (text.size() > kMaxReplyText || text.find('\0') != std::string::npos) return false;
  std::string line = code + " ";
  line += reply.xcode;
  if (!text.empty()) {
    if (!reply.xcode.empty()) line += ' ';
    line += text;
  }
  reply_ = std::move(line);
  return true;
}

void ProtocolActions::put_final(Disposition disposition) {
  switch (disposition) {
    case Disposition::Accept:
      wire::put_packet(out_, wire::kAccept);
      return;
    case Disposition::Reject:
    case Disposition::Tempfail: {
      const char wanted_class = disposition == Disposition::Reject ? '5' : '4';
      if (reply_ && (*reply_)[0] == wanted_class) {
        wire::put_packet(out_, wire::kReplyCode, cstring(*reply_));
      } else {
        wire::put_packet(out_,
                         disposition == Disposition::Reject ? wire::kReject : wire::kTempfail);
      }
      return;
    }
  }
}

}  // namespace sa
