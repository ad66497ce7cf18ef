// url.h - the parts of a request target the desk reads: the path (percent-decoded once and
// refused when it could climb out of the site: "..", "//", a backslash, NUL), the query
// string as name/value pairs, and the encoding of values into links. No routing here.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sa::web {

using QueryParams = std::vector<std::pair<std::string, std::string>>;

struct Target {
  std::string path;  // decoded
  QueryParams query;
};

// Splits and decodes a request target ("/list?verdict=suspicious"); none when the path is not
// a plain absolute path (no "." or ".." segment, no empty segment, no backslash or control
// character, even percent-encoded) or an escape is malformed.
std::optional<Target> parse_target(std::string_view target);

// application/x-www-form-urlencoded (a query string or a POST body) into pairs; '+' is a
// space. Malformed escapes are kept as written.
QueryParams parse_form(std::string_view text);

// The first value of `name`, "" when absent.
std::string param(const QueryParams& params, std::string_view name);

// `text` percent-encoded for a query value (unreserved characters stay).
std::string url_encode(std::string_view text);

}  // namespace sa::web
