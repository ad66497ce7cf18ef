// raw_message.cc - header/body split of raw message bytes with CRLF line ends.
#include "auth/raw_message.h"

namespace sa {

std::string RawHeaderField::unfolded_value() const {
  std::string value;
  std::size_t colon = field.find(':');
  if (colon == std::string::npos) return value;
  value.reserve(field.size() - colon);
  for (std::size_t i = colon + 1; i < field.size(); ++i) {
    char c = field[i];
    if (c == '\r' || c == '\n') continue;
    value.push_back(c);
  }
  std::size_t start = value.find_first_not_of(" \t");
  return start == std::string::npos ? std::string() : value.substr(start);
}

std::string normalize_crlf(std::string_view raw) {
  std::string out;
  out.reserve(raw.size() + raw.size() / 32);
  for (std::size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == '\r') {
      out += "\r\n";
      if (i + 1 < raw.size() && raw[i + 1] == '\n') ++i;
    } else if (c == '\n') {
      out += "\r\n";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

RawMessage split_raw_message(std::string_view raw, std::size_t max_headers) {
  RawMessage msg;
  std::string text = normalize_crlf(raw);
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t eol = text.find("\r\n", pos);
    if (eol == std::string::npos) eol = text.size();
    std::string_view line(text.data() + pos, eol - pos);
    std::size_t next = eol == text.size() ? eol : eol + 2;
    if (line.empty()) {
      msg.body = text.substr(next);
      return msg;
    }
    bool continuation = line[0] == ' ' || line[0] == '\t';
    if (continuation && !msg.headers.empty()) {
      if (!msg.truncated_headers) {
        msg.headers.back().field += "\r\n";
        msg.headers.back().field.append(line);
      }
    } else if (msg.headers.size() >= max_headers) {
      msg.truncated_headers = true;
    } else {
      RawHeaderField field;
      std::size_t colon = line.find(':');
      if (colon != std::string_view::npos) {
        std::string_view name = line.substr(0, colon);
        while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
        field.name = std::string(name);
      }
      field.field = std::string(line);
      msg.headers.push_back(std::move(field));
    }
    pos = next;
  }
  return msg;
}

}  // namespace sa
