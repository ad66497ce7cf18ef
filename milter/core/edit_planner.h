// edit_planner.h - turn Evidence into an EditPlan: delete forged prefixed headers, add the
// verdict headers (cleaned, encoded), tag the subject if asked, and apply the first
// matching routing rule; or, for a message that could not be judged, the milter.on_error
// plan. Pure: no I/O.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"
#include "core/edit_plan.h"
#include "core/evidence.h"

namespace sa {

// Deletes for every header whose name starts with the prefix (ASCII case-insensitive),
// last occurrence first per name.
std::vector<HeaderDelete> plan_forged_header_deletes(std::string_view raw, const Config& config);

// True when scope.recipients is empty or names one of `recipients` (an address, the address
// without its subaddress, or its @domain; recipient_address.h).
bool recipients_in_scope(const std::vector<std::string>& recipients, const Config& config);

// The full plan for an in-scope message. `subject` is the message's Subject as text (RFC
// 2047 decoded; cleaned again here), used for the subject tag: the new Subject is the tag and
// it, encoded afresh.
EditPlan plan_edits(std::string_view raw, const Evidence& evidence,
                    const std::vector<std::string>& recipients, const std::string& subject,
                    const Config& config);

// The plan for a message that could not be judged (`evidence`: verdict error and the
// failure's reason), per milter.on_error: `accept` deletes forged prefixed headers and adds
// the Verdict and Reasons headers, route "on-error-accept"; `tempfail` only sets a 451
// reply, route "on-error-tempfail". No routing rule applies.
EditPlan plan_failure(std::string_view raw_headers, const Evidence& evidence, const Config& config);

}  // namespace sa
