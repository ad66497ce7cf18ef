// grant_requirement.cc - the programme of a message and its star requirement.
#include "core/grant_requirement.h"

#include <algorithm>

#include "core/recipient_address.h"

namespace sa {

std::string_view to_string(Requirement r) {
  switch (r) {
    case Requirement::Met:
      return "met";
    case Requirement::NotMet:
      return "not-met";
    case Requirement::Unknown:
      return "unknown";
    case Requirement::None:
      break;
  }
  return "";
}

std::optional<GrantProgramme> programme_for(const std::vector<std::string>& recipients,
                                            const Config& config) {
  std::optional<GrantProgramme> best;
  for (const GrantProgramme& g : config.programmes) {
    const bool addressed = std::any_of(recipients.begin(), recipients.end(), [&](const auto& r) {
      return recipient_matches(r, {g.address}, config.subaddress_delimiter);
    });
    if (addressed && (!best || g.min_star > best->min_star)) best = g;
  }
  return best;
}

Requirement judge_requirement(const Evidence& ev, int min_star, int paired_star) {
  if (min_star <= 0 || ev.verdict == Verdict::Error) return Requirement::None;
  if (ev.verdict == Verdict::None) return Requirement::NotMet;
  const int star = ev.star > 0 ? ev.star : paired_star;
  if (star <= 0) return Requirement::Unknown;
  return star >= min_star ? Requirement::Met : Requirement::NotMet;
}

void apply_requirement(Evidence& ev, const std::vector<std::string>& recipients, int paired_star,
                       const Config& config) {
  const std::optional<GrantProgramme> g = programme_for(recipients, config);
  if (!g) return;
  ev.programme = g->programme;
  const Requirement r = judge_requirement(ev, g->min_star, paired_star);
  ev.requirement = std::string(to_string(r));
  const int star = ev.star > 0 ? ev.star : paired_star;
  if (r == Requirement::NotMet && star > 0 &&
      std::find(ev.reasons.begin(), ev.reasons.end(), "star-below-requirement") ==
          ev.reasons.end()) {
    ev.reasons.emplace_back("star-below-requirement");
  }
}

}  // namespace sa
