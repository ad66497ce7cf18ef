// grant_requirement.h - each grant programme's star requirement (scope.recipients entries
// with programme and min_star): which programme a message is judged against, and whether
// the star its evidence shows meets it (X-SA-Triage-Requirement). The verdict says whether
// the evidence can be trusted; the requirement says only whether its star is enough.
// Pure: no I/O.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"
#include "core/evidence.h"

namespace sa {

enum class Requirement { None, Met, NotMet, Unknown };

// "" for None (no header), "met", "not-met", "unknown".
std::string_view to_string(Requirement r);

// The programme mail to `recipients` is judged against: of the programmes whose address one
// of the recipients matches (as scope.recipients matches), the strictest (highest min_star;
// on a tie the first in the file). None when no recipient has a programme.
std::optional<GrantProgramme> programme_for(const std::vector<std::string>& recipients,
                                            const Config& config);

// Whether `ev` meets `min_star`: None when min_star is 0 or the message could not be judged
// (verdict error); NotMet for a message without evidence (verdict none) or a star below it;
// Unknown for a notice that shows no star (an 申込受理 notice whose ① was not found, a
// suspicious original whose star was withheld); else Met. `paired_star` is the star of
// the applicant's ① (notice_pair.h) when the notice itself has none; 0 when unknown.
Requirement judge_requirement(const Evidence& ev, int min_star, int paired_star);

// Sets ev.programme and ev.requirement for mail to `recipients`, and adds the reason
// star-below-requirement when the star is known and too low.
void apply_requirement(Evidence& ev, const std::vector<std::string>& recipients, int paired_star,
                       const Config& config);

}  // namespace sa
