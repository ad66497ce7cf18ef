// raw_message.h - split a message's exact bytes into header fields and body, with line
// ends normalised to CRLF (what DKIM canonicalisation and S/MIME expect). It does not
// decode anything: no RFC 2047, no transfer encodings, no MIME structure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sa {

struct RawHeaderField {
  std::string name;   // as written, e.g. "DKIM-Signature"
  std::string field;  // the whole field "Name: value" with folding CRLFs, no final CRLF
  // The value after the colon, unfolded (CRLF removed), leading whitespace trimmed.
  std::string unfolded_value() const;
};

struct RawMessage {
  std::vector<RawHeaderField> headers;  // in message order
  std::string body;                     // CRLF line ends; empty when there is no body
  bool truncated_headers = false;       // more than the header limit: the rest was dropped
};

// Bare LF and bare CR become CRLF; CRLF stays.
std::string normalize_crlf(std::string_view raw);

// Splits at the first empty line. Lines before it that are neither a field nor a
// continuation are kept as fields with an empty name (DKIM sees them as they are).
RawMessage split_raw_message(std::string_view raw, std::size_t max_headers = 10000);

}  // namespace sa
