// tnef_bounds.h - a walk over a TNEF stream's framing ([MS-OXTNEF] 2.1.3: signature, key,
// then attributes of level, id, length, data and checksum) made before libytnef sees the
// bytes. It refuses what libytnef 2.0 would fail on - libytnef reports those failures with
// printf on stdout, where `sa-triage check --json` writes its JSON - and what would make it
// leak or walk too long: a repeated attribute, an attachment attribute before any
// attachment, more attributes, attachments or MAPI properties than our caps. It mirrors
// libytnef's own limits (e.g. a subject of at most 100 bytes) so that a stream it accepts
// is one libytnef parses without a word. It extracts nothing; tnef_container.cc does.
#pragma once

#include <cstddef>
#include <string_view>

namespace sa {

constexpr std::size_t kMaxTnefBytes = 16u * 1024u * 1024u;  // a larger TNEF is not read
constexpr std::size_t kMaxTnefAttributes = 4096;
constexpr std::size_t kMaxTnefAttachments = 64;
constexpr std::size_t kMaxTnefPropertyValues = 20000;  // in all MAPI blocks together

enum class TnefCheck {
  Ok,
  NotTnef,         // no TNEF signature
  Damaged,         // framing, checksum or a MAPI block that libytnef would refuse
  TooLarge,        // more than kMaxTnefBytes
  TooManyEntries,  // attributes, attachments or property values past the caps
};

struct TnefShape {
  TnefCheck check = TnefCheck::Ok;
  bool subject_attribute = false;  // attSubject present: libytnef's `subject` is its value
};

TnefShape check_tnef(std::string_view bytes);

}  // namespace sa
