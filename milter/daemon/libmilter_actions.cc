// libmilter_actions.cc - thin wrappers over smfi_chgheader, smfi_addheader, smfi_addrcpt,
// smfi_delrcpt, smfi_quarantine and smfi_setreply.
#include "daemon/libmilter_actions.h"

#include <string>

namespace sa {
namespace {

// libmilter's API takes char* but does not modify the strings.
char* text(const std::string& s) { return const_cast<char*>(s.c_str()); }

// '%' in an SMTP reply text is a format character for smfi_setreply.
std::string escape_percent(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '%') out += '%';
    if (c == '\r' || c == '\n') c = ' ';
    out += c;
  }
  return out;
}

}  // namespace

bool LibmilterActions::delete_header(const std::string& name, int index) {
  return smfi_chgheader(ctx_, text(name), index, nullptr) == MI_SUCCESS;
}

bool LibmilterActions::add_header(const std::string& name, const std::string& value) {
  return smfi_addheader(ctx_, text(name), text(value)) == MI_SUCCESS;
}

bool LibmilterActions::change_header(const std::string& name, int index, const std::string& value) {
  return smfi_chgheader(ctx_, text(name), index, text(value)) == MI_SUCCESS;
}

bool LibmilterActions::add_recipient(const std::string& address) {
  std::string bracketed = address.starts_with('<') ? address : "<" + address + ">";
  return smfi_addrcpt(ctx_, text(bracketed)) == MI_SUCCESS;
}

bool LibmilterActions::delete_recipient(const std::string& address) {
  return smfi_delrcpt(ctx_, text(message_.recipient_as_given(address))) == MI_SUCCESS;
}

bool LibmilterActions::quarantine(const std::string& reason) {
  return smfi_quarantine(ctx_, text(reason)) == MI_SUCCESS;
}

bool LibmilterActions::set_reply(const SmtpReply& reply) {
  std::string message = escape_percent(reply.message);
  return smfi_setreply(ctx_, text(reply.code), reply.xcode.empty() ? nullptr : text(reply.xcode),
                       message.empty() ? nullptr : text(message)) == MI_SUCCESS;
}

}  // namespace sa
