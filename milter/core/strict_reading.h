// strict_reading.h - a second, deliberately strict reading of an original's exact bytes
// (RFC 5322 header sections, RFC 2045/2046 MIME structure with exactly RFC 2046's delimiter
// rule), made so that the engine can refuse any original that two readers could see as two
// different messages: duplicate unique headers, bare CR, NUL, mixed line ends, boundary-like
// lines, malformed header lines, ambiguous parameters, more than one From address. It
// decodes nothing and extracts no notice fields; it only says what is ambiguous.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sa {

struct StrictReading {
  // Reasons, each once, e.g. "ambiguous=duplicate-subject", "ambiguous=bare-cr".
  std::vector<std::string> ambiguities;
  // MIME entities found by the RFC 2046 rule, counted the way GMime builds its tree (each
  // multipart, each leaf, each message/rfc822 part and the body of the message inside it).
  std::size_t entities = 0;
  // The addr-spec of the single From mailbox, lower case; empty when there is none.
  std::string from_address;
};

// `enclosing_boundaries`: boundaries of the multiparts around this original in the message
// it was cut from (a line starting with "--" and one of them inside the original is refused).
StrictReading read_strictly(std::string_view raw,
                            const std::vector<std::string>& enclosing_boundaries);

}  // namespace sa
