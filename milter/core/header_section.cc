// header_section.cc - split the header section of a raw message into fields.
#include "core/header_section.h"

namespace sa {

std::vector<RawHeader> raw_headers(std::string_view raw) {
  std::vector<RawHeader> fields;
  bool in_field = false;
  std::size_t pos = 0;
  while (pos < raw.size()) {
    std::size_t eol = raw.find('\n', pos);
    if (eol == std::string_view::npos) eol = raw.size();
    std::string_view line = raw.substr(pos, eol - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos = eol + 1;
    if (line.empty()) break;  // end of the header section
    if (line[0] == ' ' || line[0] == '\t') {
      if (in_field) fields.back().value.append(line);
      continue;
    }
    const std::size_t colon = line.find(':');
    in_field = colon != std::string_view::npos && colon > 0;
    if (!in_field) continue;
    std::string_view name = line.substr(0, colon);
    while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
      value.remove_prefix(1);
    fields.push_back({std::string(name), std::string(value)});
  }
  return fields;
}

std::vector<std::string> header_names(std::string_view raw) {
  std::vector<std::string> names;
  for (auto& f : raw_headers(raw)) names.push_back(std::move(f.name));
  return names;
}

}  // namespace sa
