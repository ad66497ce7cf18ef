// ole2_bounds.h - a check of an OLE2 compound file's header and directory chain, made before
// libgsf opens it. libgsf reads the whole directory at open time, recursing once per entry
// and allocating in proportion to the chain's length, so a hostile directory (hundreds of
// thousands of entries, a cycle in its FAT chain, sectors past the end) must be refused
// first. It reads no entry and no stream; outlook_msg.cc does that through libgsf.
#pragma once

#include <cstddef>
#include <string_view>

namespace sa {

enum class Ole2Check {
  Ok,
  NotOle2,        // no OLE2 signature
  Damaged,        // header or FAT inconsistent, directory chain cyclic or past the end
  TooManyEntries  // the directory holds more than max_entries entries
};

// Checks `bytes` as an OLE2 file (MS-CFB, 512- or 4096-byte sectors) whose directory may
// hold at most `max_entries` entries.
Ole2Check check_ole2(std::string_view bytes, std::size_t max_entries);

}  // namespace sa
