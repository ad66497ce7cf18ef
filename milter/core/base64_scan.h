// base64_scan.h - how many of a buffer's bytes are base64 characters (A-Z a-z 0-9 + / =),
// to tell a base64 body that ends in a partial quantum (truncated) from a whole one without
// decoding it twice. Vectorised: a large attachment is mostly base64.
#pragma once

#include <cstddef>

namespace sa {

// Bytes of data[0, n) that are one of base64's 65 characters (the alphabet and '=').
std::size_t count_base64_chars(const unsigned char* data, std::size_t n);

}  // namespace sa
