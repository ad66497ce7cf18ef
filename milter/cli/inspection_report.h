// inspection_report.h - present an Inspection to a person or a program: one JSON object
// (the `sa-triage check --json` line) or a readable summary. The user number appears
// only as the privacy policy presents it. Presentation only: the decision and the plan are
// the core's (core/engine.h); this is the CLI's, so the daemon never links a JSON library.
#pragma once

#include <string>

#include "core/config.h"
#include "core/engine.h"

namespace sa {

// One line of JSON with keys file, verdict, notice, star, declaration_id, user_number,
// company, original_from, original_subject, original_date, forward, reasons, headers,
// in_scope and out_of_scope_claim, plus the rest of the plan under "edits". With
// `show_original`, a verified message also gets "verified_original": the base64 of the exact
// original bytes its signature covered.
std::string inspection_json(const std::string& file, const Inspection& inspection,
                            const Config& config, bool show_original = false);

// A multi-line human summary ending in a newline.
std::string inspection_text(const std::string& file, const Inspection& inspection,
                            const Config& config);

}  // namespace sa
