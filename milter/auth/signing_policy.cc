// signing_policy.cc - the coverage rule of signing_policy.h and a small RFC 6376 tag-list
// reader. No cryptography here.
#include "auth/signing_policy.h"

#include <algorithm>

#include "core/ascii.h"

namespace sa {

std::vector<std::string> required_signed_headers(const RawMessage& msg) {
  std::vector<std::string> required = {"from", "subject"};
  for (const char* name : {"date", "content-type", "content-transfer-encoding"}) {
    bool present =
        std::any_of(msg.headers.begin(), msg.headers.end(),
                    [&](const RawHeaderField& h) { return ascii_iequals(h.name, name); });
    if (present) required.emplace_back(name);
  }
  return required;
}

std::vector<std::string> coverage_refusals(
    const std::vector<std::string>& required,
    const std::function<bool(const std::string&)>& is_signed) {
  std::vector<std::string> out;
  for (const std::string& name : required) {
    if (!is_signed(name)) out.push_back("dkim-h=" + name + "-unsigned");
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> dkim_signature_tags(std::string_view value) {
  std::vector<std::pair<std::string, std::string>> tags;
  std::size_t pos = 0;
  while (pos <= value.size()) {
    std::size_t semi = value.find(';', pos);
    std::string_view item =
        value.substr(pos, semi == std::string_view::npos ? value.npos : semi - pos);
    std::string compact;
    for (char c : item) {
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n') compact.push_back(c);
    }
    if (!compact.empty()) {
      std::size_t eq = compact.find('=');
      if (eq == std::string::npos || eq == 0) return {};
      tags.emplace_back(compact.substr(0, eq), compact.substr(eq + 1));
    }
    if (semi == std::string_view::npos) break;
    pos = semi + 1;
  }
  return tags;
}

std::vector<std::string> tag_refusals(const std::vector<std::pair<std::string, std::string>>& tags,
                                      const std::vector<std::string>& required) {
  auto tag = [&](std::string_view name) -> const std::string* {
    for (const auto& [k, v] : tags) {
      if (k == name) return &v;
    }
    return nullptr;
  };
  std::vector<std::string> signed_names;
  if (const std::string* h = tag("h")) {
    std::size_t pos = 0;
    while (pos <= h->size()) {
      std::size_t colon = h->find(':', pos);
      signed_names.push_back(
          ascii_lower(h->substr(pos, colon == std::string::npos ? h->npos : colon - pos)));
      if (colon == std::string::npos) break;
      pos = colon + 1;
    }
  }
  std::vector<std::string> out = coverage_refusals(required, [&](const std::string& name) {
    return std::find(signed_names.begin(), signed_names.end(), name) != signed_names.end();
  });
  if (tag("l")) out.push_back("dkim-l=partial");
  if (const std::string* a = tag("a"); a && ascii_iequals(*a, "rsa-sha1"))
    out.push_back("dkim-alg=rsa-sha1");
  return out;
}

}  // namespace sa
