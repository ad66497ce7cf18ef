// html_text.h - turn an HTML body into plain text for matching: drop tags, scripts and
// styles, decode entities, make line breaks of <br> and block elements.
#pragma once

#include <string>
#include <string_view>

namespace sa {

std::string html_to_text(std::string_view html);

}  // namespace sa
