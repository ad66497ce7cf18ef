// header_section.cc - split the header section of a raw message into fields.
#include "core/header_section.h"

#include "core/ascii.h"

namespace sa {

void visit_raw_headers(
    std::string_view raw,
    const std::function<bool(std::string_view name, std::string_view raw_value)>& visit) {
  std::string_view name;
  std::size_t value_from = 0, value_to = 0;  // the current field's raw value
  bool in_field = false;
  const auto emit = [&] {
    return !in_field || visit(name, raw.substr(value_from, value_to - value_from));
  };
  std::size_t pos = 0;
  while (pos < raw.size()) {
    std::size_t eol = raw.find('\n', pos);
    if (eol == std::string_view::npos) eol = raw.size();
    std::string_view line = raw.substr(pos, eol - pos);
    const std::size_t line_start = pos;
    pos = eol + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) break;  // end of the header section
    if (line[0] == ' ' || line[0] == '\t') {
      if (in_field) value_to = std::min(eol, raw.size());
      continue;
    }
    if (!emit()) return;
    const std::size_t colon = line.find(':');
    in_field = colon != std::string_view::npos && colon > 0;
    if (!in_field) continue;
    name = line.substr(0, colon);
    while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
    value_from = line_start + colon + 1;
    value_to = std::min(eol, raw.size());
  }
  emit();
}

std::string unfolded_value(std::string_view raw_value) {
  std::string value;
  value.reserve(raw_value.size());
  for (std::size_t pos = 0; pos <= raw_value.size();) {
    std::size_t eol = raw_value.find('\n', pos);
    if (eol == std::string_view::npos) eol = raw_value.size();
    std::string_view line = raw_value.substr(pos, eol - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (pos == 0) {  // the first line's leading white space goes; continuations keep theirs
      while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    }
    value.append(line);
    pos = eol + 1;
  }
  return value;
}

std::optional<std::string> first_header_value(std::string_view raw, std::string_view name) {
  std::optional<std::string> found;
  visit_raw_headers(raw, [&](std::string_view n, std::string_view v) {
    if (!ascii_iequals(n, name)) return true;
    found = unfolded_value(v);
    return false;
  });
  return found;
}

std::vector<RawHeader> raw_headers(std::string_view raw) {
  std::vector<RawHeader> fields;
  visit_raw_headers(raw, [&](std::string_view name, std::string_view value) {
    fields.push_back({std::string(name), unfolded_value(value)});
    return true;
  });
  return fields;
}

}  // namespace sa
