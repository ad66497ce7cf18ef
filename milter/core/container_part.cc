// container_part.cc - recognising container and message parts, and the dispatch to the
// container readers.
#include "core/container_part.h"

#include "core/ascii.h"
#include "core/outlook_msg.h"
#include "core/tnef_container.h"

namespace sa {

Container container_kind(std::string_view filename, std::string_view mime_type) {
  if (ascii_iequals(mime_type, "message/rfc822")) return Container::None;
  if (ascii_iequals(mime_type, "application/vnd.ms-outlook") || ascii_iends_with(filename, ".msg"))
    return Container::OutlookMsg;
  if (ascii_iequals(mime_type, "application/ms-tnef") ||
      ascii_iequals(mime_type, "application/vnd.ms-tnef") ||
      ascii_iequals(filename, "winmail.dat")) {
    return Container::Tnef;
  }
  return Container::None;
}

bool holds_message(std::string_view filename, std::string_view mime_type) {
  return ascii_iends_with(filename, ".eml") || ascii_iequals(mime_type, "message/rfc822");
}

void attach_container(Container kind, std::string_view bytes, int depth, PartSearch& search,
                      MessageView& parent) {
  if (kind == Container::OutlookMsg) {
    attach_outlook_msg(bytes, depth, search, parent);
  } else if (kind == Container::Tnef) {
    attach_tnef(bytes, depth, search, parent);
  }
}

}  // namespace sa
