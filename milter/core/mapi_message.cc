// mapi_message.cc - MAPI properties of one message to a MessageView (see mapi_message.h).
#include "core/mapi_message.h"

#include <re2/re2.h>

#include <algorithm>
#include <utility>

#include "core/ascii.h"
#include "core/charset.h"
#include "core/header_section.h"
#include "core/html_text.h"
#include "core/mapi_values.h"
#include "core/sender_domain.h"
#include "core/text_normalize.h"

namespace sa {
namespace {

constexpr std::size_t kMaxLabelInProblem = 40;

void add_problem(std::vector<std::string>& problems, std::string problem) {
  if (std::find(problems.begin(), problems.end(), problem) == problems.end()) {
    problems.push_back(std::move(problem));
  }
}

std::string without_trailing_nuls(std::string s) {
  while (!s.empty() && s.back() == '\0') s.pop_back();
  return s;
}

// Runs of white space as one space, trimmed: how two spellings of a subject are compared.
std::string squashed(std::string_view text) {
  std::string out;
  for (char c : normalize_for_matching(text)) {
    const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (space) {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string decoded(std::string_view bytes, std::string_view charset,
                    std::vector<std::string>* problems) {
  DecodedText d = decode_to_utf8(bytes, charset);
  if (problems && d.unknown_charset) {
    std::string clean;
    for (char c : charset.substr(0, kMaxLabelInProblem)) {
      if (c > 0x20 && c < 0x7F) clean.push_back(c);
    }
    add_problem(*problems, "charset-unknown=" + clean);
  }
  if (problems && d.lossy) add_problem(*problems, "decode-lossy");
  return std::move(d.utf8);
}

// One plain addr-spec, ASCII: what a From we compose may carry between < and >.
bool plain_address(const std::string& address) {
  static const RE2 kAddress(
      R"([A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)"
      R"((?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*)");
  return address.size() <= 254 && RE2::FullMatch(address, kAddress);
}

// A display name that cannot open or close an address: no quotes, angle brackets, controls.
std::string display_name(const std::string& name) {
  std::string out;
  for (char c : strip_controls(name, false)) {
    if (c == '<' || c == '>' || c == '"' || c == '\\') continue;
    out.push_back(c);
  }
  return squashed(out);
}

struct AddressProperties {
  std::uint16_t smtp, email, type, name;
};

// "Name <address>" from the first address group with a usable address; "" when none.
std::string from_properties(const MapiProperties& props, std::string_view charset,
                            std::vector<std::string>& problems) {
  static constexpr AddressProperties kGroups[] = {
      {mapi::kSentRepresentingSmtp, mapi::kSentRepresentingEmail, mapi::kSentRepresentingAddrType,
       mapi::kSentRepresentingName},
      {mapi::kSenderSmtp, mapi::kSenderEmail, mapi::kSenderAddrType, mapi::kSenderName}};
  for (const auto& g : kGroups) {
    std::string address = text_property(props, g.smtp, charset).value_or("");
    if (address.empty()) {
      const std::string type = text_property(props, g.type, charset).value_or("");
      if (type.empty() || ascii_iequals(type, "SMTP")) {
        address = text_property(props, g.email, charset).value_or("");
      }
    }
    address = squashed(address);
    if (address.empty()) continue;
    if (!plain_address(address)) {
      add_problem(problems, "container=bad-address");
      continue;
    }
    const std::string name = display_name(text_property(props, g.name, charset).value_or(""));
    return name.empty() ? "<" + address + ">" : name + " <" + address + ">";
  }
  return "";
}

// The transport headers' fields, decoded; a repeated From or Subject is an ambiguity.
struct TransportFields {
  std::string from, subject, date, message_id;
};

TransportFields transport_fields(const std::string& headers, std::vector<std::string>& problems) {
  TransportFields out;
  int froms = 0;
  int subjects = 0;
  for (const auto& h : raw_headers(headers)) {
    std::string* field = nullptr;
    if (ascii_iequals(h.name, "From")) {
      field = ++froms == 1 ? &out.from : nullptr;
    } else if (ascii_iequals(h.name, "Subject")) {
      field = ++subjects == 1 ? &out.subject : nullptr;
    } else if (ascii_iequals(h.name, "Date")) {
      field = out.date.empty() ? &out.date : nullptr;
    } else if (ascii_iequals(h.name, "Message-ID")) {
      field = out.message_id.empty() ? &out.message_id : nullptr;
    }
    if (field) *field = strip_controls(decode_rfc2047(h.value), false);
  }
  if (froms > 1) add_problem(problems, "ambiguous=duplicate-from");
  if (subjects > 1) add_problem(problems, "ambiguous=duplicate-subject");
  return out;
}

std::string body_text(const MapiProperties& props, std::string_view charset,
                      std::vector<std::string>& problems) {
  std::string plain = text_property(props, mapi::kBody, charset, &problems).value_or("");
  if (plain.find_first_not_of(" \t\r\n") != std::string::npos) return message_text(plain);
  if (auto html = props.binary(mapi::kHtml)) {
    const std::string html_charset =
        codepage_charset(props.long_value(mapi::kInternetCodepage).value_or(0));
    return message_text(html_to_text(decoded(*html, html_charset, &problems)));
  }
  if (auto html = text_property(props, mapi::kHtml, charset, &problems)) {
    return message_text(html_to_text(*html));
  }
  add_problem(problems, "container=no-text");
  return "";
}

void add_header(MessageView& view, const char* name, const std::string& value) {
  if (value.empty()) return;
  HeaderField f;
  f.name = name;
  f.value = strip_controls(value, false);
  f.raw_value = f.value;
  view.headers.push_back(std::move(f));
}

}  // namespace

std::string message_text(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    if (utf8[i] == '\r') {
      out.push_back('\n');
      if (i + 1 < utf8.size() && utf8[i + 1] == '\n') ++i;
    } else {
      out.push_back(utf8[i]);
    }
  }
  return strip_controls(out, true);
}

std::string string8_charset(const MapiProperties& props, std::uint32_t fallback_codepage) {
  std::uint32_t codepage = props.long_value(mapi::kMessageCodepage).value_or(0);
  if (codepage == 0) codepage = props.long_value(mapi::kInternetCodepage).value_or(0);
  if (codepage == 0) codepage = fallback_codepage;
  return codepage_charset(codepage);
}

std::optional<std::string> text_property(const MapiProperties& props, std::uint16_t id,
                                         std::string_view charset,
                                         std::vector<std::string>* problems) {
  if (auto text = props.unicode(id)) return strip_controls(without_trailing_nuls(*text), true);
  if (auto bytes = props.string8(id)) {
    return strip_controls(decoded(without_trailing_nuls(*bytes), charset, problems), true);
  }
  return std::nullopt;
}

MessageView mapi_message_view(const MapiProperties& props, Container kind,
                              std::uint32_t fallback_codepage) {
  MessageView view;
  view.container = kind;
  const std::string charset = string8_charset(props, fallback_codepage);
  const TransportFields transport = transport_fields(
      text_property(props, mapi::kTransportHeaders, charset, &view.problems).value_or(""),
      view.problems);

  std::string from = from_properties(props, charset, view.problems);
  if (from.empty()) {
    from = transport.from;
  } else if (!transport.from.empty() && address_of(transport.from) != address_of(from)) {
    add_problem(view.problems, "ambiguous=container-from");
  }
  std::string subject = text_property(props, mapi::kSubject, charset, &view.problems).value_or("");
  if (subject.empty()) {
    subject = transport.subject;
  } else if (!transport.subject.empty() && squashed(transport.subject) != squashed(subject)) {
    add_problem(view.problems, "ambiguous=container-subject");
  }
  std::optional<std::string> date;
  for (std::uint16_t id : {mapi::kClientSubmitTime, mapi::kDeliveryTime}) {
    if (auto ft = props.systime(id); ft && !date) date = filetime_to_rfc5322(*ft);
  }
  std::string message_id = text_property(props, mapi::kInternetMessageId, charset).value_or("");
  if (message_id.empty()) message_id = transport.message_id;

  add_header(view, "From", from);
  add_header(view, "Subject", subject);
  add_header(view, "Date", date.value_or(transport.date));
  add_header(view, "Message-ID", message_id);
  view.text = body_text(props, charset, view.problems);
  return view;
}

}  // namespace sa
