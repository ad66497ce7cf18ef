// printout_check.h - printouts as evidence: the PDF and image attachments the MIME walk kept
// (mime_tree.h) are read (printout/ library: PDF text, OCR when printouts.ocr is on) within
// one time budget per message, and their text is judged against the printout templates. A
// printout can be edited by whoever prints it, so a matching one is `consistent` at most
// (printout=unverifiable); one that claims to be a page (its markers match) but lacks a
// required field is `suspicious`, with a reason naming the field.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"
#include "core/notice_check.h"

namespace sa {

struct MessageView;
struct ParseLimits;

struct PrintoutEvidence {
  std::vector<Candidate> candidates;       // the pages that claim, style Printout
  std::vector<CandidateFinding> findings;  // one per candidate
  std::vector<std::string> problems;       // why an attachment could not be read
};

// The ParseLimits a message's walk needs to keep the attachments these settings read.
void printout_parse_limits(const PrintoutSettings& settings, ParseLimits& limits);

// Reads every printout kept in `top` and the messages attached to it, in document order,
// until the time budget (printouts.time_budget_ms) is spent.
PrintoutEvidence read_printouts(const MessageView& top, const Config& config);

// Judges one page's text (as read: this normalises it) against the templates; `source` is
// "pdf" or "ocr".
CandidateFinding check_printout(const std::string& text, std::string_view source,
                                const Config& config);

// The text as the templates see it: NFKC (normalize_for_matching) and no white space
// between two non-ASCII characters where it is a single space or tab, as OCR spaces them
// ("事 業 者 名" is 事業者名); wider gaps (a PDF's columns) stay.
std::string printout_text(const std::string& text);

}  // namespace sa
