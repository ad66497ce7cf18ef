// header_section.h - the top-level header fields of a raw message, in order, read directly
// from the bytes (not through GMime) so that the per-name indices we use for deletions are
// exactly the ones the MTA counts. Values stay raw (RFC 2047 words still encoded).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sa {

struct RawHeader {
  std::string name;
  std::string value;  // unfolded (line breaks removed), leading white space trimmed
};

// Calls visit(name, raw_value) for each field before the first empty line, in order, without
// copying anything: `name` as written (white space before the colon trimmed), `raw_value`
// from after the colon to the end of its last continuation line (line ends still in it).
// Lines that are not fields are skipped. visit returns false to stop. (A message may carry
// millions of fields: the callers that want one or two of them use this.)
void visit_raw_headers(
    std::string_view raw,
    const std::function<bool(std::string_view name, std::string_view raw_value)>& visit);

// A raw_value of visit_raw_headers as RawHeader::value has it.
std::string unfolded_value(std::string_view raw_value);

// The value of the first field named `name` (ASCII case-insensitive), unfolded; none if absent.
std::optional<std::string> first_header_value(std::string_view raw, std::string_view name);

// The fields before the first empty line; lines that are not fields are skipped.
std::vector<RawHeader> raw_headers(std::string_view raw);

}  // namespace sa
