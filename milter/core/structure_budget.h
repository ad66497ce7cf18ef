// structure_budget.h - what GMime would build from a message, counted from its bytes before
// GMime builds it. GMime constructs the whole tree (every part, every header field) before our
// walk can apply limits.max_parts, and a 15 MB message of three million empty parts, or 25 MB
// of eight million "X:" lines, made it allocate 4 GB and abort the process (every session with
// it). One pass over the lines: the delimiter lines of the boundaries the message declares,
// and the fields of every header block (the message's, each part's, each embedded message's).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sa {

struct StructureBudget {
  std::size_t max_parts = 1000;    // limits.max_parts; refused past 2x this (plus slack)
  std::size_t max_fields = 50000;  // header fields in all header blocks together
};

// "" when the message is within the budget, else the reason: "too-many-parts" or
// "too-many-headers". Never allocates more than the declared boundaries (bounded by the
// budget itself).
std::string structure_over_budget(std::string_view raw, const StructureBudget& budget);

}  // namespace sa
