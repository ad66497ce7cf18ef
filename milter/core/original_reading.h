// original_reading.h - the second look at an original that claims to be a notice, before
// any field of it may be trusted: its exact bytes read strictly (strict_reading.h) and
// compared with GMime's tree, and - for an original GMime parsed inside its parent's
// stream - a standalone parse of exactly the bytes that were cut out for DKIM (one view of
// the bytes). It decides nothing; the engine turns what it finds into a verdict.
#pragma once

#include <list>
#include <string>
#include <vector>

#include "core/mime_tree.h"

namespace sa {

struct StrictFindings {
  std::vector<std::string> ambiguities;  // "ambiguous=..." reasons; empty: unambiguous
  std::string from_address;              // the From addr-spec as the strict reader read it
};

// The strict reading of original.raw, plus "ambiguous=mime-structure" when its MIME tree
// differs from GMime's view of the original.
StrictFindings read_original_strictly(const MessageView& original);

// What makes the applicant's message around an attached original ambiguous (the strict
// reading of the whole message, its From aside): a reader that cut it differently - the
// reviewer's mail client - would show another original than the one verified.
std::vector<std::string> enclosing_ambiguities(const MessageView& top);

// The view of exactly original.raw: the original itself when GMime parsed those bytes on
// their own, else a new parse kept in `store` (alive as long as the caller uses it).
const MessageView& standalone_view(const MessageView& original, const ParseLimits& limits,
                                   std::list<MessageView>& store);

// A parse of original.raw with its body in DKIM's relaxed form (relaxed_body.h), kept in
// `store`: what a relaxed body signature proves. Null when that form is the same bytes.
const MessageView* relaxed_view(const MessageView& original, const ParseLimits& limits,
                                std::list<MessageView>& store);

}  // namespace sa
