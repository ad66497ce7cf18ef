// original_reading.cc - strict reading and standalone re-parse of one original.
#include "core/original_reading.h"

#include "core/relaxed_body.h"
#include "core/strict_reading.h"

namespace sa {

StrictFindings read_original_strictly(const MessageView& original) {
  StrictReading strict = read_strictly(original.raw, original.enclosing);
  StrictFindings out{std::move(strict.ambiguities), std::move(strict.from_address)};
  if (strict.entities != original.entities) {
    out.ambiguities.emplace_back("ambiguous=mime-structure");
  }
  return out;
}

std::vector<std::string> enclosing_ambiguities(const MessageView& top) {
  StrictFindings strict = read_original_strictly(top);
  std::vector<std::string> out;
  for (auto& r : strict.ambiguities) {
    if (r != "ambiguous=from-address") out.push_back(std::move(r));
  }
  if (!out.empty()) out.insert(out.begin(), "ambiguous=enclosing-message");
  return out;
}

const MessageView& standalone_view(const MessageView& original, const ParseLimits& limits,
                                   std::list<MessageView>& store) {
  if (original.standalone) return original;
  store.push_back(parse_message(original.raw, limits));
  return store.back();
}

const MessageView* relaxed_view(const MessageView& original, const ParseLimits& limits,
                                std::list<MessageView>& store) {
  std::string relaxed = relaxed_body(original.raw);
  if (relaxed == original.raw) return nullptr;
  store.push_back(parse_message(relaxed, limits));
  return &store.back();
}

}  // namespace sa
