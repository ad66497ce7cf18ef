// failure.cc - the reason word of a Failure.
#include "core/failure.h"

namespace sa {
namespace {

constexpr std::size_t kMaxReason = 200;

std::string_view prefix(Failure::Kind kind) {
  switch (kind) {
    case Failure::Kind::Engine:
      return "engine-error";
    case Failure::Kind::Timeout:
      return "timeout";
    case Failure::Kind::Overloaded:
      return "overloaded";
    case Failure::Kind::EditRefused:
      return "apply-failed";
    case Failure::Kind::Collect:
      return "daemon-error";
  }
  return "engine-error";
}

}  // namespace

std::string failure_reason(const Failure& failure) {
  std::string out(prefix(failure.kind));
  const bool worded =
      failure.kind == Failure::Kind::Timeout || failure.kind == Failure::Kind::Overloaded;
  if (worded || failure.detail.empty()) return out;
  out += '=';
  for (char c : failure.detail) {
    if (out.size() >= kMaxReason) break;
    const auto u = static_cast<unsigned char>(c);
    out += (u > 0x20 && u < 0x7f && c != ',' && c != ';') ? c : '_';
  }
  return out;
}

}  // namespace sa
