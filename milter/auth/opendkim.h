// opendkim.h - includes libopendkim's C header from C++: dkim.h spells its booleans
// `_Bool`, a C99 keyword C++ lacks, so it is mapped to bool for this include only.
#pragma once

#include <sys/types.h>

#include <cstdint>

#define _Bool bool
#include <opendkim/dkim.h>
#undef _Bool
