// header_section.h - the top-level header fields of a raw message, in order, read directly
// from the bytes (not through GMime) so that the per-name indices we use for deletions are
// exactly the ones the MTA counts. Values stay raw (RFC 2047 words still encoded).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sa {

struct RawHeader {
  std::string name;
  std::string value;  // unfolded (line breaks removed), leading white space trimmed
};

// The fields before the first empty line; lines that are not fields are skipped.
std::vector<RawHeader> raw_headers(std::string_view raw);

// The names of raw_headers(raw).
std::vector<std::string> header_names(std::string_view raw);

}  // namespace sa
